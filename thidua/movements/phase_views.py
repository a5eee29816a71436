"""A multi-year movement's phases (giai đoạn): listed for everyone who sees the movement, added, changed and
removed by its managers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.views import apply_errors

from . import services
from .models import PhaseKind
from .views import _movement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PhaseForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Phase"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PhaseKind.choices)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(_("A phase ends on or after the day it starts."))
        return data


@login_required
def movement_phases(request, pk):
    movement = _movement(request, pk)
    manager = request.user.has_perm("movements.manage_movement", movement)
    phases = movement.phases.all()
    editing = None
    if request.GET.get("edit", "").isdigit() or request.POST.get("phase", "").isdigit():
        editing = get_object_or_404(phases, pk=int(request.POST.get("phase") or request.GET.get("edit")))
    action = request.POST.get("action")
    initial = ({"name": editing.name, "kind": editing.kind, "starts_on": editing.starts_on,
                "ends_on": editing.ends_on} if editing else {"kind": PhaseKind.YEARLY})
    form = PhaseForm(request.POST if action in ("add", "edit") else None, initial=initial)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        try:
            if action == "remove" and editing:
                services.remove_phase(actor=request.user, phase=editing)
                messages.success(request, _("The phase “%(name)s” is removed.") % {"name": editing.name})
                return redirect("movements:phases", pk=movement.pk)
            if action in ("add", "edit") and form.is_valid():
                if action == "edit" and editing:
                    services.update_phase(actor=request.user, phase=editing, **form.cleaned_data)
                else:
                    services.add_phase(actor=request.user, movement=movement, **form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("movements:phases", pk=movement.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        if action not in ("add", "edit", "remove"):
            form.add_error(None, _("Unknown action."))
    return render(request, "movements/phases.html", {
        "movement": movement, "phases": phases, "manager": manager, "form": form, "editing": editing},
        status=400 if request.method == "POST" else 200)
