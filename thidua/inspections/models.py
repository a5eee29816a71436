"""Inspection and supervision of emulation and commendation work (kiểm tra, giám sát).

A plan covers a unit subtree for a year; each inspection visits one unit with a checklist; findings carry
a severity and the follow-up required by a deadline; the unit answers with evidence and the inspector
closes the finding. Inspectors read everything in their scope and change only inspections.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel


class InspectionPlan(TimeStampedModel):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, verbose_name=_("agency"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="inspection_plans",
                             verbose_name=_("units covered"))
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "title"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="inspection_plan_period")]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class Inspection(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="inspections",
                             verbose_name=_("inspected unit"))
    scheduled_on = models.DateField(_("scheduled on"))
    status = models.CharField(_("status"), max_length=12, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="one_inspection_per_unit_per_plan")]

    def __str__(self):
        return f"{self.plan} — {self.unit}"

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])


class CheckResult(models.TextChoices):
    PENDING = "", _("Not checked yet")
    MET = "met", _("Meets the rules")
    NOT_MET = "not_met", _("Does not meet the rules")
    NOT_APPLICABLE = "na", _("Not applicable")


class ChecklistItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("item checked"), max_length=500)
    result = models.CharField(_("result"), max_length=8, choices=CheckResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class Severity(models.TextChoices):
    LOW = "low", _("Minor")
    MEDIUM = "medium", _("Significant")
    HIGH = "high", _("Serious")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the unit's follow-up")
    ANSWERED = "answered", _("Follow-up reported")
    CLOSED = "closed", _("Closed")


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    action_required = models.TextField(_("follow-up required"))
    due_on = models.DateField(_("follow-up due"))
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    response = models.TextField(_("follow-up done"), blank=True)
    response_link = models.URLField(_("evidence link"), blank=True)
    response_file = models.FileField(_("evidence file"), upload_to="inspections/%Y/", blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    closure_note = models.TextField(_("closure note"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    @property
    def unit_id(self):
        return self.inspection.unit_id
