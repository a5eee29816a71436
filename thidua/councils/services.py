"""Councils, meetings, quorum and polls. Every write checks permission and leaves an audit event —
except a vote, which leaves none: the audit log records opening, closing and the tally only.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.organization.services import require
from thidua.rules.engine import vote_rules

from . import agenda, ballot
from .agenda import poll_closed
from .models import (
    Attendance,
    Ballot,
    Candidate,
    Council,
    CouncilKind,
    CouncilMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    Participation,
    Poll,
    PollStatus,
)
from .selectors import needed, tally

# Councils ------------------------------------------------------------------------------------------


def create_council(*, actor, unit, kind: str, name: str, decision_number: str = "") -> Council:
    require(actor, "councils.add_council", unit)
    council = Council(agency=unit.agency, unit=unit, kind=kind, name=name.strip(), decision_number=decision_number)
    council.full_clean()
    with transaction.atomic():
        council.save()
        record(actor=actor, action="council.create", obj=council, summary={"name": council.name, "kind": kind})
    return council


def add_member(*, actor, council: Council, user, role: str, term_start: datetime.date,
               term_end: datetime.date | None = None) -> CouncilMember:
    require(actor, "councils.manage_council", council)
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    if council.members_on(term_start).filter(user=user).exists():
        raise ValidationError({"user": _("This person already sits on the council.")})
    if role == MemberRole.CHAIR and council.members_on(term_start).filter(role=MemberRole.CHAIR).exists():
        raise ValidationError({"role": _("The council already has a chair for this term.")})
    member = CouncilMember(council=council, user=user, role=role, term_start=term_start, term_end=term_end)
    if council.kind == CouncilKind.CONGRESS:
        member.checkin_code = secrets.token_hex(4).upper()
    member.full_clean(exclude=["council", "user"])
    with transaction.atomic():
        member.save()
        record(actor=actor, action="council.add_member", obj=council,
               summary={"user": user.username, "role": role, "from": term_start, "to": term_end})
    return member


def end_term(*, actor, member: CouncilMember, day: datetime.date) -> CouncilMember:
    require(actor, "councils.manage_council", member.council)
    if day < member.term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    with transaction.atomic():
        member.term_end = day
        member.save(update_fields=["term_end"])
        record(actor=actor, action="council.end_term", obj=member.council,
               summary={"user": member.user.username, "to": day})
    return member


# Meetings and quorum -------------------------------------------------------------------------------


def schedule_meeting(*, actor, council: Council, title: str, starts_at: datetime.datetime,
                     location: str = "") -> Meeting:
    require(actor, "councils.run_meeting", council)
    meeting = Meeting(council=council, title=title.strip(), starts_at=starts_at, location=location)
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
        record(actor=actor, action="meeting.schedule", obj=meeting, summary={"title": meeting.title,
                                                                            "starts_at": starts_at})
    return meeting


def _meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def voting_members(meeting: Meeting):
    return meeting.council.voting_members_on(_meeting_day(meeting))


def record_attendance(*, actor, meeting: Meeting, present_ids) -> dict:
    """Set who is present (the secretary ticks the list); the rest are recorded absent."""
    require(actor, "councils.run_meeting", meeting.council)
    if meeting.status == MeetingStatus.ENDED:
        raise ValidationError(_("The meeting has ended."))
    members = {m.pk: m for m in meeting.council.members_on(_meeting_day(meeting))}
    present_ids = {int(i) for i in present_ids}
    unknown = present_ids - set(members)
    if unknown:
        raise ValidationError(_("Only the council's members can be recorded present."))
    with transaction.atomic():
        for member_id in members:
            Attendance.objects.update_or_create(meeting=meeting, member_id=member_id,
                                                defaults={"present": member_id in present_ids})
        if meeting.status == MeetingStatus.SCHEDULED:
            meeting.status = MeetingStatus.IN_SESSION
            meeting.save(update_fields=["status", "updated_at"])
        result = quorum(meeting)
        record(actor=actor, action="meeting.attendance", obj=meeting,
               summary={"present": result.present, "members": result.members, "quorum": result.met})
    return result


def check_in(*, meeting: Meeting, code: str) -> CouncilMember:
    """Congress mode: a delegate checks in with the code printed on their card."""
    member = meeting.council.members_on(_meeting_day(meeting)).filter(checkin_code=code.strip().upper()).first()
    if member is None or not code.strip():
        raise ValidationError({"code": _("Unknown check-in code.")})
    Attendance.objects.update_or_create(meeting=meeting, member=member, defaults={"present": True})
    return member


@dataclass
class Quorum:
    members: int
    present: int
    required: int
    share: float

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.required


def quorum(meeting: Meeting) -> Quorum:
    rules = vote_rules(_meeting_day(meeting))
    members = voting_members(meeting)
    total = members.count()
    present = Attendance.objects.filter(meeting=meeting, present=True, member__in=members).count()
    return Quorum(members=total, present=present, required=needed(total, rules["quorum"]), share=rules["quorum"])


def end_meeting(*, actor, meeting: Meeting) -> Meeting:
    require(actor, "councils.run_meeting", meeting.council)
    if meeting.polls.filter(status=PollStatus.OPEN).exists():
        raise ValidationError(_("Close every open poll before ending the meeting."))
    with transaction.atomic():
        meeting.status = MeetingStatus.ENDED
        meeting.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="meeting.end", obj=meeting)
    return meeting


# Polls ---------------------------------------------------------------------------------------------


def add_poll(*, actor, meeting: Meeting, title: str, candidates: list[dict], award_code: str = "",
             secret: bool = True) -> Poll:
    """candidates: [{"label": …, "person": Person | None, "unit": Unit | None}] in ballot order."""
    require(actor, "councils.run_meeting", meeting.council)
    if meeting.status == MeetingStatus.ENDED:
        raise ValidationError(_("The meeting has ended."))
    labels = [c["label"].strip() for c in candidates if c.get("label", "").strip()]
    if not labels:
        raise ValidationError({"candidates": _("A poll needs at least one nominee.")})
    if len(set(labels)) != len(labels):
        raise ValidationError({"candidates": _("A nominee is listed twice.")})
    if award_code:
        from thidua.rules.codes import AWARDS

        if award_code not in AWARDS:
            raise ValidationError({"award_code": _("Unknown award code “%(code)s”.") % {"code": award_code}})
    with transaction.atomic():
        poll = Poll.objects.create(meeting=meeting, title=title.strip(), award_code=award_code, secret=secret,
                                   position=meeting.polls.count() + 1)
        Candidate.objects.bulk_create([Candidate(poll=poll, label=c["label"].strip(), person=c.get("person"),
                                                 unit=c.get("unit"), subject=c.get("subject", ""), position=i)
                                       for i, c in enumerate(x for x in candidates if x.get("label", "").strip())])
        record(actor=actor, action="poll.add", obj=poll, summary={"title": poll.title, "nominees": labels,
                                                                  "secret": secret, "award": award_code})
    return poll


def add_poll_from_agenda(*, actor, meeting: Meeting, source: str, key: str) -> Poll:
    """Build an agenda item from a matter awaiting the council (e.g. a round's disclosed nominees for one award)."""
    draft = agenda.draft(meeting.council, source, key)
    return add_poll(actor=actor, meeting=meeting, title=draft.title, award_code=draft.award_code, secret=draft.secret,
                    candidates=draft.candidates)


def add_poll_for_round(*, actor, meeting: Meeting, round_, award_code: str) -> Poll:
    """Shorthand for the agenda the nominations app registers: one round's disclosed nominees for one award."""
    return add_poll_from_agenda(actor=actor, meeting=meeting, source="nominations", key=f"{round_.pk}:{award_code}")


def default_trustees(meeting: Meeting) -> list[CouncilMember]:
    """The chair and the next two present members by rank: any two of the three close the poll."""
    order = {MemberRole.CHAIR: 0, MemberRole.VICE_CHAIR: 1, MemberRole.STANDING: 2, MemberRole.MEMBER: 3,
             MemberRole.DELEGATE: 4}
    present = [a.member for a in Attendance.objects.filter(meeting=meeting, present=True,
                                                           member__in=voting_members(meeting))
               .select_related("member__user__person")]
    return sorted(present, key=lambda m: (order.get(m.role, 9), m.pk))[:3]


def open_poll(*, actor, poll: Poll, trustees: list[CouncilMember] | None = None) -> list[tuple[CouncilMember, str]]:
    """Open a poll; for a secret poll return each trustee's share code (shown once, stored nowhere)."""
    meeting = poll.meeting
    require(actor, "councils.run_meeting", meeting.council)
    if poll.status != PollStatus.DRAFT:
        raise ValidationError(_("This poll has already been opened; a poll cannot be reopened."))
    if meeting.status == MeetingStatus.ENDED:
        raise ValidationError(_("The meeting has ended."))
    state = quorum(meeting)
    if not state.met:
        raise ValidationError(_("No quorum: %(present)s of %(members)s members present, %(required)s needed.")
                              % {"present": state.present, "members": state.members, "required": state.required})
    rules = vote_rules(_meeting_day(meeting), poll.award_code)
    shares: list[tuple[CouncilMember, str]] = []
    with transaction.atomic():
        poll.threshold = rules["threshold"]
        poll.electorate, poll.eligible_voters = state.members, state.present
        poll.status, poll.opened_at = PollStatus.OPEN, timezone.now()
        if poll.secret:
            trustees = trustees or default_trustees(meeting)
            if len(trustees) < ballot.TRUSTEE_QUORUM + 1:
                raise ValidationError(_("A secret poll needs three trustees present to hold the key."))
            poll.public_key, poll.wrapped_key, codes = ballot.seal(len(trustees))
            shares = list(zip(trustees, codes, strict=True))
        poll.save()
        if poll.secret:
            poll.trustees.set(trustees)
        record(actor=actor, action="poll.open", obj=poll,
               summary={"title": poll.title, "electorate": poll.electorate, "present": poll.eligible_voters,
                        "threshold": rules["threshold"], "trustees": [m.user.username for m, _c in shares]})
    return shares


def _voter_seat(user, poll: Poll) -> CouncilMember:
    members = voting_members(poll.meeting).filter(user=user)
    seat = members.first() if user.is_authenticated else None
    if seat is None:
        raise PermissionDenied(_("Only the council's voting members may vote."))
    if not Attendance.objects.filter(meeting=poll.meeting, member=seat, present=True).exists():
        raise ValidationError(_("You are not recorded present at this meeting, so you cannot vote."))
    return seat


def cast_vote(*, user, poll: Poll, choices: list[str]) -> str:
    """Record that `user` voted and, apart, their encrypted ballot; return the receipt code."""
    if not poll.secret:
        raise ValidationError(_("This is an open vote; the secretary records the show of hands."))
    if poll.status != PollStatus.OPEN:
        raise ValidationError(_("This poll is not open for voting."))
    seat = _voter_seat(user, poll)
    candidates = poll.candidates.count()
    if len(choices) != candidates or any(c not in ballot.CHOICES for c in choices):
        raise ValidationError(_("The ballot does not match this poll: give one of approve, disapprove or abstain "
                                "for each nominee."))
    ciphertexts = ballot.encrypt_ballot(poll.public_key, choices)
    try:
        with transaction.atomic():
            locked = Poll.objects.select_for_update().only("status").get(pk=poll.pk)
            if locked.status != PollStatus.OPEN:
                raise ValidationError(_("This poll is not open for voting."))
            Participation.objects.create(poll=poll, member=seat)
            receipt = Ballot.objects.create(poll=poll, ciphertexts=ciphertexts).receipt
    except IntegrityError as exc:
        raise ValidationError(_("You have already voted in this poll.")) from exc
    return receipt


def progress(poll: Poll) -> dict:
    return {"voted": Participation.objects.filter(poll=poll).count(), "eligible": poll.eligible_voters,
            "status": poll.status}


def close_poll(*, actor, poll: Poll, share_codes: list[str]) -> Poll:
    """Trustees' shares open the key; only the sums are decrypted; the sealed key is then erased."""
    require(actor, "councils.run_meeting", poll.meeting.council)
    if poll.status != PollStatus.OPEN or not poll.secret:
        raise ValidationError(_("Only an open secret poll can be closed with the trustees' shares."))
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.status != PollStatus.OPEN:
            raise ValidationError(_("This poll is already closed."))
        ballots = list(Ballot.objects.filter(poll=poll).values_list("ciphertexts", flat=True))
        voted = Participation.objects.filter(poll=poll).count()
        if len(ballots) != voted:  # cannot happen: both rows are written in one transaction
            raise ValidationError(_("The ballot box does not match the list of voters; the poll stays open."))
        candidates = list(poll.candidates.all())
        sums = ballot.add(locked.public_key, ballots, len(candidates))
        try:
            counts = ballot.decrypt_tally(locked.public_key, bytes(locked.wrapped_key),
                                          [c for c in share_codes if c.strip()], sums, len(candidates))
        except ballot.ShareError as exc:
            raise ValidationError({"share_codes": _("These shares do not open the poll's key: two different "
                                                    "trustees must each enter their own code.")}) from exc
        for candidate, count in zip(candidates, counts, strict=True):
            candidate.approve, candidate.disapprove, candidate.abstain = (count["approve"], count["disapprove"],
                                                                          count["abstain"])
        Candidate.objects.bulk_update(candidates, ["approve", "disapprove", "abstain"])
        locked.tally_ciphertexts = sums
        locked.wrapped_key = b""
        locked.status, locked.closed_at = PollStatus.CLOSED, timezone.now()
        locked.save(update_fields=["tally_ciphertexts", "wrapped_key", "status", "closed_at"])
        record(actor=actor, action="poll.close", obj=poll, summary={"ballots": len(ballots), "tally": tally(locked)})
        poll_closed.send(sender=Poll, poll=locked)
    poll.refresh_from_db()
    return poll


def record_show_of_hands(*, actor, poll: Poll, counts: list[dict]) -> Poll:
    """An open poll: the secretary enters approve / disapprove / abstain per nominee and closes it."""
    require(actor, "councils.run_meeting", poll.meeting.council)
    if poll.secret or poll.status != PollStatus.OPEN:
        raise ValidationError(_("Only an open show-of-hands poll can be recorded."))
    candidates = list(poll.candidates.all())
    if len(counts) != len(candidates):
        raise ValidationError(_("Give the counts for every nominee."))
    for candidate, count in zip(candidates, counts, strict=True):
        values = [int(count.get(k) or 0) for k in ballot.CHOICES]
        if min(values) < 0 or sum(values) > poll.eligible_voters:
            raise ValidationError(_("The counts for %(name)s exceed the %(n)s members present.")
                                  % {"name": candidate.label, "n": poll.eligible_voters})
        candidate.approve, candidate.disapprove, candidate.abstain = values
    with transaction.atomic():
        Candidate.objects.bulk_update(candidates, ["approve", "disapprove", "abstain"])
        Poll.objects.filter(pk=poll.pk).update(status=PollStatus.CLOSED, closed_at=timezone.now())
        poll.refresh_from_db()
        record(actor=actor, action="poll.close", obj=poll, summary={"show_of_hands": True, "tally": tally(poll)})
        poll_closed.send(sender=Poll, poll=poll)
    return poll


def receipts(poll: Poll) -> list[dict]:
    """Published after closing: each receipt with its ballot's fingerprint, in receipt order."""
    if poll.status != PollStatus.CLOSED or not poll.secret:
        return []
    return [{"receipt": r, "ballot": ballot.fingerprint(c)}
            for r, c in Ballot.objects.filter(poll=poll).order_by("receipt").values_list("receipt", "ciphertexts")]

