"""axe-core (vendored in tests/assets, MPL-2.0) checks the main pages against WCAG 2.2 AA; any violation fails."""

from pathlib import Path

import pytest
from django.core.management import call_command
from test_browser import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


@pytest.fixture
def page(browser):
    # the audit script is injected by the test, so the page's CSP is bypassed for it alone
    return new_page(browser, bypass_csp=True)


def violations(page, url):
    page.goto(url)
    page.add_script_tag(content=AXE)
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    return [f"{url}: {v['id']} — {v['help']} — {[(n['target'], n['failureSummary'][:200]) for n in v['nodes'][:2]]}"
            for v in found]


def test_main_pages_have_no_wcag_violations(page):
    from thidua.councils.models import Poll
    from thidua.demo.builder import DEMO_PASSWORD
    from thidua.initiatives.models import Initiative
    from thidua.movements.models import Movement
    from thidua.nominations.models import Certificate, Nomination, Round
    from thidua.organization.models import Person
    from thidua.policy.models import Reform, Simulation
    from thidua.publicity.models import Congress, ExemplaryModel

    call_command("demo", "--small")
    problems = violations(page, "/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    person = Person.objects.filter(award_records__isnull=False).first()
    urls = ["/", "/units/", "/people/", f"/people/{person.pk}/", "/initiatives/",
            f"/initiatives/{Initiative.objects.filter(scope__isnull=False).first().pk}/", "/initiatives/new/",
            "/rounds/", f"/rounds/{Round.objects.order_by('year').first().pk}/",
            f"/rounds/nominations/{Nomination.objects.filter(state='decided').first().pk}/",
            f"/movements/{Movement.objects.filter(block__isnull=False).get().pk}/", "/movements/",
            f"/councils/polls/{Poll.objects.filter(secret=True).first().pk}/", "/records/", "/rules/eligible/",
            f"/verify/{Certificate.objects.first().code}/", "/import/", "/audit/", "/holidays/",
            "/models/", "/models/showcase/", f"/models/{ExemplaryModel.objects.filter(replications__isnull=False).first().pk}/",
            f"/models/congresses/{Congress.objects.get().pk}/slides/1/",
            "/policy/", f"/policy/{Reform.objects.get().pk}/", f"/policy/simulations/{Simulation.objects.get().pk}/"]
    for url in urls:
        problems += violations(page, url)
    assert problems == [], "\n".join(problems)
