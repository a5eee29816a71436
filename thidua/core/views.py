from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _


def check(user, perm: str, obj=None) -> None:
    """Object-level permission check used by every view."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's validation error on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def paginate(request, queryset, per_page: int = 50):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def favicon(request):
    """Browsers ask for /favicon.ico on every page whatever the <link> says; send them to the static file."""
    return redirect(static("thidua/favicon.ico"))


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    name = forms.CharField(label=_("Name"), max_length=255)


@login_required
def holidays(request):
    """The public-holiday calendar that working-day periods (disclosure) skip; administrators keep it."""
    from thidua.audit.services import record

    from .models import Holiday

    can_edit = request.user.has_perm("core.manage_holidays")
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        check(request.user, "core.manage_holidays")
        if request.POST.get("delete"):
            holiday = Holiday.objects.filter(pk=request.POST["delete"]).first()
            if holiday:
                record(actor=request.user, action="holiday.delete", obj=holiday, summary={"date": holiday.date})
                holiday.delete()
            return redirect("core:holidays")
        if form.is_valid():
            if Holiday.objects.filter(date=form.cleaned_data["date"]).exists():
                form.add_error("date", _("This day is already a holiday."))
            else:
                holiday = Holiday.objects.create(**form.cleaned_data)
                record(actor=request.user, action="holiday.add", obj=holiday,
                       summary={"date": holiday.date, "name": holiday.name})
                return redirect("core:holidays")
    return render(request, "core/holidays.html", {"holidays": Holiday.objects.all(), "form": form,
                                                  "can_edit": can_edit}, status=400 if form.errors else 200)
