from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.scope import MANAGERS
from thidua.audit.services import record
from thidua.awards.codes import PERSON_AWARDS
from thidua.awards.models import award_name
from thidua.core.documents import DOCX_TYPE
from thidua.core.views import apply_errors, check, paginate
from thidua.nominations.models import Round
from thidua.organization.selectors import units_with_roles, visible_agencies

from . import documents, selectors, services
from .forms import AdoptForm, BacktestForm, ReformForm, ReviewForm, SimulationForm
from .models import CHANGES_PER_PAGE, Reform, SimulationStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reform(request, pk) -> Reform:
    reform = get_object_or_404(Reform.objects.select_related("unit__agency", "author", "reviewer"), pk=pk)
    check(request.user, "policy.view_reform", reform)
    return reform


@login_required
def reform_list(request):
    reforms = selectors.visible_reforms(request.user)
    can_draft = units_with_roles(request.user, MANAGERS).exists()
    return render(request, "policy/reform_list.html", {"page": paginate(request, reforms, 25), "can_draft": can_draft})


@login_required
def reform_create(request):
    units = units_with_roles(request.user, MANAGERS)
    form = ReformForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            reform = services.create_reform(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. It does not change the law in force."))
            return redirect(reform)
    return render(request, "policy/reform_form.html", {"form": form})


@login_required
def reform_edit(request, pk):
    reform = _reform(request, pk)
    check(request.user, "policy.draft_reform", reform)
    form = ReformForm(request.POST or None, units=units_with_roles(request.user, MANAGERS).filter(pk=reform.unit_id),
                      initial={"unit": reform.unit, "title": reform.title, "purpose": reform.purpose,
                               "document": reform.document})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            reform = services.update_reform(actor=request.user, reform=reform, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved as a new version."))
            return redirect(reform)
    return render(request, "policy/reform_form.html", {"form": form, "reform": reform})


def _rounds(request, reform):
    return Round.objects.filter(agency__in=visible_agencies(request.user), agency_id=reform.unit.agency_id) \
        .order_by("-year", "-pk")


@login_required
def reform_detail(request, pk):
    reform = _reform(request, pk)
    units = units_with_roles(request.user, MANAGERS)
    context = {
        "reform": reform,
        "simulations": selectors.visible_simulations(request.user, reform)[:50],
        "can_edit": reform.editable and request.user.has_perm("policy.draft_reform", reform),
        "can_review": reform.status == "in_review" and request.user.has_perm("policy.review_reform", reform),
        "review_form": ReviewForm(),
        "can_adopt": reform.status == "reviewed" and request.user.has_perm("policy.adopt_reform", reform),
        "adopt_form": AdoptForm(),
        "simulation_form": SimulationForm(units=units, initial={"unit": reform.unit, "awards": ["LDTT", "CSTD_CO_SO"],
                                                                "year": reform.created_at.year - 1}),
        "backtest_form": BacktestForm(rounds=_rounds(request, reform)),
        "can_simulate": units.exists(),
    }
    return render(request, "policy/reform_detail.html", context)


@login_required
@require_POST
def reform_submit(request, pk):
    reform = _reform(request, pk)
    try:
        services.submit_reform(actor=request.user, reform=reform)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The draft is sent for review."))
    return redirect(reform)


@login_required
@require_POST
def reform_review(request, pk):
    reform = _reform(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_reform(actor=request.user, reform=reform, accept=request.POST.get("accept") == "1",
                                   comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The review is recorded."))
    else:
        messages.error(request, _("Write the review comment."))
    return redirect(reform)


@login_required
@require_POST
def reform_adopt(request, pk):
    reform = _reform(request, pk)
    check(request.user, "policy.adopt_reform", reform)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.adopt_reform(actor=request.user, reform=reform, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The draft is adopted: it is the law in force from the date the decision "
                                        "takes effect."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reform)


@login_required
@require_POST
def simulate(request, pk):
    reform = _reform(request, pk)
    form = SimulationForm(request.POST, units=units_with_roles(request.user, MANAGERS))
    if form.is_valid():
        try:
            simulation = services.start_simulation(actor=request.user, reform=reform, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(simulation)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reform)


@login_required
@require_POST
def backtest(request, pk):
    reform = _reform(request, pk)
    form = BacktestForm(request.POST, rounds=_rounds(request, reform))
    if form.is_valid():
        round_ = form.cleaned_data["round"]
        awards = [c for c in round_.award_codes if c in PERSON_AWARDS]
        try:
            simulation = services.start_simulation(actor=request.user, reform=reform, unit=round_.unit,
                                                   year=round_.year, awards=awards,
                                                   as_of=round_.nomination_deadline, round_=round_)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(simulation)
    else:
        messages.error(request, _("Choose a round."))
    return redirect(reform)


def _charts(report: dict, view: dict, award: str) -> list[dict]:
    charts = []
    for group in view["groups"]:
        rows = [(row["label"], *row["awards"][award][:2]) for row in group["rows"]]
        title = _("%(award)s by %(dimension)s: law in force and draft") % {"award": award_name(award),
                                                                           "dimension": group["label"].lower()}
        charts.append({"label": group["label"], "rows": group["rows"],
                       "chart": documents.bar_chart(f"chart-{group['dimension']}", title, rows)})
    return charts


def _unit_row(entry: dict, award: str) -> dict:
    counts = entry["awards"][award]
    proposable = counts[2:] or counts
    return {"name": entry["name"], "people": entry["people"], "law": counts[0], "draft": counts[1],
            "proposable_law": proposable[0], "proposable_draft": proposable[1]}


@login_required
def simulation_detail(request, pk):
    simulation = selectors.simulation(pk)
    if simulation is None:
        raise Http404
    check(request.user, "policy.view_reform", simulation)
    check(request.user, "policy.view_reform", simulation.reform)
    if request.headers.get("HX-Request"):
        if simulation.status == SimulationStatus.DONE:
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "policy/_progress.html", {"simulation": simulation})
    if simulation.status != SimulationStatus.DONE:
        return render(request, "policy/simulation_detail.html", {"simulation": simulation})
    report = simulation.report
    export = request.GET.get("export")
    if export in ("xlsx", "docx", "pdf"):
        content = {"xlsx": documents.xlsx, "docx": documents.docx, "pdf": documents.pdf}[export](simulation)
        record(actor=request.user, action="simulation.export", obj=simulation, summary={"format": export})
        response = HttpResponse(content, content_type={"xlsx": XLSX_TYPE, "docx": DOCX_TYPE,
                                                       "pdf": "application/pdf"}[export])
        response["Content-Disposition"] = f'attachment; filename="{documents.filename(simulation, export)}"'
        return response
    award = request.GET.get("award")
    if award not in report["awards"]:
        award = next((r["award"] for r in report["summary"] if (r["gained"] or r["lost"]) and r["award"] in
                      report["awards"]), (report["awards"] or [None])[0])
    view = documents.present(report)
    page = paginate(request, documents.StoredChanges(simulation), CHANGES_PER_PAGE)
    context = {"simulation": simulation, "report": report, "view": view, "award": award,
               "award_choices": [(c, award_name(c)) for c in report["awards"]],
               "charts": _charts(report, view, award) if award else [], "page": page,
               "units": [_unit_row(u, award) for u in report["by_unit"]] if award else [],
               "changed_units": documents.changed_unit_rows(report.get("changed_units", []))}
    return render(request, "policy/simulation_detail.html", context)
