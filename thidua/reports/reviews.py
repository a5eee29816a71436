"""Review packs (sơ kết at mid-year, tổng kết at year-end) for a unit, a movement or a block: figures,
rankings, targets met, exemplary people and collectives found, and what the review body wrote."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.awards.models import AwardRecord, award_name
from thidua.initiatives.models import Recognition
from thidua.movements import targets as target_rules
from thidua.movements.models import Movement, WorkPlanTarget
from thidua.organization.models import Person, Unit
from thidua.organization.panels import report_sections, units_report_sections

from .models import Review, ReviewKind

EXEMPLARY = {"CSTD_CO_SO", "CSTD_CO_SO_QH", "CSTD_BO", "CSTD_CQ_QUOC_HOI", "CSTD_TOAN_QUOC", "TT_LDXS",
             "CO_THI_DUA_BO", "CO_THI_DUA_CP", "CO_THI_DUA_CQ_QH", "BANG_KHEN_TTCP", "HCLD_3", "HCLD_2", "HCLD_1"}


@dataclass
class Pack:
    kind: str
    year: int
    subject_kind: str
    subject: object
    start: datetime.date
    end: datetime.date
    review: Review
    figures: list[tuple[str, object]] = field(default_factory=list)
    rankings: list[tuple[Movement, list]] = field(default_factory=list)
    targets: list = field(default_factory=list)
    target_counts: dict = field(default_factory=dict)
    models: list[tuple[str, str, str]] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)  # registered by apps above (organization.panels)

    @property
    def kind_label(self) -> str:
        return ReviewKind(self.kind).label

    @property
    def title(self) -> str:
        what = _("Mid-year review") if self.kind == ReviewKind.MID else _("Year-end review")
        return f"{what} {self.year} — {self.subject}"


def period(kind: str, year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 6, 30) if kind == ReviewKind.MID else \
        datetime.date(year, 12, 31)


def _subtree(units) -> list[int]:
    ids = set()
    for unit in units:
        ids |= set(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))
    return sorted(ids)


def _unit_figures(unit_ids: list[int], year: int, start, end, today) -> dict:
    records = AwardRecord.objects.filter(Q(person__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids),
                                         decision_date__range=(start, end), revocation__isnull=True)
    targets = list(WorkPlanTarget.objects.exclude(measure="").filter(plan__unit_id__in=unit_ids, plan__year=year)
                   .select_related("plan__unit").prefetch_related("progress", "checkpoints"))
    states = target_rules.states(targets, min(today, end))
    return {
        "people": Person.objects.filter(unit_id__in=unit_ids, is_active=True).count(),
        "records": records,
        "awards": records.count(),
        "bonus": sum(records.values_list("bonus_vnd", flat=True).exclude(bonus_vnd=None)),
        "initiatives": Recognition.objects.filter(initiative__unit_id__in=unit_ids,
                                                  decision_date__range=(start, end)).count(),
        "states": states,
        "met": sum(s.status == "met" for s in states),
    }


def build(*, kind: str, year: int, subject, today: datetime.date) -> Pack:
    from thidua.organization.models import EmulationBlock

    start, end = period(kind, year)
    if isinstance(subject, Unit):
        subject_kind, lookup = "unit", {"unit": subject}
    elif isinstance(subject, Movement):
        subject_kind, lookup = "movement", {"movement": subject}
    elif isinstance(subject, EmulationBlock):
        subject_kind, lookup = "block", {"block": subject}
    else:
        raise TypeError(subject)
    review = Review.objects.filter(kind=kind, year=year, **lookup).first() or Review(kind=kind, year=year, **lookup)
    pack = Pack(kind, year, subject_kind, subject, start, end, review)
    if subject_kind == "unit":
        roots = [subject]
        movements = Movement.objects.filter(year=year, participants__unit_id__in=_subtree(roots)).distinct()
    elif subject_kind == "movement":
        roots = [p.unit for p in subject.participants.select_related("unit")]
        movements = Movement.objects.filter(pk=subject.pk)
    else:
        agencies = [m.agency for m in subject.memberships.filter(year=year).select_related("agency")]
        roots = [a.root_unit for a in agencies if a.root_unit]
        movements = Movement.objects.filter(block=subject, year=year)
        for root in roots:
            member = _unit_figures(_subtree([root]), year, start, end, today)
            result = movements.filter(results__unit=root).values_list("results__rank", flat=True).first()
            pack.members.append({"name": root.agency.name, "people": member["people"], "awards": member["awards"],
                                 "met": member["met"], "targets": len(member["states"]), "rank": result})
    figures = _unit_figures(_subtree(roots), year, start, end, today)
    pack.targets = figures["states"]
    pack.target_counts = Counter(s.status for s in figures["states"])
    pack.figures = [
        (_("People"), figures["people"]),
        (_("Movements in the period"), movements.count()),
        (_("Units taking part"), sum(m.participants.count() for m in movements)),
        (_("Pledges signed"), sum(m.pledges.filter(person__isnull=True).count() for m in movements)),
        (_("Awards decided in the period"), figures["awards"]),
        (_("Bonus paid (VND)"), f"{figures['bonus']:,}".replace(",", ".")),
        (_("Initiatives recognised"), figures["initiatives"]),
        (_("Work-plan targets met"), f"{figures['met']}/{len(figures['states'])}"),
    ]
    for movement in movements.order_by("title"):
        results = list(movement.results.select_related("unit")[:20])
        if results:
            pack.rankings.append((movement, [(r.rank, r.unit.name, r.total) for r in results]))
    exemplary = figures["records"].filter(award_code__in=EXEMPLARY).select_related("person", "unit")
    pack.models = [(r.subject_name, award_name(r.award_code), r.decision_number)
                   for r in exemplary.order_by("award_code", "pk")[:100]]
    # e.g. the leaders' example (publicity): of the unit, of each participating unit, of each member agency
    pack.sections = report_sections(subject, year, year) if subject_kind == "unit" else \
        units_report_sections(roots, year, year)
    return pack
