"""Achievement of measurable work-plan targets, and which ones are late or at risk.

- number / percentage: the share of the way from the baseline to the goal, 0–100 % (a goal below the
  baseline means "reduce to"); without a baseline the way starts at 0.
- date: 100 % once done (on or before the due date: met; after it: done late), else 0 %.
- yes / no: 100 % when the latest report says yes (1), else 0 %.

Status on a day: `met` (100 %), `late` (due date passed without reaching 100 %), `at_risk` (a passed
checkpoint's value is not reached yet, or — without checkpoints — less than half the share of time elapsed since
the plan year began), else `on_track`; a target with no report and nothing due yet is `not_started`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import IndicatorMeasure, WorkPlanTarget

HUNDRED = Decimal(100)
STATUS_LABELS = {"met": _("Met"), "on_track": _("On track"), "at_risk": _("At risk"), "late": _("Late"),
                 "not_started": _("Not started")}


@dataclass(frozen=True)
class TargetState:
    target: WorkPlanTarget
    achievement: Decimal | None
    status: str
    latest: object | None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def percent_of_way(measure: str, baseline: Decimal | None, goal: Decimal | None, value: Decimal | None,
                   done_on: datetime.date | None = None) -> Decimal:
    if measure == IndicatorMeasure.DATE:
        return HUNDRED if done_on else Decimal(0)
    if measure == IndicatorMeasure.YES_NO:
        return HUNDRED if value is not None and value >= 1 else Decimal(0)
    if value is None or goal is None:
        return Decimal(0)
    start = baseline if baseline is not None else Decimal(0)
    if goal == start:
        return HUNDRED if value == goal else Decimal(0)
    share = (value - start) / (goal - start) * HUNDRED
    return max(Decimal(0), min(HUNDRED, share)).quantize(Decimal("0.1"))


def state(target: WorkPlanTarget, today: datetime.date) -> TargetState:
    """Needs `target.progress` and `target.checkpoints` (prefetch them for lists)."""
    reports = [p for p in target.progress.all() if p.on <= today]
    latest = reports[-1] if reports else None
    if not target.measure:
        return TargetState(target, None, "not_started" if latest is None else "on_track", latest)
    achieved = percent_of_way(target.measure, target.baseline, target.goal,
                              latest.value if latest else None, latest.done_on if latest else None)
    if achieved >= HUNDRED:
        status = "met"
    elif target.due_on and today > target.due_on:
        status = "late"
    elif _behind_checkpoint(target, latest, today) or _behind_time(target, achieved, today):
        status = "at_risk"
    else:
        status = "on_track" if latest else "not_started"
    return TargetState(target, achieved, status, latest)


def _behind_checkpoint(target, latest, today) -> bool:
    """A checkpoint already passed whose expected value the latest report still falls short of."""
    for checkpoint in target.checkpoints.all():
        if checkpoint.on > today:
            continue
        if target.measure in (IndicatorMeasure.DATE, IndicatorMeasure.YES_NO):
            expected = HUNDRED
        elif checkpoint.expected is None:
            continue
        else:
            expected = percent_of_way(target.measure, target.baseline, target.goal, checkpoint.expected)
        reached = percent_of_way(target.measure, target.baseline, target.goal, latest.value if latest else None,
                                 latest.done_on if latest else None)
        if reached < expected:
            return True
    return False


def _behind_time(target, achieved: Decimal, today) -> bool:
    if target.checkpoints.all() or not target.due_on or target.measure not in (IndicatorMeasure.NUMBER,
                                                                               IndicatorMeasure.PERCENTAGE):
        return False
    start = datetime.date(target.plan.year, 1, 1)
    if today <= start or target.due_on <= start:
        return False
    elapsed = Decimal((min(today, target.due_on) - start).days) / Decimal((target.due_on - start).days) * HUNDRED
    return achieved < elapsed / 2


def states(targets, today: datetime.date) -> list[TargetState]:
    return [state(t, today) for t in targets]
