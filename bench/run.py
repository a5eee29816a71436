"""`make bench`: eligibility engine figures (JSON path and database bridge against a NumPy floor).

Prints figures; asserts nothing. Uses a throw-away SQLite database under var/bench/.
"""

import datetime
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("THIDUA_VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

N = int(os.environ.get("BENCH_PEOPLE", "100000"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def json_path() -> None:
    from thidua.rules.codes import PERSON_AWARDS
    from thidua.rules.engine import evaluate

    cases = [{"id": str(i), "award": PERSON_AWARDS[i % 3], "year": 2025, "subject": {"type": "person", "history": {
        str(y): {"rating": ("HTXSNV", "HTTNV", "HTNV")[(i + y) % 3], "awards": ["LDTT"]} for y in range(2020, 2026)}}}
        for i in range(N)]
    start = time.perf_counter()
    result = evaluate({"cases": cases})
    elapsed = time.perf_counter() - start
    print(f"JSON path: {N} cases × 6 years in {elapsed:.2f} s ({N / elapsed:,.0f} cases/s), "
          f"{sum(r['eligible'] for r in result['results'])} eligible; peak {peak_mb():.0f} MB")


def bridge() -> None:
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from thidua.organization.models import Agency, Person, Unit, YearlyRating
    from thidua.rules.bridge import evaluate_people
    from thidua.rules.codes import PERSON_AWARDS

    db = Path(os.environ["THIDUA_VAR_DIR"]) / "thidua.sqlite3"
    if db.exists():
        db.unlink()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="BENCH", name="Bench")
    unit = Unit.objects.create(agency=agency, code="B", name="Bench unit")
    people = [Person(agency=agency, code=f"P{i:06d}", full_name=f"Nguyễn Văn {i}", gender="male",
                     category="civil_servant", unit=unit) for i in range(N)]
    for p in people:
        p.refresh_derived()
    Person.objects.bulk_create(people, batch_size=5000)
    ids = list(Person.objects.values_list("pk", flat=True))
    YearlyRating.objects.bulk_create([YearlyRating(person_id=pk, year=y, rating=("HTXSNV", "HTTNV", "HTNV")[(pk + y) % 3])
                                      for pk in ids for y in range(2020, 2026)], batch_size=10000)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM organization_person")
        np.array(cursor.fetchall())
        cursor.execute("SELECT person_id, year, rating FROM organization_yearlyrating WHERE year >= 2004")
        np.array(cursor.fetchall())
    floor = time.perf_counter() - start
    start = time.perf_counter()
    result = evaluate_people(Person.objects.all(), 2025, PERSON_AWARDS, as_of=datetime.date(2026, 1, 15))
    elapsed = time.perf_counter() - start
    pairs = N * len(PERSON_AWARDS)
    print(f"Bridge: {N} people × {len(PERSON_AWARDS)} awards (6 years in the database) in {elapsed:.2f} s "
          f"({pairs / elapsed:,.0f} people×awards/s); floor (one query per table into NumPy) {floor:.2f} s; "
          f"ratio {elapsed / floor:.1f}×; LĐTT eligible {int(result['LDTT']['eligible'].sum())}; peak {peak_mb():.0f} MB")


def nominations() -> None:
    """Propose candidates for a round over the bridge's population, then print 1,000 certificates."""
    from django.utils import timezone

    from thidua.awards.models import AwardRecord
    from thidua.nominations.documents import certificates_pdf
    from thidua.nominations.models import Certificate, Round
    from thidua.nominations.services import propose
    from thidua.organization.models import Agency, Person

    agency = Agency.objects.get(code="BENCH")
    round_ = Round.objects.create(agency=agency, unit=agency.units.get(parent=None), title="Bench", year=2025,
                                  award_codes=["LDTT", "CSTD_CO_SO", "BANG_KHEN_BO"],
                                  nomination_deadline=datetime.date(2026, 1, 15))
    start = time.perf_counter()
    proposals = propose(round_, Person.objects.all())
    elapsed = time.perf_counter() - start
    eligible = sum(ok for _pid, ok, _r in proposals["LDTT"])
    print(f"Proposals: round of 3 awards over {N} people in {elapsed:.2f} s; {eligible} proposed for LĐTT; "
          f"peak {peak_mb():.0f} MB")
    people = list(Person.objects.order_by("pk")[:1000])
    records = AwardRecord.objects.bulk_create([
        AwardRecord(person=p, award_code="LDTT", year=2025, decision_number="1/QĐ-BENCH", decision_date=timezone.localdate(),
                    authority="Bench", unit_name_then="Bench unit") for p in people])
    if records[0].pk is None:
        records = list(AwardRecord.objects.filter(decision_number="1/QĐ-BENCH").order_by("pk"))
    Certificate.objects.bulk_create([Certificate(record=r) for r in records])
    certificates = Certificate.objects.select_related("record__person", "record__unit", "record__decision")
    start = time.perf_counter()
    pdf = certificates_pdf(certificates, "http://thidua.local/")
    elapsed = time.perf_counter() - start
    print(f"Certificates: {len(records)} in one PDF ({len(pdf) / 1048576:.1f} MB) in {elapsed:.2f} s "
          f"({len(records) / elapsed:,.0f}/s); peak {peak_mb():.0f} MB")


if __name__ == "__main__":
    json_path()
    bridge()
    nominations()
