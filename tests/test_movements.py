"""Movements: rubric arithmetic, windows, pledges, evidence, self/final/cross scores, tie-breaks,
publication and corrections, block proposals, permissions, pages and API."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.movements import scoring, services
from thidua.movements.models import Result, Score
from thidua.organization.models import Agency, BlockMembership, EmulationBlock, Unit

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def windows(scoring_open=True):
    if scoring_open:  # pledges and reporting still open, scoring open today
        return {"starts_on": TODAY - 300 * DAY, "ends_on": TODAY + 30 * DAY, "registration_until": TODAY + DAY,
                "reporting_until": TODAY + 2 * DAY, "scoring_from": TODAY - DAY, "scoring_until": TODAY + 10 * DAY}
    return {"starts_on": TODAY - 10 * DAY, "ends_on": TODAY + 300 * DAY, "registration_until": TODAY + 30 * DAY,
            "reporting_until": TODAY + 200 * DAY, "scoring_from": TODAY + 250 * DAY, "scoring_until": TODAY + 280 * DAY}


@pytest.fixture
def rubric(world, officer):
    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí năm", bonus_cap=Decimal(5))
    services.add_criterion(actor=officer, rubric=rubric, group="Nhiệm vụ chuyên môn", code="A1", name="Hoàn thành kế hoạch",
                           max_score=10, weight=2, evidence_required=True)
    services.add_criterion(actor=officer, rubric=rubric, group="Nhiệm vụ chuyên môn", code="A2", name="Chất lượng",
                           max_score=10)
    services.add_criterion(actor=officer, rubric=rubric, group="Phong trào", code="B1", name="Tham gia phong trào",
                           max_score=10)
    services.add_criterion(actor=officer, rubric=rubric, group="Thưởng, trừ", code="T1", name="Sáng kiến",
                           max_score=4, weight=2, kind="bonus")
    services.add_criterion(actor=officer, rubric=rubric, group="Thưởng, trừ", code="K1", name="Vi phạm",
                           max_score=10, kind="penalty")
    return rubric


@pytest.fixture
def movement(world, officer, rubric):
    return services.launch(actor=officer, title="Thi đua năm", year=TODAY.year, rubric=rubric, unit=world.root,
                           participants=[world.dept_a, world.dept_b, world.div_a1], **windows())


def set_final(officer, movement, unit, values):
    services.score(actor=officer, movement=movement, unit=unit, kind="final", values=values)


def test_rubric_arithmetic_weights_bonus_cap_and_penalty(world, officer, movement):
    set_final(officer, movement, world.dept_a, {"A1": 10, "A2": 8, "B1": 6, "T1": 4, "K1": 3})
    set_final(officer, movement, world.dept_b, {"A1": 1, "K1": 10})
    totals = {s.unit_id: s.total for s in scoring.standings(movement)}
    # 2×10 + 8 + 6 = 34 regular; bonus 2×4 = 8 capped at 5; penalty 3 → 36
    assert totals[world.dept_a.pk] == Decimal("36.00")
    assert totals[world.dept_b.pk] == Decimal("0.00")  # 2 − 10 is floored at zero
    assert totals[world.div_a1.pk] == Decimal("0.00")


def test_frozen_rubric_cannot_change_but_a_copy_can(officer, movement, rubric):
    rubric.refresh_from_db()
    assert rubric.frozen
    with pytest.raises(ValidationError, match="đóng băng"):
        services.add_criterion(actor=officer, rubric=rubric, group="X", code="X1", name="X", max_score=1)
    copy = services.copy_rubric(actor=officer, rubric=rubric)
    assert copy.version == 2 and copy.based_on == rubric and not copy.frozen
    assert list(copy.criteria.values_list("code", flat=True)) == ["A1", "A2", "B1", "T1", "K1"]
    services.add_criterion(actor=officer, rubric=copy, group="X", code="X1", name="X", max_score=1)


def test_pledges_are_signed_by_the_unit_within_the_window(world, officer, movement):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_b)
    with pytest.raises(PermissionDenied):
        services.pledge(actor=leader, movement=movement, unit=world.dept_a, targets={"A1": "100%"})
    with pytest.raises(ValidationError):
        services.pledge(actor=leader, movement=movement, unit=world.dept_b, targets={"Z9": "x"})
    services.pledge(actor=leader, movement=movement, unit=world.dept_b, targets={"A1": "100% kế hoạch"})
    with pytest.raises(ValidationError):
        services.pledge(actor=leader, movement=movement, unit=world.dept_b, targets={"A1": "lần hai"})
    movement.registration_until = TODAY - DAY
    movement.save()
    with pytest.raises(ValidationError, match=(TODAY - DAY).strftime("%d/%m/%Y")):
        services.pledge(actor=officer, movement=movement, unit=world.dept_a, targets={"A1": "muộn"})
    assert movement.pledges.count() == 1


def test_self_score_range_and_required_evidence(world, officer, movement):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    for bad in ({"A2": 11}, {"A2": -1}, {"A2": "mười"}):
        with pytest.raises(ValidationError):
            services.score(actor=leader, movement=movement, unit=world.dept_a, kind="self", values=bad)
    with pytest.raises(ValidationError) as error:
        services.score(actor=leader, movement=movement, unit=world.dept_a, kind="self", values={"A1": 9, "A2": 5})
    assert "A1" in error.value.message_dict
    assert not Score.objects.exists()
    criterion = movement.rubric.criteria.get(code="A1")
    services.add_evidence(actor=leader, movement=movement, unit=world.dept_a, criterion=criterion,
                          upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4"), reported_value="100%")
    services.score(actor=leader, movement=movement, unit=world.dept_a, kind="self", values={"A1": 9, "A2": 5})
    with pytest.raises(PermissionDenied):
        services.score(actor=leader, movement=movement, unit=world.dept_a, kind="final", values={"A1": 7})
    with pytest.raises(ValidationError) as error:
        set_final(officer, movement, world.dept_a, {"A1": 7})
    assert "A1" in error.value.message_dict  # an adjusted score needs its comment
    services.score(actor=officer, movement=movement, unit=world.dept_a, kind="final", values={"A1": 7},
                   comments={"A1": "Minh chứng chưa đủ"})
    assert scoring.criterion_values(movement)[(world.dept_a.pk, criterion.pk)] == 7


def test_scoring_window_is_enforced(world, officer, rubric):
    early = services.launch(actor=officer, title="Sớm", year=TODAY.year, rubric=rubric, unit=world.root,
                            participants=[world.dept_a, world.dept_b], **windows(scoring_open=False))
    with pytest.raises(ValidationError, match="mở từ ngày"):
        set_final(officer, early, world.dept_a, {"A2": 5})
    assert not Score.objects.exists()


def test_tie_breaks(world, officer, movement):
    set_final(officer, movement, world.dept_a, {"A2": 10, "B1": 0})
    set_final(officer, movement, world.dept_b, {"A2": 0, "B1": 10})
    ranking = scoring.standings(movement)
    assert [s.unit_id for s in ranking[:2]] == [world.dept_a.pk, world.dept_b.pk]  # first group decides
    movement.tie_break = "fewer_penalties"
    set_final(officer, movement, world.dept_a, {"A2": 10, "B1": 1, "K1": 1})
    ranking = scoring.standings(movement)
    assert [s.unit_id for s in ranking[:2]] == [world.dept_b.pk, world.dept_a.pk]
    assert [s.rank for s in ranking] == [1, 2, 3]  # equal totals, separated by the declared rule
    movement.tie_break = "earlier_pledge"  # nobody pledged: still tied, so they share the rank
    assert [s.rank for s in scoring.standings(movement)][:2] == [1, 1]


def test_publication_freezes_scores_and_corrections_are_recorded(world, officer, movement):
    set_final(officer, movement, world.dept_a, {"A2": 5})
    set_final(officer, movement, world.dept_b, {"A2": 6})
    services.publish(actor=officer, movement=movement, confirmed_unscored=[world.div_a1.pk])
    assert list(Result.objects.values_list("unit_id", "rank")) == [(world.dept_b.pk, 1), (world.dept_a.pk, 2),
                                                                   (world.div_a1.pk, 3)]
    with pytest.raises(ValidationError, match="Kết quả đã công bố"):
        set_final(officer, movement, world.dept_a, {"A2": 9})
    score = Score.objects.get(unit=world.dept_a, kind="final")
    with pytest.raises(ValidationError):
        services.correct(actor=officer, score_=score, value=9, reason="")
    services.correct(actor=officer, score_=score, value=9, reason="Sai sót khi nhập")
    assert Result.objects.get(rank=1).unit == world.dept_a
    assert score.corrections.get().old_value == 5


@pytest.fixture
def block_movement(world, officer):
    agencies = [world.agency, world.other_agency]
    for i in range(2):
        agency = Agency.objects.create(code=f"CQ{i}", name=f"Cơ quan {i}")
        Unit.objects.create(agency=agency, code=f"CQ{i}", name=f"Cơ quan {i}", kind="agency")
        agencies.append(agency)
    block = EmulationBlock.objects.create(code="K1", name="Khối", host_agency=world.agency)
    for agency, role in zip(agencies, ("leader", "deputy", "member", "member"), strict=True):
        BlockMembership.objects.create(block=block, agency=agency, year=TODAY.year, role=role)
    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Khối")
    services.add_criterion(actor=officer, rubric=rubric, group="Chung", code="C1", name="Kết quả", max_score=100)
    return services.launch(actor=officer, title="Giao ước khối", year=TODAY.year, rubric=rubric, block=block,
                           **windows(), joint_pledge="Các cơ quan cam kết thi đua")


def test_cross_scores_are_the_mean_of_the_others_and_outliers_show(world, officer, block_movement):
    roots = [p.unit for p in block_movement.participants.select_related("unit").order_by("unit__agency__code")]
    target = roots[0]
    with pytest.raises(ValidationError, match="không được tự chấm"):
        services.score(actor=officer, movement=block_movement, unit=target, kind="cross", values={"C1": 90},
                       scorer=target)
    for scorer, value in zip(roots[1:], (90, 80, 10), strict=True):
        services.score(actor=world.admin, movement=block_movement, unit=target, kind="cross", values={"C1": value},
                       scorer=scorer)
    criterion = block_movement.rubric.criteria.get()
    assert scoring.criterion_values(block_movement)[(target.pk, criterion.pk)] == Decimal("60.00")
    flagged = scoring.outliers(block_movement)
    assert [(f["scorer_id"], f["value"]) for f in flagged] == [(roots[3].pk, 10)]


def test_outliers_name_the_scorer_the_unit_and_the_criterion_in_plain_numbers(world, officer, block_movement,
                                                                               client):
    roots = [p.unit for p in block_movement.participants.select_related("unit").order_by("unit__agency__code")]
    for scorer, value in zip(roots[1:], (90, 80, 10), strict=True):
        services.score(actor=world.admin, movement=block_movement, unit=roots[0], kind="cross", values={"C1": value},
                       scorer=scorer)
    client.force_login(officer)
    page = client.get(block_movement.get_absolute_url()).content.decode()
    outliers = page.split('data-testid="outliers"')[1].split("</ul>")[0]
    assert f"{roots[3].name} chấm {roots[0].name} 10 điểm ở tiêu chí “Kết quả”" in outliers
    assert "85" in outliers and "(#" not in outliers and "85,00" not in outliers and "10,00" not in outliers


def test_block_leader_proposes_for_the_flag(world, officer, block_movement):
    services.publish(actor=officer, movement=block_movement, confirmed_unscored=list(
        block_movement.participants.values_list("unit_id", flat=True)))
    outsider = world.user("outsider", Role.UNIT_LEADER, world.other_root)  # the deputy's agency
    top = block_movement.results.first().unit
    with pytest.raises(PermissionDenied):
        services.propose_for_flag(actor=outsider, movement=block_movement, units=[top], award_code="CO_THI_DUA_CP",
                                  reason="Dẫn đầu khối")
    leader = world.user("leader", Role.UNIT_LEADER, world.root)
    proposals = services.propose_for_flag(actor=leader, movement=block_movement, units=[top],
                                          award_code="CO_THI_DUA_CP", reason="Dẫn đầu khối")
    assert proposals[0].unit == top and proposals[0].reason == "Dẫn đầu khối"


def test_a_flag_proposal_needs_its_reason_named_in_the_users_language(world, officer, block_movement, client):
    services.publish(actor=officer, movement=block_movement, confirmed_unscored=list(
        block_movement.participants.values_list("unit_id", flat=True)))
    leader = world.user("leader", Role.UNIT_LEADER, world.root)
    top = block_movement.results.first().unit
    with pytest.raises(ValidationError) as error:
        services.propose_for_flag(actor=leader, movement=block_movement, units=[top], award_code="CO_THI_DUA_CP",
                                  reason="  ")
    assert "reason" in error.value.message_dict
    client.force_login(leader)
    url = f"/movements/{block_movement.pk}/propose/"
    response = client.post(url, {"units": [top.pk], "reason": ""})
    assert response.status_code == 400
    summary = response.content.decode().split('data-testid="form-errors"')[1].split("</div>")[0]
    assert "Lý do đề nghị</a>: Hãy ghi lý do đề nghị" in summary
    client.cookies["django_language"] = "en"
    page = client.post(url, {"units": [top.pk], "reason": ""}).content.decode()
    assert "Reason for the proposal</a>: Write the reason for the proposal" in page
    assert not block_movement.proposals.exists()
    client.post(url, {"units": [top.pk], "reason": "Dẫn đầu khối về chấm điểm chéo"})
    assert block_movement.proposals.get().reason == "Dẫn đầu khối về chấm điểm chéo"
    assert "Dẫn đầu khối về chấm điểm chéo" in client.get(block_movement.get_absolute_url()).content.decode()


def test_publishing_with_unscored_units_asks_to_confirm_them_by_name(world, officer, movement, client):
    set_final(officer, movement, world.dept_a, {"A2": 5})
    with pytest.raises(services.UnscoredUnits) as error:
        services.publish(actor=officer, movement=movement)
    assert {u.pk for u in error.value.units} == {world.dept_b.pk, world.div_a1.pk}
    client.force_login(officer)
    url = f"/movements/{movement.pk}/publish/"
    page = client.post(url).content.decode()
    box = page.split('data-testid="unscored"')[1].split("</div>")[0]
    assert world.dept_b.name in box and world.div_a1.name in box and world.dept_a.name not in box
    movement.refresh_from_db()
    assert movement.published_at is None and not Result.objects.exists()
    # confirming only some of them is not confirming: still nothing is published
    client.post(url, {"unscored": [world.dept_b.pk]})
    movement.refresh_from_db()
    assert movement.published_at is None
    client.post(url, {"unscored": [world.dept_b.pk, world.div_a1.pk]})
    movement.refresh_from_db()
    assert movement.published_at is not None and Result.objects.count() == 3


def test_pages_and_exports(world, officer, movement, client):
    set_final(officer, movement, world.dept_a, {"A2": 5})
    services.publish(actor=officer, movement=movement, confirmed_unscored=[world.dept_b.pk, world.div_a1.pk])
    client.force_login(officer)
    page = client.get(movement.get_absolute_url()).content.decode()
    assert world.dept_a.name in page and 'data-testid="ranking"' in page
    assert client.get(movement.get_absolute_url() + "?export=xlsx")["Content-Type"].startswith("application/vnd")
    assert client.get(movement.get_absolute_url() + "?export=pdf").content.startswith(b"%PDF")


def test_api_ranking_and_scores(world, officer, movement, client):
    client.force_login(officer)
    response = client.post(f"/api/movements/{movement.pk}/scores",
                           {"unit_id": world.dept_a.pk, "kind": "final", "values": {"A2": 12}},
                           content_type="application/json")
    assert response.status_code == 422 and "A2" in response.json()["errors"]
    response = client.post(f"/api/movements/{movement.pk}/scores",
                           {"unit_id": world.dept_a.pk, "kind": "final", "values": {"A2": 7}},
                           content_type="application/json")
    assert response.status_code == 201
    ranking = client.get(f"/api/movements/{movement.pk}/ranking").json()
    assert ranking[0]["unit_id"] == world.dept_a.pk and ranking[0]["total"] == "7.00"


def test_work_plan_targets_are_stated_by_the_unit(world, officer, movement, client):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    criterion = movement.rubric.criteria.get(code="A1")
    with pytest.raises(PermissionDenied):
        services.add_work_plan_target(actor=leader, unit=world.dept_b, year=movement.year, criterion=criterion,
                                      target="x")
    services.add_work_plan_target(actor=leader, unit=world.dept_a, year=movement.year, criterion=criterion,
                                  target="Hoàn thành 100% nhiệm vụ")
    client.force_login(leader)
    page = client.get(f"/movements/{movement.pk}/units/{world.dept_a.pk}/").content.decode()
    assert "Hoàn thành 100% nhiệm vụ" in page
    assert client.get(f"/movements/{movement.pk}/units/{world.dept_b.pk}/").status_code == 403


def test_people_pledge_where_the_movement_asks(world, officer, rubric, client):
    movement = services.launch(actor=officer, title="Cá nhân", year=TODAY.year, rubric=rubric, unit=world.root,
                               participants=[world.dept_a, world.dept_b], person_pledges=True, **windows())
    staff = world.user("staff", Role.STAFF, world.div_a1)
    staff.person = world.person("S1", "Lê Thị Sáu", unit=world.div_a1)
    staff.save()
    other = world.person("S2", "Phạm Văn Bảy", unit=world.dept_b)
    with pytest.raises(PermissionDenied):
        services.pledge(actor=staff, movement=movement, unit=world.dept_b, targets={"A1": "x"}, person=other)
    client.force_login(staff)
    page = client.get(f"/movements/{movement.pk}/units/{world.dept_a.pk}/")
    assert page.status_code == 200 and "own_pledge" in page.content.decode()
    client.post(f"/movements/{movement.pk}/units/{world.dept_a.pk}/", {"action": "own_pledge", "A1": "Số hoá 500 hồ sơ"})
    pledge = movement.pledges.get(person=staff.person)
    assert pledge.unit == world.dept_a and pledge.targets == {"A1": "Số hoá 500 hồ sơ"}
    with pytest.raises(ValidationError):
        services.pledge(actor=staff, movement=movement, unit=world.dept_a, targets={"A1": "lần hai"}, person=staff.person)
    assert client.get(f"/movements/{movement.pk}/units/{world.dept_b.pk}/").status_code == 403
    ranking = client.get(movement.get_absolute_url()).context["pledged"]
    assert world.dept_a.pk not in ranking  # a member's own pledge is not the unit's
