from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from thidua.accounts.scope import MANAGERS, RATERS, units_for
from thidua.core.exports import attachment, export_response
from thidua.core.views import apply_errors, check
from thidua.organization.models import Unit
from thidua.organization.selectors import units_with_roles, visible_agencies

from . import scoring, services
from .forms import (
    CriterionForm,
    EvidenceForm,
    FlagProposalForm,
    MovementForm,
    RubricForm,
    WorkPlanForm,
    per_criterion_form,
)
from .models import Movement, Rubric, Score, ScoreKind, WorkPlanTarget
from .pdf import ranking_pdf
from .selectors import rubrics_for


def visible_movements(user):
    agencies = visible_agencies(user)
    return Movement.objects.filter(Q(agency__in=agencies) | Q(block__memberships__agency__in=agencies)).distinct()


def _movement(request, pk) -> Movement:
    movement = get_object_or_404(visible_movements(request.user).select_related("rubric", "unit", "block"), pk=pk)
    return movement


def _acting_units(user, movement):
    """Participating units the user may act for (pledge, report, self-score, cross-score)."""
    allowed = units_for(user, RATERS)
    qs = Unit.objects.filter(participations__movement=movement)
    return qs if allowed is None else qs.filter(pk__in=allowed)


@login_required
def movement_list(request):
    units = units_with_roles(request.user, MANAGERS)
    form = MovementForm(request.POST or None, units=units, rubrics=rubrics_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            movement = services.launch(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The movement is launched."))
            return redirect(movement)
    return render(request, "movements/movement_list.html", {
        "movements": visible_movements(request.user).select_related("unit", "block"), "form": form,
        "can_launch": units.exists(), "rubrics": rubrics_for(request.user)}, status=400 if form.errors else 200)


@login_required
def movement_detail(request, pk, propose_form=None, unscored=None):
    """The ranking; `propose_form` comes back with its errors, `unscored` asks to confirm publishing."""
    movement = _movement(request, pk)
    published = movement.published_at is not None
    if published:
        rows = [{"unit": r.unit, "total": r.total, "rank": r.rank, "groups": r.groups}
                for r in movement.results.select_related("unit")]
    else:
        names = {u.pk: u for u in Unit.objects.filter(participations__movement=movement)}
        rows = [{"unit": names[s.unit_id], "total": s.total, "rank": s.rank,
                 "groups": {str(g): str(v) for g, v in s.groups.items()}} for s in scoring.standings(movement)]
    groups = list(movement.rubric.groups.prefetch_related("criteria"))
    group_max = {g.pk: sum(c.max_score * c.weight for c in g.criteria.all() if c.kind == "regular") for g in groups}
    export = request.GET.get("export")
    headers = [pgettext("position in a ranking", "Rank"), _("Unit"), _("Total")] + [g.name for g in groups]
    table = [[r["rank"], r["unit"].name, r["total"]] + [r["groups"].get(str(g.pk)) for g in groups] for r in rows]
    if export == "xlsx":
        return export_response("xlsx", f"ket-qua-xep-hang-{movement.year}-{movement.title}"[:120], headers, table,
                               title=f"Kết quả chấm điểm, xếp hạng — {movement.title}", agency=movement.agency.name)
    if export == "pdf":
        response = HttpResponse(ranking_pdf(movement, headers, table), content_type="application/pdf")
        return attachment(response, f"ket-qua-xep-hang-{movement.year}-{movement.title}"[:120] + ".pdf")
    for row in rows:
        row["progress"] = [(g, row["groups"].get(str(g.pk)), group_max[g.pk]) for g in groups]
    pledged = set(movement.pledges.filter(person__isnull=True).values_list("unit_id", flat=True))
    context = {"movement": movement, "rows": rows, "groups": groups, "published": published,
               "participants": movement.participants.select_related("unit"), "pledged": pledged,
               "acting": _acting_units(request.user, movement),
               "manager": request.user.has_perm("movements.manage_movement", movement),
               "outliers": scoring.outliers(movement) if movement.cross_scored else [],
               "proposals": movement.proposals.select_related("unit"), "unscored": unscored,
               "propose_form": propose_form or FlagProposalForm(results=movement.results.all())}
    return render(request, "movements/movement_detail.html", context,
                  status=400 if propose_form is not None and propose_form.errors else 200)


@login_required
def unit_workspace(request, pk, unit_pk):
    """One participant in one movement: its pledge, evidence and scores (self, final or cross by the user)."""
    movement = _movement(request, pk)
    unit = get_object_or_404(Unit.objects.filter(participations__movement=movement), pk=unit_pk)
    manager = request.user.has_perm("movements.manage_movement", movement)
    acts = request.user.has_perm("movements.act_for_unit", unit)
    scorers = _acting_units(request.user, movement).exclude(pk=unit.pk) if movement.cross_scored else Unit.objects.none()
    own = getattr(request.user, "person", None)
    works_here = own is not None and Unit.objects.descendants(unit, include_self=True).filter(pk=own.unit_id).exists()
    if not (manager or acts or scorers.exists() or (movement.person_pledges and works_here)):
        raise PermissionDenied
    criteria = list(movement.rubric.criteria.select_related("group"))
    action = request.POST.get("action")
    forms = {
        "pledge": per_criterion_form(criteria, request.POST if action == "pledge" else None, decimal=False),
        "evidence": EvidenceForm(request.POST if action == "evidence" else None,
                                 request.FILES if action == "evidence" else None, criteria=criteria),
        "self": per_criterion_form(criteria, request.POST if action == "self" else None, initial={
            s.criterion.code: s.value for s in movement.scores.filter(unit=unit, kind="self").select_related("criterion")}),
        "final": per_criterion_form(criteria, request.POST if action == "final" else None, comments=True),
        "cross": per_criterion_form(criteria, request.POST if action == "cross" else None),
        "plan": WorkPlanForm(request.POST if action == "plan" else None, criteria=criteria),
    }
    if request.method == "POST" and action == "own_pledge":
        forms["own_pledge"] = per_criterion_form(criteria, request.POST, decimal=False)
    if request.method == "POST" and action in forms:
        form = forms[action]
        if form.is_valid():
            try:
                _apply(request, movement, unit, action, form.cleaned_data, criteria, scorers)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("movements:unit_workspace", pk=movement.pk, unit_pk=unit.pk)
    scores = movement.scores.filter(unit=unit).select_related("criterion", "scorer")
    if not manager:
        scores = scores.filter(Q(kind__in=[ScoreKind.SELF, ScoreKind.FINAL]) | Q(scorer__in=scorers))
    return render(request, "movements/unit_workspace.html", {
        "movement": movement, "unit": unit, "forms": forms, "manager": manager, "acts": acts, "scorers": scorers,
        "pledge": movement.pledges.filter(unit=unit, joint=False, person=None).first(),
        "joint": movement.pledges.filter(unit=unit, joint=True).first(),
        "person_pledges": movement.pledges.filter(unit=unit).exclude(person=None).select_related("person"),
        "own_pledge_open": bool(movement.person_pledges and request.user.person_id
                                and not movement.pledges.filter(person_id=request.user.person_id).exists()
                                and Unit.objects.descendants(unit, include_self=True)
                                .filter(pk=getattr(request.user.person, "unit_id", None)).exists()),
        "evidence": movement.evidence.filter(unit=unit).select_related("criterion"), "scores": scores,
        "criteria": criteria,
        "plan_targets": WorkPlanTarget.objects.filter(plan__unit=unit, plan__year=movement.year,
                                                      criterion__rubric=movement.rubric).select_related("criterion")},
        status=400 if request.method == "POST" else 200)


def _apply(request, movement, unit, action, data, criteria, scorers):
    user = request.user
    codes = [c.code for c in criteria]
    if action == "own_pledge":
        services.pledge(actor=user, movement=movement, unit=unit, targets={c: data[c] for c in codes if data[c]},
                        person=user.person)
    elif action == "plan":
        criterion = next(c for c in criteria if c.code == data["criterion"])
        services.add_work_plan_target(actor=user, unit=unit, year=movement.year, criterion=criterion,
                                      target=data["target"])
    elif action == "pledge":
        services.pledge(actor=user, movement=movement, unit=unit, targets={c: data[c] for c in codes if data[c]},
                        joint=bool(request.POST.get("joint")))
    elif action == "evidence":
        criterion = next(c for c in criteria if c.code == data["criterion"])
        services.add_evidence(actor=user, movement=movement, unit=unit, criterion=criterion,
                              reported_value=data["reported_value"], link=data["link"], upload=data["file"],
                              note=data["note"])
    else:
        values = {c: data[c] for c in codes if data[c] is not None}
        comments = {c: data.get(f"comment_{c}", "") for c in codes}
        scorer = scorers.filter(pk=request.POST.get("scorer")).first() if action == "cross" else None
        if action == "cross" and scorer is None:
            raise ValidationError(_("Choose the member on whose behalf you score."))
        services.score(actor=user, movement=movement, unit=unit, kind=action, values=values, comments=comments,
                       scorer=scorer)


@login_required
@require_POST
def movement_publish(request, pk):
    movement = _movement(request, pk)
    confirmed = [int(v) for v in request.POST.getlist("unscored") if v.isdigit()]
    try:
        services.publish(actor=request.user, movement=movement, confirmed_unscored=confirmed)
    except services.UnscoredUnits as exc:
        return movement_detail(request, pk, unscored=exc.units)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The ranking is published."))
    return redirect(movement)


@login_required
@require_POST
def movement_propose(request, pk):
    movement = _movement(request, pk)
    form = FlagProposalForm(request.POST, results=movement.results.all())
    if form.is_valid():
        try:
            services.propose_for_flag(actor=request.user, movement=movement, units=list(form.cleaned_data["units"]),
                                      award_code="CO_THI_DUA_CP", reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The proposal is recorded."))
            return redirect(movement)
    return movement_detail(request, pk, propose_form=form)


@login_required
@require_POST
def score_correct(request, pk):
    score = get_object_or_404(Score.objects.select_related("movement", "criterion", "unit"), pk=pk)
    try:
        services.correct(actor=request.user, score_=score, value=request.POST.get("value", ""),
                         reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("movements:unit_workspace", pk=score.movement_id, unit_pk=score.unit_id)


@login_required
def rubric_detail(request, pk):
    rubric = get_object_or_404(Rubric, pk=pk)
    check(request.user, "movements.view_rubric", rubric)
    can_edit = request.user.has_perm("movements.change_rubric", rubric)
    form = CriterionForm(request.POST or None)
    if request.method == "POST":
        check(request.user, "movements.change_rubric", rubric)
        if request.POST.get("copy"):
            copy = services.copy_rubric(actor=request.user, rubric=rubric)
            return redirect(copy)
        if form.is_valid():
            try:
                services.add_criterion(actor=request.user, rubric=rubric, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect(rubric)
    return render(request, "movements/rubric_detail.html", {
        "rubric": rubric, "groups": rubric.groups.prefetch_related("criteria"), "form": form, "can_edit": can_edit},
        status=400 if form.errors else 200)


@login_required
def rubric_create(request):
    check(request.user, "movements.manage_rubrics")
    form = RubricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = visible_agencies(request.user).first()
        return redirect(services.create_rubric(actor=request.user, agency=agency, **form.cleaned_data))
    return render(request, "organization/form.html", {"form": form, "title": _("New criteria rubric")})
