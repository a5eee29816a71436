"""Browser test of the two-factor sign-in step: the password, then the code of the authenticator app."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG = {"vi-VN": "Mã không đúng; kiểm tra giờ trên điện thoại rồi thử lại.",
         "en-US": "The code is not right; check the time on your phone and try again."}
HOME = {"vi-VN": "Thi đua – Khen thưởng", "en-US": "Emulation and commendation"}


def code(device, drift=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_password_then_code_reaches_home_and_a_wrong_code_is_refused_in_the_users_language(
        browser, world, settings, locale):
    settings.THIDUA_REQUIRE_2FA = True
    officer = world.user("canbo", Role.EMULATION_OFFICER)
    device = TOTPDevice.objects.create(user=officer, name="Điện thoại", confirmed=True)
    page = browser.new_context(base_url=browser.base_url, locale=locale).new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", "canbo")
    page.fill("#id_password", "pw-Strong-2026")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/**")

    wrong = next(c for c in ("000000", "111111") if c not in {code(device, d) for d in (-1, 0, 1)})
    page.fill("#id_code", wrong)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert WRONG[locale] in page.locator("main").inner_text()
    assert "/accounts/two-factor/" in page.url
    half = page.request.get("/people/", max_redirects=0)  # still only half signed in
    assert half.status == 302 and "/accounts/two-factor/" in half.headers["location"]

    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    page.fill("#id_code", code(device))
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)
    assert page.locator("h1").first.inner_text() == HOME[locale]
    page.goto("/people/")
    assert "/people/" in page.url and "/accounts/" not in page.url
