"""Every write to movements: permission, windows, ranges, one transaction, one audit event."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.core.uploads import validate_upload
from thidua.organization.models import Unit
from thidua.organization.services import require

from . import scoring
from .models import (
    Correction,
    Criterion,
    CriterionGroup,
    Evidence,
    FlagProposal,
    IndicatorMeasure,
    Movement,
    MovementPhase,
    Participant,
    Pledge,
    PledgeAssessment,
    PledgeEvidence,
    PledgeStatus,
    Result,
    Rubric,
    Score,
    ScoreKind,
    TargetCheckpoint,
    TargetProgress,
    WorkPlan,
    WorkPlanTarget,
)

# Rubrics -------------------------------------------------------------------------------------------


def _editable(rubric: Rubric) -> None:
    if rubric.frozen:
        raise ValidationError(_("This rubric is in use and frozen: copy it to a new version to change it."))


def create_rubric(*, actor, agency, name: str, bonus_cap: Decimal | None = None) -> Rubric:
    require(actor, "movements.change_rubric", agency)
    rubric = Rubric.objects.create(agency=agency, name=name.strip(), bonus_cap=bonus_cap)
    record(actor=actor, action="rubric.create", obj=rubric, summary={"name": rubric.name})
    return rubric


def add_criterion(*, actor, rubric: Rubric, group: str, code: str, name: str, max_score, weight=1, kind="regular",
                  measure="number", evidence_required=False, evidence_note="") -> Criterion:
    require(actor, "movements.change_rubric", rubric)
    _editable(rubric)
    with transaction.atomic():
        group_obj, _created = CriterionGroup.objects.get_or_create(
            rubric=rubric, name=group.strip(), defaults={"position": rubric.groups.count()})
        criterion = Criterion(rubric=rubric, group=group_obj, code=code.strip(), name=name.strip(), kind=kind,
                              max_score=max_score, weight=weight, measure=measure,
                              evidence_required=evidence_required, evidence_note=evidence_note,
                              position=rubric.criteria.count())
        criterion.full_clean()
        criterion.save()
        record(actor=actor, action="rubric.add_criterion", obj=rubric,
               summary={"code": criterion.code, "max": str(max_score), "weight": str(weight), "kind": kind})
    return criterion


def copy_rubric(*, actor, rubric: Rubric, name: str | None = None) -> Rubric:
    """A new, editable version (for example next year's) with the same groups and criteria."""
    require(actor, "movements.change_rubric", rubric)
    with transaction.atomic():
        latest = Rubric.objects.filter(agency=rubric.agency, name=name or rubric.name).order_by("-version").first()
        copy = Rubric.objects.create(agency=rubric.agency, name=name or rubric.name, bonus_cap=rubric.bonus_cap,
                                     version=(latest.version + 1) if latest else 1, based_on=rubric)
        for group in rubric.groups.all():
            new_group = CriterionGroup.objects.create(rubric=copy, name=group.name, position=group.position)
            Criterion.objects.bulk_create([
                Criterion(rubric=copy, group=new_group, code=c.code, name=c.name, kind=c.kind, max_score=c.max_score,
                          weight=c.weight, measure=c.measure, evidence_required=c.evidence_required,
                          evidence_note=c.evidence_note, position=c.position) for c in group.criteria.all()])
        record(actor=actor, action="rubric.copy", obj=copy, summary={"from": rubric.pk, "version": copy.version})
    return copy


# Movements -----------------------------------------------------------------------------------------


def launch(*, actor, title: str, year: int, rubric: Rubric, starts_on, ends_on, registration_until, reporting_until,
           scoring_from, scoring_until, unit: Unit | None = None, block=None, participants=None, kind="regular",
           slogan="", goals="", tie_break="group_order", joint_pledge="", person_pledges=False, parent=None,
           decision_number="", decision_date=None) -> Movement:
    """Launch a movement for a unit subtree (participants: the given units, or the unit's children) or a block
    (participants: the members' agencies that year). The rubric is frozen from now on. A yearly sub-movement
    names its multi-year `parent` and falls within the parent's period."""
    if (unit is None) == (block is None):
        raise ValidationError(_("Choose either a unit subtree or an emulation block."))
    if unit is not None:
        require(actor, "organization.change_unit", unit)
        agency = unit.agency
        subtree = set(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))
        units = list(participants) if participants else list(unit.children.filter(dissolved_on__isnull=True))
        if any(u.pk not in subtree for u in units):
            raise ValidationError({"participants": _("Participants must belong to the chosen unit's subtree.")})
    else:
        require(actor, "organization.change_block", block)
        agency = block.host_agency
        agencies = [m.agency for m in block.memberships.filter(year=year).select_related("agency")]
        units = [a.root_unit for a in agencies]
        if len(units) < 3:
            raise ValidationError(_("Cross-scoring needs at least three block members in %(year)s.") % {"year": year})
    if not units:
        raise ValidationError({"participants": _("Choose the participating units.")})
    if not rubric.criteria.exists():
        raise ValidationError({"rubric": _("The rubric has no criteria.")})
    dates = [starts_on, registration_until, reporting_until, scoring_until]
    if not (starts_on <= ends_on and starts_on <= registration_until <= reporting_until and scoring_from <= scoring_until
            and dates == sorted(dates)):
        raise ValidationError(_("The windows must follow each other: pledges, then reporting, then scoring."))
    if parent is not None and not (parent.agency_id == agency.pk and parent.starts_on <= starts_on
                                   and ends_on <= parent.ends_on):
        raise ValidationError({"parent": _("A sub-movement belongs to the same agency and falls within the "
                                           "multi-year movement's period.")})
    movement = Movement(agency=agency, unit=unit, block=block, title=title.strip(), year=year, rubric=rubric,
                        starts_on=starts_on, ends_on=ends_on, registration_until=registration_until,
                        reporting_until=reporting_until, scoring_from=scoring_from, scoring_until=scoring_until,
                        kind=kind, slogan=slogan, goals=goals, tie_break=tie_break, joint_pledge=joint_pledge,
                        person_pledges=person_pledges, parent=parent, decision_number=decision_number.strip(),
                        decision_date=decision_date, created_by=actor)
    movement.full_clean()
    with transaction.atomic():
        movement.save()
        Participant.objects.bulk_create([Participant(movement=movement, unit=u) for u in units])
        Rubric.objects.filter(pk=rubric.pk).update(frozen=True)
        record(actor=actor, action="movement.launch", obj=movement,
               summary={"title": movement.title, "participants": len(units), "rubric": str(rubric),
                        "parent": parent.pk if parent else None, "decision": movement.decision_number})
    return movement


