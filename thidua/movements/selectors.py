"""Reads of movements."""

from django.db.models import QuerySet

from .models import Pledge, Result


def leading_units(agency, year: int, max_rank: int = 1) -> QuerySet:
    """Published results of `year`'s movements where a unit of the agency ranked `max_rank` or better."""
    return (Result.objects.filter(unit__agency=agency, movement__year=year, movement__published_at__isnull=False,
                                  rank__lte=max_rank)
            .select_related("movement", "unit").order_by("movement__title", "rank"))


def personal_pledges(person_ids, first_year: int, last_year: int) -> QuerySet:
    """People's own pledges in movements of the years given, with the movement."""
    return (Pledge.objects.filter(person_id__in=person_ids, movement__year__gte=first_year,
                                  movement__year__lte=last_year)
            .select_related("movement").order_by("-movement__year", "movement__title"))


def unit_results(unit_ids, first_year: int, last_year: int) -> QuerySet:
    """Published ranks of the units in movements of the years given."""
    return (Result.objects.filter(unit_id__in=unit_ids, movement__year__gte=first_year, movement__year__lte=last_year,
                                  movement__published_at__isnull=False)
            .select_related("movement").order_by("-movement__year", "movement__title"))


def rubrics_for(user) -> QuerySet:
    """Rubrics of the agencies where the user holds a role (every rubric for a superuser)."""
    from thidua.accounts.scope import units_for
    from thidua.organization.models import Unit

    from .models import Rubric

    units = units_for(user)
    if units is None:
        return Rubric.objects.all()
    return Rubric.objects.filter(agency_id__in=Unit.objects.filter(pk__in=units).values("agency_id"))
