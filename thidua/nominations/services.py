"""The nomination workflow. Each transition is a function with its guard, its permission and its audit
event, and leaves a `Transition` row (the dossier's processing history)."""

import datetime
import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import record
from thidua.awards.codes import AWARDS, PERSON_AWARDS
from thidua.awards.models import AwardRecord, award_name
from thidua.core.text import fold
from thidua.core.uploads import validate_upload
from thidua.organization.models import Person, Unit
from thidua.organization.selectors import add_agency_working_days
from thidua.organization.services import require
from thidua.rules.bridge import evaluate_people, evaluate_units
from thidua.rules.engine import bonus_vnd, law_in_force
from thidua.rules.selectors import quota_share
from thidua.rules.system import tax_benefit_system

from .models import (
    ROUTE_DOSSIERS,
    Certificate,
    Comment,
    Decision,
    Disclosure,
    Document,
    DocumentKind,
    Nomination,
    Round,
    RoundKind,
    RoundStatus,
    State,
    Transition,
)

ACTIVE = [State.DRAFT, State.SUBMITTED, State.UNIT_REVIEWED, State.DISCLOSED, State.COUNCIL_REVIEWED, State.FORWARDED,
          State.DECIDED, State.RETURNED]
SECRET_BALLOT_AWARDS = {"CSTD_CO_SO", "CSTD_BO", "CSTD_TOAN_QUOC", "CSTD_CO_SO_QH", "CSTD_CQ_QUOC_HOI"}


def _move(nomination: Nomination, to: str, actor, comment: str = "", **summary) -> None:
    """Inside the caller's transaction, move the dossier only if it is still in the state its guard saw (a
    conditional UPDATE): of two officers acting at once, or a double submit, exactly one moves it."""
    moved = Nomination.objects.filter(pk=nomination.pk, state=nomination.state).update(state=to,
                                                                                       updated_at=timezone.now())
    if not moved:
        now = Nomination.objects.filter(pk=nomination.pk).values_list("state", flat=True).first()
        raise ValidationError(_("Someone has just acted on this dossier (it is now: %(state)s); reload the page.")
                              % {"state": State(now).label if now else "—"})
    Transition.objects.create(nomination=nomination, from_state=nomination.state, to_state=to,
                              actor=actor if getattr(actor, "is_authenticated", False) else None, comment=comment)
    record(actor=actor, action=f"nomination.{to}", obj=nomination,
           summary={"from": nomination.state, "to": to, "comment": comment, **summary})
    nomination.state = to


# Rounds --------------------------------------------------------------------------------------------


def open_round(*, actor, unit: Unit, title: str, year: int, award_codes: list[str], nomination_deadline: datetime.date,
               kind: str = "regular") -> Round:
    require(actor, "nominations.manage_round", unit)
    unknown = [c for c in award_codes if c not in AWARDS]
    if not award_codes or unknown:
        raise ValidationError({"award_codes": _("Choose the awards the round covers.")})
    round_ = Round(agency=unit.agency, unit=unit, title=title.strip(), year=year, award_codes=list(award_codes),
                   nomination_deadline=nomination_deadline, kind=kind, created_by=actor)
    round_.full_clean()
    with transaction.atomic():
        round_.save()
        record(actor=actor, action="round.open", obj=round_, summary={"title": round_.title, "year": year,
                                                                     "awards": award_codes})
    from .proposals import request_computation

    request_computation(round_)  # the proposals page reads the answers this computes in the background
    return round_


def close_round(*, actor, round_: Round) -> Round:
    require(actor, "nominations.manage_round", round_)
    with transaction.atomic():
        round_.status = RoundStatus.CLOSED
        round_.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="round.close", obj=round_)
    return round_


def _as_of(round_: Round) -> datetime.date:
    """Eligibility is judged under the law in force on the round's consideration date (its deadline)."""
    return round_.nomination_deadline


def evaluate_round(round_: Round, people, units=None) -> dict:
    """The engine's raw results for the round's awards ({code: {"ids", "eligible", "reasons" (lazy)}}): person
    awards over `people`, collective awards over `units` when given. Reasons are built only when read."""
    person_codes = [c for c in round_.award_codes if c in PERSON_AWARDS]
    unit_codes = [c for c in round_.award_codes if c not in PERSON_AWARDS]
    results = evaluate_people(people, round_.year, person_codes, as_of=_as_of(round_)) if person_codes else {}
    if units is not None and unit_codes:
        results |= evaluate_units(units, round_.year, unit_codes, as_of=_as_of(round_))
    return results


