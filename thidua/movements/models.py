"""Emulation movements: a criteria rubric, pledges, evidence, scores (self, final, cross) and rankings.

Scores are kept per criterion; totals and rankings are computed (`scoring.py`) and, once published, frozen
as `Result` rows. A published score changes only through a `Correction` with a reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class Rubric(TimeStampedModel):
    agency = models.ForeignKey("organization.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               verbose_name=_("owner agency"))
    name = models.CharField(_("name"), max_length=255)
    version = models.PositiveIntegerField(_("version"), default=1)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies",
                                 verbose_name=_("copied from"))
    bonus_cap = models.DecimalField(_("cap on bonus points"), max_digits=7, decimal_places=2, null=True, blank=True)
    frozen = models.BooleanField(_("frozen"), default=False, help_text=_("A rubric in use cannot be edited."))

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("criteria rubric")
        verbose_name_plural = _("criteria rubrics")

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self):
        return reverse("movements:rubric_detail", args=[self.pk])


class CriterionGroup(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("group"), max_length=255)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Measure(models.TextChoices):
    NUMBER = "number", _("Number")
    YES_NO = "yes_no", _("Yes / no")
    PERCENTAGE = "percentage", _("Percentage")
    LEVEL = "level", _("Level")


class CriterionKind(models.TextChoices):
    REGULAR = "regular", _("Criterion")
    BONUS = "bonus", _("Bonus points")
    PENALTY = "penalty", _("Penalty points")


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("criterion"), max_length=500)
    kind = models.CharField(_("kind"), max_length=8, choices=CriterionKind.choices, default=CriterionKind.REGULAR)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    measure = models.CharField(_("measured as"), max_length=12, choices=Measure.choices, default=Measure.NUMBER)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    evidence_note = models.CharField(_("evidence expected"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["group__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="unique_criterion_code"),
            models.CheckConstraint(condition=Q(max_score__gt=0) & Q(weight__gt=0), name="criterion_positive"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic")


class TieBreak(models.TextChoices):
    GROUP_ORDER = "group_order", _("Higher score in the first criterion group, then the next")
    FEWER_PENALTIES = "fewer_penalties", _("Fewer penalty points")
    EARLIER_PLEDGE = "earlier_pledge", _("Earlier pledge")


class Movement(TimeStampedModel):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, verbose_name=_("agency"))
    unit = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="movements", verbose_name=_("unit subtree"))
    block = models.ForeignKey("organization.EmulationBlock", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="movements", verbose_name=_("emulation block"))
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices, default=MovementKind.REGULAR)
    title = models.CharField(_("name"), max_length=255)
    slogan = models.CharField(_("slogan"), max_length=255, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    year = models.PositiveIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    registration_until = models.DateField(_("pledges until"))
    reporting_until = models.DateField(_("reporting until"))
    scoring_from = models.DateField(_("scoring from"))
    scoring_until = models.DateField(_("scoring until"))
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="movements", verbose_name=_("rubric"))
    tie_break = models.CharField(_("tie-break rule"), max_length=16, choices=TieBreak.choices,
                                 default=TieBreak.GROUP_ORDER)
    joint_pledge = models.TextField(_("joint pledge text"), blank=True)
    person_pledges = models.BooleanField(_("each person pledges too"), default=False)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_movements",
                               verbose_name=_("part of the multi-year movement"))
    decision_number = models.CharField(_("launching decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("launching decision date"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "title"]
        constraints = [models.CheckConstraint(condition=Q(unit__isnull=False) | Q(block__isnull=False),
                                              name="movement_has_scope")]
        verbose_name = _("movement")
        verbose_name_plural = _("movements")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("movements:movement_detail", args=[self.pk])

    @property
    def cross_scored(self) -> bool:
        return self.block_id is not None


class Participant(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="participations")

    class Meta:
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["movement", "unit"], name="unique_participant")]


class PledgeStatus(models.TextChoices):
    SIGNED = "signed", _("Signed, not yet self-assessed")
    SELF_ASSESSED = "self_assessed", _("Self-assessed, awaiting review")
    APPROVED = "approved", _("Reviewed and confirmed")
    RETURNED = "returned", _("Returned for completion")


class Pledge(models.Model):
    """A unit's targets per criterion, signed off by its leader; a person's own pledge where the movement
    asks for them (`person`); `joint` marks a block member's signature of the joint pledge (giao ước).
    A person's pledge is then self-assessed by its owner (`PledgeAssessment`, `PledgeEvidence`) and reviewed
    by the unit's leader or emulation officer (`status`, `review_note`)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="pledges")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="pledges")
    person = models.ForeignKey("organization.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="pledges")
    targets = models.JSONField(_("targets"), default=dict)
    joint = models.BooleanField(default=False)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=14, choices=PledgeStatus.choices, default=PledgeStatus.SIGNED)
    review_note = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "joint"], condition=Q(person__isnull=True),
                                    name="one_pledge_per_unit"),
            models.UniqueConstraint(fields=["movement", "person"], condition=Q(person__isnull=False),
                                    name="one_pledge_per_person"),
        ]


