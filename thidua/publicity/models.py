"""Exemplary models (điển hình tiên tiến): the registry, their stories and photos, replication by other
units, the agency's showcase (reactions, comments, weekly digests) and the congress that honours them.

A model moves proposed → recognised → replicated → honoured (or proposed → declined); each step is a
service in `services.py`. Stories are stored sanitised (`richtext.clean`) and rendered without inline
styles or scripts.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.core.text import fold


class ModelKind(models.TextChoices):
    PERSON = "person", _("Person")
    COLLECTIVE = "collective", _("Collective")
    INITIATIVE = "initiative", _("Initiative")
    PRACTICE = "practice", _("Way of working")


class ModelStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    RECOGNISED = "recognised", _("Recognised")
    REPLICATED = "replicated", _("Replicated")
    HONOURED = "honoured", _("Honoured at a congress")
    DECLINED = "declined", _("Declined")


class ModelSource(models.TextChoices):
    DISCOVERED = "discovered", _("Found in the record")
    NOMINATED = "nominated", _("Nominated by a unit")


class ExemplaryModel(TimeStampedModel):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, verbose_name=_("agency"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="exemplary_models",
                             verbose_name=_("unit"), help_text=_("The unit the model comes from."))
    kind = models.CharField(_("kind"), max_length=12, choices=ModelKind.choices)
    title = models.CharField(_("title"), max_length=255)
    person = models.ForeignKey("organization.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="exemplary_models", verbose_name=_("person"))
    collective = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="exemplary_collective_models", verbose_name=_("collective"))
    initiative = models.ForeignKey("initiatives.Initiative", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="exemplary_models", verbose_name=_("initiative"))
    movement = models.ForeignKey("movements.Movement", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="exemplary_models", verbose_name=_("movement it came from"))
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=12, choices=ModelSource.choices)
    reason = models.TextField(_("reason for the proposal"))
    discovery_key = models.CharField(max_length=120, blank=True, editable=False)
    citation = models.CharField(_("citation"), max_length=500, blank=True,
                                help_text=_("One or two sentences on the achievement, read out and printed."))
    story = models.TextField(_("story"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ModelStatus.choices, default=ModelStatus.PROPOSED)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recognised_at = models.DateTimeField(_("recognised at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    search_text = models.CharField(max_length=512, editable=False, default="")

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "discovery_key"], condition=~Q(discovery_key=""),
                                    name="one_model_per_discovery"),
            models.CheckConstraint(name="model_subject_matches_kind", condition=(
                Q(kind="person", person__isnull=False) | Q(kind="collective", collective__isnull=False)
                | Q(kind="initiative", initiative__isnull=False) | Q(kind="practice"))),
        ]
        verbose_name = _("exemplary model")
        verbose_name_plural = _("exemplary models")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:model_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.person.full_name if self.person_id else ''}")[:512]
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.published_at is not None


class Photo(models.Model):
    model = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="publicity/%Y/")
    caption = models.CharField(_("caption"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class Replication(models.Model):
    """A unit adopts a model: its plan, and an indicator measured before and after."""

    model = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="replications",
                             verbose_name=_("adopting unit"))
    plan = models.TextField(_("plan"))
    indicator = models.CharField(_("indicator"), max_length=255)
    baseline = models.DecimalField(_("value before"), max_digits=14, decimal_places=2)
    result = models.DecimalField(_("value after"), max_digits=14, decimal_places=2, null=True, blank=True)
    higher_is_better = models.BooleanField(_("a higher value is better"), default=True)
    started_on = models.DateField(_("adopted on"))
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["model", "unit"], name="one_replication_per_unit")]

    @property
    def change(self):
        return None if self.result is None else self.result - self.baseline

    @property
    def change_percent(self):
        if self.result is None or not self.baseline:
            return None
        return round((self.result - self.baseline) * 100 / abs(self.baseline), 1)

    @property
    def improved(self) -> bool | None:
        if self.result is None:
            return None
        return self.result > self.baseline if self.higher_is_better else self.result < self.baseline


class Reaction(models.Model):
    model = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "user"], name="one_reaction_per_user")]


class Comment(models.Model):
    model = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class ShowcaseSettings(models.Model):
    """What the agency allows in its showcase."""

    agency = models.OneToOneField("organization.Agency", on_delete=models.CASCADE, related_name="showcase")
    reactions = models.BooleanField(_("staff may react to stories"), default=True)
    comments = models.BooleanField(_("staff may comment on stories"), default=True)
    public_page = models.BooleanField(_("publish stories on a public page and feed"), default=False)
    email_digest = models.BooleanField(_("send the weekly digest by e-mail"), default=True)
    feed_key = models.CharField(_("key of the intranet feed"), max_length=64, default=new_feed_key)

    class Meta:
        verbose_name = _("showcase settings")


class Digest(models.Model):
    """The weekly digest of an agency: the stories published in the week, sent once."""

    agency = models.ForeignKey("organization.Agency", on_delete=models.CASCADE, related_name="digests")
    week_start = models.DateField(_("week from"))
    stories = models.ManyToManyField(ExemplaryModel, related_name="digests")
    sent_at = models.DateTimeField(auto_now_add=True)
    emailed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["agency", "week_start"], name="one_digest_per_week")]


class Congress(TimeStampedModel):
    """An emulation congress (đại hội thi đua yêu nước) and the models it honours."""

    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, verbose_name=_("agency"))
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255)
    honoured = models.ManyToManyField(ExemplaryModel, through="Honour", related_name="congresses")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("emulation congress")
        verbose_name_plural = _("emulation congresses")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:congress_detail", args=[self.pk])


class Honour(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="honours")
    model = models.ForeignKey(ExemplaryModel, on_delete=models.PROTECT, related_name="honours")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["congress", "model"], name="one_honour_per_congress")]
