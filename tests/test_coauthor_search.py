"""Co-authors of an initiative are found by name (htmx search, no inline script) among the people the user may
see, shown with unit and position; people outside the user's units are never named; a person code still works."""

import pytest

from thidua.accounts.models import Role
from thidua.initiatives.models import Initiative

TEXT = {"title": "Số hoá sổ khen thưởng", "problem": "Sổ giấy khó tra cứu", "solution": "Nhập sổ vào hệ thống"}


@pytest.fixture
def people(world):
    duc = world.person("A1", "Nguyễn Văn Đức", unit=world.div_a1)
    duc.position = "Chuyên viên chính"
    duc.save()
    lan = world.person("A2", "Trần Thị Lan", unit=world.dept_a)
    hidden = world.person("B1", "Nguyễn Văn Đông", unit=world.dept_b)  # outside the leader's subtree
    twin = world.person("A3", "Trần Thị Lan", unit=world.div_a1)
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    return {"duc": duc, "lan": lan, "hidden": hidden, "twin": twin, "leader": leader}


def lookup(client, world, **params):
    return client.get("/initiatives/authors/", {"row": 0, "unit": world.div_a1.pk, **params})


def test_search_names_people_in_scope_with_unit_and_position_and_no_one_else(client, world, people):
    client.force_login(people["leader"])
    page = lookup(client, world, **{"authors-0-code": "nguyen van"}).content.decode()
    assert "Nguyễn Văn Đức</strong> — Phòng Thư ký — Chuyên viên chính" in page
    assert "Nguyễn Văn Đông" not in page and "B1" not in page
    assert "Nguyễn Văn Đông" not in lookup(client, world, **{"authors-0-code": "dong"}).content.decode()
    row = lookup(client, world, pick="A1", **{"authors-0-share": "60"}).content.decode()
    assert 'id="author-row-0"' in row and 'value="A1"' in row and 'value="60"' in row
    assert "Nguyễn Văn Đức — Phòng Thư ký — Chuyên viên chính" in row
    assert lookup(client, world, pick="B1").status_code == 404  # a code outside scope reveals nobody
    assert client.get("/initiatives/authors/", {"row": 99, "authors-99-code": "nguyen"}).status_code == 404


def test_the_form_takes_a_full_name_or_a_code_and_refuses_ambiguous_or_hidden_names(client, world, people):
    client.force_login(people["leader"])
    form = {"unit": world.div_a1.pk, "kind": "initiative", "field": "digital", **TEXT,
            "first_applied_on": "2024-03-01", "authors-TOTAL_FORMS": 3, "authors-INITIAL_FORMS": 0,
            "authors-MIN_NUM_FORMS": 0, "authors-MAX_NUM_FORMS": 20, "authors-0-code": "nguyen van duc",
            "authors-0-share": 60, "authors-1-code": "Trần Thị Lan", "authors-1-share": 40}
    page = client.post("/initiatives/new/", form).content.decode()
    assert "Có nhiều người tên “Trần Thị Lan”" in page
    page = client.post("/initiatives/new/", {**form, "authors-1-code": "Nguyễn Văn Đông"}).content.decode()
    assert "Không có ai tên hoặc mã “Nguyễn Văn Đông”" in page and "Vụ Pháp luật" not in page
    assert not Initiative.objects.exists()
    assert client.post("/initiatives/new/", {**form, "authors-1-code": "A2"}).status_code == 302
    assert {a.person for a in Initiative.objects.get().authors.all()} == {people["duc"], people["lan"]}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pick_a_coauthor_by_name_in_the_browser(browser, world, people):
    from tests.test_browser import login, new_page

    page = new_page(browser)
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, "leader")
    page.goto("/initiatives/new/")
    page.select_option("#id_unit", str(world.div_a1.pk))
    for name, value in TEXT.items():
        page.fill(f"#id_{name}", value)
    page.fill("#id_first_applied_on", "2025-02-01")
    page.locator("#id_authors-0-code").press_sequentially("nguyen", delay=30)
    matches = page.locator("#author-matches-0 [data-testid=author-matches]")
    matches.wait_for()
    assert "Nguyễn Văn Đức — Phòng Thư ký — Chuyên viên chính" in matches.inner_text()
    assert "Nguyễn Văn Đông" not in page.locator("main").inner_text()
    page.fill("#id_authors-0-share", "100")
    matches.get_by_role("button", name="Nguyễn Văn Đức").click()
    page.locator("#author-row-0 [data-testid=author-person]").wait_for()
    assert page.input_value("#id_authors-0-code") == "A1" and page.input_value("#id_authors-0-share") == "100"
    page.click("main button[type=submit]")
    assert "Nguyễn Văn Đức — 100%" in page.locator("[data-testid=authors]").inner_text()
    assert Initiative.objects.get().authors.get().person == people["duc"]
    assert blocked == []
