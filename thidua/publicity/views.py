from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.scope import MANAGERS, RATERS
from thidua.core.exports import export_response
from thidua.core.views import apply_errors, check, paginate, query_string_without_page
from thidua.initiatives.selectors import visible_initiatives
from thidua.organization.models import Agency, Unit
from thidua.organization.selectors import units_with_roles, visible_agencies

from . import discovery, selectors, services
from .forms import (
    AdoptForm,
    CitationForm,
    CommentForm,
    CongressForm,
    DeclineForm,
    HonourForm,
    MeasureForm,
    NominationForm,
    PhotoForm,
    SettingsForm,
    StoryForm,
)
from .models import Congress, Digest, ExemplaryModel, ModelKind, ModelStatus, Replication
from .rules import agency_ids

PER_PAGE = 20


def _year(params, default):
    value = params.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


@login_required
def model_list(request):
    status = request.GET.get("status") if request.GET.get("status") in ModelStatus.values else None
    kind = request.GET.get("kind") if request.GET.get("kind") in ModelKind.values else None
    year = _year(request.GET, None)
    query = request.GET.get("q", "").strip()[:100]
    models = selectors.visible_models(request.user, query=query, status=status, kind=kind, year=year)
    return render(request, "publicity/model_list.html", {
        "page": paginate(request, models, 50), "qs": query_string_without_page(request), "q": query,
        "status": status or "", "kind": kind or "", "year": year or "", "statuses": ModelStatus.choices,
        "kinds": ModelKind.choices,
        "can_nominate": units_with_roles(request.user, RATERS).exists(),
        "can_discover": units_with_roles(request.user, MANAGERS).exists()})


def _managed_agencies(user):
    return visible_agencies(user).filter(units__in=units_with_roles(user, MANAGERS)).distinct()


