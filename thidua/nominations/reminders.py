"""Reminders: dossiers waiting for the emulation office, public disclosures ending within two days."""

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from thidua.accounts.scope import MANAGERS
from thidua.notifications.reminders import collector, responsible_users
from thidua.notifications.services import notify

from .models import Disclosure, Round, State


@collector
def dossiers_waiting(today: datetime.date) -> int:
    waiting = dict(Round.objects.filter(nominations__state=State.SUBMITTED).annotate(n=Count("nominations"))
                   .values_list("pk", "n"))
    rounds = list(Round.objects.filter(pk__in=waiting))
    users = responsible_users([r.unit_id for r in rounds], MANAGERS)
    created = 0
    for round_ in rounds:
        for user in users[round_.unit_id]:
            created += notify(user=user, kind="dossier_waiting", key=f"dossiers:{round_.pk}:{today.isoformat()}",
                              title=_("%(count)s dossiers wait for review") % {"count": waiting[round_.pk]},
                              body=round_.title, url=round_.get_absolute_url()) is not None
    return created


@collector
def disclosures_ending(today: datetime.date) -> int:
    disclosures = list(Disclosure.objects.filter(ends_on__range=(today, today + datetime.timedelta(days=2)))
                       .select_related("round"))
    users = responsible_users([d.round.unit_id for d in disclosures], MANAGERS)
    created = 0
    for disclosure in disclosures:
        for user in users[disclosure.round.unit_id]:
            created += notify(user=user, kind="disclosure_ending", key=f"disclosure:{disclosure.pk}",
                              title=_("Public disclosure ends on %(day)s") % {
                                  "day": disclosure.ends_on.strftime("%d/%m/%Y")},
                              body=disclosure.round.title, url=disclosure.round.get_absolute_url()) is not None
    return created
