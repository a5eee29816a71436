"""Numbers in API requests are bounded, in the OpenAPI document and at run time, so that an overflowing id,
page or year is a 4xx answer and never reaches the database or a date constructor."""

import re

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

ID_MAX = 2**63 - 1  # the largest id PostgreSQL and SQLite store
YEARS = (1900, 2100)
NAMED = {"page": (1, 1_000_000), "page_size": (1, 1000), "limit": (1, 1000), "offset": (0, 10**9)}
INTEGER = re.compile(r"^[+-]?\d+$")


def bounds_of(name: str) -> tuple[int, int]:
    if name == "year" or name.endswith("_year"):
        return YEARS
    return NAMED.get(name, (-ID_MAX, ID_MAX))


def bound_schema(schema: dict) -> None:
    """Give every integer parameter and body property of the document its minimum and maximum."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else ():
                _bound(parameter.get("name", ""), parameter.get("schema", {}))
    for component in schema.get("components", {}).get("schemas", {}).values():
        for name, prop in component.get("properties", {}).items():
            _bound(name, prop)


def _bound(name: str, prop: dict) -> None:
    for candidate in [prop, *prop.get("anyOf", [])]:
        if candidate.get("type") == "integer":
            low, high = bounds_of(name)
            candidate["minimum"] = max(candidate.get("minimum", low), low)
            candidate["maximum"] = min(candidate.get("maximum", high), high)


def _problem(status: int, title: str, detail: str) -> JsonResponse:
    return JsonResponse({"type": "about:blank", "title": title, "status": status, "detail": detail}, status=status,
                        content_type="application/problem+json", json_dumps_params={"ensure_ascii": False})


class ApiBoundsMiddleware:
    """Applies to every path: pages get the usual 404/400 pages, the API problem details."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith("/api/")
        for segment in request.path.split("/"):
            if segment.isdigit() and int(segment) > ID_MAX:
                if api:
                    return _problem(404, _("Not found"), _("No such object."))
                raise Http404
        for name, values in request.GET.lists():
            for value in values:
                value = value.strip()
                if INTEGER.match(value):
                    low, high = bounds_of(name)
                    if not low <= int(value) <= high:
                        detail = _("%(name)s must be between %(low)s and %(high)s.") % {
                            "name": name, "low": low, "high": high}
                        if api:
                            return _problem(422, _("Invalid input"), detail)
                        raise BadRequest(detail)
        return self.get_response(request)
