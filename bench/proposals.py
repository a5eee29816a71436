"""`make bench`: the round's proposals page at 100,000 people, on SQLite and on PostgreSQL.

The engine evaluates the round over everyone once, in the background task (timed here); the page reads the
stored answers. Each page is timed against a floor measured in the same process: the bare queries of the same
rows (the count and the 50 people of the page, in name order, from the people table). Prints figures; asserts
nothing. PostgreSQL runs when BENCH_PROPOSALS_PG_URL (default postgres://postgres@127.0.0.1:5432/thidua_bench_proposals)
answers; the databases are kept and reused by later runs.
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path

from common import on_both_databases, timed

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
REQUESTS = 5
AWARDS = ["LDTT", "CSTD_CO_SO", "TT_LDXS"]
RATINGS = ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"]


def build(year: int):
    from django.contrib.auth import get_user_model

    from thidua.accounts.models import Role, RoleAssignment
    from thidua.organization.demo import DemoBuilder
    from thidua.organization.models import Membership, Person, YearlyRating

    rng = random.Random(11)
    builder = DemoBuilder(seed=11, this_year=year)
    structure = [(f"V{d:02d}", f"Vụ {d}", [f"Phòng {d}.{k}" for k in range(1, 9)]) for d in range(1, 26)]
    agency, root, leaves = builder.agency("DXKT", "Bộ đo hiệu năng đề nghị", "DXKT", structure)
    batch = []
    for i in range(PEOPLE):
        name, gender = builder.name()
        person = Person(agency=agency, code=f"P{i:06d}", full_name=name, gender=gender, category="civil_servant",
                        unit=leaves[i % len(leaves)])
        person.refresh_derived()
        batch.append(person)
    Person.objects.bulk_create(batch, batch_size=5000)
    people = list(Person.objects.filter(agency=agency).values_list("pk", "unit_id"))
    Membership.objects.bulk_create([Membership(person_id=pk, unit_id=unit, start_date=datetime.date(2015, 1, 1))
                                    for pk, unit in people], batch_size=5000)
    for y in range(year - 2, year + 1):
        YearlyRating.objects.bulk_create([YearlyRating(person_id=pk, year=y, rating=rng.choice(RATINGS))
                                          for pk, _unit in people], batch_size=5000)
    leader = get_user_model().objects.create_user("bench-proposals", "p@bench", None)
    RoleAssignment.objects.create(user=leader, role=Role.UNIT_LEADER, unit=root)
    return root, leaves


def run_one(label: str) -> None:
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from thidua.core.text import fold
    from thidua.nominations import proposals
    from thidua.nominations.models import Proposal, ProposalRun, Round
    from thidua.organization.models import Person, Unit

    year = datetime.date.today().year - 1
    call_command("migrate", verbosity=0)
    root = Unit.objects.filter(code="DXKT", parent=None).first()
    started = time.perf_counter()
    if root is None or Person.objects.filter(agency=root.agency).count() != PEOPLE:
        if root is not None:
            sys.exit(f"{label}: the bench database holds another population; remove it first")
        root, _leaves = build(year)
        built = f"built in {time.perf_counter() - started:.0f} s"
    else:
        built = "reused"
    leaf = Unit.objects.filter(agency=root.agency, parent__parent=root).order_by("pk").first()
    round_ = Round.objects.filter(unit=root).first() or Round.objects.create(
        agency=root.agency, unit=root, title="Đo hiệu năng", year=year, award_codes=AWARDS,
        nomination_deadline=datetime.date(year + 1, 1, 15))
    start = time.perf_counter()
    run = proposals.compute(round_.pk)
    compute_s = time.perf_counter() - start
    rows = Proposal.objects.filter(round=round_, generation=run.generation).count()
    print(f"{label}: {PEOPLE:,} people ({built}); background computation of {len(AWARDS)} awards "
          f"{compute_s:.1f} s, {rows:,} stored rows; run {ProposalRun.objects.get(round=round_).status}")

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-proposals"))
    base = f"/rounds/{round_.pk}/proposals/"
    someone = Person.objects.filter(unit=leaf).order_by("pk").first()
    word = someone.full_name.split()[-1]
    subtree = list(Unit.objects.descendants(root, include_self=True).values_list("pk", flat=True))
    cases = [
        ("whole agency, summary + first page", {"unit": root.pk}, subtree, 0, None),
        ("whole agency, not eligible, page 100", {"unit": root.pk, "award": "LDTT", "show": "not_eligible",
                                                 "page": 100}, subtree, 99 * 50, None),
        (f"one division, search “{word}”", {"unit": leaf.pk, "award": "CSTD_CO_SO", "q": word}, [leaf.pk], 0, word),
    ]
    for name, params, units, offset, search in cases:
        def page(params=params):
            response = client.get(base, params)
            assert response.status_code == 200 and b'name="award_code"' in response.content, response.status_code
            return response

        def floor(units=units, offset=offset, search=search):
            people = Person.objects.filter(unit_id__in=units, is_active=True)
            if search:
                people = people.filter(search_text__contains=fold(search))
            people.count()
            list(people.order_by("sort_name", "pk").values_list("pk", "full_name", "code")[offset:offset + 50])

        size = len(page().content)
        page_ms, floor_ms = timed(page, REQUESTS), timed(floor, REQUESTS)
        print(f"  {name}: {page_ms:.0f} ms server time, {size / 1024:.0f} KB; floor (bare query of the same rows) "
              f"{floor_ms:.0f} ms; ratio {page_ms / floor_ms:.1f}×; target ≤ 1,000 ms: "
              f"{'met' if page_ms <= 1000 else 'NOT MET'}")
    api = f"/api/rounds/{round_.pk}/proposals"
    stored = Proposal.objects.filter(round=round_, generation=run.generation).order_by("-eligible", "sort_key",
                                                                                     "person_id")
    for name, params, rows, offset, limit in [
            ("API, whole agency, first 100", {}, stored.filter(award_code="LDTT"), 0, 100),
            ("API, whole agency, LDTT not eligible, 500 from 10,000",
             {"award": "LDTT", "eligible": "false", "page": 21, "page_size": 500},
             stored.filter(award_code="LDTT", eligible=False), 10_000, 500),
            (f"API, one division, search “{word}”", {"unit": leaf.pk, "q": word},
             stored.filter(home_unit_id=leaf.pk, person__search_text__contains=fold(word)), 0, 100)]:
        def call(params=params):
            response = client.get(api, params)
            assert response.status_code == 200 and response["X-Proposals-Status"] == "done", response.status_code
            return response

        def floor(rows=rows, offset=offset, limit=limit):  # the bare query of the same stored rows and their count
            rows.count()
            list(rows.values_list("person_id", "eligible", "reasons")[offset:offset + limit])

        size = len(call().content)
        call_ms, floor_ms = timed(call, REQUESTS), timed(floor, REQUESTS)
        print(f"  {name}: {call_ms:.0f} ms server time, {size / 1024:.0f} KB; floor (bare query of the same stored "
              f"rows) {floor_ms:.0f} ms; ratio {call_ms / floor_ms:.1f}×; target ≤ 1,000 ms: "
              f"{'met' if call_ms <= 1000 else 'NOT MET'}")
    from thidua.nominations import services

    start = time.perf_counter()
    people, units = proposals.population(round_)
    services.evaluate_round(round_, people, units)
    print(f"  for comparison, the engine over everyone during the request (before): "
          f"{time.perf_counter() - start:.1f} s")


def main() -> None:
    if len(sys.argv) > 1:
        run_one(sys.argv[1])
        return
    on_both_databases(__file__, "proposals", os.environ.get(
        "BENCH_PROPOSALS_PG_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench_proposals"))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
