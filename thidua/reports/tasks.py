"""The nightly rebuild of the dashboard's award figures, in case a bulk write went around the model signals."""

from django_tasks import task

from . import figures


@task()
def rebuild_figures() -> int:
    return figures.rebuild()
