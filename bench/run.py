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
    from thidua.awards.codes import PERSON_AWARDS
    from thidua.rules.engine import evaluate

    cases = [{"id": str(i), "award": PERSON_AWARDS[i % 3], "year": 2025, "subject": {"type": "person", "history": {
        str(y): {"rating": ("HTXSNV", "HTTNV", "HTNV")[(i + y) % 3], "awards": ["LDTT"]} for y in range(2020, 2026)}}}
        for i in range(N)]
    start = time.perf_counter()
    read_into_columns(cases)
    floor = time.perf_counter() - start
    start = time.perf_counter()
    result = evaluate({"cases": cases})
    elapsed = time.perf_counter() - start
    ratio = elapsed / floor
    print(f"JSON path: {N} cases × 6 years in {elapsed:.2f} s ({N / elapsed:,.0f} cases/s), "
          f"{sum(r['eligible'] is True for r in result['results'])} eligible; floor (reading the same cases into "
          f"columns) {floor:.2f} s; ratio {ratio:.2f}× (target ≤ 2.5×: {'met' if ratio <= 2.5 else 'NOT MET'}); "
          f"peak {peak_mb():.0f} MB")


def read_into_columns(cases) -> None:
    """The floor of the JSON path: check every case and write its facts into the engine's columns, no rules."""
    from collections import defaultdict

    from thidua.rules.engine import Population, fill, parse_case

    parsed = [parse_case(c, i) for i, c in enumerate(cases)]
    groups = defaultdict(list)
    for case in parsed:
        groups[(case["kind"], case["year"], case["as_of"])].append(case)
    for (kind, year, as_of), members in groups.items():
        population = Population(kind=kind, year=year, as_of=as_of, count=len(members))
        for row, case in enumerate(members):
            for y, facts in case["history"].items():
                fill(population, row, y, facts)


def bridge() -> None:
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from thidua.awards.codes import PERSON_AWARDS
    from thidua.organization.models import Agency, Person, Unit, YearlyRating
    from thidua.rules.bridge import evaluate_people

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
    proposals_page(round_, floor=elapsed)
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


def proposals_page(round_, floor: float) -> None:
    """The round's proposals page for the whole agency (every person in one unit), as an officer opens it."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from thidua.accounts.models import Role, RoleAssignment

    user = get_user_model().objects.create_user("bench-officer", password="bench-Strong-2026")
    RoleAssignment.objects.create(user=user, role=Role.EMULATION_OFFICER, unit=round_.unit)
    client = Client()
    client.force_login(user)
    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
             "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    for label, params in (("first page", {}), ("eligible only, page 20", {"show": "eligible", "page": 20})):
        start = time.perf_counter()
        with override_settings(STORAGES=plain, ALLOWED_HOSTS=["localhost"], THIDUA_REQUIRE_2FA=False):
            response = client.get(f"/rounds/{round_.pk}/proposals/", {"unit": round_.unit_id, **params},
                                  HTTP_HOST="localhost", secure=True)
        elapsed = time.perf_counter() - start
        print(f"Proposals page ({label}) over {N} people: {response.status_code}, {len(response.content) / 1024:.0f} KB "
              f"in {elapsed:.2f} s; floor (the engine alone, all 3 awards with reasons) {floor:.2f} s")


def movements() -> None:
    """Rank a 14-member block cross-scored on 60 criteria and a 2,000-unit movement, against one SQL aggregate."""
    from decimal import Decimal

    from django.db import connection

    from thidua.movements.models import Criterion, CriterionGroup, Movement, Participant, Rubric, Score
    from thidua.movements.scoring import standings
    from thidua.organization.models import Agency, EmulationBlock, Unit

    agency = Agency.objects.get(code="BENCH")
    root = agency.units.get(parent=None)

    def rubric(count):
        r = Rubric.objects.create(agency=agency, name=f"Bench {count}", frozen=True)
        groups = [CriterionGroup.objects.create(rubric=r, name=f"G{i}", position=i) for i in range(4)]
        Criterion.objects.bulk_create([Criterion(rubric=r, group=groups[i % 4], code=f"C{i}", name=f"C{i}",
                                                 max_score=10, weight=1 + i % 3, position=i) for i in range(count)])
        return r, list(r.criteria.all())

    def movement(r, units, block=None):
        day = datetime.date(2025, 12, 31)
        m = Movement.objects.create(agency=agency, unit=None if block else root, block=block, title="Bench", year=2025,
                                    rubric=r, starts_on=day, ends_on=day, registration_until=day, reporting_until=day,
                                    scoring_from=day, scoring_until=day)
        Participant.objects.bulk_create([Participant(movement=m, unit=u) for u in units])
        return m

    def floor(m):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT s.unit_id, SUM(s.value * c.weight) FROM movements_score s JOIN movements_criterion c "
                           "ON c.id = s.criterion_id WHERE s.movement_id = %s GROUP BY s.unit_id ORDER BY 2 DESC", [m.pk])
            cursor.fetchall()
        return time.perf_counter() - start

    members = [Unit.objects.create(agency=agency, parent=root, code=f"BLK{i}", name=f"Thành viên {i}")
               for i in range(14)]
    r, criteria = rubric(60)
    block = movement(r, members, EmulationBlock.objects.create(code="BENCH", name="Bench", host_agency=agency))
    Score.objects.bulk_create([Score(movement=block, unit=u, criterion=c, kind="cross", scorer=s,
                                     value=Decimal((u.pk + s.pk + c.pk) % 11)) for u in members for s in members
                               if s != u for c in criteria], batch_size=5000)
    start = time.perf_counter()
    ranked = standings(block)
    elapsed = time.perf_counter() - start
    print(f"Movements: block of 14 × 60 criteria ({14 * 13 * 60:,} cross-scores) ranked in {elapsed * 1000:.0f} ms; "
          f"floor (one SQL aggregate) {floor(block) * 1000:.0f} ms; leader total {ranked[0].total}")
    units = Unit.objects.bulk_create([Unit(agency=agency, parent=root, code=f"MV{i}", name=f"Đơn vị {i}")
                                      for i in range(2000)])
    units = list(Unit.objects.filter(code__startswith="MV"))
    r, criteria = rubric(20)
    large = movement(r, units)
    Score.objects.bulk_create([Score(movement=large, unit=u, criterion=c, kind="final", value=Decimal((u.pk * c.pk) % 11))
                               for u in units for c in criteria], batch_size=5000)
    start = time.perf_counter()
    ranked = standings(large)
    elapsed = time.perf_counter() - start
    print(f"Movements: 2,000 units × 20 criteria ({2000 * 20:,} scores) ranked in {elapsed * 1000:.0f} ms; "
          f"floor {floor(large) * 1000:.0f} ms; peak {peak_mb():.0f} MB")


if __name__ == "__main__":
    json_path()
    bridge()
    nominations()
    movements()
