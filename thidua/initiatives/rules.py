"""Who may do what with initiatives (object-level `rules` predicates)."""

import datetime

import rules

from thidua.accounts.rules import is_superuser, manages, sees


@rules.predicate
def is_author(user, initiative=None):
    person_id = getattr(user, "person_id", None)
    return bool(initiative is not None and person_id and initiative.authors.filter(person_id=person_id).exists())


@rules.predicate
def registered_it(user, initiative=None):
    return initiative is not None and initiative.registered_by_id == user.pk


@rules.predicate
def still_open(user, initiative=None):
    return initiative is not None and initiative.status == "registered" and not initiative.reviews.exists()


@rules.predicate
def sits_on_initiatives_council(user, initiative=None):
    return initiative is not None and reviewer_seat(user, initiative) is not None


def reviewer_seat(user, initiative, day: datetime.date | None = None):
    """The user's current voting seat on an initiatives council serving the initiative's unit, if any."""
    from thidua.councils.models import CouncilKind, CouncilMember, MemberRole
    from thidua.organization.models import Unit

    if not getattr(user, "is_authenticated", False):
        return None
    day = day or datetime.date.today()
    ancestors = list(Unit.objects.ancestors(initiative.unit, include_self=True).values_list("pk", flat=True))
    seats = CouncilMember.objects.filter(user=user, council__kind=CouncilKind.INITIATIVES,
                                         council__unit_id__in=ancestors, term_start__lte=day)
    return (seats.exclude(role=MemberRole.SECRETARY).exclude(term_end__lt=day)
            .select_related("council").first())


rules.add_perm("initiatives.view_initiative", is_superuser | sees | is_author | sits_on_initiatives_council)
rules.add_perm("initiatives.register_initiative", is_superuser | sees)  # object: the registering unit
rules.add_perm("initiatives.change_initiative", (is_superuser | manages | registered_it | is_author) & still_open)
rules.add_perm("initiatives.review_initiative", sits_on_initiatives_council)
rules.add_perm("initiatives.recognise_initiative", is_superuser | manages)
