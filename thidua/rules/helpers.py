"""Vectorised helpers used by the variables (kept outside variables/ so OpenFisca does not load them)."""

import numpy as np

LOOKBACK_YEARS = 15
NONE = LOOKBACK_YEARS + 1  # an offset beyond the lookback: "no such year"


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


def first_offset(stack: np.ndarray) -> np.ndarray:
    """Per subject, the smallest offset k where `stack[k]` is true; NONE when never."""
    hit = stack.any(axis=0)
    return np.where(hit, stack.argmax(axis=0), NONE)


def run_length(stack: np.ndarray) -> np.ndarray:
    """Per subject, how many years from offset 0 on are true without a break."""
    return first_offset(~stack.astype(bool)).clip(max=len(stack))


def last_used(entity, period, form: str) -> np.ndarray:
    """Offset of the most recent year whose achievement an award of `form` already rewarded (Law Art. 5(2);
    Decree 98/2023 Art. 30(9)): the years of its achievement period, or its own year. NONE when none."""
    used = years_back(entity, period, f"used_{form}", 0, LOOKBACK_YEARS) | years_back(
        entity, period, f"awarded_{form}", 0, LOOKBACK_YEARS)
    return first_offset(used)


def window_after(prior: np.ndarray, used: np.ndarray, good_run: np.ndarray, n: int) -> np.ndarray:
    """The counting window "after award P, N years or more up to the proposal": its length k (years at offsets
    0 … k-1), with P awarded at offset k.

    `prior[k]` says P was awarded at offset k. P must not lie inside years already rewarded by this form
    (k ≤ used). The window must be unbroken (k ≤ good_run) and at least n long: the earliest such P gives the
    widest window and so the most favourable counts. When none qualifies, the window after the latest usable P
    (or 0 when there is none) is returned so that counts can still be explained.
    """
    offsets = np.arange(len(prior))[:, None]
    usable = prior & (offsets >= 1) & (offsets <= used)
    valid = usable & (offsets >= n) & (offsets <= good_run)
    widest = np.where(valid, offsets, -1).max(axis=0)
    latest = np.where(usable, offsets, NONE).min(axis=0)
    return np.where(widest >= 0, widest, np.where(latest < NONE, latest, 0))


def in_window(stack: np.ndarray, window: np.ndarray) -> np.ndarray:
    """`stack` (offsets 0 … K) masked to each subject's window (offsets below `window`)."""
    return stack * (np.arange(len(stack))[:, None] < window)

