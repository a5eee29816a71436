"""Inspection plans, inspections with their checklists and findings, and open findings, read through the API with
the scope of the pages: inspectors over their plans' units, leaders and officers over their inspected units."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import selectors

router = Router(tags=["inspections"])


class InspectionSummaryOut(Schema):
    id: int
    unit_id: int
    unit: str
    scheduled_on: datetime.date
    status: str
    status_label: str

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


class PlanOut(Schema):
    id: int
    unit_id: int
    unit: str
    year: int
    title: str
    decision_number: str
    starts_on: datetime.date
    ends_on: datetime.date

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name


class PlanDetailOut(PlanOut):
    inspections: list[InspectionSummaryOut]

    @staticmethod
    def resolve_inspections(obj, context):
        return list(selectors.visible_inspections(context["request"].user, obj))


class ChecklistItemOut(Schema):
    id: int
    text: str
    result: str
    result_label: str
    note: str

    @staticmethod
    def resolve_result_label(obj):
        return str(obj.get_result_display())


class FindingOut(Schema):
    id: int
    inspection_id: int
    unit: str
    text: str
    severity: str
    severity_label: str
    action_required: str
    due_on: datetime.date
    status: str
    status_label: str
    response: str
    response_link: str
    responded_at: datetime.datetime | None
    closure_note: str
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_unit(obj):
        return obj.inspection.unit.name

    @staticmethod
    def resolve_severity_label(obj):
        return str(obj.get_severity_display())

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


class InspectionOut(InspectionSummaryOut):
    plan_id: int
    conclusion: str
    concluded_at: datetime.datetime | None
    checklist: list[ChecklistItemOut]
    findings: list[FindingOut]

    @staticmethod
    def resolve_checklist(obj):
        return list(obj.checklist.all())

    @staticmethod
    def resolve_findings(obj):
        return list(obj.findings.select_related("inspection__unit"))


@router.get("/inspection-plans", response=list[PlanOut])
@paginate(PageNumberPagination, page_size=100)
def list_plans(request, year: int | None = None):
    plans = selectors.visible_plans(request.user)
    if year is not None:
        plans = plans.filter(year=year)
    return plans.order_by("-year", "pk")


@router.get("/inspection-plans/{pk}", response=PlanDetailOut)
def get_plan(request, pk: int):
    return get_object_or_404(selectors.visible_plans(request.user), pk=pk)


@router.get("/inspections/{pk}", response=InspectionOut)
def get_inspection(request, pk: int):
    inspection = selectors.inspection_for(request.user, pk)
    if inspection is None:
        raise Http404
    return inspection


@router.get("/findings/open", response=list[FindingOut])
@paginate(PageNumberPagination, page_size=100)
def list_open_findings(request):
    """Findings not yet closed, earliest follow-up first."""
    return selectors.open_findings(request.user).order_by("due_on", "pk")
