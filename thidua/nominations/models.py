"""Rounds, nominations and their dossiers, public disclosure, decisions and certificates.

A nomination moves draft → submitted → unit_reviewed → disclosed → council_reviewed → decided, or is
returned (back to the unit, with comments) or rejected; every move is a `Transition` row.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class RoundKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic")
    AD_HOC = "ad_hoc", _("Ad hoc")
    LIFETIME = "lifetime", _("Lifetime contribution")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(TimeStampedModel):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, verbose_name=_("agency"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="rounds",
                             verbose_name=_("units covered"), help_text=_("The round covers this unit's subtree."))
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices, default=RoundKind.REGULAR)
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveIntegerField(_("year of achievement"))
    award_codes = models.JSONField(_("awards covered"), default=list)
    nomination_deadline = models.DateField(_("nominations due"))
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("nominations:round_detail", args=[self.pk])


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNIT_REVIEWED = "unit_reviewed", _("Reviewed by the emulation office")
    DISCLOSED = "disclosed", _("Publicly disclosed")
    COUNCIL_REVIEWED = "council_reviewed", _("Approved by the council")
    FORWARDED = "forwarded", _("Sent to the higher authority")
    DECIDED = "decided", _("Decided")
    RETURNED = "returned", _("Returned for completion")
    REJECTED = "rejected", _("Rejected")


class Nomination(TimeStampedModel):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("round"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="nominations_made",
                             verbose_name=_("proposing unit"))
    person = models.ForeignKey("organization.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="nominations", verbose_name=_("person"))
    collective = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="nominations", verbose_name=_("collective"))
    award_code = models.CharField(_("award"), max_length=32)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    engine_eligible = models.BooleanField(_("eligible by the rules"), null=True)
    engine_reasons = models.JSONField(default=list, blank=True)
    justification = models.TextField(_("justification"), blank=True,
                                     help_text=_("Required when the rules find the nominee not eligible."))
    achievements = models.TextField(_("summary of achievements"), blank=True)
    council_poll = models.ForeignKey("councils.Poll", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="nominations")
    council_passed = models.BooleanField(null=True)
    decision = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    forwarded_to = models.CharField(_("sent to"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    search_text = models.CharField(max_length=512, editable=False, default="", db_index=True)

    class Meta:
        ordering = ["round", "award_code", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False, collective__isnull=True) |
                                   Q(person__isnull=True, collective__isnull=False), name="nomination_one_subject"),
            models.UniqueConstraint(fields=["round", "person", "award_code"], condition=Q(person__isnull=False),
                                    name="one_person_nomination_per_award"),
            models.UniqueConstraint(fields=["round", "collective", "award_code"], condition=Q(collective__isnull=False),
                                    name="one_collective_nomination_per_award"),
        ]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self):
        return f"{self.subject_name} — {self.award_code}"

    def get_absolute_url(self):
        return reverse("nominations:nomination_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.collective.name

    @property
    def flagged(self) -> bool:
        """Nominated although the rules find the nominee not eligible: shown at every level."""
        return self.engine_eligible is False


class Transition(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=State.choices)
    to_state = models.CharField(max_length=16, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class DocumentKind(models.TextChoices):
    SUBMISSION = "submission", _("Submission letter")
    NOMINEE_LIST = "nominee_list", _("List of nominees")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    AD_HOC_REPORT = "ad_hoc_report", _("Brief report of the ad-hoc achievement")
    THEMATIC_REPORT = "thematic_report", _("Report of achievements in the thematic movement")
    SERVICE_REPORT = "service_report", _("Report of the process of contribution")
    MINUTES = "minutes", _("Council minutes")
    BALLOT_RESULT = "ballot_result", _("Secret ballot result")
    SIGNED_SCAN = "signed_scan", _("Signed scan")
    OTHER = "other", _("Other evidence")


# What the unit must file before it submits, by the round's route (Law 06/2022 Art. 84; Decree 98/2023, the
# appendix templates): a regular round the achievement report; an ad-hoc one, under the simplified procedure, a
# submission letter and a brief report of the achievement; a thematic one the report of achievements in the
# movement; a long-service one the report of the process of contribution.
ROUTE_DOSSIERS = {
    RoundKind.REGULAR: (DocumentKind.ACHIEVEMENT_REPORT,),
    RoundKind.AD_HOC: (DocumentKind.SUBMISSION, DocumentKind.AD_HOC_REPORT),
    RoundKind.THEMATIC: (DocumentKind.THEMATIC_REPORT,),
    RoundKind.LIFETIME: (DocumentKind.SERVICE_REPORT,),
}


class Document(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to="dossiers/%Y/")
    name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]


class Disclosure(models.Model):
    """The nominees of a round published for comments before the council meets."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="disclosures")
    starts_on = models.DateField(_("published from"))
    ends_on = models.DateField(_("comments until"))
    allow_anonymous = models.BooleanField(_("anonymous comments allowed"), default=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_on"]


class Comment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="comments")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text=_("Empty for an anonymous comment."))
    text = models.TextField(_("comment or objection"))
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class Decision(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="decisions")
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT)
    number = models.CharField(_("decision number"), max_length=64)
    year = models.PositiveIntegerField(editable=False)
    date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=255)
    signer_title = models.CharField(_("signer's title"), max_length=255)
    authority = models.CharField(_("granting authority"), max_length=255)
    award_code = models.CharField(_("award"), max_length=32)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "number"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "number"], name="decision_number_per_year")]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("nominations:decision_detail", args=[self.pk])


