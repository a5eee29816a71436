"""Vectorised helpers used by the variables (kept outside variables/ so OpenFisca does not load them)."""

import numpy as np

LOOKBACK_YEARS = 15


def law(entity, period, parameters, path: str, date_variable: str = "consideration_date"):
    """Value of parameter `path` in force on each subject's date of consideration (array)."""
    dates = entity(date_variable, period)
    out = np.empty(len(dates), dtype=float)
    for day in np.unique(dates):
        node = parameters(str(day))
        for part in path.split("."):
            node = node[part]
        out[dates == day] = node
    return out


def years_back(entity, period, variable: str, first: int, last: int):
    """Stack of `variable` over the years period-first … period-last (0 = the case's own year)."""
    return np.stack([entity(variable, period.offset(-k)) for k in range(first, last + 1)])


def all_years(entity, period, variable: str, n: int, predicate):
    return np.all(predicate(years_back(entity, period, variable, 0, n - 1)), axis=0)


def count_in_run(entity, period, own_year_variable: str, awarded_variable: str, n: int):
    """Times a title was held in the n-year run ending at the case's year (own year: held or met)."""
    own = entity(own_year_variable, period).astype(int)
    if n <= 1:
        return own
    earlier = years_back(entity, period, awarded_variable, 1, n - 1).astype(int).sum(axis=0)
    return own + earlier


def awarded_before_run(entity, period, awarded_variable: str, n: int):
    """The previous form was awarded in a year before the n-year run."""
    return np.any(years_back(entity, period, awarded_variable, n, n + LOOKBACK_YEARS), axis=0)
