"""`make bench`: foundation figures — people list and search pages at 100,000 people against a bare Django
view, and a 50,000-row people import against a bulk-insert floor. Prints figures; asserts nothing."""

import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path

from common import peak_mb

ROOT = Path(__file__).resolve().parent.parent
os.environ["THIDUA_VAR_DIR"] = str(ROOT / "var" / "bench-foundation")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
REQUESTS = 60

urlpatterns = []  # filled in main(): the project's URLs plus the floor view


def timings(client, url: str) -> tuple[float, float]:
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95) - 1] * 1000


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import path

    from thidua.organization.demo import DemoBuilder
    from thidua.organization.importing import commit_import, plan_import
    from thidua.organization.models import Agency, Membership, Person, Unit

    for suffix in ("", "-wal", "-shm"):
        (Path(os.environ["THIDUA_VAR_DIR"]) / f"thidua.sqlite3{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser("bench", "b@b", None)
    other = Agency.objects.create(code="IMP", name="Nhập liệu")
    unit = Unit.objects.create(agency=other, code="IMP", name="Nhập liệu", kind="agency")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Mã cán bộ", "Họ và tên", "Giới tính", "Ngày sinh", "Đối tượng", "Chức vụ", "Ngạch/Hạng", "Mã đơn vị",
                     "Ngày vào đơn vị"])
    for i in range(IMPORT_ROWS):
        writer.writerow([f"N{i:06d}", f"Nguyễn Văn {i}", "Nam", "15/03/1985", "Công chức", "Chuyên viên", "", "IMP",
                         "01/01/2020"])
    data = buffer.getvalue().encode()
    before = peak_mb()
    start = time.perf_counter()
    plan = plan_import(kind="people", agency=other, name="people.csv", data=data)
    planned = time.perf_counter() - start
    report = commit_import(actor=user, plan=plan)
    total = time.perf_counter() - start
    Person.objects.filter(agency=other).delete()
    start = time.perf_counter()
    people = [Person(agency=other, code=f"N{i:06d}", full_name=f"Nguyễn Văn {i}", gender="male",
                     category="civil_servant", unit=unit) for i in range(IMPORT_ROWS)]
    for person in people:
        person.refresh_derived()
    Person.objects.bulk_create(people, batch_size=2000)
    ids = Person.objects.filter(agency=other).values_list("pk", flat=True)
    Membership.objects.bulk_create([Membership(person_id=pk, unit=unit, start_date="2020-01-01") for pk in ids],
                                   batch_size=2000)
    floor_s = time.perf_counter() - start
    print(f"Import: {IMPORT_ROWS:,} people rows (CSV) checked in {planned:.2f} s and written in {total:.2f} s "
          f"({IMPORT_ROWS / total:,.0f} rows/s, {report['create']:,} created); bulk-insert floor {floor_s:.2f} s "
          f"(ratio {total / floor_s:.1f}×); peak {peak_mb():.0f} MB (+{peak_mb() - before:.0f} MB during the import)")

    builder = DemoBuilder()
    agency, root, leaves = builder.agency("BENCH", "Cơ quan đo", "BENCH", [("D1", "Vụ 1", ["Phòng 1", "Phòng 2"]),
                                                                          ("D2", "Vụ 2", ["Phòng 3"])])
    builder.people(agency, leaves, PEOPLE, "P")
    import thidua.urls

    def floor_view(request):
        """The same query as the people page (count and first 50 rows), with no template."""
        from django.core.paginator import Paginator

        from thidua.organization.selectors import visible_people

        page = Paginator(visible_people(request.user, query=request.GET.get("q")).order_by("sort_name", "pk"),
                         50).get_page(1)
        return HttpResponse("\n".join(f"{p.code} {p.full_name} {p.unit.name}" for p in page))

    urlpatterns[:] = [*thidua.urls.urlpatterns, path("bench-floor/", login_required(floor_view))]
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = ["*"]
    settings.THIDUA_REQUIRE_2FA = False  # the bench's superuser signs in with one factor, as in the tests
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # no collectstatic for a bench
    client = Client()
    client.force_login(user)
    for label, url in (("people list", "/people/"), ("search “nguyen van”", "/people/?q=nguyen+van")):
        floor = timings(client, url.replace("/people/", "/bench-floor/"))
        page = timings(client, url)
        print(f"Page at {PEOPLE:,} people, {label} (p50 / p95 over {REQUESTS} requests): {page[0]:.1f} / {page[1]:.1f} ms;"
              f" bare view running the same query {floor[0]:.1f} / {floor[1]:.1f} ms; ratio {page[0] / floor[0]:.2f}×")

if __name__ == "__main__":
    main()