def _check_phase(phase: MovementPhase) -> None:
    """Inside the movement's period, and no overlap with another phase of the same kind (years follow each
    other; the mid-term and final phases span years)."""
    movement = phase.movement
    if not (movement.starts_on <= phase.starts_on <= phase.ends_on <= movement.ends_on):
        raise ValidationError(_("A phase runs within the movement's period, from %(start)s to %(end)s.") % {
            "start": movement.starts_on.strftime("%d/%m/%Y"), "end": movement.ends_on.strftime("%d/%m/%Y")})
    clash = (MovementPhase.objects.filter(movement=movement, kind=phase.kind, starts_on__lte=phase.ends_on,
                                          ends_on__gte=phase.starts_on).exclude(pk=phase.pk).first())
    if clash is not None:
        raise ValidationError(_("This phase overlaps “%(name)s” (%(start)s – %(end)s), a phase of the same kind.") % {
            "name": clash.name, "start": clash.starts_on.strftime("%d/%m/%Y"),
            "end": clash.ends_on.strftime("%d/%m/%Y")})
    phase.full_clean()


def add_phase(*, actor, movement: Movement, name: str, kind: str, starts_on, ends_on) -> MovementPhase:
    """A phase of a multi-year movement (a year, the mid-term or the final stage), inside its period."""
    require(actor, "movements.manage_movement", movement)
    phase = MovementPhase(movement=movement, name=name.strip(), kind=kind, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic():
        Movement.objects.select_for_update().filter(pk=movement.pk).first()  # two additions at once: checked in turn
        _check_phase(phase)
        phase.save()
        record(actor=actor, action="movement.phase", obj=movement,
               summary={"name": phase.name, "kind": kind, "from": starts_on, "to": ends_on})
    return phase


def update_phase(*, actor, phase: MovementPhase, name: str, kind: str, starts_on, ends_on) -> MovementPhase:
    require(actor, "movements.manage_movement", phase.movement)
    before = {"name": phase.name, "kind": phase.kind, "from": phase.starts_on, "to": phase.ends_on}
    phase.name, phase.kind, phase.starts_on, phase.ends_on = name.strip(), kind, starts_on, ends_on
    after = {"name": phase.name, "kind": kind, "from": starts_on, "to": ends_on}
    with transaction.atomic():
        Movement.objects.select_for_update().filter(pk=phase.movement_id).first()
        if not MovementPhase.objects.filter(pk=phase.pk).exists():  # removed meanwhile: never brought back
            raise ValidationError(_("The phase “%(name)s” is removed.") % {"name": before["name"]})
        _check_phase(phase)
        phase.save()
        record(actor=actor, action="movement.phase_update", obj=phase.movement,
               summary={key: f"{before[key]} → {after[key]}" for key in after if before[key] != after[key]})
    return phase


def remove_phase(*, actor, phase: MovementPhase) -> None:
    require(actor, "movements.manage_movement", phase.movement)
    with transaction.atomic():
        Movement.objects.select_for_update().filter(pk=phase.movement_id).first()  # after a change under way
        if MovementPhase.objects.filter(pk=phase.pk).delete()[0]:  # a second click of a double submit: nothing
            record(actor=actor, action="movement.phase_remove", obj=phase.movement,
                   summary={"name": phase.name, "kind": phase.kind, "from": phase.starts_on, "to": phase.ends_on})


def _participant(movement: Movement, unit: Unit) -> None:
    if not movement.participants.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s does not take part in this movement.") % {"unit": unit.name})


def _window(until: datetime.date, what: str, since: datetime.date | None = None) -> None:
    today = timezone.localdate()
    if since is not None and today < since:
        raise ValidationError(_("The %(what)s window opens on %(day)s.") % {"what": what,
                                                                           "day": since.strftime("%d/%m/%Y")})
    if today > until:
        raise ValidationError(_("The %(what)s window closed on %(day)s.") % {"what": what,
                                                                            "day": until.strftime("%d/%m/%Y")})


def pledge(*, actor, movement: Movement, unit: Unit, targets: dict, joint: bool = False, person=None) -> Pledge:
    """The unit leader signs the unit's targets per criterion (or, in a block, the joint pledge); where the
    movement asks for it, a person signs their own targets (or their unit leader does for them)."""
    if person is None:
        require(actor, "movements.act_for_unit", unit)
    else:
        if not movement.person_pledges:
            raise ValidationError(_("This movement takes pledges from units only."))
        if actor.person_id != person.pk and not actor.has_perm("movements.act_for_unit", unit):
            raise PermissionDenied(_("A person signs their own pledge, or their unit leader does."))
        if not Unit.objects.descendants(unit, include_self=True).filter(pk=person.unit_id).exists():
            raise ValidationError(_("%(name)s does not work in %(unit)s.") % {"name": person.full_name,
                                                                             "unit": unit.name})
    _participant(movement, unit)
    _window(movement.registration_until, _("pledge"))
    codes = set(movement.rubric.criteria.values_list("code", flat=True))
    unknown = set(targets) - codes
    if unknown:
        raise ValidationError({"targets": _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}})
    if not joint and not any(str(v).strip() for v in targets.values()):
        raise ValidationError({"targets": _("State at least one target.")})
    signed = movement.pledges.filter(person=person) if person else movement.pledges.filter(unit=unit, joint=joint,
                                                                                           person=None)
    if signed.exists():
        raise ValidationError(_("%(who)s has already signed.") % {"who": person.full_name if person else unit.name})
    with transaction.atomic():
        try:
            with transaction.atomic():  # a double submit signed meanwhile: the same answer as above
                item = Pledge.objects.create(movement=movement, unit=unit, person=person, joint=joint,
                                             signed_by=actor, targets={k: str(v).strip() for k, v in targets.items()
                                                                       if str(v).strip()})
        except IntegrityError:
            raise ValidationError(_("%(who)s has already signed.") % {
                "who": person.full_name if person else unit.name}) from None
        record(actor=actor, action="movement.pledge", obj=movement,
               summary={"unit": unit.code, "person": person.code if person else "", "joint": joint,
                        "targets": item.targets})
    return item


