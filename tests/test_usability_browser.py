"""A day in the life, in a real browser: the block page and its rotation, a meeting at its local time, and a
Word document opened and checked for the Decree 30 header."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document

from thidua.accounts.models import Role
from thidua.councils.models import Council, CouncilMember, Meeting
from thidua.organization import services as organization
from thidua.organization.models import Agency, YearlyRating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    return browser.new_context(base_url=browser.base_url, locale="vi-VN").new_page()


def login(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-Strong-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_block_page_rotates_leadership_into_a_new_year(page, world, settings):
    settings.THIDUA_REQUIRE_2FA = False
    agencies = [world.agency, world.other_agency, Agency.objects.create(code="C", name="Cơ quan C")]
    block = organization.create_block(actor=world.admin, code="K1", name="Khối thi đua số 1", kind="block",
                                      host_agency=world.agency)
    organization.set_block_members(actor=world.admin, block=block, year=2025, agencies=agencies,
                                   leader=agencies[0], deputy=agencies[1])
    world.user("khoi", Role.EMULATION_OFFICER, world.root)
    login(page, "khoi")
    page.goto(f"/blocks/{block.pk}/")
    assert page.locator("h1").inner_text().startswith("Khối thi đua số 1")
    page.click("[data-testid=rotate]")
    page.wait_for_load_state()
    rows = page.locator("[data-testid=rotation] tbody tr").all_inner_texts()
    assert rows[0].split("\t")[:2] == ["2026", "Ban Tổ chức Trung ương"]
    assert "Cơ quan C" in page.locator("main table").first.inner_text()  # every member carried into 2026
    page.click("[data-testid=edit-members]")
    assert page.locator("#id_year").input_value() == "2026"


def test_a_meeting_shows_its_local_time_to_a_council_member(page, world, settings):
    settings.THIDUA_REQUIRE_2FA = False
    council = Council.objects.create(agency=world.agency, unit=world.root, kind="emulation", name="Hội đồng TĐKT")
    member = world.user("uyvien")
    CouncilMember.objects.create(council=council, user=member, role="member", term_start=datetime.date(2024, 1, 1))
    day = timezone.localdate() + datetime.timedelta(days=2)
    meeting = Meeting.objects.create(council=council, title="Phiên họp xét khen thưởng", location="Phòng họp 1",
                                     starts_at=datetime.datetime.combine(day, datetime.time(1, 30), tzinfo=datetime.UTC))
    login(page, "uyvien")
    assert page.locator("[data-testid=meeting-time]").inner_text() == f"{day:%d/%m/%Y} 08:30"
    page.click("text=Phiên họp xét khen thưởng")
    assert f"{day:%d/%m/%Y} 08:30" in page.locator("main").inner_text()
    assert meeting.get_absolute_url() in page.url


def test_submission_letter_downloads_with_the_decree_30_header(page, world, settings, tmp_path):
    from thidua.nominations import services

    settings.THIDUA_REQUIRE_2FA = False
    officer = world.user("officer", Role.EMULATION_OFFICER)
    leader = world.user("leader", Role.UNIT_LEADER, world.div_a1)
    person = world.person("G1", "Trần Thị Lan")
    YearlyRating.objects.create(person=person, year=2025, rating="HTTNV")
    round_ = services.open_round(actor=officer, unit=world.root, title="Năm 2025", year=2025, award_codes=["LDTT"],
                                 nomination_deadline=timezone.localdate() + datetime.timedelta(days=10))
    services.nominate(actor=leader, round_=round_, award_code="LDTT", person=person)
    login(page, "officer")
    page.goto(f"/rounds/{round_.pk}/proposals/?unit={world.dept_a.pk}")
    with page.expect_download() as info:
        page.click("text=Tờ trình (Word)")
    download = info.value
    assert download.suggested_filename == "to-trinh-2025-VTH.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    letter = Document(io.BytesIO(path.read_bytes()))
    issuer, motto = (cell.text for cell in letter.tables[0].rows[0].cells)
    assert motto.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert f"ngày {timezone.localdate():%d} tháng {timezone.localdate():%m} năm" in motto
    assert issuer.split("\n")[:2] == ["VĂN PHÒNG QUỐC HỘI", "VỤ TỔNG HỢP"] and "Số: …/TTr" in issuer
    body = [p for p in letter.paragraphs if p.text]
    assert body[0].text == "TỜ TRÌNH" and body[0].runs[0].bold
    assert "Trần Thị Lan" in [row.cells[1].text for row in letter.tables[1].rows]
    section = letter.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
