"""Nominations bring their disclosed dossiers to the council and file its result; councils know nothing of them.

Registered in `NominationsConfig.ready`: an agenda source (a round's disclosed nominees for one award) and a
handler of `councils.agenda.poll_closed` that asks councils for the result through `poll_results`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.awards.models import award_name
from thidua.councils.agenda import AgendaItem, AgendaSource, PollDraft
from thidua.councils.selectors import poll_results, subjects_on_polls

from .models import Nomination, Round, State

PREFIX = "nomination:"


def _waiting(agency, **filters):
    on_polls = subjects_on_polls(PREFIX)
    return [n for n in Nomination.objects.filter(round__agency=agency, state=State.DISCLOSED, **filters)
            if f"{PREFIX}{n.pk}" not in on_polls]


def awaiting(council) -> list[AgendaItem]:
    items = {}
    for nomination in _waiting(council.agency):
        round_ = nomination.round
        items[(round_.pk, nomination.award_code)] = AgendaItem(
            key=f"{round_.pk}:{nomination.award_code}", title=f"{round_.title} — {award_name(nomination.award_code)}")
    return sorted(items.values(), key=lambda item: item.title)


def draft(council, key: str) -> PollDraft:
    from .services import SECRET_BALLOT_AWARDS

    round_id, _sep, award_code = key.partition(":")
    round_ = Round.objects.filter(pk=int(round_id) if round_id.isdigit() else 0, agency=council.agency).first()
    nominations = _waiting(council.agency, round=round_, award_code=award_code) if round_ else []
    if not nominations:
        raise ValidationError(_("No disclosed nominations for this award are awaiting the council."))
    return PollDraft(title=f"{award_name(award_code)} — {round_.title}", award_code=award_code,
                     secret=award_code in SECRET_BALLOT_AWARDS,
                     candidates=[{"label": f"{n.subject_name} ({n.unit.name})" if n.person_id else n.subject_name,
                                  "person": n.person, "unit": n.collective, "subject": f"{PREFIX}{n.pk}"}
                                 for n in sorted(nominations, key=lambda n: n.pk)])


def file_council_result(sender, poll, **kwargs) -> None:
    """A poll about our dossiers has closed: each nominee's result goes into its dossier."""
    from .services import attach_council_result

    results = {int(row["subject"].removeprefix(PREFIX)): row["passed"] for row in poll_results(poll)
               if row["subject"].startswith(PREFIX)}
    if results:
        attach_council_result(poll=poll, results=results)


SOURCE = AgendaSource(name="nominations", awaiting=awaiting, draft=draft)
