import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.models import Role
from thidua.accounts.scope import RATERS, roles_on
from thidua.core.exports import attachment
from thidua.core.views import apply_errors
from thidua.organization.models import Person
from thidua.organization.selectors import visible_agencies, visible_blocks, visible_units

from . import charts, excel, selectors, services, statutory
from .documents import review_docx, review_pdf
from .models import Education, ReviewKind
from .reviews import build

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTERS = RATERS | {Role.INSPECTOR}


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
def dashboard(request):
    year = _year(request)
    today = timezone.localdate()
    user = request.user
    pipeline, overdue = selectors.pipeline(user, year, today)
    years, rankings = selectors.rankings_over_time(user, year)
    groups = selectors.award_groups(user, year)
    figures = [
        charts.bar_chart("targets", _("Work-plan targets %(year)s") % {"year": year},
                         selectors.target_status(user, year, today)),
        charts.bar_chart("levels", _("Awards %(year)s by level") % {"year": year},
                         selectors.awards_by_level(user, year, groups)),
        charts.bar_chart("units", _("Awards %(year)s by unit") % {"year": year}, selectors.awards_by_unit(user, year, groups)),
        charts.bar_chart("gender", _("Awards %(year)s to people, by gender") % {"year": year},
                         selectors.awards_by_gender(user, year, groups)),
        charts.bar_chart("pipeline", _("Nominations %(year)s at each stage") % {"year": year}, pipeline),
        charts.bar_chart("bonus", _("Bonus money by year"), selectors.bonus_by_year(user, year, groups),
                         money=True),
    ]
    progress = [(row["movement"], charts.bar_chart(f"movement-{row['movement'].pk}", row["movement"].title,
                                                   row["bars"])) for row in selectors.movement_progress(user, year)]
    return render(request, "reports/dashboard.html", {
        "year": year, "years_choice": range(today.year - 5, today.year + 1), "figures": figures, "progress": progress,
        "overdue": overdue, "rank_years": years, "rankings": rankings,
        "can_report": _report_agencies(user).exists()})


@login_required
def drill(request):
    title, headers, rows, error = selectors.drill(request.user, request.GET, timezone.localdate())
    if error:
        raise Http404(error)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/drill.html", {"title": title, "headers": headers, "page": page,
                                                  "qs": query.urlencode(), "total": len(rows)})


# Statutory reports ---------------------------------------------------------------------------------


def _report_agencies(user):
    agencies = visible_agencies(user)
    if user.is_superuser:
        return agencies
    return agencies.filter(pk__in=[a.pk for a in agencies if a.root_unit and
                                   roles_on(user, a.root_unit.pk) & REPORTERS])


class PeriodForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=None)
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > 366 * 5):
            raise forms.ValidationError(_("Choose a period that ends after it starts, of at most five years."))
        return data


