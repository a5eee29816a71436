import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.exports import export_response, user_agency
from thidua.core.views import apply_errors, check, paginate, query_string_without_page
from thidua.organization.selectors import visible_units

from . import selectors, services
from .forms import (
    AttachmentForm,
    AuthorForm,
    AuthorFormSet,
    DeclineForm,
    InitiativeForm,
    RecognitionForm,
    ReviewForm,
    SearchForm,
    authors_from,
)
from .models import Initiative, Scope
from .rules import reviewer_seat

EXPORT_HEADERS = ["Tên sáng kiến", "Loại", "Lĩnh vực", "Tác giả (tỷ lệ đóng góp)", "Đơn vị", "Ngày áp dụng lần đầu",
                  "Phạm vi ảnh hưởng", "Quyết định công nhận", "Số tiền làm lợi (đồng/năm)"]


def _export_rows(initiatives):
    for item in initiatives.prefetch_related("recognitions"):
        authors = "; ".join(f"{a.person.full_name} ({a.share.normalize():f}%)" for a in item.authors.all())
        decisions = "; ".join(f"{r.decision_number} {r.decision_date:%d/%m/%Y}" for r in item.recognitions.all())
        yield [item.title, item.get_kind_display(), item.get_field_display(), authors, item.unit.name,
               item.first_applied_on, item.get_scope_display() if item.scope else "", decisions,
               item.money_saved_vnd]


@login_required
def initiative_list(request):
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    initiatives = selectors.visible_initiatives(request.user, query=filters.get("q"), field=filters.get("field"),
                                                scope=filters.get("scope"), year=filters.get("year"),
                                                kind=filters.get("kind"))
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        return export_response(export, "so-theo-doi-sang-kien", EXPORT_HEADERS, _export_rows(initiatives),
                               title="Sổ theo dõi sáng kiến", agency=user_agency(request.user))
    context = {"form": form, "page": paginate(request, initiatives, 50), "qs": query_string_without_page(request),
               "can_register": visible_units(request.user, include_dissolved=False).exists()}
    template = "initiatives/_table.html" if request.headers.get("HX-Request") else "initiatives/list.html"
    return render(request, template, context)


def _edit(request, initiative=None):
    units = visible_units(request.user, include_dissolved=False).order_by("name")
    if initiative is None:
        initial = {"first_applied_on": datetime.date.today()}
        person = getattr(request.user, "person", None)
        if person is not None:
            initial["unit"] = person.unit_id
        author_initial = [{"code": person.code, "share": 100}] if person is not None else []
    else:
        initial = {name: getattr(initiative, name) for name in services.TEXT_FIELDS}
        initial.update(unit=initiative.unit_id, applied_units=list(initiative.applied_units.values_list("pk", flat=True)))
        author_initial = [{"code": a.person.code, "share": a.share} for a in initiative.authors.select_related("person")]
    form = InitiativeForm(request.POST or None, units=units, initial=initial)
    agency_id = form.data.get("unit") if form.is_bound else initial.get("unit")
    agency = units.filter(pk=agency_id).values_list("agency", flat=True).first() if agency_id else None
    formset = AuthorFormSet(request.POST or None, initial=author_initial, prefix="authors",
                            form_kwargs={"agency": agency, "user": request.user})
    _show_people(request.user, formset, agency)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        unit, applied = data.pop("unit"), list(data.pop("applied_units"))
        try:
            if initiative is None:
                initiative = services.register(actor=request.user, unit=unit, authors=authors_from(formset),
                                               applied_units=applied, **data)
                messages.success(request, _("The initiative was registered."))
            else:
                services.update(actor=request.user, initiative=initiative, authors=authors_from(formset),
                                applied_units=applied, **data)
                messages.success(request, _("The initiative was saved."))
        except ValidationError as exc:
            apply_errors(form, exc)
            if hasattr(exc, "error_dict") and "authors" in exc.error_dict:
                formset._non_form_errors = formset.error_class(exc.message_dict["authors"])
        else:
            return redirect(initiative)
    title = _("Register an initiative") if initiative is None else _("Edit initiative")
    return render(request, "initiatives/form.html",
                  {"form": form, "formset": formset, "title": title, "initiative": initiative})


def _show_people(user, formset, agency_id) -> None:
    """Each author row names the person its code stands for (name, unit, position), when the user may see them."""
    codes = {(f["code"].value() or "").strip() for f in formset.forms} - {""}
    people = {p.code: p for p in selectors.author_candidates(user, agency_id=agency_id).filter(code__in=codes)}
    for f in formset.forms:
        f.person = people.get((f["code"].value() or "").strip())


