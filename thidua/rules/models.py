"""Which agency regulations each agency has put into force (the regulations themselves are code, in regulations/)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .regulations import REGULATIONS


class AgencyRegulation(models.Model):
    agency = models.ForeignKey("organization.Agency", on_delete=models.CASCADE, related_name="regulations",
                               verbose_name=_("agency"))
    key = models.CharField(_("regulation"), max_length=32, choices=[(k, r.title_vi) for k, r in REGULATIONS.items()])
    value = models.FloatField(_("value"), default=0)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    article = models.CharField(_("article"), max_length=64, blank=True)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key", "effective_from"], name="one_regulation_change_per_day"),
            models.CheckConstraint(condition=models.Q(effective_to__isnull=True)
                                   | models.Q(effective_to__gte=models.F("effective_from")),
                                   name="regulation_period_ordered"),
        ]
        verbose_name = _("agency regulation")
        verbose_name_plural = _("agency regulations")

    def __str__(self):
        return f"{self.citation} — {REGULATIONS[self.key].title_vi}"

    @property
    def regulation(self):
        return REGULATIONS[self.key]

    @property
    def citation(self) -> str:
        text = f"Quyết định số {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"
        return f"{text}, {self.article}" if self.article else text

    @property
    def text_vi(self) -> str:
        return self.regulation.text_vi.format(value=f"{self.value:g}")

    @property
    def text_en(self) -> str:
        return self.regulation.text_en.format(value=f"{self.value:g}")


class AdoptedReform(models.Model):
    """A draft change to the criteria adopted by a decision: from `effective_from` it is the law in force for the
    agency's people (a new version of the rules for that agency; before that date the old law answers).

    `changes` are the reform document's checked changes (thidua.rules.reforms), each starting no earlier than
    `effective_from`. Written once, by the policy app's adoption step; never edited."""

    agency = models.ForeignKey("organization.Agency", on_delete=models.CASCADE, related_name="adopted_reforms",
                               verbose_name=_("agency"))
    title = models.CharField(_("title"), max_length=255)
    changes = models.JSONField(default=list)
    version = models.CharField(_("version of the rules"), max_length=12)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=255)
    effective_from = models.DateField(_("in force from"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "effective_from", "pk"]
        verbose_name = _("adopted reform")
        verbose_name_plural = _("adopted reforms")

    def __str__(self):
        return f"{self.decision_number} — {self.title}"

    @property
    def citation(self) -> str:
        """The adopting decision, as the reasons it adds or changes cite it."""
        return f"Quyết định số {self.decision_number} ngày {self.decision_date:%d/%m/%Y}"