def add_evidence(*, actor, movement: Movement, unit: Unit, criterion: Criterion, reported_value="", link="",
                 upload=None, note="") -> Evidence:
    require(actor, "movements.act_for_unit", unit)
    _participant(movement, unit)
    _window(movement.reporting_until, _("reporting"))
    if criterion.rubric_id != movement.rubric_id:
        raise ValidationError({"criterion": _("This criterion is not in the movement's rubric.")})
    if not (link or upload or reported_value):
        raise ValidationError(_("Attach a file or a link, or report the result achieved."))
    if upload is not None:
        validate_upload(upload)
    with transaction.atomic():
        # Locking the movement makes a double submit of the same evidence find the first one instead of a twin.
        Movement.objects.select_for_update().filter(pk=movement.pk).first()
        same = movement.evidence.filter(unit=unit, criterion=criterion, reported_value=reported_value, link=link,
                                        note=note, file="").first() if upload is None else None
        if same is not None:
            return same
        item = Evidence.objects.create(movement=movement, unit=unit, criterion=criterion, reported_value=reported_value,
                                       link=link, file=upload or "", note=note, uploaded_by=actor)
        record(actor=actor, action="movement.evidence", obj=movement,
               summary={"unit": unit.code, "criterion": criterion.code, "link": link,
                        "file": upload.name if upload else ""})
    return item


