"""Quotas of a round: the limits in force on its date of consideration, and what they would be at another share."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import RATERS
from thidua.organization.models import Unit
from thidua.organization.selectors import units_with_roles

from . import services
from .views import _round

MAX_UNITS = 200


class WhatIfForm(forms.Form):
    share = forms.DecimalField(label=_("Share (%)"), min_value=0, max_value=100, decimal_places=1, required=False)


@login_required
def round_quotas(request, pk):
    round_ = _round(request, pk)
    form = WhatIfForm(request.GET or None)
    what_if = None
    if form.is_valid() and form.cleaned_data["share"] is not None:
        what_if = float(form.cleaned_data["share"]) / 100
    units = units_with_roles(request.user, RATERS).filter(
        pk__in=Unit.objects.descendants(round_.unit, include_self=True)).order_by("name")[:MAX_UNITS]
    rows = []
    for unit in units:
        rows.append({"unit": unit, "now": services.quota(round_, unit, "CSTD_CO_SO"),
                     "what_if": services.quota(round_, unit, "CSTD_CO_SO", share=what_if) if what_if is not None
                     else None})
    flags = {"now": services.quota(round_, round_.unit, "CO_THI_DUA_CP"),
             "what_if": services.quota(round_, round_.unit, "CO_THI_DUA_CP", share=what_if)
             if what_if is not None else None}
    return render(request, "nominations/quotas.html", {"round": round_, "rows": rows, "flags": flags, "form": form,
                                                       "as_of": round_.nomination_deadline})