class Evidence(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="evidence")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="evidence")
    reported_value = models.CharField(_("result achieved"), max_length=255, blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(upload_to="evidence/%Y/", blank=True)
    note = models.TextField(_("note"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion", "uploaded_at"]


class PledgeAssessment(models.Model):
    """The owner's self-assessment of a personal pledge on one criterion: the result achieved and a score."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result achieved"), max_length=500, blank=True)
    value = models.DecimalField(_("self-score"), max_digits=7, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion"]
        constraints = [models.UniqueConstraint(fields=["pledge", "criterion"], name="one_assessment_per_criterion")]


class PledgeEvidence(models.Model):
    """A file or link the owner of a personal pledge attaches as evidence for one criterion."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(upload_to="pledge-evidence/%Y/", blank=True)
    name = models.CharField(_("file name"), max_length=255, blank=True,
                            help_text=_("As uploaded (storage may rename the file to keep names unique)."))
    note = models.CharField(_("note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion", "uploaded_at"]

    @property
    def filename(self) -> str:
        return self.name or (self.file.name.rsplit("/", 1)[-1] if self.file else "")


class ScoreKind(models.TextChoices):
    SELF = "self", _("Self-score")
    FINAL = "final", _("Final score")
    CROSS = "cross", _("Cross-score")


class Score(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    kind = models.CharField(max_length=6, choices=ScoreKind.choices)
    scorer = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text=_("The scoring member of a block (cross-scores only)."))
    value = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "criterion", "kind"], condition=Q(scorer__isnull=True),
                                    name="one_score_per_kind"),
            models.UniqueConstraint(fields=["movement", "unit", "criterion", "scorer"], condition=Q(kind="cross"),
                                    name="one_cross_score_per_scorer"),
            models.CheckConstraint(condition=~Q(kind="cross") | ~Q(scorer=models.F("unit")), name="no_self_cross_score"),
        ]


class Correction(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="corrections")
    old_value = models.DecimalField(max_digits=7, decimal_places=2)
    new_value = models.DecimalField(max_digits=7, decimal_places=2)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)


class Result(models.Model):
    """The published ranking, frozen at publication (re-written only by a correction)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(max_digits=9, decimal_places=2)
    rank = models.PositiveIntegerField()
    groups = models.JSONField(default=dict)

    class Meta:
        ordering = ["rank", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["movement", "unit"], name="one_result_per_unit")]


class FlagProposal(models.Model):
    """The block leader proposes top units for the block's Emulation Flag and certificates."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="proposals")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+")
    award_code = models.CharField(_("award"), max_length=32)
    reason = models.TextField(_("reason for the proposal"), default="")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)


class PhaseKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly phase")
    MID_TERM = "mid_term", _("Mid-term phase")
    FINAL = "final", _("Final phase")


class MovementPhase(models.Model):
    """A phase of a multi-year movement (giai đoạn): a year, the mid-term review or the final review."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("phase"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=PhaseKind.choices, default=PhaseKind.YEARLY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="phase_ends_after_start")]

    def __str__(self):
        return self.name


class WorkPlan(TimeStampedModel):
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="work_plans")
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_work_plan_per_year")]


class IndicatorMeasure(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    DATE = "date", _("Done by a date")
    YES_NO = "yes_no", _("Yes / no")


class WorkPlanTarget(models.Model):
    """An emulation target stated in a unit's work plan, optionally tied to a movement's criterion, and
    measurable by an indicator: a number or percentage from a baseline to a goal, a date, or yes/no."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="targets")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="plan_targets")
    target = models.CharField(_("target"), max_length=255)
    measure = models.CharField(_("indicator measured as"), max_length=10, choices=IndicatorMeasure.choices,
                               blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    goal = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.target


class TargetCheckpoint(models.Model):
    """The value a target should have reached by a date (for dates and yes/no: done by then)."""

    target = models.ForeignKey(WorkPlanTarget, on_delete=models.CASCADE, related_name="checkpoints")
    on = models.DateField(_("checkpoint"))
    expected = models.DecimalField(_("expected value"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["on"]
        constraints = [models.UniqueConstraint(fields=["target", "on"], name="one_checkpoint_per_day")]


class TargetProgress(models.Model):
    """Progress reported on a target with its evidence: a value (yes/no as 1/0) or the day it was done."""

    target = models.ForeignKey(WorkPlanTarget, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField(_("as of"))
    value = models.DecimalField(_("value reached"), max_digits=14, decimal_places=2, null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(upload_to="progress/%Y/", blank=True)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
