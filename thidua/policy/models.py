"""Draft reforms of the criteria (stored with author, purpose and review) and their simulations.

A draft never changes the law in force: it is run beside it. Simulations and backtests keep the versions
of the law and of the draft that answered, and their report as JSON.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel

CHANGES_PER_PAGE = 50  # the simulation page lists as many: one stored row per page of changes


class ReformStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Sent for review")
    REVIEWED = "reviewed", _("Reviewed")
    RETURNED = "returned", _("Returned for changes")
    ADOPTED = "adopted", _("Adopted")


class Reform(TimeStampedModel):
    """A draft change to the criteria, written as a reform document (YAML or JSON)."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="reforms",
                             verbose_name=_("drafting unit"))
    title = models.CharField(_("title"), max_length=255)
    purpose = models.TextField(_("purpose"), max_length=5000)
    document = models.TextField(_("reform document"), max_length=20000)
    changes = models.JSONField(default=list, editable=False)
    version = models.CharField(_("draft version"), max_length=12, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ReformStatus.choices, default=ReformStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("author"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("reviewer"))
    review_comment = models.TextField(_("review comment"), blank=True, max_length=5000)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # adoption by a decision: from `effective_from` the draft is the agency's law in force (rules.AdoptedReform)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("adoption recorded by"))
    adopted_version = models.CharField(_("version of the rules adopted"), max_length=12, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("draft reform")
        verbose_name_plural = _("draft reforms")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("policy:reform_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in (ReformStatus.DRAFT, ReformStatus.RETURNED)


class SimulationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Simulation(models.Model):
    """The law in force and a draft run side by side over a unit's people (a backtest when `round` is set)."""

    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, related_name="simulations")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("units covered"))
    year = models.PositiveSmallIntegerField(_("year of achievement"))
    as_of = models.DateField(_("date of consideration"))
    awards = models.JSONField(_("awards"), default=list)
    round = models.ForeignKey("nominations.Round", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("round replayed"))
    status = models.CharField(_("status"), max_length=8, choices=SimulationStatus.choices,
                              default=SimulationStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    law_version = models.CharField(_("version of the law"), max_length=12, blank=True)
    draft_version = models.CharField(_("version of the draft"), max_length=12, blank=True)
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("simulation")
        verbose_name_plural = _("simulations")

    def __str__(self):
        return f"{self.reform} — {self.year}"

    def get_absolute_url(self):
        return reverse("policy:simulation_detail", args=[self.pk])

    def changed(self) -> list[dict]:
        """Every stored change, in order (the report keeps only their count)."""
        return [change_row(row) for page in self.change_pages.all() for row in page.rows]



class ChangePage(models.Model):
    """A page of the answers a simulation changes (people and awards), in the order the page lists them: the
    report itself stays small, storing 20,000 changes is a few hundred inserts, and the page reads one row.
    Each row is [person id, award code, law, draft, reasons, nominated]; a reason is [condition, met under the
    law, met under the draft]; `nominated` (backtests) says whether the person was proposed in the round."""

    simulation = models.ForeignKey(Simulation, on_delete=models.CASCADE, related_name="change_pages")
    number = models.PositiveIntegerField()  # 0, 1, …
    rows = models.JSONField(default=list)

    class Meta:
        ordering = ["simulation", "number"]
        constraints = [models.UniqueConstraint(fields=["simulation", "number"], name="unique_change_page")]


def change_row(row: list) -> dict:
    """A stored change in the shape `impact.compare` reports it."""
    person, award, law, draft, reasons, nominated = row
    return {"person": person, "award": award, "law": law, "draft": draft, "nominated": nominated,
            "reasons": [{"condition": c, "law": before, "draft": after} for c, before, after in reasons]}
