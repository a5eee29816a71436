"""Every file that leaves the platform — downloads, exports, generated documents — is recorded here, in one place,
by looking at the response rather than at each view."""

from django.http import FileResponse

from .services import record_security_event


def _filename(response) -> str:
    disposition = response.get("Content-Disposition", "")
    if "filename=" in disposition:
        return disposition.split("filename=", 1)[1].strip().strip('"')[:255]
    return getattr(response, "filename", "") or ""


class DownloadAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_file = isinstance(response, FileResponse) or response.get("Content-Disposition", "").startswith(
            "attachment")
        if is_file and 200 <= response.status_code < 300:
            user = getattr(request, "user", None)
            record_security_event(actor=user if user is not None and user.is_authenticated else "anonymous",
                                  action="security.download", request=request, file=_filename(response),
                                  path=request.path[:255], query=request.META.get("QUERY_STRING", "")[:255])
        return response
