import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.scope import MANAGERS, units_for
from thidua.core.views import apply_errors, check
from thidua.organization.selectors import units_with_roles

from . import agenda, services
from .forms import CheckInForm, CouncilForm, MeetingForm, MemberForm, PollForm, ballot_form
from .minutes import minutes_docx, minutes_pdf
from .models import Attendance, Ballot, Council, Meeting, Participation, Poll, PollStatus

BALLOT_BYTES_PER_NOMINEE = 2_400  # three ciphertexts with proofs: about 1,250 bytes
TRUSTEE_BYTES_PER_NOMINEE = 3_000  # or a trustee's keys / shares (bounded by MAX_TRUSTEES) when larger


def visible_councils(user):
    qs = Council.objects.select_related("unit")
    allowed = units_for(user)
    if allowed is not None:
        qs = qs.filter(Q(unit_id__in=allowed) | Q(members__user=user)).distinct()
    return qs


@login_required
def council_list(request):
    units = units_with_roles(request.user, MANAGERS)
    form = CouncilForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            council = services.create_council(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The council was created."))
            return redirect(council)
    return render(request, "councils/council_list.html",
                  {"councils": visible_councils(request.user), "form": form, "can_add": units.exists()})


@login_required
def council_detail(request, pk):
    council = get_object_or_404(Council.objects.select_related("unit"), pk=pk)
    check(request.user, "councils.view_council", council)
    member_form = MemberForm(request.POST if "add_member" in request.POST else None)
    meeting_form = MeetingForm(request.POST if "schedule" in request.POST else None)
    if request.method == "POST":
        try:
            if member_form.is_bound and member_form.is_valid():
                data = member_form.cleaned_data
                services.add_member(actor=request.user, council=council, user=data["username"], role=data["role"],
                                    term_start=data["term_start"], term_end=data["term_end"])
                messages.success(request, _("The member was added."))
                return redirect(council)
            if meeting_form.is_bound and meeting_form.is_valid():
                meeting = services.schedule_meeting(actor=request.user, council=council, **meeting_form.cleaned_data)
                messages.success(request, _("The meeting was scheduled."))
                return redirect(meeting)
        except ValidationError as exc:
            apply_errors(member_form if member_form.is_bound else meeting_form, exc)
    context = {"council": council,
               "members": council.members.select_related("user__person").order_by("term_end", "role", "pk"),
               "meetings": council.meetings.all(), "member_form": member_form, "meeting_form": meeting_form,
               "can_manage": request.user.has_perm("councils.manage_council", council),
               "can_run": request.user.has_perm("councils.run_meeting", council)}
    return render(request, "councils/council_detail.html", context, status=400 if request.method == "POST" else 200)


def _meeting(request, pk, perm="councils.view_council"):
    meeting = get_object_or_404(Meeting.objects.select_related("council__unit"), pk=pk)
    check(request.user, perm, meeting.council)
    return meeting


@login_required
def meeting_detail(request, pk, poll_form=None):
    meeting = _meeting(request, pk)
    members = meeting.council.members_on(timezone.localtime(meeting.starts_at).date()).select_related("user__person")
    present = set(Attendance.objects.filter(meeting=meeting, present=True).values_list("member_id", flat=True))
    awaiting = agenda.awaiting(meeting.council)
    context = {"meeting": meeting, "members": members, "present": present, "quorum": services.quorum(meeting),
               "awaiting": awaiting,
               "polls": meeting.polls.prefetch_related("candidates"),
               "can_run": request.user.has_perm("councils.run_meeting", meeting.council),
               "poll_form": poll_form or PollForm(initial={"secret": True})}
    return render(request, "councils/meeting_detail.html", context, status=400 if poll_form else 200)


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting(request, pk, "councils.run_meeting")
    try:
        result = services.record_attendance(actor=request.user, meeting=meeting,
                                            present_ids=request.POST.getlist("present"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance saved: %(present)s of %(members)s present.")
                         % {"present": result.present, "members": result.members})
    return redirect(meeting)


@login_required
@require_POST
def meeting_add_poll(request, pk):
    meeting = _meeting(request, pk, "councils.run_meeting")
    form = PollForm(request.POST)
    if form.is_valid():
        try:
            poll = services.add_poll(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(poll)
    return meeting_detail(request, pk, poll_form=form)


@login_required
@require_POST
def meeting_add_dossiers(request, pk):
    """An agenda item built from the dossiers awaiting the council: one round's disclosed nominees for one award."""
    meeting = _meeting(request, pk, "councils.run_meeting")
    source, _sep, key = request.POST.get("dossiers", "").partition(":")
    try:
        poll = services.add_poll_from_agenda(actor=request.user, meeting=meeting, source=source, key=key)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(meeting)
    return redirect(poll)


@login_required
@require_POST
def meeting_end(request, pk):
    meeting = _meeting(request, pk, "councils.run_meeting")
    try:
        services.end_meeting(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(meeting)


@login_required
def meeting_checkin(request, pk):
    meeting = _meeting(request, pk, "councils.run_meeting")
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.check_in(meeting=meeting, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": member.display_name})
            return redirect("councils:meeting_checkin", pk=meeting.pk)
    state = services.quorum(meeting)
    return render(request, "councils/checkin.html", {"meeting": meeting, "form": form, "quorum": state})


@login_required
def meeting_minutes(request, pk, fmt="docx"):
    meeting = _meeting(request, pk)
    return minutes_pdf(meeting) if fmt == "pdf" else minutes_docx(meeting)


# Polls ---------------------------------------------------------------------------------------------


def _poll(request, pk, perm="councils.view_council"):
    poll = get_object_or_404(Poll.objects.select_related("meeting__council"), pk=pk)
    check(request.user, perm, poll.meeting.council)
    return poll


def _seat(user, poll):
    return services.voting_members(poll.meeting).filter(user=user).first()


@login_required
def poll_detail(request, pk, status=200):
    poll = _poll(request, pk)
    candidates = list(poll.candidates.all())
    seat = _seat(request.user, poll)
    present = seat is not None and Attendance.objects.filter(meeting=poll.meeting, member=seat, present=True).exists()
    voted = seat is not None and Participation.objects.filter(poll=poll, member=seat).exists()
    trustee = services.trustee_seat(request.user, poll)
    step = services.trustee_step(trustee) if trustee else None
    sought = request.GET.get("tracker", "").strip()[:64]
    context = {"poll": poll, "candidates": candidates, "progress": services.progress(poll),
               "can_vote": poll.secret and poll.status == PollStatus.OPEN and present and not voted,
               "voted": voted, "seat": seat, "ballot": ballot_form(candidates),
               "can_run": request.user.has_perm("councils.run_meeting", poll.meeting.council),
               "tally": services.tally(poll), "quorum": services.quorum(poll.meeting),
               "trustee": trustee, "step": step, "trustees": poll.trustees.select_related("member__user__person"),
               "sought": sought,
               "found": sought and Ballot.objects.filter(poll=poll, tracker=sought).exists(),
               "ballots": Ballot.objects.filter(poll=poll).count() if poll.status == PollStatus.CLOSED else 0}
    if step == "shares":
        context["transports"] = {t["index"]: t["transport"] for t in services.board_trustees(poll)}
    elif step == "partial":
        context["trustee_board"] = services.board_trustees(poll)
    response = render(request, "councils/poll_detail.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def poll_open(request, pk):
    poll = _poll(request, pk, "councils.run_meeting")
    try:
        count, needed = (int(request.POST.get(k) or d) for k, d in (("trustee_count", 3), ("trustees_needed", 2)))
        services.open_poll(actor=request.user, poll=poll, trustee_count=count, trustees_needed=needed)
    except ValueError:
        messages.error(request, _("Enter whole numbers."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if poll.secret:
            messages.success(request, _("The trustees can now make the key on their own devices, from this page. "
                                        "Voting opens when all of them have."))
    return redirect(poll)


def _json_field(request, name: str, limit: int):
    text = request.POST.get(name, "")
    if not text or len(text) > limit:
        raise ValidationError(_("Nothing valid was received from your browser; nothing was recorded."))
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValidationError(_("Nothing valid was received from your browser; nothing was recorded.")) from exc


@login_required
@require_POST
def poll_vote(request, pk):
    """The browser sends the encrypted ballot with its proofs; the server never sees the choices."""
    poll = _poll(request, pk)
    try:
        content = _json_field(request, "ballot", BALLOT_BYTES_PER_NOMINEE * max(1, poll.candidates.count()))
        tracker = services.cast_vote(user=request.user, poll=poll, content=content)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(poll)
    response = render(request, "councils/poll_receipt.html", {"poll": poll, "tracker": tracker})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def poll_trustee(request, pk):
    """A trustee's device sends its public keys, encrypted shares or partial decryption (never the code)."""
    poll = _poll(request, pk)
    try:
        payload = _json_field(request, "payload", TRUSTEE_BYTES_PER_NOMINEE * max(1, poll.candidates.count()))
        step = services.submit_trustee(user=request.user, poll=poll, payload=payload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, {"keys": _("Your public keys are published."),
                                   "shares": _("Your encrypted shares are sent to the other trustees."),
                                   "partial": _("Your share of the count is recorded.")}[step])
    return redirect(poll)


@login_required
@require_POST
def poll_close(request, pk):
    poll = _poll(request, pk, "councils.run_meeting")
    try:
        services.close_poll(actor=request.user, poll=poll)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Voting is closed. The trustees now count from this page."))
    return redirect(poll)


@login_required
@require_POST
def poll_publicity(request, pk):
    """The agency's choice: publish the secret poll's bulletin board to everyone, or to council members only."""
    poll = _poll(request, pk, "councils.run_meeting")
    try:
        services.set_public_board(actor=request.user, poll=poll, public=request.POST.get("public_board") == "on")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The bulletin board will be published to everyone.") if poll.public_board
                         else _("The bulletin board will be shown to the council's members only."))
    return redirect(poll)


def poll_board(request, pk):
    """The bulletin board as JSON: to council members, or to everyone where the agency publishes it."""
    poll = get_object_or_404(Poll.objects.select_related("meeting__council"), pk=pk)
    if not poll.public_board:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check(request.user, "councils.view_council", poll.meeting.council)
    data = services.board(poll)
    if data is None:
        raise Http404
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-ballot-board.json"'
    return response


@login_required
@require_POST
def poll_hands(request, pk):
    poll = _poll(request, pk, "councils.run_meeting")
    counts = [{k: request.POST.get(f"{k}_{c.pk}") for k in ("approve", "disapprove", "abstain")}
              for c in poll.candidates.all()]
    try:
        services.record_show_of_hands(actor=request.user, poll=poll, counts=counts)
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [_("Enter whole numbers.")])))
    return redirect(poll)


@login_required
def poll_progress(request, pk):
    poll = _poll(request, pk)
    return render(request, "councils/_progress.html", {"poll": poll, "progress": services.progress(poll),
                                                       "tally": services.tally(poll)})


@login_required
def poll_screen(request, pk):
    poll = _poll(request, pk)
    if not (request.user.has_perm("councils.run_meeting", poll.meeting.council) or _seat(request.user, poll)):
        raise PermissionDenied
    return render(request, "councils/poll_screen.html", {"poll": poll, "progress": services.progress(poll),
                                                         "tally": services.tally(poll)})
