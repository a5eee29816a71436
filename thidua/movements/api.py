"""Movements, rubrics, pledges, evidence, scores and rankings."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from thidua.organization.models import Unit

from . import scoring, services
from .models import Movement
from .selectors import rubrics_for
from .views import visible_movements

router = Router(tags=["movements"])


class CriterionOut(Schema):
    id: int
    code: str
    name: str
    group: str = Field(alias="group.name")
    kind: str
    max_score: Decimal
    weight: Decimal
    measure: str
    evidence_required: bool


class RubricOut(Schema):
    id: int
    name: str
    version: int
    frozen: bool
    bonus_cap: Decimal | None
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.select_related("group"))


class MovementOut(Schema):
    id: int
    title: str
    kind: str
    slogan: str
    year: int
    unit_id: int | None
    block_id: int | None
    rubric_id: int
    registration_until: datetime.date
    reporting_until: datetime.date
    scoring_from: datetime.date
    scoring_until: datetime.date
    tie_break: str
    published_at: datetime.datetime | None
    participant_ids: list[int]

    @staticmethod
    def resolve_participant_ids(obj):
        return list(obj.participants.values_list("unit_id", flat=True))


class PledgeIn(Schema):
    unit_id: int
    targets: dict[str, str]
    joint: bool = False


class EvidenceIn(Schema):
    unit_id: int
    criterion: str
    reported_value: str = ""
    link: str = ""
    note: str = ""


class ScoreIn(Schema):
    unit_id: int
    kind: str = Field(pattern="^(self|final|cross)$")
    values: dict[str, Decimal | str]
    comments: dict[str, str] = {}
    scorer_id: int | None = None


class RankOut(Schema):
    unit_id: int
    rank: int
    total: str
    groups: dict[str, str]


def _movement(request, pk) -> Movement:
    return get_object_or_404(visible_movements(request.user), pk=pk)


def _unit(movement, pk) -> Unit:
    return get_object_or_404(Unit.objects.filter(participations__movement=movement), pk=pk)


@router.get("/movements", response=list[MovementOut])
def list_movements(request):
    return list(visible_movements(request.user).order_by("-year", "pk"))


@router.get("/movements/{pk}", response=MovementOut)
def get_movement(request, pk: int):
    return _movement(request, pk)


@router.get("/rubrics/{pk}", response=RubricOut)
def get_rubric(request, pk: int):
    return get_object_or_404(rubrics_for(request.user), pk=pk)


@router.post("/movements/{pk}/pledges", response={201: dict})
def pledge(request, pk: int, payload: PledgeIn):
    movement = _movement(request, pk)
    item = services.pledge(actor=request.user, movement=movement, unit=_unit(movement, payload.unit_id),
                           targets=payload.targets, joint=payload.joint)
    return 201, {"id": item.pk, "targets": item.targets}


@router.post("/movements/{pk}/evidence", response={201: dict})
def evidence(request, pk: int, payload: EvidenceIn):
    movement = _movement(request, pk)
    criterion = get_object_or_404(movement.rubric.criteria, code=payload.criterion)
    item = services.add_evidence(actor=request.user, movement=movement, unit=_unit(movement, payload.unit_id),
                                 criterion=criterion, reported_value=payload.reported_value, link=payload.link,
                                 note=payload.note)
    return 201, {"id": item.pk}


@router.post("/movements/{pk}/scores", response={201: dict})
def set_scores(request, pk: int, payload: ScoreIn):
    movement = _movement(request, pk)
    scorer = _unit(movement, payload.scorer_id) if payload.scorer_id else None
    saved = services.score(actor=request.user, movement=movement, unit=_unit(movement, payload.unit_id),
                           kind=payload.kind, values=payload.values, comments=payload.comments, scorer=scorer)
    return 201, {"saved": len(saved)}


@router.get("/movements/{pk}/ranking", response=list[RankOut])
def ranking(request, pk: int):
    """The published ranking, or the provisional one computed from the scores so far."""
    movement = _movement(request, pk)
    if movement.published_at:
        return [{"unit_id": r.unit_id, "rank": r.rank, "total": str(r.total), "groups": r.groups}
                for r in movement.results.all()]
    return [{"unit_id": s.unit_id, "rank": s.rank, "total": str(s.total),
             "groups": {str(g): str(v) for g, v in s.groups.items()}} for s in scoring.standings(movement)]
