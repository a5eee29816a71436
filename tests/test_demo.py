"""The demo data a newcomer sees after `make run`."""

from django.core.management import call_command

from thidua.councils.models import Poll
from thidua.councils.services import tally
from thidua.initiatives.models import Initiative, Recognition
from thidua.organization.models import Person


def test_small_demo_loads_people_initiatives_and_a_counted_poll(db):
    call_command("demo", "--small")
    assert Person.objects.count() > 200
    initiatives = Initiative.objects.all()
    assert initiatives.count() >= 10
    years = set(Recognition.objects.values_list("decision_date__year", flat=True))
    assert len(years) >= 3
    closed = Poll.objects.get(status="closed")
    rows = tally(closed)
    assert [r["approve"] for r in rows] == [6, 5, 4] and [r["passed"] for r in rows] == [True, True, False]
    assert Poll.objects.filter(status="draft").count() == 1
