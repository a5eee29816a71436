"""Audit events in the reader's language: action names, object kinds and changes as "field: old → new"."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = {
    "security.login": gettext_lazy("Signed in"),
    "security.login_failed": gettext_lazy("Failed sign-in"),
    "security.logout": gettext_lazy("Signed out"),
    "security.password_change": gettext_lazy("Changed the password"),
    "security.download": gettext_lazy("Downloaded or exported a file"),
    "security.role_grant": gettext_lazy("Granted a role"),
    "security.role_revoke": gettext_lazy("Withdrew a role"),
    "security.lockout": gettext_lazy("Account locked after failed sign-ins"),
    "security.unlock": gettext_lazy("Lifted a sign-in lockout"),
    "security.2fa_enrolled": gettext_lazy("Enrolled two-factor sign-in"),
    "security.2fa_reset": gettext_lazy("Reset two-factor sign-in"),
    "security.token_issued": gettext_lazy("Issued an API token"),
    "security.token_revoked": gettext_lazy("Revoked an API token"),
    "security.token_used": gettext_lazy("Used an API token"),
    "award.revoke": gettext_lazy("Revoked an award"),
    "block.create": gettext_lazy("Created an emulation block"),
    "block.members": gettext_lazy("Set the block's members"),
    "council.add_member": gettext_lazy("Added a council member"),
    "council.create": gettext_lazy("Created a council"),
    "council.end_term": gettext_lazy("Ended a council member's term"),
    "decision.issue": gettext_lazy("Issued an award decision"),
    "demo.load": gettext_lazy("Loaded the demo data"),
    "discipline.add": gettext_lazy("Recorded a disciplinary measure"),
    "disclosure.answer": gettext_lazy("Answered a comment"),
    "disclosure.comment": gettext_lazy("Commented on a disclosed nomination"),
    "holiday.add": gettext_lazy("Added a holiday"),
    "holiday.delete": gettext_lazy("Removed a holiday"),
    "initiative.attach": gettext_lazy("Attached a file to an initiative"),
    "initiative.decline": gettext_lazy("Declined an initiative"),
    "initiative.recognise": gettext_lazy("Recognised an initiative"),
    "initiative.register": gettext_lazy("Registered an initiative"),
    "initiative.review": gettext_lazy("Reviewed an initiative"),
    "initiative.update": gettext_lazy("Changed an initiative"),
    "meeting.attendance": gettext_lazy("Recorded attendance"),
    "meeting.end": gettext_lazy("Ended a meeting"),
    "meeting.schedule": gettext_lazy("Scheduled a meeting"),
    "movement.correct": gettext_lazy("Corrected a score"),
    "movement.evidence": gettext_lazy("Added evidence"),
    "movement.launch": gettext_lazy("Launched a movement"),
    "movement.phase": gettext_lazy("Added a phase to a movement"),
    "movement.phase_update": gettext_lazy("Changed a phase of a movement"),
    "movement.phase_remove": gettext_lazy("Removed a phase from a movement"),
    "movement.pledge": gettext_lazy("Registered a pledge"),
    "movement.pledge.evidence": gettext_lazy("Added evidence to a personal pledge"),
    "movement.pledge.review": gettext_lazy("Reviewed a personal pledge"),
    "movement.pledge.self_assess": gettext_lazy("Self-assessed a personal pledge"),
    "movement.publish": gettext_lazy("Published the results"),
    "movement.propose_flag": gettext_lazy("Proposed units for the emulation flag"),
    "nomination.create": gettext_lazy("Created a nomination"),
    "nomination.document": gettext_lazy("Added a document to a dossier"),
    "nomination.council_result": gettext_lazy("Recorded the council's result"),
    "nomination.submitted": gettext_lazy("Submitted a dossier"),
    "nomination.unit_reviewed": gettext_lazy("Accepted a dossier after review"),
    "nomination.returned": gettext_lazy("Returned a dossier"),
    "nomination.rejected": gettext_lazy("Rejected a nomination"),
    "nomination.disclosed": gettext_lazy("Disclosed a nomination"),
    "nomination.council_reviewed": gettext_lazy("The council approved a nomination"),
    "nomination.forwarded": gettext_lazy("Sent a dossier to the higher authority"),
    "nomination.decided": gettext_lazy("Decided a nomination"),
    "person.create": gettext_lazy("Added a person"),
    "person.transfer": gettext_lazy("Transferred a person"),
    "person.update": gettext_lazy("Changed a person"),
    "poll.add": gettext_lazy("Added a poll"),
    "poll.close": gettext_lazy("Closed a poll"),
    "poll.open": gettext_lazy("Opened a poll"),
    "poll.public_board": gettext_lazy("Chose who sees a poll's bulletin board"),
    "rating.set": gettext_lazy("Set a yearly rating"),
    "round.close": gettext_lazy("Closed a round"),
    "round.disclose": gettext_lazy("Disclosed a round's nominees"),
    "round.open": gettext_lazy("Opened a round"),
    "rubric.add_criterion": gettext_lazy("Added a criterion"),
    "rubric.copy": gettext_lazy("Copied a rubric"),
    "rubric.create": gettext_lazy("Created a rubric"),
    "unit.create": gettext_lazy("Created a unit"),
    "unit.update": gettext_lazy("Changed a unit"),
    "unit_rating.set": gettext_lazy("Set a collective's rating"),
}
PREFIXES = {
    "import.": gettext_lazy("Imported data"),
    "movement.score.": gettext_lazy("Scored a unit"),
    "unit.": gettext_lazy("Reorganised units"),
}


def action_label(action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    for prefix, label in PREFIXES.items():
        if action.startswith(prefix):
            return str(label)
    return action


def object_label(object_type: str) -> str:
    if object_type == "security":
        return _("security")
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _field_label(object_type: str, name: str) -> str:
    try:
        field = apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name.replace("_", " ")
    # a summary key may name a reverse relation ("participants", "checklist"), which has no verbose name
    return str(getattr(field, "verbose_name", name.replace("_", " ")))


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def changes(event) -> list[str]:
    """Lines for the page: a [old, new] pair becomes "field: old → new", anything else "field: value"."""
    summary = event.summary if isinstance(event.summary, dict) else {"": event.summary}
    lines = []
    if "from" in summary and "to" in summary:
        states = {}
        try:
            states = dict(apps.get_model(event.object_type)._meta.get_field("state").choices)
        except (LookupError, ValueError, FieldDoesNotExist):
            pass
        lines.append(f"{_('state')}: {states.get(summary['from'], summary['from'])} → "
                     f"{states.get(summary['to'], summary['to'])}")
        summary = {k: v for k, v in summary.items() if k not in ("from", "to")}
    for name, value in summary.items():
        if value in ("", None, [], {}):
            continue
        label = _field_label(event.object_type, name)
        if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, list | dict) for v in value):
            lines.append(f"{label}: {_text(value[0])} → {_text(value[1])}")
        else:
            lines.append(f"{label}: {_text(value)}")
    return lines
