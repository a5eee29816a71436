from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.accounts.models import Role
from thidua.core.views import apply_errors
from thidua.organization.models import Unit
from thidua.organization.selectors import units_with_roles

from . import selectors, services
from .forms import ConclusionForm, FindingForm, PlanForm, ResponseForm, ScheduleForm, checklist_form
from .models import Finding


@login_required
def plan_list(request):
    units = units_with_roles(request.user, {Role.INSPECTOR})
    form = PlanForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(plan)
    return render(request, "inspections/plan_list.html", {
        "plans": selectors.visible_plans(request.user), "form": form, "can_plan": units.exists(),
        "findings": selectors.open_findings(request.user)[:50]}, status=400 if form.errors else 200)


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(selectors.visible_plans(request.user), pk=pk)
    can_inspect = request.user.has_perm("inspections.inspect", plan)
    form = ScheduleForm(request.POST or None, units=Unit.objects.descendants(plan.unit, include_self=True)
                        .filter(dissolved_on__isnull=True).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.schedule(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(inspection)
    return render(request, "inspections/plan_detail.html", {
        "plan": plan, "inspections": selectors.visible_inspections(request.user, plan), "form": form,
        "can_inspect": can_inspect}, status=400 if form.errors else 200)


@login_required
def inspection_detail(request, pk):
    inspection = selectors.inspection_for(request.user, pk)
    if inspection is None:
        raise Http404
    user = request.user
    can_inspect = user.has_perm("inspections.inspect", inspection)
    can_respond = user.has_perm("inspections.respond", inspection.unit)
    items = list(inspection.checklist.all())
    action = request.POST.get("action")
    forms = {"check": checklist_form(items, request.POST if action == "check" else None),
             "finding": FindingForm(request.POST if action == "finding" else None),
             "conclude": ConclusionForm(request.POST if action == "conclude" else None),
             "respond": ResponseForm(request.POST if action == "respond" else None,
                                     request.FILES if action == "respond" else None)}
    if request.method == "POST" and action in forms:
        form = forms[action]
        if form.is_valid():
            try:
                _apply(request, inspection, action, form.cleaned_data, items)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(inspection)
    return render(request, "inspections/inspection_detail.html", {
        "inspection": inspection, "items": items, "forms": forms, "can_inspect": can_inspect,
        "can_respond": can_respond, "findings": inspection.findings.select_related("responded_by", "closed_by"),
        "check_rows": [(i, forms["check"][f"result_{i.pk}"], forms["check"][f"note_{i.pk}"]) for i in items]},
        status=400 if request.method == "POST" else 200)


def _apply(request, inspection, action, data, items):
    user = request.user
    if action == "check":
        services.check_items(actor=user, inspection=inspection, results={
            i.pk: (data[f"result_{i.pk}"], data[f"note_{i.pk}"]) for i in items})
    elif action == "finding":
        services.add_finding(actor=user, inspection=inspection, **data)
    elif action == "conclude":
        services.conclude(actor=user, inspection=inspection, conclusion=data["conclusion"])
    else:
        finding = get_object_or_404(inspection.findings, pk=request.POST.get("finding"))
        if request.POST.get("close"):
            services.close_finding(actor=user, finding=finding, note=data["response"])
        else:
            services.respond(actor=user, finding=finding, response=data["response"], link=data["response_link"],
                             upload=data["response_file"])


def finding_file(request, pk):
    """Evidence files are served only to those who may see the inspection."""
    finding = get_object_or_404(Finding.objects.select_related("inspection__unit"), pk=pk)
    if not request.user.is_authenticated or not request.user.has_perm("inspections.view", finding.inspection.unit):
        raise PermissionDenied
    if not finding.response_file:
        raise Http404
    return FileResponse(finding.response_file.open("rb"), as_attachment=True)
