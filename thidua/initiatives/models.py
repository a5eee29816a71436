"""Initiatives (sáng kiến) and research projects: authors, reviews and recognitions by scope.

The eligibility engine reads, per person and year, the widest scope recognised and how many initiatives
were recognised (`thidua.rules.bridge`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.core.text import fold


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    RESEARCH = "research", _("Research project")


class Field(models.TextChoices):
    MANAGEMENT = "management", _("Management and administration")
    TECHNICAL = "technical", _("Technology and engineering")
    DIGITAL = "digital", _("Digital transformation")
    PROFESSIONAL = "professional", _("Professional work")
    LEGISLATIVE = "legislative", _("Legislative and oversight work")
    OTHER = "other", _("Other")


class Scope(models.IntegerChoices):
    """Scope of effect; the values are the engine's `initiative_scope` codes (wider is larger)."""

    CO_SO = 1, _("Unit (cơ sở)")
    BO = 2, _("Ministry, sector or province")
    TOAN_QUOC = 3, _("National")

    @property
    def code(self) -> str:
        return {1: "co_so", 2: "bo", 3: "toan_quoc"}[self.value]


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


class Initiative(TimeStampedModel):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, verbose_name=_("agency"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="initiatives",
                             verbose_name=_("registering unit"))
    kind = models.CharField(_("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE)
    title = models.CharField(_("title"), max_length=500)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices, default=Field.PROFESSIONAL)
    problem = models.TextField(_("problem addressed"))
    solution = models.TextField(_("solution"))
    first_applied_on = models.DateField(_("first applied on"))
    applied_units = models.ManyToManyField("organization.Unit", blank=True, related_name="applied_initiatives",
                                           verbose_name=_("units where applied"))
    benefits = models.TextField(_("benefits"), blank=True)
    money_saved_vnd = models.BigIntegerField(_("money saved (VND per year)"), null=True, blank=True)
    hours_saved = models.PositiveIntegerField(_("working hours saved per year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    scope = models.PositiveSmallIntegerField(_("widest scope recognised"), choices=Scope.choices, null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-first_applied_on", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])

    def refresh_search_text(self, author_names=()):
        self.search_text = fold(" ".join([self.title, *author_names]))


class Author(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey("organization.Person", on_delete=models.PROTECT, related_name="authorships",
                               verbose_name=_("author"))
    share = models.DecimalField(_("contribution (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-share", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "person"], name="unique_author"),
            models.CheckConstraint(condition=models.Q(share__gt=0, share__lte=100), name="author_share_range"),
        ]
        verbose_name = _("author")
        verbose_name_plural = _("authors")


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="initiatives/%Y/")
    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Recommendation(models.TextChoices):
    RECOGNISE = "recognise", _("Recognise")
    REVISE = "revise", _("Revise and resubmit")
    REJECT = "reject", _("Do not recognise")


SCORE_MAX = 10


class Review(models.Model):
    """One initiatives-council member's scores on the published criteria."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey("councils.CouncilMember", on_delete=models.PROTECT, related_name="reviews",
                                 verbose_name=_("reviewer"))
    novelty = models.PositiveSmallIntegerField(_("novelty"))
    applicability = models.PositiveSmallIntegerField(_("applicability"))
    effectiveness = models.PositiveSmallIntegerField(_("effectiveness"))
    recommendation = models.CharField(_("recommendation"), max_length=12, choices=Recommendation.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["initiative", "reviewer"], name="one_review_per_reviewer")]

    @property
    def total(self) -> int:
        return self.novelty + self.applicability + self.effectiveness


class Recognition(models.Model):
    """A decision recognising the initiative at a scope; a wider scope later is a new decision."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="recognitions")
    scope = models.PositiveSmallIntegerField(_("scope of effect"), choices=Scope.choices)
    authority = models.CharField(_("recognising authority"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"), db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["decision_date", "scope"]
        constraints = [models.UniqueConstraint(fields=["initiative", "scope"], name="one_recognition_per_scope")]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
