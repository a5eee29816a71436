"""Reads scoped to what the acting user may see."""

from django.db.models import Q, QuerySet

from thidua.accounts.scope import units_for
from thidua.core.text import search_tokens

from .models import Agency, AgencyHoliday, EmulationBlock, Person, Unit


def _search(qs: QuerySet, query: str | None) -> QuerySet:
    for token in search_tokens(query):
        qs = qs.filter(search_text__contains=token)
    return qs


def visible_units(user, *, query: str | None = None, include_dissolved: bool = True) -> QuerySet:
    qs = Unit.objects.select_related("agency")
    allowed = units_for(user)
    if allowed is not None:
        qs = qs.filter(pk__in=allowed)
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    return _search(qs, query)


def units_with_roles(user, roles) -> QuerySet:
    """Active units, by name, where the user holds one of `roles` (subtrees included)."""
    qs = visible_units(user, include_dissolved=False)
    allowed = units_for(user, roles)
    return (qs if allowed is None else qs.filter(pk__in=allowed)).order_by("name")


def visible_agencies(user) -> QuerySet:
    allowed = units_for(user)
    if allowed is None:
        return Agency.objects.all()
    return Agency.objects.filter(units__pk__in=allowed).distinct()


def visible_people(user, *, query: str | None = None, unit: Unit | None = None, subtree: bool = True,
                   category: str | None = None, active: bool | None = True) -> QuerySet:
    qs = Person.objects.select_related("unit")
    allowed = units_for(user)
    if allowed is not None:
        qs = qs.filter(unit_id__in=allowed)
    if unit is not None:
        if subtree:
            # materialised: the recursive CTE cannot nest inside further subqueries
            qs = qs.filter(unit_id__in=list(Unit.objects.descendants(unit, include_self=True)
                                            .values_list("pk", flat=True)))
        else:
            qs = qs.filter(unit=unit)
    if category:
        qs = qs.filter(category=category)
    if active is not None:
        qs = qs.filter(is_active=active)
    return _search(qs, query)


def unit_subtree(user, unit: Unit) -> list[Unit]:
    allowed = units_for(user)
    nodes = Unit.objects.descendants(unit, include_self=True).with_tree_fields().select_related("agency")
    return [n for n in nodes if allowed is None or n.pk in allowed]


def visible_blocks(user) -> QuerySet:
    return EmulationBlock.objects.select_related("host_agency").order_by("name")


def block_year_members(block: EmulationBlock, year: int) -> QuerySet:
    return block.memberships.filter(year=year).select_related("agency").order_by("role", "agency__name")


def block_year_proposal(block: EmulationBlock, year: int) -> dict:
    """A year's members as they stand, or — for a year not yet set up — the latest earlier year's members with
    the leadership rotated: that year's deputy leads, the next member in name order becomes deputy."""
    current = list(block_year_members(block, year))
    if current:
        return {"agencies": [m.agency for m in current],
                "leader": next((m.agency for m in current if m.role == "leader"), None),
                "deputy": next((m.agency for m in current if m.role == "deputy"), None)}
    earlier = block.memberships.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first()
    if earlier is None:
        return {"agencies": [], "leader": None, "deputy": None}
    previous = list(block.memberships.filter(year=earlier).select_related("agency").order_by("agency__name"))
    agencies = [m.agency for m in previous]
    deputy = next((m.agency for m in previous if m.role == "deputy"), agencies[0])
    return {"agencies": agencies, "leader": deputy,
            "deputy": agencies[(agencies.index(deputy) + 1) % len(agencies)] if len(agencies) > 1 else None}


def block_leadership_history(block: EmulationBlock) -> list[dict]:
    history: dict[int, dict] = {}
    for m in block.memberships.filter(Q(role="leader") | Q(role="deputy")).select_related("agency"):
        history.setdefault(m.year, {"year": m.year})[m.role] = m.agency
    return [history[y] for y in sorted(history, reverse=True)]


def rating_years(agency: Agency, rating: str, first_year: int, last_year: int) -> dict[int, set[int]]:
    """person id → the years in [first_year, last_year] they were rated `rating` (active people of the agency)."""
    from .models import YearlyRating

    years: dict[int, set[int]] = {}
    for person_id, year in (YearlyRating.objects
                            .filter(person__agency=agency, person__is_active=True, rating=rating,
                                    year__gte=first_year, year__lte=last_year)
                            .values_list("person_id", "year")):
        years.setdefault(person_id, set()).add(year)
    return years


def add_agency_working_days(start, days: int, agency: Agency):
    """The end of a period of `days` working days after `start` for `agency`: weekends, national holidays and the
    agency's own days off are skipped."""
    import datetime

    from thidua.core.workdays import add_working_days

    horizon = start + datetime.timedelta(days=days * 3 + 60)
    own = AgencyHoliday.objects.filter(agency=agency, date__gt=start, date__lte=horizon).values_list("date", flat=True)
    return add_working_days(start, days, days_off=set(own))
