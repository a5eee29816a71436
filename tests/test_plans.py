"""Multi-year movements with phases and yearly sub-movements; measurable work-plan targets: indicators,
achievement %, late and at-risk flags, progress with evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.models import Role
from thidua.movements import services
from thidua.movements import targets as target_rules
from thidua.movements.models import WorkPlanTarget

D = datetime.date


@pytest.fixture
def rubric(world, officer):
    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí giai đoạn")
    services.add_criterion(actor=officer, rubric=rubric, group="Nhiệm vụ", code="A1", name="Hoàn thành", max_score=10)
    return rubric


def launch(officer, world, rubric, *, start, end, parent=None, title="Phong trào"):
    return services.launch(actor=officer, title=title, year=start.year, rubric=rubric, unit=world.root,
                           participants=[world.dept_a, world.dept_b], starts_on=start, ends_on=end,
                           registration_until=start, reporting_until=end, scoring_from=end, scoring_until=end,
                           parent=parent, decision_number="12/QĐ-VPQH", decision_date=start)


def test_multi_year_movement_has_phases_and_yearly_sub_movements(world, officer, rubric):
    programme = launch(officer, world, rubric, start=D(2025, 1, 1), end=D(2030, 12, 31), title="Giai đoạn 2025–2030")
    assert programme.decision_number == "12/QĐ-VPQH"
    services.add_phase(actor=officer, movement=programme, name="Sơ kết giữa kỳ", kind="mid_term",
                       starts_on=D(2025, 1, 1), ends_on=D(2027, 12, 31))
    with pytest.raises(ValidationError):
        services.add_phase(actor=officer, movement=programme, name="Quá hạn", kind="final",
                           starts_on=D(2028, 1, 1), ends_on=D(2031, 6, 30))
    yearly = launch(officer, world, rubric, start=D(2026, 1, 1), end=D(2026, 12, 31), parent=programme)
    assert list(programme.sub_movements.all()) == [yearly]
    with pytest.raises(ValidationError):
        launch(officer, world, rubric, start=D(2031, 1, 1), end=D(2031, 12, 31), parent=programme)
    staff = world.user("staff", Role.STAFF)
    with pytest.raises(PermissionDenied):
        services.add_phase(actor=staff, movement=programme, name="x", kind="yearly", starts_on=D(2026, 1, 1),
                           ends_on=D(2026, 12, 31))


@pytest.mark.parametrize("measure,baseline,goal,value,done_on,expected", [
    ("number", 10, 20, 15, None, Decimal("50.0")),
    ("number", 10, 20, 25, None, Decimal("100")),     # beyond the goal counts as 100 %
    ("number", 10, 20, 5, None, Decimal("0")),        # below the baseline counts as 0 %
    ("number", 100, 40, 70, None, Decimal("50.0")),   # "reduce to": the way runs downwards
    ("percentage", None, 80, 60, None, Decimal("75.0")),
    ("yes_no", None, None, 1, None, Decimal("100")),
    ("yes_no", None, None, 0, None, Decimal("0")),
    ("date", None, None, None, D(2026, 5, 1), Decimal("100")),
    ("date", None, None, None, None, Decimal("0")),
])
def test_achievement_percentage(measure, baseline, goal, value, done_on, expected):
    def dec(x):
        return None if x is None else Decimal(x)

    assert target_rules.percent_of_way(measure, dec(baseline), dec(goal), dec(value), done_on) == expected


def test_targets_are_flagged_late_or_at_risk_from_checkpoints_and_due_dates(world):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    plan_target = services.add_work_plan_target(
        actor=leader, unit=world.dept_a, year=2025, target="Số hóa 200 hồ sơ", measure="number", baseline=Decimal(0),
        goal=Decimal(200), due_on=D(2025, 12, 31), checkpoints=[(D(2025, 6, 30), Decimal(100))])

    def status(day):
        return target_rules.state(WorkPlanTarget.objects.get(pk=plan_target.pk), day)

    assert status(D(2025, 3, 1)).status == "not_started"
    services.report_progress(actor=leader, target=plan_target, on=D(2025, 6, 1), value=Decimal(60),
                             link="https://intranet.local/bao-cao")
    assert status(D(2025, 6, 15)).status == "on_track" and status(D(2025, 6, 15)).achievement == Decimal("30.0")
    assert status(D(2025, 7, 1)).status == "at_risk"  # 60 < 100 expected by 30/06
    services.report_progress(actor=leader, target=plan_target, on=D(2025, 7, 2), value=Decimal(150),
                             link="https://intranet.local/bao-cao-2")
    assert status(D(2025, 7, 3)).status == "on_track"
    assert status(D(2026, 1, 5)).status == "late"  # 75 % when the due date passed
    services.report_progress(actor=leader, target=plan_target, on=D(2025, 12, 20), value=Decimal(200),
                             link="https://intranet.local/bao-cao-3")
    assert status(D(2026, 1, 5)).status == "met" and status(D(2026, 1, 5)).achievement == Decimal(100)


def test_without_checkpoints_a_target_far_behind_time_is_at_risk(world):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    item = services.add_work_plan_target(actor=leader, unit=world.dept_a, year=2026, target="Tỷ lệ văn bản điện tử",
                                         measure="percentage", baseline=Decimal(40), goal=Decimal(100),
                                         due_on=D(2026, 12, 31))
    services.report_progress(actor=leader, target=item, on=D(2026, 9, 1), value=Decimal(45),
                             link="https://intranet.local/x")
    item = WorkPlanTarget.objects.get(pk=item.pk)
    # two thirds of the year gone, 8.3 % of the way: at risk; the same in February is on track
    assert target_rules.state(item, D(2026, 9, 2)).status == "at_risk"
    early = services.add_work_plan_target(actor=leader, unit=world.dept_a, year=2026, target="Khác",
                                          measure="number", goal=Decimal(10), due_on=D(2026, 12, 31))
    services.report_progress(actor=leader, target=early, on=D(2026, 1, 20), value=Decimal(1),
                             link="https://intranet.local/y")
    assert target_rules.state(WorkPlanTarget.objects.get(pk=early.pk), D(2026, 2, 1)).status == "on_track"


def test_progress_needs_evidence_a_valid_value_and_the_unit_s_own_leader(world):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    other = world.user("other", Role.UNIT_LEADER, world.dept_b)
    item = services.add_work_plan_target(actor=leader, unit=world.dept_a, year=2026, target="Tỷ lệ",
                                         measure="percentage", goal=Decimal(90), due_on=D(2026, 12, 31))
    with pytest.raises(ValidationError) as error:
        services.report_progress(actor=leader, target=item, on=D(2026, 5, 1), value=Decimal(50))
    assert "link" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.report_progress(actor=leader, target=item, on=D(2026, 5, 1), value=Decimal(150), link="https://a.b")
    with pytest.raises(PermissionDenied):
        services.report_progress(actor=other, target=item, on=D(2026, 5, 1), value=Decimal(50), link="https://a.b")
    assert not item.progress.exists()
    with pytest.raises(ValidationError) as error:
        services.add_work_plan_target(actor=leader, unit=world.dept_a, year=2026, target="x", measure="number",
                                      due_on=D(2027, 1, 1))
    assert {"goal", "due_on"} <= set(error.value.message_dict)


def test_work_plan_page_shows_achievement_and_flags(world, client):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    today = datetime.date.today()
    item = services.add_work_plan_target(actor=leader, unit=world.dept_a, year=today.year, target="Đào tạo kỹ năng số",
                                         measure="number", goal=Decimal(40), due_on=D(today.year, 12, 31))
    services.report_progress(actor=leader, target=item, on=today, value=Decimal(10), link="https://intranet.local/z")
    client.force_login(leader)
    page = client.get(f"/movements/plans/{world.dept_a.pk}/{today.year}/").content.decode()
    assert "Đào tạo kỹ năng số" in page and "25,0" in page  # Vietnamese decimal comma
    assert client.get(f"/movements/plans/{world.dept_b.pk}/{today.year}/").status_code == 404
