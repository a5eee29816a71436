"""In a real browser: the dashboard's figures open their records, a review pack is written and saved; axe-core
finds no WCAG 2.2 AA violation on the dashboard, drill-down, statutory form, review pack, work plan,
inspection and notification pages."""

import datetime
from decimal import Decimal

import pytest
from test_accessibility import AXE, TAGS
from test_browser import login, new_page
from test_reports import YEAR, records  # noqa: F401 (fixture)

from thidua.accounts.models import Role
from thidua.inspections import services as inspections
from thidua.movements import services as movements
from thidua.notifications.reminders import collect_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe(page, url):
    page.goto(url)
    page.add_script_tag(content=AXE)
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    return [f"{url}: {v['id']} — {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in found]


def test_dashboard_drills_down_and_a_review_pack_is_saved(browser, world, records):  # noqa: F811
    page = new_page(browser)
    login(page)
    page.goto(f"/reports/?year={YEAR}")
    figure = page.locator("#levels-title").locator("xpath=..")
    assert "Cấp Nhà nước" in figure.inner_text()
    figure.locator("svg a").first.click()
    page.wait_for_url(lambda url: "/reports/records/" in url)
    assert page.get_by_test_id("drill-total").inner_text() == "6 bản ghi"  # the superuser sees both agencies
    assert "Huân chương Lao động hạng Ba" in page.content()

    page.goto(f"/reports/reviews/unit/{world.root.pk}/{YEAR}/mid/")
    page.fill("#id_limitations", "Một số đơn vị chậm gửi báo cáo")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Đã lưu báo cáo." in page.content()
    assert page.locator("#id_limitations").input_value() == "Một số đơn vị chậm gửi báo cáo"
    with page.expect_download() as download:
        page.click("text=Báo cáo (Word)")
    assert download.value.suggested_filename == f"so-ket-{YEAR}-unit-{world.root.pk}.docx"


def test_new_pages_have_no_wcag_violations(browser, world, records, officer):  # noqa: F811
    today = datetime.date.today()
    inspector = world.user("inspector", Role.INSPECTOR)
    plan = inspections.create_plan(actor=inspector, unit=world.root, year=today.year, title="Kiểm tra năm",
                                   starts_on=datetime.date(today.year, 1, 1), ends_on=datetime.date(today.year, 12, 31))
    inspection = inspections.schedule(actor=inspector, plan=plan, unit=world.dept_a, scheduled_on=today)
    inspections.add_finding(actor=inspector, inspection=inspection, text="Chưa công khai", severity="high",
                            action_required="Công khai lại", due_on=today + datetime.timedelta(days=3))
    target = movements.add_work_plan_target(actor=officer, unit=world.dept_a, year=today.year, target="Số hóa hồ sơ",
                                            measure="number", goal=Decimal(10), due_on=datetime.date(today.year, 12, 31))
    movements.report_progress(actor=officer, target=target, on=today, value=Decimal(2), link="https://intranet.local/a")
    world.admin.email = "root@x.vn"
    world.admin.save()
    collect_all(today)
    page = new_page(browser, bypass_csp=True)  # the audit script is injected by the test
    login(page)
    period = f"agency={world.agency.pk}&start={YEAR}-01-01&end={YEAR}-12-31"
    urls = [f"/reports/?year={YEAR}", f"/reports/records/?figure=awards&year={YEAR}&level=state",
            "/reports/reviews/", f"/reports/reviews/unit/{world.root.pk}/{YEAR}/final/", "/reports/statutory/",
            f"/reports/statutory/0602/?{period}", f"/reports/statutory/0603/cell/?{period}&line=05&column=total",
            "/inspections/", plan.get_absolute_url(), inspection.get_absolute_url(), "/notifications/",
            "/notifications/settings/", f"/movements/plans/{world.dept_a.pk}/{today.year}/"]
    problems = []
    for url in urls:
        problems += axe(page, url)
    assert problems == [], "\n".join(problems)
