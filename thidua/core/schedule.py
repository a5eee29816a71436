"""Daily background tasks: apps register a task and a local time of day; `thidua serve` asks `enqueue_due` every
minute and enqueues each task once a day, after its time. The task's own result row (django-tasks' database
backend) records that today's run was enqueued, so restarts and a second server do not repeat it."""

import datetime

from django.utils import timezone
from django.utils.module_loading import import_string

DAILY: dict[str, datetime.time] = {}  # task import path → local time of day


def daily(task_path: str, at: datetime.time) -> None:
    DAILY[task_path] = at


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every registered task whose time has come today and that was not enqueued since midnight."""
    from django_tasks_db.models import DBTaskResult

    local = timezone.localtime(now or timezone.now())
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    enqueued = []
    for path, at in sorted(DAILY.items()):
        if local.time() < at or DBTaskResult.objects.filter(task_path=path, enqueued_at__gte=midnight).exists():
            continue
        import_string(path).enqueue()
        enqueued.append(path)
    return enqueued
