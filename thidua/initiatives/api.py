import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from thidua.core.views import check
from thidua.organization.models import Person, Unit

from . import selectors, services
from .models import Initiative

router = Router(tags=["initiatives"])


class AuthorOut(Schema):
    person_id: int
    person_code: str = Field(alias="person.code")
    full_name: str = Field(alias="person.full_name")
    share: Decimal


class RecognitionOut(Schema):
    scope: str
    authority: str
    decision_number: str
    decision_date: datetime.date

    @staticmethod
    def resolve_scope(obj):
        return {1: "co_so", 2: "bo", 3: "toan_quoc"}[obj.scope]


class InitiativeOut(Schema):
    id: int
    unit_id: int
    kind: str
    title: str
    field: str
    problem: str
    solution: str
    first_applied_on: datetime.date
    benefits: str
    money_saved_vnd: int | None
    hours_saved: int | None
    status: str
    scope: str | None
    authors: list[AuthorOut]
    recognitions: list[RecognitionOut]

    @staticmethod
    def resolve_scope(obj):
        return {1: "co_so", 2: "bo", 3: "toan_quoc"}.get(obj.scope)

    @staticmethod
    def resolve_authors(obj):
        return list(obj.authors.all())

    @staticmethod
    def resolve_recognitions(obj):
        return list(obj.recognitions.all())


class AuthorIn(Schema):
    person_id: int
    share: Decimal = Field(gt=0, le=100)


class InitiativeIn(Schema):
    unit_id: int
    title: str = Field(min_length=1, max_length=500)
    kind: str = "initiative"
    field: str = "professional"
    problem: str = Field(min_length=1)
    solution: str = Field(min_length=1)
    first_applied_on: datetime.date
    benefits: str = ""
    money_saved_vnd: int | None = None
    hours_saved: int | None = None
    applied_unit_ids: list[int] = []
    authors: list[AuthorIn] = Field(min_length=1)


class ReviewIn(Schema):
    novelty: int
    applicability: int
    effectiveness: int
    recommendation: str
    comment: str = ""


class ReviewOut(Schema):
    reviewer: str = Field(alias="reviewer.display_name")
    novelty: int
    applicability: int
    effectiveness: int
    recommendation: str
    comment: str


class RecognitionIn(Schema):
    scope: str = Field(pattern="^(co_so|bo|toan_quoc)$")
    authority: str
    decision_number: str
    decision_date: datetime.date


class InitiativeFilter(FilterSchema):
    q: str | None = None
    field: str | None = None
    scope: str | None = Field(None, pattern="^(co_so|bo|toan_quoc)$")
    year: int | None = None
    kind: str | None = None
    person: int | None = None


SCOPES = {"co_so": 1, "bo": 2, "toan_quoc": 3}


def _initiative(request, pk, perm="initiatives.view_initiative") -> Initiative:
    initiative = get_object_or_404(Initiative, pk=pk)
    check(request.user, perm, initiative)
    return initiative


def _people(request, authors: list[AuthorIn]):
    found = []
    for item in authors:
        person = get_object_or_404(Person, pk=item.person_id)
        found.append((person, item.share))
    return found


@router.get("/initiatives", response=list[InitiativeOut])
@paginate(PageNumberPagination, page_size=100)
def list_initiatives(request, filters: Query[InitiativeFilter]):
    person = get_object_or_404(Person, pk=filters.person) if filters.person else None
    return selectors.visible_initiatives(request.user, query=filters.q, field=filters.field,
                                         scope=SCOPES.get(filters.scope or ""), year=filters.year, kind=filters.kind,
                                         person=person).prefetch_related("recognitions").order_by("pk")


@router.get("/initiatives/{pk}", response=InitiativeOut)
def get_initiative(request, pk: int):
    return _initiative(request, pk)


@router.post("/initiatives", response={201: InitiativeOut})
def register_initiative(request, payload: InitiativeIn):
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    applied = list(Unit.objects.filter(pk__in=payload.applied_unit_ids, agency=unit.agency))
    data = payload.dict(exclude={"unit_id", "applied_unit_ids", "authors"})
    return 201, services.register(actor=request.user, unit=unit, authors=_people(request, payload.authors),
                                  applied_units=applied, **data)


@router.get("/initiatives/{pk}/reviews", response=list[ReviewOut])
def list_reviews(request, pk: int):
    return list(_initiative(request, pk).reviews.select_related("reviewer__user__person"))


@router.post("/initiatives/{pk}/reviews", response={201: ReviewOut})
def review_initiative(request, pk: int, payload: ReviewIn):
    return 201, services.review(actor=request.user, initiative=_initiative(request, pk), **payload.dict())


@router.post("/initiatives/{pk}/recognitions", response={201: InitiativeOut})
def recognise_initiative(request, pk: int, payload: RecognitionIn):
    initiative = _initiative(request, pk)
    data = payload.dict()
    data["scope"] = SCOPES[data["scope"]]
    services.recognise(actor=request.user, initiative=initiative, **data)
    initiative.refresh_from_db()
    return 201, initiative
