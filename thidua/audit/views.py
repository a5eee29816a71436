from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thidua.core.views import check, paginate, query_string_without_page

from .models import AuditEvent


@login_required
def event_list(request):
    check(request.user, "audit.view_event")
    events = AuditEvent.objects.select_related("actor")
    filters = {
        "action": request.GET.get("action", "").strip(),
        "object_type": request.GET.get("object_type", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "date_from": request.GET.get("date_from", "").strip(),
        "date_to": request.GET.get("date_to", "").strip(),
    }
    if filters["action"]:
        events = events.filter(action__startswith=filters["action"])
    if filters["object_type"]:
        events = events.filter(object_type=filters["object_type"])
    if filters["actor"]:
        events = events.filter(actor_name__icontains=filters["actor"])
    if filters["date_from"]:
        events = events.filter(created_at__date__gte=filters["date_from"])
    if filters["date_to"]:
        events = events.filter(created_at__date__lte=filters["date_to"])
    return render(request, "audit/event_list.html", {
        "page": paginate(request, events, 50),
        "filters": filters,
        "qs": query_string_without_page(request),
        "object_types": AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct(),
    })
