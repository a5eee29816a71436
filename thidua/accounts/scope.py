"""Which units a user's roles cover. A role on a unit covers its subtree.

The result is cached on the user object for the duration of a request.
"""

from collections import defaultdict

from .models import Role, unit_model

ALL_ROLES = frozenset(Role.values)
MANAGERS = frozenset({Role.ADMINISTRATOR, Role.EMULATION_OFFICER})
RATERS = MANAGERS | {Role.UNIT_LEADER}
AUDIT_READERS = frozenset({Role.ADMINISTRATOR, Role.INSPECTOR})


def covered_units(user) -> dict[str, frozenset[int]]:
    """Map role → ids of all units (subtrees included) where the user holds it."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_thidua_scope", None)
    if cached is not None:
        return cached
    Unit = unit_model()
    scope: dict[str, set[int]] = defaultdict(set)
    assignments = list(user.roles.values_list("role", "unit_id"))
    roots_by_role: dict[str, set[int]] = defaultdict(set)
    for role, unit_id in assignments:
        roots_by_role[role].add(unit_id)
    subtree_cache: dict[int, list[int]] = {}
    for role, roots in roots_by_role.items():
        for root in roots:
            if root not in subtree_cache:
                subtree_cache[root] = list(
                    Unit.objects.descendants(root, include_self=True).values_list("id", flat=True)
                )
            scope[role].update(subtree_cache[root])
    user._thidua_scope = {role: frozenset(ids) for role, ids in scope.items()}
    return user._thidua_scope


def forget_scope(user) -> None:
    if hasattr(user, "_thidua_scope"):
        del user._thidua_scope


def roles_on(user, unit_id: int | None) -> set[str]:
    if unit_id is None:
        return set()
    if getattr(user, "is_superuser", False):
        return set(ALL_ROLES)
    return {role for role, ids in covered_units(user).items() if unit_id in ids}


def units_for(user, roles=ALL_ROLES) -> frozenset[int] | None:
    """Unit ids the user may reach with any of `roles`; None means everything (superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    ids: set[int] = set()
    for role, unit_ids in covered_units(user).items():
        if role in roles:
            ids |= unit_ids
    return frozenset(ids)


def holds_anywhere(user, roles) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(role in roles and ids for role, ids in covered_units(user).items())
