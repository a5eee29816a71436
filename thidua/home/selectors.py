"""What needs the signed-in user today: one list per kind of work, each scoped to what the user may act on.

The home page sits above the domain apps (docs/layers.md) and only reads; every list is bounded.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.accounts.scope import MANAGERS, RATERS, holds_anywhere, units_for
from thidua.councils.models import CouncilMember, Meeting, Participation, Poll, PollStatus
from thidua.movements.models import Movement, Participant, Pledge, PledgeStatus
from thidua.nominations.models import Nomination, Round, RoundStatus, State
from thidua.organization.models import Unit

SHOWN = 8  # items per list; each list links to its full page


def _in_scope(field: str, unit_ids) -> Q:
    return Q() if unit_ids is None else Q(**{f"{field}__in": unit_ids})


def seats(user) -> QuerySet:
    today = timezone.localdate()
    return CouncilMember.objects.filter(user=user, term_start__lte=today).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today))


def polls_to_vote(user) -> list[Poll]:
    """Open polls of the user's councils the user has not voted in yet."""
    mine = seats(user)
    voted = Participation.objects.filter(poll=OuterRef("pk"), member__in=mine)
    return list(Poll.objects.filter(status=PollStatus.OPEN, meeting__council__members__in=mine)
                .exclude(Exists(voted)).select_related("meeting__council").distinct().order_by("pk")[:SHOWN])


def meetings_ahead(user) -> list[Meeting]:
    """The user's councils' meetings from today on, soonest first."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return list(Meeting.objects.filter(council__members__in=seats(user), starts_at__gte=start)
                .select_related("council").distinct().order_by("starts_at")[:SHOWN])


def dossiers_to_review(user) -> list[dict]:
    """Submitted dossiers an emulation officer appraises, counted per round."""
    if not holds_anywhere(user, MANAGERS):
        return []
    scope = units_for(user, MANAGERS)
    rows = (Nomination.objects.filter(_in_scope("unit_id", scope), state=State.SUBMITTED)
            .values("round_id", "round__title").annotate(n=Count("id")).order_by("round_id")[:SHOWN])
    return [{"round": r["round_id"], "title": r["round__title"], "count": r["n"]} for r in rows]


def dossiers_to_complete(user) -> list[Nomination]:
    """Drafts and returned dossiers of the units the user nominates for."""
    if not holds_anywhere(user, RATERS):
        return []
    scope = units_for(user, RATERS)
    return list(Nomination.objects.filter(_in_scope("unit_id", scope), state__in=[State.DRAFT, State.RETURNED])
                .select_related("person", "collective", "round").order_by("-updated_at")[:SHOWN])


def open_rounds(user) -> list[Round]:
    """Rounds still taking nominations in the user's agencies, nearest deadline first."""
    if not holds_anywhere(user, RATERS):
        return []
    scope = units_for(user, RATERS)
    agencies = Unit.objects.filter(_in_scope("pk", scope)).values("agency_id")
    return list(Round.objects.filter(status=RoundStatus.OPEN, agency_id__in=agencies,
                                     nomination_deadline__gte=timezone.localdate())
                .order_by("nomination_deadline")[:SHOWN])


def pledges_to_sign(user) -> list[dict]:
    """Movements whose pledge window is open where a unit the user leads, or the user personally, has not
    pledged yet."""
    today = timezone.localdate()
    open_movements = Movement.objects.filter(registration_until__gte=today,
                                             starts_on__lte=today + datetime.timedelta(days=60))
    items = []
    if holds_anywhere(user, RATERS):
        scope = units_for(user, RATERS)
        signed = Pledge.objects.filter(movement=OuterRef("movement"), unit=OuterRef("unit"), person__isnull=True,
                                       joint=False)
        for p in (Participant.objects.filter(_in_scope("unit_id", scope), movement__in=open_movements)
                  .exclude(Exists(signed)).select_related("movement", "unit").order_by("movement__registration_until")
                  [:SHOWN]):
            items.append({"movement": p.movement, "for": p.unit.name})
    person = getattr(user, "person", None)
    if person is not None:
        mine = Pledge.objects.filter(movement=OuterRef("pk"), person=person)
        own_units = Unit.objects.ancestors(person.unit_id, include_self=True).values_list("pk", flat=True)
        for m in (open_movements.filter(person_pledges=True, participants__unit_id__in=list(own_units))
                  .exclude(Exists(mine)).distinct().order_by("registration_until")[:SHOWN]):
            items.append({"movement": m, "for": None})
    return items[:SHOWN]


def personal_pledges(user) -> list[dict]:
    """The user's own personal pledges still to self-assess (signed or returned, self-assessment open), then the
    self-assessed personal pledges awaiting the user's review as leader or officer of the unit or the person's."""
    today = timezone.localdate()
    items = []
    if getattr(user, "person_id", None):
        for p in (Pledge.objects.filter(person_id=user.person_id, movement__scoring_until__gte=today,
                                        status__in=[PledgeStatus.SIGNED, PledgeStatus.RETURNED])
                  .select_related("movement").order_by("movement__scoring_until")[:SHOWN]):
            items.append({"pledge": p, "mine": True})
    if holds_anywhere(user, RATERS):
        scope = units_for(user, RATERS)
        waiting = (Pledge.objects.filter(status=PledgeStatus.SELF_ASSESSED)
                   .filter(_in_scope("unit_id", scope) | _in_scope("person__unit_id", scope))
                   .exclude(person_id=getattr(user, "person_id", None) or 0)
                   .select_related("movement", "person").order_by("movement__scoring_until", "pk"))
        items += [{"pledge": p, "mine": False} for p in waiting[:SHOWN]]
    return items[:SHOWN]


def roles(user) -> list[str]:
    """The user's role names, for the greeting."""
    labels = dict(Role.choices)
    return sorted({str(labels[r]) for r in user.roles.values_list("role", flat=True)})
