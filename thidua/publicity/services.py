"""Every write to exemplary models: permission, validation, one transaction, one audit event."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.core.uploads import validate_image
from thidua.organization.models import Unit
from thidua.organization.services import require

from . import discovery, richtext
from .models import (
    Comment,
    Congress,
    Digest,
    ExemplaryModel,
    Honour,
    ModelKind,
    ModelSource,
    ModelStatus,
    Photo,
    Reaction,
    Replication,
    ShowcaseSettings,
)

MAX_PHOTOS = 12
COMMENT_MAX_CHARS = 2000
SHOWN = (ModelStatus.RECOGNISED, ModelStatus.REPLICATED, ModelStatus.HONOURED)


def _locked(model: ExemplaryModel) -> ExemplaryModel:
    return ExemplaryModel.objects.select_for_update().get(pk=model.pk)


def propose_from_record(*, actor, agency, year: int, key: str) -> ExemplaryModel:
    """An officer takes a candidate found in the record into the registry as a proposal."""
    candidate = discovery.find(actor, agency, year, key)
    if candidate is None:
        raise ValidationError(_("This candidate is no longer proposed by the record, or is already in the registry."))
    require(actor, "publicity.manage_model", candidate.unit)
    model = ExemplaryModel(agency=agency, unit=candidate.unit, kind=candidate.kind, title=candidate.title[:255],
                           person=candidate.person, collective=candidate.collective, initiative=candidate.initiative,
                           movement=candidate.movement, year=year, source=ModelSource.DISCOVERED,
                           reason=candidate.reason, discovery_key=candidate.key, proposed_by=actor)
    try:
        with transaction.atomic():
            model.save()
            record(actor=actor, action="publicity.propose", obj=model,
                   summary={"key": candidate.key, "reason": candidate.reason})
    except IntegrityError as exc:  # proposed by someone else a moment ago
        raise ValidationError(_("This candidate is already in the registry.")) from exc
    return model


def _check_subject(unit: Unit, kind: str, person, collective, initiative) -> dict:
    subtree = set(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))
    errors = {}
    if kind == ModelKind.PERSON and (person is None or person.unit_id not in subtree):
        errors["person"] = _("Choose a person of the nominating unit.")
    if kind == ModelKind.COLLECTIVE and (collective is None or collective.pk not in subtree):
        errors["collective"] = _("Choose the nominating unit or one of its sub-units.")
    if kind == ModelKind.INITIATIVE and (initiative is None or initiative.agency_id != unit.agency_id):
        errors["initiative"] = _("Choose an initiative of the agency.")
    return errors


def nominate(*, actor, unit: Unit, kind: str, title: str, reason: str, year: int, person=None, collective=None,
             initiative=None, movement=None, story: str = "", evidence: str = "") -> ExemplaryModel:
    """A unit proposes one of its people, collectives, initiatives or ways of working as a model."""
    require(actor, "publicity.nominate_model", unit)
    errors = _check_subject(unit, kind, person, collective, initiative)
    if not (title or "").strip():
        errors["title"] = _("Give the model a title.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why it is an example to follow.")
    if not 2000 <= year <= timezone.localdate().year:
        errors["year"] = _("Give the year of the achievement (not in the future).")
    if movement is not None and movement.agency_id != unit.agency_id:
        errors["movement"] = _("Choose a movement of the agency.")
    if errors:
        raise ValidationError(errors)
    model = ExemplaryModel(agency=unit.agency, unit=unit, kind=kind, title=title.strip(), reason=reason.strip(),
                           year=year, source=ModelSource.NOMINATED, proposed_by=actor,
                           person=person if kind == ModelKind.PERSON else None,
                           collective=collective if kind == ModelKind.COLLECTIVE else None,
                           initiative=initiative if kind == ModelKind.INITIATIVE else None, movement=movement,
                           story=_story(story), evidence=(evidence or "").strip())
    model.full_clean(exclude=["discovery_key", "proposed_by"])
    with transaction.atomic():
        model.save()
        record(actor=actor, action="publicity.nominate", obj=model, summary={"title": model.title, "kind": kind})
    return model


def _story(text: str) -> str:
    if len(text or "") > richtext.MAX_CHARS:
        raise ValidationError({"story": _("The story is too long (at most %(n)s characters).")
                               % {"n": richtext.MAX_CHARS}})
    return richtext.clean(text)


def recognise(*, actor, model: ExemplaryModel, citation: str) -> ExemplaryModel:
    """An officer confirms a proposal, with a short citation of the achievement."""
    require(actor, "publicity.manage_model", model)
    citation = (citation or "").strip()
    if not citation:
        raise ValidationError({"citation": _("Write a short citation of the achievement.")})
    if len(citation) > 500:
        raise ValidationError({"citation": _("Keep the citation under 500 characters.")})
    with transaction.atomic():
        model = _locked(model)
        if model.status != ModelStatus.PROPOSED:
            raise ValidationError(_("Only a proposal can be recognised."))
        model.status, model.citation, model.recognised_at = ModelStatus.RECOGNISED, citation, timezone.now()
        model.save(update_fields=["status", "citation", "recognised_at", "updated_at"])
        record(actor=actor, action="publicity.recognise", obj=model, summary={"citation": citation})
    return model


def decline(*, actor, model: ExemplaryModel, reason: str) -> ExemplaryModel:
    require(actor, "publicity.manage_model", model)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        model = _locked(model)
        if model.status != ModelStatus.PROPOSED:
            raise ValidationError(_("Only a proposal can be declined."))
        model.status, model.decline_reason = ModelStatus.DECLINED, reason.strip()
        model.save(update_fields=["status", "decline_reason", "updated_at"])
        record(actor=actor, action="publicity.decline", obj=model, summary={"reason": model.decline_reason})
    return model


def edit_story(*, actor, model: ExemplaryModel, story: str, evidence: str = "") -> ExemplaryModel:
    require(actor, "publicity.edit_story", model)
    model.story, model.evidence = _story(story), (evidence or "").strip()
    with transaction.atomic():
        model.save(update_fields=["story", "evidence", "updated_at"])
        record(actor=actor, action="publicity.story", obj=model, summary={"chars": len(model.story)})
    return model


def add_photo(*, actor, model: ExemplaryModel, upload, caption: str) -> Photo:
    require(actor, "publicity.edit_story", model)
    if not (caption or "").strip():
        raise ValidationError({"caption": _("Say what the photo shows.")})
    validate_image(upload)
    with transaction.atomic():
        if model.photos.count() >= MAX_PHOTOS:
            raise ValidationError(_("A story has at most %(n)s photos.") % {"n": MAX_PHOTOS})
        photo = Photo.objects.create(model=model, file=upload, caption=caption.strip()[:255], uploaded_by=actor)
        record(actor=actor, action="publicity.photo", obj=model, summary={"caption": photo.caption})
    return photo


def publish(*, actor, model: ExemplaryModel) -> ExemplaryModel:
    """Put a recognised model's story in the agency's showcase (feed, gallery, digest, RSS)."""
    require(actor, "publicity.manage_model", model)
    with transaction.atomic():
        model = _locked(model)
        if model.status not in SHOWN:
            raise ValidationError(_("Only a recognised model can be published."))
        if not richtext.plain(model.story):
            raise ValidationError(_("Write the story before publishing it."))
        if model.published_at is None:
            model.published_at = timezone.now()
            model.save(update_fields=["published_at", "updated_at"])
            record(actor=actor, action="publicity.publish", obj=model, summary={"title": model.title})
    return model


def withdraw(*, actor, model: ExemplaryModel) -> ExemplaryModel:
    require(actor, "publicity.manage_model", model)
    with transaction.atomic():
        model.published_at = None
        model.save(update_fields=["published_at", "updated_at"])
        record(actor=actor, action="publicity.withdraw", obj=model, summary={})
    return model


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ValidationError({field: _("Enter a number.")})
    return number


def adopt(*, actor, model: ExemplaryModel, unit: Unit, plan: str, indicator: str, baseline, started_on: datetime.date,
          higher_is_better: bool = True) -> Replication:
    """A unit declares that it adopts a model, with its plan and the indicator's value before."""
    require(actor, "publicity.replicate_model", unit)
    errors = {}
    if unit.agency_id != model.agency_id:
        errors["unit"] = _("Only units of the same agency can adopt this model.")
    elif unit.pk == model.unit_id:
        errors["unit"] = _("The model's own unit cannot adopt it.")
    if not (plan or "").strip():
        errors["plan"] = _("Describe how the unit will apply the model.")
    if not (indicator or "").strip():
        errors["indicator"] = _("Name the indicator that will show the effect.")
    if started_on is None or started_on > timezone.localdate():
        errors["started_on"] = _("Give the date the unit adopted the model (not in the future).")
    if errors:
        raise ValidationError(errors)
    baseline = _decimal(baseline, "baseline")
    with transaction.atomic():
        model = _locked(model)
        if model.status not in SHOWN:
            raise ValidationError(_("Only a recognised model can be adopted."))
        if model.replications.filter(unit=unit).exists():
            raise ValidationError({"unit": _("This unit has already adopted the model.")})
        item = Replication.objects.create(model=model, unit=unit, plan=plan.strip(), indicator=indicator.strip()[:255],
                                          baseline=baseline, higher_is_better=higher_is_better, started_on=started_on,
                                          declared_by=actor)
        if model.status == ModelStatus.RECOGNISED:
            model.status = ModelStatus.REPLICATED
            model.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="publicity.adopt", obj=model,
               summary={"unit": unit.code, "indicator": item.indicator, "baseline": baseline})
    return item


