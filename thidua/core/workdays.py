"""Working days: weekends, the national public holidays and an agency's own days off do not count."""

import datetime


def add_working_days(start: datetime.date, days: int, days_off=()) -> datetime.date:
    """The date on which a period of `days` working days, starting after `start`, ends. `days_off` are an agency's
    own days off (organization.selectors.add_agency_working_days passes them)."""
    from .models import Holiday

    horizon = start + datetime.timedelta(days=days * 3 + 30)
    holidays = set(Holiday.objects.filter(date__gt=start, date__lte=horizon).values_list("date", flat=True))
    holidays.update(days_off)
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day
