"""Two holiday calendars: the national one, kept by superusers, and each agency's own days off, kept by the
administrators at its top unit; working days of an agency skip both."""

import datetime

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.core.models import Holiday
from thidua.organization.models import AgencyHoliday
from thidua.organization.selectors import add_agency_working_days

D = datetime.date
DAY = {"day-date": "2026-10-15", "day-name": "Ngày truyền thống"}


def test_an_agency_administrator_keeps_its_own_days_off_and_its_working_days_skip_them(world, client):
    client.force_login(world.user("qt-goc", Role.ADMINISTRATOR, world.root))
    assert client.post("/holidays/", {"agency": world.agency.pk, **DAY}).status_code == 302
    [day] = AgencyHoliday.objects.all()
    assert day.agency == world.agency and "Ngày truyền thống" in client.get("/holidays/").content.decode()
    assert AuditEvent.objects.filter(action="holiday.add", summary__agency=world.agency.name).count() == 1
    Holiday.objects.create(date=D(2026, 10, 14), name="Quốc gia")
    tuesday = D(2026, 10, 13)  # Wed 14 is national, Thu 15 this agency's
    assert add_agency_working_days(tuesday, 1, world.agency) == D(2026, 10, 16)
    assert add_agency_working_days(tuesday, 1, world.other_agency) == D(2026, 10, 15)
    again = client.post("/holidays/", {"agency": world.agency.pk, **DAY}, HTTP_ACCEPT_LANGUAGE="vi")
    assert again.status_code == 400 and "Ngày này đã là ngày nghỉ của cơ quan." in again.content.decode()
    assert client.post("/holidays/", {"agency": world.agency.pk, "delete": day.pk}).status_code == 302
    assert not AgencyHoliday.objects.exists()


def test_a_sub_unit_administrator_edits_neither_the_national_calendar_nor_any_agency_days(world, client):
    day = AgencyHoliday.objects.create(agency=world.agency, date=D(2026, 10, 15), name="Ngày truyền thống")
    national = Holiday.objects.create(date=D(2026, 9, 2), name="Quốc khánh")
    client.force_login(world.user("qt-b", Role.ADMINISTRATOR, world.dept_b))
    assert client.post("/holidays/", {"date": "2026-09-03", "name": "Nghỉ"}).status_code == 403
    assert client.post("/holidays/", {"delete": national.pk}).status_code == 403
    assert client.post("/holidays/", {"agency": world.agency.pk, **DAY, "day-date": "2026-10-16"}).status_code == 403
    assert client.post("/holidays/", {"agency": world.agency.pk, "delete": day.pk}).status_code == 403
    assert Holiday.objects.count() == 1 and AgencyHoliday.objects.count() == 1


def test_an_agency_administrator_edits_neither_the_national_calendar_nor_another_agency_days(world, client):
    theirs = AgencyHoliday.objects.create(agency=world.other_agency, date=D(2026, 10, 20), name="Của BTC")
    client.force_login(world.user("qt-goc", Role.ADMINISTRATOR, world.root))
    assert client.post("/holidays/", {"date": "2026-09-03", "name": "Nghỉ"}).status_code == 403
    assert client.post("/holidays/", {"agency": world.other_agency.pk, **DAY}).status_code == 403
    assert client.post("/holidays/", {"agency": world.other_agency.pk, "delete": theirs.pk}).status_code == 403
    assert client.post("/holidays/", {"agency": world.agency.pk, "delete": theirs.pk}).status_code == 302
    assert client.get(f"/holidays/?agency={world.other_agency.pk}").status_code == 403
    assert "Của BTC" not in client.get("/holidays/").content.decode()
    assert not Holiday.objects.exists() and list(AgencyHoliday.objects.all()) == [theirs]
    assert client.get("/holidays/?agency=99999999999999999999999").status_code == 400
    assert client.get("/holidays/?agency=abc").status_code == 404


def test_a_superuser_keeps_the_national_calendar_and_any_agency_days(world, client):
    client.force_login(world.admin)
    assert client.post("/holidays/", {"date": "2026-09-02", "name": "Quốc khánh"}).status_code == 302
    assert client.post("/holidays/", {"agency": world.other_agency.pk, **DAY}).status_code == 302
    assert Holiday.objects.count() == 1 and AgencyHoliday.objects.get().agency == world.other_agency
