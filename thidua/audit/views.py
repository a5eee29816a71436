import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thidua.core.views import check, paginate, query_string_without_page

from .labels import action_label, changes, object_label
from .selectors import visible_events


@login_required
def event_list(request):
    check(request.user, "audit.view_event")
    events = visible_events(request.user)
    filters = {
        "action": request.GET.get("action", "").strip()[:80],
        "object_type": request.GET.get("object_type", "").strip()[:80],
        "actor": request.GET.get("actor", "").strip()[:150],
        "date_from": request.GET.get("date_from", "").strip()[:10],
        "date_to": request.GET.get("date_to", "").strip()[:10],
    }
    if filters["action"]:
        events = events.filter(action__startswith=filters["action"])
    if filters["object_type"]:
        events = events.filter(object_type=filters["object_type"])
    if filters["actor"]:
        events = events.filter(actor_name__icontains=filters["actor"])
    for key, lookup in (("date_from", "created_at__date__gte"), ("date_to", "created_at__date__lte")):
        try:
            day = datetime.date.fromisoformat(filters[key]) if filters[key] else None
        except ValueError:
            day = filters[key] = ""
        if day:
            events = events.filter(**{lookup: day})
    page = paginate(request, events, 50)
    rows = [{"event": e, "action": action_label(e.action), "object": object_label(e.object_type),
             "changes": changes(e)} for e in page]
    types = visible_events(request.user).order_by().values_list("object_type", flat=True).distinct()
    return render(request, "audit/event_list.html", {
        "page": page,
        "rows": rows,
        "filters": filters,
        "qs": query_string_without_page(request),
        "object_types": sorted((t, object_label(t)) for t in types),
    })
