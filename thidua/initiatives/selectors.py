"""Reads of initiatives scoped to the acting user, and the per-year facts the engine needs."""

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import ExtractYear

from thidua.accounts.scope import units_for
from thidua.core.text import fold, search_tokens
from thidua.organization.selectors import visible_people

from .models import Initiative, Recognition


def visible_initiatives(user, *, query=None, field=None, scope=None, year=None, kind=None, unit=None,
                        person=None) -> QuerySet:
    qs = Initiative.objects.select_related("unit").prefetch_related("authors__person")
    allowed = units_for(user)
    if allowed is not None:
        seen = Q(unit_id__in=allowed)
        if getattr(user, "person_id", None):
            seen |= Q(authors__person_id=user.person_id)
        seen |= Q(unit__in=_reviewable_units(user))
        qs = qs.filter(seen)
    for token in search_tokens(query):
        qs = qs.filter(search_text__contains=token)
    if field:
        qs = qs.filter(field=field)
    if kind:
        qs = qs.filter(kind=kind)
    if scope:
        qs = qs.filter(scope=scope)
    if year:
        qs = qs.filter(Q(first_applied_on__year=year) | Q(recognitions__decision_date__year=year))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if person is not None:
        qs = qs.filter(authors__person=person)
    return qs.distinct()


def author_candidates(user, *, agency_id=None, query: str | None = None) -> QuerySet:
    """Working people the user may see (their roles' units and subtrees), of the registering unit's agency when
    it is known, matched by name or code without diacritics; nobody for an anonymous caller."""
    if user is None or not user.is_authenticated:
        return visible_people(user).none()
    qs = visible_people(user, query=query, active=True).select_related("unit")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs.order_by("sort_name", "full_name", "pk")


def author_by_code_or_name(user, text: str, *, agency_id=None):
    """The one person the user may see whose code is `text`, else whose full name is `text` (diacritics and
    case ignored). Returns (person, None), or (None, "unknown" | "ambiguous")."""
    candidates = author_candidates(user, agency_id=agency_id)
    person = candidates.filter(code=text.strip()).first()
    if person is not None:
        return person, None
    wanted = fold(text)
    named = [p for p in candidates.filter(search_text__startswith=wanted)[:20] if fold(p.full_name) == wanted]
    if len(named) == 1:
        return named[0], None
    return None, "ambiguous" if named else "unknown"


def _reviewable_units(user) -> list[int]:
    from thidua.councils.models import CouncilKind, CouncilMember
    from thidua.organization.models import Unit

    roots = CouncilMember.objects.filter(user=user, council__kind=CouncilKind.INITIATIVES, term_end__isnull=True) \
        .values_list("council__unit_id", flat=True)
    ids = []
    for root in set(roots):
        ids += Unit.objects.descendants(root, include_self=True).values_list("pk", flat=True)
    return ids


def recognitions_by_person_year(person_ids, first_year: int, last_year: int):
    """Rows (person_id, year, widest scope, initiatives recognised) for the engine; one query."""
    return (Recognition.objects
            .filter(initiative__authors__person_id__in=person_ids, decision_date__year__gte=first_year,
                    decision_date__year__lte=last_year)
            .annotate(year=ExtractYear("decision_date"))
            .values_list("initiative__authors__person_id", "year")
            .annotate(widest=Max("scope"), count=Count("initiative", distinct=True))
            .order_by())


def recognised_in(agency, year: int, min_scope: int) -> QuerySet:
    """Initiatives of the agency recognised in `year` at `min_scope` or wider (one row per initiative)."""
    return (Initiative.objects.filter(agency=agency, recognitions__decision_date__year=year,
                                      recognitions__scope__gte=min_scope)
            .select_related("unit").annotate(widest=Max("recognitions__scope")).order_by("-widest", "title"))
