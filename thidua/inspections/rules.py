"""Inspectors act on inspections in their scope; the inspected unit's leaders and officers answer findings."""

import rules

from thidua.accounts.models import Role
from thidua.accounts.rules import is_superuser, rates
from thidua.accounts.scope import roles_on


def _unit_id(obj):
    for attr in ("unit_id", "pk"):
        if obj is not None and getattr(obj, attr, None) is not None:
            return getattr(obj, attr)
    return None


@rules.predicate
def inspects(user, obj=None):
    """obj: a unit, a plan or an inspection (its unit); a finding (its inspection's unit)."""
    return Role.INSPECTOR in roles_on(user, _unit_id(obj))


rules.add_perm("inspections.inspect", is_superuser | inspects)
rules.add_perm("inspections.view", is_superuser | inspects | rates)
rules.add_perm("inspections.respond", is_superuser | rates)  # object: the inspected unit
