"""Dashboards, drill-down, statutory forms 0601–0605 against hand-counted fixtures, their Excel layout and
traceability, and review packs (unit, movement, block) exported as Word and PDF."""

import datetime
import io
import re

import pytest
from decree30 import assert_decree30
from docx import Document
from openpyxl import load_workbook

from thidua.accounts.models import Role, RoleAssignment
from thidua.awards.models import AwardRecord
from thidua.nominations.models import Decision, Round
from thidua.organization.models import Agency, BlockMembership, EmulationBlock, Unit
from thidua.reports import selectors, statutory
from thidua.reports.excel import workbook

D = datetime.date
YEAR = 2025


def award(code, when, *, person=None, unit=None, decision=None, bonus=None):
    return AwardRecord.objects.create(person=person, unit=unit, award_code=code, year=when.year, decision_date=when,
                                      decision_number=f"{code[:3]}/{when:%m%d}", authority="Thủ tướng Chính phủ",
                                      decision=decision, bonus_vnd=bonus)


@pytest.fixture
def records(world):
    p1 = world.person("P1", "Trần Thị Hoa")
    p1.position, p1.gender = "Vụ trưởng", "female"
    p1.save()
    p2 = world.person("P2", "Lê Văn Nam", unit=world.dept_b)
    p2.position = "Chuyên viên"
    p2.save()
    p3 = world.person("P3", "Phạm Thị Lan")
    p3.position, p3.gender = "Phó Trưởng phòng", "female"
    p3.save()
    thematic = Round.objects.create(agency=world.agency, unit=world.root, kind="thematic", title="Chuyên đề",
                                    year=YEAR, award_codes=["HCLD_3"], nomination_deadline=D(YEAR, 3, 1))
    decision = Decision.objects.create(round=thematic, agency=world.agency, number="1/QĐ-CTN", year=YEAR,
                                       date=D(YEAR, 5, 10), signer="x", signer_title="x", authority="Chủ tịch nước",
                                       award_code="HCLD_3")
    award("HCLD_3", D(YEAR, 5, 10), person=p1, decision=decision, bonus=10_530_000)
    award("BANG_KHEN_TTCP", D(YEAR, 6, 1), person=p2, bonus=8_190_000)
    award("CSTD_TOAN_QUOC", D(YEAR, 3, 1), person=p3)
    award("CO_THI_DUA_CP", D(YEAR, 2, 1), unit=world.dept_a)
    award("BANG_KHEN_TTCP", D(YEAR, 2, 1), unit=world.dept_a)
    award("HCLD_2", D(YEAR - 1, 12, 31), person=p1)  # outside the period
    award("BANG_KHEN_BO", D(YEAR, 4, 1), person=p2, bonus=3_510_000)
    award("CSTD_BO", D(YEAR, 4, 1), person=p3)
    award("CO_THI_DUA_BO", D(YEAR, 4, 1), unit=world.dept_b)
    award("LDTT", D(YEAR, 1, 20), person=p1)
    other = Unit.objects.create(agency=world.other_agency, parent=world.other_root, code="V1", name="Vụ 1")
    award("BANG_KHEN_TTCP", D(YEAR, 6, 1), unit=other)  # another agency
    return {"p1": p1, "p2": p2, "p3": p3}


def result(code, world):
    return statutory.compute(code, agency=world.agency, start=D(YEAR, 1, 1), end=D(YEAR, 12, 31))


def test_form_0602_state_awards_match_the_hand_count(world, records):
    r = result("0602", world)
    expected = {("01", "total"): 5, ("02", "total"): 5, ("03", "total"): 0, ("04", "total"): 2, ("07", "total"): 3,
                ("08", "total"): 0, ("09", "total"): 1, ("11", "total"): 1, ("12", "total"): 1, ("13", "total"): 4,
                ("14", "total"): 1, ("01", "HCLD_3:person"): 1, ("01", "HCLD_2:person"): 0,
                ("04", "CO_THI_DUA_CP:unit"): 1, ("04", "BANG_KHEN_TTCP:unit"): 1, ("07", "BANG_KHEN_TTCP:person"): 1,
                ("07", "CSTD_TOAN_QUOC:person"): 1, ("14", "HCLD_3:person"): 1}
    assert {key: r.count(*key) for key in expected} == expected
    names = {r.records[i]["person__full_name"] for i in r.cells[("07", "total")]}
    assert names == {"Trần Thị Hoa", "Lê Văn Nam", "Phạm Thị Lan"}


