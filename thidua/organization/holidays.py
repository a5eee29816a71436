"""The public-holiday calendar that working-day periods (disclosure, appraisal) skip; administrators keep it."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from thidua.audit.services import record
from thidua.core.models import Holiday
from thidua.core.views import check


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    name = forms.CharField(label=_("Name"), max_length=255)


@login_required
def holidays(request):
    """The public-holiday calendar that working-day periods (disclosure) skip; administrators keep it."""
    can_edit = request.user.has_perm("core.manage_holidays")
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        check(request.user, "core.manage_holidays")
        if request.POST.get("delete"):
            holiday = Holiday.objects.filter(pk=request.POST["delete"]).first()
            if holiday:
                record(actor=request.user, action="holiday.delete", obj=holiday, summary={"date": holiday.date})
                holiday.delete()
            return redirect("organization:holidays")
        if form.is_valid():
            if Holiday.objects.filter(date=form.cleaned_data["date"]).exists():
                form.add_error("date", _("This day is already a holiday."))
            else:
                holiday = Holiday.objects.create(**form.cleaned_data)
                record(actor=request.user, action="holiday.add", obj=holiday,
                       summary={"date": holiday.date, "name": holiday.name})
                return redirect("organization:holidays")
    return render(request, "organization/holidays.html", {"holidays": Holiday.objects.all(), "form": form,
                                                  "can_edit": can_edit}, status=400 if form.errors else 200)
