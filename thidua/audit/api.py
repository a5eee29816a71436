import datetime

from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from thidua.core.views import check

from .labels import action_label, changes
from .selectors import visible_events

router = Router(tags=["audit"])


class EventOut(Schema):
    seq: int
    time: datetime.datetime = Field(alias="created_at")
    actor: str = Field(alias="actor_name")
    action: str
    action_label: str
    object_type: str
    object_id: str
    unit_id: int | None
    summary: dict
    changes: list[str]
    hash: str

    @staticmethod
    def resolve_action_label(obj):
        return action_label(obj.action)

    @staticmethod
    def resolve_changes(obj):
        return changes(obj)


class EventFilter(FilterSchema):
    action: str | None = Field(None, max_length=80, description="action code prefix, e.g. security.")
    object_type: str | None = Field(None, max_length=80)
    actor: str | None = Field(None, max_length=150)


@router.get("/audit/events", response=list[EventOut])
@paginate(PageNumberPagination, page_size=100)
def list_events(request, filters: Query[EventFilter]):
    """The audit events of the units the caller inspects or administers, newest first."""
    check(request.user, "audit.view_event")
    events = visible_events(request.user)
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.actor:
        events = events.filter(actor_name__icontains=filters.actor)
    return events