# Personal pledges: the owner self-assesses with evidence, the unit's leader or officer reviews ----------------


def _owned_and_open(actor, pledge: Pledge) -> None:
    if pledge.person_id is None or getattr(actor, "person_id", None) != pledge.person_id:
        raise PermissionDenied(_("Only the person who signed this pledge assesses it."))
    if pledge.status == PledgeStatus.APPROVED:
        raise ValidationError(_("This pledge has been reviewed and confirmed: it can no longer be changed."))


def _still_open(pledge: Pledge) -> None:
    """Under the pledge's row lock, inside the writer's transaction: a review may have confirmed it since the
    owner's page read it."""
    if Pledge.objects.select_for_update().values_list("status", flat=True).get(pk=pledge.pk) == PledgeStatus.APPROVED:
        raise ValidationError(_("This pledge has been reviewed and confirmed: it can no longer be changed."))


def _pledge_criterion(pledge: Pledge, criterion: Criterion) -> None:
    if criterion.rubric_id != pledge.movement.rubric_id or criterion.code not in pledge.targets:
        raise ValidationError({"criterion": _("This criterion is not among the pledge's targets.")})


def add_pledge_evidence(*, actor, pledge: Pledge, criterion: Criterion, link: str = "", upload=None,
                        note: str = "") -> PledgeEvidence:
    """The owner of a personal pledge attaches a file (checked like every upload) or a link for one target."""
    _owned_and_open(actor, pledge)
    _window(pledge.movement.reporting_until, _("reporting"))
    _pledge_criterion(pledge, criterion)
    if not (link or upload):
        raise ValidationError({"file": _("Attach a file or a link as evidence.")})
    if upload is not None:
        validate_upload(upload)
    with transaction.atomic():
        _still_open(pledge)
        item = PledgeEvidence.objects.create(pledge=pledge, criterion=criterion, link=link, file=upload or "",
                                             name=upload.name.rsplit("/", 1)[-1][:255] if upload else "",
                                             note=note.strip(), uploaded_by=actor)
        record(actor=actor, action="movement.pledge.evidence", obj=pledge.movement,
               summary={"pledge": pledge.pk, "person": pledge.person.code, "criterion": criterion.code,
                        "link": link, "file": upload.name if upload else ""})
    return item


