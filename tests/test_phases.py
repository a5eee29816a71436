"""The phases page of a multi-year movement: its managers add, change and remove phases (inside the movement's
period, no overlap between phases of the same kind), every change audited; others read it and change nothing."""

import datetime
import re

import pytest

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent as Event
from thidua.movements import services
from thidua.movements.models import MovementPhase

D = datetime.date


@pytest.fixture
def programme(world, officer):
    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí giai đoạn")
    services.add_criterion(actor=officer, rubric=rubric, group="Nhiệm vụ", code="A1", name="Hoàn thành", max_score=10)
    start, end = D(2025, 1, 1), D(2030, 12, 31)
    movement = services.launch(actor=officer, title="Phong trào giai đoạn 2025–2030", year=2025, rubric=rubric,
                               unit=world.root, participants=[world.dept_a, world.dept_b], starts_on=start, ends_on=end,
                               registration_until=start, reporting_until=end, scoring_from=end, scoring_until=end,
                               decision_number="12/QĐ-VPQH", decision_date=start)
    services.add_phase(actor=officer, movement=movement, name="Năm 2025", kind="yearly", starts_on=D(2025, 1, 1),
                       ends_on=D(2025, 12, 31))
    return movement


def post(client, movement, **data):
    return client.post(f"/movements/{movement.pk}/phases/", data)


def phases(movement):
    return list(movement.phases.values_list("name", "kind", "starts_on", "ends_on"))


def test_a_manager_adds_changes_and_removes_phases_each_audited(world, officer, programme, client):
    client.force_login(officer)
    page = client.get(f"/movements/{programme.pk}/").content.decode()
    assert f'href="/movements/{programme.pk}/phases/"' in page
    response = post(client, programme, action="add", name="Năm 2026", kind="yearly", starts_on="2026-01-01",
                    ends_on="2026-12-31")
    assert response.status_code == 302
    response = post(client, programme, action="add", name="Sơ kết giữa kỳ", kind="mid_term", starts_on="2025-01-01",
                    ends_on="2027-12-31")  # spans yearly phases: another kind
    assert response.status_code == 302
    mid = MovementPhase.objects.get(name="Sơ kết giữa kỳ")
    response = post(client, programme, action="edit", phase=mid.pk, name="Sơ kết giữa kỳ 2025–2027", kind="mid_term",
                    starts_on="2025-01-01", ends_on="2027-06-30")
    assert response.status_code == 302
    year = MovementPhase.objects.get(name="Năm 2025")
    assert post(client, programme, action="remove", phase=year.pk).status_code == 302
    assert phases(programme) == [("Sơ kết giữa kỳ 2025–2027", "mid_term", D(2025, 1, 1), D(2027, 6, 30)),
                                 ("Năm 2026", "yearly", D(2026, 1, 1), D(2026, 12, 31))]
    actions = list(Event.objects.filter(action__startswith="movement.phase").values_list("action", flat=True)
                   .order_by("pk"))
    assert actions == ["movement.phase", "movement.phase", "movement.phase", "movement.phase_update",
                       "movement.phase_remove"]
    change = Event.objects.get(action="movement.phase_update")
    assert change.summary == {"name": "Sơ kết giữa kỳ → Sơ kết giữa kỳ 2025–2027", "to": "2027-12-31 → 2027-06-30"}
    page = client.get(f"/movements/{programme.pk}/phases/").content.decode()
    assert "30/06/2027" in page


@pytest.mark.parametrize("data,message", [
    ({"starts_on": "2030-06-01", "ends_on": "2031-05-31"}, "from 01/01/2025 to 31/12/2030"),
    ({"starts_on": "2024-12-01", "ends_on": "2025-03-31"}, "from 01/01/2025 to 31/12/2030"),
    ({"starts_on": "2025-07-01", "ends_on": "2026-06-30"}, "overlaps “Năm 2025” (01/01/2025 – 31/12/2025)"),
    ({"starts_on": "2026-12-31", "ends_on": "2026-01-01"}, "ends on or after the day it starts"),
    ({"starts_on": "2026-01-01", "ends_on": ""}, "This field is required"),
])
def test_bad_phases_are_refused_with_a_clear_error_and_nothing_changes(world, officer, programme, client, data,
                                                                       message):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    before, events = phases(programme), Event.objects.count()
    response = post(client, programme, action="add", name="Năm 2026", kind="yearly", HTTP_ACCEPT_LANGUAGE="en", **data)
    assert response.status_code == 400
    text = re.sub(r"\s+", " ", response.content.decode().replace("&#x27;", "'").replace("&quot;", '"'))
    assert message in text
    assert phases(programme) == before and Event.objects.count() == events


def test_a_change_that_would_overlap_is_refused(world, officer, programme, client):
    services.add_phase(actor=officer, movement=programme, name="Năm 2026", kind="yearly", starts_on=D(2026, 1, 1),
                       ends_on=D(2026, 12, 31))
    client.force_login(officer)
    phase = MovementPhase.objects.get(name="Năm 2026")
    response = post(client, programme, action="edit", phase=phase.pk, name="Năm 2026", kind="yearly",
                    starts_on="2025-12-01", ends_on="2026-12-31")
    assert response.status_code == 400
    assert MovementPhase.objects.get(pk=phase.pk).starts_on == D(2026, 1, 1)


def test_others_read_the_phases_but_change_nothing(world, programme, client):
    staff = world.user("staff", Role.STAFF)
    client.force_login(staff)
    page = client.get(f"/movements/{programme.pk}/phases/")
    assert page.status_code == 200 and "Năm 2025" in page.content.decode()
    assert 'name="action"' not in page.content.decode()
    phase = programme.phases.get()
    assert post(client, programme, action="remove", phase=phase.pk).status_code == 403
    assert post(client, programme, action="add", name="x", kind="yearly", starts_on="2026-01-01",
                ends_on="2026-12-31").status_code == 403
    assert phases(programme) == [("Năm 2025", "yearly", D(2025, 1, 1), D(2025, 12, 31))]
    outsider = world.user("outsider", Role.UNIT_LEADER, world.other_root)
    client.force_login(outsider)
    assert client.get(f"/movements/{programme.pk}/phases/").status_code == 404
