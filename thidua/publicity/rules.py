"""Who may do what with exemplary models (object-level `rules` predicates).

Units (their leaders and the emulation officers over them) nominate and adopt models; officers confirm,
publish and run congresses; the whole agency reads what is published.
"""

import rules

from thidua.accounts.rules import is_superuser, manages, rates, sees
from thidua.accounts.scope import MANAGERS, covered_units, roles_on


def agency_ids(user) -> set[int]:
    """Agencies the user belongs to (by a role or as a person)."""
    from thidua.organization.models import Unit

    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_thidua_agencies", None)
    if cached is None:
        unit_ids = set().union(*covered_units(user).values()) if covered_units(user) else set()
        cached = set(Unit.objects.filter(pk__in=unit_ids).values_list("agency_id", flat=True).distinct())
        if getattr(user, "person_id", None):
            cached.add(user.person.agency_id)
        user._thidua_agencies = cached
    return cached


@rules.predicate
def reads_published(user, model=None):
    return model is not None and model.published_at is not None and model.agency_id in agency_ids(user)


@rules.predicate
def manages_agency(user, agency=None):
    root = agency.root_unit if agency is not None else None
    return bool(root and roles_on(user, root.pk) & MANAGERS)


@rules.predicate
def still_proposed(user, model=None):
    return model is not None and model.status == "proposed"


rules.add_perm("publicity.view_model", is_superuser | sees | reads_published)
rules.add_perm("publicity.nominate_model", is_superuser | rates)  # object: the nominating unit
rules.add_perm("publicity.manage_model", is_superuser | manages)  # confirm, decline, publish, honour
rules.add_perm("publicity.edit_story", is_superuser | manages | (rates & still_proposed))
rules.add_perm("publicity.replicate_model", is_superuser | rates)  # object: the adopting unit
rules.add_perm("publicity.manage_showcase", is_superuser | manages_agency)  # object: the agency
