"""In a real browser: an emulation officer records one colleague's training level and seniority on the officers'
page (form 0605), and axe-core finds no WCAG 2.2 AA violation on it."""

import datetime

import pytest
from test_accessibility import AXE, TAGS
from test_browser import login, new_page

from thidua.accounts.models import Role
from thidua.reports.models import OfficerProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_edits_a_profile_and_the_page_passes_axe(browser, world, officer):
    hoa, nam = world.person("P1", "Trần Thị Hoa"), world.person("P2", "Lê Văn Nam", unit=world.dept_b)
    officer.person = hoa
    officer.save()
    other = world.user("officer2", Role.EMULATION_OFFICER, world.dept_b)
    other.person = nam
    other.save()
    page = new_page(browser, bypass_csp=True)  # for the audit script alone
    login(page, "officer")
    page.goto("/reports/officers/?start=2025-01-01&end=2025-12-31")
    assert page.get_by_test_id("officers").locator("tbody tr").count() == 2
    page.select_option(f"#id_{nam.pk}_education", "postgraduate")
    page.fill(f"#id_{nam.pk}_emulation_work_since", "2022-09-01")
    page.locator(f"form:has(#id_{nam.pk}_education) button[type=submit]").click()
    page.wait_for_selector("text=Đã lưu: Lê Văn Nam")
    assert list(OfficerProfile.objects.values_list("person_id", "education", "emulation_work_since")) == [
        (nam.pk, "postgraduate", datetime.date(2022, 9, 1))]
    assert page.locator(f"#id_{nam.pk}_education").input_value() == "postgraduate"
    assert page.locator(f"#id_{nam.pk}_emulation_work_since").input_value() == "2022-09-01"
    page.add_script_tag(content=AXE)
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in found] == []
