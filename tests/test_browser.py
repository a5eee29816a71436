"""Browser tests: Playwright driving Debian's chromium against the live server."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser, **options):
    """A separate browser context: its own cookies, as on another person's device."""
    return browser.new_context(base_url=browser.base_url, locale="vi-VN", **options).new_page()


@pytest.fixture
def page(browser):
    return new_page(browser)


def login(page, username="root"):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-Strong-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_login_switch_language_and_search_without_diacritics(page, world):
    world.person("P1", "Nguyễn Văn Đức")
    world.person("P2", "Trần Thị Lan")
    login(page)
    assert page.locator("h1").inner_text() == "Thi đua – Khen thưởng"
    page.click("[data-testid=lang-en]")
    assert page.locator("h1").inner_text() == "Emulation and commendation"
    page.goto("/people/?q=nguyen+van+duc")
    body = page.locator("main").inner_text()
    assert "Nguyễn Văn Đức" in body and "Trần Thị Lan" not in body


def test_import_with_one_bad_row_shows_that_row_and_writes_nothing(page, world, tmp_path):
    from thidua.organization.models import Person

    csv = tmp_path / "people.csv"
    csv.write_text("Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Đối tượng,Chức vụ,Ngạch/Hạng,Mã đơn vị,Ngày vào đơn vị\n"
                   "CB1,Nguyễn Văn An,Nam,,Công chức,,,VTH,\nCB2,Lê Thị Hoa,Nữ,,Công chức,,,KHONGCO,\n",
                   encoding="utf-8")
    login(page)
    page.goto("/import/")
    page.select_option("#id_kind", "people")
    page.select_option("#id_agency", str(world.agency.pk))
    page.set_input_files("#id_file", str(csv))
    page.click("main button[type=submit]")
    errors = page.locator("[data-testid=import-errors]").inner_text()
    assert "3" in errors and "KHONGCO" in errors
    assert Person.objects.count() == 0


def test_register_an_initiative_with_two_coauthors(page, world):
    from thidua.initiatives.models import Initiative

    world.person("A1", "Nguyễn Văn Đức")
    world.person("A2", "Trần Thị Lan")
    login(page)
    page.goto("/initiatives/new/")
    page.select_option("#id_unit", str(world.div_a1.pk))
    page.fill("#id_title", "Số hoá sổ khen thưởng")
    page.fill("#id_problem", "Sổ giấy khó tra cứu")
    page.fill("#id_solution", "Nhập sổ vào hệ thống")
    page.fill("#id_first_applied_on", "2025-02-01")
    page.fill("#id_authors-0-code", "A1")
    page.fill("#id_authors-0-share", "60")
    page.fill("#id_authors-1-code", "A2")
    page.fill("#id_authors-1-share", "30")
    page.click("main button[type=submit]")
    assert "100%" in page.locator("[role=alert]").first.inner_text()  # shares sum to 90: refused, form kept
    assert page.input_value("#id_title") == "Số hoá sổ khen thưởng"
    page.fill("#id_authors-1-share", "40")
    page.click("main button[type=submit]")
    authors = page.locator("[data-testid=authors]").inner_text()
    assert "Nguyễn Văn Đức — 60%" in authors and "Trần Thị Lan — 40%" in authors
    assert Initiative.objects.get().authors.count() == 2


