"""`thidua serve` runs a daily schedule: the digest each morning and the rebuild of the dashboard's figures each
night are enqueued once a day, after their time, whatever the restarts; the worker then runs them."""

import datetime
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from thidua.awards.models import AwardRecord
from thidua.core import schedule
from thidua.core.management.commands.serve import Supervisor
from thidua.notifications.services import notify
from thidua.reports.models import AwardFigure

DIGEST = "thidua.notifications.tasks.daily_digest"
FIGURES = "thidua.reports.tasks.rebuild_figures"
SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture(autouse=True)
def database_task_backend(settings):
    """The schedule keeps its once-a-day memory in the database backend's result rows (`make test` runs the others
    on the immediate backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_the_digest_and_the_figures_are_enqueued_once_a_day_after_their_time(db):
    today = timezone.localdate()
    assert schedule.DAILY[DIGEST] == datetime.time(6, 0) and FIGURES in schedule.DAILY
    assert schedule.enqueue_due(at(today, 1, 59)) == []
    assert schedule.enqueue_due(at(today, 2, 30)) == [FIGURES]
    assert schedule.enqueue_due(at(today, 5, 59)) == []
    assert schedule.enqueue_due(at(today, 6, 1)) == [DIGEST]
    assert schedule.enqueue_due(at(today, 18, 0)) == []  # a restart in the afternoon repeats nothing
    assert DBTaskResult.objects.filter(task_path=DIGEST).count() == 1
    assert sorted(schedule.enqueue_due(at(today + datetime.timedelta(days=1), 7))) == [DIGEST, FIGURES]


def test_the_worker_runs_what_the_schedule_enqueued(transactional_db, world, officer, mailoutbox):
    notify(user=officer, kind="pledge_due", title="Đăng ký thi đua năm 2026 đến hạn", key="pledge:1")
    hoa = world.person("P1", "Trần Thị Hoa")
    AwardRecord.objects.bulk_create([AwardRecord(person=hoa, award_code="LDTT", year=2025, decision_number="1/QĐ",
                                                 decision_date=datetime.date(2026, 1, 5), authority="Bộ")])
    assert not AwardFigure.objects.exists()  # a bulk write: no signals
    # the worker closes its connections between tasks, hence a real (transactional) database here

    schedule.enqueue_due(at(timezone.localdate(), 23))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    results = {r.task_path: r for r in DBTaskResult.objects.all()}
    assert {path: r.status for path, r in results.items()} == {DIGEST: "SUCCESSFUL", FIGURES: "SUCCESSFUL"}
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "Đăng ký thi đua năm 2026 đến hạn" in mailoutbox[0].body
    assert list(AwardFigure.objects.values_list("award_code", "count")) == [("LDTT", 1)]


def test_the_supervisor_ticks_the_schedule_and_survives_its_failures():
    lines, calls = [], []

    def tick():
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database is away")
        return ["thidua.notifications.tasks.daily_digest"]

    supervisor = Supervisor(SLEEPER, None, log=lines.append, tick=tick, tick_every=0)
    supervisor.start()
    try:
        assert supervisor.poll() is None and supervisor.poll() is None and supervisor.poll() is None
    finally:
        supervisor.stop()
    assert len(calls) == 3
    assert lines == ["scheduled task enqueued: thidua.notifications.tasks.daily_digest",
                     "schedule: RuntimeError('database is away')",
                     "scheduled task enqueued: thidua.notifications.tasks.daily_digest"]
