"""Who may do what with councils; the object is always the council."""

import rules

from thidua.accounts.rules import is_superuser, manages, sees


@rules.predicate
def sits_on(user, council=None):
    return council is not None and user.is_authenticated and council.members.filter(user=user).exists()


@rules.predicate
def runs_meetings(user, council=None):
    return council is not None and user.is_authenticated and council.members.filter(
        user=user, role__in=("chair", "vice_chair", "secretary"), term_end__isnull=True).exists()


rules.add_perm("councils.view_council", is_superuser | sees | sits_on)
rules.add_perm("councils.manage_council", is_superuser | manages)
rules.add_perm("councils.run_meeting", is_superuser | manages | runs_meetings)
rules.add_perm("councils.add_council", is_superuser | manages)  # object: the unit served
