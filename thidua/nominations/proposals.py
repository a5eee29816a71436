"""The round's candidates, computed once in the background and read by the proposals page.

Evaluating a round's awards over 100,000 people takes the engine tens of seconds: far too long for a page. The
round's whole population (active people of the covered subtree, the subtree's units) is evaluated by a task when
the round is opened and whenever someone asks for a refresh; the answers are stored as one compact row per
subject and award: eligible or not, and the unmet conditions and matters of judgement as indices into the run's
list of distinct reasons (a few hundred texts for the whole population). The page reads the rows (counts, filters,
50 to a page) with their reasons: what it shows is one consistent snapshot.

Staleness: the stored answers are a snapshot taken at `computed_at`. Records the engine reads change all the
time in rating season (ratings, discipline, award records, transfers…); recomputing a 100,000-person agency on
each change would keep the worker busy for nothing. So the page states when the answers were computed, counts
the changes recorded since (the audit log of the records the engine reads) and offers "Refresh"; the officer
decides when to take a new snapshot. A nomination is never judged on the snapshot: nominating evaluates the
nominee afresh.
"""

import logging

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.audit.models import AuditEvent
from thidua.audit.services import record
from thidua.awards.codes import PERSON_AWARDS
from thidua.core.text import fold
from thidua.organization.models import Person, Unit

from .models import Proposal, ProposalRun, ProposalRunStatus, Round

log = logging.getLogger(__name__)

CHUNK = 20_000  # people per engine call: progress is reported between chunks
BATCH = 5_000  # rows per insert
# the records the engine reads; a change to any of them after `computed_at` makes the answers stale
FACT_TYPES = ("organization.", "awards.", "initiatives.", "movements.", "rules.", "nominations.decision")
BUSY = (ProposalRunStatus.QUEUED, ProposalRunStatus.RUNNING)


def population(round_: Round):
    """The people and units the round covers: active people of its unit's subtree and the subtree's units."""
    subtree = list(Unit.objects.descendants(round_.unit, include_self=True).values_list("pk", flat=True))
    people = Person.objects.filter(unit_id__in=subtree, is_active=True)
    units = Unit.objects.filter(pk__in=subtree, dissolved_on__isnull=True)
    return people, units


def request_computation(round_: Round, actor=None) -> ProposalRun:
    """Queue a computation (one at a time per round: a request while one is queued or running is a no-op)."""
    from .tasks import compute_proposals

    with transaction.atomic():
        run, _ = ProposalRun.objects.select_for_update().get_or_create(round=round_)
        if run.status in BUSY and run.requested_at is not None:
            return run
        run.status, run.progress, run.error, run.requested_at = ProposalRunStatus.QUEUED, 0, "", timezone.now()
        run.save(update_fields=["status", "progress", "error", "requested_at"])
        if actor is not None:
            record(actor=actor, action="round.proposals_refresh", obj=round_)
    # the database task backend stores the task in the caller's transaction; the immediate one runs it here
    compute_proposals.enqueue(round_id=round_.pk)
    run.refresh_from_db()
    return run


def shown_reasons(reasons: list[dict]) -> list[dict]:
    """The reasons a candidate list shows: conditions not met (routes aside) and matters of judgement."""
    return [r for r in reasons if (r["met"] is False and r["kind"] != "route") or r["met"] is None]


def evaluate(round_: Round, people, units, progress=None):
    """Yield (code, ids, eligible, reasons, [(home unit id, sort key)], collective) blocks of the engine's answers."""
    from .services import evaluate_round

    person_codes = [c for c in round_.award_codes if c in PERSON_AWARDS]
    unit_codes = [c for c in round_.award_codes if c not in PERSON_AWARDS]
    ids = np.array(sorted(people.values_list("pk", flat=True)), dtype=np.int64)
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)] if person_codes else []
    steps = len(chunks) + (1 if unit_codes else 0)
    for step, chunk in enumerate(chunks, 1):
        part = people.filter(pk__gte=int(chunk[0]), pk__lte=int(chunk[-1]))
        homes = {pk: (unit, name) for pk, unit, name in part.values_list("pk", "unit_id", "sort_name")}
        results = evaluate_round(round_, part)
        for code in person_codes:
            found = results[code]["ids"]
            yield (code, found, results[code]["eligible"], results[code]["reasons"], [homes[int(i)] for i in found],
                   False)
        if progress:
            progress(int(step * 100 / (steps + 1)))
    if unit_codes:
        results = evaluate_round(round_, Person.objects.none(), units)
        names = dict(units.values_list("pk", "name"))
        for code in unit_codes:
            found = results[code]["ids"]
            yield (code, found, results[code]["eligible"], results[code]["reasons"],
                   [(int(i), names[int(i)]) for i in found], True)


