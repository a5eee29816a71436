"""Draft reforms: documents checked and stored, simulations beside the law in force, backtests, published
rules with their version, and the CLI mirror."""

import datetime
import io
import json

import pytest
from decree30 import assert_decree30
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.organization.models import YearlyRating
from thidua.policy import services
from thidua.policy.models import Reform, ReformStatus, SimulationStatus
from thidua.rules.bridge import evaluate_people
from thidua.rules.publication import law_version, source_version
from thidua.rules.reforms import ReformError, build, parse
from thidua.rules.system import tax_benefit_system

YEAR = 2025
BASE_SALARY = 2_340_000  # from 2024-07-01 (Decree 73/2024); CSTĐCS multiple 1.0

# The cases, written like the law's YAML tests: who is rated what in the year, and what the draft should do.
REQUIRE_INITIATIVE = """
changes:
  - set: conditions.cstd_co_so_requires_initiative
    from: 2025-01-01
    value: 1
"""
PEOPLE = [  # code, name, gender, position, rating, CSTĐCS under the law, under the draft
    ("P1", "Trần Thị Bình", "female", "Chuyên viên", "HTXSNV", True, False),
    ("P2", "Lê Văn Cường", "male", "Trưởng phòng", "HTXSNV", True, False),
    ("P3", "Phạm Thị Dung", "female", "Chuyên viên chính", "HTXSNV", True, False),
    ("P4", "Hoàng Văn Em", "male", "Chuyên viên", "HTTNV", False, False),
    ("P5", "Vũ Thị Giang", "female", "Phó Vụ trưởng", "HTTNV", False, False),
    ("P6", "Đỗ Văn Hải", "male", "Nhân viên", "HTNV", False, False),
]


@pytest.fixture
def people(world):
    made = {}
    for code, name, gender, position, rating, _law, _draft in PEOPLE:
        person = world.person(code, name)
        person.gender, person.position = gender, position
        person.date_of_birth = datetime.date(1985, 5, 1)
        person.save()
        for year in (YEAR - 1, YEAR):
            YearlyRating.objects.create(person=person, year=year, rating=rating)
        made[code] = person
    return made


def _reform(world, officer, document=REQUIRE_INITIATIVE, title="CSTĐCS cần sáng kiến"):
    return services.create_reform(actor=officer, unit=world.root, title=title,
                                  purpose="Khuyến khích sáng kiến.", document=document)


