"""Who may act on rounds and nominations; the object is the round or the nomination (both carry a unit)."""

import rules

from thidua.accounts.rules import is_superuser, manages, rates, sees


@rules.predicate
def round_manager(user, nomination=None):
    return nomination is not None and bool(user.has_perm("nominations.manage_round", nomination.round))


@rules.predicate
def agency_staff(user, round=None):
    """All staff of the round's agency read its public disclosure."""
    if round is None or not user.is_authenticated:
        return False
    person = getattr(user, "person", None)
    return bool(person and person.agency_id == round.agency_id)


@rules.predicate
def has_role_in_agency(user, round=None):
    from thidua.accounts.scope import units_for
    from thidua.organization.models import Unit

    allowed = units_for(user)
    return round is not None and bool(allowed) and Unit.objects.filter(agency_id=round.agency_id, pk__in=allowed).exists()


rules.add_perm("nominations.view_round", is_superuser | sees | has_role_in_agency)
rules.add_perm("nominations.manage_round", is_superuser | manages)  # object: a round or the unit it covers
rules.add_perm("nominations.nominate", is_superuser | rates)  # object: the proposing unit
rules.add_perm("nominations.view_nomination", is_superuser | sees | round_manager)
rules.add_perm("nominations.submit_nomination", is_superuser | rates)
rules.add_perm("nominations.read_disclosure", is_superuser | sees | agency_staff)
