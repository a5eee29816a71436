"""`make bench`: a long import against web writes. A thread imports BENCH_IMPORT_ROWS people (default 50,000) while
another writes one holiday at a time (a short write transaction with its audit event, as a web request does);
prints how long each write waited, with the chunked all-or-nothing import and with the same import in one
transaction, against a floor of the same write with no import running. SQLite (a file in var/bench-imports) unless
DATABASE_URL names another database. Prints figures; asserts nothing."""

import datetime
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["THIDUA_VAR_DIR"] = str(ROOT / "var" / "bench-imports")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
HEADER = "Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Đối tượng,Chức vụ,Ngạch/Hạng,Mã đơn vị,Ngày vào đơn vị\n"


def main():
    import django

    Path(os.environ["THIDUA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    for name in ("thidua.sqlite3", "thidua.sqlite3-wal", "thidua.sqlite3-shm"):
        (Path(os.environ["THIDUA_VAR_DIR"]) / name).unlink(missing_ok=True)
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from thidua.audit.services import checkpoint_path, record
    from thidua.core.models import Holiday
    from thidua.organization import importing
    from thidua.organization.models import Agency, Membership, Person, Unit

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        checkpoint_path().unlink(missing_ok=True)  # a fresh database each run
    with transaction.atomic():
        Holiday.objects.filter(name="bench").delete()
        Membership.objects.filter(person__agency__code__startswith="BENCH").delete()
        Person.objects.filter(agency__code__startswith="BENCH").delete()
    admin = get_user_model().objects.filter(username="bench").first() or \
        get_user_model().objects.create_superuser("bench", "bench@x.vn", "pw-Strong-2026")
    day = [datetime.date(2100, 1, 1)]

    def write() -> float:
        started = time.perf_counter()
        with transaction.atomic():
            holiday = Holiday.objects.create(date=day[0], name="bench")
            record(actor=admin, action="holiday.add", obj=holiday, summary={"date": holiday.date})
        day[0] += datetime.timedelta(days=1)
        return time.perf_counter() - started

    floor = statistics.median(write() for _ in range(30))

    def run(label: str, chunked: bool) -> None:
        code = f"BENCH{int(chunked)}"
        agency = Agency.objects.get_or_create(code=code, defaults={"name": code})[0]
        if not agency.units.exists():
            root = Unit.objects.create(agency=agency, code=code, name=code, kind="agency")
            Unit.objects.create(agency=agency, parent=root, code="VTH", name="Vụ Tổng hợp")
        data = (HEADER + "".join(f"CB{i:06d},Nguyễn Văn {i},Nam,15/03/1985,Công chức,Chuyên viên,,VTH,01/01/2020\n"
                                 for i in range(ROWS))).encode()
        plan = importing.plan_import(kind="people", agency=agency, name="people.csv", data=data)
        if not chunked:
            importing.CHUNKED.discard("people")
        running, waits = threading.Event(), []

        def importer():
            running.set()
            try:
                importing.commit_import(actor=admin, plan=plan)
            finally:
                running.clear()
                connections.close_all()

        thread = threading.Thread(target=importer)
        started = time.perf_counter()
        thread.start()
        running.wait()
        while running.is_set():
            waits.append(write())
        thread.join()
        took = time.perf_counter() - started
        importing.CHUNKED.add("people")
        waits.sort()
        print(f"import {ROWS:,} people, {label}: {took:.1f} s; {len(waits)} web writes meanwhile, each waited "
              f"median {statistics.median(waits) * 1000:.0f} ms, p95 {waits[int(len(waits) * 0.95)] * 1000:.0f} ms, "
              f"max {waits[-1] * 1000:.0f} ms ({waits[-1] / floor:.0f}× the {floor * 1000:.1f} ms of a write alone)")

    print(f"database: {connection.vendor}; chunks of {django.conf.settings.THIDUA_IMPORT_CHUNK_ROWS} rows; "
          f"load average {os.getloadavg()[0]:.1f}")
    run("chunked, all-or-nothing", chunked=True)
    run("one transaction (before)", chunked=False)


if __name__ == "__main__":
    main()
