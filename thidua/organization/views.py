import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.scope import MANAGERS, units_for
from thidua.core.exports import export_response, user_agency
from thidua.core.views import apply_errors, check, paginate, query_string_without_page

from . import selectors, services
from .forms import (
    BlockForm,
    BlockYearForm,
    DisciplineModelForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    NewPersonForm,
    PersonForm,
    RatingForm,
    RenameForm,
    SplitForm,
    TransferForm,
    UnitForm,
)
from .models import EmulationBlock, Person, PersonCategory, Unit
from .panels import unit_panels


def _managed_units(user, agency_id=None):
    qs = selectors.units_with_roles(user, MANAGERS)
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


# Units ---------------------------------------------------------------------------------------------


@login_required
def unit_list(request):
    query = request.GET.get("q", "").strip()
    if query:
        units = selectors.visible_units(request.user, query=query).order_by("name")[:200]
        return render(request, "organization/unit_list.html", {"results": units, "q": query})
    allowed = units_for(request.user)
    tree = Unit.objects.with_tree_fields().select_related("agency")
    if allowed is not None:
        tree = tree.filter(pk__in=allowed)
    return render(request, "organization/unit_list.html", {"tree": list(tree), "q": query})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.select_related("agency", "parent", "successor"), pk=pk)
    check(request.user, "organization.view_unit", unit)
    people = paginate(request, selectors.visible_people(request.user, unit=unit, subtree=False), 50)
    context = {
        "unit": unit,
        "subtree": selectors.unit_subtree(request.user, unit),
        "ancestors": list(unit.ancestors()),
        "people": people,
        "names": unit.name_history.all(),
        "changes": (unit.changes_out.all() | unit.changes_in.all()).distinct()[:20],
        "can_change": request.user.has_perm("organization.change_unit", unit),
        "unit_ratings": unit.ratings.all(),
        "rating_form": RatingForm(initial={"year": datetime.date.today().year - 1}),
        "panels": unit_panels(request, unit),
    }
    return render(request, "organization/unit_detail.html", context)


