"""Dashboard figures, each a list of bars with the filter that lists the records it counts (drill-down).

Everything is scoped to the units the user's roles cover (superusers see all)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import units_for
from thidua.awards.models import AwardRecord, award_name
from thidua.movements import targets as target_rules
from thidua.movements.models import Movement, Result, WorkPlanTarget
from thidua.nominations.models import Nomination, State
from thidua.organization.models import Gender, Unit
from thidua.organization.selectors import visible_blocks, visible_units

from . import figures

STATE_AWARDS = {"HCLD_1", "HCLD_2", "HCLD_3", "BANG_KHEN_TTCP", "CO_THI_DUA_CP", "CSTD_TOAN_QUOC"}
MINISTRY_AWARDS = {"BANG_KHEN_BO", "CSTD_BO", "CO_THI_DUA_BO", "BANG_KHEN_UBTVQH", "CSTD_CQ_QUOC_HOI",
                   "CO_THI_DUA_CQ_QH"}
LEVELS = {"state": _("State level"), "ministry": _("Ministry, sector or province level"),
          "grassroots": _("Grassroots level")}
OPEN_STATES = [State.DRAFT, State.RETURNED, State.SUBMITTED, State.UNIT_REVIEWED]


def level_of(code: str) -> str:
    return "state" if code in STATE_AWARDS else "ministry" if code in MINISTRY_AWARDS else "grassroots"


def codes_of_level(level: str) -> set[str]:
    from thidua.awards.catalogue import AWARDS

    return {code for code in AWARDS if level_of(code) == level}


@dataclass
class Bar:
    label: str
    value: float
    query: str  # the drill-down query string


def scoped_records(user) -> QuerySet:
    allowed = units_for(user)
    qs = AwardRecord.objects.filter(revocation__isnull=True)
    if allowed is None:
        return qs
    return qs.filter(Q(person__unit_id__in=allowed) | Q(unit_id__in=allowed))


def scoped_nominations(user) -> QuerySet:
    allowed = units_for(user)
    qs = Nomination.objects.all()
    return qs if allowed is None else qs.filter(unit_id__in=allowed)


def scoped_movements(user) -> QuerySet:
    allowed = units_for(user)
    qs = Movement.objects.all()
    if allowed is None:
        return qs
    return qs.filter(Q(unit_id__in=allowed) | Q(participants__unit_id__in=allowed)).distinct()


def scoped_targets(user) -> QuerySet:
    allowed = units_for(user)
    qs = WorkPlanTarget.objects.exclude(measure="")
    return qs if allowed is None else qs.filter(plan__unit_id__in=allowed)


def top_units(user) -> dict[int, Unit]:
    """unit id → the top-level department it belongs to (the agency root counts as itself)."""
    allowed = units_for(user)
    nodes = Unit.objects.with_tree_fields().only("id", "name", "parent_id", "agency_id")
    if allowed is not None:
        nodes = nodes.filter(pk__in=allowed)
    by_id = {n.pk: n for n in nodes}
    result = {}
    for node in by_id.values():
        path = node.tree_path
        top = path[1] if len(path) > 1 else path[0]
        result[node.pk] = by_id.get(top) or node
    return result


def award_groups(user, year: int) -> list[tuple]:
    """(year, award code, unit id, gender, count, bonus) over five years, from which every award figure of the
    dashboard is read: the precomputed figures (`figures.py`), scope applied by unit id."""
    allowed = units_for(user)
    rows = figures.stored_groups((year - 4, year))
    return rows if allowed is None else [row for row in rows if row[2] in allowed]


def awards_by_level(user, year: int, groups=None) -> list[Bar]:
    counts = Counter()
    for y, code, _unit, _gender, n, _bonus in (award_groups(user, year) if groups is None else groups):
        if y == year:
            counts[level_of(code)] += n
    return [Bar(str(label), counts[key], f"figure=awards&year={year}&level={key}") for key, label in LEVELS.items()]


def awards_by_unit(user, year: int, groups=None) -> list[Bar]:
    tops = top_units(user)
    counts = Counter()
    for y, _code, unit, _gender, n, _bonus in (award_groups(user, year) if groups is None else groups):
        top = tops.get(unit)
        if y == year and top is not None:
            counts[top.pk] += n
    bars = [Bar(tops[pk].name, n, f"figure=awards&year={year}&unit={pk}") for pk, n in counts.items()]
    return sorted(bars, key=lambda b: (-b.value, b.label))[:15]


def awards_by_gender(user, year: int, groups=None) -> list[Bar]:
    counts = Counter()
    for y, _code, _unit, gender, n, _bonus in (award_groups(user, year) if groups is None else groups):
        if y == year and gender:
            counts[gender] += n
    return [Bar(str(label), counts.get(key, 0), f"figure=awards&year={year}&gender={key}")
            for key, label in Gender.choices]


def bonus_by_year(user, year: int, groups=None) -> list[Bar]:
    sums = Counter()
    for y, _code, _unit, _gender, _n, bonus in (award_groups(user, year) if groups is None else groups):
        sums[y] += bonus or 0
    return [Bar(str(y), sums.get(y, 0), f"figure=bonus&year={y}") for y in range(year - 4, year + 1)]


def pipeline(user, year: int, today: datetime.date) -> tuple[list[Bar], int]:
    qs = scoped_nominations(user).filter(round__year=year)
    counts = dict(qs.values_list("state").annotate(n=Count("id")))
    bars = [Bar(str(label), counts.get(key, 0), f"figure=pipeline&year={year}&state={key}")
            for key, label in State.choices]
    overdue = qs.filter(state__in=OPEN_STATES, round__nomination_deadline__lt=today).count()
    return bars, overdue


def movement_progress(user, year: int) -> list[dict]:
    rows = []
    movements = (scoped_movements(user).filter(year=year)
                 .annotate(n_participants=Count("participants", distinct=True))
                 .order_by("title"))
    for movement in movements:
        pledged = movement.pledges.filter(person__isnull=True).values("unit").distinct().count()
        reported = movement.evidence.values("unit").distinct().count()
        scored = movement.scores.values("unit").distinct().count()
        ranked = movement.results.count()
        query = f"figure=movement&movement={movement.pk}"
        rows.append({"movement": movement, "bars": [
            Bar(str(_("Participants")), movement.n_participants, f"{query}&step=participants"),
            Bar(str(_("Pledged")), pledged, f"{query}&step=pledged"),
            Bar(str(_("Reported evidence")), reported, f"{query}&step=reported"),
            Bar(str(_("Scored")), scored, f"{query}&step=scored"),
            Bar(str(_("Ranked (published)")), ranked, f"{query}&step=ranked")]})
    return rows


def rankings_over_time(user, year: int) -> tuple[list[int], list[dict]]:
    """Published ranks in block movements over five years, for the units the user sees."""
    years = list(range(year - 4, year + 1))
    allowed = units_for(user)
    results = Result.objects.filter(movement__block__isnull=False, movement__year__in=years)
    if allowed is not None:
        results = results.filter(unit_id__in=allowed)
    table = defaultdict(dict)
    names, movements = {}, {}
    for r in results.values("unit_id", "unit__name", "movement__year", "rank", "movement_id"):
        table[r["unit_id"]][r["movement__year"]] = r["rank"]
        names[r["unit_id"]] = r["unit__name"]
        movements[r["movement__year"]] = r["movement_id"]
    rows = [{"unit": names[u], "pairs": [(table[u].get(y), movements.get(y)) for y in years]}
            for u in sorted(table, key=lambda u: names[u])]
    return years, rows


def target_status(user, year: int, today: datetime.date) -> list[Bar]:
    qs = scoped_targets(user).filter(plan__year=year).select_related("plan").prefetch_related("progress",
                                                                                                "checkpoints")
    counts = Counter(s.status for s in target_rules.states(qs, today))
    return [Bar(str(label), counts.get(key, 0), f"figure=targets&year={year}&status={key}")
            for key, label in target_rules.STATUS_LABELS.items()]


def review_subject(user, subject_kind: str, pk: int):
    """The unit, movement or block of a review pack, if the user sees it; else None."""
    if subject_kind == "unit":
        return visible_units(user).filter(pk=pk).first()
    if subject_kind == "movement":
        return scoped_movements(user).filter(pk=pk).first()
    if subject_kind == "block":  # its pack names people of every member: for those over a member agency's top unit
        block = visible_blocks(user).filter(pk=pk).first()
        allowed = units_for(user)
        if block is None or allowed is None:
            return block
        agencies = {block.host_agency_id, *block.memberships.values_list("agency_id", flat=True)}
        tops = Unit.objects.filter(agency_id__in=agencies, parent__isnull=True, pk__in=allowed)
        return block if tops.exists() else None
    return None


# Drill-down ----------------------------------------------------------------------------------------


def drill(user, params, today: datetime.date) -> tuple[str, list[str], list[list], str | None]:
    """(title, headers, rows, error) for the records behind one figure."""
    figure = params.get("figure")
    year = _int(params.get("year")) or today.year
    if figure in ("awards", "bonus"):
        qs = scoped_records(user).filter(year=year).select_related("person", "unit")
        title = _("Award records %(year)s") % {"year": year}
        if figure == "bonus":
            qs = qs.filter(bonus_vnd__gt=0)
            title = _("Bonuses paid for %(year)s") % {"year": year}
        if params.get("level") in LEVELS:
            qs = qs.filter(award_code__in=codes_of_level(params["level"]))
        if params.get("gender") in Gender.values:
            qs = qs.filter(person__gender=params["gender"])
        if _int(params.get("unit")):
            under = [pk for pk, top in top_units(user).items() if top.pk == _int(params["unit"])]
            qs = qs.filter(Q(person__unit_id__in=under) | Q(unit_id__in=under))
        rows = [[r.subject_name, award_name(r.award_code), r.year, r.decision_number, r.decision_date,
                 r.bonus_vnd] for r in qs.order_by("award_code", "pk")]
        return str(title), [str(_("Person or collective")), str(_("Award")), str(_("Year")),
                            str(_("Decision number")), str(_("Decision date")), str(_("Bonus (VND)"))], rows, None
    if figure == "pipeline":
        qs = scoped_nominations(user).filter(round__year=year).select_related("round", "person", "collective", "unit")
        if params.get("state") == "overdue":
            qs = qs.filter(state__in=OPEN_STATES, round__nomination_deadline__lt=today)
        elif params.get("state") in State.values:
            qs = qs.filter(state=params["state"])
        rows = [[n.subject_name, award_name(n.award_code), n.get_state_display(), n.unit.name, n.round.title,
                 n.round.nomination_deadline] for n in qs.order_by("round", "pk")]
        return str(_("Nominations %(year)s") % {"year": year}), [
            str(_("Person or collective")), str(_("Award")), str(_("State")), str(_("Proposing unit")),
            str(_("Round")), str(_("Nominations due"))], rows, None
    if figure == "targets":
        qs = scoped_targets(user).filter(plan__year=year).select_related("plan__unit").prefetch_related(
            "progress", "checkpoints")
        states = [s for s in target_rules.states(qs, today) if s.status == params.get("status")]
        rows = [[s.target.plan.unit.name, s.target.target, s.target.get_measure_display(), s.target.goal,
                 s.target.due_on, s.achievement, s.status_label] for s in states]
        return str(_("Work-plan targets %(year)s") % {"year": year}), [
            str(_("Unit")), str(_("Target")), str(_("Indicator")), str(_("Target value")), str(_("Due on")),
            str(_("Achievement %")), str(_("Status"))], rows, None
    if figure == "movement":
        movement = scoped_movements(user).filter(pk=_int(params.get("movement"))).first()
        if movement is None:
            return "", [], [], str(_("This movement is not in your scope."))
        units = Unit.objects.filter(participations__movement=movement)
        step = params.get("step")
        if step == "pledged":
            units = units.filter(pk__in=movement.pledges.filter(person__isnull=True).values("unit"))
        elif step == "reported":
            units = units.filter(pk__in=movement.evidence.values("unit"))
        elif step == "scored":
            units = units.filter(pk__in=movement.scores.values("unit"))
        elif step == "ranked":
            units = units.filter(pk__in=movement.results.values("unit"))
        allowed = units_for(user)
        if allowed is not None and movement.block_id is None:
            units = units.filter(pk__in=allowed)
        return movement.title, [str(_("Unit"))], [[u.name] for u in units.order_by("name")], None
    return "", [], [], str(_("Unknown figure."))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