def propose(round_: Round, people, units=None) -> dict:
    """The engine's proposals for the round's awards: {code: [(person or unit id, eligible, reasons)]}."""
    results = evaluate_round(round_, people, units)
    return {code: list(zip((int(i) for i in r["ids"]), (bool(e) for e in r["eligible"]), r["reasons"], strict=True))
            for code, r in results.items()}


# Quotas --------------------------------------------------------------------------------------------


def quota(round_: Round, unit: Unit, code: str = "CSTD_CO_SO", share: float | None = None) -> dict:
    """The quota in force on the round's date of consideration (thidua.rules.selectors.quota_share): CSTĐ cơ sở
    at most a share of the unit's LĐTT holders; Cờ thi đua của Chính phủ at most a share of the round's
    collectives meeting the Cờ thi đua bộ standard. `share` overrides it (the what-if view). `limit` is None when
    no quota applies."""
    source = ""
    if share is None:
        share, source = quota_share(round_.agency_id, code, _as_of(round_))
    if code == "CO_THI_DUA_CP":
        units = Unit.objects.descendants(round_.unit, include_self=True)
        base = set(AwardRecord.objects.filter(unit__in=units, award_code="CO_THI_DUA_BO", year=round_.year,
                                              revocation__isnull=True).values_list("unit_id", flat=True))
        base |= set(round_.nominations.filter(award_code="CO_THI_DUA_BO", state__in=ACTIVE)
                    .values_list("collective_id", flat=True))
        used = round_.nominations.filter(award_code="CO_THI_DUA_CP", state__in=ACTIVE).count()
    else:
        people = Person.objects.filter(unit=unit)
        base = set(AwardRecord.objects.filter(person__in=people, award_code="LDTT", year=round_.year,
                                              revocation__isnull=True).values_list("person_id", flat=True))
        base |= set(round_.nominations.filter(unit=unit, award_code="LDTT", state__in=ACTIVE)
                    .values_list("person_id", flat=True))
        used = round_.nominations.filter(unit=unit, award_code="CSTD_CO_SO", state__in=ACTIVE).count()
    limit = None if share is None else math.floor(len(base) * share + 1e-9)
    return {"share": share, "ldtt": len(base), "base": len(base), "limit": limit, "used": used, "source": source}


def _check_quota(round_: Round, unit: Unit, code: str, adding: int = 1) -> None:
    if code not in ("CSTD_CO_SO", "CO_THI_DUA_CP"):
        return
    state = quota(round_, unit, code)
    if state["limit"] is None or state["used"] + adding <= state["limit"]:
        return
    if code == "CO_THI_DUA_CP":
        raise ValidationError(_("Quota exceeded: at most %(limit)s Cờ thi đua của Chính phủ (%(share)s%% of %(base)s "
                                "collectives meeting the Cờ thi đua bộ standard; %(source)s); %(used)s already "
                                "nominated.") % {"limit": state["limit"], "share": round(state["share"] * 100),
                                                 "base": state["base"], "source": state["source"],
                                                 "used": state["used"]})
    raise ValidationError(_("Quota exceeded for %(unit)s: at most %(limit)s Chiến sĩ thi đua cơ sở "
                            "(%(share)s%% of %(ldtt)s Lao động tiên tiến; %(source)s); %(used)s already nominated.")
                          % {"unit": unit.name, "limit": state["limit"], "share": round(state["share"] * 100),
                             "ldtt": state["ldtt"], "used": state["used"], "source": state["source"]})


# Nominating ----------------------------------------------------------------------------------------


