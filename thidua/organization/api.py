import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from thidua.core.views import check

from . import selectors, services
from .models import Agency, Discipline, EmulationBlock, Membership, Person, Unit, YearlyRating

router = Router(tags=["organisation"])


class UnitOut(Schema):
    id: int
    agency_id: int
    parent_id: int | None
    code: str
    name: str
    kind: str
    established_on: datetime.date | None
    dissolved_on: datetime.date | None
    successor_id: int | None


class UnitIn(Schema):
    parent_id: int
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=255)
    kind: str = "department"
    established_on: datetime.date | None = None


class UnitPatch(Schema):
    code: str | None = None
    kind: str | None = None
    position: int | None = None
    established_on: datetime.date | None = None


class PersonOut(Schema):
    id: int
    agency_id: int
    code: str
    full_name: str
    gender: str
    date_of_birth: datetime.date | None
    category: str
    position: str
    rank: str
    unit_id: int
    is_active: bool


class PersonIn(Schema):
    unit_id: int
    code: str = Field(min_length=1, max_length=32)
    full_name: str = Field(min_length=1, max_length=255)
    gender: str
    category: str
    date_of_birth: datetime.date | None = None
    position: str = ""
    rank: str = ""
    start_date: datetime.date | None = None


class PersonPatch(Schema):
    code: str | None = None
    full_name: str | None = None
    gender: str | None = None
    date_of_birth: datetime.date | None = None
    category: str | None = None
    position: str | None = None
    rank: str | None = None
    is_active: bool | None = None


class PeopleFilter(FilterSchema):
    q: str | None = None
    unit: int | None = None
    category: str | None = None


class MembershipOut(Schema):
    id: int
    person_id: int
    unit_id: int
    unit_name_then: str
    start_date: datetime.date
    end_date: datetime.date | None
    position: str


class TransferIn(Schema):
    unit_id: int
    start_date: datetime.date
    position: str = ""


class RatingOut(Schema):
    id: int
    person_id: int
    year: int
    rating: str
    note: str
    set_by_id: int | None


class RatingIn(Schema):
    year: int
    rating: str
    note: str = ""


class DisciplineOut(Schema):
    id: int
    person_id: int
    form: str
    decision_number: str
    decision_date: datetime.date
    effective_from: datetime.date
    effective_to: datetime.date | None
    reason: str


class DisciplineIn(Schema):
    form: str
    decision_date: datetime.date
    effective_from: datetime.date
    effective_to: datetime.date | None = None
    decision_number: str = ""
    reason: str = ""


class BlockOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    host_agency_id: int | None
    description: str


class BlockIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=255)
    kind: str = "block"
    host_agency_id: int | None = None
    description: str = ""


class BlockMemberOut(Schema):
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    year: int
    role: str


class BlockYearIn(Schema):
    year: int
    agency_ids: list[int]
    leader_id: int
    deputy_id: int


def _unit(request, pk, perm="organization.view_unit") -> Unit:
    unit = get_object_or_404(Unit, pk=pk)
    check(request.user, perm, unit)
    return unit


def _person(request, pk, perm="organization.view_person") -> Person:
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    check(request.user, perm, person)
    return person


@router.get("/units", response=list[UnitOut])
@paginate(PageNumberPagination, page_size=100)
def list_units(request, q: str | None = None):
    return selectors.visible_units(request.user, query=q).order_by("pk")


@router.get("/units/{pk}", response=UnitOut)
def get_unit(request, pk: int):
    return _unit(request, pk)


@router.post("/units", response={201: UnitOut})
def create_unit(request, payload: UnitIn):
    parent = _unit(request, payload.parent_id, "organization.change_unit")
    data = payload.dict(exclude={"parent_id"})
    return 201, services.create_unit(actor=request.user, agency=parent.agency, parent=parent, **data)


