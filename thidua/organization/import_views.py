from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from thidua.core.exports import export_response
from thidua.core.views import check

from .importing import KIND_LABELS, check_import_permission, template_rows
from .models import Agency, ImportJob, ImportStatus
from .selectors import visible_agencies
from .tasks import check_import, commit_import_job


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=list(KIND_LABELS.items()))
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = visible_agencies(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Wrong file type: upload an .xlsx or .csv file."))
        if upload.size > settings.THIDUA_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.") % {
                "size": round(upload.size / 1048576, 1), "limit": settings.THIDUA_IMPORT_MAX_BYTES // 1048576})
        return upload


@login_required
def start(request):
    check(request.user, "organization.manage_any")
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        try:
            check_import_permission(request.user, agency)
        except PermissionDenied as exc:
            form.add_error("agency", str(exc))
        else:
            upload = form.cleaned_data["file"]
            job = ImportJob.objects.create(kind=form.cleaned_data["kind"], agency=agency, file=upload,
                                           original_name=upload.name, created_by=request.user)
            check_import.enqueue(job_id=job.pk, language=get_language())
            return redirect("imports:job", pk=job.pk)
    return render(request, "organization/import_start.html", {
        "form": form, "kinds": KIND_LABELS.items(),
        "recent": ImportJob.objects.filter(created_by=request.user)[:10],
    })


@login_required
def template(request, kind, fmt):
    if kind not in KIND_LABELS or fmt not in ("xlsx", "csv"):
        raise Http404
    headers, rows = template_rows(kind)
    return export_response(fmt, f"mau-nhap-{kind}", headers, rows)


def _own_job(request, pk) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("agency"), pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    return job


@login_required
def job_detail(request, pk):
    job = _own_job(request, pk)
    template_name = "organization/_import_job.html" if request.headers.get("HX-Request") else \
        "organization/import_job.html"
    return render(request, template_name, {"job": job, "kind_label": KIND_LABELS.get(job.kind)})


@login_required
@require_POST
def job_commit(request, pk):
    job = _own_job(request, pk)
    check_import_permission(request.user, job.agency)
    if job.status != ImportStatus.CHECKED or job.has_errors:
        raise PermissionDenied
    # only the click that moves the job out of "checked" enqueues it: a double submit writes once
    if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(status=ImportStatus.COMMITTING,
                                                                               progress=0):
        commit_import_job.enqueue(job_id=job.pk, language=get_language())
    return redirect("imports:job", pk=job.pk)
