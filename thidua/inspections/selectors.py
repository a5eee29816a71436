"""Inspections a user may see: inspectors over the plan's unit; leaders and officers of an inspected unit."""

from django.db.models import Q, QuerySet

from thidua.accounts.models import Role
from thidua.accounts.scope import RATERS, units_for

from .models import Finding, Inspection, InspectionPlan


def visible_plans(user) -> QuerySet:
    qs = InspectionPlan.objects.select_related("unit")
    inspected = units_for(user, {Role.INSPECTOR})
    if inspected is None:
        return qs
    answers = units_for(user, RATERS)
    return qs.filter(Q(unit__in=inspected) | Q(inspections__unit__in=answers)).distinct()


def visible_inspections(user, plan: InspectionPlan) -> QuerySet:
    qs = plan.inspections.select_related("unit")
    inspected = units_for(user, {Role.INSPECTOR})
    if inspected is None or plan.unit_id in inspected:
        return qs
    return qs.filter(unit__in=units_for(user, RATERS))


def open_findings(user) -> QuerySet:
    qs = Finding.objects.exclude(status="closed").select_related("inspection__unit", "inspection__plan")
    allowed = units_for(user, RATERS | {Role.INSPECTOR})
    return qs if allowed is None else qs.filter(inspection__unit__in=allowed)


def inspection_for(user, pk) -> Inspection | None:
    inspection = Inspection.objects.select_related("plan", "unit").filter(pk=pk).first()
    if inspection is None or not user.has_perm("inspections.view", inspection.unit):
        return None
    return inspection
