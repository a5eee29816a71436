"""The daily digest as a background task (enqueue it once a day from the scheduler of the deployment)."""

from django.utils import timezone
from django_tasks import task

from .reminders import collect_all
from .services import send_digest


@task()
def daily_digest() -> dict:
    today = timezone.localdate()
    created = collect_all(today)
    return {"created": created, **send_digest(today=today)}