@router.patch("/units/{pk}", response=UnitOut)
def update_unit(request, pk: int, payload: UnitPatch):
    unit = _unit(request, pk, "organization.change_unit")
    return services.update_unit(actor=request.user, unit=unit, **payload.dict(exclude_unset=True))


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=100)
def list_people(request, filters: Query[PeopleFilter]):
    unit = _unit(request, filters.unit) if filters.unit else None
    return selectors.visible_people(request.user, query=filters.q, unit=unit, category=filters.category)


@router.get("/people/{pk}", response=PersonOut)
def get_person(request, pk: int):
    return _person(request, pk)


@router.post("/people", response={201: PersonOut})
def create_person(request, payload: PersonIn):
    unit = _unit(request, payload.unit_id, "organization.change_unit")
    return 201, services.create_person(actor=request.user, unit=unit, **payload.dict(exclude={"unit_id"}))


@router.patch("/people/{pk}", response=PersonOut)
def update_person(request, pk: int, payload: PersonPatch):
    person = _person(request, pk, "organization.change_person")
    return services.update_person(actor=request.user, person=person, **payload.dict(exclude_unset=True))


@router.get("/people/{pk}/memberships", response=list[MembershipOut])
def list_memberships(request, pk: int):
    return Membership.objects.filter(person=_person(request, pk)).select_related("unit")


@router.post("/people/{pk}/transfer", response=PersonOut)
def transfer(request, pk: int, payload: TransferIn):
    person = _person(request, pk, "organization.change_person")
    unit = _unit(request, payload.unit_id, "organization.change_unit")
    return services.transfer_person(actor=request.user, person=person, unit=unit, start_date=payload.start_date,
                                    position=payload.position)


@router.get("/people/{pk}/ratings", response=list[RatingOut])
def list_ratings(request, pk: int):
    return YearlyRating.objects.filter(person=_person(request, pk))


@router.put("/people/{pk}/ratings", response=RatingOut)
def set_rating(request, pk: int, payload: RatingIn):
    person = _person(request, pk, "organization.rate_person")
    return services.set_rating(actor=request.user, person=person, **payload.dict())


@router.get("/people/{pk}/disciplines", response=list[DisciplineOut])
def list_disciplines(request, pk: int):
    return Discipline.objects.filter(person=_person(request, pk))


@router.post("/people/{pk}/disciplines", response={201: DisciplineOut})
def add_discipline(request, pk: int, payload: DisciplineIn):
    person = _person(request, pk, "organization.discipline_person")
    return 201, services.add_discipline(actor=request.user, person=person, **payload.dict())


@router.get("/blocks", response=list[BlockOut])
@paginate(PageNumberPagination, page_size=100)
def list_blocks(request):
    return selectors.visible_blocks(request.user)


@router.get("/blocks/{pk}", response=BlockOut)
def get_block(request, pk: int):
    block = get_object_or_404(EmulationBlock, pk=pk)
    check(request.user, "organization.view_block", block)
    return block


@router.post("/blocks", response={201: BlockOut})
def create_block(request, payload: BlockIn):
    host = get_object_or_404(Agency, pk=payload.host_agency_id) if payload.host_agency_id else None
    return 201, services.create_block(actor=request.user, host_agency=host,
                                      **payload.dict(exclude={"host_agency_id"}))


@router.get("/blocks/{pk}/members", response=list[BlockMemberOut])
def block_members(request, pk: int, year: int):
    block = get_object_or_404(EmulationBlock, pk=pk)
    check(request.user, "organization.view_block", block)
    return selectors.block_year_members(block, year)


@router.put("/blocks/{pk}/members", response=list[BlockMemberOut])
def set_block_members(request, pk: int, payload: BlockYearIn):
    block = get_object_or_404(EmulationBlock, pk=pk)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=[*payload.agency_ids, payload.leader_id,
                                                                 payload.deputy_id])}
    if payload.leader_id not in agencies or payload.deputy_id not in agencies:
        raise Http404
    services.set_block_members(actor=request.user, block=block, year=payload.year,
                               agencies=[agencies[i] for i in payload.agency_ids if i in agencies],
                               leader=agencies[payload.leader_id], deputy=agencies[payload.deputy_id])
    return selectors.block_year_members(block, payload.year)
