"""Councils, meetings, attendance, polls, the voter's own vote and tallies. Nothing here reveals a
ballot's voter: a vote is a ballot the client encrypted itself (see docs/ballot-board.md), it returns only
its tracker, and the bulletin board is published only after the count."""

import datetime

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from thidua.core.views import check
from thidua.organization.models import Unit

from . import services
from .models import Council, Meeting, Poll
from .views import visible_councils

router = Router(tags=["councils"])


class CouncilOut(Schema):
    id: int
    unit_id: int
    kind: str
    name: str
    decision_number: str


class CouncilIn(Schema):
    unit_id: int
    kind: str
    name: str = Field(min_length=1, max_length=255)
    decision_number: str = ""


class MemberOut(Schema):
    id: int
    user_id: int
    name: str = Field(alias="display_name")
    role: str
    term_start: datetime.date
    term_end: datetime.date | None


class MemberIn(Schema):
    user_id: int
    role: str = "member"
    term_start: datetime.date
    term_end: datetime.date | None = None


class MeetingOut(Schema):
    id: int
    council_id: int
    title: str
    starts_at: datetime.datetime
    location: str
    status: str


class MeetingIn(Schema):
    title: str = Field(min_length=1, max_length=255)
    starts_at: datetime.datetime
    location: str = ""


class QuorumOut(Schema):
    members: int
    present: int
    required: int
    met: bool


class AttendanceIn(Schema):
    present_member_ids: list[int]


class CandidateIn(Schema):
    label: str = Field(min_length=1, max_length=255)
    person_id: int | None = None


class PollIn(Schema):
    title: str = Field(min_length=1, max_length=255)
    award_code: str = ""
    secret: bool = True
    public_board: bool = Field(False, description="publish the bulletin board to everyone once counted")
    candidates: list[CandidateIn] = Field(min_length=1)


class PollOut(Schema):
    id: int
    meeting_id: int
    title: str
    award_code: str
    secret: bool
    status: str
    electorate: int
    eligible_voters: int
    threshold: float | None
    nominees: list[str]
    election: str
    public_key: str
    trustees_needed: int
    public_board: bool

    @staticmethod
    def resolve_election(obj):
        return str(obj.election)

    @staticmethod
    def resolve_nominees(obj):
        return [c.label for c in obj.candidates.all()]


class VoteIn(Schema):
    ballot: dict = Field(description="the encrypted ballot with its proofs: {\"answers\": [...]}, see docs/ballot-board.md")


class VoteOut(Schema):
    tracker: str


class TrusteeIn(Schema):
    payload: dict | list = Field(description="keys, encrypted shares or partial decryption, per the current step")


class TrusteeOut(Schema):
    step: str


class ProgressOut(Schema):
    voted: int
    eligible: int
    status: str


class TallyRow(Schema):
    nominee: str
    approve: int
    disapprove: int
    abstain: int
    approval_ratio: float
    needed: int
    passed: bool


def _council(request, pk, perm="councils.view_council") -> Council:
    council = get_object_or_404(Council, pk=pk)
    check(request.user, perm, council)
    return council


def _meeting(request, pk, perm="councils.view_council") -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("council"), pk=pk)
    check(request.user, perm, meeting.council)
    return meeting


def _poll(request, pk, perm="councils.view_council") -> Poll:
    poll = get_object_or_404(Poll.objects.select_related("meeting__council"), pk=pk)
    check(request.user, perm, poll.meeting.council)
    return poll


@router.get("/councils", response=list[CouncilOut])
def list_councils(request):
    return list(visible_councils(request.user).order_by("pk"))


@router.post("/councils", response={201: CouncilOut})
def create_council(request, payload: CouncilIn):
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    return 201, services.create_council(actor=request.user, unit=unit, **payload.dict(exclude={"unit_id"}))


@router.get("/councils/{pk}", response=CouncilOut)
def get_council(request, pk: int):
    return _council(request, pk)


@router.get("/councils/{pk}/members", response=list[MemberOut])
def list_members(request, pk: int):
    return list(_council(request, pk).members.select_related("user__person"))


@router.post("/councils/{pk}/members", response={201: MemberOut})
def add_member(request, pk: int, payload: MemberIn):
    council = _council(request, pk, "councils.manage_council")
    user = get_object_or_404(get_user_model(), pk=payload.user_id)
    return 201, services.add_member(actor=request.user, council=council, user=user,
                                    **payload.dict(exclude={"user_id"}))


