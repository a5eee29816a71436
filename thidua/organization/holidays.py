"""The holiday calendars that working-day periods (disclosure, appraisal) skip: the national public holidays, kept
by the system's superusers, and each agency's own extra days off, kept by the administrators at its top unit."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.audit.services import record
from thidua.core.models import Holiday
from thidua.core.views import check

from .models import Agency, AgencyHoliday
from .selectors import visible_agencies


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    name = forms.CharField(label=_("Name"), max_length=255)


def _calendar(request):
    """The agency whose days off the request is about (from `agency`), or None for the national calendar."""
    value = request.POST.get("agency") or request.GET.get("agency")
    if not value:
        return None
    return get_object_or_404(Agency, pk=int(value) if str(value).isdigit() and len(str(value)) < 19 else 0)


def _back(agency):
    url = reverse("organization:holidays")
    return redirect(f"{url}?agency={agency.pk}" if agency else url)


@login_required
def holidays(request):
    agency = _calendar(request)
    form = HolidayForm(request.POST or None, prefix="day" if agency else None)  # two forms on the page: distinct ids
    if request.method == "POST":
        if agency is None:
            check(request.user, "core.manage_holidays")
            days, clash = Holiday.objects.all(), _("This day is already a holiday.")
        else:
            check(request.user, "organization.manage_days_off", agency)
            days, clash = AgencyHoliday.objects.filter(agency=agency), _("This day is already a day off of this agency.")
        if request.POST.get("delete"):
            pk = request.POST["delete"]
            with transaction.atomic():  # two pages removing one day: only the removal that happened is audited
                day = days.select_for_update().filter(pk=pk).first() if pk.isdigit() and len(pk) < 19 else None
                if day and days.filter(pk=day.pk).delete()[0]:
                    record(actor=request.user, action="holiday.delete", obj=day,
                           summary={"date": day.date, **({"agency": agency.name} if agency else {})})
            return _back(agency)
        if form.is_valid():
            day = AgencyHoliday(agency=agency, **form.cleaned_data) if agency else Holiday(**form.cleaned_data)
            try:
                with transaction.atomic():  # the unique date decides between two pages adding the same day
                    day.save()
                    record(actor=request.user, action="holiday.add", obj=day,
                           summary={"date": day.date, "name": day.name, **({"agency": agency.name} if agency else {})})
            except IntegrityError:
                form.add_error("date", clash)
            else:
                return _back(agency)
    agencies = [a for a in visible_agencies(request.user) if request.user.has_perm("organization.manage_days_off", a)]
    if agency is not None and agency not in agencies:
        check(request.user, "organization.manage_days_off", agency)
    shown = agency or (agencies[0] if len(agencies) == 1 else None)
    return render(request, "organization/holidays.html", {
        "holidays": Holiday.objects.all(), "can_edit": request.user.has_perm("core.manage_holidays"),
        "national_form": form if agency is None else HolidayForm(), "agency_form": form if agency else HolidayForm(prefix="day"),
        "agencies": agencies, "agency": shown,
        "days_off": AgencyHoliday.objects.filter(agency=shown) if shown else [],
    }, status=400 if form.errors else 200)
