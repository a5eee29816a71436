"""A long import is written in short chunks inside one all-or-nothing batch: web writes get in between the chunks,
and a failure (or a worker cut off) undoes every chunk of its batch."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from thidua.core.models import Holiday
from thidua.organization import importing
from thidua.organization.importing import commit_import, plan_import, undo_stale_batches
from thidua.organization.models import (
    ImportBatch,
    ImportBatchStatus,
    ImportJournal,
    Membership,
    Person,
    YearlyRating,
)

HEADER = "Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Đối tượng,Chức vụ,Ngạch/Hạng,Mã đơn vị,Ngày vào đơn vị\n"


def people_rows(count: int, first: int = 0, unit: str = "VTH", position: str = "Chuyên viên") -> str:
    return "".join(f"CB{i:06d},Nguyễn Văn {i},Nam,15/03/1985,Công chức,{position},,{unit},01/01/2020\n"
                   for i in range(first, first + count))


def people_file(count: int, **kwargs) -> bytes:
    return (HEADER + people_rows(count, **kwargs)).encode()


def people_plan(world, data: bytes):
    plan = plan_import(kind="people", agency=world.agency, name="people.csv", data=data)
    assert plan.ok, plan.report()
    return plan


def snapshot():
    return (sorted(Person.objects.values_list("code", "full_name", "unit_id", "position")),
            sorted(Membership.objects.values_list("pk", "person_id", "unit_id", "start_date", "end_date")),
            sorted(YearlyRating.objects.values_list("pk", "person_id", "year", "rating")))


def failing_after(monkeypatch, kind: str, calls: int):
    """The committer of `kind` writes its chunk, then fails on its `calls`-th chunk (a crash mid-import)."""
    original, seen = importing.COMMITTERS[kind], []

    def committer(plan, actor):
        original(plan, actor)
        seen.append(len(plan.creates) + len(plan.updates))
        if len(seen) == calls:
            raise RuntimeError("disk full")

    monkeypatch.setitem(importing.COMMITTERS, kind, committer)
    return seen


def test_a_failing_import_undoes_every_chunk_it_wrote(world, settings, monkeypatch):
    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 100, 0
    commit_import(actor=world.admin, plan=people_plan(world, people_file(150)))
    before = snapshot()
    # 350 new people (4 chunks), then 150 renamed and moved to another unit (2 chunks): the last chunk fails
    data = HEADER + people_rows(350, first=150) + people_rows(150, unit="VPL", position="Trưởng phòng")
    plan = people_plan(world, data.encode())
    assert plan.report()["create"] == 350 and plan.report()["update"] == 150
    seen = failing_after(monkeypatch, "people", 6)
    with pytest.raises(RuntimeError):
        commit_import(actor=world.admin, plan=plan)
    assert seen == [100, 100, 100, 50, 100, 50]  # five short transactions were committed and undone
    assert snapshot() == before
    assert not ImportJournal.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatchStatus.ROLLED_BACK


def test_ratings_changed_by_a_failing_import_get_their_values_back(world, settings, monkeypatch):
    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 2, 0
    people = [world.person(f"CB{i}") for i in range(5)]
    for person in people[:3]:
        YearlyRating.objects.create(person=person, year=2024, rating="HTNV", note="trước")
    before = snapshot()
    rows = "".join(f"CB{i},2024,HTXSNV,sau\n" for i in range(5))
    plan = plan_import(kind="ratings", agency=world.agency, name="r.csv",
                       data=("Mã cán bộ,Năm,Xếp loại,Ghi chú\n" + rows).encode())
    failing_after(monkeypatch, "ratings", 2)  # one chunk of creates, the first chunk of updates
    with pytest.raises(RuntimeError):
        commit_import(actor=world.admin, plan=plan)
    assert snapshot() == before
    assert set(YearlyRating.objects.values_list("note", flat=True)) == {"trước"}


def test_a_batch_cut_off_with_its_worker_is_undone_when_it_goes_stale(world, settings, monkeypatch):
    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 100, 0
    failing_after(monkeypatch, "people", 2)
    monkeypatch.setattr(importing, "undo_batch", lambda batch: None)  # killed: nothing ran after the failure
    with pytest.raises(RuntimeError):
        commit_import(actor=world.admin, plan=people_plan(world, people_file(300)))
    assert Person.objects.count() == 100  # the first chunk; the database rolled back the second
    monkeypatch.undo()
    assert undo_stale_batches() == 0  # still fresh: it may be another worker's import in progress
    ImportBatch.objects.update(touched_at=timezone.now() - datetime.timedelta(hours=1))
    assert undo_stale_batches() == 1
    assert Person.objects.count() == 0 and not ImportJournal.objects.exists()


def test_a_good_import_leaves_no_journal_and_one_audit_event(world, settings):
    from thidua.audit.models import AuditEvent

    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 100, 0
    commit_import(actor=world.admin, plan=people_plan(world, people_file(250)))
    assert Person.objects.count() == 250 and Membership.objects.count() == 250
    assert not ImportJournal.objects.exists() and not ImportBatch.objects.exists()
    [event] = AuditEvent.objects.filter(action="import.people")
    assert event.summary["create"] == 250 and event.summary["chunks"] == 3


@pytest.fixture
def threads_database(tmp_path):
    """Call it once the data is in: on SQLite, the test database is copied to a file that new threads' connections
    then use, in WAL and waiting on locks as in production (the in-memory test database's shared cache fails at
    once instead of waiting)."""
    settings_dict = connections.settings["default"]
    name = settings_dict["NAME"]

    def switch():
        if connection.vendor != "sqlite":
            return
        import sqlite3

        path = tmp_path / "threads.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        settings_dict["NAME"] = str(path)

    yield switch
    settings_dict["NAME"] = name


def in_thread(work):
    """Run `work` in a thread with its own database connection; return (thread, result list, error list)."""
    result, errors = [], []

    def run():
        try:
            result.append(work())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result, errors


@pytest.mark.django_db(transaction=True)
def test_web_writes_get_in_between_the_chunks_of_a_long_import(threads_database):
    from tests.conftest import World

    rows = 20_000
    world = World()
    threads_database()
    admin_id = world.admin.pk
    data = people_file(rows)
    plan_done = threading.Event()
    import_running = threading.Event()
    waits = []

    def long_import():
        plan = people_plan(world, data)
        plan_done.set()
        import_running.set()
        try:
            return commit_import(actor=world.admin, plan=plan)
        finally:
            import_running.clear()

    def web_writes():
        client = Client()
        client.force_login(type(world.admin).objects.get(pk=admin_id))
        plan_done.wait(120)
        day = datetime.date(2030, 1, 1)
        while import_running.is_set():
            started = time.monotonic()
            response = client.post("/holidays/", {"date": day.isoformat(), "name": "Nghỉ bù"})
            waits.append(time.monotonic() - started)
            assert response.status_code == 302
            day += datetime.timedelta(days=1)
        return len(waits)

    importer, report, import_errors = in_thread(long_import)
    writer, _written, write_errors = in_thread(web_writes)
    importer.join(300)
    writer.join(60)
    assert not import_errors and not write_errors, (import_errors, write_errors)
    assert report[0]["create"] == rows
    assert len(waits) >= 10  # the writer kept writing while the import ran
    assert max(waits) < 5  # a generous bound; `make bench` prints the figures

    def counts():
        return Person.objects.count(), Holiday.objects.filter(name="Nghỉ bù").count()

    thread, result, errors = in_thread(counts)
    thread.join()
    assert not errors and result[0] == (rows, len(waits))


def test_a_failed_import_job_tells_its_user_that_nothing_was_changed(world, settings, monkeypatch):
    from django.core.files.base import ContentFile

    from thidua.organization.models import ImportJob, ImportStatus
    from thidua.organization.tasks import commit_import_job

    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 100, 0
    job = ImportJob.objects.create(kind="people", agency=world.agency, original_name="p.csv", created_by=world.admin,
                                   status=ImportStatus.CHECKED, file=ContentFile(people_file(300), name="p.csv"))
    failing_after(monkeypatch, "people", 2)
    commit_import_job.call(job.pk, "vi")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and Person.objects.count() == 0
    assert job.report["file_error"] == ("Nhập dữ liệu không thành công và đã được hoàn tác: không dữ liệu nào bị thay "
                                        "đổi. Hãy thử lại hoặc báo quản trị viên.")
