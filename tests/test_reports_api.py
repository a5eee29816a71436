"""The API reads the dashboard's figures, work-plan targets with their progress, review packs and inspections, in
the user's scope, as declared in the OpenAPI document."""

import datetime

import pytest
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.awards.models import AwardRecord
from thidua.inspections import services as inspections
from thidua.movements import services as movements

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def data(world, officer):
    hoa = world.person("P1", "Trần Thị Hoa")
    nam = world.person("P2", "Lê Văn Nam", unit=world.dept_b)
    for person, code in ((hoa, "CSTD_CO_SO"), (hoa, "LDTT"), (nam, "LDTT")):
        AwardRecord.objects.create(person=person, award_code=code, year=YEAR, decision_number=f"{code}/QĐ",
                                   decision_date=TODAY, authority="Bộ trưởng", bonus_vnd=1_000_000)
    movements.add_work_plan_target(actor=world.admin, unit=world.dept_a, year=YEAR, target="Số sáng kiến được công nhận",
                                   measure="number", baseline=0, goal=10, due_on=datetime.date(YEAR, 12, 31),
                                   checkpoints=[])
    movements.add_work_plan_target(actor=world.admin, unit=world.dept_b, year=YEAR, target="Tỷ lệ hồ sơ đúng hạn",
                                   measure="percentage", baseline=None, goal=90, due_on=datetime.date(YEAR, 12, 31),
                                   checkpoints=[])
    inspector = world.user("inspector", Role.INSPECTOR, world.root)
    plan = inspections.create_plan(actor=inspector, unit=world.root, year=YEAR, title="Kiểm tra công tác TĐKT",
                                   starts_on=datetime.date(YEAR, 1, 1), ends_on=datetime.date(YEAR, 12, 31))
    a = inspections.schedule(actor=inspector, plan=plan, unit=world.dept_a, scheduled_on=TODAY)
    inspections.schedule(actor=inspector, plan=plan, unit=world.dept_b, scheduled_on=TODAY)
    inspections.add_finding(actor=inspector, inspection=a, text="Chưa công khai danh sách đề nghị", severity="high",
                            action_required="Niêm yết công khai", due_on=TODAY + datetime.timedelta(days=15))
    return {"plan": plan, "inspection": a, "inspector": inspector}


def get(client, url, status=200):
    response = client.get(f"/api{url}")
    assert response.status_code == status, response.content
    return response.json()


def test_dashboard_figures_match_the_page_and_drill_down(world, officer, data, client):
    client.force_login(officer)
    body = get(client, f"/dashboard?year={YEAR}")
    figures = {f["key"]: {b["label"]: b["value"] for b in f["bars"]} for f in body["figures"]}
    assert figures["units"] == {"Vụ Tổng hợp": 2, "Vụ Pháp luật": 1}
    assert figures["bonus"][str(YEAR)] == 3_000_000
    levels = next(f for f in body["figures"] if f["key"] == "levels")
    grassroots = next(b for b in levels["bars"] if b["value"] == 3)
    assert client.get(grassroots["records_url"]).status_code == 200
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    client.force_login(leader_b)
    units = next(f for f in get(client, f"/dashboard?year={YEAR}")["figures"] if f["key"] == "units")
    assert {b["label"]: b["value"] for b in units["bars"]} == {"Vụ Pháp luật": 1}


def test_targets_are_listed_with_achievement_and_status_in_scope(world, officer, data, client):
    client.force_login(officer)
    items = get(client, f"/targets?year={YEAR}")["items"]
    assert [(t["unit"], t["target"], t["achievement"]) for t in items] == [
        ("Vụ Pháp luật", "Tỷ lệ hồ sơ đúng hạn", "0"), ("Vụ Tổng hợp", "Số sáng kiến được công nhận", "0")]
    assert get(client, f"/targets?year={YEAR}&status=met")["items"] == []
    target = items[1]
    movements.report_progress(actor=world.admin, target=movements_target(target["id"]), on=TODAY, value=10,
                              done_on=None, link="https://intranet.local/sang-kien", upload=None, note="")
    assert float(get(client, f"/targets?year={YEAR}&status=met")["items"][0]["achievement"]) == 100
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    client.force_login(leader_b)
    assert [t["unit"] for t in get(client, f"/targets?year={YEAR}")["items"]] == ["Vụ Pháp luật"]


def movements_target(pk):
    from thidua.movements.models import WorkPlanTarget

    return WorkPlanTarget.objects.get(pk=pk)


def test_review_pack_of_a_unit_in_scope_only(world, officer, data, client):
    client.force_login(officer)
    body = get(client, f"/reviews/unit/{world.root.pk}/{YEAR}/final")
    assert body["subject"] == world.root.name and body["kind"] == "final"
    assert body["figures"][4]["value"] == "3"  # awards decided in the period
    assert {m["name"] for m in body["models"]} == {"Trần Thị Hoa"}
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    client.force_login(leader_b)
    get(client, f"/reviews/unit/{world.dept_a.pk}/{YEAR}/final", status=404)
    get(client, f"/reviews/unit/{world.dept_b.pk}/{YEAR}/mid")


def test_inspections_are_read_by_inspectors_and_the_inspected_unit_only(world, data, client):
    plan, inspection = data["plan"], data["inspection"]
    client.force_login(data["inspector"])
    assert [p["title"] for p in get(client, "/inspection-plans")["items"]] == ["Kiểm tra công tác TĐKT"]
    assert len(get(client, f"/inspection-plans/{plan.pk}")["inspections"]) == 2
    body = get(client, f"/inspections/{inspection.pk}")
    assert body["unit"] == "Vụ Tổng hợp" and len(body["checklist"]) == len(inspections.DEFAULT_CHECKLIST)
    assert [(f["severity"], f["status"]) for f in body["findings"]] == [("high", "open")]
    assert len(get(client, "/findings/open")["items"]) == 1
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    client.force_login(leader_b)
    assert [i["unit"] for i in get(client, f"/inspection-plans/{plan.pk}")["inspections"]] == ["Vụ Pháp luật"]
    get(client, f"/inspections/{inspection.pk}", status=404)
    assert get(client, "/findings/open")["items"] == []
    outsider = world.user("outsider", Role.UNIT_LEADER, world.other_root)
    client.force_login(outsider)
    assert get(client, "/inspection-plans")["items"] == []
    get(client, f"/inspection-plans/{plan.pk}", status=404)


def test_the_new_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/dashboard", "/api/targets", "/api/reviews/{subject_kind}/{pk}/{year}/{kind}",
                 "/api/inspection-plans", "/api/inspection-plans/{pk}", "/api/inspections/{pk}", "/api/findings/open"):
        assert "get" in paths[path], path
        assert "403" in paths[path]["get"]["responses"]
