"""Sign-in hardening: lockout and unlock, password rules, session lifetimes, two-factor, API tokens."""

import datetime
import io
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp

from thidua.accounts import services
from thidua.accounts.models import ApiToken, Role
from thidua.audit.models import AuditEvent

PASSWORD = "pw-Strong-2026"


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_thirty_wrong_passwords_lock_the_account_until_an_administrator_unlocks_it(world, client, settings):
    staff = world.user("nhanvien", Role.STAFF, world.div_a1)
    staff.person = world.person("NV1", unit=world.div_a1)
    staff.save()
    refused = sum(_login(client, "nhanvien", f"guess-{n}").status_code in (200, 429) for n in range(30))
    assert refused == 30
    # the right password no longer opens the account
    assert _login(client, "nhanvien", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="security.lockout").exists()

    # an administrator of another subtree may not unlock it; the unit's administrator may
    outsider = world.user("qt-b", Role.ADMINISTRATOR, world.dept_b)
    admin_client = type(client)()
    admin_client.force_login(outsider)
    assert admin_client.post("/accounts/lockouts/unlock/", {"username": "nhanvien"}).status_code == 403
    assert "nhanvien" not in admin_client.get("/accounts/lockouts/").content.decode()
    unit_admin = world.user("qt-a", Role.ADMINISTRATOR, world.dept_a)
    admin_client.force_login(unit_admin)
    assert "nhanvien" in admin_client.get("/accounts/lockouts/").content.decode()
    assert admin_client.post("/accounts/lockouts/unlock/", {"username": "nhanvien"}).status_code == 302
    assert AuditEvent.objects.filter(action="security.unlock", actor=unit_admin).exists()
    assert _login(client, "nhanvien", PASSWORD).status_code == 302


def test_staff_cannot_see_or_lift_lockouts(world, client):
    client.force_login(world.user("nv", Role.STAFF))
    assert client.get("/accounts/lockouts/").status_code == 403
    assert client.post("/accounts/lockouts/unlock/", {"username": "root"}).status_code == 403


@pytest.mark.parametrize("password", ["12345678901234", "short-1A", "password123", "nguyenvana2026x"])
def test_weak_passwords_are_refused(world, password):
    user = world.user("nguyenvana2026")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_session_ends_after_idle_time_and_after_its_absolute_lifetime(world, client, settings):
    settings.THIDUA_SESSION_IDLE_SECONDS = 600
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(world.user("officer", Role.EMULATION_OFFICER))
    assert client.get("/").status_code == 200
    session = client.session
    session["thidua_seen_at"] = int(time.time()) - 601
    session.save()
    response = client.get("/people/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session

    client.force_login(world.user("officer2", Role.EMULATION_OFFICER))
    assert client.get("/").status_code == 200
    session = client.session
    session["thidua_login_at"] = int(time.time()) - 3601  # active all along, but signed in too long ago
    session.save()
    assert client.get("/").status_code == 302


def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_officers_must_enrol_and_then_enter_a_code(world, client, settings):
    settings.THIDUA_REQUIRE_2FA = True  # the default of the settings module
    officer = world.user("officer", Role.EMULATION_OFFICER)
    client.force_login(officer)
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    api = client.get("/api/people")
    assert api.status_code == 403 and api["Content-Type"] == "application/problem+json"

    page = client.get(response["Location"])
    assert b"data:image/svg+xml" in page.content  # the QR code, served inline under the strict CSP (img-src data:)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    pending = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert client.post("/accounts/two-factor/", {"code": "000000", "next": "/people/"}).status_code == 200
    pending.refresh_from_db()
    pending.throttle_reset()  # a wrong code makes the next try wait a second (django-otp's throttle)
    assert client.post("/accounts/two-factor/", {"code": _code(pending), "next": "/people/"})["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(action="security.2fa_enrolled", actor=officer).exists()

    # next sign-in: the code is asked again, a wrong one is refused
    client.logout()
    client.force_login(officer)
    assert client.get("/people/").status_code == 302
    assert client.post("/accounts/two-factor/", {"code": "123456"}).status_code == 200
    device = TOTPDevice.objects.get(user=officer, confirmed=True)
    device.throttle_reset()
    assert client.post("/accounts/two-factor/", {"code": _code(device, 1)}).status_code == 302
    assert client.get("/people/").status_code == 200


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY])
def test_administrators_and_council_roles_need_a_second_factor_but_staff_do_not(world, client, settings, role):
    settings.THIDUA_REQUIRE_2FA = True
    client.force_login(world.user("someone", role))
    assert client.get("/").status_code == 302
    client.force_login(world.user("staff", Role.STAFF))
    assert client.get("/").status_code == 200


