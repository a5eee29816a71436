from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.scope import MANAGERS, RATERS, units_for
from thidua.awards.codes import PERSON_AWARDS
from thidua.awards.models import award_name
from thidua.core.exports import attachment, export_response, user_agency
from thidua.core.text import fold, search_tokens
from thidua.core.views import apply_errors, check, paginate, query_string_without_page
from thidua.organization.models import Person, Unit
from thidua.organization.selectors import units_with_roles, visible_agencies

from . import documents, proposals, services
from .forms import (
    ActionForm,
    AnswerForm,
    CommentForm,
    DecisionForm,
    DisclosureForm,
    NominateForm,
    RoundForm,
    SearchForm,
    UploadForm,
)
from .models import (
    Certificate,
    Comment,
    Decision,
    Nomination,
    PackageJob,
    ProposalRun,
    Round,
    State,
)
from .tasks import build_package


def _round(request, pk, perm="nominations.view_round") -> Round:
    round_ = get_object_or_404(Round.objects.select_related("agency", "unit"), pk=pk)
    check(request.user, perm, round_)
    return round_


def _nomination(request, pk, perm="nominations.view_nomination") -> Nomination:
    nomination = get_object_or_404(Nomination.objects.select_related("round__agency", "round__unit", "unit", "person",
                                                                     "collective"), pk=pk)
    check(request.user, perm, nomination)
    return nomination


# Rounds --------------------------------------------------------------------------------------------


@login_required
def round_list(request):
    units = units_with_roles(request.user, MANAGERS)
    form = RoundForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.open_round(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The round is open."))
            return redirect(round_)
    rounds = Round.objects.filter(agency__in=visible_agencies(request.user)).select_related("unit") \
        .annotate(count=Count("nominations"))
    if request.GET.get("year", "").isdigit():
        rounds = rounds.filter(year=int(request.GET["year"]))
    query = request.GET.get("q", "").strip()
    tokens = search_tokens(query)
    if tokens:  # an agency has a handful of rounds a year: fold the titles here
        rounds = [r for r in rounds if all(token in fold(r.title) for token in tokens)]
    if request.GET.get("export") == "xlsx":
        return export_response("xlsx", "dot-xet-khen-thuong", ["Đợt xét", "Loại", "Năm", "Hạn gửi đề nghị",
                                                               "Số đề nghị", "Trạng thái"],
                               ([r.title, r.get_kind_display(), r.year, r.nomination_deadline, r.count,
                                 r.get_status_display()] for r in rounds),
                               title="Danh sách đợt xét khen thưởng", agency=user_agency(request.user))
    return render(request, "nominations/round_list.html", {"rounds": rounds, "form": form, "can_open": units.exists(),
                                                           "q": query, "qs": query_string_without_page(request)},
                  status=400 if form.errors else 200)


@login_required
def round_detail(request, pk):
    round_ = _round(request, pk)
    search = SearchForm(request.GET or None)
    nominations = services.visible_nominations(request.user, round_)
    if search.is_valid():
        for token in search_tokens(search.cleaned_data["q"]):
            nominations = nominations.filter(search_text__contains=token)
        if search.cleaned_data["state"]:
            nominations = nominations.filter(state=search.cleaned_data["state"])
    export = request.GET.get("export")
    if export in ("xlsx", "pdf"):
        headers = ["Họ và tên / Tập thể", "Đơn vị đề nghị", "Danh hiệu, hình thức", "Trạng thái",
                   "Đủ điều kiện theo quy định", "Giải trình"]
        rows = [[n.subject_name, n.unit.name, award_name(n.award_code), n.get_state_display(),
                 {True: "Có", False: "Không", None: "Cần xem xét"}[n.engine_eligible], n.justification]
                for n in nominations]
        if export == "xlsx":
            return export_response("xlsx", f"danh-sach-de-nghi-khen-thuong-{round_.year}-{round_.title}"[:120],
                                   headers, rows, title=f"Danh sách đề nghị khen thưởng — {round_.title}",
                                   agency=round_.agency.name)
        response = HttpResponse(documents.nominee_list_pdf(round_, headers, rows), content_type="application/pdf")
        return attachment(response, f"danh-sach-de-nghi-khen-thuong-{round_.year}-{round_.title}"[:120] + ".pdf")
    manager = request.user.has_perm("nominations.manage_round", round_)
    ready = round_.nominations.filter(state__in=[State.COUNCIL_REVIEWED, State.FORWARDED])
    decidable = sorted({n.award_code for n in ready})
    context = {"round": round_, "page": paginate(request, nominations, 50), "search": search,
               "qs": query_string_without_page(request), "manager": manager,
               "counts": dict(round_.nominations.values_list("state").annotate(n=Count("id"))),
               "states": State.choices, "awards": [(c, award_name(c)) for c in round_.award_codes],
               "can_nominate": units_with_roles(request.user, RATERS).exists(),
               "disclosure": round_.disclosures.first(),
               "disclosure_form": DisclosureForm(initial={"starts_on": timezone.localdate()}),
               "decision_form": DecisionForm(codes=decidable, initial={"date": timezone.localdate(),
                                                                       "authority": round_.agency.name}),
               "decidable": ready.select_related("person", "collective"),
               "decisions": round_.decisions.all()}
    return render(request, "nominations/round_detail.html", context)


PROPOSAL_FILTERS = ("all", "eligible", "not_eligible", "nominated")


@login_required
def round_proposals(request, pk):
    """The engine's candidates for one unit, read from the answers stored for the round
    (thidua.nominations.proposals): a summary per award, then one award's candidates, filtered, searched and 50 to
    a page, each with its reasons (built for the shown page only); nominate from here. POST asks for a refresh."""
    round_ = _round(request, pk)
    units = units_with_roles(request.user, RATERS)
    unit = units.filter(pk=request.GET.get("unit")).first() or units.filter(pk=round_.unit_id).first() or units.first()
    if unit is None:
        raise PermissionDenied
    run = ProposalRun.objects.filter(round=round_).first()
    if request.method == "POST" or run is None:
        run = proposals.request_computation(round_, actor=request.user if request.method == "POST" else None)
        if request.method == "POST":
            messages.info(request, _("The candidates are being computed again."))
            return redirect(f"{reverse('nominations:proposals', args=[round_.pk])}?unit={unit.pk}")
    if request.headers.get("HX-Request"):
        if run.status not in proposals.BUSY:
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "nominations/_proposal_run.html", {"run": run, "round": round_, "unit": unit})
    context = {"round": round_, "unit": unit, "units": units, "run": run, "summary": [], "code": None,
               "entries": [], "page": None, "quota": services.quota(round_, unit),
               "changes": proposals.changes_since(run)}
    if run.generation:
        context |= _proposal_rows(request, round_, unit, run)
    return render(request, "nominations/proposals.html", context)


