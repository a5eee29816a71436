"""Bridge from the database to the engine: load a whole population columnar, run one simulation.

One query per table (ratings, discipline, initiative recognitions, award records), no per-person queries.
Collectives (`evaluate_units`) are read the same way: their own ratings and awards, their members' facts
counted over the unit's subtree from the membership history, and their rank in a published block movement.
"""

import datetime

import numpy as np
from django.db import connections
from django.db.models import Case, Exists, IntegerField, Min, OuterRef, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from thidua.awards.codes import PERSON_AWARDS, RATINGS, UNIT_AWARDS
from thidua.awards.models import AwardRecord
from thidua.initiatives.selectors import recognitions_by_person_year
from thidua.organization.models import (
    Deferral,
    Discipline,
    DisciplineForm,
    Membership,
    Unit,
    UnitRating,
    YearlyRating,
)

from .engine import Population, achievement_from, bonus_vnd, explain, law_in_force, mark_used, simulate
from .helpers import LOOKBACK_YEARS
from .publication import law_version
from .reforms import ReformSpec, build, cite_adopted
from .regulations import extra_conditions, reformed_system
from .selectors import adoptions_by_agency, decisions_by_agency

HISTORY_YEARS = LOOKBACK_YEARS + 6


def _fetch(queryset) -> list[tuple]:
    """The rows of a values_list query read with the database cursor: whole, without per-row conversion
    (for columns of integers, where there is nothing to convert)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _columns(rows, count: int) -> list[np.ndarray]:
    """Rows of integers from one query, as one numpy array per column."""
    if not rows:
        return [np.zeros(0, np.int64) for _ in range(count)]
    table = np.array(rows, dtype=np.int64)
    return [table[:, k] for k in range(count)]


def _rating_code():
    return Case(*[When(rating=k, then=Value(v)) for k, v in RATINGS.items()], default=Value(0),
                output_field=IntegerField())


def _fill(population: Population, name: str, dtype, default, at: np.ndarray, years: np.ndarray, values) -> None:
    """population[name][y][at] = values, year by year, without a loop over rows."""
    values = np.broadcast_to(np.asarray(values), at.shape)
    for y in np.unique(years).tolist():
        mask = years == y
        population.column(name, int(y), dtype, default)[at[mask]] = values[mask]


def load_people(people, year: int, as_of: datetime.date | None = None) -> tuple[np.ndarray, Population]:
    """The population of `people` for `year`, read with one query per table and filled column-wise.

    Related tables are filtered with a correlated EXISTS on the people rather than an IN list: the database
    looks each row's person up by key instead of building the whole set of people once per table."""
    ids = np.fromiter(people.order_by("pk").values_list("pk", flat=True), dtype=np.int64)
    population = Population(kind="person", year=year, as_of=as_of or datetime.date(year, 12, 31), count=len(ids))
    first = year - HISTORY_YEARS
    among = Exists(people.order_by().filter(pk=OuterRef("person_id")))

    dense = len(ids) > 0 and len(ids) * 2 >= ids[-1] - ids[0] + 1

    def rows_of(queryset, *fields) -> list[np.ndarray]:
        """Columns of integers for the people (the first field is the person). When their keys are dense (a
        whole agency, most often), a range of keys read by the index and a membership mask in numpy is
        cheaper than looking each row's person up."""
        if not dense:
            return _columns(_fetch(queryset.filter(among).order_by().values_list(*fields)), len(fields))
        columns = _columns(_fetch(queryset.filter(person_id__gte=int(ids[0]), person_id__lte=int(ids[-1]))
                                  .order_by().values_list(*fields)), len(fields))
        at = np.minimum(np.searchsorted(ids, columns[0]), len(ids) - 1)
        keep = ids[at] == columns[0]
        return [column[keep] for column in columns]

    pid, years, codes = rows_of(YearlyRating.objects.filter(year__gte=first, year__lte=year)
                                .annotate(code=_rating_code()), "person_id", "year", "code")
    at = np.searchsorted(ids, pid)
    _fill(population, "has_data", bool, False, at, years, True)
    _fill(population, "rating", np.int32, 0, at, years, codes)
    pid, years = rows_of(Discipline.objects.filter(decision_date__year__gte=first, decision_date__year__lte=year)
                         .annotate(y=ExtractYear("decision_date")), "person_id", "y")
    _fill(population, "disciplined", bool, False, np.searchsorted(ids, pid), years, True)
    recognitions = _columns(list(recognitions_by_person_year(people.order_by().values("pk"), first, year)), 4)
    pid, years, widest, count = recognitions
    at = np.searchsorted(ids, pid)
    _fill(population, "initiative_scope", np.int32, 0, at, years, widest)
    _fill(population, "initiative_count", np.int32, 0, at, years, count)
    award_index = Case(*[When(award_code=code, then=Value(k)) for k, code in enumerate(PERSON_AWARDS)],
                       output_field=IntegerField())
    pid, years, start, index = rows_of(
        AwardRecord.objects.filter(revocation__isnull=True, year__gte=first, year__lte=year,
                                   award_code__in=PERSON_AWARDS)
        .annotate(start=Coalesce("achievement_from", 0), index=award_index), "person_id", "year", "start", "index")
    at = np.searchsorted(ids, pid)
    for k in np.unique(index).tolist():
        code, mask = PERSON_AWARDS[k], index == k
        _fill(population, f"awarded_{code}", bool, False, at[mask], years[mask], True)
    for k in np.nonzero((start > 0) & (start < years))[0].tolist():  # multi-year awards only: few rows
        mark_used(population, at[k], PERSON_AWARDS[index[k]], int(start[k]), int(years[k]))
    day = population.as_of
    pid, = rows_of(Deferral.objects.filter(start_date__lte=day).exclude(end_date__lt=day), "person_id")
    if len(pid):
        population.column("deferred", year, bool, False)[np.searchsorted(ids, pid)] = True
    # recruitment is the first membership: it gives the years of service, and the months of service of people
    # recruited during the year
    end = datetime.date(year, 12, 31)
    starts = list(Membership.objects.filter(among, start_date__lte=end).order_by().values("person_id")
                  .annotate(first_day=Min("start_date")).values_list("person_id", "first_day"))
    if starts:
        pid = np.fromiter((p for p, _d in starts), np.int64, len(starts))
        first_days = np.array([d for _p, d in starts], dtype="datetime64[D]")
        at = np.searchsorted(ids, pid)
        days = (np.datetime64(end) - first_days).astype(np.int64) + 1
        population.column("service_years", year, np.float32, 0.0)[at] = days / 365.25
        recruited = first_days > np.datetime64(datetime.date(year, 1, 1))
        if recruited.any():
            population.column("months_in_service", year, np.float32, 12.0)[at[recruited]] = \
                days[recruited] / 30.4375
    return ids, population


