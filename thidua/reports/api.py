"""Dashboard figures, work-plan targets with their progress, and review packs, read through the API with the same
scope as the pages: each figure carries the address of the records it counts."""

import datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from thidua.movements import targets as target_rules

from . import selectors
from .reviews import build

router = Router(tags=["reports"])


class BarOut(Schema):
    label: str
    value: float
    records_url: str


class FigureOut(Schema):
    key: str
    title: str
    bars: list[BarOut]


class RankingRowOut(Schema):
    unit: str
    ranks: list[int | None]


class DashboardOut(Schema):
    year: int
    overdue_nominations: int
    figures: list[FigureOut]
    ranking_years: list[int]
    rankings: list[RankingRowOut]


class TargetOut(Schema):
    id: int
    unit_id: int
    unit: str
    year: int
    target: str
    measure: str
    baseline: Decimal | None
    goal: Decimal | None
    due_on: datetime.date | None
    achievement: Decimal | None
    status: str
    status_label: str
    latest_report_on: datetime.date | None
    latest_value: Decimal | None
    latest_done_on: datetime.date | None


class TargetFilter(Schema):
    year: int | None = None
    unit_id: int | None = None
    status: Literal["met", "on_track", "at_risk", "late", "not_started"] | None = None


class LabelledValue(Schema):
    label: str
    value: str


class RankOut(Schema):
    rank: int | None
    unit: str
    total: Decimal | None


class MovementRankingOut(Schema):
    movement_id: int
    title: str
    rows: list[RankOut]


class ModelOut(Schema):
    name: str
    award: str
    decision_number: str


class MemberOut(Schema):
    name: str
    people: int
    awards: int
    targets: int
    targets_met: int
    rank: int | None


class SectionOut(Schema):
    title: str
    headers: list[str]
    rows: list[list[str]]


class ReviewOut(Schema):
    kind: str
    kind_label: str
    year: int
    subject_kind: str
    subject_id: int
    subject: str
    period_start: datetime.date
    period_end: datetime.date
    figures: list[LabelledValue]
    target_counts: dict[str, int]
    rankings: list[MovementRankingOut]
    models: list[ModelOut]
    members: list[MemberOut]
    sections: list[SectionOut]
    achievements: str
    limitations: str
    next_steps: str


def _year(year: int | None) -> int:
    today = timezone.localdate()
    return year if year is not None and 2000 <= year <= today.year + 1 else today.year


def _bars(bars) -> list[dict]:
    base = reverse("reports:drill")
    return [{"label": b.label, "value": b.value, "records_url": f"{base}?{b.query}"} for b in bars]


@router.get("/dashboard", response=DashboardOut)
def dashboard(request, year: int | None = None):
    """The dashboard's figures for a year (the current one by default), scoped to the units the user sees."""
    user, year, today = request.user, _year(year), timezone.localdate()
    pipeline, overdue = selectors.pipeline(user, year, today)
    groups = selectors.award_groups(user, year)
    figures = [
        ("targets", _("Work-plan targets %(year)s") % {"year": year}, selectors.target_status(user, year, today)),
        ("levels", _("Awards %(year)s by level") % {"year": year}, selectors.awards_by_level(user, year, groups)),
        ("units", _("Awards %(year)s by unit") % {"year": year}, selectors.awards_by_unit(user, year, groups)),
        ("gender", _("Awards %(year)s to people, by gender") % {"year": year},
         selectors.awards_by_gender(user, year, groups)),
        ("pipeline", _("Nominations %(year)s at each stage") % {"year": year}, pipeline),
        ("bonus", _("Bonus money by year"), selectors.bonus_by_year(user, year, groups))]
    for row in selectors.movement_progress(user, year):
        figures.append((f"movement-{row['movement'].pk}", row["movement"].title, row["bars"]))
    years, rankings = selectors.rankings_over_time(user, year)
    return {"year": year, "overdue_nominations": overdue,
            "figures": [{"key": key, "title": title, "bars": _bars(bars)} for key, title, bars in figures],
            "ranking_years": years,
            "rankings": [{"unit": row["unit"], "ranks": [rank for rank, _movement in row["pairs"]]} for row in rankings]}


@router.get("/targets", response=list[TargetOut])
@paginate(PageNumberPagination, page_size=100)
def list_targets(request, filters: Query[TargetFilter]):
    """Work-plan targets with their achievement % and status (met, on track, at risk, late, not started)."""
    qs = selectors.scoped_targets(request.user).filter(plan__year=_year(filters.year))
    if filters.unit_id is not None:
        qs = qs.filter(plan__unit_id=filters.unit_id)
    qs = qs.select_related("plan__unit").prefetch_related("progress", "checkpoints").order_by("plan__unit__name", "pk")
    states = target_rules.states(qs, timezone.localdate())
    return [_target(s) for s in states if filters.status is None or s.status == filters.status]


def _target(state) -> dict:
    target, latest = state.target, state.latest
    return {"id": target.pk, "unit_id": target.plan.unit_id, "unit": target.plan.unit.name, "year": target.plan.year,
            "target": target.target, "measure": target.measure, "baseline": target.baseline, "goal": target.goal,
            "due_on": target.due_on, "achievement": state.achievement, "status": state.status,
            "status_label": str(state.status_label),
            "latest_report_on": getattr(latest, "on", None), "latest_value": getattr(latest, "value", None),
            "latest_done_on": getattr(latest, "done_on", None)}


@router.get("/reviews/{subject_kind}/{pk}/{year}/{kind}", response=ReviewOut)
def get_review(request, subject_kind: Literal["unit", "movement", "block"], pk: int, year: int,
               kind: Literal["mid", "final"]):
    """A mid-year (mid) or year-end (final) review pack of a unit, a movement or a block the user sees."""
    subject = selectors.review_subject(request.user, subject_kind, pk)
    if subject is None or not 2000 <= year <= 2100:
        raise Http404
    pack = build(kind=kind, year=year, subject=subject, today=timezone.localdate())
    return {"kind": kind, "kind_label": str(pack.kind_label), "year": year, "subject_kind": subject_kind,
            "subject_id": subject.pk, "subject": str(subject), "period_start": pack.start, "period_end": pack.end,
            "figures": [{"label": str(label), "value": str(value)} for label, value in pack.figures],
            "target_counts": dict(pack.target_counts),
            "rankings": [{"movement_id": m.pk, "title": m.title,
                          "rows": [{"rank": r, "unit": u, "total": t} for r, u, t in rows]} for m, rows in pack.rankings],
            "models": [{"name": n, "award": a, "decision_number": d} for n, a, d in pack.models],
            "members": [{"name": m["name"], "people": m["people"], "awards": m["awards"], "targets": m["targets"],
                         "targets_met": m["met"], "rank": m["rank"]} for m in pack.members],
            "sections": [{"title": str(s["title"]), "headers": [str(h) for h in s["headers"]],
                          "rows": [[str(v) for v in row] for row in s["rows"]]} for s in pack.sections],
            "achievements": pack.review.achievements, "limitations": pack.review.limitations,
            "next_steps": pack.review.next_steps}
