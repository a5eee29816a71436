"""Writes of the reports app: what a review body types into its review pack, and what form 0605 asks about
emulation officers."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record

from .models import Education, OfficerProfile, Review

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


def save_officer_profile(*, actor, person, education: str, emulation_work_since) -> OfficerProfile:
    """Record what form 0605 asks about an emulation officer (training level, since when in this work)."""
    if not actor.has_perm("organization.change_person", person):
        raise PermissionDenied(_("You do not have permission to do this."))
    if education and education not in Education.values:
        raise ValidationError({"education": _("Choose a training level from the list.")})
    if emulation_work_since and not (person.date_of_birth or datetime.date.min) < emulation_work_since \
            <= timezone.localdate():
        raise ValidationError({"emulation_work_since": _("Give a date after the person's birth and not in the "
                                                         "future.")})
    with transaction.atomic():
        profile, _created = OfficerProfile.objects.select_for_update().get_or_create(person=person)
        before = {"education": profile.education, "emulation_work_since": profile.emulation_work_since}
        profile.education, profile.emulation_work_since = education, emulation_work_since
        profile.updated_by = actor
        profile.save()
        after = {"education": education, "emulation_work_since": emulation_work_since}
        record(actor=actor, action="officer_profile.save", obj=person,
               summary={k: f"{before[k] or '—'} → {after[k] or '—'}" for k in after if before[k] != after[k]})
    return profile