class LazyReasons:
    """Per-subject reasons, assembled only when read: all at once on iteration, one row on indexing."""

    def __init__(self, population: Population, arrays: dict, code: str, count: int, regulations: tuple = (),
                 adoptions: tuple = ()):
        self.population, self.arrays, self.code, self.count = population, arrays, code, count
        self.regulations, self.adoptions = regulations, adoptions
        self._rows = None

    def _explain(self, index: np.ndarray) -> list[list[dict]]:
        rows = explain(self.population, self.arrays, self.code, index, self.regulations)
        return cite_adopted(rows, self.arrays, index, self.code, self.population.as_of, self.adoptions) \
            if self.adoptions else rows

    def _all(self) -> list:
        if self._rows is None:
            self._rows = self._explain(np.arange(self.count))
        return self._rows

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> list[dict]:
        if self._rows is not None:
            return self._rows[index]
        return self._explain(np.array([index]))[0]


class ChainedReasons:
    """The reasons of several groups (one per agency), read as one sequence."""

    def __init__(self, parts: list):
        self.parts = parts

    def __iter__(self):
        for part in self.parts:
            yield from part

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    def __getitem__(self, index: int) -> list[dict]:
        for part in self.parts:
            if index < len(part):
                return part[index]
            index -= len(part)
        raise IndexError(index)


