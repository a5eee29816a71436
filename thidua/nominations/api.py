"""Rounds, proposals, nominations and their transitions, disclosure comments, decisions, award records
and certificate verification."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from thidua.accounts.scope import RATERS, units_for
from thidua.awards.selectors import visible_records
from thidua.core.views import check
from thidua.organization.models import Person, Unit
from thidua.organization.selectors import visible_agencies

from . import proposals as snapshot
from . import services
from .models import Certificate, Nomination, ProposalRun, Round

PROPOSALS_PAGE_MAX = 500

router = Router(tags=["nominations"])


class RoundIn(Schema):
    unit_id: int
    title: str = Field(min_length=1, max_length=255)
    kind: str = "regular"
    year: int
    award_codes: list[str] = Field(min_length=1)
    nomination_deadline: datetime.date


class RoundOut(Schema):
    id: int
    unit_id: int
    title: str
    kind: str
    year: int
    award_codes: list[str]
    nomination_deadline: datetime.date
    status: str


class ProposalOut(Schema):
    subject_type: str = Field(description="person or unit")
    subject_id: int
    award_code: str
    eligible: bool
    reasons: list[dict]


class NominationIn(Schema):
    award_code: str
    person_id: int | None = None
    collective_id: int | None = None
    justification: str = ""
    achievements: str = ""


class NominationOut(Schema):
    id: int
    round_id: int
    unit_id: int
    person_id: int | None
    collective_id: int | None
    subject: str = Field(alias="subject_name")
    award_code: str
    state: str
    engine_eligible: bool | None
    flagged: bool
    justification: str
    council_passed: bool | None
    decision_id: int | None


class TransitionIn(Schema):
    action: str = Field(pattern="^(submit|accept|return|reject|council|forward|returned_from_above)$")
    comment: str = ""


class CommentIn(Schema):
    text: str = Field(min_length=1)
    anonymous: bool = False


class DisclosureIn(Schema):
    starts_on: datetime.date | None = None
    allow_anonymous: bool = False


class DisclosureOut(Schema):
    id: int
    starts_on: datetime.date
    ends_on: datetime.date
    allow_anonymous: bool


class DecisionIn(Schema):
    award_code: str
    nomination_ids: list[int] = Field(min_length=1)
    number: str
    date: datetime.date
    signer: str
    signer_title: str
    authority: str


class DecisionOut(Schema):
    id: int
    number: str
    date: datetime.date
    award_code: str
    beneficiaries: list[dict]

    @staticmethod
    def resolve_beneficiaries(obj):
        return [{"record_id": r.pk, "subject": r.subject_name, "bonus_vnd": r.bonus_vnd,
                 "certificate": r.certificate.code} for r in obj.records.select_related("certificate", "person", "unit")]


class RecordOut(Schema):
    id: int
    person_id: int | None
    unit_id: int | None
    award_code: str
    year: int
    decision_number: str
    decision_date: datetime.date
    authority: str
    bonus_vnd: int | None


class VerifyOut(Schema):
    code: str
    valid: bool
    subject: str
    award_code: str
    year: int
    decision_number: str


def _round(request, pk, perm="nominations.view_round") -> Round:
    round_ = get_object_or_404(Round, pk=pk)
    check(request.user, perm, round_)
    return round_


def _nomination(request, pk) -> Nomination:
    nomination = get_object_or_404(Nomination.objects.select_related("round"), pk=pk)
    check(request.user, "nominations.view_nomination", nomination)
    return nomination


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request):
    return list(Round.objects.filter(agency__in=visible_agencies(request.user)).order_by("-year", "pk"))


@router.post("/rounds", response={201: RoundOut})
def open_round(request, payload: RoundIn):
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    return 201, services.open_round(actor=request.user, unit=unit, **payload.dict(exclude={"unit_id"}))


PROPOSAL_HEADERS = {
    "X-Total-Count": ("integer", "Candidates matching the filters, over all pages"),
    "X-Computed-At": ("string", "When the stored candidates were computed (ISO 8601); absent before the first run"),
    "X-Proposals-Status": ("string", "queued, running, done or failed: the computation's state"),
    "X-Changes-Since": ("integer", "Changes recorded since then to the records the engine reads (capped at 1,000)"),
}


@router.get("/rounds/{pk}/proposals", response=list[ProposalOut], openapi_extra={"responses": {200: {"headers": {
    name: {"description": text, "schema": {"type": kind}} for name, (kind, text) in PROPOSAL_HEADERS.items()}}}})
def proposals(request, response: HttpResponse, pk: int, unit: int | None = None, award: str | None = None,
              eligible: bool | None = None, q: str = Query("", max_length=100), page: int = Query(1, ge=1),
              page_size: int = Query(100, ge=1, le=PROPOSALS_PAGE_MAX)):
    """The round's stored candidates (thidua.nominations.proposals, computed in the background, as the proposals
    page shows them): people of `unit` (default: the round's unit; its subtree within the caller's units) and — for
    collective awards — the unit and its direct sub-units; optionally one award, eligible or not, a name search.
    Eligible first, then by name, `page_size` (at most 500) a page; reasons are the unmet conditions and matters of
    judgement. The headers say when the candidates were computed, the computation's state and the changes since."""
    round_ = _round(request, pk)
    scope = get_object_or_404(Unit, pk=round_.unit_id if unit is None else unit)
    check(request.user, "organization.view_unit", scope)
    if not Unit.objects.descendants(round_.unit, include_self=True).filter(pk=scope.pk).exists():
        raise PermissionDenied(_("This unit is outside the round."))
    if award is not None and award not in round_.award_codes:
        raise ValidationError({"award": [_("The round does not consider this award.")]})
    run = ProposalRun.objects.filter(round=round_).first() or snapshot.request_computation(round_)
    response["X-Proposals-Status"] = run.status
    response["X-Changes-Since"] = str(snapshot.changes_since(run))
    if run.computed_at:
        response["X-Computed-At"] = run.computed_at.isoformat()
    if not run.generation:
        response["X-Total-Count"] = "0"
        return []
    subtree, collectives, whole = snapshot.scope(round_, scope, units_for(request.user))
    codes = [award] if award else round_.award_codes
    parts = [snapshot.candidates(run, code, subtree, collectives, whole, q.strip(), eligible) for code in codes]
    if q.strip():
        counts = [part.count() for part in parts]
    else:  # from the counts per unit stored with the run, as the page's summary: no scan of the rows
        tallies = snapshot.summary(run, None if whole else subtree, collectives)
        counts = [total if eligible is None else yes if eligible else total - yes
                  for total, yes in (tallies.get(code, (0, 0)) for code in codes)]
    response["X-Total-Count"] = str(sum(counts))
    skip, rows = (page - 1) * page_size, []
    for part, count in zip(parts, counts, strict=True):  # the round's awards in order, each eligible first by name
        if len(rows) >= page_size:
            break
        if skip >= count:
            skip -= count
            continue
        rows += part.values_list("award_code", "person_id", "collective_id", "eligible", "reasons")[
            skip:skip + page_size - len(rows)]
        skip = 0
    return [{"subject_type": "unit" if collective else "person", "subject_id": collective or person,
             "award_code": code, "eligible": ok,
             "reasons": [{"text_vi": vi, "text_en": en, "reference": reference, "met": None if judgement else False}
                         for vi, en, reference, judgement in snapshot.reasons_of(run, why)]}
            for code, person, collective, ok, why in rows]


