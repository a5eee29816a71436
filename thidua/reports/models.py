"""Mid-year (sơ kết) and year-end (tổng kết) reviews: the figures are computed when the pack is built;
what the review body writes — limitations and next steps — is stored here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class ReviewKind(models.TextChoices):
    MID = "mid", _("Mid-year review")
    FINAL = "final", _("Year-end review")


class Review(TimeStampedModel):
    kind = models.CharField(_("review"), max_length=5, choices=ReviewKind.choices)
    year = models.PositiveIntegerField(_("year"))
    unit = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="reviews", verbose_name=_("unit"))
    movement = models.ForeignKey("movements.Movement", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reviews", verbose_name=_("movement"))
    block = models.ForeignKey("organization.EmulationBlock", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="reviews", verbose_name=_("emulation block"))
    achievements = models.TextField(_("main results"), blank=True)
    limitations = models.TextField(_("limitations and causes"), blank=True)
    next_steps = models.TextField(_("tasks and solutions for the next period"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [
            models.CheckConstraint(name="review_one_subject", condition=(
                Q(unit__isnull=False, movement__isnull=True, block__isnull=True)
                | Q(unit__isnull=True, movement__isnull=False, block__isnull=True)
                | Q(unit__isnull=True, movement__isnull=True, block__isnull=False))),
            models.UniqueConstraint(fields=["kind", "year", "unit"], condition=Q(unit__isnull=False),
                                    name="one_unit_review"),
            models.UniqueConstraint(fields=["kind", "year", "movement"], condition=Q(movement__isnull=False),
                                    name="one_movement_review"),
            models.UniqueConstraint(fields=["kind", "year", "block"], condition=Q(block__isnull=False),
                                    name="one_block_review"),
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    @property
    def subject(self):
        return self.unit or self.movement or self.block

    def get_absolute_url(self):
        return reverse("reports:review", args=[self.subject_kind, self.subject.pk, self.year, self.kind])

    @property
    def subject_kind(self) -> str:
        return "unit" if self.unit_id else "movement" if self.movement_id else "block"


class AwardFigure(models.Model):
    """Award records counted by year, award, unit (a person's current unit or the collective itself) and gender
    ("" for collectives), revoked awards left out: the dashboard reads these few rows instead of grouping every
    record. `figures.py` keeps them equal to the records on every save and rebuilds them after bulk imports."""

    year = models.PositiveIntegerField()
    award_code = models.CharField(max_length=32)
    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(max_length=8, blank=True)
    count = models.PositiveIntegerField(default=0)
    bonus_vnd = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "award_code", "unit", "gender"],
                                               name="one_award_figure")]
        indexes = [models.Index(fields=["year"])]


class Education(models.TextChoices):
    """The training levels of form 0605.N (Circular 02/2023/TT-BNV), rows 08–12."""

    ELEMENTARY = "elementary", _("Elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    COLLEGE = "college", _("College (cao đẳng)")
    UNIVERSITY = "university", _("University")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class OfficerProfile(TimeStampedModel):
    """What form 0605 asks about an emulation officer that the personnel record does not hold: the training level
    and since when the person has worked in emulation and commendation (for the seniority rows)."""

    person = models.OneToOneField("organization.Person", on_delete=models.CASCADE, related_name="officer_profile",
                                  verbose_name=_("person"))
    education = models.CharField(_("training level"), max_length=12, choices=Education.choices, blank=True)
    emulation_work_since = models.DateField(_("working in emulation and commendation since"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("emulation officer's profile")
        verbose_name_plural = _("emulation officers' profiles")