def test_three_members_vote_from_three_browsers(browser, world):
    """Three members, each in their own browser: as trustees they make the key on their devices, as voters
    they encrypt their ballots there, then two of them count. The server only ever sees ciphertexts."""
    import datetime
    import time

    from django.utils import timezone

    from thidua.councils import ballot, services
    from thidua.councils.models import Ballot, Council, CouncilMember

    council = Council.objects.create(agency=world.agency, unit=world.root, kind="emulation", name="Hội đồng TĐKT")
    members = [world.user(name) for name in ("chair", "member1", "member2")]
    for user, role in zip(members, ("chair", "vice_chair", "member"), strict=True):
        CouncilMember.objects.create(council=council, user=user, role=role, term_start=datetime.date(2024, 1, 1))
    meeting = services.schedule_meeting(actor=world.admin, council=council, title="Họp", starts_at=timezone.now())
    services.record_attendance(actor=world.admin, meeting=meeting, present_ids=[m.pk for m in council.members.all()])
    poll = services.add_poll(actor=world.admin, meeting=meeting, title="Xét CSTĐCS", award_code="CSTD_CO_SO",
                             candidates=[{"label": "Nguyễn Văn Đức"}])
    pages = []
    for user in members:
        pages.append(new_page(browser))
        login(pages[-1], user.username)
        pages[-1].goto(f"/councils/polls/{poll.pk}/")
    pages[0].get_by_role("button", name="Mở biểu quyết").click()
    codes = []
    for page in pages:  # round 1: each browser makes its trustee's code and publishes the public keys
        page.goto(f"/councils/polls/{poll.pk}/")
        page.get_by_role("button", name="Tạo mã kiểm phiếu của tôi").click()
        codes.append(page.get_by_test_id("trustee-code").input_value())
        page.get_by_role("button", name="Công bố khóa công khai của tôi").click()
        page.wait_for_selector("[data-testid=trustee-wait], [data-step=shares]")
    for page, code in zip(pages, codes, strict=True):  # round 2: encrypted shares to the other trustees
        page.goto(f"/councils/polls/{poll.pk}/")
        page.get_by_test_id("trustee-code").fill(code)
        page.get_by_role("button", name="Gửi các phần khóa đã mã hóa").click()
        page.wait_for_selector("[data-testid=trustee-wait], [data-testid=ballot]")
    trackers = []
    for page, choice in zip(pages, ("Đồng ý", "Đồng ý", "Không đồng ý"), strict=True):
        page.goto(f"/councils/polls/{poll.pk}/")
        page.get_by_label(choice, exact=True).check()
        start = time.perf_counter()
        page.get_by_role("button", name="Mã hóa và bỏ phiếu").click()
        page.get_by_test_id("tracker-match").wait_for()  # the server kept exactly what this browser encrypted
        assert time.perf_counter() - start < 2
        trackers.append(page.get_by_test_id("tracker").inner_text())
    assert sorted(trackers) == sorted(Ballot.objects.values_list("tracker", flat=True))
    for stored in Ballot.objects.values_list("content", flat=True):
        assert "approve" not in str(stored) and "Đồng ý" not in str(stored)
    pages[0].goto(f"/councils/polls/{poll.pk}/")
    assert "3/3 người đã bỏ phiếu" in pages[0].get_by_test_id("progress").inner_text()
    assert pages[0].locator("[data-testid=tally]").count() == 0  # sealed until counted
    pages[0].get_by_role("button", name="Kết thúc bỏ phiếu").click()
    for page, code in zip(pages[1:], codes[1:], strict=True):  # any two trustees count
        page.goto(f"/councils/polls/{poll.pk}/")
        page.get_by_test_id("trustee-code").fill(code)
        page.get_by_role("button", name="Giải mã phần kết quả của tôi").click()
    page = pages[2]
    tally = page.get_by_test_id("tally").inner_text()
    assert "Nguyễn Văn Đức\t2\t1\t0" in tally and "Không đạt" in tally  # 2 of 3 < 70%
    page.get_by_label("Tìm mã theo dõi phiếu của tôi").fill(trackers[2])
    page.get_by_role("button", name="Tìm kiếm").click()
    assert "đã được kiểm" in page.get_by_test_id("tracker-result").inner_text()
    poll.refresh_from_db()
    assert ballot.verify_board(services.board(poll))[0]["approve"] == 2


