"""`make bench`: a draft reform run beside the law in force over 100,000 people × every individual award, on
SQLite and on PostgreSQL.

Two figures each:
- the engine: law + draft (`impact.compare`) against one evaluation of the law alone (`evaluate_people`, the
  floor, measured in the same process; target ≤ 2.5×), with the seconds of each phase;
- the page: the whole path an officer waits for (the background task: load, both runs, aggregation, the
  changed list, storage; then the report page and a later page of the changed list), target under 10 s.

Prints figures with the load average; asserts nothing. PostgreSQL runs when BENCH_PG_URL (default
postgres://postgres@127.0.0.1:5432/thidua_bench_policy) answers; databases are kept and reused by later runs.
"""

import datetime
import os
import sys
import time
from pathlib import Path

from common import on_both_databases, peak_mb

ROOT = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_PEOPLE", "100000"))
DRAFT = """
changes:
  - set: conditions.cstd_co_so_requires_initiative
    from: 2025-01-01
    value: 1
  - set: quotas.cstd_co_so_share_of_ldtt
    from: 2025-01-01
    value: 0.15
"""


def build():
    from thidua.awards.models import AwardRecord
    from thidua.organization.models import Agency, Person, Unit, YearlyRating

    agency = Agency.objects.create(code="BENCH", name="Bench")
    root = Unit.objects.create(agency=agency, code="B", name="Bench")
    units = [Unit.objects.create(agency=agency, parent=root, code=f"U{i}", name=f"Đơn vị {i}") for i in range(100)]
    people = [Person(agency=agency, code=f"P{i:06d}", full_name=f"Nguyễn Văn {i}", gender=("male", "female")[i % 2],
                     date_of_birth=datetime.date(1965 + i % 35, 1 + i % 12, 1), category="civil_servant",
                     position=("Chuyên viên", "Trưởng phòng", "Phó Vụ trưởng", "Chuyên viên chính")[i % 4],
                     unit=units[i % len(units)]) for i in range(N)]
    for p in people:
        p.refresh_derived()
    Person.objects.bulk_create(people, batch_size=5000)
    ids = list(Person.objects.filter(agency=agency).values_list("pk", flat=True))
    YearlyRating.objects.bulk_create([YearlyRating(person_id=pk, year=y, rating=("HTXSNV", "HTTNV", "HTNV")[(pk + y) % 3])
                                      for pk in ids for y in range(2020, 2026)], batch_size=10000)
    # last year's LĐTT for those rated well: the CSTĐCS quota counts them
    AwardRecord.objects.bulk_create([AwardRecord(person_id=pk, award_code="LDTT", year=2024, decision_number="1/QĐ",
                                                 decision_date=datetime.date(2025, 1, 15), authority="Bench",
                                                 source="imported")
                                     for pk in ids if (pk + 2024) % 3 != 2], batch_size=10000)
    return root, reader(root)


def reader(root):
    """A unit leader over the whole bench agency: sees its drafts and simulations, without two-factor sign-in."""
    from django.contrib.auth import get_user_model

    from thidua.accounts.models import Role, RoleAssignment

    user, _created = get_user_model().objects.get_or_create(username="bench-policy", defaults={"email": "b@bench"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.UNIT_LEADER, unit=root)
    return user


def run_one(label: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from thidua.awards.codes import PERSON_AWARDS
    from thidua.organization.models import Agency, Person, Unit
    from thidua.policy import services
    from thidua.policy.impact import compare
    from thidua.policy.models import Reform, Simulation
    from thidua.rules.bridge import evaluate_people
    from thidua.rules.reforms import build as build_system
    from thidua.rules.reforms import parse

    start = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    agency = Agency.objects.filter(code="BENCH").first()
    if agency is not None and Person.objects.filter(agency=agency).count() == N:
        root = Unit.objects.get(agency=agency, code="B")
        user, built = reader(root), "reused"
    else:
        if agency is not None:
            print(f"{label}: the database holds another bench; remove it first")
            return
        root, user = build()
        built = f"built in {time.perf_counter() - start:.0f} s"
    print(f"{label} ({built}); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    spec = parse(DRAFT)
    build_system(spec)  # built once per process and document, as a worker keeps it
    everyone = Person.objects.filter(agency=root.agency, is_active=True)
    as_of = datetime.date(2025, 12, 31)
    start = time.perf_counter()
    evaluate_people(everyone, 2025, PERSON_AWARDS, as_of=as_of)
    one = time.perf_counter() - start
    timings: dict = {}
    start = time.perf_counter()
    report = compare(people=everyone, year=2025, awards=PERSON_AWARDS, spec=spec, as_of=as_of, timings=timings)
    both = time.perf_counter() - start
    cstd = next(r for r in report["summary"] if r["award"] == "CSTD_CO_SO")
    phases = ", ".join(f"{k} {v:.2f}" for k, v in timings.items())
    print(f"  engine: law + draft over {N} people × {len(PERSON_AWARDS)} awards in {both:.2f} s; floor (one "
          f"evaluation of the law) {one:.2f} s; ratio {both / one:.2f}× (target ≤ 2.5×); phases (s): {phases}; "
          f"{report['changed_total']} answers change; CSTĐCS places {cstd['proposable_law']} → "
          f"{cstd['proposable_draft']}")

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    author = get_user_model().objects.filter(is_superuser=True).first() \
        or get_user_model().objects.create_superuser("bench-author", "a@bench", None)
    reform = Reform.objects.filter(title="Bench draft").first() or services.create_reform(
        actor=author, unit=root, title="Bench draft", purpose="Bench.", document=DRAFT)
    client = Client()
    client.force_login(user)
    client.get(f"/policy/{reform.pk}/")  # warm the URL and template caches, as a running server has them
    simulation = Simulation.objects.create(reform=reform, unit=root, year=2025, awards=list(PERSON_AWARDS),
                                           as_of=as_of, created_by=user)
    start = time.perf_counter()
    services.compute(simulation)
    task = time.perf_counter() - start
    start = time.perf_counter()
    response = client.get(f"/policy/simulations/{simulation.pk}/")
    page = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    last = (simulation.report["changed_stored"] - 1) // 50 + 1
    start = time.perf_counter()
    later = client.get(f"/policy/simulations/{simulation.pk}/?page={last}")
    later_page = time.perf_counter() - start
    assert later.status_code == 200, later.status_code
    print(f"  page: the background task (load, both runs, aggregation, changed list, storage of "
          f"{simulation.report['changed_stored']} changes) {task:.2f} s, then the report page {page * 1000:.0f} ms "
          f"and page {last} of the changed list {later_page * 1000:.0f} ms: the officer waits {task + page:.1f} s "
          f"(target under 10 s); peak {peak_mb():.0f} MB")
    Simulation.objects.filter(pk=simulation.pk).delete()


def main() -> None:
    if len(sys.argv) > 1:
        run_one(sys.argv[1])
        return
    on_both_databases(__file__, "policy", os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench_policy"),
                      labels=("Policy simulation, SQLite", "Policy simulation, PostgreSQL"))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
