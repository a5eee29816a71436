"""A unit's work plan for a year: measurable targets with their achievement and flags, progress reports."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.views import apply_errors
from thidua.organization.selectors import visible_units

from . import services
from . import targets as target_rules
from .models import IndicatorMeasure, WorkPlanTarget

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetForm(forms.Form):
    target = forms.CharField(label=gettext_lazy("Target"), max_length=255)
    measure = forms.ChoiceField(label=gettext_lazy("Indicator measured as"), choices=IndicatorMeasure.choices)
    baseline = forms.DecimalField(label=gettext_lazy("Baseline"), required=False, max_digits=14, decimal_places=2)
    goal = forms.DecimalField(label=gettext_lazy("Target value"), required=False, max_digits=14, decimal_places=2,
                              help_text=gettext_lazy("For numbers and percentages."))
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DATE)
    checkpoint_on = forms.DateField(label=gettext_lazy("Checkpoint"), required=False, widget=DATE)
    checkpoint_value = forms.DecimalField(label=gettext_lazy("Expected by the checkpoint"), required=False,
                                          max_digits=14, decimal_places=2)


class ProgressForm(forms.Form):
    target_id = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=gettext_lazy("As of"), widget=DATE)
    value = forms.DecimalField(label=gettext_lazy("Value reached (yes = 1, no = 0)"), required=False, max_digits=14,
                               decimal_places=2)
    done_on = forms.DateField(label=gettext_lazy("Done on"), required=False, widget=DATE)
    link = forms.URLField(label=gettext_lazy("Evidence link"), required=False, assume_scheme="https")
    file = forms.FileField(label=gettext_lazy("Evidence file"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


@login_required
def work_plan(request, unit_pk, year):
    unit = get_object_or_404(visible_units(request.user), pk=unit_pk)
    if not 2000 <= year <= 2100:
        raise PermissionDenied
    can_edit = request.user.has_perm("movements.act_for_unit", unit)
    action = request.POST.get("action")
    target_form = TargetForm(request.POST if action == "target" else None)
    progress_form = ProgressForm(request.POST if action == "progress" else None,
                                 request.FILES if action == "progress" else None,
                                 initial={"on": timezone.localdate()})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = target_form if action == "target" else progress_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "target":
                    checkpoints = [(data["checkpoint_on"], data["checkpoint_value"])] if data["checkpoint_on"] else []
                    services.add_work_plan_target(actor=request.user, unit=unit, year=year, target=data["target"],
                                                  measure=data["measure"], baseline=data["baseline"], goal=data["goal"],
                                                  due_on=data["due_on"], checkpoints=checkpoints)
                else:
                    item = get_object_or_404(WorkPlanTarget, pk=data["target_id"], plan__unit=unit, plan__year=year)
                    services.report_progress(actor=request.user, target=item, on=data["on"], value=data["value"],
                                             done_on=data["done_on"], link=data["link"], upload=data["file"],
                                             note=data["note"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("movements:work_plan", unit_pk=unit.pk, year=year)
    items = (WorkPlanTarget.objects.filter(plan__unit=unit, plan__year=year).select_related("plan", "criterion")
             .prefetch_related("progress", "checkpoints"))
    return render(request, "movements/work_plan.html", {
        "unit": unit, "year": year, "states": target_rules.states(items, timezone.localdate()),
        "can_edit": can_edit, "target_form": target_form, "progress_form": progress_form},
        status=400 if request.method == "POST" else 200)