def test_form_0603_ministry_awards_match_the_hand_count(world, records):
    r = result("0603", world)
    expected = {("01", "total"): 3, ("02", "total"): 1, ("02", "co"): 1, ("05", "total"): 2, ("05", "bang_khen"): 1,
                ("05", "cstd"): 1, ("09", "cstd"): 1, ("10", "bang_khen"): 1, ("11", "total"): 3,
                ("01", "huy_hieu"): 0}
    assert {key: r.count(*key) for key in expected} == expected


def test_forms_0601_0604_0605_count_movements_units_and_officers(world, officer, records):
    from thidua.movements import services as movement_services

    rubric = movement_services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí")
    movement_services.add_criterion(actor=officer, rubric=rubric, group="G", code="A1", name="A", max_score=10)

    def launch(title, start, end, unit, kind="regular", parent=None):
        return movement_services.launch(actor=officer, title=title, year=start.year, rubric=rubric, unit=unit,
                                        participants=[c for c in unit.children.all()] or None, kind=kind,
                                        starts_on=start, ends_on=end, registration_until=start, reporting_until=end,
                                        scoring_from=end, scoring_until=end, parent=parent)

    programme = launch("Giai đoạn 2025–2030", D(2025, 1, 1), D(2030, 12, 31), world.root)
    launch("Năm 2025", D(2025, 1, 1), D(2025, 12, 31), world.root, parent=programme)  # a part: not counted again
    launch("Chuyên đề 6 tháng", D(2025, 3, 1), D(2025, 8, 31), world.dept_a, kind="thematic")
    r = result("0601", world)
    assert (r.count("01", "total"), r.count("03", "ministry"), r.count("05", "unit"), r.count("10", "total"),
            r.count("06", "total"), r.count("11", "total"), r.count("12", "total")) == (2, 1, 1, 1, 1, 1, 1)

    officer.person = records["p3"]
    officer.save()
    Unit.objects.filter(pk=world.div_a1.pk).update(kind="division")
    RoleAssignment.objects.create(user=world.user("officer2", Role.EMULATION_OFFICER, world.div_a1),
                                  role=Role.EMULATION_OFFICER, unit=world.dept_b)
    r = result("0604", world)
    assert (r.count("01", "total"), r.count("02", "total"), r.count("03", "total")) == (3, 1, 1)
    records["p3"].date_of_birth = D(1990, 6, 1)
    records["p3"].save()
    r = result("0605", world)
    assert (r.count("01", "total"), r.count("01", "female"), r.count("03", "female")) == (1, 1, 1)  # 35 at the end of 2025


def test_excel_is_in_the_form_layout_and_every_cell_is_traceable(world, records):
    r = result("0602", world)
    book = load_workbook(io.BytesIO(workbook(r)))
    sheet = book["Biểu 0602"]
    assert sheet["A1"].value == "Biểu số: 0602.N/BNV-TĐKT"
    assert "02/2023/TT-BNV" in sheet["A2"].value
    assert sheet["A5"].value == "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC"
    rows = {sheet.cell(row=i, column=2).value: i for i in range(1, sheet.max_row + 1)}
    individuals = sheet.cell(row=rows["07"], column=4)  # A, B, C (unit of count), then column 1: total
    assert individuals.value == 3
    assert "line=07" in individuals.hyperlink.target and "column=total" in individuals.hyperlink.target
    sources = book["Nguồn số liệu"]
    assert sources.max_row == 1 + 5
    assert any("Trần Thị Hoa" in (row[1] or "") and "07" in row[2] for row in sources.iter_rows(values_only=True))