def test_second_factor_can_be_turned_off_by_setting(world, client, settings):
    settings.THIDUA_REQUIRE_2FA = False
    client.force_login(world.user("officer", Role.EMULATION_OFFICER))
    assert client.get("/").status_code == 200


def test_api_tokens_expire_are_scoped_and_can_be_revoked_from_the_page(world, client):
    officer = world.user("officer", Role.EMULATION_OFFICER)
    client.force_login(officer)
    page = client.post("/accounts/tokens/", {"name": "HR sync", "scope": "read", "days": 30})
    raw = page.context["raw"]
    assert raw.startswith("td_") and raw.encode() in page.content
    assert raw.encode() not in client.get("/accounts/tokens/").content  # shown once
    token = ApiToken.objects.get(user=officer)
    assert token.digest != raw and token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()

    script = type(client)(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert script.get("/api/people", **auth).status_code == 200
    write = script.post("/api/people", {"unit_id": world.root.pk}, content_type="application/json", **auth)
    assert write.status_code == 403  # a read-only token cannot write

    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert script.get("/api/people", **auth).status_code == 401
    assert AuditEvent.objects.filter(action__in=["security.token_issued", "security.token_revoked"]).count() == 2

    other = world.user("other", Role.EMULATION_OFFICER)
    foreign, _ = services.issue_token(user=other, name="theirs")
    assert client.post(f"/accounts/tokens/{foreign.pk}/revoke/").status_code == 404


def test_an_expired_token_is_refused(world, client):
    token, raw = services.issue_token(user=world.user("officer", Role.EMULATION_OFFICER), name="old", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/people", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_token_lifetime_is_bounded(world):
    with pytest.raises(ValidationError):
        services.issue_token(user=world.admin, name="forever", days=10_000)


def test_tokens_command_issues_lists_and_revokes(world):
    world.user("officer", Role.EMULATION_OFFICER)
    out = io.StringIO()
    call_command("tokens", "issue", "officer", "--name", "nightly export", "--scope", "write", "--days", "7", stdout=out)
    raw = out.getvalue().splitlines()[-1]
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    assert token.scope == "write" and token.is_active
    out = io.StringIO()
    call_command("tokens", "list", "officer", stdout=out)
    assert "nightly export" in out.getvalue() and "active" in out.getvalue() and raw not in out.getvalue()
    call_command("tokens", "revoke", str(token.pk), stdout=io.StringIO())
    token.refresh_from_db()
    assert not token.is_active


def test_demo_accounts_that_need_a_second_factor_sign_in_with_the_published_secret(world, client, settings):
    from thidua.accounts import demo

    settings.THIDUA_REQUIRE_2FA = True
    staff = world.user("nhanvien", Role.STAFF)
    assert demo.build() == ["root"]  # the superuser; staff need no second factor
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=world.admin)
    assert _login(client, "root", PASSWORD).status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/two-factor/")
    assert client.post("/accounts/two-factor/", {"code": _code(device)})["Location"] == "/"
    assert client.get("/").status_code == 200
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_an_administrator_resets_the_second_factor_of_a_person_of_their_units_only(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = world.user("officer", Role.EMULATION_OFFICER, world.div_a1)
    officer.person = world.person("CB1", unit=world.div_a1)
    officer.save()
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(world.user("qt-b", Role.ADMINISTRATOR, world.dept_b))
    assert client.post("/accounts/lockouts/reset-two-factor/", {"username": "officer"}).status_code == 403
    client.force_login(world.user("qt-a", Role.ADMINISTRATOR, world.dept_a))
    assert client.post("/accounts/lockouts/reset-two-factor/", {"username": "officer"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert AuditEvent.objects.filter(action="security.2fa_reset").exists()


def test_check_deploy_fails_on_a_warning(settings):
    from django.core.management.base import SystemCheckError

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # thidua.W002
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("check", stdout=io.StringIO())  # without --deploy a warning does not fail
