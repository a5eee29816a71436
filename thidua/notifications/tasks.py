"""The daily digest as a background task, enqueued each morning by the schedule `thidua serve` runs (apps.py)."""

from django.utils import timezone
from django_tasks import task

from .reminders import collect_all
from .services import send_digest


@task()
def daily_digest() -> dict:
    today = timezone.localdate()
    created = collect_all(today)
    return {"created": created, **send_digest(today=today)}
