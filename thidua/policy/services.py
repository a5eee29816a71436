"""Writes of the policy app: drafts, their review, simulations and backtests. Each checks permission,
runs in one transaction and records one audit event. A draft never changes the law in force."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.awards.codes import AWARDS
from thidua.organization.models import Person, Unit
from thidua.organization.services import require
from thidua.rules.models import AdoptedReform
from thidua.rules.reforms import ReformError, ReformSpec, parse

from . import impact
from .models import CHANGES_PER_PAGE, ChangePage, Reform, ReformStatus, Simulation, SimulationStatus

MAX_TITLE = 255
MAX_PURPOSE = 5000


def _checked(document: str) -> ReformSpec:
    try:
        return parse(document)
    except ReformError as exc:
        raise ValidationError({"document": exc.messages}) from None


def _texts(title: str, purpose: str) -> tuple[str, str]:
    title, purpose = (title or "").strip(), (purpose or "").strip()
    errors = {}
    if not title or len(title) > MAX_TITLE:
        errors["title"] = [_("Give a title of at most %(n)s characters.") % {"n": MAX_TITLE}]
    if not purpose or len(purpose) > MAX_PURPOSE:
        errors["purpose"] = [_("Say what the draft is for, in at most %(n)s characters.") % {"n": MAX_PURPOSE}]
    if errors:
        raise ValidationError(errors)
    return title, purpose


def create_reform(*, actor, unit: Unit, title: str, purpose: str, document: str) -> Reform:
    require(actor, "policy.draft_reform", unit)
    title, purpose = _texts(title, purpose)
    spec = _checked(document)
    reform = Reform(unit=unit, title=title, purpose=purpose, document=document, changes=list(spec.changes),
                    version=spec.version, author=actor)
    with transaction.atomic():
        reform.save()
        record(actor=actor, action="reform.create", obj=reform,
               summary={"title": title, "version": reform.version, "changes": reform.changes})
    return reform


def update_reform(*, actor, reform: Reform, title: str, purpose: str, document: str) -> Reform:
    require(actor, "policy.draft_reform", reform)
    title, purpose = _texts(title, purpose)
    spec = _checked(document)
    with transaction.atomic():
        reform = Reform.objects.select_for_update().get(pk=reform.pk)
        if not reform.editable:
            raise ValidationError(_("A draft sent for review or reviewed cannot be changed."))
        before = reform.version
        reform.title, reform.purpose, reform.document = title, purpose, document
        reform.changes, reform.version = list(spec.changes), spec.version
        reform.status = ReformStatus.DRAFT
        reform.save()
        record(actor=actor, action="reform.update", obj=reform,
               summary={"title": title, "from_version": before, "version": reform.version,
                        "changes": reform.changes})
    return reform


def submit_reform(*, actor, reform: Reform) -> Reform:
    require(actor, "policy.draft_reform", reform)
    with transaction.atomic():
        reform = Reform.objects.select_for_update().get(pk=reform.pk)
        if not reform.editable:
            raise ValidationError(_("This draft is already sent for review."))
        reform.status = ReformStatus.IN_REVIEW
        reform.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="reform.submit", obj=reform, summary={"version": reform.version})
    return reform


def review_reform(*, actor, reform: Reform, accept: bool, comment: str) -> Reform:
    """The reviewer (never the author) accepts the draft as fit for the drafting council, or returns it."""
    require(actor, "policy.review_reform", reform)
    comment = (comment or "").strip()
    if not comment or len(comment) > MAX_PURPOSE:
        raise ValidationError({"comment": _("Write the review comment (at most %(n)s characters).")
                               % {"n": MAX_PURPOSE}})
    with transaction.atomic():
        reform = Reform.objects.select_for_update().get(pk=reform.pk)
        if reform.status != ReformStatus.IN_REVIEW:
            raise ValidationError(_("Only a draft sent for review can be reviewed."))
        reform.status = ReformStatus.REVIEWED if accept else ReformStatus.RETURNED
        reform.reviewer, reform.review_comment, reform.reviewed_at = actor, comment, timezone.now()
        reform.save()
        record(actor=actor, action="reform.review", obj=reform,
               summary={"accepted": accept, "comment": comment, "version": reform.version})
    return reform


def adopt_reform(*, actor, reform: Reform, decision_number: str, decision_date: datetime.date, signer: str,
                 effective_from: datetime.date) -> Reform:
    """A reviewed draft adopted by a decision (number, date, signer): from `effective_from` it is the law in
    force for the drafting unit's agency, as a new version of the rules; before that date the old law answers.
    Someone other than the author records it; an adopted draft can no longer be changed."""
    require(actor, "policy.adopt_reform", reform)
    decision_number, signer = (decision_number or "").strip(), (signer or "").strip()
    errors = {}
    if not decision_number or len(decision_number) > 64:
        errors["decision_number"] = [_("Give the decision number (at most 64 characters).")]
    if not signer or len(signer) > 255:
        errors["signer"] = [_("Give who signed the decision (at most 255 characters).")]
    if not isinstance(decision_date, datetime.date):
        errors["decision_date"] = [_("Give the date of the decision.")]
    if not isinstance(effective_from, datetime.date):
        errors["effective_from"] = [_("Give the date the decision takes effect.")]
    elif isinstance(decision_date, datetime.date) and effective_from < decision_date:
        errors["effective_from"] = [_("The decision cannot take effect before it is signed.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reform = Reform.objects.select_for_update().select_related("unit").get(pk=reform.pk)
        if reform.status != ReformStatus.REVIEWED:
            raise ValidationError(_("Only a reviewed draft can be adopted."))
        spec = _checked(reform.document)
        start = effective_from.isoformat()
        changes = tuple({**change, "from": max(change["from"], start)} for change in spec.changes)
        version = ReformSpec(changes=changes).version
        AdoptedReform.objects.create(agency_id=reform.unit.agency_id, title=reform.title, changes=list(changes),
                                     version=version, decision_number=decision_number, decision_date=decision_date,
                                     signer=signer, effective_from=effective_from, recorded_by=actor)
        reform.status, reform.adopted_by, reform.adopted_version = ReformStatus.ADOPTED, actor, version
        reform.decision_number, reform.decision_date, reform.signer = decision_number, decision_date, signer
        reform.effective_from = effective_from
        reform.save()
        record(actor=actor, action="reform.adopt", obj=reform,
               summary={"decision_number": decision_number, "decision_date": decision_date.isoformat(),
                        "signer": signer, "effective_from": start, "draft_version": reform.version,
                        "rules_version": version})
    return reform


# Simulations ---------------------------------------------------------------------------------------


def start_simulation(*, actor, reform: Reform, unit: Unit, year: int, awards: list[str],
                     as_of: datetime.date | None = None, round_=None) -> Simulation:
    """Queue a simulation (or, with `round_`, a backtest of that past round); the task runs it."""
    require(actor, "policy.view_reform", reform)
    require(actor, "policy.simulate", unit)
    awards = list(dict.fromkeys(awards))
    if not awards or any(code not in AWARDS for code in awards):
        raise ValidationError({"awards": _("Choose one or more awards.")})
    if not 2000 <= year <= 2200:
        raise ValidationError({"year": _("Give a year between 2000 and 2200.")})
    if round_ is not None:
        require(actor, "nominations.view_round", round_)
        if round_.year != year:
            raise ValidationError({"round": _("The round is for another year.")})
    simulation = Simulation(reform=reform, unit=unit, year=year, awards=awards, round=round_,
                            as_of=as_of or datetime.date(year, 12, 31), created_by=actor)
    with transaction.atomic():
        simulation.save()
        record(actor=actor, action="simulation.start", obj=simulation,
               summary={"reform": reform.pk, "version": reform.version, "unit": unit.name, "year": year,
                        "awards": awards, "round": getattr(round_, "pk", None)})
    from .tasks import run_simulation

    transaction.on_commit(lambda: run_simulation.enqueue(simulation_id=simulation.pk))
    return simulation


def units_of(unit: Unit):
    """The unit and every unit under it: the collectives a simulation covers."""
    return Unit.objects.descendants(unit, include_self=True)


def people_of(unit: Unit):
    """Everyone working in the unit's subtree: the population a simulation covers."""
    ids = list(units_of(unit).values_list("pk", flat=True))
    return Person.objects.filter(unit_id__in=ids, is_active=True)


