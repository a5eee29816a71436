"""Pages that explain the law: one person's eligibility (with the facts it used), a law page per award, and the
agency regulations in force."""

import datetime
from pathlib import Path

import yaml
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from thidua.awards.catalogue import AWARDS, TEXTS, reference
from thidua.awards.codes import PERSON_AWARDS, RATINGS
from thidua.awards.models import AwardRecord, award_name
from thidua.core.views import apply_errors, check
from thidua.organization.models import Agency, Deferral, DeferralGround, Person, Rating
from thidua.organization.selectors import visible_units
from thidua.organization.services import defer, end_deferral

from .bridge import _results, load_people
from .engine import law_in_force, regime_of, verdict
from .models import AgencyRegulation
from .regulations import REGULATIONS
from .selectors import adoptions_by_agency, decisions_by_agency
from .services import put_in_force, repeal
from .system import tax_benefit_system

HERE = Path(__file__).parent
RATING_NAMES = {code: Rating(name).label for name, code in RATINGS.items()}
FACT_YEARS = 8


def _vi() -> bool:
    return (get_language() or "vi").startswith("vi")


def _text(reason) -> str:
    return reason["text_vi"] if _vi() else reason["text_en"]


def _year_choices() -> list[int]:
    this = datetime.date.today().year
    return list(range(this, this - 12, -1))


