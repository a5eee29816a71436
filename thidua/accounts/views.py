"""Account pages: the two-factor step and enrolment, API tokens, and sign-in lockouts for administrators."""

import segno
from axes.models import AccessAttempt
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.core.views import apply_errors, check

from . import services
from .models import ApiToken, TokenScope
from .scope import units_for
from .twofactor import confirmed_device, provisioning_uri, secret_base32


class CodeForm(forms.Form):
    code = forms.RegexField(label=gettext_lazy("One-time code"), regex=r"^\s*\d{6}\s*$", max_length=10,
                            error_messages={"invalid": gettext_lazy("Enter the 6 digits shown by your app.")},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else "/"


@sensitive_post_parameters("code")
@login_required
def two_factor(request):
    """Enter the code of an enrolled authenticator app, or enrol one (the QR code is shown once per visit)."""
    device = confirmed_device(request.user)
    form = CodeForm(request.POST or None)
    if device is None:
        pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if request.method == "GET" or pending is None:
            pending = services.start_enrolment(user=request.user)
        if form.is_valid() and not pending.verify_is_allowed()[0]:
            form.add_error("code", _("Too many wrong codes; wait a moment and try again."))
        elif form.is_valid():
            if services.confirm_enrolment(user=request.user, device=pending, code=form.cleaned_data["code"].strip()):
                otp_login(request, pending)
                messages.success(request, _("Two-factor sign-in is set up."))
                return redirect(_next(request))
            form.add_error("code", _("The code is not right; check the time on your phone and try again."))
        uri = provisioning_uri(pending)
        return render(request, "accounts/two_factor_enrol.html", {
            "form": form, "next": _next(request), "secret": secret_base32(pending),
            "qr": segno.make(uri, error="m").svg_data_uri(scale=4)})
    if form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", _("Too many wrong codes; wait a moment and try again."))
        elif device.verify_token(form.cleaned_data["code"].strip()):
            otp_login(request, device)
            return redirect(_next(request))
        else:
            form.add_error("code", _("The code is not right; check the time on your phone and try again."))
    return render(request, "accounts/two_factor.html", {"form": form, "next": _next(request)})


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What it is for"), max_length=100)
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=TokenScope.choices, initial=TokenScope.READ)
    days = forms.IntegerField(label=gettext_lazy("Valid for (days)"), min_value=1, max_value=366, initial=90)


@login_required
def tokens(request):
    """The user's own API tokens: issue (the value is shown once), list, revoke."""
    form = TokenForm(request.POST or None)
    raw = None
    if form.is_valid():
        try:
            _token, raw = services.issue_token(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(request, "accounts/tokens.html", {
        "form": form if raw is None else TokenForm(), "raw": raw,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at")[:100]})


@require_POST
@login_required
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


def _lockouts_for(user):
    """Failed-sign-in records an administrator may see: those of accounts of people in their subtree."""
    attempts = AccessAttempt.objects.order_by("-attempt_time")
    units = units_for(user, {"administrator"})
    if units is None:
        return attempts
    usernames = get_user_model().objects.filter(person__unit_id__in=units).values("username")
    return attempts.filter(username__in=usernames)


@login_required
def lockouts(request):
    check(request.user, "accounts.view_lockouts")
    from django.conf import settings

    attempts = _lockouts_for(request.user)[:200]
    return render(request, "accounts/lockouts.html", {
        "attempts": attempts, "limit": settings.AXES_FAILURE_LIMIT})


@require_POST
@login_required
def reset_two_factor(request):
    """An administrator removes the authenticator of a person of their units who lost it."""
    check(request.user, "accounts.view_lockouts")
    target = get_object_or_404(get_user_model(), username=request.POST.get("username", "")[:150])
    services.reset_second_factor(actor=request.user, user=target)
    messages.success(request, _("%(username)s will set up two-factor sign-in again at the next sign-in.")
                     % {"username": target.username})
    return redirect("accounts:lockouts")


@require_POST
@login_required
def unlock(request):
    check(request.user, "accounts.view_lockouts")
    username = request.POST.get("username", "")[:150]
    services.unlock(actor=request.user, username=username)
    messages.success(request, _("The account %(username)s can sign in again.") % {"username": username})
    return redirect("accounts:lockouts")
