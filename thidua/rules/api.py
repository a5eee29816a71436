from django.core.exceptions import ValidationError
from ninja import Router

from .engine import CaseError, catalogue, evaluate
from .publication import FORMAT, describe, describe_award, law_version

router = Router(tags=["eligibility"])


@router.post("/evaluate", auth=None)
def evaluate_cases(request):
    """Same JSON contract as `thidua rules evaluate`; touches no database."""
    import json

    try:
        payload = json.loads(request.body or b"")
    except json.JSONDecodeError as exc:
        raise ValidationError({"body": [f"not valid JSON: {exc.msg}"]}) from exc
    try:
        return evaluate(payload)
    except CaseError as exc:
        raise ValidationError({"cases": [str(exc)]}) from exc


@router.get("/awards", auth=None)
def list_awards(request):
    return catalogue()


@router.get("/version", auth=None)
def rules_version(request):
    """The version of the published rules (a hash of parameters and formulas); every answer names it."""
    return {"format": FORMAT, "version": law_version()}


def _in_force() -> list[dict]:
    from .models import AgencyRegulation

    rows = AgencyRegulation.objects.select_related("agency").order_by("agency__code", "key", "effective_from")[:2000]
    return [{"agency": r.agency.code, "regulation": r.key, "value": r.value, "citation": r.citation,
             "from": r.effective_from.isoformat(), "to": r.effective_to.isoformat() if r.effective_to else None}
            for r in rows]


def _page(request, code: str) -> str:
    """The human page of an award (the law page), beside its machine-readable description."""
    from django.urls import reverse

    return request.build_absolute_uri(reverse("rules:law_award", args=[code]))


def _published(request) -> dict:
    document = describe(in_force=_in_force())
    for award in document["awards"]:
        award["page"] = _page(request, award["code"])
    return document


@router.get("/published", auth=None)
def published_rules(request):
    """Every award with its conditions and articles and its human page, every parameter with its dated
    values, the agency regulations and the agencies' decisions putting them into force."""
    return _published(request)


@router.get("/published/{code}", auth=None)
def published_award(request, code: str):
    from django.http import Http404

    award = describe_award(code)
    if award is None:
        raise Http404
    return award | {"page": _page(request, code)}


@router.get("/download", auth=None)
def download_rules(request):
    """The published rules as one JSON file, named with their version."""
    import json

    from django.http import HttpResponse

    document = _published(request)
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="thidua-rules-{document["version"]}.json"'
    return response
