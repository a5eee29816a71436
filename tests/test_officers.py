"""Form 0605's training-level and seniority rows come from what is recorded about each emulation officer on the
officers' page: permission-checked, audited, bad dates refused with nothing changed."""

import datetime

import pytest

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.reports import statutory
from thidua.reports.models import OfficerProfile

D = datetime.date
YEAR = 2025
PERIOD = f"start={YEAR}-01-01&end={YEAR}-12-31"


@pytest.fixture
def officers(world, officer):
    hoa, nam = world.person("P1", "Trần Thị Hoa"), world.person("P2", "Lê Văn Nam", unit=world.dept_b)
    hoa.gender = "female"
    hoa.save()
    officer.person = hoa
    officer.save()
    world.user("officer2", Role.EMULATION_OFFICER, world.dept_b).__class__.objects.filter(username="officer2") \
        .update(person=nam)
    return hoa, nam


def form(world):
    return statutory.compute("0605", agency=world.agency, start=D(YEAR, 1, 1), end=D(YEAR, 12, 31))


def test_recorded_training_and_seniority_fill_form_0605(world, officer, officers, client):
    hoa, nam = officers
    before = form(world)
    assert before.count("01", "total") == 2 and before.count("11", "total") == 0
    client.force_login(officer)
    page = client.get(f"/reports/officers/?{PERIOD}").content.decode()
    assert "Trần Thị Hoa" in page and "Lê Văn Nam" in page
    for person, education, since in ((hoa, "university", "2012-03-01"), (nam, "postgraduate", "2022-09-01")):
        response = client.post(f"/reports/officers/?{PERIOD}", {"person": person.pk, "education": education,
                                                               "emulation_work_since": since})
        assert response.status_code == 302
    after = form(world)
    assert {(line, after.count(line, "total")) for line in ("11", "12", "13", "14", "15")} == {
        ("11", 1), ("12", 1), ("13", 1), ("14", 0), ("15", 1)}  # 13 years and 3 years at the end of 2025
    assert after.count("15", "female") == 1
    event = AuditEvent.objects.filter(action="officer_profile.save").order_by("pk").first()
    assert event.summary == {"education": "— → university", "emulation_work_since": "— → 2012-03-01"}
    page = client.get(f"/reports/statutory/0605/?agency={world.agency.pk}&{PERIOD}").content.decode()
    assert "công chức chưa được ghi" not in page and "/reports/officers/" in page


def test_bad_dates_and_strangers_change_nothing(world, officer, officers, client):
    hoa, _nam = officers
    hoa.date_of_birth = D(1990, 1, 1)
    hoa.save()
    client.force_login(officer)
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    for since in ("1985-01-01", future):
        response = client.post(f"/reports/officers/?{PERIOD}", {"person": hoa.pk, "education": "university",
                                                               "emulation_work_since": since})
        assert response.status_code == 400
        assert "Nhập ngày sau ngày sinh và không ở tương lai." in response.content.decode()
    assert not OfficerProfile.objects.exists()
    staff = world.user("staff", Role.STAFF, world.dept_b)
    client.force_login(staff)
    assert client.get(f"/reports/officers/?{PERIOD}").status_code == 403
    assert client.post(f"/reports/officers/?{PERIOD}", {"person": hoa.pk, "education": "college"}).status_code == 403
    assert not OfficerProfile.objects.exists()
