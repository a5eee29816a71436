"""Writes of the reports app: what a review body types into its review pack."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import record

from .models import Review

LIMIT = 20000


def can_edit_review(user, subject_kind: str, subject) -> bool:
    if subject_kind == "unit":
        return user.has_perm("movements.act_for_unit", subject)
    if subject_kind == "movement":
        return user.has_perm("movements.manage_movement", subject)
    return user.has_perm("organization.change_block", subject)


def save_review(*, actor, review: Review, achievements: str, limitations: str, next_steps: str) -> Review:
    if not can_edit_review(actor, review.subject_kind, review.subject):
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        review.achievements = achievements.strip()[:LIMIT]
        review.limitations = limitations.strip()[:LIMIT]
        review.next_steps = next_steps.strip()[:LIMIT]
        review.updated_by = actor
        review.save()
        record(actor=actor, action="review.save", obj=review,
               summary={"kind": review.kind, "year": review.year, "subject": f"{review.subject_kind}:{review.subject.pk}"})
    return review
