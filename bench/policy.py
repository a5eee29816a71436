"""`make bench`: a draft reform run beside the law in force over 100,000 people × every individual award,
against one evaluation of the law alone (target: at most 2.5×), and the report page built from it.

Prints figures; asserts nothing. Uses a throw-away SQLite database under var/bench-policy/.
"""

import datetime
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("THIDUA_VAR_DIR", str(ROOT / "var" / "bench-policy"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

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


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from thidua.awards.codes import PERSON_AWARDS
    from thidua.organization.models import Agency, Person, Unit, YearlyRating
    from thidua.policy.documents import changed_rows, present
    from thidua.policy.impact import compare
    from thidua.rules.bridge import evaluate_people
    from thidua.rules.reforms import build, parse

    db = Path(os.environ["THIDUA_VAR_DIR"]) / "thidua.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    call_command("migrate", verbosity=0)
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
    ids = list(Person.objects.values_list("pk", flat=True))
    YearlyRating.objects.bulk_create([YearlyRating(person_id=pk, year=y, rating=("HTXSNV", "HTTNV", "HTNV")[(pk + y) % 3])
                                      for pk in ids for y in range(2020, 2026)], batch_size=10000)
    spec = parse(DRAFT)
    build(spec)  # built once per process and document, as a worker keeps it
    everyone = Person.objects.filter(is_active=True)
    as_of = datetime.date(2025, 12, 31)
    start = time.perf_counter()
    evaluate_people(everyone, 2025, PERSON_AWARDS, as_of=as_of)
    one = time.perf_counter() - start
    start = time.perf_counter()
    report = compare(people=everyone, year=2025, awards=PERSON_AWARDS, spec=spec, as_of=as_of)
    both = time.perf_counter() - start
    cstd = next(r for r in report["summary"] if r["award"] == "CSTD_CO_SO")
    print(f"Policy simulation: law + draft over {N} people × {len(PERSON_AWARDS)} awards in {both:.2f} s; one "
          f"evaluation of the law {one:.2f} s; ratio {both / one:.2f}× (target ≤ 2.5×); {report['changed_total']} "
          f"answers change; CSTĐCS places {cstd['proposable_law']} → {cstd['proposable_draft']}; "
          f"peak {peak_mb():.0f} MB")
    start = time.perf_counter()
    present(report)
    changed_rows(report["changed"][:50])
    page = time.perf_counter() - start
    print(f"Policy report page: summary, {len(report['by_unit'])} units, categories and a page of the "
          f"{report['changed_total']} changed answers prepared in {page * 1000:.0f} ms")


if __name__ == "__main__":
    main()
