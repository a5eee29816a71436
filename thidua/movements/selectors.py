"""Reads of movements."""

from django.db.models import QuerySet

from .models import Result


def leading_units(agency, year: int, max_rank: int = 1) -> QuerySet:
    """Published results of the agency's movements of `year` at rank `max_rank` or better."""
    return (Result.objects.filter(movement__agency=agency, movement__year=year, movement__published_at__isnull=False,
                                  rank__lte=max_rank)
            .select_related("movement", "unit").order_by("movement__title", "rank"))
