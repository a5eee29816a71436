"""Reminders for inspection follow-up due within a week or overdue."""

import datetime

from django.utils.translation import gettext as _

from thidua.accounts.scope import RATERS
from thidua.notifications.reminders import collector, responsible_users
from thidua.notifications.services import notify

from .models import Finding, FindingStatus


@collector
def follow_up_due(today: datetime.date) -> int:
    findings = list(Finding.objects.filter(status=FindingStatus.OPEN, due_on__lte=today + datetime.timedelta(days=7))
                    .select_related("inspection__unit"))
    users = responsible_users([f.inspection.unit_id for f in findings], RATERS)
    created = 0
    for finding in findings:
        late = finding.due_on < today
        for user in users[finding.inspection.unit_id]:
            created += notify(
                user=user, kind="follow_up_due", key=f"finding:{finding.pk}:{'late' if late else 'due'}",
                title=(_("Inspection follow-up overdue since %(day)s") if late else
                       _("Inspection follow-up due on %(day)s")) % {"day": finding.due_on.strftime("%d/%m/%Y")},
                body=f"{finding.inspection.unit.name}: {finding.action_required}",
                url=finding.inspection.get_absolute_url()) is not None
    return created