def measure(*, actor, replication: Replication, result, measured_on: datetime.date) -> Replication:
    """The adopting unit reports the indicator's value after applying the model."""
    require(actor, "publicity.replicate_model", replication.unit)
    result = _decimal(result, "result")
    if measured_on is None or measured_on < replication.started_on or measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("The measurement date must fall between the adoption (%(day)s) and "
                                                "today.") % {"day": replication.started_on.strftime("%d/%m/%Y")}})
    with transaction.atomic():
        replication.result, replication.measured_on = result, measured_on
        replication.save(update_fields=["result", "measured_on"])
        record(actor=actor, action="publicity.measure", obj=replication.model,
               summary={"unit": replication.unit.code, "baseline": replication.baseline, "result": result})
    return replication


def showcase_settings(agency) -> ShowcaseSettings:
    return ShowcaseSettings.objects.get_or_create(agency=agency)[0]


def _may_read(actor, model):
    if not (model.published_at and actor.has_perm("publicity.view_model", model)):
        raise PermissionDenied(_("You do not have permission to do this."))


def react(*, actor, model: ExemplaryModel) -> bool:
    """Toggle the actor's appreciation of a published story; returns whether it is now on."""
    _may_read(actor, model)
    if not showcase_settings(model.agency).reactions:
        raise PermissionDenied(_("Your agency does not take reactions on stories."))
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(model=model, user=actor).delete()
        if not deleted:
            Reaction.objects.create(model=model, user=actor)
        record(actor=actor, action="publicity.react", obj=model, summary={"on": not deleted})
    return not deleted


