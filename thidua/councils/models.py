"""Councils, their members and meetings, and polls with secret ballots.

Secrecy by construction: `Participation` says who voted in a poll, `Ballot` holds what was voted, and
nothing links them — a ballot has a random key, no voter, no time, and is rewritten in tracker order when
voting closes; its content is an ElGamal encryption made in the voter's browser under a key that the
trustees generated on their own devices and that no one holds whole (see `ballot.py`).
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class CouncilKind(models.TextChoices):
    EMULATION = "emulation", _("Emulation and Commendation Council")
    INITIATIVES = "initiatives", _("Initiatives Council")
    CONGRESS = "congress", _("Emulation congress")


class Council(TimeStampedModel):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, verbose_name=_("agency"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="councils",
                             verbose_name=_("serves unit"), help_text=_("The council serves this unit and its subtree."))
    kind = models.CharField(_("kind"), max_length=16, choices=CouncilKind.choices)
    name = models.CharField(_("name"), max_length=255)
    decision_number = models.CharField(_("establishing decision"), max_length=64, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("councils:council_detail", args=[self.pk])

    def members_on(self, day):
        return self.members.filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=day), term_start__lte=day)

    def voting_members_on(self, day):
        return self.members_on(day).exclude(role=MemberRole.SECRETARY)


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    STANDING = "standing", _("Standing member")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    DELEGATE = "delegate", _("Delegate")


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term to"), null=True, blank=True)
    checkin_code = models.CharField(_("check-in code"), max_length=12, blank=True, db_index=True,
                                    help_text=_("Congress delegates check in with this code."))

    class Meta:
        ordering = ["council", "role", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["council", "user", "term_start"], name="unique_council_seat")]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self):
        return f"{self.display_name} · {self.get_role_display()}"

    @property
    def display_name(self) -> str:
        person = getattr(self.user, "person", None)
        return person.full_name if person else (self.user.get_full_name() or self.user.username)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    IN_SESSION = "in_session", _("In session")
    ENDED = "ended", _("Ended")


class Meeting(TimeStampedModel):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("council"))
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("councils:meeting_detail", args=[self.pk])


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="unique_attendance")]


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Not opened")
    KEYS = "keys", _("Trustees preparing the key")
    OPEN = "open", _("Open")
    COUNTING = "counting", _("Awaiting the trustees' count")
    CLOSED = "closed", _("Closed")


class Poll(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="polls", verbose_name=_("meeting"))
    title = models.CharField(_("agenda item"), max_length=255)
    award_code = models.CharField(_("award"), max_length=32, blank=True,
                                  help_text=_("Sets the approval threshold from the law."))
    secret = models.BooleanField(_("secret ballot"), default=True)
    status = models.CharField(_("status"), max_length=8, choices=PollStatus.choices, default=PollStatus.DRAFT)
    threshold = models.DecimalField(_("threshold"), max_digits=5, decimal_places=4, null=True, blank=True)
    electorate = models.PositiveIntegerField(_("members counted"), default=0,
                                             help_text=_("Voting members of the council when the poll opened."))
    eligible_voters = models.PositiveIntegerField(default=0)
    election = models.UUIDField(default=uuid.uuid4, editable=False)
    trustees_needed = models.PositiveSmallIntegerField(_("trustees needed to count"), default=2)
    public_board = models.BooleanField(_("publish the bulletin board to everyone"), default=False)
    public_key = models.CharField(max_length=64, blank=True)
    tally_ciphertexts = models.JSONField(default=list, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("councils:poll_detail", args=[self.pk])


class Candidate(models.Model):
    """One line of the ballot: a nominee (person or collective) approved, disapproved or abstained on."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    label = models.CharField(_("nominee"), max_length=255)
    person = models.ForeignKey("organization.Person", null=True, blank=True, on_delete=models.PROTECT)
    unit = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT)
    # What the nominee stands for in the app that put it on the agenda (e.g. "nomination:42"); opaque to councils.
    subject = models.CharField(_("subject"), max_length=64, blank=True, db_index=True)
    position = models.PositiveIntegerField(default=0)
    approve = models.PositiveIntegerField(null=True, blank=True)
    disapprove = models.PositiveIntegerField(null=True, blank=True)
    abstain = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["poll", "position", "pk"]

    def __str__(self):
        return self.label


class Participation(models.Model):
    """Who voted in which poll — and nothing about what."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="participations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="one_vote_per_member")]


def _receipt() -> str:  # referenced by migration 0001 (ballots had random receipts before trackers)
    return secrets.token_hex(5).upper()


class PollTrustee(models.Model):
    """A trustee of a secret poll and what they published: public keys, encrypted shares, partial decryption.
    Their secret code stays on their device; nothing here, alone or with any other row, decrypts a ballot."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="trustees")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="trusteeships")
    index = models.PositiveSmallIntegerField()
    keys = models.JSONField(null=True, blank=True)
    shares = models.JSONField(null=True, blank=True)
    partial = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["poll", "index"]
        constraints = [models.UniqueConstraint(fields=["poll", "index"], name="unique_trustee_index"),
                       models.UniqueConstraint(fields=["poll", "member"], name="unique_trustee_member")]


class Ballot(models.Model):
    """What was voted — encrypted in the voter's browser, with a random key and nothing about who or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    tracker = models.CharField(max_length=43)
    content = models.JSONField()

    class Meta:
        ordering = ["tracker"]  # never insertion order
        constraints = [models.UniqueConstraint(fields=["poll", "tracker"], name="unique_ballot_tracker")]


class Ciphertext(models.Model):
    """While a poll is open, the first half of every ciphertext cast, so that no ballot can copy another's
    (a replayed ciphertext would reveal the copied vote). Emptied when voting closes."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    alpha = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "alpha"], name="unique_ciphertext")]
