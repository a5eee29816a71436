"""Reminders: open polls, to the voting members who have not voted yet (who voted is known, never what)."""

import datetime

from django.utils.translation import gettext as _

from thidua.notifications.reminders import collector
from thidua.notifications.services import notify

from .models import Poll, PollStatus


@collector
def polls_open(today: datetime.date) -> int:
    created = 0
    for poll in Poll.objects.filter(status=PollStatus.OPEN).select_related("meeting__council"):
        voted = set(poll.participations.values_list("member_id", flat=True))
        for member in poll.meeting.council.voting_members_on(today).select_related("user"):
            if member.pk in voted or not member.user.is_active:
                continue
            created += notify(user=member.user, kind="poll_open", key=f"poll:{poll.pk}",
                              title=_("A poll is open: %(title)s") % {"title": poll.title},
                              body=poll.meeting.council.name, url=poll.get_absolute_url()) is not None
    return created
