"""Reads of the award record."""

from django.db.models import Q

from thidua.accounts.scope import units_for
from thidua.core.text import search_tokens

from .models import AwardRecord


def award_years(agency, codes, first_year: int, last_year: int, *, collective: bool = False) -> dict[int, dict[int, str]]:
    """person id (or unit id when `collective`) → {year: award code} for awards among `codes` in the agency."""
    qs = AwardRecord.objects.filter(award_code__in=codes, year__gte=first_year, year__lte=last_year)
    qs = qs.filter(unit__agency=agency) if collective else qs.filter(person__agency=agency)
    subject = "unit_id" if collective else "person_id"
    years: dict[int, dict[int, str]] = {}
    for subject_id, year, code in qs.values_list(subject, "year", "award_code"):
        years.setdefault(subject_id, {})[year] = code
    return years


def records_of(person_ids, first_year: int, last_year: int):
    """The people's award records in the years given, newest first."""
    return AwardRecord.objects.filter(person_id__in=person_ids, year__gte=first_year, year__lte=last_year)


def visible_records(user, *, query=None, award=None, year=None):
    qs = AwardRecord.objects.select_related("person__unit", "unit")
    allowed = units_for(user)
    if allowed is not None:
        qs = qs.filter(Q(person__unit_id__in=allowed) | Q(unit_id__in=allowed))
    for token in search_tokens(query):
        qs = qs.filter(Q(person__search_text__contains=token) | Q(unit__search_text__contains=token))
    if award:
        qs = qs.filter(award_code=award)
    if year:
        qs = qs.filter(year=year)
    return qs
