"""Every write to initiatives: permission, validation, one transaction, one audit event."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.core.uploads import validate_upload
from thidua.organization.services import require

from .models import SCORE_MAX, Attachment, Author, Initiative, Recognition, Review, Scope, Status
from .rules import reviewer_seat

TEXT_FIELDS = ("kind", "title", "field", "problem", "solution", "first_applied_on", "benefits", "money_saved_vnd",
               "hours_saved")


def _check_authors(authors, agency, actor, known=()) -> list[tuple]:
    """authors: [(person, share)] → validated list; shares are percentages that sum to 100. A new author must be
    someone the actor may see (their units' people): naming a code elsewhere reveals nothing of that person."""
    if not authors:
        raise ValidationError({"authors": _("An initiative needs at least one author.")})
    seen = set()
    total = Decimal(0)
    for person, share in authors:
        share = Decimal(str(share))
        if person.pk in seen:
            raise ValidationError({"authors": _("%(name)s is listed twice.") % {"name": person.full_name}})
        if person.pk not in known and not actor.has_perm("organization.view_person", person):
            raise ValidationError({"authors": _("Unknown person code “%(code)s”.") % {"code": person.code}})
        if person.agency_id != agency.pk:
            raise ValidationError({"authors": _("%(name)s belongs to another agency.") % {"name": person.full_name}})
        if not Decimal(0) < share <= Decimal(100):
            raise ValidationError({"authors": _("Each author's share must be more than 0 and at most 100%.")})
        seen.add(person.pk)
        total += share
    if total != Decimal(100):
        raise ValidationError({"authors": _("Co-author shares must sum to 100%% (they sum to %(total)s%%).")
                               % {"total": f"{total.normalize():f}"}})
    return [(person, Decimal(str(share))) for person, share in authors]


def _set_authors(initiative, authors) -> None:
    initiative.authors.all().delete()
    Author.objects.bulk_create([Author(initiative=initiative, person=p, share=s) for p, s in authors])
    initiative.refresh_search_text([p.full_name for p, _s in authors])
    initiative.save(update_fields=["search_text"])


def _check_dates(first_applied_on: datetime.date) -> None:
    if first_applied_on > datetime.date.today():
        raise ValidationError({"first_applied_on": _("An initiative is registered once it has been applied; "
                                                     "this date is in the future.")})


def register(*, actor, unit, authors, applied_units=(), **values) -> Initiative:
    require(actor, "initiatives.register_initiative", unit)
    authors = _check_authors(authors, unit.agency, actor)
    initiative = Initiative(agency=unit.agency, unit=unit, registered_by=actor if actor.is_authenticated else None,
                            **{k: v for k, v in values.items() if k in TEXT_FIELDS})
    initiative.full_clean(exclude=["search_text"])
    _check_dates(initiative.first_applied_on)
    with transaction.atomic():
        initiative.save()
        initiative.applied_units.set(applied_units or [unit])
        _set_authors(initiative, authors)
        record(actor=actor, action="initiative.register", obj=initiative,
               summary={"title": initiative.title, "authors": {p.code: str(s) for p, s in authors}})
    return initiative


def update(*, actor, initiative: Initiative, authors=None, applied_units=None, **values) -> Initiative:
    require(actor, "initiatives.change_initiative", initiative)
    changed = {}
    for name in TEXT_FIELDS:
        if name in values and getattr(initiative, name) != values[name]:
            changed[name] = [getattr(initiative, name), values[name]]
            setattr(initiative, name, values[name])
    initiative.full_clean(exclude=["search_text"])
    _check_dates(initiative.first_applied_on)
    if authors is not None:
        authors = _check_authors(authors, initiative.agency, actor,
                                 known=set(initiative.authors.values_list("person_id", flat=True)))
    with transaction.atomic():
        initiative.save()
        if applied_units is not None:
            initiative.applied_units.set(applied_units)
        if authors is not None:
            _set_authors(initiative, authors)
            changed["authors"] = {p.code: str(s) for p, s in authors}
        record(actor=actor, action="initiative.update", obj=initiative, summary=changed)
    return initiative


def attach(*, actor, initiative: Initiative, upload) -> Attachment:
    if not (actor.has_perm("initiatives.change_initiative", initiative)
            or actor.has_perm("initiatives.recognise_initiative", initiative)):
        raise PermissionDenied(_("You do not have permission to do this."))
    validate_upload(upload)
    with transaction.atomic():
        attachment = Attachment.objects.create(initiative=initiative, file=upload, name=upload.name[:255],
                                               uploaded_by=actor)
        record(actor=actor, action="initiative.attach", obj=initiative, summary={"file": attachment.name})
    return attachment


def review(*, actor, initiative: Initiative, novelty: int, applicability: int, effectiveness: int,
           recommendation: str, comment: str = "") -> Review:
    seat = reviewer_seat(actor, initiative)
    if seat is None:
        raise PermissionDenied(_("Only members of an initiatives council serving this unit may review it."))
    if actor.person_id and initiative.authors.filter(person_id=actor.person_id).exists():
        raise ValidationError(_("You cannot review your own initiative."))
    if initiative.reviews.filter(reviewer=seat).exists():
        raise ValidationError(_("You have already reviewed this initiative."))
    scores = {"novelty": novelty, "applicability": applicability, "effectiveness": effectiveness}
    errors = {k: _("Give a score from 0 to %(max)s.") % {"max": SCORE_MAX}
              for k, v in scores.items() if v is None or not 0 <= int(v) <= SCORE_MAX}
    if errors:
        raise ValidationError(errors)
    item = Review(initiative=initiative, reviewer=seat, recommendation=recommendation, comment=comment, **scores)
    item.full_clean(exclude=["initiative", "reviewer"])
    with transaction.atomic():
        # Two submits of the same review at once: the lock makes the second see the first and be told so.
        Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
        if initiative.reviews.filter(reviewer=seat).exists():
            raise ValidationError(_("You have already reviewed this initiative."))
        item.save()
        record(actor=actor, action="initiative.review", obj=initiative,
               summary={**scores, "recommendation": recommendation})
    return item


def recognise(*, actor, initiative: Initiative, scope: int, authority: str, decision_number: str,
              decision_date: datetime.date | None) -> Recognition:
    """Recognise at a scope, or raise an earlier recognition to a wider scope by a new decision."""
    require(actor, "initiatives.recognise_initiative", initiative)
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("A decision needs a number.")
    if decision_date is None:
        errors["decision_date"] = _("A decision needs a date.")
    elif decision_date < initiative.first_applied_on:
        errors["decision_date"] = _("A recognition cannot be dated before the initiative was first applied (%(day)s).") \
            % {"day": initiative.first_applied_on.strftime("%d/%m/%Y")}
    elif decision_date > datetime.date.today():
        errors["decision_date"] = _("The decision date is in the future.")
    if not (authority or "").strip():
        errors["authority"] = _("Name the recognising authority.")
    if scope not in Scope.values:
        errors["scope"] = _("Choose a scope of effect.")
    elif initiative.scope is not None and scope <= initiative.scope:
        errors["scope"] = _("Already recognised at %(scope)s: a new decision can only widen the scope.") \
            % {"scope": Scope(initiative.scope).label}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        recognition = Recognition.objects.create(initiative=initiative, scope=scope, authority=authority.strip(),
                                                 decision_number=decision_number.strip(), decision_date=decision_date,
                                                 recorded_by=actor if actor.is_authenticated else None)
        initiative.scope, initiative.status = scope, Status.RECOGNISED
        initiative.save(update_fields=["scope", "status", "updated_at"])
        record(actor=actor, action="initiative.recognise", obj=initiative,
               summary={"scope": Scope(scope).code, "decision": decision_number, "date": decision_date})
    return recognition


def decline(*, actor, initiative: Initiative, reason: str) -> Initiative:
    require(actor, "initiatives.recognise_initiative", initiative)
    if initiative.status != Status.REGISTERED:
        raise ValidationError(_("Only an initiative awaiting a decision can be declined."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        initiative.status = Status.NOT_RECOGNISED
        initiative.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="initiative.decline", obj=initiative, summary={"reason": reason})
    return initiative
