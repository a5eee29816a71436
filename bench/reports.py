"""`make bench`: dashboard and statutory reports for an agency of 100,000 people and five years of records,
against a floor of the same aggregate queries run bare in the same process, on SQLite, then on PostgreSQL when
BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/thidua_bench_reports) answers; databases are kept and reused
by later runs. Prints figures; asserts nothing."""

import datetime
import os
import random
import sys
import time
from pathlib import Path

from common import on_both_databases, peak_mb, timed

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
YEARS = 5
REQUESTS = 10
# share of people receiving each award per year: about 36,000 records a year, 180,000 over five years
SHARES = [("LDTT", 0.30), ("CSTD_CO_SO", 0.045), ("GIAY_KHEN", 0.02), ("BANG_KHEN_BO", 0.008), ("CSTD_BO", 0.002),
          ("BANG_KHEN_TTCP", 0.0008), ("HCLD_3", 0.0003), ("CSTD_TOAN_QUOC", 0.0001)]


def build(last_year: int):
    from django.contrib.auth import get_user_model

    from thidua.accounts.models import Role, RoleAssignment
    from thidua.awards.models import AwardRecord
    from thidua.nominations.models import Nomination, Round
    from thidua.organization.demo import DemoBuilder
    from thidua.organization.models import Person

    rng = random.Random(16)
    builder = DemoBuilder(seed=16, this_year=last_year)
    structure = [(f"V{d:02d}", f"Vụ {d}", [f"Phòng {d}.{k}" for k in range(1, 9)]) for d in range(1, 26)]
    agency, root, leaves = builder.agency("TINH", "Ủy ban nhân dân tỉnh (đo hiệu năng)", "TINH", structure)
    batch = []
    for i in range(PEOPLE):
        name, gender = builder.name()
        person = Person(agency=agency, code=f"P{i:06d}", full_name=name, gender=gender, category="civil_servant",
                        unit=leaves[i % len(leaves)], position=rng.choice(["Chuyên viên", "Phó Trưởng phòng",
                                                                           "Vụ trưởng", "Chuyên viên chính"]),
                        date_of_birth=datetime.date(rng.randint(1966, 2000), rng.randint(1, 12), 1))
        person.refresh_derived()
        batch.append(person)
    Person.objects.bulk_create(batch, batch_size=5000)
    people = list(Person.objects.filter(agency=agency).values_list("pk", flat=True))
    records = []
    for year in range(last_year - YEARS + 1, last_year + 1):
        for code, share in SHARES:
            for pk in rng.sample(people, int(len(people) * share)):
                records.append(AwardRecord(person_id=pk, award_code=code, year=year, decision_number=f"{year}/{code}",
                                           decision_date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                                           authority="UBND tỉnh", bonus_vnd=rng.choice([702_000, 2_340_000, None]),
                                           source="imported"))
        round_ = Round.objects.create(agency=agency, unit=root, title=f"Khen thưởng năm {year}", year=year,
                                      award_codes=["LDTT"], nomination_deadline=datetime.date(year, 11, 30))
        Nomination.objects.bulk_create([
            Nomination(round=round_, unit=root, person_id=pk, award_code="CSTD_CO_SO",
                       state=rng.choice(["draft", "submitted", "unit_reviewed", "decided", "returned"]))
            for pk in rng.sample(people, 2000)], batch_size=2000)
    AwardRecord.objects.bulk_create(records, batch_size=5000)
    # a unit leader over the whole agency: the same scope as its officers, without two-factor sign-in
    officer = get_user_model().objects.create_user("bench-leader", "o@bench", None)
    RoleAssignment.objects.create(user=officer, role=Role.UNIT_LEADER, unit=root)
    return agency, officer, len(records)


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from thidua.awards.models import AwardRecord
    from thidua.nominations.models import Nomination
    from thidua.organization.models import Agency, Person
    from thidua.reports import statutory
    from thidua.reports.excel import workbook

    last_year = datetime.date.today().year - 1
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.filter(code="TINH").first()
    built = "reused from an earlier run"
    if agency is not None and Person.objects.filter(agency=agency).count() == PEOPLE:
        officer, count = get_user_model().objects.get(username="bench-leader"), AwardRecord.objects.count()
    else:
        for suffix in ("", "-wal", "-shm"):
            (Path(os.environ["THIDUA_VAR_DIR"]) / f"thidua.sqlite3{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
        agency, officer, count = build(last_year)
        built = f"built in {time.perf_counter() - start:.0f} s"
    print(f"Reports bench, {sys.argv[1]}: {PEOPLE:,} people, {count:,} award records over {YEARS} years "
          f"({built})")
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client()
    client.force_login(officer)

    def dashboard():
        response = client.get(f"/reports/?year={last_year}")
        assert response.status_code == 200, response.status_code

    from thidua.reports import figures

    start = time.perf_counter()
    rows = figures.rebuild()
    print(f"Award figures rebuilt from the records: {rows:,} rows in {(time.perf_counter() - start) * 1000:.0f} ms "
          f"(done after bulk imports and nightly; single changes update them in place)")

    def floor():
        """The dashboard's aggregate queries run bare: the precomputed award figures of five years and nominations
        by state, with the user's scope by unit id."""
        from thidua.accounts.scope import forget_scope, units_for

        forget_scope(officer)
        allowed = units_for(officer)
        [row for row in figures.stored_groups((last_year - 4, last_year)) if row[2] in allowed]
        list(Nomination.objects.filter(unit_id__in=allowed, round__year=last_year).values_list("state")
             .annotate(n=Count("id")))

    def live():
        """The same award figures grouped from the records themselves (what the dashboard read before)."""
        figures.live_groups((last_year - 4, last_year))

    dashboard()
    page_ms, floor_ms, live_ms = timed(dashboard, REQUESTS), timed(floor, REQUESTS), timed(live, 3)
    print(f"Dashboard (median of {REQUESTS}): {page_ms:.0f} ms server time; bare aggregates {floor_ms:.0f} ms; "
          f"ratio {page_ms / floor_ms:.1f}× (target ≤ 1,000 ms); the award figures grouped live from the records "
          f"instead: {live_ms:.0f} ms ({live_ms / page_ms:.1f}× the whole page)")

    period = {"agency": agency, "start": datetime.date(last_year - YEARS + 1, 1, 1),
              "end": datetime.date(last_year, 12, 31)}
    for code in ("0602", "0603"):
        codes = statutory.F0602_CODES if code == "0602" else set(statutory.F0603_GROUPS)

        def report(code=code):
            workbook(statutory.compute(code, **period))

        def bare(codes=codes):
            rows = AwardRecord.objects.filter(decision_date__range=(period["start"], period["end"]),
                                              award_code__in=codes, person__agency=agency)
            list(rows.values_list("award_code", "person__position", "decision__round__kind").annotate(n=Count("id")))

        report_ms, bare_ms = timed(report, 3), timed(bare, 3)
        result = statutory.compute(code, **period)
        print(f"Form {code} over {YEARS} years ({len(result.records):,} records) computed and written to Excel: "
              f"{report_ms:.0f} ms; bare grouped count {bare_ms:.0f} ms; ratio {report_ms / bare_ms:.1f}× "
              f"(target ≤ 10,000 ms)")
    print(f"peak {peak_mb():.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main()
    else:
        on_both_databases(__file__, "reports", os.environ.get(
            "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench_reports"))
