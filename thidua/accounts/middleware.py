"""Session lifetimes and the two-factor step, checked on every request of a signed-in user."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .twofactor import needs_second_factor

LOGIN_AT, SEEN_AT = "thidua_login_at", "thidua_seen_at"


class SessionLimitsMiddleware:
    """Ends a session after `THIDUA_SESSION_IDLE_SECONDS` without a request, and `SESSION_COOKIE_AGE` after sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            if now - seen_at > settings.THIDUA_SESSION_IDLE_SECONDS or now - login_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                from django.contrib import messages

                messages.info(request, _("Your session has ended; please log in again."))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if now - seen_at >= 30:  # write the session at most twice a minute
                session[SEEN_AT] = now
        return self.get_response(request)


EXEMPT_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/two-factor/", "/static/", "/i18n/", "/oidc/")


class TwoFactorMiddleware:
    """Sends a signed-in user who must use a second factor to enrol or to enter a code before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES)
                and needs_second_factor(user) and not user.is_verified()):
            if request.path.startswith("/api/"):
                return JsonResponse({"type": "about:blank", "title": _("Two-factor sign-in required"), "status": 403,
                                     "detail": _("Enter your one-time code in the browser, or use an API token.")},
                                    status=403, content_type="application/problem+json",
                                    json_dumps_params={"ensure_ascii": False})
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