def nominate(*, actor, round_: Round, award_code: str, person: Person | None = None, collective: Unit | None = None,
             justification: str = "", achievements: str = "") -> Nomination:
    """Nominate a person (checked by the engine) or a collective; an ineligible nominee needs a justification."""
    unit = person.unit if person is not None else collective
    require(actor, "nominations.nominate", unit)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed."))
    if timezone.localdate() > round_.nomination_deadline:
        raise ValidationError(_("The deadline for nominations (%(day)s) has passed.")
                              % {"day": round_.nomination_deadline.strftime("%d/%m/%Y")})
    if award_code not in round_.award_codes:
        raise ValidationError({"award_code": _("This round does not cover that award.")})
    if (person is None) == (collective is None) or (person is not None) != (award_code in PERSON_AWARDS):
        raise ValidationError({"award_code": _("This award is not granted to this kind of nominee.")})
    if not Unit.objects.descendants(round_.unit, include_self=True).filter(pk=unit.pk).exists():
        raise ValidationError(_("%(unit)s is outside the units this round covers.") % {"unit": unit.name})
    if person is not None:
        result = evaluate_people(Person.objects.filter(pk=person.pk), round_.year, [award_code],
                                 as_of=_as_of(round_))[award_code]
    else:
        result = evaluate_units(Unit.objects.filter(pk=collective.pk), round_.year, [award_code],
                                as_of=_as_of(round_))[award_code]
    eligible, reasons = bool(result["eligible"][0]), result["reasons"][0]
    if eligible is False and not justification.strip():
        raise ValidationError({"justification": _("The rules find this nominee not eligible: write a justification "
                                                  "(it is flagged at every level).")})
    _check_quota(round_, unit, award_code)
    nomination = Nomination(round=round_, unit=unit, person=person, collective=collective, award_code=award_code,
                            engine_eligible=eligible, engine_reasons=reasons, justification=justification.strip(),
                            achievements=achievements.strip(), created_by=actor)
    nomination.search_text = fold(f"{nomination.subject_name} {award_code} {award_name(award_code)}")
    try:
        with transaction.atomic():
            nomination.save()
            record(actor=actor, action="nomination.create", obj=nomination,
                   summary={"subject": nomination.subject_name, "award": award_code, "eligible": eligible,
                            "justification": nomination.justification})
    except IntegrityError as exc:
        raise ValidationError(_("This nominee is already nominated for this award in the round.")) from exc
    return nomination


# Dossier -------------------------------------------------------------------------------------------


def _achievement_periods(round_: Round, award_code: str, nominations) -> dict[int, int]:
    """Nomination → first year of the achievement period the engine counted, for forms that reward several
    years (written in the decision, so that the next proposal of the form counts after it)."""
    people = {n.person_id: n.pk for n in nominations if n.person_id}
    units = {n.collective_id: n.pk for n in nominations if n.collective_id}
    out = {}
    for ids, evaluate, model in ((people, evaluate_people, Person), (units, evaluate_units, Unit)):
        if not ids:
            continue
        result = evaluate(model.objects.filter(pk__in=ids), round_.year, [award_code], as_of=_as_of(round_))[award_code]
        for subject, start in zip(result["ids"], result["achievement_from"], strict=True):
            if int(start) < round_.year:
                out[ids[int(subject)]] = int(start)
    return out


def checklist(nomination: Nomination) -> list[dict]:
    """What the dossier holds and still needs, by the stage that requires it."""
    kinds = set(nomination.documents.values_list("kind", flat=True))
    items = [{"kind": kind, "label": kind.label, "present": kind in kinds, "needed_for": State.SUBMITTED}
             for kind in ROUTE_DOSSIERS.get(nomination.round.kind, ROUTE_DOSSIERS[RoundKind.REGULAR])]
    if nomination.flagged:
        items.append({"kind": "justification", "label": _("Written justification"),
                      "present": bool(nomination.justification), "needed_for": State.SUBMITTED})
    items.append({"kind": "council", "label": _("Council result"), "present": nomination.council_passed is not None,
                  "needed_for": State.DECIDED})
    if nomination.award_code in SECRET_BALLOT_AWARDS:
        items.append({"kind": DocumentKind.BALLOT_RESULT, "label": DocumentKind.BALLOT_RESULT.label,
                      "present": nomination.council_poll_id is not None and nomination.council_poll.secret,
                      "needed_for": State.DECIDED})
    return items


def _missing(nomination: Nomination, stage: str) -> list[str]:
    return [str(item["label"]) for item in checklist(nomination) if item["needed_for"] == stage and not item["present"]]