def _results(population: Population, ids: np.ndarray, awards: list[str], regulations: tuple = (),
             adoptions: tuple = ()) -> dict:
    """Answers under the law in force for one agency: its regulations and, from their dates, the reforms it
    adopted (`adoptions`: selectors.Adoption), which make a version of the rules of their own; the reasons they
    add or change cite the adopting decisions."""
    changes = tuple(change for adoption in adoptions for change in adoption.changes)
    spec = ReformSpec(changes=changes) if changes else None
    if spec is not None:
        system, version = build(spec, regulations), spec.version
        regulations = regulations + tuple(r for adoption in adoptions for r in adoption.regulations)
    else:
        system, version = reformed_system(regulations), law_version()
    if not len(ids):
        return {code: {"ids": ids, "eligible": np.zeros(0, bool), "reasons": [], "bonus_vnd": 0, "version": version,
                       "achievement_from": np.zeros(0, np.int32)} for code in awards}
    extra = {c for code in awards for c, _ in extra_conditions(regulations, code, population.as_of)}
    if spec is not None:
        extra |= {c for code in awards for c in spec.extra_conditions.get(code, [])}
    arrays = simulate(population, awards, system=system, extra=tuple(sorted(extra)))
    law = law_in_force(population.as_of, system)
    return {code: {"ids": ids, "eligible": arrays[f"eligible_{code}"],
                   "reasons": LazyReasons(population, arrays, code, len(ids), regulations, adoptions),
                   "achievement_from": achievement_from(population, arrays, code),
                   "bonus_vnd": bonus_vnd(code, law) if code in law["multiples"]._children else None,
                   "regime": law["regime"], "version": version} for code in awards}


def _merged(groups: list[dict], codes: list[str]) -> dict:
    """The answers of several agencies' groups as one."""
    if len(groups) == 1:
        return groups[0]
    return {code: {"ids": np.concatenate([g[code]["ids"] for g in groups]),
                   "eligible": np.concatenate([g[code]["eligible"] for g in groups]),
                   "achievement_from": np.concatenate([g[code]["achievement_from"] for g in groups]),
                   "reasons": ChainedReasons([g[code]["reasons"] for g in groups]),
                   "bonus_vnd": groups[0][code]["bonus_vnd"], "regime": groups[0][code].get("regime"),
                   "version": ",".join(sorted({g[code]["version"] for g in groups}))}
            for code in codes}


def evaluate_people(people, year: int, awards=None, as_of: datetime.date | None = None) -> dict:
    """{code: {"ids", "eligible", "reasons" (lazy), "bonus_vnd", "achievement_from", "version"}} for the given
    people and year.

    People of an agency that put regulations into force are judged under them (thidua.rules.regulations), and
    under the reforms it adopted from their effective dates; "version" names the rules that answered."""
    codes = list(awards or PERSON_AWARDS)
    agencies = sorted(set(people.values_list("agency_id", flat=True).distinct()))
    decisions, adopted = decisions_by_agency(agencies), adoptions_by_agency(agencies)
    if not decisions and not adopted:
        ids, population = load_people(people, year, as_of)
        return _results(population, ids, codes)
    groups = []
    for agency in agencies:
        ids, population = load_people(people.filter(agency_id=agency), year, as_of)
        groups.append(_results(population, ids, codes, decisions.get(agency, ()), adopted.get(agency, ())))
    return _merged(groups, codes)


HEAVY_DISCIPLINE = [f for f in DisciplineForm.values if f != DisciplineForm.REPRIMAND]  # warning or heavier
MEMBER_YEARS = 3