@login_required
def discover(request):
    agencies = _managed_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    chosen = request.POST.get("agency") or request.GET.get("agency") or ""
    agency = (agencies.filter(pk=chosen).first() if chosen.isdigit() else None) or agencies.first()
    year = _year(request.POST if request.method == "POST" else request.GET, timezone.localdate().year - 1)
    if request.method == "POST":
        try:
            model = services.propose_from_record(actor=request.user, agency=agency, year=year,
                                                 key=request.POST.get("key", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(title)s” was added to the registry as a proposal.") % {"title": model.title})
        return redirect(f"{request.path}?agency={agency.pk}&year={year}")
    return render(request, "publicity/discover.html", {
        "agencies": agencies, "agency": agency, "year": year, "years": range(timezone.localdate().year, 2014, -1),
        "candidates": discovery.candidates(request.user, agency, year)})


@login_required
def nominate(request):
    units = units_with_roles(request.user, RATERS)
    if not units.exists():
        raise PermissionDenied
    agencies = {u.agency_id for u in units}
    form = NominationForm(request.POST or None, units=units,
                          initiatives=visible_initiatives(request.user).filter(agency_id__in=agencies,
                                                                               status="recognised").order_by("title"),
                          movements=_movements(agencies), initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("person_code")
        try:
            model = services.nominate(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The nomination was sent to the emulation officers."))
            return redirect(model)
    return render(request, "publicity/form.html", {"form": form, "title": _("Nominate an exemplary model")},
                  status=400 if form.errors else 200)


def _movements(agency_ids_):
    from thidua.movements.models import Movement

    return Movement.objects.filter(agency_id__in=agency_ids_).order_by("-year", "title")


def _model(request, pk) -> ExemplaryModel:
    model = get_object_or_404(ExemplaryModel.objects.select_related("unit", "agency", "person", "collective",
                                                                     "initiative", "movement"), pk=pk)
    check(request.user, "publicity.view_model", model)
    return model


@login_required
def model_detail(request, pk, forms=None, status=200):
    model = _model(request, pk)
    forms = forms or {}
    user = request.user
    adopting_units = units_with_roles(user, RATERS).filter(agency=model.agency).exclude(pk=model.unit_id) \
        .exclude(pk__in=model.replications.values("unit_id"))
    replications = list(model.replications.select_related("unit"))
    for item in replications:
        item.can_measure = user.has_perm("publicity.replicate_model", item.unit)
        item.measure_form = (forms["measure"] if forms.get("measure_pk") == item.pk else
                             MeasureForm(prefix=f"m{item.pk}", initial={"measured_on": timezone.localdate()}))
    settings_ = services.showcase_settings(model.agency)
    shown = model.status in services.SHOWN
    context = {
        "model": model, "photos": model.photos.all(), "replications": replications,
        "tree": selectors.adoption_tree(model) if replications else [],
        "can_manage": user.has_perm("publicity.manage_model", model),
        "can_edit_story": user.has_perm("publicity.edit_story", model),
        "can_adopt": shown and adopting_units.exists(),
        "citation_form": forms.get("recognise") or CitationForm(),
        "decline_form": forms.get("decline") or DeclineForm(),
        "photo_form": forms.get("photo") or PhotoForm(),
        "adopt_form": forms.get("adopt") or AdoptForm(units=adopting_units,
                                                      initial={"started_on": timezone.localdate()}),
        "comment_form": forms.get("comment") or CommentForm(),
        "settings": settings_, "shown": shown,
        "reacted": model.reactions.filter(user=user).exists(), "reaction_count": model.reactions.count(),
        "comments": model.comments.filter(hidden=False).select_related("user"),
        "honours": model.honours.select_related("congress"),
    }
    return render(request, "publicity/model_detail.html", context, status=400 if forms else status)


def _action(request, pk, form_class, key, call, done, **form_kwargs):
    model = _model(request, pk)
    form = form_class(request.POST, request.FILES, **form_kwargs)
    if form.is_valid():
        try:
            call(model, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(model)
    return model_detail(request, pk, forms={key: form})


@login_required
@require_POST
def model_recognise(request, pk):
    return _action(request, pk, CitationForm, "recognise",
                   lambda m, d: services.recognise(actor=request.user, model=m, **d), _("The model was recognised."))


@login_required
@require_POST
def model_decline(request, pk):
    return _action(request, pk, DeclineForm, "decline",
                   lambda m, d: services.decline(actor=request.user, model=m, **d), _("The proposal was declined."))


@login_required
@require_POST
def model_photo(request, pk):
    return _action(request, pk, PhotoForm, "photo",
                   lambda m, d: services.add_photo(actor=request.user, model=m, upload=d["file"], caption=d["caption"]),
                   _("The photo was added."))


@login_required
@require_POST
def model_adopt(request, pk):
    model = _model(request, pk)
    units = units_with_roles(request.user, RATERS).filter(agency=model.agency)
    return _action(request, pk, AdoptForm, "adopt",
                   lambda m, d: services.adopt(actor=request.user, model=m, **d),
                   _("The adoption was recorded."), units=units)


@login_required
@require_POST
def model_measure(request, pk, replication_pk):
    model = _model(request, pk)
    replication = get_object_or_404(Replication, pk=replication_pk, model=model)
    form = MeasureForm(request.POST, prefix=f"m{replication.pk}")
    if form.is_valid():
        try:
            services.measure(actor=request.user, replication=replication, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The result was recorded."))
            return redirect(model)
    return model_detail(request, pk, forms={"measure": form, "measure_pk": replication.pk})


@login_required
@require_POST
def model_publish(request, pk):
    model = _model(request, pk)
    try:
        if request.POST.get("withdraw"):
            services.withdraw(actor=request.user, model=model)
            messages.success(request, _("The story was withdrawn from the showcase."))
        else:
            services.publish(actor=request.user, model=model)
            messages.success(request, _("The story was published in the showcase."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(model)


@login_required
@require_POST
def model_react(request, pk):
    model = _model(request, pk)
    try:
        services.react(actor=request.user, model=model)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("publicity:feed" if request.POST.get("next") == "feed" else model)


@login_required
@require_POST
def model_comment(request, pk):
    return _action(request, pk, CommentForm, "comment",
                   lambda m, d: services.comment(actor=request.user, model=m, **d), _("Your comment was posted."))


@login_required
@require_POST
def comment_hide(request, pk, comment_pk):
    model = _model(request, pk)
    services.hide_comment(actor=request.user, item=get_object_or_404(model.comments, pk=comment_pk))
    messages.success(request, _("The comment was hidden."))
    return redirect(model)


@login_required
def story_edit(request, pk):
    model = _model(request, pk)
    check(request.user, "publicity.edit_story", model)
    form = StoryForm(request.POST or None, initial={"story": model.story, "evidence": model.evidence})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_story(actor=request.user, model=model, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The story was saved."))
            return redirect(model)
    return render(request, "publicity/form.html", {"form": form, "title": _("Story of %(title)s") % {"title": model.title},
                                                   "model": model}, status=400 if form.errors else 200)


def _photo_response(photo):
    content_type = "image/png" if photo.file.name.lower().endswith(".png") else "image/jpeg"
    response = FileResponse(photo.file.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
def photo(request, pk, photo_pk):
    model = _model(request, pk)
    return _photo_response(get_object_or_404(model.photos, pk=photo_pk))


@login_required
def feed(request):
    agencies = list(Agency.objects.filter(pk__in=agency_ids(request.user)))
    for agency in agencies:
        agency.can_manage = request.user.has_perm("publicity.manage_showcase", agency)
    return render(request, "publicity/feed.html", {
        "page": paginate(request, selectors.showcase(request.user), PER_PAGE), "qs": "", "agencies": agencies})


@login_required
def gallery(request):
    return render(request, "publicity/gallery.html", {"page": paginate(request, selectors.gallery(request.user), 24),
                                                      "qs": ""})


@login_required
def digests(request):
    items = Digest.objects.filter(agency_id__in=agency_ids(request.user)).select_related("agency") \
        .prefetch_related("stories")
    return render(request, "publicity/digests.html", {"page": paginate(request, items, 10), "qs": ""})


@login_required
def showcase_settings(request, agency_pk):
    agency = get_object_or_404(Agency, pk=agency_pk)
    check(request.user, "publicity.manage_showcase", agency)
    current = services.showcase_settings(agency)
    form = SettingsForm(request.POST or None, initial={f: getattr(current, f) for f in
                                                       ("reactions", "comments", "public_page", "email_digest")})
    if request.method == "POST" and form.is_valid():
        services.update_showcase(actor=request.user, agency=agency, **form.cleaned_data)
        messages.success(request, _("The showcase settings were saved."))
        return redirect("publicity:settings", agency.pk)
    return render(request, "publicity/settings.html", {"form": form, "agency": agency, "current": current})


def _leaders_years(request):
    last = _year(request.GET, timezone.localdate().year)
    return last - 4, last


@login_required
def leaders(request, unit_pk):
    """Leaders' example for a unit: the page behind the unit page's section, and its export for reports."""
    unit = get_object_or_404(Unit, pk=unit_pk)
    check(request.user, "organization.view_unit", unit)
    first, last = _leaders_years(request)
    examples, results = selectors.leaders_example(unit, first, last)
    if request.GET.get("export") == "xlsx":
        headers = ["Họ và tên", "Chức vụ", "Năm", "Xếp loại", "Danh hiệu, hình thức khen thưởng",
                   "Giao ước thi đua cá nhân", "Điển hình tiên tiến"]
        rows = []
        for e in examples:
            for year in range(last, first - 1, -1):
                rows.append([e.person.full_name, e.person.position, year,
                             ", ".join(r.get_rating_display() for r in e.ratings if r.year == year),
                             ", ".join(a.award_name for a in e.awards if a.year == year),
                             ", ".join(p.movement.title for p in e.pledges if p.movement.year == year),
                             ", ".join(m.title for m in e.models if m.year == year)])
        return export_response("xlsx", f"guong-lanh-dao-{unit.code}-{first}-{last}", headers, rows)
    return render(request, "publicity/leaders.html", {"unit": unit, "examples": examples, "results": results,
                                                      "first": first, "last": last})


def leaders_panel(request, unit):
    """The leaders' example section of the unit page (registered with organization's unit-page panels)."""
    if not request.user.has_perm("organization.view_unit", unit):
        return ""
    first, last = _leaders_years(request)
    examples, results = selectors.leaders_example(unit, first, last)
    if not examples and not results:
        return ""
    return render_to_string("publicity/_leaders_panel.html", {"unit": unit, "examples": examples, "results": results,
                                                              "first": first, "last": last}, request=request)


@login_required
def congress_list(request):
    congresses = Congress.objects.filter(agency__in=visible_agencies(request.user)).select_related("agency")
    agencies = [a for a in _managed_agencies(request.user) if request.user.has_perm("publicity.manage_showcase", a)]
    form = CongressForm(request.POST or None)
    if request.method == "POST":
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
        if agency is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                congress = services.create_congress(actor=request.user, agency=agency, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect(congress)
    return render(request, "publicity/congress_list.html", {"congresses": congresses, "agencies": agencies,
                                                            "form": form}, status=400 if form.errors else 200)


def _congress(request, pk) -> Congress:
    congress = get_object_or_404(Congress.objects.select_related("agency"), pk=pk)
    if not (request.user.is_superuser or congress.agency_id in agency_ids(request.user)):
        raise PermissionDenied
    return congress


def _honoured(congress):
    return [h.model for h in congress.honours.select_related("model__unit", "model__person")
            .prefetch_related("model__photos")]


@login_required
def congress_detail(request, pk):
    congress = _congress(request, pk)
    can_manage = request.user.has_perm("publicity.manage_showcase", congress.agency)
    candidates = ExemplaryModel.objects.filter(agency=congress.agency, status__in=services.SHOWN) \
        .exclude(honours__congress=congress).order_by("-year", "title")
    form = HonourForm(request.POST or None, models=candidates)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.honour(actor=request.user, congress=congress, model=form.cleaned_data["model"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The model was added to the list to honour."))
                return redirect(congress)
    return render(request, "publicity/congress_detail.html", {
        "congress": congress, "models": _honoured(congress), "form": form, "can_manage": can_manage},
        status=400 if form.errors else 200)


@login_required
def congress_booklet(request, pk):
    from .booklet import booklet_pdf

    congress = _congress(request, pk)
    data = booklet_pdf(congress, _honoured(congress))
    filename = f"ky-yeu-dien-hinh-tien-tien-{congress.held_on:%Y%m%d}.pdf"
    response = FileResponse(iter([data]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def congress_slides(request, pk, number=0):
    congress = _congress(request, pk)
    models = _honoured(congress)
    if not 0 <= number <= len(models):
        raise Http404
    return render(request, "publicity/slides.html", {
        "congress": congress, "number": number, "count": len(models),
        "model": models[number - 1] if number else None,
        "previous": number - 1 if number > 0 else None, "next": number + 1 if number < len(models) else None})


def _public_agency(code):
    agency = get_object_or_404(Agency, code=code)
    if not services.showcase_settings(agency).public_page:
        raise Http404
    return agency


def public_page(request, code):
    agency = _public_agency(code)
    return render(request, "publicity/public.html", {
        "agency": agency, "page": paginate(request, selectors.public_stories(agency), PER_PAGE), "qs": ""})


def public_story(request, code, pk):
    agency = _public_agency(code)
    model = get_object_or_404(selectors.public_stories(agency), pk=pk)
    return render(request, "publicity/public_story.html", {"agency": agency, "model": model})


def public_photo(request, code, pk, photo_pk):
    agency = _public_agency(code)
    model = get_object_or_404(selectors.public_stories(agency), pk=pk)
    return _photo_response(get_object_or_404(model.photos, pk=photo_pk))