def compute(simulation: Simulation) -> Simulation:
    """Run a queued simulation and store its report (called by the background task and the CLI)."""
    started = Simulation.objects.filter(pk=simulation.pk, status=SimulationStatus.QUEUED) \
        .update(status=SimulationStatus.RUNNING, progress=5)
    if not started:  # already run (the demo runs it at once) or running elsewhere
        simulation.refresh_from_db()
        return simulation

    def progress(percent: int) -> None:
        Simulation.objects.filter(pk=simulation.pk).update(progress=percent)

    try:
        spec = parse(simulation.reform.document)
        report = impact.compare(people=people_of(simulation.unit), year=simulation.year, awards=simulation.awards,
                                spec=spec, as_of=simulation.as_of, units=units_of(simulation.unit),
                                progress=progress)
        nominated = collectives = None
        if simulation.round_id:
            report["reproduction"] = impact.reproduce(simulation.round, simulation.as_of)
            proposals = simulation.round.nominations.values_list("person_id", "collective_id", "award_code")
            nominated = {(p, code) for p, _c, code in proposals if p is not None}
            collectives = {(c, code) for _p, c, code in proposals if c is not None}
            for row in report["changed_units"]:
                row["nominated"] = (row["unit"], row["award"]) in collectives
    except (ReformError, ValueError) as exc:
        Simulation.objects.filter(pk=simulation.pk).update(status=SimulationStatus.FAILED, error=str(exc)[:2000],
                                                           finished_at=timezone.now())
        simulation.refresh_from_db()
        return simulation
    except Exception:  # the page must not wait for ever: mark it failed, and let the worker log the error
        Simulation.objects.filter(pk=simulation.pk).update(status=SimulationStatus.FAILED, finished_at=timezone.now(),
                                                           error=_("The simulation stopped on an internal error."))
        raise
    rows = [[row["person"], row["award"], row["law"], row["draft"],
             [[r["condition"], r["law"], r["draft"]] for r in row["reasons"]],
             None if nominated is None else (row["person"], row["award"]) in nominated]
            for row in report.pop("changed")]
    report["changed_stored"] = len(rows)
    pages = [ChangePage(simulation_id=simulation.pk, number=k // CHANGES_PER_PAGE, rows=rows[k:k + CHANGES_PER_PAGE])
             for k in range(0, len(rows), CHANGES_PER_PAGE)]
    with transaction.atomic():
        ChangePage.objects.filter(simulation_id=simulation.pk).delete()
        ChangePage.objects.bulk_create(pages, batch_size=200)
        Simulation.objects.filter(pk=simulation.pk).update(
            status=SimulationStatus.DONE, progress=100, report=report, law_version=report["law_version"],
            draft_version=report["draft_version"], finished_at=timezone.now())
        record(actor=simulation.created_by, action="simulation.done", obj=simulation,
               summary={"law_version": report["law_version"], "draft_version": report["draft_version"],
                        "people": report["people"], "changed": report["changed_total"]})
    simulation.refresh_from_db()
    return simulation
