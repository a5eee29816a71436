"""Background work for imports: the web request only stores the file and enqueues."""

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .importing import ImportFileError, commit_import, plan_import
from .models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


def _plan(job: ImportJob, progress=None):
    with job.file.open("rb") as handle:
        data = handle.read()
    return plan_import(kind=job.kind, agency=job.agency, name=job.original_name, data=data, progress=progress)


@task()
def check_import(job_id: int, language: str = "vi") -> None:
    job = ImportJob.objects.select_related("agency").get(pk=job_id)
    with translation.override(language):
        try:
            plan = _plan(job, lambda pct: ImportJob.objects.filter(pk=job_id).update(progress=pct))
        except ImportFileError as exc:
            job.report = {"file_error": str(exc), "errors": []}
            job.status = ImportStatus.FAILED
        else:
            job.report = plan.report()
            job.status = ImportStatus.CHECKED
    job.progress = 100
    job.save(update_fields=["report", "status", "progress"])


@task()
def commit_import_job(job_id: int, language: str = "vi") -> None:
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    with translation.override(language):
        try:
            plan = _plan(job)
            if not plan.ok:  # the database changed since the dry run
                job.report, job.status = plan.report(), ImportStatus.CHECKED
            else:
                job.report, job.status = commit_import(actor=job.created_by, plan=plan), ImportStatus.DONE
        except ImportFileError as exc:
            job.report, job.status = {"file_error": str(exc), "errors": []}, ImportStatus.FAILED
        except Exception:  # every chunk written was undone: say so instead of leaving the job "writing"
            logger.exception("import job %s failed and was undone", job_id)
            job.report = {"file_error": _("The import failed and was undone: nothing was changed. Try again or "
                                          "ask the administrator."), "errors": []}
            job.status = ImportStatus.FAILED
    job.progress = 100
    job.save(update_fields=["report", "status", "progress"])