def self_assess_pledge(*, actor, pledge: Pledge, results: dict, values: dict) -> list[PledgeAssessment]:
    """The owner states, per target of their personal pledge, the result achieved and a self-score within the
    criterion's range (a score above zero on a criterion that requires evidence needs evidence attached).
    The pledge then awaits review; a returned pledge is assessed again the same way."""
    _owned_and_open(actor, pledge)
    movement = pledge.movement
    _window(movement.scoring_until, _("self-assessment"))
    criteria = {c.code: c for c in movement.rubric.criteria.filter(code__in=list(pledge.targets))}
    evidenced = set(pledge.evidence.values_list("criterion__code", flat=True))
    errors, rows = {}, []
    for code, criterion in criteria.items():
        result = str(results.get(code) or "").strip()
        value = values.get(code)
        if value is not None:
            try:
                value = Decimal(str(value).replace(",", "."))
            except InvalidOperation:
                errors[f"value_{code}"] = [_("Enter a number.")]
                continue
            if not Decimal(0) <= value <= criterion.max_score:
                errors[f"value_{code}"] = [_("%(code)s: give a score from 0 to %(max)s.") % {
                    "code": code, "max": criterion.max_score.normalize()}]
                continue
            if criterion.evidence_required and value > 0 and code not in evidenced:
                errors[f"value_{code}"] = [_("%(code)s: attach the required evidence first.") % {"code": code}]
                continue
        if result or value is not None:
            rows.append((criterion, result, value))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("State the result achieved or a self-score for at least one target."))
    saved = []
    with transaction.atomic():
        _still_open(pledge)
        for criterion, result, value in rows:
            item, _created = PledgeAssessment.objects.update_or_create(
                pledge=pledge, criterion=criterion, defaults={"result": result, "value": value})
            saved.append(item)
        Pledge.objects.filter(pk=pledge.pk).update(status=PledgeStatus.SELF_ASSESSED)
        pledge.status = PledgeStatus.SELF_ASSESSED
        record(actor=actor, action="movement.pledge.self_assess", obj=movement,
               summary={"pledge": pledge.pk, "person": pledge.person.code,
                        "values": {c.code: [r, str(v) if v is not None else ""] for c, r, v in rows}})
    return saved


def may_review_pledge(user, pledge: Pledge) -> bool:
    """The leader or emulation officer of the pledging unit, or of the person's own unit, never the owner."""
    if pledge.person_id is None or getattr(user, "person_id", None) == pledge.person_id:
        return False
    return user.has_perm("movements.act_for_unit", pledge.unit) or user.has_perm("organization.rate_person",
                                                                                  pledge.person)


def review_pledge(*, actor, pledge: Pledge, approve: bool, note: str = "") -> Pledge:
    """Confirm a self-assessed personal pledge, or return it to its owner with the reason."""
    if not may_review_pledge(actor, pledge):
        raise PermissionDenied(_("Only the unit's leader or emulation officer reviews a personal pledge."))
    if pledge.status != PledgeStatus.SELF_ASSESSED:
        raise ValidationError(_("Only a self-assessed pledge awaiting review can be reviewed."))
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say what the person should complete.")})
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.status != PledgeStatus.SELF_ASSESSED:  # reviewed meanwhile by someone else
            raise ValidationError(_("Only a self-assessed pledge awaiting review can be reviewed."))
        pledge.status = PledgeStatus.APPROVED if approve else PledgeStatus.RETURNED
        pledge.review_note, pledge.reviewed_by, pledge.reviewed_at = note, actor, timezone.now()
        pledge.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        record(actor=actor, action="movement.pledge.review", obj=pledge.movement,
               summary={"pledge": pledge.pk, "person": pledge.person.code, "approved": approve, "note": note})
    return pledge


