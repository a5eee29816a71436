from django.core.exceptions import ValidationError
from ninja import Router

from .engine import CaseError, catalogue, evaluate

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
