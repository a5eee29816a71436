from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import Kind, Notification


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(actor=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


def _preference_form(data, prefs):
    form = forms.Form(data)
    for kind, label in Kind.choices:
        form.fields[f"{kind}_in_app"] = forms.BooleanField(required=False, initial=prefs[kind].in_app,
                                                           label=_("%(kind)s: in the application") % {"kind": label})
        form.fields[f"{kind}_email"] = forms.BooleanField(required=False, initial=prefs[kind].email,
                                                          label=_("%(kind)s: in the daily e-mail") % {"kind": label})
    return form


@login_required
def notification_settings(request):
    form = _preference_form(request.POST or None, services.preferences(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_preferences(actor=request.user, choices={
            kind: (form.cleaned_data[f"{kind}_in_app"], form.cleaned_data[f"{kind}_email"]) for kind in Kind.values})
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    rows = [(label, form[f"{kind}_in_app"], form[f"{kind}_email"]) for kind, label in Kind.choices]
    return render(request, "notifications/settings.html", {"form": form, "rows": rows})
