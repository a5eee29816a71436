"""Reminder collectors: each app's `reminders.py` registers functions `collect(today) -> int` that call
`services.notify`; the daily digest runs them all, then mails."""

import datetime
from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

COLLECTORS: list[Callable[[datetime.date], int]] = []


def collector(function: Callable[[datetime.date], int]) -> Callable[[datetime.date], int]:
    COLLECTORS.append(function)
    return function


def collect_all(today: datetime.date) -> int:
    autodiscover_modules("reminders")
    return sum(function(today) for function in COLLECTORS)


def responsible_users(unit_ids, roles) -> dict[int, list]:
    """unit id → active users holding one of `roles` on the unit or one of its ancestors."""
    from thidua.accounts.models import RoleAssignment
    from thidua.organization.models import Unit

    result = {}
    assignments = {}
    for assignment in RoleAssignment.objects.filter(role__in=roles, user__is_active=True).select_related("user"):
        assignments.setdefault(assignment.unit_id, set()).add(assignment.user)
    for unit_id in set(unit_ids):
        users = set()
        for ancestor in Unit.objects.ancestors(unit_id, include_self=True).values_list("pk", flat=True):
            users |= assignments.get(ancestor, set())
        result[unit_id] = sorted(users, key=lambda u: u.pk)
    return result