def _verification_code() -> str:
    return secrets.token_hex(6).upper()


class Certificate(models.Model):
    record = models.OneToOneField("awards.AwardRecord", on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(max_length=12, unique=True, default=_verification_code)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)

    def get_verify_url(self):
        return reverse("verify", args=[self.code])


class PackageJob(models.Model):
    """The whole round's documents built in the background into one .zip, with progress the page polls."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="packages")
    progress = models.PositiveSmallIntegerField(default=0)
    done = models.BooleanField(default=False)
    file = models.FileField(upload_to="packages/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class ProposalRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Computing")
    DONE = "done", _("Computed")
    FAILED = "failed", _("Failed")


class ProposalRun(models.Model):
    """The round's candidates evaluated by the engine over its whole population in the background
    (thidua.nominations.proposals). `generation` names the stored rows the page shows; a new computation writes
    the next generation and switches to it only when complete, so the page never shows half a result."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="proposal_run")
    status = models.CharField(max_length=8, choices=ProposalRunStatus.choices, default=ProposalRunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    generation = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)  # when the shown results read the records
    requested_at = models.DateTimeField(null=True, blank=True)
    people = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # the distinct reasons of the stored rows: [text_vi, text_en, reference, needs judgement]; rows name them by index
    reasons = models.JSONField(default=list, blank=True)
    # {award: {unit id: [considered, eligible]}}: the summary of any subtree without reading the rows
    counts = models.JSONField(default=dict, blank=True)


class Proposal(models.Model):
    """One subject's answer for one award of a round, as of the run's computation. Subjects are referenced
    without a database constraint: a person removed later leaves a row the page skips (and the run is stale)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", db_index=False)
    generation = models.PositiveIntegerField()
    award_code = models.CharField(max_length=32)
    person = models.ForeignKey("organization.Person", null=True, on_delete=models.DO_NOTHING, related_name="+",
                               db_constraint=False, db_index=False)
    collective = models.ForeignKey("organization.Unit", null=True, on_delete=models.DO_NOTHING, related_name="+",
                                   db_constraint=False, db_index=False)
    home_unit_id = models.BigIntegerField()  # the person's unit, or the collective itself, when computed
    eligible = models.BooleanField()
    reasons = models.CharField(max_length=255, blank=True)  # "3,7": unmet conditions and judgements (run.reasons)
    sort_key = models.CharField(max_length=255, blank=True)  # the person's sort name or the unit's name, as computed

    class Meta:
        # the page's order (eligible first, then by name) read straight from the index, 50 at a time; the unit and
        # the person ride along so that counts and filters by unit or by name never read the table
        indexes = [models.Index(fields=["round", "generation", "award_code", "-eligible", "sort_key", "home_unit_id",
                                        "person"], name="proposal_page")]