def _run(officer, reform, unit, awards, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        simulation = services.start_simulation(actor=officer, reform=reform, unit=unit, year=YEAR, awards=awards,
                                               **kwargs)
    simulation = services.compute(simulation)  # a database task backend only queued it; once run, a no-op
    assert simulation.status == SimulationStatus.DONE, simulation.error
    return simulation


def test_parameter_reform_moves_exactly_the_expected_people(world, officer, people,
                                                           django_capture_on_commit_callbacks):
    reform = _reform(world, officer)
    simulation = _run(officer, reform, world.root, ["LDTT", "CSTD_CO_SO"], django_capture_on_commit_callbacks)
    report, changed = simulation.report, simulation.changed()
    expected = {people[code].pk for code, *_rest, law, draft in PEOPLE if law != draft}
    moved = {row["person"] for row in changed}
    assert moved == expected and report["changed_total"] == len(expected) and "changed" not in report
    assert all(row["award"] == "CSTD_CO_SO" and row["law"] and not row["draft"] for row in changed)
    assert all(r["condition"] == "c_cstd_achievement" and r["law"] and not r["draft"]
               for row in changed for r in row["reasons"])
    summary = {row["award"]: row for row in report["summary"]}
    assert (summary["LDTT"]["gained"], summary["LDTT"]["lost"]) == (0, 0)
    assert (summary["CSTD_CO_SO"]["law"], summary["CSTD_CO_SO"]["draft"], summary["CSTD_CO_SO"]["lost"]) == (3, 0, 3)
    assert summary["CSTD_CO_SO"]["money_law"] - summary["CSTD_CO_SO"]["money_draft"] == 3 * BASE_SALARY
    women = next(r for r in report["fairness"] if r["group"] == "female")
    assert women["people"] == 3
    # the law in force is untouched: the same people are still eligible when asked outside the draft
    result = evaluate_people(world.agency.people.all(), YEAR, ["CSTD_CO_SO"])["CSTD_CO_SO"]
    assert int(result["eligible"].sum()) == 3
    assert float(tax_benefit_system().parameters("2025-12-31").conditions.cstd_co_so_requires_initiative) == 0


def test_quota_draft_lowers_the_places_and_the_money(world, officer, people, django_capture_on_commit_callbacks):
    reform = _reform(world, officer, """
changes:
  - set: quotas.cstd_co_so_share_of_ldtt
    from: 2025-01-01
    value: 0.2
""", title="Tỷ lệ CSTĐCS của cơ quan")
    summary = {r["award"]: r for r in _run(officer, reform, world.root, ["LDTT", "CSTD_CO_SO"],
                                           django_capture_on_commit_callbacks).report["summary"]}
    row = summary["CSTD_CO_SO"]
    # 5 LĐTT holders in the one unit → floor(5 × 0.2) = 1 place; eligibility itself does not move
    assert (row["law"], row["draft"], row["proposable_law"], row["proposable_draft"]) == (3, 3, 3, 1)
    assert row["money_law"] - row["money_draft"] == 2 * BASE_SALARY


def test_formula_switch_is_versioned_and_answers_say_which_version(world, people, tmp_path):
    switch = parse("changes:\n  - switch: c_rating_good\n    from: 2025-01-01\n    to: met\n")
    assert switch.version != law_version()
    assert parse("changes:\n  - switch: c_rating_good\n    from: 2025-06-01\n    to: met\n").version != switch.version
    assert parse('{"changes": [{"switch": "c_rating_good", "from": "2025-01-01", "to": "met"}]}').version \
        == switch.version  # JSON and YAML of the same change are one version
    from thidua.rules.bridge import load_people
    from thidua.rules.engine import simulate

    _ids, population = load_people(world.agency.people.order_by("pk"), YEAR)
    law = simulate(population, ["LDTT"])["eligible_LDTT"]
    draft = simulate(population, ["LDTT"], system=build(switch))["eligible_LDTT"]
    assert law.sum() == 5 and draft.sum() == 6  # the HTNV person passes once the rating condition is switched off
    # a change to a formula's source is a new version of the law
    import shutil

    import thidua.rules.publication as publication

    copy = tmp_path / "rules"
    shutil.copytree(publication.HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(publication.HERE.parent / "awards", tmp_path / "awards", ignore=shutil.ignore_patterns("__pycache__"))
    assert source_version(copy) == law_version()
    person = copy / "variables" / "person.py"
    person.write_text(person.read_text() + "\n# a changed formula\n")
    assert source_version(copy) != law_version()
    from thidua.rules.engine import evaluate

    answer = evaluate({"cases": [{"award": "LDTT", "year": 2025, "subject": {"history": {"2025": {"rating": "HTTNV"}}}}]})
    assert answer["results"][0]["version"] == law_version()


BAD = [
    ("", "empty"),
    ("changes: [", "not valid YAML"),
    ("changes: []", "non-empty list"),
    ("changes:\n  - set: conditions\n    from: 2026-01-01\n    value: 1\n", "group of parameters"),
    ("changes:\n  - set: conditions.no_such\n    from: 2026-01-01\n    value: 1\n", "no parameter"),
    ("changes:\n  - set: quotas.cstd_co_so_share_of_ldtt\n    from: 2026-02-30\n    value: 0.2\n", "must be a date"),
    ("changes:\n  - set: quotas.cstd_co_so_share_of_ldtt\n    from: 2026-01-01\n    value: 20\n", "share"),
    ("changes:\n  - set: conditions.cstd_co_so_requires_initiative\n    from: 2026-01-01\n    value: 2\n", "switch"),
    ("changes:\n  - set: regime\n    from: 2026-01-01\n    value: 2017\n", "regime"),
    ("changes:\n  - switch: eligible_LDTT\n    from: 2026-01-01\n    to: met\n", "no condition"),
    ("changes:\n  - require: c_not_disciplined\n    award: CSTD_CO_SO\n    from: 2026-01-01\n", "reference"),
    ("changes:\n  - set: conditions.bang_khen_bo_years\n    from: 2026-01-01\n    value: 3\n    sql: drop\n",
     "unknown field"),
]


@pytest.mark.parametrize(("document", "says"), BAD)
def test_bad_reform_documents_get_clear_errors_and_change_nothing(world, officer, document, says):
    events = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _reform(world, officer, document)
    assert says in " ".join(caught.value.message_dict["document"])
    assert Reform.objects.count() == 0 and AuditEvent.objects.count() == events
    assert float(tax_benefit_system().parameters("2026-12-31").quotas.cstd_co_so_share_of_ldtt) == 1.0


def test_reform_errors_are_in_the_users_language():
    with translation.override("vi"), pytest.raises(ReformError) as caught:
        parse("changes:\n  - set: conditions.no_such\n    from: 2026-01-01\n    value: 1\n")
    assert caught.value.messages == ["Thay đổi 1: không có tham số “conditions.no_such”."]
    with translation.override("vi"), pytest.raises(ReformError) as caught:
        parse("changes:\n  - set: [\n")
    assert caught.value.messages == ["Văn bản dự thảo không đúng định dạng YAML hoặc JSON (dòng 3)."]


def test_backtest_reproduces_the_stored_rounds_proposals(world, officer, people, django_capture_on_commit_callbacks):
    from thidua.nominations import services as nominations
    from thidua.nominations.models import Round

    round_ = nominations.open_round(actor=officer, unit=world.root, title="Xét năm 2025", year=YEAR,
                                    award_codes=["LDTT", "CSTD_CO_SO"],
                                    nomination_deadline=timezone.localdate() + datetime.timedelta(days=3))
    for code in ("P1", "P2", "P4"):
        nominations.nominate(actor=officer, round_=round_, award_code="LDTT", person=people[code])
    nominations.nominate(actor=officer, round_=round_, award_code="CSTD_CO_SO", person=people["P1"])
    nominations.nominate(actor=officer, round_=round_, award_code="CSTD_CO_SO", person=people["P6"],
                         justification="Đơn vị đề nghị đặc cách.")
    Round.objects.filter(pk=round_.pk).update(nomination_deadline=datetime.date(2026, 1, 15))
    round_.refresh_from_db()
    reform = _reform(world, officer)
    simulation = _run(officer, reform, round_.unit, round_.award_codes, django_capture_on_commit_callbacks,
                      as_of=round_.nomination_deadline, round_=round_)
    assert simulation.report["reproduction"] == {"checked": 5, "reproduced": 5, "mismatches": []}
    changed = {(row["person"], row["nominated"]) for row in simulation.changed()}
    assert changed == {(people["P1"].pk, True), (people["P2"].pk, False), (people["P3"].pk, False)}


def test_drafts_are_reviewed_by_someone_else_and_scoped(world, officer, people):
    reform = _reform(world, officer)
    staff = world.user("staff", Role.STAFF)
    with pytest.raises(PermissionDenied):
        services.create_reform(actor=staff, unit=world.root, title="x", purpose="y", document=REQUIRE_INITIATIVE)
    services.submit_reform(actor=officer, reform=reform)
    with pytest.raises(PermissionDenied):
        services.review_reform(actor=officer, reform=reform, accept=True, comment="Tự duyệt")
    with pytest.raises(ValidationError):
        services.update_reform(actor=officer, reform=reform, title="x", purpose="y", document=REQUIRE_INITIATIVE)
    reviewer = world.user("reviewer", Role.ADMINISTRATOR)
    reviewed = services.review_reform(actor=reviewer, reform=reform, accept=True, comment="Đủ cơ sở trình Hội đồng.")
    assert reviewed.status == ReformStatus.REVIEWED and reviewed.reviewer == reviewer
    outsider = world.user("outsider", Role.EMULATION_OFFICER, world.other_root)
    with pytest.raises(PermissionDenied):
        services.start_simulation(actor=outsider, reform=reform, unit=world.other_root, year=YEAR, awards=["LDTT"])
    from django.test import Client

    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("policy:reform_detail", args=[reform.pk])).status_code == 403


def test_simulation_page_chart_and_exports(world, officer, people, client, django_capture_on_commit_callbacks):
    client.force_login(officer)
    response = client.post(reverse("policy:reform_create"), {
        "unit": world.root.pk, "title": "CSTĐCS cần sáng kiến", "purpose": "Khuyến khích sáng kiến.",
        "document": REQUIRE_INITIATIVE})
    reform = Reform.objects.get()
    assert response.status_code == 302 and reform.author == officer
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("policy:simulate", args=[reform.pk]),
                               {"unit": world.root.pk, "year": YEAR, "awards": ["LDTT", "CSTD_CO_SO"]})
    services.compute(reform.simulations.get())  # run it under a database task backend too
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in html and "<title id=\"chart-gender-title\">" in html
    assert "Trần Thị Bình" in html and "Hoàn thành xuất sắc nhiệm vụ" in html
    assert "<script" not in html.split("</head>")[1]
    url = response["Location"]
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content))
    changed = list(workbook["Kết quả thay đổi"].iter_rows(min_row=5, values_only=True))  # under the title rows
    assert len(changed) == 4 and {row[0] for row in changed[1:]} == {"Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"}
    from docx import Document

    word = client.get(url + "?export=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "TỜ TRÌNH" in text and "CSTĐCS cần sáng kiến" in text
    assert "danh-gia-tac-dong" in word["Content-Disposition"]
    text = assert_decree30(client.get(url + "?export=pdf").content, issuer="Ban Thi đua – Khen thưởng",
                           number=f"…/TTr-{world.agency.code}", title="Tờ trình", signer="Trưởng ban")
    assert "CSTĐCS cần sáng kiến" in text
    client.force_login(world.user("outsider", Role.EMULATION_OFFICER, world.other_root))
    assert client.get(url).status_code == 403 and client.get(url + "?export=xlsx").status_code == 403


def test_bad_document_on_the_page_shows_the_error_and_saves_nothing(world, officer, client):
    client.force_login(officer)
    response = client.post(reverse("policy:reform_create"), {
        "unit": world.root.pk, "title": "Sai", "purpose": "Thử", "document": "changes:\n  - set: x.y\n"})
    assert response.status_code == 200 and "x.y" in response.content.decode()
    assert Reform.objects.count() == 0


def test_published_rules_are_versioned_and_downloadable(client, db):
    version = client.get("/api/rules/version").json()["version"]
    assert version == law_version()
    published = client.get("/api/rules/published").json()
    assert published["version"] == version
    ldtt = next(a for a in published["awards"] if a["code"] == "LDTT")
    assert ldtt["conditions"] and all(c["reference"] for c in ldtt["conditions"])
    assert ldtt["page"].endswith(reverse("rules:law_award", args=["LDTT"]))
    assert {r["key"] for r in published["regulations"]} >= {"cstd_co_so_quota", "giay_khen_excellent"}
    salary = next(p for p in published["parameters"] if p["path"] == "base_salary")
    assert {"from": "2024-07-01", "value": 2340000} in salary["values"]
    assert client.get("/api/rules/published/CSTD_CO_SO").json()["code"] == "CSTD_CO_SO"
    assert client.get("/api/rules/published/NO_SUCH").status_code == 404
    download = client.get("/api/rules/download")
    assert f"thidua-rules-{version}.json" in download["Content-Disposition"]
    assert json.loads(download.content)["version"] == version


def test_cli_simulate(world, people, tmp_path):
    document = tmp_path / "draft.yaml"
    document.write_text(REQUIRE_INITIATIVE)
    out = io.StringIO()
    call_command("rules", "simulate", "--reform", str(document), "--agency", "VPQH", "--year", str(YEAR),
                 "--awards", "LDTT", "CSTD_CO_SO", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["changed_total"] == 3 and report["law_version"] == law_version()
    out = io.StringIO()
    call_command("rules", "simulate", "--reform", str(document), "--agency", "VPQH", "--year", str(YEAR), stdout=out)
    assert "CSTD_CO_SO" in out.getvalue()
    document.write_text("changes:\n  - set: nothing\n")
    with pytest.raises(CommandError) as caught:
        call_command("rules", "simulate", "--reform", str(document), "--agency", "VPQH", "--year", str(YEAR))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("rules", "simulate", "--reform", str(tmp_path / "missing.yaml"), "--agency", "VPQH",
                     "--year", str(YEAR))



def test_agency_regulation_in_a_draft_and_in_force(world, officer, people, django_capture_on_commit_callbacks):
    from thidua.rules.models import AgencyRegulation

    reform = _reform(world, officer, """
changes:
  - regulation: giay_khen_excellent
    from: 2025-01-01
    reference: "Dự thảo Quy chế thi đua, khen thưởng, Điều 6"
""", title="Giấy khen chỉ cho người hoàn thành xuất sắc")
    changed = _run(officer, reform, world.root, ["GIAY_KHEN"], django_capture_on_commit_callbacks).changed()
    assert {row["person"] for row in changed} == {people["P4"].pk, people["P5"].pk}
    assert all(not row["draft"] and row["reasons"][0]["condition"] == "c_reg_giay_khen_excellent"
               for row in changed)
    # once the agency puts the regulation into force, the law in force already has it: the draft changes nothing
    AgencyRegulation.objects.create(agency=world.agency, key="giay_khen_excellent", decision_number="7/QĐ-VPQH",
                                    decision_date=datetime.date(2024, 12, 20), effective_from=datetime.date(2025, 1, 1))
    again = _run(officer, reform, world.root, ["GIAY_KHEN"], django_capture_on_commit_callbacks).report
    assert again["changed_total"] == 0
    assert next(r for r in again["summary"])["law"] == 3
    with pytest.raises(ReformError) as caught, translation.override("en"):
        parse("changes:\n  - regulation: cstd_co_so_quota\n    from: 2025-01-01\n    value: 400\n    reference: x\n")
    assert "from 1 to 100" in caught.value.messages[0]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_writes_a_draft_and_reads_its_impact_in_the_browser(browser, world, people):
    page = browser.new_context(base_url=browser.base_url, locale="vi-VN").new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/accounts/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw-Strong-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(reverse("policy:reform_create"))
    page.select_option("#id_unit", str(world.root.pk))
    page.fill("#id_title", "CSTĐCS cần sáng kiến")
    page.fill("#id_purpose", "Khuyến khích sáng kiến.")
    page.fill("#id_document", "changes:\n  - set: nothing\n")
    page.click("main form button[type=submit]")
    assert "không có tham số “nothing”" in page.locator("main").inner_text()
    page.fill("#id_document", REQUIRE_INITIATIVE)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/policy/" in url and "/new/" not in url)
    page.fill("#id_year", str(YEAR))
    page.check("input[name=awards][value=CSTD_CO_SO]")
    page.click("text=Chạy mô phỏng")
    page.wait_for_selector("[data-testid=changed]", timeout=60_000)
    main = page.locator("main").inner_text()
    assert "Trần Thị Bình" in main and "Hoàn thành xuất sắc nhiệm vụ" in main
    assert page.locator("svg[role=img] title").count() == 4
    assert not errors
    from test_accessibility import violations  # axe-core, injected past the CSP in a context of its own

    audit = browser.new_context(base_url=browser.base_url, locale="vi-VN", bypass_csp=True)
    audit.add_cookies(page.context.cookies())
    checker = audit.new_page()
    reform = Reform.objects.get()
    problems = [p for url in ("/policy/", reform.get_absolute_url(), reform.simulations.get().get_absolute_url())
                for p in violations(checker, url)]
    assert problems == [], "\n".join(problems)


def test_changed_list_is_stored_in_pages_and_read_one_page_at_a_time(world, officer, people, client, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    from thidua.policy import documents, models, views

    for module in (models, services, documents, views):
        monkeypatch.setattr(module, "CHANGES_PER_PAGE", 2)
    simulation = _run(officer, _reform(world, officer), world.root, ["LDTT", "CSTD_CO_SO"],
                      django_capture_on_commit_callbacks)
    assert simulation.change_pages.count() == 2 and simulation.report["changed_stored"] == 3
    ordered = [row["name"] for row in documents.StoredChanges(simulation)]
    assert ordered == ["Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]  # given name first: Bình, Cường, Dung
    assert [row["name"] for row in documents.StoredChanges(simulation)[1:3]] == ordered[1:3]
    client.force_login(officer)
    second = client.get(simulation.get_absolute_url() + "?page=2").content.decode()
    assert "Phạm Thị Dung" in second and "Trần Thị Bình" not in second and "Lê Văn Cường" not in second


LDTT_SHARE = """
changes:
  - set: conditions.tt_ldtt_min_ldtt_share
    from: 2025-01-01
    value: 0.7
"""


def _collectives(world):
    """Phòng Thư ký: 3 of 5 members hold LĐTT (60%, also for its parent Vụ Tổng hợp); Vụ Pháp luật 3 of 4."""
    from thidua.awards.models import AwardRecord
    from thidua.organization.models import UnitRating

    for unit, members, holders in ((world.div_a1, 5, 3), (world.dept_b, 4, 3)):  # 60% and 75%
        for k in range(members):
            person = world.person(f"{unit.code}-{k}", f"Nguyễn Văn {unit.code} {k}", unit=unit)
            if k < holders:
                AwardRecord.objects.create(person=person, award_code="LDTT", year=YEAR, decision_number="5/QĐ",
                                           decision_date=datetime.date(YEAR, 12, 20), authority="VPQH")
    for unit in (world.div_a1, world.dept_a, world.dept_b):  # the root has no rating: not eligible either way
        UnitRating.objects.create(unit=unit, year=YEAR, rating="HTTNV")


def test_collective_reform_moves_exactly_the_expected_units(world, officer, client,
                                                            django_capture_on_commit_callbacks):
    """Tập thể LĐTT needs more than half of the members holding LĐTT; the draft asks for more than 70%."""
    _collectives(world)
    reform = _reform(world, officer, LDTT_SHARE, title="Tập thể LĐTT: hơn 70% thành viên đạt LĐTT")
    simulation = _run(officer, reform, world.root, ["LDTT", "TT_LDTT"], django_capture_on_commit_callbacks)
    report = simulation.report
    # Vụ Tổng hợp counts the members of its Phòng Thư ký: 3 of 5 (60%) for both; Vụ Pháp luật keeps 75%
    assert {row["unit"] for row in report["changed_units"]} == {world.dept_a.pk, world.div_a1.pk}
    assert all(row["award"] == "TT_LDTT" and row["law"] and not row["draft"]
               and [r["condition"] for r in row["reasons"]] == ["c_ldtt_over_half"] for row in report["changed_units"])
    row = next(r for r in report["summary"] if r["award"] == "TT_LDTT")
    assert (row["subject"], row["people"], row["law"], row["draft"], row["lost"]) == ("unit", 4, 3, 1, 2)
    assert report["units"] == 4 and simulation.changed() == []  # no person's answer moves
    client.force_login(officer)
    html = client.get(simulation.get_absolute_url()).content.decode()
    assert 'data-testid="changed-units"' in html and "Phòng Thư ký" in html


def test_adoption_makes_the_draft_law_from_its_effective_date(world, officer, people, client):
    """A reviewed draft is adopted by a decision: from its effective date it is the agency's law in force, as a
    new version of the rules; before that date the old law answers. The author cannot adopt; all audited."""
    reform = _reform(world, officer)  # CSTĐCS needs an initiative (from 2025-01-01 in the draft)
    reviewer = world.user("reviewer", Role.ADMINISTRATOR)
    decision = {"decision_number": "12/QĐ-VPQH", "decision_date": datetime.date(2025, 12, 20),
                "signer": "Chủ nhiệm Văn phòng Quốc hội", "effective_from": datetime.date(2026, 1, 1)}
    services.submit_reform(actor=officer, reform=reform)
    with pytest.raises(ValidationError):  # not reviewed yet
        services.adopt_reform(actor=reviewer, reform=reform, **decision)
    services.review_reform(actor=reviewer, reform=reform, accept=True, comment="Đủ cơ sở trình Hội đồng.")
    with pytest.raises(PermissionDenied):  # separation of duties: the author never adopts
        services.adopt_reform(actor=officer, reform=reform, **decision)
    with pytest.raises(ValidationError):  # takes effect before it is signed
        services.adopt_reform(actor=reviewer, reform=reform, **{**decision, "effective_from": datetime.date(2025, 1, 1)})
    everyone = world.agency.people.all()
    before = evaluate_people(everyone, YEAR, ["CSTD_CO_SO"], as_of=datetime.date(2026, 1, 15))["CSTD_CO_SO"]
    assert int(before["eligible"].sum()) == 3 and before["version"] == law_version()

    adopted = services.adopt_reform(actor=reviewer, reform=reform, **decision)
    assert adopted.status == ReformStatus.ADOPTED and adopted.adopted_version not in ("", law_version())
    old = evaluate_people(everyone, YEAR, ["CSTD_CO_SO"], as_of=datetime.date(2025, 12, 31))["CSTD_CO_SO"]
    new = evaluate_people(everyone, YEAR, ["CSTD_CO_SO"], as_of=datetime.date(2026, 1, 15))["CSTD_CO_SO"]
    assert int(old["eligible"].sum()) == 3 and int(new["eligible"].sum()) == 0
    assert old["version"] == new["version"] == adopted.adopted_version  # the agency's rules answered, dated inside
    from thidua.rules.bridge import evaluate_units

    collectives = evaluate_units(world.agency.units.all(), YEAR, ["TT_LDTT"])["TT_LDTT"]
    assert collectives["version"] == adopted.adopted_version  # collectives are answered by the same rules
    other = world.other_agency
    assert not other.adopted_reforms.exists()  # only the drafting unit's agency
    event = AuditEvent.objects.get(action="reform.adopt")
    assert event.summary["decision_number"] == "12/QĐ-VPQH" and event.summary["rules_version"] == adopted.adopted_version
    with pytest.raises(ValidationError):  # adopted drafts cannot be edited
        services.update_reform(actor=officer, reform=adopted, title="x", purpose="y", document=REQUIRE_INITIATIVE)
    with pytest.raises(ValidationError):  # nor adopted twice
        services.adopt_reform(actor=reviewer, reform=adopted, **decision)
    client.force_login(reviewer)
    html = client.get(reverse("policy:reform_detail", args=[reform.pk])).content.decode()
    assert "12/QĐ-VPQH" in html and adopted.adopted_version in html


def test_bridge_reads_only_the_people_asked_for_between_their_keys(world):
    """The bridge reads a dense range of keys and masks out whoever is not in the population: a person whose
    key falls between two others' never lends them a rating."""
    first = world.person("Q1", "Ngô Thị Lan")
    outsider = world.person("Q2", "Đinh Văn Minh")
    last = world.person("Q3", "Tạ Văn Nam")
    for person, rating in ((first, "HTXSNV"), (outsider, "HTXSNV")):  # the last has no rating at all
        for year in (YEAR - 1, YEAR):
            YearlyRating.objects.create(person=person, year=year, rating=rating)
    from thidua.organization.models import Person

    result = evaluate_people(Person.objects.filter(pk__in=[first.pk, last.pk]), YEAR, ["LDTT"])["LDTT"]
    assert dict(zip(result["ids"].tolist(), result["eligible"].tolist(), strict=True)) == {first.pk: True,
                                                                                          last.pk: False}


def test_backtest_covers_the_rounds_collective_proposals(world, officer, client,
                                                         django_capture_on_commit_callbacks):
    """A past round's collective nominations are replayed too: the law of its date reproduces their stored
    answers, and each collective whose answer the draft changes says whether it was proposed in the round."""
    from thidua.nominations import services as nominations
    from thidua.nominations.models import Round

    _collectives(world)
    round_ = nominations.open_round(actor=officer, unit=world.root, title="Xét tập thể năm 2025", year=YEAR,
                                    award_codes=["TT_LDTT"],
                                    nomination_deadline=timezone.localdate() + datetime.timedelta(days=3))
    for unit in (world.div_a1, world.dept_b):
        nominations.nominate(actor=officer, round_=round_, award_code="TT_LDTT", collective=unit)
    Round.objects.filter(pk=round_.pk).update(nomination_deadline=datetime.date(2026, 1, 15))
    round_.refresh_from_db()
    reform = _reform(world, officer, LDTT_SHARE, title="Tập thể LĐTT: hơn 70% thành viên đạt LĐTT")
    simulation = _run(officer, reform, round_.unit, round_.award_codes, django_capture_on_commit_callbacks,
                      as_of=round_.nomination_deadline, round_=round_)
    assert simulation.report["reproduction"] == {"checked": 2, "reproduced": 2, "mismatches": []}
    changed = {(row["unit"], row["nominated"]) for row in simulation.report["changed_units"]}
    assert changed == {(world.div_a1.pk, True), (world.dept_a.pk, False)}
    client.force_login(officer)
    table = client.get(simulation.get_absolute_url()).content.decode() \
        .split('data-testid="changed-units"', 1)[1].split("</table>", 1)[0]
    assert "Đã được đề nghị trong đợt" in table
    assert f"<th scope=\"row\">{world.div_a1.name}</th>" in table and table.count("<td>Có</td>") == 1
    from thidua.nominations.models import Nomination

    Nomination.objects.filter(collective=world.dept_b).update(engine_eligible=False)  # a stored answer differs
    again = _run(officer, reform, round_.unit, round_.award_codes, django_capture_on_commit_callbacks,
                 as_of=round_.nomination_deadline, round_=round_)
    assert again.report["reproduction"]["reproduced"] == 1
    assert [(m["name"], m["award"], m["stored"], m["now"]) for m in again.report["reproduction"]["mismatches"]] \
        == [(world.dept_b.name, "TT_LDTT", False, True)]


ADOPTED = """
changes:
  - set: conditions.cstd_co_so_requires_initiative
    from: 2025-01-01
    value: 1
  - require: c_cstd_achievement
    award: LDTT
    from: 2025-01-01
    reference: Dự thảo Quy chế thi đua, Điều 4
  - regulation: giay_khen_excellent
    from: 2025-01-01
    reference: Dự thảo Quy chế thi đua, Điều 5
  - switch: c_not_new_recruit
    from: 2025-01-01
    to: met
"""


def test_adopted_reform_reasons_cite_the_adopting_decision(world, officer, people, client):
    """Under an adopted reform, the condition whose parameter it changed and the condition it added are in
    the reasons, citing the decision (number, date); every 'no' names a failed condition and its basis."""
    reform = _reform(world, officer, ADOPTED, title="Sáng kiến cho LĐTT và CSTĐCS")
    reviewer = world.user("reviewer", Role.ADMINISTRATOR)
    services.submit_reform(actor=officer, reform=reform)
    services.review_reform(actor=reviewer, reform=reform, accept=True, comment="Đủ cơ sở.")
    services.adopt_reform(actor=reviewer, reform=reform, decision_number="12/QĐ-VPQH",
                          decision_date=datetime.date(2025, 5, 20), signer="Chủ nhiệm Văn phòng Quốc hội",
                          effective_from=datetime.date(2025, 6, 1))
    citation = "Quyết định số 12/QĐ-VPQH ngày 20/05/2025"
    everyone = world.agency.people.all()
    codes = ["LDTT", "CSTD_CO_SO", "GIAY_KHEN"]
    before = evaluate_people(everyone, YEAR, codes, as_of=datetime.date(2025, 5, 31))
    after = evaluate_people(everyone, YEAR, codes, as_of=datetime.date(2025, 12, 31))
    assert not any(r["reference"] == citation for code in before for row in before[code]["reasons"] for r in row)
    p1, p4 = people["P1"].pk, people["P4"].pk

    def reasons(result, code, pk):
        return result[code]["reasons"][list(result[code]["ids"]).index(pk)]

    cstd = {r["condition"]: r for r in reasons(after, "CSTD_CO_SO", p1)}
    assert cstd["c_cstd_achievement"]["met"] is False and cstd["c_cstd_achievement"]["reference"] == citation
    assert "Điều 23" in cstd["c_cstd_achievement"]["law_reference"]  # the article it changes
    assert cstd["c_holds_ldtt"]["reference"] != citation  # untouched conditions keep the law's article
    added = [r for r in reasons(after, "LDTT", p4) if r["condition"] == "c_cstd_achievement"]
    assert [(r["met"], r["reference"]) for r in added] == [(False, citation)]
    assert not [r for r in reasons(before, "LDTT", p4) if r["condition"] == "c_cstd_achievement"]
    switched = [r for r in reasons(after, "LDTT", p4) if r["condition"] == "c_not_new_recruit"]
    assert [(r["met"], r["reference"]) for r in switched] == [(True, citation)]
    regulation = [r for r in reasons(after, "GIAY_KHEN", p4) if r.get("regulation") == "giay_khen_excellent"]
    assert [(r["met"], r["reference"]) for r in regulation] == [(False, citation)]  # not the draft's article
    for code in codes:
        moved = 0
        for k, (old, new) in enumerate(zip(before[code]["eligible"], after[code]["eligible"], strict=True)):
            if old and not new:  # every 'no' the decision causes names a failed condition citing it
                moved += 1
                assert any(r["met"] is False and r["reference"] == citation for r in after[code]["reasons"][k])
        assert moved >= 1
    client.force_login(officer)  # the person's page answers under the adopted law and cites the decision
    html = client.get(reverse("rules:why_not", args=[p4]) + f"?year={YEAR}").content.decode()
    section = html.split('id="award-LDTT"', 1)[1].split("</details>", 1)[0]
    assert "chưa đủ điều kiện" in section
    assert f"({citation})" in section
    assert f"<li>Giấy khen chỉ xét cho cá nhân hoàn thành xuất sắc nhiệm vụ — {citation}</li>" in html  # applied
