"""Builds each app's demo, lowest layer first.

Each app keeps its own `demo.py`; only this package knows them all. Add a new app's demo to `build` below.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from thidua.accounts import demo as accounts_demo
from thidua.audit.services import record
from thidua.councils import demo as councils_demo
from thidua.initiatives import demo as initiatives_demo
from thidua.inspections import demo as inspections_demo
from thidua.movements import demo as movements_demo
from thidua.nominations import demo as nominations_demo
from thidua.notifications.reminders import collect_all as collect_reminders
from thidua.organization.demo import DEMO_PASSWORD, DemoBuilder
from thidua.organization.models import Person
from thidua.policy import demo as policy_demo
from thidua.publicity import demo as publicity_demo
from thidua.reports import demo as reports_demo
from thidua.rules import demo as rules_demo

__all__ = ["DEMO_PASSWORD", "build"]


@transaction.atomic
def build(*, small: bool = False, seed: int = 2026, this_year: int | None = None) -> None:
    this_year = this_year or datetime.date.today().year
    builder = DemoBuilder(seed=seed, this_year=this_year)
    sizes = {"block_people": 140, "na_people": 120} if small else {}
    org = builder.build(**sizes)
    rng = builder.rng
    initiatives_demo.build(rng, org.agency, org.people, this_year, count=max(len(org.people) // 5, 10))
    council = councils_demo.build(org.root, org.people, DEMO_PASSWORD, this_year)
    nominations_demo.build(org.root, council, this_year)
    policy_demo.build(org.root, this_year)
    rules_demo.build(org.root, this_year)
    programme = movements_demo.build_programme(org.root, this_year)
    movements_demo.build(rng, org.root, org.block, this_year, parent=programme)
    movements_demo.build_work_plans(org.root, this_year)
    inspections_demo.build(org.root, this_year)
    reports_demo.build(org.block, this_year)
    publicity_demo.build(rng, org.root, this_year)
    accounts_demo.build()
    collect_reminders(timezone.localdate())
    record(actor="demo", action="demo.load", object_type="organization.agency", object_id="",
           summary={"agencies": 1 + len(org.block_agencies), "people": Person.objects.count()})
