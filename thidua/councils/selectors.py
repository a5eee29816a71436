"""Reads of councils that other apps use."""

from .ballot import needed
from .models import Candidate, Poll, PollStatus


def tally(poll: Poll) -> list[dict]:
    """Per nominee: counts, approval share of all members counted, needed votes and pass/fail (computed)."""
    if poll.status != PollStatus.CLOSED:
        return []
    required = needed(poll.electorate, float(poll.threshold or 0))
    rows = []
    for c in poll.candidates.all():
        share = c.approve / poll.electorate if poll.electorate else 0.0
        rows.append({"candidate_id": c.pk, "nominee": c.label, "person_id": c.person_id, "unit_id": c.unit_id,
                     "approve": c.approve, "disapprove": c.disapprove, "abstain": c.abstain, "approval_ratio": round(share, 4),
                     "needed": required, "passed": c.approve >= required and poll.electorate > 0})
    return rows


def poll_results(poll: Poll) -> list[dict]:
    """Per nominee of a closed poll, with its subject: counts and whether it passed (empty while the poll is open)."""
    subjects = dict(poll.candidates.values_list("pk", "subject"))
    return [{**row, "subject": subjects[row["candidate_id"]]} for row in tally(poll)]


def subjects_on_polls(prefix: str) -> set[str]:
    """Subjects (e.g. "nomination:42") already put to a council poll, so they are not put twice."""
    return set(Candidate.objects.filter(subject__startswith=prefix).values_list("subject", flat=True))