def _check_values(movement: Movement, values: dict, *, unit: Unit, need_evidence: bool) -> dict:
    criteria = {c.code: c for c in movement.rubric.criteria.all()}
    errors, clean = {}, {}
    with_evidence = set(movement.evidence.filter(unit=unit).values_list("criterion__code", flat=True))
    for code, raw in values.items():
        criterion = criteria.get(code)
        if criterion is None:
            errors[code] = [_("Unknown criterion.")]
            continue
        try:
            value = Decimal(str(raw).replace(",", "."))
        except InvalidOperation:
            errors[code] = [_("Enter a number.")]
            continue
        if not Decimal(0) <= value <= criterion.max_score:
            errors[code] = [_("%(code)s: give a score from 0 to %(max)s.") % {"code": code,
                                                                              "max": criterion.max_score.normalize()}]
        elif need_evidence and criterion.evidence_required and value > 0 and code not in with_evidence:
            errors[code] = [_("%(code)s: attach the required evidence first.") % {"code": code}]
        else:
            clean[criterion] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _not_published(movement: Movement) -> None:
    if movement.published_at is not None:
        raise ValidationError(_("The results are published: change a score only by a correction with a reason."))


def score(*, actor, movement: Movement, unit: Unit, kind: str, values: dict, comments: dict | None = None,
          scorer: Unit | None = None) -> list[Score]:
    """Self-scores (by the unit), final scores (by the scoring body, with a comment where they differ from the
    self-score) or cross-scores (by another block member)."""
    _participant(movement, unit)
    _not_published(movement)
    _window(movement.scoring_until, _("scoring"), since=movement.scoring_from)
    comments = comments or {}
    if kind == ScoreKind.SELF:
        require(actor, "movements.act_for_unit", unit)
    elif kind == ScoreKind.FINAL:
        require(actor, "movements.manage_movement", movement)
    elif kind == ScoreKind.CROSS:
        if not movement.cross_scored:
            raise ValidationError(_("Only block movements are cross-scored."))
        if scorer is None or scorer.pk == unit.pk:
            raise ValidationError(_("A block member never scores itself."))
        require(actor, "movements.act_for_unit", scorer)
        _participant(movement, scorer)
    else:
        raise ValidationError(_("Unknown kind of score."))
    clean = _check_values(movement, values, unit=unit, need_evidence=kind == ScoreKind.SELF)
    if kind == ScoreKind.FINAL:
        selfs = dict(movement.scores.filter(unit=unit, kind=ScoreKind.SELF).values_list("criterion_id", "value"))
        missing = [c.code for c, v in clean.items()
                   if c.pk in selfs and selfs[c.pk] != v and not comments.get(c.code, "").strip()]
        if missing:
            raise ValidationError({code: [_("Explain why the self-score is adjusted.")] for code in missing})
    saved = []
    with transaction.atomic():
        _not_published(Movement.objects.select_for_update().get(pk=movement.pk))  # not published meanwhile
        for criterion, value in clean.items():
            item, _created = Score.objects.update_or_create(
                movement=movement, unit=unit, criterion=criterion, kind=kind, scorer=scorer if kind == "cross" else None,
                defaults={"value": value, "comment": comments.get(criterion.code, ""), "set_by": actor})
            saved.append(item)
        record(actor=actor, action=f"movement.score.{kind}", obj=movement,
               summary={"unit": unit.code, "scorer": scorer.code if scorer else "",
                        "values": {c.code: str(v) for c, v in clean.items()}})
    return saved