@login_required
@require_POST
def unit_rate(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    check(request.user, "organization.change_unit", unit)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.set_unit_rating(actor=request.user, unit=unit, year=form.cleaned_data["year"],
                                     rating=form.cleaned_data["rating"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The collective's rating was saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(unit)


@login_required
def unit_create(request, parent_pk):
    parent = get_object_or_404(Unit, pk=parent_pk)
    check(request.user, "organization.change_unit", parent)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(actor=request.user, agency=parent.agency, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit was created."))
            return redirect("organization:unit_detail", pk=unit.pk)
    return render(request, "organization/form.html", {"form": form, "title": _("New sub-unit of %(name)s")
                                                      % {"name": parent.name}, "back": parent})


@login_required
def unit_edit(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    check(request.user, "organization.change_unit", unit)
    initial = {"code": unit.code, "name": unit.name, "kind": unit.kind, "established_on": unit.established_on}
    form = UnitForm(request.POST or None, initial=initial)
    form.fields["name"].disabled = True
    form.fields["name"].help_text = _("Use “Rename” to change the name with an effective date.")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "name"}
        try:
            services.update_unit(actor=request.user, unit=unit, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("organization:unit_detail", pk=unit.pk)
    return render(request, "organization/form.html", {"form": form, "title": _("Edit unit"), "back": unit})


UNIT_CHANGES = {
    "rename": (RenameForm, _("Rename unit")),
    "move": (MoveForm, _("Move under another parent")),
    "dissolve": (DissolveForm, _("Dissolve unit")),
    "split": (SplitForm, _("Split unit")),
}


@login_required
def unit_change(request, pk, kind):
    unit = get_object_or_404(Unit, pk=pk)
    check(request.user, "organization.change_unit", unit)
    if kind not in UNIT_CHANGES:
        raise PermissionDenied
    form_class, title = UNIT_CHANGES[kind]
    kwargs = {}
    if kind in ("move", "dissolve"):
        kwargs["units"] = _managed_units(request.user, unit.agency_id).exclude(pk=unit.pk)
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "rename":
                services.rename_unit(actor=request.user, unit=unit, **data)
            elif kind == "move":
                services.move_unit(actor=request.user, unit=unit, **data)
            elif kind == "dissolve":
                services.dissolve_unit(actor=request.user, unit=unit, **data)
            else:
                parts = [{"code": data["code_1"], "name": data["name_1"]},
                         {"code": data["code_2"], "name": data["name_2"]}]
                assignments = {int(k[7:]): int(v) for k, v in request.POST.items()
                               if k.startswith("person_") and v in ("0", "1")}
                targets = services.split_unit(actor=request.user, source=unit, parts=parts, assignments=assignments,
                                              effective_on=data["effective_on"],
                                              decision_number=data["decision_number"])
                messages.success(request, _("The unit was split."))
                return redirect("organization:unit_detail", pk=targets[0].pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The change was recorded."))
            return redirect("organization:unit_detail", pk=unit.pk)
    people = list(Person.objects.filter(unit=unit)) if kind == "split" else []
    return render(request, "organization/unit_change.html",
                  {"form": form, "title": title, "unit": unit, "people": people, "kind": kind})


@login_required
def unit_merge(request):
    check(request.user, "organization.manage_any")
    units = _managed_units(request.user)
    form = MergeForm(request.POST or None, units=units)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sources = list(data["sources"])
        preview = services.preview_merge(actor=request.user, sources=sources, parent=data["parent"])
        if "confirm" in request.POST and preview.ok:
            try:
                target = services.merge_units(actor=request.user, sources=sources, code=data["code"],
                                              name=data["name"], parent=data["parent"],
                                              effective_on=data["effective_on"],
                                              decision_number=data["decision_number"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The units were merged."))
                return redirect("organization:unit_detail", pk=target.pk)
    return render(request, "organization/unit_merge.html", {"form": form, "preview": preview})


# People --------------------------------------------------------------------------------------------


PEOPLE_EXPORT_HEADERS = ["Mã cán bộ", "Họ và tên", "Giới tính", "Ngày sinh", "Đối tượng", "Chức vụ",
                         "Ngạch/Hạng", "Mã đơn vị", "Đơn vị"]


@login_required
def person_list(request):
    query = request.GET.get("q", "").strip()
    unit = None
    if request.GET.get("unit"):
        unit = get_object_or_404(Unit, pk=request.GET["unit"])
        check(request.user, "organization.view_unit", unit)
    category = request.GET.get("category") or None
    people = selectors.visible_people(request.user, query=query, unit=unit, category=category)
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        rows = ([p.code, p.full_name, p.get_gender_display(), p.date_of_birth, p.get_category_display(),
                 p.position, p.rank, p.unit.code, p.unit.name] for p in people.iterator(chunk_size=2000))
        return export_response(export, f"danh-sach-can-bo-{unit.name if unit else ''}", PEOPLE_EXPORT_HEADERS, rows,
                               title="Danh sách cán bộ, công chức, viên chức, người lao động"
                               + (f" — {unit.name}" if unit else ""),
                               agency=unit.agency.name if unit else user_agency(request.user))
    context = {
        "page": paginate(request, people, 50),
        "q": query,
        "unit": unit,
        "category": category,
        "categories": PersonCategory.choices,
        "qs": query_string_without_page(request),
        "can_add": request.user.has_perm("organization.manage_any"),
    }
    template = "organization/_people_table.html" if request.headers.get("HX-Request") else "organization/person_list.html"
    return render(request, template, context)


@login_required
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.select_related("agency", "unit"), pk=pk)
    check(request.user, "organization.view_person", person)
    context = {
        "person": person,
        "memberships": person.memberships.select_related("unit").prefetch_related("unit__name_history"),
        "ratings": person.ratings.select_related("set_by"),
        "disciplines": person.disciplines.all(),
        "award_records": person.award_records.select_related("revocation"),
        "authorships": person.authorships.select_related("initiative").prefetch_related("initiative__recognitions"),
        "can_change": request.user.has_perm("organization.change_person", person),
        "can_rate": request.user.has_perm("organization.rate_person", person),
        "can_discipline": request.user.has_perm("organization.discipline_person", person),
        "rating_form": RatingForm(initial={"year": datetime.date.today().year}),
        "discipline_form": DisciplineModelForm(),
    }
    return render(request, "organization/person_detail.html", context)


@login_required
def person_create(request):
    check(request.user, "organization.manage_any")
    units = _managed_units(request.user)
    initial = {"unit": request.GET.get("unit"), "start_date": datetime.date.today()}
    form = NewPersonForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The person was added."))
            return redirect("organization:person_detail", pk=person.pk)
    return render(request, "organization/form.html", {"form": form, "title": _("Add a person")})


@login_required
def person_edit(request, pk):
    person = get_object_or_404(Person, pk=pk)
    check(request.user, "organization.change_person", person)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("organization:person_detail", pk=person.pk)
    return render(request, "organization/form.html", {"form": form, "title": _("Edit person"), "back": person})


@login_required
def person_transfer(request, pk):
    person = get_object_or_404(Person, pk=pk)
    check(request.user, "organization.change_person", person)
    form = TransferForm(request.POST or None, units=_managed_units(request.user, person.agency_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_person(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The transfer was recorded."))
            return redirect("organization:person_detail", pk=person.pk)
    return render(request, "organization/form.html",
                  {"form": form, "title": _("Transfer to another unit"), "back": person})


@login_required
@require_POST
def person_rate(request, pk):
    person = get_object_or_404(Person, pk=pk)
    check(request.user, "organization.rate_person", person)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.set_rating(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    else:
        messages.success(request, _("The rating was saved."))
    return redirect("organization:person_detail", pk=person.pk)


@login_required
def person_discipline(request, pk):
    person = get_object_or_404(Person, pk=pk)
    check(request.user, "organization.discipline_person", person)
    form = DisciplineModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_discipline(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The disciplinary measure was recorded."))
            return redirect("organization:person_detail", pk=person.pk)
    return render(request, "organization/form.html",
                  {"form": form, "title": _("Record a disciplinary measure"), "back": person})


# Blocks --------------------------------------------------------------------------------------------


def _year_param(value) -> int | None:
    return int(value) if value and value.isdigit() and 1990 <= int(value) <= 2200 else None


@login_required
def block_list(request):
    return render(request, "organization/block_list.html", {
        "blocks": selectors.visible_blocks(request.user),
        "can_add": request.user.has_perm("organization.change_block"),
    })


@login_required
def block_detail(request, pk):
    block = get_object_or_404(EmulationBlock.objects.select_related("host_agency"), pk=pk)
    check(request.user, "organization.view_block", block)
    years = sorted(set(block.memberships.values_list("year", flat=True)), reverse=True)
    year = _year_param(request.GET.get("year")) or (years[0] if years else datetime.date.today().year)
    # Not "block": inside {% block %} tags Django's template engine binds that name to the block node itself.
    return render(request, "organization/block_detail.html", {
        "emulation_block": block, "year": year, "years": years,
        "next_year": None if year + 1 in years else year + 1,
        "members": selectors.block_year_members(block, year),
        "history": selectors.block_leadership_history(block),
        "can_change": request.user.has_perm("organization.change_block", block),
    })


@login_required
def block_create(request):
    check(request.user, "organization.change_block")
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            block = services.create_block(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("organization:block_detail", pk=block.pk)
    return render(request, "organization/form.html", {"form": form, "title": _("New emulation block")})


@login_required
def block_year(request, pk):
    block = get_object_or_404(EmulationBlock, pk=pk)
    check(request.user, "organization.change_block", block)
    year = _year_param(request.GET.get("year")) or datetime.date.today().year
    proposal = selectors.block_year_proposal(block, year)
    initial = {"year": year, "agencies": [a.pk for a in proposal["agencies"]],
               "leader": proposal["leader"], "deputy": proposal["deputy"]}
    form = BlockYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_block_members(actor=request.user, block=block, year=form.cleaned_data["year"],
                                       agencies=list(form.cleaned_data["agencies"]),
                                       leader=form.cleaned_data["leader"], deputy=form.cleaned_data["deputy"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The block's members were saved."))
            return redirect(f"{block.get_absolute_url()}?year={form.cleaned_data['year']}")
    return render(request, "organization/form.html",
                  {"form": form, "title": _("Members, leader and deputy for a year"), "back": block})


@login_required
@require_POST
def block_rotate(request, pk):
    block = get_object_or_404(EmulationBlock, pk=pk)
    check(request.user, "organization.change_block", block)
    year = _year_param(request.POST.get("year"))
    if year is None:
        return redirect(block.get_absolute_url())
    try:
        services.rotate_block_leadership(actor=request.user, block=block, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Leadership rotated for %(year)s.") % {"year": year})
    return redirect(f"{block.get_absolute_url()}?year={year}")