def add_document(*, actor, nomination: Nomination, kind: str, upload=None, name: str = "", content: bytes = b"") -> Document:
    """Attach a generated document (`content`) or an uploaded scan (`upload`, validated)."""
    from django.core.files.base import ContentFile

    if not (actor.has_perm("nominations.submit_nomination", nomination)
            or actor.has_perm("nominations.manage_round", nomination.round)):
        raise PermissionDenied(_("You do not have permission to do this."))
    if nomination.state in (State.DECIDED, State.REJECTED):
        raise ValidationError(_("The dossier is closed."))
    if upload is not None:
        validate_upload(upload, (".pdf", ".docx", ".jpg", ".jpeg", ".png"))
        file, name = upload, upload.name
    else:
        file = ContentFile(content, name=name)
    with transaction.atomic():
        document = Document.objects.create(nomination=nomination, kind=kind, file=file, name=name[:255],
                                           uploaded_by=actor)
        record(actor=actor, action="nomination.document", obj=nomination, summary={"kind": kind, "file": name})
    return document


# Separation of duties -------------------------------------------------------------------------------


def _preparers(nomination: Nomination) -> set[int]:
    ids = {nomination.created_by_id, *nomination.transitions.filter(to_state=State.SUBMITTED)
           .values_list("actor_id", flat=True)}
    ids.discard(None)
    return ids


def _separate(actor, nomination: Nomination, message: str) -> None:
    """Whoever prepared or submitted a dossier may not act on it at the next level (unless the agency turned the
    rule off)."""
    if nomination.round.agency.separation_of_duties and actor.pk in _preparers(nomination):
        raise ValidationError(message % {"name": nomination.subject_name})


# Transitions ---------------------------------------------------------------------------------------


def submit(*, actor, nomination: Nomination) -> Nomination:
    require(actor, "nominations.submit_nomination", nomination)
    if nomination.state not in (State.DRAFT, State.RETURNED):
        raise ValidationError(_("Only a draft or returned dossier can be submitted."))
    missing = _missing(nomination, State.SUBMITTED)
    if missing:
        raise ValidationError(_("The dossier is incomplete: %(missing)s.") % {"missing": ", ".join(missing)})
    with transaction.atomic():
        _move(nomination, State.SUBMITTED, actor)
    return nomination


def review(*, actor, nomination: Nomination, accept: bool, comment: str = "") -> Nomination:
    """The emulation office passes the dossier on, or returns it to the unit with comments."""
    require(actor, "nominations.manage_round", nomination.round)
    if nomination.state != State.SUBMITTED:
        raise ValidationError(_("Only a submitted dossier can be reviewed."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say what the unit must complete or correct.")})
    _separate(actor, nomination, _("Separation of duties: you prepared or submitted the dossier of %(name)s, so "
                                   "another officer must review it."))
    with transaction.atomic():
        _move(nomination, State.UNIT_REVIEWED if accept else State.RETURNED, actor, comment.strip())
    return nomination


def reject(*, actor, nomination: Nomination, comment: str) -> Nomination:
    require(actor, "nominations.manage_round", nomination.round)
    if nomination.state in (State.DECIDED, State.REJECTED):
        raise ValidationError(_("This nomination is already closed."))
    if not comment.strip():
        raise ValidationError({"comment": _("Give the reason.")})
    with transaction.atomic():
        _move(nomination, State.REJECTED, actor, comment.strip())
    return nomination


def disclose(*, actor, round_: Round, starts_on: datetime.date | None = None, allow_anonymous: bool = False) -> Disclosure:
    """Publish every reviewed nomination of the round for comments for the period the law sets."""
    require(actor, "nominations.manage_round", round_)
    ready = list(round_.nominations.filter(state=State.UNIT_REVIEWED))
    if not ready:
        raise ValidationError(_("No reviewed nominations to disclose."))
    starts_on = starts_on or timezone.localdate()
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": _("Disclosure cannot start before today: the public must have the whole "
                                              "period to comment.")})
    days = int(tax_benefit_system().parameters(starts_on.isoformat()).disclosure.working_days)
    with transaction.atomic():
        disclosure = Disclosure.objects.create(round=round_, starts_on=starts_on,
                                               ends_on=add_agency_working_days(starts_on, days, round_.agency),
                                               allow_anonymous=allow_anonymous, published_by=actor)
        for nomination in ready:
            _move(nomination, State.DISCLOSED, actor, disclosure=disclosure.pk)
        record(actor=actor, action="round.disclose", obj=round_,
               summary={"nominations": len(ready), "until": disclosure.ends_on, "working_days": days})
    return disclosure


def current_disclosure(nomination: Nomination) -> Disclosure | None:
    return nomination.round.disclosures.filter(starts_on__lte=timezone.localdate()).first()