class DeferralForm(forms.Form):
    ground = forms.ChoiceField(label=_l("Ground"), choices=DeferralGround.choices)
    start_date = forms.DateField(label=_l("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_l("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_l("Document"), max_length=128, required=False)


def _facts(population, year: int) -> list[dict]:
    """The facts the engine read, year by year, as the person's page shows them."""
    values = population.values

    def at(name, y, default=None):
        column = values.get(name, {}).get(y)
        return default if column is None else column[0].item()

    rows = []
    for y in range(year, year - FACT_YEARS, -1):
        rated = at("has_data", y, False)
        awards = [award_name(code) for code in PERSON_AWARDS if at(f"awarded_{code}", y, False)]
        used = [award_name(code) for code in PERSON_AWARDS if at(f"used_{code}", y, False)]
        rows.append({"year": y, "rating": RATING_NAMES.get(at("rating", y, 0)) if rated else None,
                     "awards": awards, "used": used, "initiatives": at("initiative_count", y, 0),
                     "scope": at("initiative_scope", y, 0), "disciplined": at("disciplined", y, False),
                     "months_in_service": at("months_in_service", y, 12.0), "deferred": at("deferred", y, False)})
    return rows


@login_required
def person_eligibility(request, pk):
    person = get_object_or_404(Person.objects.select_related("unit", "agency"), pk=pk)
    check(request.user, "organization.view_person", person)
    try:
        year = int(request.GET.get("year") or datetime.date.today().year - 1)
    except ValueError:
        year = datetime.date.today().year - 1
    if not 1990 <= year <= datetime.date.today().year + 1:
        raise Http404
    as_of = datetime.date(year, 12, 31)
    ids, population = load_people(Person.objects.filter(pk=person.pk), year, as_of)
    decisions = decisions_by_agency([person.agency_id]).get(person.agency_id, ())
    adoptions = adoptions_by_agency([person.agency_id]).get(person.agency_id, ())
    results = _results(population, ids, list(PERSON_AWARDS), decisions, adoptions)
    decisions += tuple(r for adoption in adoptions for r in adoption.regulations)  # listed as applied too
    awards = []
    for code, result in results.items():
        reasons = [{**r, "text": _text(r)} for r in result["reasons"][0]]
        eligible, complete = verdict(bool(result["eligible"][0]), reasons)
        awards.append({"code": code, "name": award_name(code), "eligible": eligible, "complete": complete,
                       "reasons": reasons, "bonus": result["bonus_vnd"] if eligible else None})
    if request.headers.get("HX-Request"):
        return render(request, "rules/_why_not.html", {"person": person, "year": year, "awards": awards})
    may_defer = request.user.has_perm("organization.discipline_person", person)
    return render(request, "rules/person_eligibility.html", {
        "person": person, "year": year, "years": _year_choices(), "awards": awards,
        "facts": _facts(population, year), "as_of": as_of,
        "records": AwardRecord.objects.filter(person=person).order_by("-year")[:30],
        "deferrals": person.deferrals.all(), "may_defer": may_defer,
        "deferral_form": DeferralForm() if may_defer else None,
        "regulations": [d for d in decisions if d.start <= as_of and (d.end is None or as_of <= d.end)],
        "regulation_titles": {k: (r.title_vi if _vi() else r.title_en) for k, r in REGULATIONS.items()},
    })


@login_required
@require_POST
def person_defer(request, pk):
    person = get_object_or_404(Person, pk=pk)
    check(request.user, "organization.discipline_person", person)
    form = DeferralForm(request.POST)
    if form.is_valid():
        try:
            defer(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, _("The deferral is recorded: no proposal while it lasts."))
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("rules:why_not", pk=person.pk)


@login_required
@require_POST
def deferral_end(request, pk):
    deferral = get_object_or_404(Deferral.objects.select_related("person"), pk=pk)
    check(request.user, "organization.discipline_person", deferral.person)
    try:
        day = datetime.date.fromisoformat(request.POST.get("end_date", ""))
        end_deferral(actor=request.user, deferral=deferral, end_date=day)
        messages.success(request, _("The deferral has ended."))
    except ValueError:
        messages.error(request, _("Give the end date."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("rules:why_not", pk=deferral.person_id)


# The law, award by award ---------------------------------------------------------------------------

PARAMETERS = {
    "LDTT": ["conditions.ldtt_min_service_months"],
    "CSTD_CO_SO": ["conditions.cstd_co_so_requires_initiative", "quotas.cstd_co_so_share_of_ldtt"],
    "BANG_KHEN_BO": ["conditions.bang_khen_bo_years", "conditions.bang_khen_bo_initiatives"],
    "BANG_KHEN_TTCP": ["conditions.long_run_years", "conditions.long_run_cstd_co_so_times",
                       "conditions.bang_khen_ttcp_initiatives_2017"],
    "BANG_KHEN_UBTVQH": ["conditions.long_run_years", "conditions.long_run_cstd_co_so_times"],
    "HCLD_3": ["conditions.long_run_years", "conditions.hcld_3_htxsnv_years", "conditions.long_run_cstd_co_so_times"],
    "HCLD_2": ["conditions.long_run_years", "conditions.hcld_2_htxsnv_years", "conditions.hcld_2_cstd_bo_times"],
    "HCLD_1": ["conditions.long_run_years", "conditions.hcld_1_htxsnv_years", "conditions.hcld_1_cstd_bo_times"],
    "TT_LDTT": ["conditions.tt_ldtt_min_ldtt_share"],
    "TT_LDXS": ["conditions.tt_ldxs_min_ldtt_share", "conditions.tt_ldxs_min_completed_share"],
    "CO_THI_DUA_CP": ["quotas.co_thi_dua_cp_share"],
    "TT_BANG_KHEN_BO": ["conditions.tt_bang_khen_bo_years"],
    "TT_BANG_KHEN_TTCP": ["conditions.long_run_years", "conditions.tt_bang_khen_ttcp_flags"],
}


def _parameter(path: str) -> dict:
    node = tax_benefit_system().parameters
    for part in path.split("."):
        node = node.children[part]
    reference_list = (node.metadata or {}).get("reference") or []
    values = sorted(node.values_list, key=lambda v: v.instant_str)
    return {"path": path, "description": node.description or path,
            "reference": "; ".join(r.get("title", "") if isinstance(r, dict) else str(r) for r in reference_list),
            "values": [{"from": datetime.date.fromisoformat(v.instant_str), "value": v.value} for v in values]}


def _examples(code: str) -> list[dict]:
    """The YAML cases that decide this award, as worked examples."""
    system = tax_benefit_system()
    out = []
    for path in sorted((HERE / "tests").glob("*.yaml")) + sorted((HERE / "regulations" / "tests").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            expected = (case.get("output") or {}).get(f"eligible_{code}")
            if expected is None:
                continue
            facts = []
            for name, per_year in (case.get("input") or {}).items():
                if name in ("has_data", "unit_has_data"):
                    continue
                variable = system.variables.get(name)
                for y, value in sorted(per_year.items()):
                    if name in ("rating", "unit_rating"):
                        value = RATING_NAMES.get(value, value)
                    elif name.startswith(("awarded_", "used_")) and value is True:
                        value = award_name(name.split("_", 1)[1])
                    facts.append({"year": y, "label": variable.label if variable else name, "value": value})
            out.append({"name": case["name"], "year": case["period"], "facts": facts,
                        "expected": next(iter(expected.values())), "regulation": bool(case.get("reforms"))})
    return out


@login_required
def law_index(request):
    awards = [{"code": c, "name": award_name(c), "subject": a.subject, "kind": a.kind} for c, a in AWARDS.items()]
    return render(request, "rules/law_index.html", {"awards": awards})


@login_required
def law_award(request, code):
    award = AWARDS.get(code)
    if award is None:
        raise Http404
    today = datetime.date.today()
    system = tax_benefit_system()
    regime = regime_of(today)
    kinds = {"check": _("Condition"), "branch": _("One route"), "route": _("Council route"),
             "judgement": _("Council judgement")}
    conditions = []
    for spec in award.conditions:
        variable = system.variables.get(spec.variable) or system.variables.get("unit_" + spec.variable)
        conditions.append({"text": TEXTS[spec.variable][0 if _vi() else 1], "kind": kinds[spec.kind],
                           "reference": reference(award, spec, variable.reference, regime),
                           "reference_2017": reference(award, spec, variable.reference, 2017)})
    law = law_in_force(today)
    money = [_parameter("base_salary"), _parameter(f"bonus.multiple.{code}"), _parameter("bonus.rounding")]
    agencies = Agency.objects.filter(pk__in=visible_units(request.user).values("agency_id"))
    in_force = AgencyRegulation.objects.filter(agency__in=agencies, key__in=[
        k for k, r in REGULATIONS.items() if code in r.awards or (code == "CSTD_CO_SO" and k == "cstd_co_so_quota")
    ]).select_related("agency")
    return render(request, "rules/law_award.html", {
        "award": award, "name": award_name(code), "conditions": conditions, "regime": regime,
        "parameters": [_parameter(p) for p in PARAMETERS.get(code, [])], "money": money,
        "bonus_now": law["base_salary"] * float(law["multiples"][code]),
        "regulations": [r for r in REGULATIONS.values() if code in r.awards], "in_force": in_force,
        "examples": _examples(code),
    })


class RegulationForm(forms.Form):
    agency = forms.ModelChoiceField(label=_l("Agency"), queryset=Agency.objects.none())
    key = forms.ChoiceField(label=_l("Regulation"))
    value = forms.FloatField(label=_l("Value"), required=False, min_value=0, max_value=100)
    decision_number = forms.CharField(label=_l("Decision number"), max_length=64)
    decision_date = forms.DateField(label=_l("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    article = forms.CharField(label=_l("Article"), max_length=64, required=False)
    effective_from = forms.DateField(label=_l("In force from"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=visible_units(user).values("agency_id"))
        self.fields["key"].choices = [(k, r.title_vi if _vi() else r.title_en) for k, r in REGULATIONS.items()]


@login_required
def regulations(request):
    agencies = Agency.objects.filter(pk__in=visible_units(request.user).values("agency_id"))
    form = RegulationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            put_in_force(actor=request.user, agency=data["agency"], key=data["key"], value=data["value"] or 0,
                         decision_number=data["decision_number"], decision_date=data["decision_date"],
                         effective_from=data["effective_from"], article=data["article"])
            messages.success(request, _("The regulation is in force from the date given."))
            return redirect("rules:regulations")
        except ValidationError as exc:
            apply_errors(form, exc)
    rows = AgencyRegulation.objects.filter(agency__in=agencies).select_related("agency")
    return render(request, "rules/regulations.html", {
        "catalogue": [{"key": k, "title": r.title_vi if _vi() else r.title_en,
                       "text": (r.text_vi if _vi() else r.text_en).format(value="N"), "basis": r.basis,
                       "awards": [award_name(a) for a in r.awards]} for k, r in REGULATIONS.items()],
        "rows": rows, "form": form, "titles": {k: (r.title_vi if _vi() else r.title_en) for k, r in REGULATIONS.items()},
    })


@login_required
@require_POST
def regulation_repeal(request, pk):
    row = get_object_or_404(AgencyRegulation, pk=pk)
    try:
        repeal(actor=request.user, regulation=row, effective_to=datetime.date.fromisoformat(request.POST.get("end", "")))
        messages.success(request, _("The regulation is repealed from the day after the date given."))
    except ValueError:
        messages.error(request, _("Give the end date."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("rules:regulations")
