"""In a real browser: a manager adds a phase to a multi-year movement from its page and a refused overlap says
why; axe-core finds no WCAG 2.2 AA violation on the phases page."""

import datetime

import pytest
from test_accessibility import AXE, TAGS
from test_browser import login, new_page

from thidua.movements import services
from thidua.movements.models import MovementPhase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_a_manager_adds_a_phase_and_the_page_passes_axe(browser, world, officer):
    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí giai đoạn")
    services.add_criterion(actor=officer, rubric=rubric, group="Nhiệm vụ", code="A1", name="Hoàn thành", max_score=10)
    start, end = D(2025, 1, 1), D(2030, 12, 31)
    movement = services.launch(actor=officer, title="Phong trào giai đoạn 2025–2030", year=2025, rubric=rubric,
                               unit=world.root, participants=[world.dept_a], starts_on=start, ends_on=end,
                               registration_until=start, reporting_until=end, scoring_from=end, scoring_until=end)
    services.add_phase(actor=officer, movement=movement, name="Năm 2025", kind="yearly", starts_on=D(2025, 1, 1),
                       ends_on=D(2025, 12, 31))
    page = new_page(browser, bypass_csp=True)  # for the audit script alone
    login(page, "officer")
    page.goto(f"/movements/{movement.pk}/")
    page.get_by_test_id("phases-link").click()
    page.wait_for_url(lambda url: url.endswith(f"/movements/{movement.pk}/phases/"))
    page.fill("#id_name", "Năm 2026")
    page.fill("#id_starts_on", "2025-12-01")
    page.fill("#id_ends_on", "2026-12-31")
    page.click("main button[type=submit].btn-primary")
    assert "trùng thời gian với giai đoạn cùng loại “Năm 2025”" in page.content()
    page.fill("#id_starts_on", "2026-01-01")
    page.click("main button[type=submit].btn-primary")
    page.wait_for_selector("text=Năm 2026")
    assert list(MovementPhase.objects.values_list("name", flat=True)) == ["Năm 2025", "Năm 2026"]
    page.add_script_tag(content=AXE)
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in found] == []