def compute(round_id: int) -> ProposalRun:
    """Evaluate the round over its population and store the answers as the next generation."""
    round_ = Round.objects.select_related("unit").get(pk=round_id)
    run, _ = ProposalRun.objects.get_or_create(round=round_)
    started = timezone.now()
    ProposalRun.objects.filter(pk=run.pk).update(status=ProposalRunStatus.RUNNING, progress=0)
    generation = run.generation + 1
    people, units = population(round_)
    try:
        Proposal.objects.filter(round=round_, generation=generation).delete()  # leftovers of a failed run
        count = people.count()

        def progress(percent):
            ProposalRun.objects.filter(pk=run.pk).update(progress=percent)

        catalogue: dict[tuple, int] = {}

        def indices(reasons) -> str:
            keys = [(r["text_vi"], r["text_en"], r["reference"], r["met"] is None) for r in shown_reasons(reasons)]
            return ",".join(str(catalogue.setdefault(key, len(catalogue))) for key in keys)[:255]

        counts: dict[str, dict[int, list[int]]] = {}
        for code, ids, eligible, reasons, homes, collective in evaluate(round_, people, units, progress):
            per_unit = counts.setdefault(code, {})
            for ok, (home, _name) in zip(eligible, homes, strict=True):
                tally = per_unit.setdefault(home, [0, 0])
                tally[0] += 1
                tally[1] += bool(ok)
            rows = [Proposal(round=round_, generation=generation, award_code=code, eligible=bool(ok),
                             home_unit_id=home, sort_key=name[:255], reasons=indices(why),
                             **{"collective_id" if collective else "person_id": int(pk)})
                    for pk, ok, why, (home, name) in zip(ids, eligible, reasons, homes, strict=True)]
            Proposal.objects.bulk_create(rows, batch_size=BATCH)
        with transaction.atomic():
            ProposalRun.objects.filter(pk=run.pk).update(
                status=ProposalRunStatus.DONE, progress=100, generation=generation, computed_at=started,
                people=count, error="", reasons=[list(key) for key in catalogue], counts=counts)
            Proposal.objects.filter(round=round_, generation__lt=generation).delete()
    except Exception as exc:  # the page shows the failure and keeps the previous answers
        log.exception("proposals of round %s failed", round_id)
        Proposal.objects.filter(round=round_, generation=generation).delete()
        ProposalRun.objects.filter(pk=run.pk).update(status=ProposalRunStatus.FAILED, error=str(exc)[:500])
    run.refresh_from_db()
    return run


def changes_since(run: ProposalRun) -> int:
    """Changes recorded since the answers were computed to the records the engine reads (capped at 1,000)."""
    if run.computed_at is None:
        return 0
    kinds = Q()
    for prefix in FACT_TYPES:
        kinds |= Q(object_type__startswith=prefix)
    return AuditEvent.objects.filter(kinds, created_at__gt=run.computed_at)[:1000].count()


def stored(run: ProposalRun, code: str | None = None):
    rows = Proposal.objects.filter(round_id=run.round_id, generation=run.generation)
    return rows if code is None else rows.filter(award_code=code)


def summary(run: ProposalRun, people_units: list[int] | None, collective_units: list[int]) -> dict:
    """{code: (considered, eligible)} for people of `people_units` (None: everyone stored) and collectives among
    `collective_units`, from the run's counts per unit."""
    result = {}
    for code, per_unit in run.counts.items():
        units = people_units if code in PERSON_AWARDS else collective_units
        wanted = None if units is None else {str(u) for u in units}
        tallies = [t for unit, t in per_unit.items() if wanted is None or unit in wanted]
        if tallies:
            result[code] = (sum(t[0] for t in tallies), sum(t[1] for t in tallies))
    return result


def scope(round_: Round, unit: Unit, allowed) -> tuple[list[int], list[int], bool]:
    """(people's units, collectives, whole) a reader of `unit` sees: its subtree and the unit with its active direct
    sub-units, within `allowed` (units_for; None: all); whole when that is everyone the round covers."""
    below = list(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))
    subtree = [u for u in below if allowed is None or u in allowed]
    whole = unit.pk == round_.unit_id and len(subtree) == len(below)
    collectives = [u for u in [unit.pk, *unit.children.filter(dissolved_on__isnull=True).values_list("pk", flat=True)]
                   if allowed is None or u in allowed]
    return subtree, collectives, whole


def candidates(run: ProposalRun, code: str, subtree: list[int], collectives: list[int], whole: bool, q: str = "",
               eligible: bool | None = None, among=None):
    """One award's stored rows in the reader's scope, optionally searched by name, by eligibility or among the ids
    `among`, eligible first then by name: the page and the API read the same rows."""
    collective = code not in PERSON_AWARDS
    field = "collective" if collective else "person"
    rows = stored(run, code)  # rows of this award are all people's or all units'
    if collective or not whole:
        rows = rows.filter(home_unit_id__in=collectives if collective else subtree)
    if q:
        found = (Unit if collective else Person).objects.filter(search_text__contains=fold(q))
        rows = rows.filter(**{f"{field}_id__in": found.values("pk")})
    if eligible is not None:
        rows = rows.filter(eligible=eligible)
    if among is not None:
        rows = rows.filter(**{f"{field}_id__in": among})
    return rows.order_by("-eligible", "sort_key", f"{field}_id")


def reasons_of(run: ProposalRun, indices: str) -> list[tuple]:
    """A stored row's reasons: (text in Vietnamese, in English, legal reference, matter of judgement)."""
    return [tuple(run.reasons[int(i)]) for i in indices.split(",") if i]
