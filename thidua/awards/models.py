"""The lifelong award record of every person and collective; the eligibility engine reads it back."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.catalogue import AWARDS


def award_name(code: str) -> str:
    from django.utils.translation import get_language

    award = AWARDS.get(code)
    if award is None:
        return code
    return award.name_en if (get_language() or "vi").startswith("en") else award.name_vi


def award_choices(codes=None) -> list[tuple[str, str]]:
    """(code, name) pairs for a form's choices, named in the current language: users never see the codes."""
    return [(code, award_name(code)) for code in (AWARDS if codes is None else codes)]


class Source(models.TextChoices):
    DECIDED = "decided", _("Decided in thidua")
    IMPORTED = "imported", _("Imported from earlier records")


class AwardRecord(models.Model):
    person = models.ForeignKey("organization.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="award_records", verbose_name=_("person"))
    unit = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="award_records", verbose_name=_("collective"))
    unit_name_then = models.CharField(_("unit at the time"), max_length=255, blank=True)
    award_code = models.CharField(_("award"), max_length=32, db_index=True)
    year = models.PositiveIntegerField(_("year"), db_index=True)
    # The achievement period written in the decision ends with `year`; it starts here (Decree 98/2023 Art. 30(9):
    # the next proposal of the same form is counted from it). Empty: the achievement of `year` alone.
    achievement_from = models.PositiveIntegerField(_("achievement period from (year)"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    authority = models.CharField(_("granting authority"), max_length=255)
    decision = models.ForeignKey("nominations.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="records")
    bonus_vnd = models.BigIntegerField(_("bonus (VND)"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DECIDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "award_code"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False, unit__isnull=True) |
                                   Q(person__isnull=True, unit__isnull=False), name="award_record_one_subject"),
            models.CheckConstraint(condition=Q(achievement_from__isnull=True) | Q(achievement_from__lte=models.F("year")),
                                   name="award_record_period_ordered"),
            models.UniqueConstraint(fields=["person", "award_code", "year"], condition=Q(person__isnull=False),
                                    name="one_person_award_per_year"),
            models.UniqueConstraint(fields=["unit", "award_code", "year"], condition=Q(unit__isnull=False),
                                    name="one_unit_award_per_year"),
        ]
        verbose_name = _("award record")
        verbose_name_plural = _("award records")

    def __str__(self):
        return f"{self.award_name} {self.year} — {self.subject_name}"

    @property
    def award_name(self) -> str:
        return award_name(self.award_code)

    @property
    def achievement_period(self) -> str:
        start = self.achievement_from or self.year
        return str(self.year) if start == self.year else f"{start}–{self.year}"

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name


class RevocationGround(models.TextChoices):
    """Law 06/2022, chapter VII: the grounds on which an award decision is cancelled."""

    FRAUD = "fraud", _("Fraud in declaring achievements")
    FALSE_DOSSIER = "false_dossier", _("False dossier")
    WRONG_APPRAISAL = "wrong_appraisal", _("Unlawful appraisal or proposal")
    STANDARD_NOT_MET = "standard_not_met", _("Standard not met in the period counted")


class Revocation(models.Model):
    """An award cancelled by decision: it no longer counts for the engine, its certificate no longer verifies, the
    bonus is to be recovered, and the subject's later awards are listed for re-examination."""

    record = models.OneToOneField(AwardRecord, on_delete=models.PROTECT, related_name="revocation",
                                  verbose_name=_("award record"))
    ground = models.CharField(_("ground"), max_length=20, choices=RevocationGround.choices)
    decision_number = models.CharField(_("revocation decision number"), max_length=64)
    decision_date = models.DateField(_("revocation decision date"))
    authority = models.CharField(_("revoking authority"), max_length=255)
    reason = models.TextField(_("reason"))
    bonus_to_recover_vnd = models.BigIntegerField(_("bonus to recover (VND)"), null=True, blank=True)
    to_reexamine = models.ManyToManyField(AwardRecord, blank=True, related_name="+",
                                          verbose_name=_("later awards to re-examine"))
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decision_date"]
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")

    def __str__(self):
        return f"{self.decision_number} — {self.record}"
