"""`make bench`: the audit chain — appending events one transaction each (keyed MAC, locked head, checkpoint after
commit) against a floor of plain single-row inserts, and `audit verify` over the log against reading it. Prints
figures; asserts nothing."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["THIDUA_VAR_DIR"] = str(ROOT / "var" / "bench-audit")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", "5000"))


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from thidua.audit.models import AuditEvent
    from thidua.audit.services import checkpoint_path, record, verify_chain

    var = Path(os.environ["THIDUA_VAR_DIR"])
    for name in ("thidua.sqlite3", "thidua.sqlite3-wal", "thidua.sqlite3-shm"):
        (var / name).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    checkpoint_path().unlink(missing_ok=True)

    start = time.perf_counter()
    for i in range(EVENTS):
        with transaction.atomic():
            record(actor="bench", action="round.open", object_type="nominations.round", object_id=i,
                   summary={"n": i, "title": "Xét thi đua, khen thưởng năm 2026"})
    chained = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(EVENTS):
        with transaction.atomic():
            AuditEvent.objects.bulk_create([AuditEvent(seq=EVENTS + 1 + i, created_at=django.utils.timezone.now(),
                                                       actor_name="bench", action="floor", object_type="x",
                                                       object_id=str(i), summary={"n": i}, prev_hash="",
                                                       hash=f"floor-{i}")])
    floor = time.perf_counter() - start
    AuditEvent.objects.filter(action="floor")._raw_delete(AuditEvent.objects.db)

    start = time.perf_counter()
    result = verify_chain()
    verified = time.perf_counter() - start
    start = time.perf_counter()
    sum(1 for _ in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000))
    read = time.perf_counter() - start

    print(f"audit append: {EVENTS} events in {chained:.2f} s ({EVENTS / chained:,.0f}/s) "
          f"vs plain inserts {floor:.2f} s ({chained / floor:.1f}× the floor)")
    print(f"audit verify: {result.checked} events ok={result.ok} in {verified:.2f} s "
          f"vs reading them {read:.2f} s ({verified / read:.1f}× the floor)")


if __name__ == "__main__":
    main()
