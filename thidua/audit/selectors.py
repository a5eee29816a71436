"""Which audit events a reader may see: those of the units their inspector or administrator roles cover."""

from django.apps import apps
from django.db.models import Q, QuerySet

from thidua.accounts.scope import AUDIT_READERS, units_for

from .models import AuditEvent


def visible_events(user) -> QuerySet:
    """Events of the reader's subtrees; events tied to no unit (the platform's own, anonymous sign-in attempts)
    only for those who read the audit of a whole agency (a role on a root unit) and for superusers."""
    events = AuditEvent.objects.select_related("actor")
    allowed = units_for(user, AUDIT_READERS)
    if allowed is None:
        return events
    scope = Q(unit_id__in=allowed)
    unit_model = apps.get_model("organization", "Unit")
    if unit_model.objects.filter(pk__in=allowed, parent__isnull=True).exists():
        scope |= Q(unit_id__isnull=True)
    return events.filter(scope)