class UnscoredUnits(ValidationError):
    """Publishing would rank units nobody has scored; `units` lists them for the confirmation."""

    def __init__(self, units: list[Unit]):
        self.units = units
        super().__init__(_("These units have not been scored yet: %(units)s. Confirm to publish the ranking "
                           "with a total of zero for them.") % {"units": ", ".join(u.name for u in units)},
                         code="unscored")


def publish(*, actor, movement: Movement, confirmed_unscored=()) -> list[Result]:
    """Freeze the ranking. Units still unscored are published only when the caller confirms exactly those
    units (`confirmed_unscored`, their ids): a unit left unscored since the confirmation asks again."""
    require(actor, "movements.manage_movement", movement)
    _not_published(movement)
    if timezone.localdate() < movement.scoring_from:
        raise ValidationError(_("Results can be published once scoring has started."))
    with transaction.atomic():
        _not_published(Movement.objects.select_for_update().get(pk=movement.pk))  # a double click publishes once
        missing = scoring.unscored(movement)
        if set(missing) - {int(pk) for pk in confirmed_unscored}:
            raise UnscoredUnits(list(Unit.objects.filter(pk__in=missing).order_by("name")))
        results = _store_results(movement)
        movement.published_at = timezone.now()
        movement.save(update_fields=["published_at", "updated_at"])
        record(actor=actor, action="movement.publish", obj=movement,
               summary={"ranking": [[r.unit_id, str(r.total), r.rank] for r in results], "unscored": missing})
    return results


def _store_results(movement: Movement) -> list[Result]:
    movement.results.all().delete()
    return Result.objects.bulk_create([
        Result(movement=movement, unit_id=s.unit_id, total=s.total, rank=s.rank,
               groups={str(g): str(v) for g, v in s.groups.items()}) for s in scoring.standings(movement)])


def correct(*, actor, score_: Score, value, reason: str) -> Score:
    """After publication, a score changes only by a recorded correction; the ranking is recomputed."""
    movement = score_.movement
    require(actor, "movements.manage_movement", movement)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    clean = _check_values(movement, {score_.criterion.code: value}, unit=score_.unit, need_evidence=False)
    new_value = clean[score_.criterion]
    with transaction.atomic():
        score_ = Score.objects.select_for_update().get(pk=score_.pk)  # two corrections at once: each sees the other
        Correction.objects.create(score=score_, old_value=score_.value, new_value=new_value, reason=reason.strip(),
                                  by=actor)
        old = score_.value
        score_.value = new_value
        score_.save(update_fields=["value", "set_at"])
        if movement.published_at is not None:
            _store_results(movement)
        record(actor=actor, action="movement.correct", obj=movement,
               summary={"score": score_.pk, "from": str(old), "to": str(new_value), "reason": reason})
    return score_


def propose_for_flag(*, actor, movement: Movement, units: list[Unit], award_code: str, reason: str) -> list[FlagProposal]:
    """The block's leader (this year) proposes top-ranked units for the block's Emulation Flag, saying why."""
    if not movement.cross_scored or movement.published_at is None:
        raise ValidationError(_("Proposals follow the published ranking of a block movement."))
    leader = movement.block.memberships.filter(year=movement.year, role="leader").select_related("agency").first()
    if leader is None or not actor.has_perm("movements.act_for_unit", leader.agency.root_unit):
        raise PermissionDenied(_("Only the block's leading agency proposes units for the Emulation Flag."))
    ranks = dict(movement.results.values_list("unit_id", "rank"))
    errors = {}
    if not units:
        errors["units"] = _("Choose the units to propose.")
    elif any(ranks.get(u.pk) is None for u in units):
        errors["units"] = _("Propose only ranked participants.")
    if not reason.strip():
        errors["reason"] = _("Write the reason for the proposal: the achievements that earn the Emulation Flag.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        items = [FlagProposal.objects.create(movement=movement, unit=u, award_code=award_code, reason=reason.strip(),
                                             proposed_by=actor) for u in units]
        record(actor=actor, action="movement.propose_flag", obj=movement,
               summary={"award": award_code, "units": [u.code for u in units], "reason": reason.strip()})
    return items


