"""Inspection and supervision: plans, checklists, findings with severity and deadlines, the unit's
follow-up with evidence, closure by the inspector; inspectors read their scope and change nothing else."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.inspections import services
from thidua.movements import services as movement_services
from thidua.organization import services as organization_services

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def inspector(world):
    return world.user("inspector", Role.INSPECTOR, world.root)


@pytest.fixture
def plan(world, inspector):
    return services.create_plan(actor=inspector, unit=world.root, year=TODAY.year, title="Kiểm tra công tác TĐKT",
                                starts_on=datetime.date(TODAY.year, 1, 1), ends_on=datetime.date(TODAY.year, 12, 31))


def test_inspection_lifecycle_from_plan_to_closure(world, inspector, plan, client):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    inspection = services.schedule(actor=inspector, plan=plan, unit=world.dept_a, scheduled_on=TODAY)
    items = list(inspection.checklist.all())
    assert len(items) == len(services.DEFAULT_CHECKLIST)
    with pytest.raises(ValidationError):  # "not met" needs a note
        services.check_items(actor=inspector, inspection=inspection, results={items[0].pk: ("not_met", "")})
    with pytest.raises(ValidationError):  # cannot conclude with items unchecked
        services.conclude(actor=inspector, inspection=inspection, conclusion="Tốt")
    services.check_items(actor=inspector, inspection=inspection, results={
        i.pk: ("not_met", "Chưa công khai danh sách") if n == 4 else ("met", "") for n, i in enumerate(items)})
    finding = services.add_finding(actor=inspector, inspection=inspection, text="Chưa công khai danh sách đề nghị",
                                   severity="high", action_required="Niêm yết công khai danh sách",
                                   due_on=TODAY + 15 * DAY)
    with pytest.raises(ValidationError):  # nothing reported yet
        services.close_finding(actor=inspector, finding=finding, note="Đã khắc phục")
    with pytest.raises(ValidationError):  # follow-up needs evidence
        services.respond(actor=leader, finding=finding, response="Đã niêm yết")
    services.respond(actor=leader, finding=finding, response="Đã niêm yết tại bảng tin",
                     link="https://intranet.local/bang-tin")
    with pytest.raises(PermissionDenied):  # the unit does not close its own finding
        services.close_finding(actor=leader, finding=finding, note="Xong")
    services.close_finding(actor=inspector, finding=finding, note="Đã kiểm tra, đạt")
    services.conclude(actor=inspector, inspection=inspection, conclusion="Đơn vị đã khắc phục.")
    finding.refresh_from_db()
    inspection.refresh_from_db()
    assert finding.status == "closed" and inspection.status == "concluded"
    with pytest.raises(ValidationError):
        services.add_finding(actor=inspector, inspection=inspection, text="x", severity="low", action_required="y",
                             due_on=TODAY + DAY)
    actions = list(AuditEvent.objects.filter(action__startswith="inspection.").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["inspection.plan", "inspection.schedule", "inspection.check", "inspection.finding",
                       "inspection.respond", "inspection.close_finding", "inspection.conclude"]
    client.force_login(leader)
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Đã niêm yết tại bảng tin" in page and "Đã kiểm tra, đạt" in page
    client.force_login(inspector)
    assert client.get("/audit/").status_code == 200  # the log names summary keys such as "checklist"


def test_inspectors_read_their_scope_but_change_nothing_else(world, inspector, officer, client):
    rubric = movement_services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí")
    movement_services.add_criterion(actor=officer, rubric=rubric, group="G", code="A1", name="A", max_score=10)
    movement = movement_services.launch(
        actor=officer, title="Thi đua", year=TODAY.year, rubric=rubric, unit=world.root,
        participants=[world.dept_a, world.dept_b], starts_on=TODAY - 10 * DAY, ends_on=TODAY + 10 * DAY,
        registration_until=TODAY + DAY, reporting_until=TODAY + 2 * DAY, scoring_from=TODAY - DAY,
        scoring_until=TODAY + 5 * DAY)
    person = world.person("P1")
    with pytest.raises(PermissionDenied):
        movement_services.score(actor=inspector, movement=movement, unit=world.dept_a, kind="final", values={"A1": 5})
    with pytest.raises(PermissionDenied):
        movement_services.pledge(actor=inspector, movement=movement, unit=world.dept_a, targets={"A1": "x"})
    with pytest.raises(PermissionDenied):
        organization_services.set_rating(actor=inspector, person=person, year=TODAY.year - 1, rating="HTXSNV")
    client.force_login(inspector)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert client.get(f"/movements/{movement.pk}/").status_code == 200
    assert client.get("/reports/").status_code == 200
    outsider = world.user("outsider", Role.INSPECTOR, world.other_root)
    with pytest.raises(PermissionDenied):
        services.create_plan(actor=outsider, unit=world.root, year=TODAY.year, title="x",
                             starts_on=TODAY, ends_on=TODAY)


def test_units_see_only_their_own_inspections_and_deadlines_are_checked(world, inspector, plan, client):
    a = services.schedule(actor=inspector, plan=plan, unit=world.dept_a, scheduled_on=TODAY)
    b = services.schedule(actor=inspector, plan=plan, unit=world.dept_b, scheduled_on=TODAY)
    with pytest.raises(ValidationError):
        services.schedule(actor=inspector, plan=plan, unit=world.other_root, scheduled_on=TODAY)
    with pytest.raises(ValidationError):
        services.add_finding(actor=inspector, inspection=a, text="x", severity="low", action_required="y",
                             due_on=TODAY - DAY)
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    client.force_login(leader_b)
    assert client.get(b.get_absolute_url()).status_code == 200
    assert client.get(a.get_absolute_url()).status_code == 404
    page = client.get(plan.get_absolute_url()).content.decode()
    assert world.dept_b.name in page and world.dept_a.name not in page
    response = client.post(b.get_absolute_url(), {"action": "finding", "text": "x", "severity": "low",
                                                  "action_required": "y", "due_on": TODAY.isoformat()})
    assert response.status_code == 403 and not b.findings.exists()