def comment(*, user, nomination: Nomination, text: str, anonymous: bool = False) -> Comment:
    require(user, "nominations.read_disclosure", nomination.round)
    disclosure = current_disclosure(nomination)
    if nomination.state != State.DISCLOSED or disclosure is None or timezone.localdate() > disclosure.ends_on:
        raise ValidationError(_("Comments are accepted only while the list is disclosed."))
    if anonymous and not disclosure.allow_anonymous:
        raise ValidationError(_("This agency does not accept anonymous comments."))
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    with transaction.atomic():
        item = Comment.objects.create(disclosure=disclosure, nomination=nomination, text=text.strip(),
                                      author=None if anonymous else user)
        record(actor=None if anonymous else user, action="disclosure.comment", obj=nomination,
               summary={"anonymous": anonymous})
    return item


def answer(*, actor, comment_: Comment, text: str) -> Comment:
    require(actor, "nominations.manage_round", comment_.nomination.round)
    if not text.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        comment_.answer, comment_.answered_by, comment_.answered_at = text.strip(), actor, timezone.now()
        comment_.save(update_fields=["answer", "answered_by", "answered_at"])
        record(actor=actor, action="disclosure.answer", obj=comment_.nomination, summary={"comment": comment_.pk})
    return comment_


def attach_council_result(*, poll, results: dict[int, bool]) -> None:
    """Called when a council poll about dossiers closes: each nominee's result (nomination id → passed) is filed."""
    for nomination in Nomination.objects.filter(pk__in=results):
        nomination.council_poll, nomination.council_passed = poll, results[nomination.pk]
        nomination.save(update_fields=["council_poll", "council_passed", "updated_at"])
        record(actor=None, action="nomination.council_result", obj=nomination,
               summary={"poll": poll.pk, "passed": nomination.council_passed})


def record_council_review(*, actor, nomination: Nomination) -> Nomination:
    """After disclosure has ended and every comment is answered, the council's result moves the dossier on."""
    require(actor, "nominations.manage_round", nomination.round)
    if nomination.state != State.DISCLOSED:
        raise ValidationError(_("Only a disclosed nomination goes to the council."))
    disclosure = current_disclosure(nomination)
    if disclosure is None or timezone.localdate() <= disclosure.ends_on:
        raise ValidationError(_("The disclosure period has not ended (comments until %(day)s).")
                              % {"day": disclosure.ends_on.strftime("%d/%m/%Y") if disclosure else "—"})
    if nomination.comments.filter(answer="").exists():
        raise ValidationError(_("Answer every comment before the council's result is recorded."))
    if nomination.council_passed is None:
        raise ValidationError(_("The council has not voted on this nomination yet."))
    with transaction.atomic():
        _move(nomination, State.COUNCIL_REVIEWED if nomination.council_passed else State.REJECTED, actor,
              poll=nomination.council_poll_id)
    return nomination


def forward(*, actor, nomination: Nomination, authority: str) -> Nomination:
    """Awards granted above the agency (CSTĐ bộ, Bằng khen TTCP, orders…) go on to the higher authority,
    which decides or returns the dossier."""
    require(actor, "nominations.manage_round", nomination.round)
    if nomination.state != State.COUNCIL_REVIEWED:
        raise ValidationError(_("Only a dossier approved by the council is sent on."))
    if not authority.strip():
        raise ValidationError({"comment": _("Name the authority the dossier is sent to.")})
    with transaction.atomic():
        nomination.forwarded_to = authority.strip()
        nomination.save(update_fields=["forwarded_to", "updated_at"])
        _move(nomination, State.FORWARDED, actor, authority.strip())
    return nomination


