"""Which audit events a reader may see: those of the units their inspector or administrator roles cover."""

from collections.abc import Callable

from django.apps import apps
from django.db.models import Q, QuerySet

from .models import AuditEvent

# Who reads which units' events is the accounts app's knowledge (roles); it registers the answer here, so that the
# log stays below accounts in the layers. user -> ids of the units covered, or None for everything.
_reader_units: Callable[..., set[int] | None] = lambda user: set()  # noqa: E731 — nothing until accounts register


def register_reader_scope(reader_units: Callable[..., set[int] | None]) -> None:
    global _reader_units
    _reader_units = reader_units


def visible_events(user) -> QuerySet:
    """Events of the reader's subtrees; events tied to no unit (the platform's own, anonymous sign-in attempts)
    only for those who read the audit of a whole agency (a role on a root unit) and for superusers."""
    events = AuditEvent.objects.select_related("actor")
    allowed = _reader_units(user)
    if allowed is None:
        return events
    scope = Q(unit_id__in=allowed)
    unit_model = apps.get_model("organization", "Unit")
    if unit_model.objects.filter(pk__in=allowed, parent__isnull=True).exists():
        scope |= Q(unit_id__isnull=True)
    return events.filter(scope)
