"""Writes on the award record: revocation (Law 06/2022, chapter VII)."""

import datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record as audit
from thidua.organization.services import require

from .models import AwardRecord, Revocation, RevocationGround


def later_awards(award: AwardRecord):
    """The subject's awards from the same year on (titles of a year are considered together, and every later
    title or form reads the history): those that may have relied on `award`."""
    subject = {"person_id": award.person_id} if award.person_id else {"unit_id": award.unit_id}
    return (AwardRecord.objects.filter(year__gte=award.year, revocation__isnull=True, **subject)
            .exclude(pk=award.pk).order_by("year", "award_code"))


def revoke(*, actor, award: AwardRecord, ground: str, decision_number: str, decision_date: datetime.date | None,
           authority: str, reason: str) -> Revocation:
    """Cancel an award by decision: the bonus is to be recovered, the certificate no longer verifies, the engine no
    longer counts it, and later awards of the subject are listed for re-examination."""
    require(actor, "organization.change_person" if award.person_id else "organization.change_unit",
            award.person if award.person_id else award.unit)
    errors = {}
    if ground not in RevocationGround.values:
        errors["ground"] = _("Choose the ground for revocation.")
    if not decision_number.strip():
        errors["decision_number"] = _("A decision needs a number.")
    if decision_date is None:
        errors["decision_date"] = _("A decision needs a date.")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("A decision cannot be dated in the future (%(day)s).") \
            % {"day": decision_date.strftime("%d/%m/%Y")}
    elif decision_date < award.decision_date:
        errors["decision_date"] = _("A revocation cannot be dated before the award's decision (%(day)s).") \
            % {"day": award.decision_date.strftime("%d/%m/%Y")}
    if not authority.strip():
        errors["authority"] = _("Name the revoking authority.")
    if not reason.strip():
        errors["reason"] = _("Give the reason.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        AwardRecord.objects.select_for_update().filter(pk=award.pk).first()  # two revocations at once: one stands
        if Revocation.objects.filter(record=award).exists():
            raise ValidationError(_("This award has already been revoked."))
        revocation = Revocation.objects.create(
            record=award, ground=ground, decision_number=decision_number.strip(), decision_date=decision_date,
            authority=authority.strip(), reason=reason.strip(), bonus_to_recover_vnd=award.bonus_vnd,
            revoked_by=actor if actor.is_authenticated else None)
        dependents = list(later_awards(award))
        revocation.to_reexamine.set(dependents)
        try:
            certificate = award.certificate
        except ObjectDoesNotExist:
            certificate = None
        if certificate is not None:
            certificate.revoked = True
            certificate.save(update_fields=["revoked"])
        audit(actor=actor, action="award.revoke", obj=award,
              summary={"award": award.award_code, "year": award.year, "ground": ground,
                       "decision": revocation.decision_number, "bonus_to_recover": award.bonus_vnd,
                       "to_reexamine": [f"{r.award_code} {r.year}" for r in dependents]})
    return revocation