def _period_form(request):
    agencies = _report_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    year = _year(request)
    form = PeriodForm(request.GET if "start" in request.GET else None, agencies=agencies, initial={
        "agency": agencies.first(), "start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, data["agency"], data["start"], data["end"]
    return form, agencies.first(), datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@login_required
def statutory_index(request):
    form, agency, start, end = _period_form(request)
    return render(request, "reports/statutory_index.html", {
        "form": form, "forms_list": [statutory.FORMS[c]() for c in statutory.FORMS], "agency": agency,
        "start": start, "end": end}, status=400 if form.errors else 200)


@login_required
def statutory_form(request, code):
    if code not in statutory.FORMS:
        raise Http404
    form, agency, start, end = _period_form(request)
    result = statutory.compute(code, agency=agency, start=start, end=end)
    if request.GET.get("export") == "xlsx":
        return attachment(HttpResponse(excel.workbook(result), content_type=XLSX),
                          f"bieu-{code}-N-BNV-TDKT-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
    rows = [(line, [(col, None if line.heading or line.code in result.form.unrecorded else
                     result.count(line.code, col.key)) for col in result.form.columns])
            for line in result.form.lines]
    return render(request, "reports/statutory_form.html", {
        "result": result, "rows": rows, "form": form, "query": request.GET.urlencode(),
        "notes": excel.form_notes(result), "cell_base": f"agency={agency.pk}&start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"})


@login_required
def statutory_cell(request, code):
    if code not in statutory.FORMS:
        raise Http404
    _form, agency, start, end = _period_form(request)
    result = statutory.compute(code, agency=agency, start=start, end=end)
    line, column = request.GET.get("line", ""), request.GET.get("column", "")
    ids = result.cells.get((line, column), [])
    rows = [[key, excel.describe(result.form, result.records[key])] for key in ids]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    label = next((f"{x.code} {x.label}" for x in result.form.lines if x.code == line), line)
    header = next((f"{c.group} — {c.header}" if c.group else c.header for c in result.form.columns if c.key == column),
                  column)
    return render(request, "reports/drill.html", {
        "title": _("Form %(code)s: %(line)s × %(column)s") % {"code": result.form.sign, "line": label,
                                                                "column": header},
        "headers": [_("Record"), _("Details")], "page": page, "qs": query.urlencode(), "total": len(rows)})


class OfficerForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    education = forms.ChoiceField(label=gettext_lazy("Training level"), required=False,
                                  choices=[("", "—"), *Education.choices])
    emulation_work_since = forms.DateField(label=gettext_lazy("Working in emulation and commendation since"),
                                           required=False, widget=forms.DateInput(attrs={"type": "date"},
                                                                                  format="%Y-%m-%d"))


@login_required
def officers(request):
    """Form 0605's questions about each emulation officer of the agency: training level and seniority."""
    _form, agency, start, end = _period_form(request)
    people = Person.objects.filter(pk__in=[row["id"] for row in statutory._officer_people(agency)]) \
        .select_related("unit", "officer_profile").order_by("sort_name")
    bound = None
    if request.method == "POST":
        bound = OfficerForm(request.POST)
        if bound.is_valid():
            person = get_object_or_404(people, pk=bound.cleaned_data["person"])
            try:
                services.save_officer_profile(actor=request.user, person=person,
                                              education=bound.cleaned_data["education"],
                                              emulation_work_since=bound.cleaned_data["emulation_work_since"])
            except ValidationError as exc:
                apply_errors(bound, exc)
            else:
                messages.success(request, _("Saved: %(name)s.") % {"name": person.full_name})
                return redirect(f"{request.path}?{request.GET.urlencode()}")
    rows = []
    for person in people:
        profile = getattr(person, "officer_profile", None)
        form = bound if bound is not None and str(person.pk) == request.POST.get("person") else OfficerForm(
            initial={"person": person.pk, "education": profile.education if profile else "",
                     "emulation_work_since": profile.emulation_work_since if profile else None})
        form.prefix = None
        form.auto_id = f"id_{person.pk}_%s"
        rows.append((person, form, request.user.has_perm("organization.change_person", person)))
    return render(request, "reports/officers.html", {"agency": agency, "rows": rows, "query": request.GET.urlencode()},
                  status=400 if bound is not None else 200)


# Reviews -------------------------------------------------------------------------------------------


def _subject(request, subject_kind: str, pk: int):
    subject = selectors.review_subject(request.user, subject_kind, pk)
    if subject is None:
        raise Http404
    return subject


class ReviewForm(forms.Form):
    achievements = forms.CharField(label=gettext_lazy("Main results"), required=False, max_length=services.LIMIT,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    limitations = forms.CharField(label=gettext_lazy("Limitations and causes"), required=False,
                                  max_length=services.LIMIT, widget=forms.Textarea(attrs={"rows": 4}))
    next_steps = forms.CharField(label=gettext_lazy("Tasks and solutions for the next period"), required=False,
                                 max_length=services.LIMIT, widget=forms.Textarea(attrs={"rows": 4}))


@login_required
def review(request, subject_kind, pk, year, kind):
    if kind not in ReviewKind.values or not 2000 <= year <= 2100:
        raise Http404
    subject = _subject(request, subject_kind, pk)
    pack = build(kind=kind, year=year, subject=subject, today=timezone.localdate())
    can_edit = services.can_edit_review(request.user, subject_kind, subject)
    form = ReviewForm(request.POST or None, initial={"achievements": pack.review.achievements,
                                                     "limitations": pack.review.limitations,
                                                     "next_steps": pack.review.next_steps})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.save_review(actor=request.user, review=pack.review, **form.cleaned_data)
            messages.success(request, _("The review is saved."))
            return redirect(request.path)
    export = request.GET.get("export")
    filename = f"{'so-ket' if kind == 'mid' else 'tong-ket'}-{year}-{subject_kind}-{subject.pk}"
    if export == "docx":
        return review_docx(pack).response(filename)
    if export == "pdf":
        response = HttpResponse(review_pdf(pack), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    return render(request, "reports/review.html", {"pack": pack, "form": form, "can_edit": can_edit},
                  status=400 if form.errors else 200)


@login_required
def review_index(request):
    year = _year(request)
    units = visible_units(request.user, include_dissolved=False).filter(parent__isnull=True) | \
        visible_units(request.user, include_dissolved=False).filter(parent__parent__isnull=True)
    return render(request, "reports/review_index.html", {
        "year": year, "units": units.order_by("agency__name", "position", "name")[:200],
        "movements": selectors.scoped_movements(request.user).filter(year=year).order_by("title"),
        "blocks": visible_blocks(request.user), "kinds": ReviewKind.choices})
