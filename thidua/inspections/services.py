"""Every write to inspections: permission, lifecycle guard, one transaction, one audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.core.uploads import validate_upload
from thidua.organization.models import Unit
from thidua.organization.services import require

from .models import (
    ChecklistItem,
    CheckResult,
    Finding,
    FindingStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Severity,
)

DEFAULT_CHECKLIST = [
    "Ban hành kế hoạch, phát động phong trào thi đua",
    "Tổ chức đăng ký, ký kết giao ước thi đua",
    "Sơ kết, tổng kết phong trào thi đua",
    "Hồ sơ, thủ tục, thẩm quyền đề nghị khen thưởng đúng quy định",
    "Công khai danh sách đề nghị khen thưởng",
    "Trích lập, quản lý, sử dụng quỹ thi đua, khen thưởng",
    "Lưu trữ hồ sơ khen thưởng",
    "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
]


def create_plan(*, actor, unit: Unit, year: int, title: str, starts_on: datetime.date, ends_on: datetime.date,
                decision_number: str = "") -> InspectionPlan:
    require(actor, "inspections.inspect", unit)
    if not title.strip():
        raise ValidationError({"title": _("Give the plan a title.")})
    if ends_on < starts_on or starts_on.year != year:
        raise ValidationError(_("The plan runs in its year, and ends after it starts."))
    with transaction.atomic():
        plan = InspectionPlan.objects.create(agency=unit.agency, unit=unit, year=year, title=title.strip(),
                                             starts_on=starts_on, ends_on=ends_on,
                                             decision_number=decision_number.strip(), created_by=actor)
        record(actor=actor, action="inspection.plan", obj=plan,
               summary={"title": plan.title, "unit": unit.code, "year": year})
    return plan


def schedule(*, actor, plan: InspectionPlan, unit: Unit, scheduled_on: datetime.date,
             checklist: list[str] | None = None) -> Inspection:
    """An inspection of one unit in the plan's subtree, with the standard checklist unless one is given."""
    require(actor, "inspections.inspect", plan)
    if not Unit.objects.descendants(plan.unit, include_self=True).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("The unit is outside the plan's scope.")})
    if not plan.starts_on <= scheduled_on <= plan.ends_on:
        raise ValidationError({"scheduled_on": _("The inspection falls within the plan's period.")})
    if plan.inspections.filter(unit=unit).exists():
        raise ValidationError({"unit": _("This unit is already in the plan.")})
    items = [t.strip() for t in (checklist or DEFAULT_CHECKLIST) if t.strip()]
    with transaction.atomic():
        inspection = Inspection.objects.create(plan=plan, unit=unit, scheduled_on=scheduled_on)
        ChecklistItem.objects.bulk_create([ChecklistItem(inspection=inspection, text=t, position=i)
                                           for i, t in enumerate(items)])
        record(actor=actor, action="inspection.schedule", obj=inspection,
               summary={"unit": unit.code, "on": scheduled_on, "checklist": len(items)})
    return inspection


def _open(inspection: Inspection) -> None:
    if inspection.status == InspectionStatus.CONCLUDED:
        raise ValidationError(_("This inspection is concluded."))


def check_items(*, actor, inspection: Inspection, results: dict[int, tuple[str, str]]) -> None:
    """results: checklist item id → (result, note)."""
    require(actor, "inspections.inspect", inspection)
    _open(inspection)
    items = {i.pk: i for i in inspection.checklist.all()}
    errors = {}
    for item_id, (result, note) in results.items():
        if item_id not in items:
            errors[str(item_id)] = _("Unknown checklist item.")
        elif result not in CheckResult.values:
            errors[str(item_id)] = _("Unknown result.")
        elif result == CheckResult.NOT_MET and not note.strip():
            errors[str(item_id)] = _("Say what does not meet the rules.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for item_id, (result, note) in results.items():
            ChecklistItem.objects.filter(pk=item_id).update(result=result, note=note.strip())
        if inspection.status == InspectionStatus.PLANNED:
            inspection.status = InspectionStatus.IN_PROGRESS
            inspection.save(update_fields=["status"])
        record(actor=actor, action="inspection.check", obj=inspection,
               summary={str(k): v[0] for k, v in results.items()})


def add_finding(*, actor, inspection: Inspection, text: str, severity: str, action_required: str,
                due_on: datetime.date) -> Finding:
    require(actor, "inspections.inspect", inspection)
    _open(inspection)
    errors = {}
    if not text.strip():
        errors["text"] = _("Describe the finding.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose the severity.")
    if not action_required.strip():
        errors["action_required"] = _("Say what the unit must do.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("The follow-up deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        finding = Finding.objects.create(inspection=inspection, text=text.strip(), severity=severity,
                                         action_required=action_required.strip(), due_on=due_on, created_by=actor)
        if inspection.status == InspectionStatus.PLANNED:
            inspection.status = InspectionStatus.IN_PROGRESS
            inspection.save(update_fields=["status"])
        record(actor=actor, action="inspection.finding", obj=inspection,
               summary={"finding": finding.pk, "severity": severity, "due_on": due_on})
    return finding


def respond(*, actor, finding: Finding, response: str, link: str = "", upload=None) -> Finding:
    """The inspected unit reports the follow-up done, with evidence."""
    require(actor, "inspections.respond", finding.inspection.unit)
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError(_("This finding is closed."))
    if not response.strip():
        raise ValidationError({"response": _("Say what was done.")})
    if not (link or upload):
        raise ValidationError({"response_link": _("Attach a file or a link as evidence.")})
    if upload is not None:
        validate_upload(upload)
    with transaction.atomic():
        finding.response, finding.response_link = response.strip(), link
        if upload is not None:
            finding.response_file = upload
        finding.status, finding.responded_by, finding.responded_at = FindingStatus.ANSWERED, actor, timezone.now()
        finding.save()
        record(actor=actor, action="inspection.respond", obj=finding.inspection,
               summary={"finding": finding.pk, "link": link, "file": upload.name if upload else ""})
    return finding


def close_finding(*, actor, finding: Finding, note: str) -> Finding:
    """The inspector closes a finding once the unit has reported its follow-up with evidence."""
    require(actor, "inspections.inspect", finding.inspection)
    if finding.status != FindingStatus.ANSWERED:
        raise ValidationError(_("A finding is closed after the unit reports its follow-up with evidence."))
    if finding.responded_by_id == actor.pk:
        raise ValidationError(_("Whoever reported the follow-up cannot also close the finding."))
    with transaction.atomic():
        finding.status, finding.closure_note = FindingStatus.CLOSED, note.strip()
        finding.closed_by, finding.closed_at = actor, timezone.now()
        finding.save(update_fields=["status", "closure_note", "closed_by", "closed_at"])
        record(actor=actor, action="inspection.close_finding", obj=finding.inspection,
               summary={"finding": finding.pk, "note": finding.closure_note})
    return finding


def conclude(*, actor, inspection: Inspection, conclusion: str) -> Inspection:
    require(actor, "inspections.inspect", inspection)
    _open(inspection)
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Write the conclusion.")})
    if inspection.checklist.filter(result="").exists():
        raise ValidationError(_("Check every item of the checklist first."))
    with transaction.atomic():
        inspection.status, inspection.conclusion = InspectionStatus.CONCLUDED, conclusion.strip()
        inspection.concluded_at = timezone.now()
        inspection.save(update_fields=["status", "conclusion", "concluded_at"])
        record(actor=actor, action="inspection.conclude", obj=inspection,
               summary={"open_findings": inspection.findings.exclude(status=FindingStatus.CLOSED).count()})
    return inspection