def test_one_nomination_from_proposal_to_decision(page, world):
    import datetime

    from django.utils import timezone

    from thidua.accounts.models import Role
    from thidua.councils import services as councils
    from thidua.councils.models import Council, CouncilMember
    from thidua.nominations import services
    from thidua.organization.models import YearlyRating

    officer = world.user("officer", Role.EMULATION_OFFICER)
    person = world.person("G1", "Trần Thị Lan")
    YearlyRating.objects.create(person=person, year=2025, rating="HTTNV")
    round_ = services.open_round(actor=officer, unit=world.root, title="Năm 2025", year=2025, award_codes=["LDTT"],
                                 nomination_deadline=timezone.localdate() + datetime.timedelta(days=10))
    login(page, "officer")
    page.goto(f"/rounds/{round_.pk}/proposals/?unit={world.div_a1.pk}")
    page.click("[data-testid=nominate-LDTT-G1]")
    page.get_by_role("button", name="Gửi", exact=True).click()
    assert "Hồ sơ chưa đầy đủ" in page.locator("[role=alert], .alert").first.inner_text()
    page.get_by_role("button", name="Tạo các văn bản của hồ sơ (Word)").click()
    page.get_by_role("button", name="Gửi", exact=True).click()
    dossier = page.url
    world.user("reviewer", Role.EMULATION_OFFICER)
    page.context.clear_cookies()  # separation of duties: another officer reviews and decides what this one submitted
    login(page, "reviewer")
    page.goto(dossier)
    page.get_by_role("button", name="Thẩm định đạt, chuyển tiếp").click()
    assert page.locator("[data-testid=state]").inner_text() == "Cơ quan thi đua đã thẩm định"
    page.goto(round_.get_absolute_url())
    page.fill("#id_starts_on", timezone.localdate().isoformat())
    page.get_by_role("button", name="Công khai các đề nghị đã thẩm định").click()
    page.wait_for_load_state()
    round_.disclosures.update(starts_on=timezone.localdate() - datetime.timedelta(days=30),
                              ends_on=timezone.localdate() - datetime.timedelta(days=20))  # as if a month ago
    council = Council.objects.create(agency=world.agency, unit=world.root, kind="emulation", name="HĐ")
    for i, role in enumerate(("chair", "vice_chair", "member")):
        CouncilMember.objects.create(council=council, user=world.user(f"m{i}"), role=role,
                                     term_start=datetime.date(2024, 1, 1))
    meeting = councils.schedule_meeting(actor=officer, council=council, title="Họp", starts_at=timezone.now())
    councils.record_attendance(actor=officer, meeting=meeting, present_ids=council.members.values_list("pk", flat=True))
    poll = councils.add_poll_for_round(actor=officer, meeting=meeting, round_=round_, award_code="LDTT")
    councils.open_poll(actor=officer, poll=poll)
    councils.record_show_of_hands(actor=officer, poll=poll, counts=[{"approve": 3}])
    page.goto(round_.nominations.get().get_absolute_url())
    page.get_by_role("button", name="Ghi nhận kết quả của Hội đồng").click()
    assert page.locator("[data-testid=state]").inner_text() == "Hội đồng đã thông qua"
    page.goto(round_.get_absolute_url())
    page.fill("#id_number", "15/QĐ-VPQH")
    page.fill("#id_date", "2026-01-15")
    page.fill("#id_signer", "Nguyễn Văn Bình")
    page.fill("#id_signer_title", "Chủ nhiệm Văn phòng")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    body = page.locator("main").inner_text()
    assert "15/QĐ-VPQH" in body and "Trần Thị Lan" in body and "710.000 đ" in body
    code = page.locator("main code").first.inner_text()
    page.goto(f"/verify/{code}/")
    assert page.locator("[data-testid=verified]").count() == 1


def test_register_a_pledge_and_score(browser, world):
    import datetime

    from django.utils import timezone

    from thidua.accounts.models import Role
    from thidua.movements import services

    today = timezone.localdate()
    officer = world.user("officer", Role.EMULATION_OFFICER)
    world.user("leader", Role.UNIT_LEADER, world.dept_a)
    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí")
    services.add_criterion(actor=officer, rubric=rubric, group="Chuyên môn", code="A1", name="Hoàn thành kế hoạch",
                           max_score=10, weight=2)
    movement = services.launch(actor=officer, title="Thi đua chuyển đổi số", year=today.year, rubric=rubric,
                               unit=world.root, participants=[world.dept_a, world.dept_b],
                               starts_on=today - datetime.timedelta(days=100), ends_on=today + datetime.timedelta(days=9),
                               registration_until=today, reporting_until=today, scoring_from=today,
                               scoring_until=today + datetime.timedelta(days=9))
    leader = new_page(browser)
    login(leader, "leader")
    leader.goto(f"/movements/{movement.pk}/units/{world.dept_a.pk}/")
    leader.fill("#id_A1", "100% kế hoạch số hoá")
    leader.get_by_role("button", name="Ký đăng ký thi đua").click()
    assert "100% kế hoạch số hoá" in leader.locator("[data-testid=targets]").inner_text()
    leader.locator("[data-testid=self-score] #id_A1").fill("11")
    leader.get_by_role("button", name="Lưu điểm tự chấm").click()
    assert "10" in leader.locator("[data-testid=self-score] .invalid-feedback").inner_text()  # over the maximum
    assert "Chưa có điểm" in leader.locator("[data-testid=scores]").inner_text()
    leader.locator("[data-testid=self-score] #id_A1").fill("9")
    leader.get_by_role("button", name="Lưu điểm tự chấm").click()
    assert "9,00" in leader.locator("[data-testid=scores]").inner_text()
    page = new_page(browser)
    login(page, "officer")
    page.goto(movement.get_absolute_url())
    ranking = page.locator("[data-testid=ranking]").inner_text()
    assert ranking.index(world.dept_a.name) < ranking.index(world.dept_b.name) and "\t18\t" in ranking
    page.get_by_role("button", name="Công bố kết quả xếp hạng").click()
    warning = page.locator("[data-testid=unscored]").inner_text()  # dept_b was never scored: confirm it by name
    assert world.dept_b.name in warning and world.dept_a.name not in warning
    assert "Kết quả xếp hạng đã công bố" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Vẫn công bố").click()
    assert "Kết quả xếp hạng đã công bố" in page.locator("main").inner_text()