def load_units(units, year: int, as_of: datetime.date | None = None) -> tuple[np.ndarray, Population]:
    from thidua.movements.models import Result

    ids = np.array(sorted(units.values_list("pk", flat=True)), dtype=np.int64)
    population = Population(kind="unit", year=year, as_of=as_of or datetime.date(year, 12, 31), count=len(ids))
    first = year - HISTORY_YEARS
    wanted = set(ids.tolist())
    for uid, y, rating in UnitRating.objects.filter(unit_id__in=wanted, year__gte=first, year__lte=year) \
            .values_list("unit_id", "year", "rating"):
        at = np.searchsorted(ids, uid)
        population.column("unit_has_data", y, bool, False)[at] = True
        population.column("unit_rating", y, np.int32, 0)[at] = RATINGS[rating]
    unit_awards = AwardRecord.objects.filter(revocation__isnull=True, unit_id__in=wanted, year__gte=first,
                                             year__lte=year, award_code__in=UNIT_AWARDS)
    for uid, y, code, start in unit_awards.values_list("unit_id", "year", "award_code", "achievement_from"):
        population.column(f"awarded_{code}", y, bool, False)[np.searchsorted(ids, uid)] = True
        if start is not None and start < y:
            mark_used(population, np.searchsorted(ids, uid), code, start, y)
    agencies = set(units.values_list("agency_id", flat=True))
    # each unit of these agencies → the evaluated units it counts for (itself and its evaluated ancestors)
    counts_for = {}
    for node in Unit.objects.filter(agency_id__in=agencies).with_tree_fields().values_list("pk", "tree_path"):
        pk, path = node
        counts_for[pk] = [at for at in (np.searchsorted(ids, a) for a in path if a in wanted)]
    member_first = year - MEMBER_YEARS + 1
    for y in range(member_first, year + 1):
        start, end = datetime.date(y, 1, 1), datetime.date(y, 12, 31)
        members = Membership.objects.filter(unit__agency_id__in=agencies, start_date__lte=end).exclude(
            end_date__lt=start).values_list("person_id", "unit_id")
        per_unit: dict[int, set] = {}
        for person_id, unit_id in members:
            for at in counts_for.get(unit_id, ()):
                per_unit.setdefault(at, set()).add(person_id)
        if not per_unit:
            continue
        everyone = set().union(*per_unit.values())
        completed = set(YearlyRating.objects.filter(person_id__in=everyone, year=y, rating__in=["HTXSNV", "HTTNV",
                                                                                                 "HTNV"])
                        .values_list("person_id", flat=True))
        held = AwardRecord.objects.filter(revocation__isnull=True, person_id__in=everyone, year=y,
                                          award_code__in=["LDTT", "CSTD_CO_SO", "CSTD_CO_SO_QH"])
        ldtt = {p for p, c in held.values_list("person_id", "award_code") if c == "LDTT"}
        cstd = {p for p, c in held.values_list("person_id", "award_code") if c != "LDTT"}
        disciplined = set(Discipline.objects.filter(person_id__in=everyone, decision_date__year=y,
                                                    form__in=HEAVY_DISCIPLINE).values_list("person_id", flat=True))
        for name, subset in (("members_total", None), ("members_completed", completed), ("members_ldtt", ldtt),
                             ("members_cstd_co_so", cstd), ("members_disciplined", disciplined)):
            column = population.column(name, y, np.int32, 0)
            for at, people in per_unit.items():
                column[at] = len(people if subset is None else people & subset)
    for uid, y, rank in Result.objects.filter(unit_id__in=wanted, movement__block__isnull=False,
                                              movement__published_at__isnull=False, movement__year__gte=first,
                                              movement__year__lte=year).values_list("unit_id", "movement__year",
                                                                                    "rank"):
        population.column("block_rank", y, np.int32, 0)[np.searchsorted(ids, uid)] = rank
    return ids, population


def evaluate_units(units, year: int, awards=None, as_of: datetime.date | None = None) -> dict:
    """The same answer shape as `evaluate_people`, for collectives; those of an agency that adopted reforms are
    judged under them from their effective dates (with the agency's regulations)."""
    codes = list(awards or UNIT_AWARDS)
    agencies = sorted(set(units.values_list("agency_id", flat=True).distinct()))
    adopted = adoptions_by_agency(agencies)
    if not adopted:
        ids, population = load_units(units, year, as_of)
        return _results(population, ids, codes)
    decisions = decisions_by_agency(agencies)
    groups = []
    for agency in agencies:
        ids, population = load_units(units.filter(agency_id=agency), year, as_of)
        groups.append(_results(population, ids, codes, decisions.get(agency, ()), adopted.get(agency, ())))
    return _merged(groups, codes)