def add_work_plan_target(*, actor, unit: Unit, year: int, target: str, criterion: Criterion | None = None,
                         measure: str = "", baseline=None, goal=None, due_on=None,
                         checkpoints: list[tuple[datetime.date, Decimal | None]] = ()) -> WorkPlanTarget:
    """A unit's yearly work plan states its emulation targets, each tied to a movement criterion or measured
    by an indicator (number, percentage, date or yes/no) with a baseline, a target value, a due date and
    checkpoints."""
    require(actor, "movements.act_for_unit", unit)
    if not target.strip():
        raise ValidationError({"target": _("State the target.")})
    if criterion is None and not measure:
        raise ValidationError({"measure": _("Tie the target to a criterion or give it an indicator.")})
    errors = {}
    if measure in (IndicatorMeasure.NUMBER, IndicatorMeasure.PERCENTAGE):
        if goal is None:
            errors["goal"] = _("Give the target value.")
        elif measure == IndicatorMeasure.PERCENTAGE and not (0 <= goal <= 100 and (baseline or 0) >= 0
                                                             and (baseline or 0) <= 100):
            errors["goal"] = _("A percentage is between 0 and 100.")
    if measure and due_on is None:
        errors["due_on"] = _("Give the due date.")
    elif due_on is not None and due_on.year != year:
        errors["due_on"] = _("The due date falls in the plan's year %(year)s.") % {"year": year}
    if any(due_on is not None and day > due_on for day, _value in checkpoints):
        errors["checkpoints"] = _("Checkpoints come before the due date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan, _created = WorkPlan.objects.get_or_create(
            unit=unit, year=year, defaults={"title": _("Work plan %(year)s") % {"year": year}})
        item = WorkPlanTarget.objects.create(plan=plan, criterion=criterion, target=target.strip(), measure=measure,
                                             baseline=baseline, goal=goal, due_on=due_on)
        TargetCheckpoint.objects.bulk_create([TargetCheckpoint(target=item, on=day, expected=value)
                                              for day, value in checkpoints])
        record(actor=actor, action="workplan.target", obj=unit,
               summary={"year": year, "criterion": criterion.code if criterion else "", "target": item.target,
                        "measure": measure, "baseline": baseline, "goal": goal, "due_on": due_on,
                        "checkpoints": [[d, v] for d, v in checkpoints]})
    return item


def report_progress(*, actor, target: WorkPlanTarget, on: datetime.date, value=None, done_on=None, link="",
                    upload=None, note="") -> TargetProgress:
    """The unit reports where a target stands, with evidence (a file or a link)."""
    require(actor, "movements.act_for_unit", target.plan.unit)
    if not target.measure:
        raise ValidationError(_("This target has no indicator to report on."))
    if not (link or upload):
        raise ValidationError({"link": _("Attach a file or a link as evidence.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("Progress is reported as of today or an earlier day.")})
    if target.measure == IndicatorMeasure.DATE:
        if done_on is not None and done_on > on:
            raise ValidationError({"done_on": _("The day it was done cannot be after the day reported.")})
        value = None
    elif value is None:
        raise ValidationError({"value": _("Give the value reached.")})
    elif target.measure == IndicatorMeasure.YES_NO and value not in (0, 1):
        raise ValidationError({"value": _("Answer yes or no.")})
    elif target.measure == IndicatorMeasure.PERCENTAGE and not 0 <= value <= 100:
        raise ValidationError({"value": _("A percentage is between 0 and 100.")})
    if upload is not None:
        validate_upload(upload)
    with transaction.atomic():
        item = TargetProgress.objects.create(target=target, on=on, value=value, done_on=done_on, link=link,
                                             file=upload or "", note=note, reported_by=actor)
        record(actor=actor, action="workplan.progress", obj=target.plan.unit,
               summary={"target": target.pk, "on": on, "value": value, "done_on": done_on, "link": link,
                        "file": upload.name if upload else ""})
    return item