def test_statutory_pages_drill_to_records_and_are_closed_to_staff(world, officer, records, client):
    client.force_login(officer)
    base = f"agency={world.agency.pk}&start={YEAR}-01-01&end={YEAR}-12-31"
    page = client.get(f"/reports/statutory/0602/?{base}").content.decode()
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in page
    cell = client.get(f"/reports/statutory/0602/cell/?{base}&line=07&column=total").content.decode()
    assert all(name in cell for name in ("Trần Thị Hoa", "Lê Văn Nam", "Phạm Thị Lan"))
    response = client.get(f"/reports/statutory/0602/?{base}&export=xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="bieu-0602-N-BNV-TDKT-VPQH-')
    staff = world.user("staff", Role.STAFF)
    client.force_login(staff)
    assert client.get(f"/reports/statutory/0602/?{base}").status_code == 403
    other = world.user("other_officer", Role.EMULATION_OFFICER, world.other_root)
    client.force_login(other)
    page = client.get(f"/reports/statutory/0602/?{base}").content.decode()
    assert "Trần Thị Hoa" not in client.get(f"/reports/statutory/0602/cell/?{base}&line=07&column=total"
                                            ).content.decode()
    assert world.other_agency.name in page  # the form falls back to the officer's own agency


def drill_total(client, url) -> int:
    page = client.get(url).content.decode()
    return int(re.search(r'data-testid="drill-total">(\d+)', page).group(1))


def test_every_dashboard_figure_drills_down_to_the_records_it_counts(world, officer, records, client):
    client.force_login(officer)
    today = datetime.date(YEAR, 12, 31)
    bars = (selectors.awards_by_level(officer, YEAR) + selectors.awards_by_unit(officer, YEAR)
            + selectors.awards_by_gender(officer, YEAR) + selectors.pipeline(officer, YEAR, today)[0])
    assert sum(b.value for b in selectors.awards_by_level(officer, YEAR)) == 9
    assert {b.label: b.value for b in selectors.awards_by_unit(officer, YEAR)} == {"Vụ Tổng hợp": 6, "Vụ Pháp luật": 3}
    assert {b.value for b in selectors.awards_by_gender(officer, YEAR) if b.query.endswith("female")} == {4}
    for bar in bars:
        assert drill_total(client, f"/reports/records/?{bar.query}") == bar.value, bar.label
    bonus = {b.label: b.value for b in selectors.bonus_by_year(officer, YEAR)}
    assert bonus[str(YEAR)] == 10_530_000 + 8_190_000 + 3_510_000
    page = client.get(f"/reports/?year={YEAR}").content.decode()
    assert "<svg" in page and "<desc" in page and f"figure=awards&amp;year={YEAR}&amp;level=state" in page


def test_dashboard_counts_only_the_user_s_scope(world, records):
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    assert sum(b.value for b in selectors.awards_by_level(leader_b, YEAR)) == 3  # P2's two and dept_b's flag


def test_review_packs_for_a_unit_and_a_block_export_to_word_and_pdf(world, officer, records, client):
    client.force_login(officer)
    url = f"/reports/reviews/unit/{world.root.pk}/{YEAR}/final/"
    page = client.get(url).content.decode()
    assert "Trần Thị Hoa" in page  # an exemplary person found in the year (Labour Order)
    response = client.post(url, {"achievements": "Hoàn thành xuất sắc", "limitations": "Hồ sơ còn chậm",
                                 "next_steps": "Số hóa toàn bộ hồ sơ khen thưởng"})
    assert response.status_code == 302
    document = Document(io.BytesIO(client.get(url + "?export=docx").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Hồ sơ còn chậm" in text and "Số hóa toàn bộ hồ sơ khen thưởng" in text
    text = assert_decree30(client.get(url + "?export=pdf").content, issuer=world.root.name, number="…/BC",
                           title="Báo cáo", signer="Thủ trưởng đơn vị")
    assert "Hồ sơ còn chậm" in text and "Nơi nhận:" in text
    staff = world.user("staff", Role.STAFF)
    client.force_login(staff)
    assert client.post(url, {"limitations": "x"}).status_code == 403

    block = EmulationBlock.objects.create(code="K1", name="Khối thi đua", host_agency=world.agency)
    members = [world.agency, world.other_agency, Agency.objects.create(code="BTG", name="Ban Tuyên giáo")]
    Unit.objects.create(agency=members[2], code="BTG", name="Ban Tuyên giáo", kind="agency")
    for agency in members:
        BlockMembership.objects.create(block=block, agency=agency, year=YEAR)
    client.force_login(officer)
    page = client.get(f"/reports/reviews/block/{block.pk}/{YEAR}/mid/").content.decode()
    assert all(a.name in page for a in members)


def test_form_0603_counts_commemorative_medals_and_no_revoked_award(world, records):
    from thidua.awards.services import revoke

    award("KY_NIEM_CHUONG", D(YEAR, 9, 2), person=records["p2"])
    assert (result("0603", world).count("01", "huy_hieu"), result("0603", world).count("01", "total")) == (1, 4)
    cstd = AwardRecord.objects.get(award_code="CSTD_BO")
    revoke(actor=world.admin, award=cstd, ground="false_dossier", decision_number="5/QĐ-BNV", decision_date=D(YEAR, 10, 1),
           authority="Bộ trưởng", reason="Hồ sơ không trung thực")
    after = result("0603", world)
    assert (after.count("01", "cstd"), after.count("01", "total")) == (0, 3)


def test_a_unit_review_pack_shows_the_leaders_example(world, officer, records, client):
    director = world.person("P9", "Đỗ Minh Quân", unit=world.dept_a)
    director.position = "Vụ trưởng"
    director.save()
    award("CSTD_CO_SO", D(YEAR, 12, 1), person=director)
    client.force_login(officer)
    url = f"/reports/reviews/unit/{world.dept_a.pk}/{YEAR}/final/"
    page = client.get(url).content.decode()
    assert "Gương mẫu của người đứng đầu" in page and "Đỗ Minh Quân (Vụ trưởng)" in page
    text = "\n".join(cell.text for table in Document(io.BytesIO(client.get(url + "?export=docx").content)).tables
                     for row in table.rows for cell in row.cells)
    assert "Đỗ Minh Quân (Vụ trưởng)" in text and f"{YEAR}: Chiến sĩ thi đua cơ sở" in text
    section = client.get(f"/api/reviews/unit/{world.dept_a.pk}/{YEAR}/final").json()["sections"][0]
    assert section["rows"][0][0] == "Đỗ Minh Quân (Vụ trưởng)"


def test_movement_and_block_review_packs_show_the_leaders_example_of_each_unit(world, officer, records, client):
    from thidua.movements.models import Movement, Participant, Rubric

    director = world.person("P9", "Đỗ Minh Quân", unit=world.dept_a)
    secretary = world.person("P8", "Ngô Thị Hằng", unit=world.root)
    director.position, secretary.position = "Vụ trưởng", "Bí thư Đảng ủy"
    director.save()
    secretary.save()
    award("CSTD_CO_SO", D(YEAR, 12, 1), person=director)
    day = D(YEAR, 1, 1)
    movement = Movement.objects.create(
        agency=world.agency, unit=world.root, title="Thi đua chuyển đổi số", year=YEAR, starts_on=day, ends_on=day,
        registration_until=day, reporting_until=day, scoring_from=day, scoring_until=day,
        rubric=Rubric.objects.create(agency=world.agency, name="Thang điểm"))
    for unit in (world.dept_a, world.dept_b):
        Participant.objects.create(movement=movement, unit=unit)
    block = EmulationBlock.objects.create(code="K1", name="Khối thi đua", host_agency=world.agency)
    for agency in (world.agency, world.other_agency):
        BlockMembership.objects.create(block=block, agency=agency, year=YEAR)
    client.force_login(officer)
    for path, unit, leader in ((f"movement/{movement.pk}", world.dept_a, "Đỗ Minh Quân (Vụ trưởng)"),
                               (f"block/{block.pk}", world.root, "Ngô Thị Hằng (Bí thư Đảng ủy)")):
        url = f"/reports/reviews/{path}/{YEAR}/final/"
        page = client.get(url).content.decode()
        assert "Gương mẫu của người đứng đầu" in page and leader in page
        text = "\n".join(cell.text for table in Document(io.BytesIO(client.get(url + "?export=docx").content)).tables
                         for row in table.rows for cell in row.cells)
        assert leader in text
        [section] = client.get(f"/api/reviews/{path}/{YEAR}/final").json()["sections"]
        assert section["headers"][:2] == ["Đơn vị", "Người đứng đầu"]
        assert [row[:2] for row in section["rows"]] == [[unit.name, leader]]
    assert "Chiến sĩ thi đua cơ sở" in str(client.get(f"/api/reviews/movement/{movement.pk}/{YEAR}/final").json())
