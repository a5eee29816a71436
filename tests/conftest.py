import datetime

import pytest
from django.contrib.auth import get_user_model

from thidua.accounts.models import Role, RoleAssignment
from thidua.organization.models import Agency, Person, Unit


class World:
    """A small agency: root → two departments (A with a division A1, and B)."""

    def __init__(self):
        self.agency = Agency.objects.create(code="VPQH", name="Văn phòng Quốc hội")
        self.root = Unit.objects.create(agency=self.agency, code="VPQH", name="Văn phòng Quốc hội", kind="agency")
        self.dept_a = Unit.objects.create(agency=self.agency, parent=self.root, code="VTH", name="Vụ Tổng hợp")
        self.div_a1 = Unit.objects.create(agency=self.agency, parent=self.dept_a, code="VTH-1", name="Phòng Thư ký")
        self.dept_b = Unit.objects.create(agency=self.agency, parent=self.root, code="VPL", name="Vụ Pháp luật")
        self.other_agency = Agency.objects.create(code="BTC", name="Ban Tổ chức Trung ương")
        self.other_root = Unit.objects.create(agency=self.other_agency, code="BTC", name="Ban Tổ chức", kind="agency")
        self.admin = get_user_model().objects.create_superuser("root", "r@x.vn", "pw-Strong-2026")

    def user(self, username, role=None, unit=None):
        user = get_user_model().objects.create_user(username, f"{username}@x.vn", "pw-Strong-2026")
        if role:
            RoleAssignment.objects.create(user=user, role=role, unit=unit or self.root)
        return user

    def person(self, code, name="Nguyễn Văn An", unit=None):
        unit = unit or self.div_a1
        person = Person(agency=self.agency, code=code, full_name=name, gender="male", category="civil_servant",
                        unit=unit)
        person.save()
        person.memberships.create(unit=unit, start_date=datetime.date(2020, 1, 1))
        return person


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def officer(world):
    return world.user("officer", Role.EMULATION_OFFICER)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(live_server, settings):
    """Playwright driving Debian's chromium against the live server; `browser.new_page()` opens a fresh
    context (its own cookies, as another person's device). Audits may pass bypass_csp=True."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make test installs it)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        browser.base_url = live_server.url
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def audit_checkpoint(settings, tmp_path):
    """Each test's database starts afresh, so its audit checkpoint file does too (never the shared var/ one)."""
    settings.AUDIT_CHECKPOINT = str(tmp_path / "audit-checkpoint.json")


@pytest.fixture(autouse=True)
def second_factor_off(settings):
    """Two-factor sign-in is on by default (settings); tests of other behaviour sign in with one factor.
    tests/test_accounts.py turns it back on to test it."""
    settings.THIDUA_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """API rate limits count in the cache, which outlives a test: each test starts with none used. Production shares
    the counts in a database table (settings.CACHES); tests count in memory, as many need no database
    (tests/test_limits.py runs two worker processes on the production cache)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
