"""Councils, meetings, quorum and polls. Every write checks permission and leaves an audit event —
except a vote, which leaves none: the audit log records opening, closing and the tally only.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.organization.services import require

from . import agenda, ballot
from .agenda import poll_closed
from .law import vote_rules
from .models import (
    Attendance,
    Ballot,
    Candidate,
    Ciphertext,
    Council,
    CouncilKind,
    CouncilMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    Participation,
    Poll,
    PollStatus,
    PollTrustee,
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
             secret: bool = True, public_board: bool = False) -> Poll:
    """candidates: [{"label": …, "person": Person | None, "unit": Unit | None}] in ballot order.
    `public_board`: the agency publishes the secret poll's bulletin board to everyone once counted (otherwise
    to council members only)."""
    require(actor, "councils.run_meeting", meeting.council)
    if meeting.status == MeetingStatus.ENDED:
        raise ValidationError(_("The meeting has ended."))
    labels = [c["label"].strip() for c in candidates if c.get("label", "").strip()]
    if not labels:
        raise ValidationError({"candidates": _("A poll needs at least one nominee.")})
    if len(set(labels)) != len(labels):
        raise ValidationError({"candidates": _("A nominee is listed twice.")})
    if public_board and not secret:
        raise ValidationError({"public_board": _("Only a secret poll has a bulletin board.")})
    if award_code:
        from thidua.awards.codes import AWARDS

        if award_code not in AWARDS:
            raise ValidationError({"award_code": _("Unknown award code “%(code)s”.") % {"code": award_code}})
    with transaction.atomic():
        poll = Poll.objects.create(meeting=meeting, title=title.strip(), award_code=award_code, secret=secret,
                                   public_board=public_board, position=meeting.polls.count() + 1)
        Candidate.objects.bulk_create([Candidate(poll=poll, label=c["label"].strip(), person=c.get("person"),
                                                 unit=c.get("unit"), subject=c.get("subject", ""), position=i)
                                       for i, c in enumerate(x for x in candidates if x.get("label", "").strip())])
        record(actor=actor, action="poll.add", obj=poll, summary={"title": poll.title, "nominees": labels,
                                                                  "secret": secret, "award": award_code,
                                                                  "public_board": public_board})
    return poll


def set_public_board(*, actor, poll: Poll, public: bool) -> Poll:
    """The agency's choice to publish a secret poll's bulletin board to everyone (it never names a voter)."""
    require(actor, "councils.run_meeting", poll.meeting.council)
    if not poll.secret:
        raise ValidationError({"public_board": _("Only a secret poll has a bulletin board.")})
    if poll.public_board != public:
        before, poll.public_board = poll.public_board, public
        poll.save(update_fields=["public_board"])
        record(actor=actor, action="poll.public_board", obj=poll, summary={"public_board": [before, public]})
    return poll


def add_poll_from_agenda(*, actor, meeting: Meeting, source: str, key: str) -> Poll:
    """Build an agenda item from a matter awaiting the council (e.g. a round's disclosed nominees for one award)."""
    draft = agenda.draft(meeting.council, source, key)
    return add_poll(actor=actor, meeting=meeting, title=draft.title, award_code=draft.award_code, secret=draft.secret,
                    candidates=draft.candidates)


def add_poll_for_round(*, actor, meeting: Meeting, round_, award_code: str) -> Poll:
    """Shorthand for the agenda the nominations app registers: one round's disclosed nominees for one award."""
    return add_poll_from_agenda(actor=actor, meeting=meeting, source="nominations", key=f"{round_.pk}:{award_code}")


def default_trustees(meeting: Meeting, count: int = 3) -> list[CouncilMember]:
    """The chair and the next present members by rank (three by default): each makes their own key share."""
    order = {MemberRole.CHAIR: 0, MemberRole.VICE_CHAIR: 1, MemberRole.STANDING: 2, MemberRole.MEMBER: 3,
             MemberRole.DELEGATE: 4}
    present = [a.member for a in Attendance.objects.filter(meeting=meeting, present=True,
                                                           member__in=voting_members(meeting))
               .select_related("member__user__person")]
    return sorted(present, key=lambda m: (order.get(m.role, 9), m.pk))[:count]


def open_poll(*, actor, poll: Poll, trustees: list[CouncilMember] | None = None, trustee_count: int = 3,
              trustees_needed: int = 2) -> Poll:
    """Open a poll. A show of hands opens at once; a secret poll first waits for its trustees to make the key
    on their own devices (`submit_trustee`), and opens for voting when the last of them has."""
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
    trustees = list(trustees or default_trustees(meeting, trustee_count)) if poll.secret else []
    if poll.secret:
        present = set(Attendance.objects.filter(meeting=meeting, present=True, member__in=voting_members(meeting))
                      .values_list("member_id", flat=True))
        if any(m.pk not in present for m in trustees) or len({m.pk for m in trustees}) != len(trustees):
            raise ValidationError(_("Trustees must be different voting members present at the meeting."))
        if not 2 <= trustees_needed <= len(trustees) <= ballot.MAX_TRUSTEES:
            raise ValidationError(_("A secret poll needs at least two trustees to count and at least as many "
                                    "trustees present (at most %(max)s).") % {"max": ballot.MAX_TRUSTEES})
    with transaction.atomic():
        poll.threshold = rules["threshold"]
        poll.electorate, poll.eligible_voters = state.members, state.present
        poll.status, poll.opened_at = (PollStatus.KEYS if poll.secret else PollStatus.OPEN), timezone.now()
        poll.trustees_needed = trustees_needed if poll.secret else 0
        poll.save()
        PollTrustee.objects.bulk_create([PollTrustee(poll=poll, member=m, index=i)
                                         for i, m in enumerate(trustees, start=1)])
        record(actor=actor, action="poll.open", obj=poll,
               summary={"title": poll.title, "electorate": poll.electorate, "present": poll.eligible_voters,
                        "threshold": rules["threshold"], "trustees": [m.user.username for m in trustees],
                        "trustees_needed": poll.trustees_needed})
    return poll


def trustee_seat(user, poll: Poll) -> PollTrustee | None:
    if not user.is_authenticated:
        return None
    return poll.trustees.filter(member__user=user).select_related("member").first()


def trustee_step(trustee: PollTrustee) -> str:
    """What the trustee does next: "keys", "shares", "wait", "partial" or "done"."""
    poll = trustee.poll
    if poll.status == PollStatus.KEYS:
        if trustee.keys is None:
            return "keys"
        if trustee.shares is None and not poll.trustees.filter(keys__isnull=True).exists():
            return "shares"
    if poll.status == PollStatus.COUNTING and trustee.partial is None:
        return "partial"
    return "done" if poll.status == PollStatus.CLOSED else "wait"


def board_trustees(poll: Poll) -> list[dict]:
    return [{"index": t.index, "name": t.member.display_name, **(t.keys or {}), "shares": t.shares}
            for t in poll.trustees.select_related("member__user__person")]


def submit_trustee(*, user, poll: Poll, payload) -> str:
    """A trustee publishes what their device computed for the current step (their code never leaves it):
    public keys, then encrypted shares for the others, then — after voting closes — a partial decryption.
    Each part is checked here; the poll opens when every trustee has sent shares and is counted as soon as
    `trustees_needed` partial decryptions have arrived. Returns the step just completed."""
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        trustee = trustee_seat(user, locked)
        if trustee is None:
            raise PermissionDenied(_("Only this poll's trustees take part in its key."))
        step = trustee_step(trustee)
        election = str(locked.election)
        try:
            if step == "keys":
                ballot.check_trustee_keys(election=election, index=trustee.index, k=locked.trustees_needed,
                                          keys=payload)
                trustee.keys = {k: payload[k] for k in ("transport", "commitments", "transport_proof",
                                                        "commitment_proof")}
            elif step == "shares":
                indices = list(locked.trustees.values_list("index", flat=True))
                ballot.check_trustee_shares(index=trustee.index, indices=indices, shares=payload)
                trustee.shares = [{"to": s["to"], "ephemeral": s["ephemeral"], "value": s["value"]} for s in payload]
            elif step == "partial":
                trustees = board_trustees(locked)
                ballot.check_partial(election=election, index=trustee.index,
                                     verification=ballot.verification_key(trustees, trustee.index),
                                     tally=locked.tally_ciphertexts, partial=payload)
                trustee.partial = {"factors": payload["factors"], "proofs": payload["proofs"]}
            else:
                raise ValidationError(_("There is nothing for you to do on this poll now."))
        except (ballot.BallotError, KeyError, TypeError, AttributeError) as exc:
            raise ValidationError(_("Your device's answer does not check out (%(reason)s); nothing was recorded.")
                                  % {"reason": exc}) from exc
        trustee.save(update_fields=[step if step != "partial" else "partial"])
        record(actor=user, action=f"poll.trustee_{step}", obj=locked, summary={"trustee": trustee.index})
        if step == "shares" and not locked.trustees.filter(shares__isnull=True).exists():
            locked.public_key = ballot.hx(ballot.public_key(board_trustees(locked)))
            locked.status = PollStatus.OPEN
            locked.save(update_fields=["public_key", "status"])
            record(actor=user, action="poll.key_ready", obj=locked, summary={"public_key": locked.public_key})
        if step == "partial" and locked.trustees.exclude(partial__isnull=True).count() >= locked.trustees_needed:
            _count(locked, actor=user)
    return step


# A congress's votes arrive all at once: the seat, its attendance and the ballot's size come in one plain
# query (the ORM's query building cost more than the proofs' checking). Same rule as `voting_members`.
_A, _C, _M, _P = (m._meta.db_table for m in (Attendance, Candidate, CouncilMember, Poll))  # table names, no input
_SEAT_SQL = (
    f"SELECT m.id, EXISTS(SELECT 1 FROM {_A} a WHERE a.meeting_id = %s AND a.member_id = m.id AND a.present), "  # noqa: S608
    f"(SELECT COUNT(*) FROM {_C} c WHERE c.poll_id = %s) FROM {_M} m "
    "WHERE m.council_id = %s AND m.user_id = %s AND m.role <> %s AND m.term_start <= %s "
    "AND (m.term_end IS NULL OR m.term_end >= %s) ORDER BY m.id"
)
_STATUS_SQL = f"SELECT status FROM {_P} WHERE id = %s" + (  # noqa: S608
    " FOR UPDATE" if connection.features.has_select_for_update else "")


def _voter_seat(user, poll: Poll) -> tuple[int, int]:
    """`user`'s voting seat at the poll's meeting, checked present, and the number of nominees."""
    row = None
    if user.is_authenticated:
        day = _meeting_day(poll.meeting)
        with connection.cursor() as cursor:
            cursor.execute(_SEAT_SQL, [poll.meeting_id, poll.pk, poll.meeting.council_id, user.pk, MemberRole.SECRETARY,
                                       day, day])
            row = cursor.fetchone()
    if row is None:
        raise PermissionDenied(_("Only the council's voting members may vote."))
    if not row[1]:
        raise ValidationError(_("You are not recorded present at this meeting, so you cannot vote."))
    return row[0], row[2]


def cast_vote(*, user, poll: Poll, content) -> str:
    """Record that `user` voted and, apart, the ballot their device encrypted; return its tracker.
    The server checks the ballot's proofs and stores only ciphertexts; it never sees the choices.
    Only a voting member present at the meeting may vote: that seat is the object-level permission, so the
    API calls this without a separate view check (a congress's votes come all at once: few queries each)."""
    if not poll.secret:
        raise ValidationError(_("This is an open vote; the secretary records the show of hands."))
    if poll.status != PollStatus.OPEN:
        raise ValidationError(_("This poll is not open for voting."))
    seat, nominees = _voter_seat(user, poll)
    try:
        ballot.check_ballot(election=str(poll.election), public=poll.public_key, nominees=nominees, content=content)
    except ballot.BallotError as exc:
        raise ValidationError(_("The ballot is not a valid encrypted ballot for this poll (%(reason)s); "
                                "nothing was recorded.") % {"reason": exc.reason}) from exc
    content = {"answers": content["answers"]}
    tracker = ballot.tracker(content)
    alphas = [ct[0] for answer in content["answers"] for ct in answer["choices"]]
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:  # closing waits for this vote, or this vote sees it closed
                cursor.execute(_STATUS_SQL, [poll.pk])
                if cursor.fetchone()[0] != PollStatus.OPEN:
                    raise ValidationError(_("This poll is not open for voting."))
            Participation.objects.bulk_create([Participation(poll_id=poll.pk, member_id=seat)])
            Ballot.objects.bulk_create([Ballot(poll_id=poll.pk, tracker=tracker, content=content)])
            Ciphertext.objects.bulk_create([Ciphertext(poll_id=poll.pk, alpha=a) for a in alphas])
    except IntegrityError as exc:
        if Participation.objects.filter(poll=poll, member_id=seat).exists():
            raise ValidationError(_("You have already voted in this poll.")) from exc
        raise ValidationError(_("This ballot copies part of a ballot already cast; nothing was recorded.")) from exc
    return tracker


def progress(poll: Poll) -> dict:
    return {"voted": Participation.objects.filter(poll=poll).count(), "eligible": poll.eligible_voters,
            "status": poll.status}


def close_poll(*, actor, poll: Poll) -> Poll:
    """Stop the voting: multiply the ballots into the encrypted tally, rewrite the ballot box in tracker
    order (so neither row order nor transaction ids pair a ballot with a voter) and wait for the trustees."""
    require(actor, "councils.run_meeting", poll.meeting.council)
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.status != PollStatus.OPEN or not locked.secret:
            raise ValidationError(_("Only a secret poll open for voting can be closed."))
        rows = list(Ballot.objects.filter(poll=locked).order_by("tracker").values_list("tracker", "content"))
        if len(rows) != Participation.objects.filter(poll=locked).count():  # both are written in one transaction
            raise ValidationError(_("The ballot box does not match the list of voters; the poll stays open."))
        Ballot.objects.filter(poll=locked).delete()
        Ciphertext.objects.filter(poll=locked).delete()
        Ballot.objects.bulk_create([Ballot(poll=locked, tracker=t, content=c) for t, c in rows], batch_size=500)
        locked.tally_ciphertexts = ballot.homomorphic_tally([c for _t, c in rows], locked.candidates.count())
        locked.status, locked.closed_at = PollStatus.COUNTING, timezone.now()
        locked.save(update_fields=["tally_ciphertexts", "status", "closed_at"])
        record(actor=actor, action="poll.close", obj=locked, summary={"ballots": len(rows)})
    poll.refresh_from_db()
    return poll


def _count(poll: Poll, *, actor) -> None:
    """Combine the trustees' checked partial decryptions into the counts (inside their transaction)."""
    partials = {t.index: t.partial for t in poll.trustees.exclude(partial__isnull=True)}
    counts = ballot.decrypt(tally=poll.tally_ciphertexts, partials=partials, k=poll.trustees_needed,
                            ballots=Ballot.objects.filter(poll=poll).count())
    candidates = list(poll.candidates.all())
    for candidate, row in zip(candidates, counts, strict=True):
        candidate.approve, candidate.disapprove, candidate.abstain = row
    Candidate.objects.bulk_update(candidates, ["approve", "disapprove", "abstain"])
    poll.status = PollStatus.CLOSED
    poll.save(update_fields=["status"])
    record(actor=actor, action="poll.count", obj=poll, summary={"tally": tally(poll), "trustees": sorted(partials)})
    poll_closed.send(sender=Poll, poll=poll)


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


def board(poll: Poll) -> dict | None:
    """The public bulletin board of a counted secret poll (format in docs/ballot-board.md): everything
    needed to recompute the result, and nothing about who voted or when."""
    if poll.status != PollStatus.CLOSED or not poll.secret:
        return None
    ballots = [{"tracker": t, **c} for t, c in Ballot.objects.filter(poll=poll).order_by("tracker")
               .values_list("tracker", "content")]
    candidates = list(poll.candidates.all())
    return {
        "format": ballot.FORMAT, "group": ballot.GROUP,
        "poll": {"id": poll.pk, "election": str(poll.election), "title": poll.title,
                 "council": poll.meeting.council.name, "nominees": [c.label for c in candidates],
                 "choices": list(ballot.CHOICES), "electorate": poll.electorate,
                 "approval_threshold": str(poll.threshold), "voters": Participation.objects.filter(poll=poll).count()},
        "trustees": board_trustees(poll), "trustees_needed": poll.trustees_needed, "public_key": poll.public_key,
        "ballots": ballots, "encrypted_tally": poll.tally_ciphertexts,
        "partial_decryptions": [{"trustee": t.index, **t.partial} for t in poll.trustees.exclude(partial__isnull=True)],
        "result": [{"nominee": r["nominee"], **{c: r[c] for c in ballot.CHOICES}, "needed": r["needed"],
                    "passed": r["passed"]} for r in tally(poll)],
    }
