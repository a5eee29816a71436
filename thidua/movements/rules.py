"""Who may do what with movements."""

import rules

from thidua.accounts.rules import is_superuser, manages_anywhere, manages_block, rates
from thidua.accounts.scope import MANAGERS, roles_on, units_for


@rules.predicate
def manages_movement(user, movement=None):
    if movement is None:
        return False
    if movement.block_id:
        return manages_block(user, movement.block)
    return bool(roles_on(user, movement.unit_id) & MANAGERS)


def _agency_root(obj):
    from thidua.organization.models import Agency, Unit

    agency_id = obj.pk if isinstance(obj, Agency) else getattr(obj, "agency_id", None)
    return Unit.objects.filter(agency_id=agency_id, parent__isnull=True).values_list("pk", flat=True).first()


@rules.predicate
def keeps_rubrics_of(user, obj=None):
    """A rubric (or an agency's rubrics) is kept by the managers of the agency's top unit."""
    return obj is not None and bool(roles_on(user, _agency_root(obj)) & MANAGERS)


@rules.predicate
def sees_rubric(user, rubric=None):
    """People of the rubric's agency, and of units scored against it in a movement (a block's members)."""
    from thidua.organization.models import Unit

    from .models import Participant

    units = units_for(user) or ()
    return rubric is not None and (
        Unit.objects.filter(pk__in=units, agency_id=rubric.agency_id).exists()
        or Participant.objects.filter(movement__rubric=rubric, unit_id__in=units).exists())


rules.add_perm("movements.manage_rubrics", is_superuser | manages_anywhere)
rules.add_perm("movements.change_rubric", is_superuser | keeps_rubrics_of)  # object: a rubric or an agency
rules.add_perm("movements.view_rubric", is_superuser | sees_rubric)
rules.add_perm("movements.manage_movement", is_superuser | manages_movement)
rules.add_perm("movements.act_for_unit", is_superuser | rates)  # object: the participating unit
