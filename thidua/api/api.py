"""The JSON API: routers per app, session or bearer-token authentication, errors as problem details."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from thidua.accounts.models import ApiToken, TokenScope
from thidua.audit.services import record_security_event

from .bounds import bound_schema

LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# A secret vote leaves no event of its own (councils/services.py, docs/ballot-board.md): the poll's participation
# list records who voted, and nothing records when — a congress's thousands of votes also stay one write each.
UNRECORDED_CHANGES = re.compile(r"/api/polls/\d+/vote")


class TokenAuth(HttpBearer):
    """A live (unexpired, unrevoked) token; a read-only token may only read."""

    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(
            digest=ApiToken.digest_of(token[:200]), revoked_at__isnull=True, expires_at__gt=timezone.now()).first()
        if found is None or not found.user.is_active:
            return None
        if found.scope != TokenScope.WRITE and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise PermissionDenied(_("This token may only read; issue a read-and-write token to make changes."))
        now = timezone.now()
        first_in_a_while = found.last_used_at is None or now - found.last_used_at > LAST_USED_PRECISION
        if first_in_a_while:  # not a write per call
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        if (first_in_a_while or request.method not in ("GET", "HEAD", "OPTIONS")) and not UNRECORDED_CHANGES.fullmatch(
                request.path):
            # every change made with a token, and its reads once a minute: by the token's id, never the token
            record_security_event(actor=found.user, action="security.token_used", request=request, token=found.pk,
                                  token_name=found.name, method=request.method, path=request.path[:200])
        request.user = found.user
        return found.user


class AnonThrottle(AnonRateThrottle):
    """Per client address, for calls without a session or token (the rate is read at each call: a setting)."""

    def allow_request(self, request):
        self.rate = settings.THIDUA_API_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class UserThrottle(AuthRateThrottle):
    def allow_request(self, request):
        self.rate = settings.THIDUA_API_USER_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}
ERRORS = {
    "400": "Malformed request", "401": "Not signed in, or the token is unknown, expired or revoked",
    "403": "Not permitted (object outside the user's scope, or a read-only token)", "404": "No such object",
    "413": "Request body too large", "422": "Invalid input, with the errors by field",
    "429": "Too many requests; retry after the time in Retry-After",
}


class ThiduaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation declares its error answers: RFC 9457 problem details."""
        schema = super().get_openapi_schema(*args, **kwargs)
        bound_schema(schema)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        reference = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and "responses" in operation:
                    for status, description in ERRORS.items():
                        operation["responses"].setdefault(status, {"description": description, "content": reference})
        return schema


api = ThiduaAPI(title="thidua API", version="1", openapi_url="/openapi.json", docs_url=None,
                auth=[TokenAuth(), django_auth],  # a bearer token first: session auth demands a CSRF token
                throttle=[AnonThrottle(), UserThrottle()])


def problem(status: int, title: str, detail: str = "", errors: dict | None = None) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type="application/problem+json",
                        json_dumps_params={"ensure_ascii": False})


@api.exception_handler(ValidationError)
def on_validation(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return problem(422, "Invalid input", "; ".join(m for ms in errors.values() for m in ms), errors)


@api.exception_handler(NinjaValidationError)
def on_schema(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = ".".join(str(p) for p in error.get("loc", ())[1:] if p not in ("payload",)) or "__all__"
        errors.setdefault(location, []).append(error.get("msg", "invalid"))
    return problem(422, "Invalid input", "The request does not match the schema.", errors)


@api.exception_handler(PermissionDenied)
def on_denied(request, exc):
    return problem(403, "Forbidden", str(exc) or "You do not have permission to do this.")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return problem(404, "Not found", "No such object.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return problem(401, "Unauthorized", "Log in or send a bearer token.")


@api.exception_handler(Throttled)
def on_throttled(request, exc):
    response = problem(429, "Too many requests", "Slow down and retry later.")
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return problem(exc.status_code, str(exc) or "Error")


@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    """An id or number beyond what the database stores (e.g. 2**64): no such object, not a server error."""
    return problem(422, "Invalid input", "A number is out of range.")


api.add_router("/", "thidua.organization.api.router")
api.add_router("/", "thidua.initiatives.api.router")
api.add_router("/", "thidua.councils.api.router")
api.add_router("/", "thidua.nominations.api.router")
api.add_router("/", "thidua.movements.api.router")
api.add_router("/rules/", "thidua.rules.api.router")
api.add_router("/", "thidua.audit.api.router")
api.add_router("/", "thidua.reports.api.router")
api.add_router("/", "thidua.inspections.api.router")