def _proposal_rows(request, round_, unit, run) -> dict:
    subtree, collectives, whole = proposals.scope(round_, unit, units_for(request.user))
    counts = proposals.summary(run, None if whole else subtree, collectives)
    codes = [c for c in round_.award_codes if c in counts]
    code = request.GET.get("award") if request.GET.get("award") in codes else (codes[0] if codes else None)
    show = request.GET.get("show") if request.GET.get("show") in PROPOSAL_FILTERS else "all"
    q = request.GET.get("q", "").strip()[:100]
    nominations = round_.nominations.filter(Q(person__unit_id__in=subtree) | Q(collective_id__in=collectives))
    nominated_counts = dict(nominations.values_list("award_code").annotate(n=Count("id")))
    summary = [{"code": c, "name": award_name(c), "total": counts[c][0], "eligible": counts[c][1],
                "nominated": nominated_counts.get(c, 0)} for c in codes]
    page, entries = None, []
    if code:
        collective = code not in PERSON_AWARDS
        field = "collective" if collective else "person"
        taken = nominations.filter(award_code=code).exclude(**{field: None}).values_list(field, flat=True)
        rows = proposals.candidates(run, code, subtree, collectives, whole, q,
                                    eligible=show == "eligible" if show in ("eligible", "not_eligible") else None,
                                    among=taken if show == "nominated" else None)
        page = paginate(request, rows.values_list(f"{field}_id", "eligible", "reasons"), 50)
        ids = [pid for pid, _ok, _why in page]
        shown = (Unit if collective else Person).objects.in_bulk(ids)
        taken = set(taken.filter(**{f"{field}__in": ids}))
        vi = (get_language() or "vi").startswith("vi")
        for pid, ok, why in page:
            if pid not in shown:
                continue
            reasons = proposals.reasons_of(run, why)
            entries.append({"subject": shown[pid], "collective": collective, "eligible": ok, "nominated": pid in taken,
                            "failed": [(r[0] if vi else r[1], r[2]) for r in reasons if not r[3]],
                            "judgement": [r[0] if vi else r[1] for r in reasons if r[3]]})
    return {"summary": summary, "code": code, "award": award_name(code) if code else "", "entries": entries,
            "page": page, "show": show, "q": q, "qs": query_string_without_page(request),
            "filters": [("all", _("All")), ("eligible", _("Eligible")), ("not_eligible", _("Not eligible")),
                        ("nominated", _("Nominated"))]}