def comment(*, actor, model: ExemplaryModel, text: str) -> Comment:
    _may_read(actor, model)
    if not showcase_settings(model.agency).comments:
        raise PermissionDenied(_("Your agency does not take comments on stories."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError({"text": _("A comment has at most %(n)s characters.") % {"n": COMMENT_MAX_CHARS}})
    with transaction.atomic():
        item = Comment.objects.create(model=model, user=actor, text=text)
        record(actor=actor, action="publicity.comment", obj=model, summary={"comment": item.pk})
    return item


def hide_comment(*, actor, item: Comment) -> Comment:
    require(actor, "publicity.manage_model", item.model)
    with transaction.atomic():
        item.hidden = True
        item.save(update_fields=["hidden"])
        record(actor=actor, action="publicity.hide_comment", obj=item.model, summary={"comment": item.pk})
    return item


def update_showcase(*, actor, agency, reactions: bool, comments: bool, public_page: bool, email_digest: bool,
                    new_feed_key: bool = False) -> ShowcaseSettings:
    require(actor, "publicity.manage_showcase", agency)
    item = showcase_settings(agency)
    values = {"reactions": reactions, "comments": comments, "public_page": public_page, "email_digest": email_digest}
    with transaction.atomic():
        for name, value in values.items():
            setattr(item, name, bool(value))
        if new_feed_key:
            from .models import new_feed_key as make_key

            item.feed_key = make_key()
        item.save()
        record(actor=actor, action="publicity.settings", obj=agency, summary={**values, "new_feed_key": new_feed_key})
    return item


def week_start_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def send_digest(*, agency, week_start: datetime.date, base_url: str = "") -> Digest | None:
    """The weekly digest: the stories published in the week, in-app for everyone in the agency and by e-mail.

    Sent once per agency and week (a second call returns None); nothing is sent for a week without stories.
    """
    from .selectors import agency_readers

    start = timezone.make_aware(datetime.datetime.combine(week_start, datetime.time.min))
    stories = list(ExemplaryModel.objects.filter(agency=agency, published_at__gte=start,
                                                 published_at__lt=start + datetime.timedelta(days=7))
                   .select_related("unit").order_by("published_at"))
    if not stories:
        return None
    with transaction.atomic():
        digest, created = Digest.objects.get_or_create(agency=agency, week_start=week_start)
        if not created:
            return None
        digest.stories.set(stories)
        recipients = []
        if showcase_settings(agency).email_digest:
            recipients = list(agency_readers(agency).exclude(email="").values_list("email", flat=True))
        digest.emailed = len(recipients)
        digest.save(update_fields=["emailed"])
        record(actor="system", action="publicity.digest", obj=digest,
               summary={"agency": agency.code, "week": week_start, "stories": len(stories), "emailed": len(recipients)})
        transaction.on_commit(lambda: _email_digest(agency, week_start, stories, recipients, base_url))
    return digest


def _email_digest(agency, week_start, stories, recipients, base_url) -> None:
    from thidua.notifications.services import send_email

    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Good people, good deeds: the week from %(day)s") % {"day": week_start.strftime("%d/%m/%Y")}
        body = render_to_string("publicity/digest_email.txt", {
            "agency": agency, "week_start": week_start, "stories": stories,
            "base_url": (base_url or settings.THIDUA_BASE_URL).rstrip("/")})
    with get_connection() as connection:
        for address in recipients:  # one message each: no one sees the others' addresses
            send_email(to=[address], subject=subject, body=body, connection=connection)


def create_congress(*, actor, agency, title: str, held_on: datetime.date, place: str) -> Congress:
    require(actor, "publicity.manage_showcase", agency)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the congress a title.")
    if held_on is None:
        errors["held_on"] = _("Give the date of the congress.")
    if not (place or "").strip():
        errors["place"] = _("Give the place of the congress.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        congress = Congress.objects.create(agency=agency, title=title.strip(), held_on=held_on, place=place.strip())
        record(actor=actor, action="publicity.congress", obj=congress, summary={"title": congress.title})
    return congress


def honour(*, actor, congress: Congress, model: ExemplaryModel) -> Honour:
    """Put a recognised model on the congress's list to honour; it is then marked honoured."""
    require(actor, "publicity.manage_showcase", congress.agency)
    if model.agency_id != congress.agency_id:
        raise ValidationError(_("The model belongs to another agency."))
    with transaction.atomic():
        model = _locked(model)
        if model.status not in SHOWN:
            raise ValidationError(_("Only a recognised model can be honoured."))
        if congress.honours.filter(model=model).exists():
            raise ValidationError(_("The model is already on this congress's list."))
        item = Honour.objects.create(congress=congress, model=model, position=congress.honours.count() + 1)
        model.status = ModelStatus.HONOURED
        model.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="publicity.honour", obj=model, summary={"congress": congress.pk})
    return item
