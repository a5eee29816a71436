"""Browser tests: Playwright driving Debian's chromium against the live server."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server, settings):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make test installs it)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        yield context.new_page()
        browser.close()


def login(page, username="root"):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-Strong-2026")
    page.click("main button[type=submit]")


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
