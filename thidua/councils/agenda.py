"""What a council votes on comes from the apps above it; councils know only polls and their subjects.

An app that brings matters to a council registers an `AgendaSource` in its `AppConfig.ready`. A source lists the
matters awaiting a council and drafts a poll for one of them; every nominee of that poll carries a `subject`, an
opaque key such as ``"nomination:42"``. When a poll closes, councils send the `poll_closed` signal; the source
that owns the subjects reads the result through `councils.selectors.poll_results` and files it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.dispatch import Signal

poll_closed = Signal()  # sent with poll=<Poll> inside the transaction that closed it


@dataclass(frozen=True)
class AgendaItem:
    """A matter awaiting a council, e.g. one round's disclosed nominees for one award."""

    key: str
    title: str


@dataclass(frozen=True)
class PollDraft:
    """What a source asks the council to vote on: candidates are {"label", "person", "unit", "subject"}."""

    title: str
    award_code: str
    secret: bool
    candidates: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class AgendaSource:
    name: str
    awaiting: Callable[..., list[AgendaItem]]  # awaiting(council) -> items not yet on a poll
    draft: Callable[..., PollDraft]  # draft(council, key) -> PollDraft; ValidationError when nothing waits


_sources: dict[str, AgendaSource] = {}


def register(source: AgendaSource) -> None:
    _sources[source.name] = source


def awaiting(council) -> list[tuple[str, AgendaItem]]:
    """Every registered source's waiting matters, as (source name, item)."""
    return [(name, item) for name, source in sorted(_sources.items()) for item in source.awaiting(council)]


def draft(council, source_name: str, key: str) -> PollDraft:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    source = _sources.get(source_name)
    if source is None:
        raise ValidationError(_("Choose a matter awaiting the council."))
    return source.draft(council, key)
