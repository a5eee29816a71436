"""Reminders: pledges and self-scores due within a week, work-plan targets late or at risk."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.scope import RATERS
from thidua.notifications.reminders import collector, responsible_users
from thidua.notifications.services import notify

from . import targets as target_rules
from .models import Movement, WorkPlanTarget

WEEK = datetime.timedelta(days=7)


def _remind(movement, unit_ids, kind, title, users):
    created = 0
    for unit_id in unit_ids:
        url = reverse("movements:unit_workspace", args=[movement.pk, unit_id])
        for user in users[unit_id]:
            created += notify(user=user, kind=kind, key=f"{kind}:{movement.pk}:{unit_id}", title=title,
                              body=movement.title, url=url) is not None
    return created


@collector
def pledges_and_scores_due(today: datetime.date) -> int:
    created = 0
    for movement in Movement.objects.filter(published_at__isnull=True, registration_until__range=(today, today + WEEK)):
        signed = set(movement.pledges.filter(person__isnull=True).values_list("unit_id", flat=True))
        missing = set(movement.participants.values_list("unit_id", flat=True)) - signed
        created += _remind(movement, missing, "pledge_due", _("Pledge due by %(day)s") % {
            "day": movement.registration_until.strftime("%d/%m/%Y")}, responsible_users(missing, RATERS))
    for movement in Movement.objects.filter(published_at__isnull=True, block__isnull=True, scoring_from__lte=today,
                                            scoring_until__range=(today, today + WEEK)):
        scored = set(movement.scores.filter(kind="self").values_list("unit_id", flat=True))
        missing = set(movement.participants.values_list("unit_id", flat=True)) - scored
        created += _remind(movement, missing, "score_due", _("Self-scores due by %(day)s") % {
            "day": movement.scoring_until.strftime("%d/%m/%Y")}, responsible_users(missing, RATERS))
    return created


@collector
def targets_at_risk(today: datetime.date) -> int:
    items = (WorkPlanTarget.objects.exclude(measure="").filter(plan__year=today.year).select_related("plan__unit")
             .prefetch_related("progress", "checkpoints"))
    flagged = [s for s in target_rules.states(items, today) if s.status in ("at_risk", "late")]
    users = responsible_users([s.target.plan.unit_id for s in flagged], RATERS)
    created = 0
    for item in flagged:
        plan = item.target.plan
        for user in users[plan.unit_id]:
            created += notify(user=user, kind="target_at_risk", key=f"target:{item.target.pk}:{item.status}",
                              title=_("Target %(status)s: %(target)s") % {"status": item.status_label,
                                                                         "target": item.target.target},
                              body=plan.unit.name,
                              url=reverse("movements:work_plan", args=[plan.unit_id, plan.year])) is not None
    return created