@login_required
@require_POST
def round_nominate(request, pk):
    round_ = _round(request, pk)
    form = NominateForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    person = get_object_or_404(Person, pk=data["person"]) if data["person"] else None
    collective = get_object_or_404(Unit, pk=data["collective"]) if data["collective"] else None
    try:
        nomination = services.nominate(actor=request.user, round_=round_, award_code=data["award_code"], person=person,
                                       collective=collective, justification=data["justification"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{round_.get_absolute_url()}proposals/?unit={(person.unit_id if person else collective.pk)}")
    messages.success(request, _("%(name)s is nominated.") % {"name": nomination.subject_name})
    return redirect(nomination)


@login_required
@require_POST
def round_disclose(request, pk):
    round_ = _round(request, pk, "nominations.manage_round")
    form = DisclosureForm(request.POST)
    if form.is_valid():
        try:
            disclosure = services.disclose(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Published for comments until %(day)s.")
                             % {"day": disclosure.ends_on.strftime("%d/%m/%Y")})
    return redirect(round_)


@login_required
@require_POST
def round_decide(request, pk):
    round_ = _round(request, pk, "nominations.manage_round")
    codes = sorted({n.award_code for n in round_.nominations.filter(state__in=[State.COUNCIL_REVIEWED,
                                                                               State.FORWARDED])})
    form = DecisionForm(request.POST, codes=codes)
    if form.is_valid():
        chosen = list(round_.nominations.filter(pk__in=request.POST.getlist("nominations"),
                                                award_code=form.cleaned_data["award_code"]))
        try:
            decision = services.decide(actor=request.user, round_=round_, nominations=chosen, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Decision %(number)s is recorded.") % {"number": decision.number})
            return redirect(decision)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(round_)


@login_required
def round_submission_letter(request, pk):
    round_ = _round(request, pk)
    unit = get_object_or_404(units_with_roles(request.user, RATERS), pk=request.GET.get("unit"))
    subtree = Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True)
    nominations = list(round_.nominations.filter(unit_id__in=list(subtree)).exclude(state=State.REJECTED)
                       .select_related("person", "collective", "unit").order_by("unit__name", "award_code", "pk"))
    return documents.submission_letter(round_, unit, nominations).response(f"to-trinh-{round_.year}-{unit.code}")


@login_required
@require_POST
def round_package(request, pk):
    round_ = _round(request, pk, "nominations.manage_round")
    job = PackageJob.objects.create(round=round_, created_by=request.user)
    build_package.enqueue(job_id=job.pk, base_url=request.build_absolute_uri("/"), language=get_language())
    return redirect("nominations:package", pk=job.pk)


@login_required
def package_detail(request, pk):
    job = get_object_or_404(PackageJob.objects.select_related("round"), pk=pk, created_by=request.user)
    if request.GET.get("download") and job.done:
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=f"ho-so-dot-{job.round_id}.zip")
    template = "nominations/_package.html" if request.headers.get("HX-Request") else "nominations/package.html"
    return render(request, template, {"job": job})


@login_required
def disclosure_page(request, pk):
    """The nominees published for comments: every member of the agency's staff can read and comment."""
    round_ = get_object_or_404(Round, pk=pk)
    check(request.user, "nominations.read_disclosure", round_)
    disclosure = round_.disclosures.first()
    nominations = round_.nominations.filter(state__in=[State.DISCLOSED, State.COUNCIL_REVIEWED, State.DECIDED]) \
        .select_related("unit", "person", "collective").prefetch_related("comments")
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nomination = get_object_or_404(nominations, pk=request.POST.get("nomination"))
        try:
            services.comment(user=request.user, nomination=nomination, text=form.cleaned_data["text"],
                             anonymous=form.cleaned_data["anonymous"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your comment was sent to the emulation office."))
            return redirect("nominations:disclosure", pk=round_.pk)
    open_now = bool(disclosure and disclosure.starts_on <= timezone.localdate() <= disclosure.ends_on)
    return render(request, "nominations/disclosure.html", {"round": round_, "disclosure": disclosure,
                                                          "nominations": nominations, "form": form,
                                                          "open_now": open_now})


# Nominations ---------------------------------------------------------------------------------------


@login_required
def nomination_detail(request, pk):
    nomination = _nomination(request, pk)
    vi = (get_language() or "vi").startswith("vi")
    manager = request.user.has_perm("nominations.manage_round", nomination.round)
    context = {
        "nomination": nomination, "manager": manager,
        "can_submit": request.user.has_perm("nominations.submit_nomination", nomination)
        and nomination.state in (State.DRAFT, State.RETURNED),
        "reasons": [{**r, "text": r["text_vi"] if vi else r["text_en"]} for r in nomination.engine_reasons],
        "checklist": services.checklist(nomination), "documents": nomination.documents.all(),
        "transitions": nomination.transitions.select_related("actor"),
        "comments": nomination.comments.select_related("author"),
        "upload_form": UploadForm(), "action_form": ActionForm(), "answer_form": AnswerForm(),
        "records": (nomination.person.award_records if nomination.person_id
                    else nomination.collective.award_records).all(),
    }
    return render(request, "nominations/nomination_detail.html", context)


@login_required
@require_POST
def nomination_action(request, pk, action):
    nomination = _nomination(request, pk)
    if action not in services.TRANSITIONS:
        raise Http404
    try:
        services.transition(actor=request.user, nomination=nomination, action=action,
                            comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(state)s.") % {"state": nomination.get_state_display()})
    return redirect(nomination)


@login_required
@require_POST
def nomination_generate(request, pk):
    nomination = _nomination(request, pk)
    try:
        with transaction.atomic():
            for kind, name, document in documents.route_documents(nomination):
                services.add_document(actor=request.user, nomination=nomination, kind=kind, name=name,
                                      content=document.to_bytes())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The dossier's documents were generated; edit them in Word and upload the "
                                    "signed scans."))
    return redirect(nomination)


@login_required
@require_POST
def nomination_upload(request, pk):
    nomination = _nomination(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(actor=request.user, nomination=nomination, kind=form.cleaned_data["kind"],
                                  upload=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(nomination)


@login_required
def nomination_document(request, pk, document_pk):
    nomination = _nomination(request, pk)
    document = get_object_or_404(nomination.documents, pk=document_pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
@require_POST
def comment_answer(request, pk):
    comment_ = get_object_or_404(Comment.objects.select_related("nomination__round"), pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(actor=request.user, comment_=comment_, text=form.cleaned_data["answer"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(comment_.nomination)


# Decisions, certificates, verification ---------------------------------------------------------------


def _decision(request, pk) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("round__agency", "round__unit"), pk=pk)
    check(request.user, "nominations.view_round", decision.round)
    return decision


@login_required
def decision_detail(request, pk):
    decision = _decision(request, pk)
    records = decision.records.select_related("person", "unit", "certificate").order_by("pk")
    if request.GET.get("export") == "xlsx":
        return export_response("xlsx", f"danh-sach-chi-thuong-QD-{decision.number}-{decision.date:%d-%m-%Y}",
                               ["STT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức", "Số quyết định",
                                "Ngày quyết định", "Số tiền (đồng)", "Ký nhận"],
                               ([i, r.subject_name, r.unit_name_then, r.award_name, decision.number, decision.date,
                                 r.bonus_vnd, ""] for i, r in enumerate(records, 1)),
                               title=f"Danh sách chi tiền thưởng theo Quyết định số {decision.number}",
                               agency=decision.agency.name)
    total = sum(r.bonus_vnd or 0 for r in records)
    return render(request, "nominations/decision_detail.html", {"decision": decision, "records": records,
                                                                "total": total})


@login_required
def decision_certificates(request, pk):
    decision = _decision(request, pk)
    certificates = Certificate.objects.filter(record__decision=decision).select_related(
        "record__person", "record__unit", "record__decision").order_by("pk")
    pdf = documents.certificates_pdf(certificates, request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    return attachment(response, f"bang-giay-khen-QD-{decision.number}-{decision.date:%d-%m-%Y}.pdf")


def verify(request, code):
    """Public: anyone holding a certificate checks it against the register."""
    certificate = Certificate.objects.select_related("record__person", "record__unit", "record__decision") \
        .filter(code=code.strip().upper()).first()
    return render(request, "nominations/verify.html", {"certificate": certificate, "code": code},
                  status=200 if certificate else 404)