@login_required
def author_lookup(request):
    """The co-author search of one row of the authors table (htmx): people the user may see, of the registering
    unit's agency, by name or code; `pick` fills the row with the chosen person."""
    row = request.GET.get("row", "")
    if not row.isdigit() or int(row) >= AuthorFormSet.max_num:
        raise Http404
    prefix = f"authors-{row}"
    unit = request.GET.get("unit", "")
    agency = (visible_units(request.user).filter(pk=unit).values_list("agency", flat=True).first()
              if unit.isdigit() else None)
    if "pick" in request.GET:
        person = get_object_or_404(selectors.author_candidates(request.user, agency_id=agency),
                                   code=request.GET["pick"])
        form = AuthorForm(prefix=prefix, initial={"code": person.code, "share": request.GET.get(f"{prefix}-share")})
        form.person = person
        return render(request, "initiatives/_author_row.html", {"f": form, "row": int(row)})
    query = request.GET.get(f"{prefix}-code", "").strip()[:100]
    people = selectors.author_candidates(request.user, agency_id=agency, query=query)[:10] if len(query) >= 2 else []
    return render(request, "initiatives/_author_matches.html", {"people": people, "row": int(row), "query": query})


@login_required
def initiative_create(request):
    if not visible_units(request.user, include_dissolved=False).exists():
        raise PermissionDenied
    return _edit(request)


@login_required
def initiative_edit(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    check(request.user, "initiatives.change_initiative", initiative)
    return _edit(request, initiative)


@login_required
def initiative_detail(request, pk, forms=None):
    initiative = get_object_or_404(Initiative.objects.select_related("unit", "agency"), pk=pk)
    check(request.user, "initiatives.view_initiative", initiative)
    forms = forms or {}
    reviews = initiative.reviews.select_related("reviewer__user__person")
    seat = reviewer_seat(request.user, initiative)
    own = bool(request.user.person_id and initiative.authors.filter(person_id=request.user.person_id).exists())
    can_recognise = request.user.has_perm("initiatives.recognise_initiative", initiative)
    next_scope = (initiative.scope or 0) + 1
    context = {
        "initiative": initiative,
        "authors": initiative.authors.select_related("person"),
        "applied_units": initiative.applied_units.all(),
        "attachments": initiative.attachments.all(),
        "reviews": reviews,
        "averages": reviews.aggregate(novelty=Avg("novelty"), applicability=Avg("applicability"),
                                      effectiveness=Avg("effectiveness")),
        "recognitions": initiative.recognitions.all(),
        "can_edit": request.user.has_perm("initiatives.change_initiative", initiative),
        "can_review": seat is not None and not own and not reviews.filter(reviewer=seat).exists(),
        "can_recognise": can_recognise and next_scope <= Scope.TOAN_QUOC,
        "can_decline": can_recognise and initiative.status == "registered",
        "review_form": forms.get("review") or ReviewForm(),
        "recognition_form": forms.get("recognise") or RecognitionForm(initial={"scope": next_scope}),
        "attachment_form": forms.get("attach") or AttachmentForm(),
        "decline_form": forms.get("decline") or DeclineForm(),
    }
    return render(request, "initiatives/detail.html", context, status=400 if forms else 200)


def _action(request, pk, form_class, key, call, done):
    initiative = get_object_or_404(Initiative, pk=pk)
    check(request.user, "initiatives.view_initiative", initiative)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(initiative, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(initiative)
    return initiative_detail(request, pk, forms={key: form})


@login_required
@require_POST
def initiative_review(request, pk):
    return _action(request, pk, ReviewForm, "review",
                   lambda i, data: services.review(actor=request.user, initiative=i, **data), _("Your review was saved."))


@login_required
@require_POST
def initiative_recognise(request, pk):
    return _action(request, pk, RecognitionForm, "recognise",
                   lambda i, data: services.recognise(actor=request.user, initiative=i, **data),
                   _("The recognition was recorded."))


@login_required
@require_POST
def initiative_attach(request, pk):
    return _action(request, pk, AttachmentForm, "attach",
                   lambda i, data: services.attach(actor=request.user, initiative=i, upload=data["file"]),
                   _("The file was attached."))


@login_required
@require_POST
def initiative_decline(request, pk):
    return _action(request, pk, DeclineForm, "decline",
                   lambda i, data: services.decline(actor=request.user, initiative=i, **data),
                   _("The initiative was marked as not recognised."))


@login_required
def attachment_download(request, pk, attachment_pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    check(request.user, "initiatives.view_initiative", initiative)
    attachment = get_object_or_404(initiative.attachments, pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
