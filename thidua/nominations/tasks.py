"""Background generation of a round's documents: one .zip with the submission letter per unit, the
achievement report per nomination and the certificates per decision."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.utils import translation
from django_tasks import task

from . import documents
from .models import Certificate, PackageJob, State


@task()
def build_package(job_id: int, base_url: str, language: str = "vi") -> None:
    job = PackageJob.objects.select_related("round__agency", "round__unit").get(pk=job_id)
    round_ = job.round
    nominations = list(round_.nominations.exclude(state=State.REJECTED).select_related("unit", "person", "collective")
                       .order_by("unit__name", "pk"))
    decisions = list(round_.decisions.all())
    total = max(len(nominations) + len(decisions) + 1, 1)
    buffer = io.BytesIO()
    with translation.override(language), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        by_unit = {}
        for done, nomination in enumerate(nominations, 1):
            by_unit.setdefault(nomination.unit, []).append(nomination)
            archive.writestr(f"bao-cao-thanh-tich/{nomination.unit.code}-{nomination.pk}.docx",
                             documents.route_report(nomination).to_bytes())
            if done % 10 == 0:
                PackageJob.objects.filter(pk=job_id).update(progress=int(done * 100 / total))
        for unit, items in by_unit.items():
            archive.writestr(f"to-trinh/{unit.code}.docx", documents.submission_letter(round_, unit, items).to_bytes())
        for decision in decisions:
            certificates = Certificate.objects.filter(record__decision=decision).select_related(
                "record__person", "record__unit", "record__decision").order_by("pk")
            archive.writestr(f"giay-chung-nhan/{decision.number.replace('/', '-')}.pdf",
                             documents.certificates_pdf(certificates, base_url))
    job.file.save(f"ho-so-dot-{round_.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    job.progress, job.done = 100, True
    job.save(update_fields=["file", "progress", "done"])


@task()
def compute_proposals(round_id: int) -> None:
    """The round's candidates over its whole population (thidua.nominations.proposals)."""
    from . import proposals

    proposals.compute(round_id)
