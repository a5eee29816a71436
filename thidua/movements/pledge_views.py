"""A person's own pledge: the owner self-assesses each target with evidence; the unit's leader or emulation
officer confirms it or returns it for completion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.views import apply_errors

from . import services
from .forms import PledgeEvidenceForm, PledgeReviewForm, pledge_assessment_form
from .models import Pledge, PledgeStatus


def _pledge(request, pk) -> tuple[Pledge, dict]:
    pledge = get_object_or_404(Pledge.objects.select_related("movement__rubric", "person__unit", "unit",
                                                             "reviewed_by"), pk=pk, person__isnull=False)
    user = request.user
    roles = {"owner": user.person_id is not None and user.person_id == pledge.person_id,
             "reviewer": services.may_review_pledge(user, pledge),
             "manager": user.has_perm("movements.manage_movement", pledge.movement)}
    if not any(roles.values()):
        raise PermissionDenied
    return pledge, roles


@login_required
def pledge_detail(request, pk):
    pledge, roles = _pledge(request, pk)
    movement = pledge.movement
    criteria = list(movement.rubric.criteria.filter(code__in=list(pledge.targets)))
    assessments = {a.criterion_id: a for a in pledge.assessments.all()}
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {}
    for c in criteria:
        if c.pk in assessments:
            initial[f"result_{c.code}"] = assessments[c.pk].result
            initial[f"value_{c.code}"] = assessments[c.pk].value
    forms = {
        "assess": pledge_assessment_form(criteria, pledge.targets, request.POST if action == "assess" else None,
                                         initial=initial),
        "evidence": PledgeEvidenceForm(request.POST if action == "evidence" else None,
                                       request.FILES if action == "evidence" else None, criteria=criteria),
        "review": PledgeReviewForm(request.POST if action == "review" else None),
    }
    if action in forms:
        if action == "review" and not roles["reviewer"] or action != "review" and not roles["owner"]:
            raise PermissionDenied
        form = forms[action]
        if form.is_valid():
            try:
                _apply(request.user, pledge, action, form.cleaned_data, criteria)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("movements:pledge", pk=pledge.pk)
    today = timezone.localdate()
    editable = roles["owner"] and pledge.status != PledgeStatus.APPROVED
    evidence = list(pledge.evidence.select_related("criterion"))
    rows = [{"criterion": c, "target": pledge.targets.get(c.code, ""), "assessment": assessments.get(c.pk),
             "evidence": [e for e in evidence if e.criterion_id == c.pk]} for c in criteria]
    return render(request, "movements/pledge_detail.html", {
        "pledge": pledge, "movement": movement, "rows": rows, "forms": forms, **roles,
        "can_assess": editable and today <= movement.scoring_until,
        "can_add_evidence": editable and today <= movement.reporting_until,
        "can_review": roles["reviewer"] and pledge.status == PledgeStatus.SELF_ASSESSED,
    }, status=400 if action in forms else 200)


def _apply(user, pledge, action, data, criteria):
    if action == "assess":
        codes = [c.code for c in criteria]
        services.self_assess_pledge(actor=user, pledge=pledge, results={c: data[f"result_{c}"] for c in codes},
                                    values={c: data[f"value_{c}"] for c in codes})
    elif action == "evidence":
        criterion = next(c for c in criteria if c.code == data["criterion"])
        services.add_pledge_evidence(actor=user, pledge=pledge, criterion=criterion, link=data["link"],
                                     upload=data["file"], note=data["note"])
    else:
        services.review_pledge(actor=user, pledge=pledge, approve=data["decision"] == "approve", note=data["note"])


@login_required
def pledge_evidence_file(request, pk, evidence_pk):
    pledge, _roles = _pledge(request, pk)
    item = get_object_or_404(pledge.evidence.exclude(file=""), pk=evidence_pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)
