"""Rubric arithmetic, cross-scoring means, outliers and rankings — computed, never typed.

For each criterion the value used is the final score set by the scoring body when there is one, else the
mean of the other block members' cross-scores (block movements), else the unit's self-score. A unit's total
is Σ weight × value over regular criteria, plus bonus points (capped by the rubric), minus penalty points,
and never below zero.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import CriterionKind, Movement, Score, ScoreKind, TieBreak

TWO = Decimal("0.01")


@dataclass
class Standing:
    unit_id: int
    total: Decimal = Decimal(0)
    groups: dict = field(default_factory=dict)
    penalties: Decimal = Decimal(0)
    pledged_at: object = None
    rank: int = 0


def criterion_values(movement: Movement) -> dict[tuple[int, int], Decimal]:
    """(unit_id, criterion_id) → the value that counts."""
    rows = Score.objects.filter(movement=movement).values_list("unit_id", "criterion_id", "kind", "value")
    selfs, finals, crosses = {}, {}, defaultdict(list)
    for unit_id, criterion_id, kind, value in rows:
        key = (unit_id, criterion_id)
        if kind == ScoreKind.FINAL:
            finals[key] = value
        elif kind == ScoreKind.CROSS:
            crosses[key].append(value)
        else:
            selfs[key] = value
    values = dict(selfs)
    if movement.cross_scored:
        values.update({key: (sum(v) / len(v)).quantize(TWO, ROUND_HALF_UP) for key, v in crosses.items()})
    values.update(finals)
    return values


def unscored(movement: Movement, values=None) -> list[int]:
    """Participants with no score that counts on any criterion (their total would be a bare zero)."""
    values = criterion_values(movement) if values is None else values
    scored = {unit_id for unit_id, _criterion in values}
    return [u for u in movement.participants.values_list("unit_id", flat=True) if u not in scored]


def standings(movement: Movement, values=None) -> list[Standing]:
    """Totals per participant, ranked with the movement's tie-break rule (equal after it: same rank)."""
    values = criterion_values(movement) if values is None else values
    criteria = list(movement.rubric.criteria.values_list("pk", "group_id", "kind", "weight"))
    group_order = list(movement.rubric.groups.values_list("pk", flat=True))
    cap = movement.rubric.bonus_cap
    pledged = dict(movement.pledges.filter(joint=False, person=None).values_list("unit_id", "signed_at"))
    result = []
    for unit_id in movement.participants.values_list("unit_id", flat=True):
        standing = Standing(unit_id=unit_id, groups={g: Decimal(0) for g in group_order},
                            pledged_at=pledged.get(unit_id))
        regular = bonus = Decimal(0)
        for criterion_id, group_id, kind, weight in criteria:
            points = values.get((unit_id, criterion_id), Decimal(0)) * weight
            if kind == CriterionKind.PENALTY:
                standing.penalties += points
                standing.groups[group_id] -= points
            elif kind == CriterionKind.BONUS:
                bonus += points
                standing.groups[group_id] += points
            else:
                regular += points
                standing.groups[group_id] += points
        if cap is not None:
            bonus = min(bonus, cap)
        standing.total = max(regular + bonus - standing.penalties, Decimal(0)).quantize(TWO, ROUND_HALF_UP)
        result.append(standing)
    return rank(result, movement.tie_break, group_order)


def _key(standing: Standing, rule: str, group_order: list[int]) -> tuple:
    if rule == TieBreak.GROUP_ORDER:
        return (-standing.total, *(-standing.groups[g] for g in group_order))
    if rule == TieBreak.FEWER_PENALTIES:
        return (-standing.total, standing.penalties)
    return (-standing.total, standing.pledged_at is None, standing.pledged_at or 0)


def rank(items: list[Standing], rule: str, group_order: list[int]) -> list[Standing]:
    items.sort(key=lambda s: (_key(s, rule, group_order), s.unit_id))
    previous = None
    for position, standing in enumerate(items, 1):
        key = _key(standing, rule, group_order)
        standing.rank = previous.rank if previous is not None and key == _key(previous, rule, group_order) else position
        previous = standing
    return items


def outliers(movement: Movement) -> list[dict]:
    """Cross-scores far from what the other members gave the same unit on the same criterion:
    more than two standard deviations of the others, and at least a fifth of the criterion's maximum."""
    scores = list(Score.objects.filter(movement=movement, kind=ScoreKind.CROSS)
                  .values_list("pk", "unit_id", "criterion_id", "scorer_id", "value", "criterion__max_score",
                               "unit__name", "criterion__name", "scorer__name"))
    by_key = defaultdict(list)
    for row in scores:
        by_key[(row[1], row[2])].append(row)
    flagged = []
    for rows in by_key.values():
        if len(rows) < 3:
            continue
        for row in rows:
            others = [r[4] for r in rows if r is not row]
            mean = sum(others) / len(others)
            spread = Decimal(statistics.pstdev(others)) if len(others) > 1 else Decimal(0)
            if abs(row[4] - mean) > max(2 * spread, row[5] / 5):
                flagged.append({"score_id": row[0], "unit_id": row[1], "criterion_id": row[2], "scorer_id": row[3],
                                "value": row[4], "others_mean": mean.quantize(TWO, ROUND_HALF_UP),
                                "unit": row[6], "criterion": row[7], "scorer": row[8]})
    return flagged
