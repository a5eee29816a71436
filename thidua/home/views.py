from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thidua.accounts.scope import covered_units
from thidua.organization.selectors import visible_people, visible_units

from . import selectors


@login_required
def home(request):
    """What needs me today: votes, meetings, dossiers, rounds and pledges, each for the roles the user holds."""
    user = request.user
    has_roles = user.is_superuser or bool(covered_units(user))
    context = {
        "roles": selectors.roles(user),
        "polls": selectors.polls_to_vote(user),
        "meetings": selectors.meetings_ahead(user),
        "to_review": selectors.dossiers_to_review(user),
        "to_complete": selectors.dossiers_to_complete(user),
        "rounds": selectors.open_rounds(user),
        "pledges": selectors.pledges_to_sign(user),
        "personal_pledges": selectors.personal_pledges(user),
        "has_roles": has_roles,
        "has_seat": selectors.seats(user).exists(),
        "can_audit": user.has_perm("audit.view_event"),
    }
    if has_roles:
        context["unit_count"] = visible_units(user, include_dissolved=False).count()
        context["people_count"] = visible_people(user).count()
    context["nothing"] = not any(context[k] for k in ("polls", "meetings", "to_review", "to_complete", "rounds",
                                                      "pledges", "personal_pledges"))
    return render(request, "home/home.html", context)
