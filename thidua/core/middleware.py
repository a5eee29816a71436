"""Request bodies are refused by their declared size before anything reads them."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """413 for a body longer than `THIDUA_REQUEST_MAX_BYTES` (or, for anonymous API calls,
    `THIDUA_API_ANON_MAX_BYTES`), judged by Content-Length so a 1 GiB upload is never spooled to disk.
    Django reads no body at all without a Content-Length, so a chunked body cannot slip past."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        limit = settings.THIDUA_REQUEST_MAX_BYTES
        api = request.path.startswith("/api/")
        if api and not request.META.get("HTTP_AUTHORIZATION") and not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            limit = settings.THIDUA_API_ANON_MAX_BYTES
        if length < 0 or length > limit:
            detail = _("The request is too large (%(size)s bytes); the limit is %(limit)s bytes.") % {
                "size": length, "limit": limit}
            if api:
                return JsonResponse({"type": "about:blank", "title": _("Request too large"), "status": 413,
                                     "detail": detail}, status=413, content_type="application/problem+json",
                                    json_dumps_params={"ensure_ascii": False})
            return render(request, "413.html", {"detail": detail}, status=413)
        return self.get_response(request)
