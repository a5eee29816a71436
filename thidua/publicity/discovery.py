"""Candidates for exemplary models found in the record, each with its reason.

Rules (the agency's emulation policy, not the law, so they live here and not in `rules/`):
- a person who was an Emulation Fighter (any level) in consecutive years up to the year examined;
- a person rated "excellently completed duties" for RATING_RUN consecutive years up to that year;
- an initiative recognised in that year at ministry/province scope or wider;
- a collective that led a published movement of that year;
- a collective holding an Emulation Flag in consecutive years up to that year.
A run is keyed by its first year, so one run is proposed once however long it grows.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.accounts.scope import MANAGERS, units_for
from thidua.awards.models import award_name
from thidua.awards.selectors import award_years
from thidua.initiatives.models import Scope
from thidua.initiatives.selectors import recognised_in
from thidua.movements.selectors import leading_units
from thidua.organization.models import Person, Rating, Unit
from thidua.organization.selectors import rating_years

from .models import ExemplaryModel, ModelKind

FIGHTER_CODES = ("CSTD_CO_SO", "CSTD_BO", "CSTD_TOAN_QUOC")
FLAG_CODES = ("CO_THI_DUA_BO", "CO_THI_DUA_CP")
RATING_RUN = 3
LOOK_BACK = 10


@dataclass
class Candidate:
    key: str
    kind: str
    title: str
    reason: str
    year: int
    unit: Unit
    person: Person | None = None
    collective: Unit | None = None
    initiative: object | None = None
    movement: object | None = None
    facts: dict = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return ModelKind(self.kind).label


def run_ending(years, year: int) -> list[int]:
    """The unbroken run of years ending at `year` (empty when `year` is not in `years`)."""
    run = []
    while year in years:
        run.insert(0, year)
        year -= 1
    return run


def _span(run: list[int]) -> str:
    return f"{run[0]}–{run[-1]}"


def _fighters(agency, year) -> list[Candidate]:
    found = []
    for person_id, by_year in award_years(agency, FIGHTER_CODES, year - LOOK_BACK, year).items():
        run = run_ending(by_year, year)
        if len(run) >= 2:
            found.append((person_id, run, [by_year[y] for y in run]))
    people = Person.objects.select_related("unit").in_bulk([p for p, _r, _c in found])
    return [Candidate(key=f"fighter:{pid}:{run[0]}", kind=ModelKind.PERSON, person=people[pid], unit=people[pid].unit,
                      title=people[pid].full_name, year=year,
                      reason=_("Emulation Fighter in %(n)s consecutive years (%(span)s): %(awards)s.")
                      % {"n": len(run), "span": _span(run), "awards": ", ".join(award_name(c) for c in codes)})
            for pid, run, codes in found]


def _excellent(agency, year) -> list[Candidate]:
    runs = {pid: run for pid, years in rating_years(agency, Rating.HTXSNV, year - LOOK_BACK, year).items()
            if len(run := run_ending(years, year)) >= RATING_RUN}
    people = Person.objects.select_related("unit").in_bulk(list(runs))
    return [Candidate(key=f"excellent:{pid}:{run[0]}", kind=ModelKind.PERSON, person=people[pid],
                      unit=people[pid].unit, title=people[pid].full_name, year=year,
                      reason=_("Excellently completed duties in %(n)s consecutive years (%(span)s).")
                      % {"n": len(run), "span": _span(run)})
            for pid, run in runs.items()]


def _initiatives(agency, year) -> list[Candidate]:
    return [Candidate(key=f"initiative:{i.pk}", kind=ModelKind.INITIATIVE, initiative=i, unit=i.unit, title=i.title,
                      year=year, reason=_("Initiative recognised in %(year)s at the scope: %(scope)s.")
                      % {"year": year, "scope": Scope(i.widest).label})
            for i in recognised_in(agency, year, Scope.BO)]


def _leaders(agency, year) -> list[Candidate]:
    return [Candidate(key=f"movement:{r.movement_id}:{r.unit_id}", kind=ModelKind.COLLECTIVE, collective=r.unit,
                      unit=r.unit, movement=r.movement, title=r.unit.name, year=year,
                      reason=_("Ranked first in the movement “%(movement)s” (%(year)s).")
                      % {"movement": r.movement.title, "year": year})
            for r in leading_units(agency, year)]


def _flags(agency, year) -> list[Candidate]:
    found = []
    for unit_id, by_year in award_years(agency, FLAG_CODES, year - LOOK_BACK, year, collective=True).items():
        if len(run := run_ending(by_year, year)) >= 2:
            found.append((unit_id, run))
    units = Unit.objects.in_bulk([u for u, _r in found])
    return [Candidate(key=f"flags:{uid}:{run[0]}", kind=ModelKind.COLLECTIVE, collective=units[uid], unit=units[uid],
                      title=units[uid].name, year=year,
                      reason=_("Emulation Flag in %(n)s consecutive years (%(span)s).") % {"n": len(run), "span": _span(run)})
            for uid, run in found]


RULES = (_fighters, _initiatives, _leaders, _flags, _excellent)


def candidates(user, agency, year: int) -> list[Candidate]:
    """Candidates in units the user manages, not yet in the registry, strongest reasons first."""
    allowed = units_for(user, MANAGERS)
    taken = set(ExemplaryModel.objects.filter(agency=agency).exclude(discovery_key="")
                .values_list("discovery_key", flat=True))
    found = []
    for rule in RULES:
        found += [c for c in rule(agency, year)
                  if c.key not in taken and (allowed is None or c.unit.pk in allowed)]
    return found


def find(user, agency, year: int, key: str) -> Candidate | None:
    return next((c for c in candidates(user, agency, year) if c.key == key), None)
