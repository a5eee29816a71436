"""Bridge from the database to the engine: load a whole population columnar, run one simulation.

One query per table (ratings, discipline, initiative recognitions, award records), no per-person queries.
"""

import datetime

import numpy as np

from thidua.awards.models import AwardRecord
from thidua.initiatives.selectors import recognitions_by_person_year
from thidua.organization.models import Discipline, YearlyRating

from .codes import PERSON_AWARDS, RATINGS
from .engine import Population, bonus_vnd, explain, law_in_force, simulate
from .helpers import LOOKBACK_YEARS

HISTORY_YEARS = LOOKBACK_YEARS + 6


def load_people(people, year: int, as_of: datetime.date | None = None) -> tuple[np.ndarray, Population]:
    ids = np.array(sorted(people.values_list("pk", flat=True)), dtype=np.int64)
    population = Population(kind="person", year=year, as_of=as_of or datetime.date(year, 12, 31), count=len(ids))
    first = year - HISTORY_YEARS
    person_ids = people.values("pk")
    rows = YearlyRating.objects.filter(person_id__in=person_ids, year__gte=first, year__lte=year).values_list(
        "person_id", "year", "rating")
    if rows:
        pid, years, ratings = zip(*rows, strict=True)
        index = np.searchsorted(ids, np.array(pid, dtype=np.int64))
        years = np.array(years)
        codes = np.array([RATINGS[r] for r in ratings], dtype=np.int32)
        for y in np.unique(years):
            mask = years == y
            population.column("has_data", int(y), bool, False)[index[mask]] = True
            population.column("rating", int(y), np.int32, 0)[index[mask]] = codes[mask]
    disciplined = Discipline.objects.filter(person_id__in=person_ids, decision_date__year__gte=first,
                                            decision_date__year__lte=year).values_list("person_id", "decision_date")
    for pid, day in disciplined:
        population.column("disciplined", day.year, bool, False)[np.searchsorted(ids, pid)] = True
    for pid, y, widest, count in recognitions_by_person_year(person_ids, first, year):
        at = np.searchsorted(ids, pid)
        population.column("initiative_scope", int(y), np.int32, 0)[at] = widest
        population.column("initiative_count", int(y), np.int32, 0)[at] = count
    held = AwardRecord.objects.filter(person_id__in=person_ids, year__gte=first, year__lte=year,
                                      award_code__in=PERSON_AWARDS).values_list("person_id", "year", "award_code")
    for pid, y, code in held:
        population.column(f"awarded_{code}", int(y), bool, False)[np.searchsorted(ids, pid)] = True
    return ids, population


class LazyReasons:
    """Per-subject reasons, assembled only when read: all at once on iteration, one row on indexing."""

    def __init__(self, population: Population, arrays: dict, code: str, count: int):
        self.population, self.arrays, self.code, self.count = population, arrays, code, count
        self._rows = None

    def _all(self) -> list:
        if self._rows is None:
            self._rows = explain(self.population, self.arrays, self.code, np.arange(self.count))
        return self._rows

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> list[dict]:
        if self._rows is not None:
            return self._rows[index]
        return explain(self.population, self.arrays, self.code, np.array([index]))[0]


def evaluate_people(people, year: int, awards=None, as_of: datetime.date | None = None) -> dict:
    """{code: {"ids", "eligible", "reasons" (lazy), "bonus_vnd"}} for the given people and year."""
    awards = list(awards or PERSON_AWARDS)
    ids, population = load_people(people, year, as_of)
    if not len(ids):
        return {code: {"ids": ids, "eligible": np.zeros(0, bool), "reasons": [], "bonus_vnd": 0} for code in awards}
    arrays = simulate(population, awards)
    law = law_in_force(population.as_of)
    return {code: {"ids": ids, "eligible": arrays[f"eligible_{code}"],
                   "reasons": LazyReasons(population, arrays, code, len(ids)), "bonus_vnd": bonus_vnd(code, law),
                   "regime": law["regime"]} for code in awards}
