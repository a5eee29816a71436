"""Putting agency regulations into force and repealing them (one transaction, one audit event each)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.organization.models import Agency, Unit
from thidua.organization.services import require

from .models import AgencyRegulation
from .regulations import REGULATIONS


def _root(agency: Agency) -> Unit:
    return Unit.objects.filter(agency=agency, parent__isnull=True).order_by("pk").first()


def put_in_force(*, actor, agency: Agency, key: str, value: float, decision_number: str,
                 decision_date: datetime.date, effective_from: datetime.date, article: str = "") -> AgencyRegulation:
    """An agency's decision adds a regulation's condition to the national rules for its people from a date."""
    require(actor, "organization.change_unit", _root(agency))
    regulation = REGULATIONS.get(key)
    if regulation is None:
        raise ValidationError({"key": _("Unknown regulation.")})
    if regulation.maximum and not regulation.minimum <= value <= regulation.maximum:
        raise ValidationError({"value": _("The value must be between %(low)s and %(high)s.")
                               % {"low": f"{regulation.minimum:g}", "high": f"{regulation.maximum:g}"}})
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("A regulation is cited by the agency's decision number.")})
    if effective_from < decision_date:
        raise ValidationError({"effective_from": _("A decision cannot take effect before it is signed.")})
    obj = AgencyRegulation(agency=agency, key=key, value=value if regulation.maximum else 0,
                           decision_number=decision_number.strip(), decision_date=decision_date,
                           article=article.strip(), effective_from=effective_from, recorded_by=actor)
    obj.full_clean(exclude=["recorded_by"])
    try:
        with transaction.atomic():
            obj.save()
            record(actor=actor, action="regulation.in_force", obj=obj,
                   summary={"agency": agency.code, "key": key, "value": obj.value, "decision": obj.citation,
                            "from": effective_from})
    except IntegrityError as exc:
        raise ValidationError(_("This regulation already changes on that day for the agency.")) from exc
    return obj


def repeal(*, actor, regulation: AgencyRegulation, effective_to: datetime.date) -> AgencyRegulation:
    require(actor, "organization.change_unit", _root(regulation.agency))
    if effective_to < regulation.effective_from:
        raise ValidationError({"effective_to": _("The end cannot come before the start.")})
    with transaction.atomic():
        locked = AgencyRegulation.objects.select_for_update().get(pk=regulation.pk)
        record(actor=actor, action="regulation.repeal", obj=locked,
               summary={"from": locked.effective_to, "to": effective_to})
        locked.effective_to = effective_to
        locked.save(update_fields=["effective_to"])
    return locked
