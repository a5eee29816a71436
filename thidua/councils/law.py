"""The council's quorum and approval thresholds are the law's: dated parameters of the rules engine, which
registers them here from its `AppConfig.ready`, so that councils stay below the engine in the layers."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_vote_rules: Callable[[datetime.date, str], dict] | None = None


def register_vote_rules(vote_rules: Callable[[datetime.date, str], dict]) -> None:
    global _vote_rules
    _vote_rules = vote_rules


def vote_rules(day: datetime.date, award_code: str = "") -> dict:
    """{"quorum": share of members present, "threshold": approving share of all members} for `award_code` on `day`."""
    if _vote_rules is None:
        raise ImproperlyConfigured("The rules app registers the council's vote rules; add it to INSTALLED_APPS.")
    return _vote_rules(day, award_code)
