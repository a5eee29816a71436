"""Reads of the policy app, scoped to the units the user may see."""

from django.db.models import QuerySet

from thidua.accounts.scope import units_for

from .models import Reform, Simulation


def visible_reforms(user) -> QuerySet:
    qs = Reform.objects.select_related("unit", "author", "reviewer")
    allowed = units_for(user)
    return qs if allowed is None else qs.filter(unit_id__in=allowed)


def visible_simulations(user, reform: Reform) -> QuerySet:
    qs = reform.simulations.select_related("unit", "round", "created_by").defer("report")
    allowed = units_for(user)
    return qs if allowed is None else qs.filter(unit_id__in=allowed)


def simulation(pk: int) -> Simulation | None:
    return Simulation.objects.select_related("reform", "unit__agency", "round").filter(pk=pk).first()