@router.get("/councils/{pk}/meetings", response=list[MeetingOut])
def list_meetings(request, pk: int):
    return list(_council(request, pk).meetings.all())


@router.post("/councils/{pk}/meetings", response={201: MeetingOut})
def schedule_meeting(request, pk: int, payload: MeetingIn):
    council = _council(request, pk, "councils.run_meeting")
    return 201, services.schedule_meeting(actor=request.user, council=council, **payload.dict())


@router.get("/meetings/{pk}/quorum", response=QuorumOut)
def get_quorum(request, pk: int):
    return services.quorum(_meeting(request, pk))


@router.put("/meetings/{pk}/attendance", response=QuorumOut)
def set_attendance(request, pk: int, payload: AttendanceIn):
    meeting = _meeting(request, pk, "councils.run_meeting")
    return services.record_attendance(actor=request.user, meeting=meeting, present_ids=payload.present_member_ids)


@router.get("/meetings/{pk}/polls", response=list[PollOut])
def list_polls(request, pk: int):
    return list(_meeting(request, pk).polls.prefetch_related("candidates"))


@router.post("/meetings/{pk}/polls", response={201: PollOut})
def add_poll(request, pk: int, payload: PollIn):
    from thidua.organization.models import Person

    meeting = _meeting(request, pk, "councils.run_meeting")
    candidates = [{"label": c.label, "person": get_object_or_404(Person, pk=c.person_id) if c.person_id else None}
                  for c in payload.candidates]
    return 201, services.add_poll(actor=request.user, meeting=meeting, title=payload.title,
                                  award_code=payload.award_code, secret=payload.secret,
                                  public_board=payload.public_board, candidates=candidates)


@router.get("/polls/{pk}", response=PollOut)
def get_poll(request, pk: int):
    return _poll(request, pk)


@router.post("/polls/{pk}/open", response=PollOut)
def open_poll(request, pk: int,
              trustee_count: int = Query(3, ge=2, le=15, description="trustees named among the members present (by rank)"),
              trustees_needed: int = Query(2, ge=2, le=15, description="how many of them are needed to count")):
    """Open the poll (no body). A secret poll then waits for its trustees to publish their keys (`/trustee`)."""
    return services.open_poll(actor=request.user, poll=_poll(request, pk, "councils.run_meeting"),
                              trustee_count=trustee_count, trustees_needed=trustees_needed)


@router.get("/polls/{pk}/trustees")
def get_trustees(request, pk: int):
    """What trustees' devices need: every trustee's public keys and encrypted shares, and the encrypted tally."""
    poll = _poll(request, pk)
    return {"trustees": services.board_trustees(poll), "encrypted_tally": poll.tally_ciphertexts}


@router.post("/polls/{pk}/trustee", response=TrusteeOut)
def trustee(request, pk: int, payload: TrusteeIn):
    """The calling trustee publishes what their device computed for the current step (never their code)."""
    return {"step": services.submit_trustee(user=request.user, poll=_poll(request, pk), payload=payload.payload)}


@router.post("/polls/{pk}/vote", response={201: VoteOut})
def vote(request, pk: int, payload: VoteIn):
    """Cast the caller's own encrypted ballot; the server checks its proofs and answers with its tracker.
    The permission is the caller's voting seat, present at the meeting, which `cast_vote` checks."""
    poll = get_object_or_404(Poll.objects.select_related("meeting"), pk=pk)
    return 201, {"tracker": services.cast_vote(user=request.user, poll=poll, content=payload.ballot)}


@router.get("/polls/{pk}/progress", response=ProgressOut)
def get_progress(request, pk: int):
    return services.progress(_poll(request, pk))


@router.post("/polls/{pk}/close", response=PollOut)
def close_poll(request, pk: int):
    """Close the voting; the trustees then decrypt the totals."""
    return services.close_poll(actor=request.user, poll=_poll(request, pk, "councils.run_meeting"))


@router.get("/polls/{pk}/tally", response=list[TallyRow])
def get_tally(request, pk: int):
    """Empty until the poll is counted: results are sealed."""
    return services.tally(_poll(request, pk))


@router.get("/polls/{pk}/board")
def get_board(request, pk: int):
    """The bulletin board (docs/ballot-board.md); 404 until the poll is counted."""
    data = services.board(_poll(request, pk))
    if data is None:
        raise Http404
    return data
