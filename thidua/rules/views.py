import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thidua.awards.catalogue import AWARDS
from thidua.awards.codes import PERSON_AWARDS
from thidua.core.exports import export_response, user_agency
from thidua.core.views import check
from thidua.organization.models import Unit
from thidua.organization.selectors import visible_people, visible_units

from .bridge import evaluate_people
from .engine import verdict


def _default_year() -> int:
    return datetime.date.today().year - 1


class EligibleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2200)
    award = forms.ChoiceField(label=_("Award"))
    only_eligible = forms.BooleanField(label=_("Only those eligible"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user, include_dissolved=False).order_by("name")
        lang = get_language() or "vi"
        self.fields["award"].choices = [(c, AWARDS[c].name_vi if lang.startswith("vi") else AWARDS[c].name_en)
                                        for c in PERSON_AWARDS]


def _text(reason) -> str:
    return reason["text_vi"] if (get_language() or "vi").startswith("vi") else reason["text_en"]


@login_required
def eligible(request):
    form = EligibleForm(request.GET or None, user=request.user, initial={"year": _default_year(), "award": "LDTT"})
    rows, summary = [], None
    if request.GET and form.is_valid():
        unit, year, code = form.cleaned_data["unit"], form.cleaned_data["year"], form.cleaned_data["award"]
        check(request.user, "organization.view_unit", unit)
        people = visible_people(request.user, unit=unit)
        result = evaluate_people(people, year, [code])[code]
        names = {p.pk: p for p in people.only("pk", "code", "full_name", "unit__name")}
        for pid, ok, reasons in zip(result["ids"], result["eligible"], result["reasons"], strict=True):
            if form.cleaned_data["only_eligible"] and not ok:
                continue
            verdict_, _complete = verdict(bool(ok), reasons)
            failed = [r for r in reasons if (r["met"] is False and r["kind"] != "route") or r["kind"] == "missing"]
            rows.append({"person": names[int(pid)], "eligible": verdict_,
                         "why": "; ".join(_text(r) + f" ({r['reference']})" for r in failed)})
        rows.sort(key=lambda r: (r["eligible"] is not True, r["eligible"] is None, r["person"].sort_name))
        summary = {"eligible": int(result["eligible"].sum()), "total": len(result["ids"]),
                   "bonus": result["bonus_vnd"]}
        if request.GET.get("export") == "xlsx":
            return export_response("xlsx", f"danh-sach-du-dieu-kien-{AWARDS[code].name_vi}-{year}",
                                   ["Mã cán bộ", "Họ và tên", "Đơn vị", "Đủ điều kiện", "Lý do chưa đạt"],
                                   ([r["person"].code, r["person"].full_name, r["person"].unit.name,
                                     {True: "Có", False: "Không", None: "Thiếu dữ liệu"}[r["eligible"]], r["why"]]
                                    for r in rows),
                                   title=f"Danh sách đủ điều kiện {AWARDS[code].name_vi} năm {year}",
                                   agency=user_agency(request.user))
    return render(request, "rules/eligible.html", {"form": form, "rows": rows[:500], "summary": summary,
                                                   "qs": request.GET.urlencode()})