def returned_from_above(*, actor, nomination: Nomination, comment: str) -> Nomination:
    """The higher authority sent the dossier back: it returns to the unit with the authority's comments."""
    require(actor, "nominations.manage_round", nomination.round)
    if nomination.state != State.FORWARDED:
        raise ValidationError(_("Only a dossier sent to the higher authority can come back from it."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the unit must complete or correct.")})
    with transaction.atomic():
        _move(nomination, State.RETURNED, actor, comment.strip())
    return nomination


TRANSITIONS = {
    "submit": lambda actor, nomination, comment: submit(actor=actor, nomination=nomination),
    "accept": lambda actor, nomination, comment: review(actor=actor, nomination=nomination, accept=True, comment=comment),
    "return": lambda actor, nomination, comment: review(actor=actor, nomination=nomination, accept=False,
                                                        comment=comment),
    "reject": lambda actor, nomination, comment: reject(actor=actor, nomination=nomination, comment=comment),
    "council": lambda actor, nomination, comment: record_council_review(actor=actor, nomination=nomination),
    "forward": lambda actor, nomination, comment: forward(actor=actor, nomination=nomination, authority=comment),
    "returned_from_above": lambda actor, nomination, comment: returned_from_above(actor=actor, nomination=nomination,
                                                                                 comment=comment),
}


def transition(*, actor, nomination: Nomination, action: str, comment: str = "") -> Nomination:
    """Apply a named transition (the web buttons and the API share this table)."""
    return TRANSITIONS[action](actor, nomination, comment)


def visible_nominations(user, round_: Round):
    """A round's nominations: all of them for its managers, else those proposed by units the user covers."""
    from thidua.accounts.scope import units_for

    qs = round_.nominations.select_related("unit", "person", "collective")
    if user.has_perm("nominations.manage_round", round_):
        return qs
    allowed = units_for(user)
    return qs if allowed is None else qs.filter(unit_id__in=allowed)


# Decision, records, bonus, certificates ------------------------------------------------------------


def decide(*, actor, round_: Round, award_code: str, nominations: list[Nomination], number: str,
           date: datetime.date, signer: str, signer_title: str, authority: str) -> Decision:
    require(actor, "nominations.manage_round", round_)
    errors = {}
    if not number.strip():
        errors["number"] = _("A decision needs a number.")
    elif Decision.objects.filter(agency=round_.agency, year=date.year, number=number.strip()).exists():
        errors["number"] = _("Decision number %(number)s is already used in %(year)s.") % {"number": number,
                                                                                            "year": date.year}
    if not nominations:
        errors["nominations"] = _("Choose the beneficiaries.")
    if date > timezone.localdate():
        errors["date"] = _("A decision cannot be dated in the future (%(day)s).") % {"day": date.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    for nomination in nominations:
        if nomination.round_id != round_.pk or nomination.award_code != award_code:
            raise ValidationError(_("Every beneficiary must be nominated in this round for this award."))
        _separate(actor, nomination, _("Separation of duties: you prepared or submitted the dossier of %(name)s, so "
                                       "you cannot record its decision."))
        if nomination.state not in (State.COUNCIL_REVIEWED, State.FORWARDED):
            disclosure = current_disclosure(nomination)
            if nomination.state == State.DISCLOSED and disclosure and timezone.localdate() <= disclosure.ends_on:
                raise ValidationError(_("%(name)s: the disclosure period has not ended.")
                                      % {"name": nomination.subject_name})
            raise ValidationError(_("%(name)s: the council has not approved this nomination.")
                                  % {"name": nomination.subject_name})
        if _missing(nomination, State.DECIDED):
            raise ValidationError(_("%(name)s: the dossier is incomplete: %(missing)s.")
                                  % {"name": nomination.subject_name,
                                     "missing": ", ".join(_missing(nomination, State.DECIDED))})
    law = law_in_force(date)
    amount = bonus_vnd(award_code, law) if award_code in law["multiples"]._children else None
    periods = _achievement_periods(round_, award_code, nominations)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(round=round_, agency=round_.agency, number=number.strip(), year=date.year,
                                               date=date, signer=signer, signer_title=signer_title, authority=authority,
                                               award_code=award_code, recorded_by=actor)
            for nomination in nominations:
                award = AwardRecord.objects.create(
                    person=nomination.person, unit=nomination.collective, award_code=award_code, year=round_.year,
                    decision=decision, decision_number=decision.number, decision_date=date, authority=authority,
                    bonus_vnd=amount, recorded_by=actor, achievement_from=periods.get(nomination.pk),
                    unit_name_then=nomination.unit.name)
                Certificate.objects.create(record=award)
                nomination.decision = decision
                nomination.save(update_fields=["decision"])
                _move(nomination, State.DECIDED, actor, decision=decision.number)
            record(actor=actor, action="decision.issue", obj=decision,
                   summary={"number": decision.number, "award": award_code, "beneficiaries": len(nominations),
                            "bonus_each": amount})
    except IntegrityError as exc:  # a concurrent decision took the number, or a beneficiary meanwhile
        raise ValidationError(_("Decision number %(number)s is already used in %(year)s, or a beneficiary already "
                                "holds this award for the year.") % {"number": number, "year": date.year}) from exc
    return decision
