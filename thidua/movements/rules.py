"""Who may do what with movements."""

import rules

from thidua.accounts.rules import is_superuser, manages_anywhere, manages_block, rates
from thidua.accounts.scope import MANAGERS, roles_on


@rules.predicate
def manages_movement(user, movement=None):
    if movement is None:
        return False
    if movement.block_id:
        return manages_block(user, movement.block)
    return bool(roles_on(user, movement.unit_id) & MANAGERS)


rules.add_perm("movements.manage_rubrics", is_superuser | manages_anywhere)
rules.add_perm("movements.manage_movement", is_superuser | manages_movement)
rules.add_perm("movements.act_for_unit", is_superuser | rates)  # object: the participating unit