class ProposalRunOut(Schema):
    status: str = Field(description="queued, running, done or failed")
    progress: int
    computed_at: datetime.datetime | None = Field(description="When the stored candidates were computed")
    people: int
    error: str


@router.post("/rounds/{pk}/proposals/refresh", response={202: ProposalRunOut})
def refresh_proposals(request, pk: int):
    """Compute the round's candidates again in the background (a no-op while a computation is queued or running),
    for a user who may nominate in the round's units, as the page's "Refresh the candidates"."""
    round_ = _round(request, pk)
    allowed = units_for(request.user, RATERS)
    covered = Unit.objects.descendants(round_.unit, include_self=True)
    if allowed is not None and not covered.filter(pk__in=allowed).exists():
        raise PermissionDenied(_("You may not nominate in this round."))
    return 202, snapshot.request_computation(round_, actor=request.user)


@router.get("/rounds/{pk}/nominations", response=list[NominationOut])
@paginate(PageNumberPagination, page_size=100)
def list_nominations(request, pk: int, state: str | None = None):
    qs = services.visible_nominations(request.user, _round(request, pk))
    return qs.filter(state=state) if state else qs


@router.post("/rounds/{pk}/nominations", response={201: NominationOut})
def nominate(request, pk: int, payload: NominationIn):
    round_ = _round(request, pk)
    person = get_object_or_404(Person, pk=payload.person_id) if payload.person_id else None
    collective = get_object_or_404(Unit, pk=payload.collective_id) if payload.collective_id else None
    return 201, services.nominate(actor=request.user, round_=round_, award_code=payload.award_code, person=person,
                                  collective=collective, justification=payload.justification,
                                  achievements=payload.achievements)


@router.get("/nominations/{pk}", response=NominationOut)
def get_nomination(request, pk: int):
    return _nomination(request, pk)


@router.post("/nominations/{pk}/transitions", response=NominationOut)
def transition(request, pk: int, payload: TransitionIn):
    return services.transition(actor=request.user, nomination=_nomination(request, pk), action=payload.action,
                               comment=payload.comment)


@router.post("/rounds/{pk}/disclosure", response={201: DisclosureOut})
def disclose(request, pk: int, payload: DisclosureIn):
    return 201, services.disclose(actor=request.user, round_=_round(request, pk, "nominations.manage_round"),
                                  **payload.dict())


@router.post("/nominations/{pk}/comments", response={201: dict})
def comment(request, pk: int, payload: CommentIn):
    nomination = get_object_or_404(Nomination.objects.select_related("round"), pk=pk)
    item = services.comment(user=request.user, nomination=nomination, text=payload.text, anonymous=payload.anonymous)
    return 201, {"id": item.pk}


@router.post("/rounds/{pk}/decisions", response={201: DecisionOut})
def decide(request, pk: int, payload: DecisionIn):
    round_ = _round(request, pk, "nominations.manage_round")
    chosen = list(round_.nominations.filter(pk__in=payload.nomination_ids))
    return 201, services.decide(actor=request.user, round_=round_, nominations=chosen,
                                **payload.dict(exclude={"nomination_ids"}))


@router.get("/records", response=list[RecordOut])
@paginate(PageNumberPagination, page_size=100)
def list_records(request, person: int | None = None, award: str | None = None, year: int | None = None):
    qs = visible_records(request.user, award=award, year=year)
    return qs.filter(person_id=person) if person else qs


@router.get("/certificates/{code}", response={200: VerifyOut}, auth=None)
def verify(request, code: str):
    """Public: check a certificate's verification code."""
    certificate = get_object_or_404(Certificate.objects.select_related("record__person", "record__unit"),
                                    code=code.strip().upper())
    record = certificate.record
    return {"code": certificate.code, "valid": not certificate.revoked, "subject": record.subject_name,
            "award_code": record.award_code, "year": record.year, "decision_number": record.decision_number}
