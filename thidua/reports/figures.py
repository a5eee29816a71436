"""The dashboard's precomputed award figures (`AwardFigure`), kept equal to the award records.

Every save or delete of an award record, a revocation or a person (moved to another unit, gender corrected) moves
its contribution from the old key to the new one in the same transaction, through model signals. Bulk writes
send no model signals: a committed or undone import rebuilds the figures, and so does the nightly task."""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from thidua.awards.models import AwardRecord, Revocation
from thidua.organization.importing import import_committed, import_undone
from thidua.organization.models import Person

from .models import AwardFigure

FIELDS = ("year", "award_code", "person__unit_id", "unit_id", "person__gender")


def live_groups(years: tuple[int, int]) -> list[tuple]:
    """(year, award code, unit id, gender, count, bonus) grouped from the records themselves."""
    rows = (AwardRecord.objects.filter(year__range=years, revocation__isnull=True).values_list(*FIELDS)
            .annotate(n=Count("id"), bonus=Sum("bonus_vnd")).order_by())
    merged: dict[tuple, list[int]] = {}
    for year, code, person_unit, unit, gender, n, bonus in rows:
        total = merged.setdefault((year, code, person_unit or unit, gender or ""), [0, 0])
        total[0] += n
        total[1] += bonus or 0
    return [(*key, n, bonus) for key, (n, bonus) in merged.items()]


def stored_groups(years: tuple[int, int]) -> list[tuple]:
    return list(AwardFigure.objects.filter(year__range=years, count__gt=0)
                .values_list("year", "award_code", "unit_id", "gender", "count", "bonus_vnd"))


def rebuild(years: tuple[int, int] = (0, 9999)) -> int:
    """Recompute the figures of the years given (all by default) from the records; returns the number of rows.

    One short transaction per year, so that other writers (on SQLite, every writer) wait for one year's
    regrouping at a time, never for the whole history."""
    held = set(AwardRecord.objects.filter(year__range=years).values_list("year", flat=True).distinct().order_by())
    held |= set(AwardFigure.objects.filter(year__range=years).values_list("year", flat=True).distinct().order_by())
    total = 0
    for year in sorted(held):
        with transaction.atomic():
            AwardFigure.objects.filter(year=year).delete()
            rows = [AwardFigure(year=y, award_code=c, unit_id=u, gender=g, count=n, bonus_vnd=b)
                    for y, c, u, g, n, b in live_groups((year, year))]
            AwardFigure.objects.bulk_create(rows, batch_size=5000)
        total += len(rows)
    return total


def _add(key: tuple, count: int, bonus: int) -> None:
    year, code, unit, gender = key
    match = AwardFigure.objects.filter(year=year, award_code=code, unit_id=unit, gender=gender)
    if match.update(count=F("count") + count, bonus_vnd=F("bonus_vnd") + bonus):
        return
    try:
        with transaction.atomic():  # a concurrent first record of this key may insert it before us
            AwardFigure.objects.create(year=year, award_code=code, unit_id=unit, gender=gender, count=count,
                                       bonus_vnd=bonus)
    except IntegrityError:
        match.update(count=F("count") + count, bonus_vnd=F("bonus_vnd") + bonus)


def _contribution(record_pk) -> tuple | None:
    """(key, bonus) that the record counts for now, None if it counts for nothing (absent or revoked)."""
    if record_pk is None:
        return None
    row = AwardRecord.objects.filter(pk=record_pk, revocation__isnull=True).values_list(*FIELDS, "bonus_vnd").first()
    if row is None:
        return None
    year, code, person_unit, unit, gender, bonus = row
    return (year, code, person_unit or unit, gender or ""), bonus or 0


def _move(before, after) -> None:
    if before == after:
        return
    if before is not None:
        _add(before[0], -1, -before[1])
    if after is not None:
        _add(after[0], 1, after[1])


def _record_before(sender, instance, **kwargs):
    instance._figure_before = _contribution(instance.pk)


def _record_after(sender, instance, **kwargs):
    _move(getattr(instance, "_figure_before", None), _contribution(instance.pk))


def _record_deleted(sender, instance, **kwargs):
    _move(getattr(instance, "_figure_before", None), None)


def _record_deleting(sender, instance, **kwargs):
    instance._figure_before = _contribution(instance.pk)


def _revocation_before(sender, instance, **kwargs):
    instance._figure_before = _contribution(instance.record_id)


def _revocation_after(sender, instance, **kwargs):
    _move(getattr(instance, "_figure_before", None), _contribution(instance.record_id))


def _person_before(sender, instance, **kwargs):
    instance._figure_before = Person.objects.filter(pk=instance.pk).values_list("unit_id", "gender").first() \
        if instance.pk else None


def _person_after(sender, instance, created, **kwargs):
    before = getattr(instance, "_figure_before", None)
    after = (instance.unit_id, instance.gender or "")
    if created or before is None or (before[0], before[1] or "") == after:
        return
    held = (AwardRecord.objects.filter(person_id=instance.pk, revocation__isnull=True)
            .values_list("year", "award_code").annotate(n=Count("id"), bonus=Sum("bonus_vnd")).order_by())
    for year, code, n, bonus in held:
        _add((year, code, before[0], before[1] or ""), -n, -(bonus or 0))
        _add((year, code, *after), n, bonus or 0)


def _import_committed(sender, kind, **kwargs):
    if kind in ("people", "awards"):
        rebuild()


def connect() -> None:
    from django.db.models.signals import pre_delete

    pre_save.connect(_record_before, sender=AwardRecord, dispatch_uid="figures-record-before")
    post_save.connect(_record_after, sender=AwardRecord, dispatch_uid="figures-record-after")
    pre_delete.connect(_record_deleting, sender=AwardRecord, dispatch_uid="figures-record-deleting")
    post_delete.connect(_record_deleted, sender=AwardRecord, dispatch_uid="figures-record-deleted")
    for signal, handler in ((pre_save, _revocation_before), (post_save, _revocation_after),
                            (pre_delete, _revocation_before), (post_delete, _revocation_after)):
        signal.connect(handler, sender=Revocation, dispatch_uid=f"figures-revocation-{handler.__name__}-{id(signal)}")
    pre_save.connect(_person_before, sender=Person, dispatch_uid="figures-person-before")
    post_save.connect(_person_after, sender=Person, dispatch_uid="figures-person-after")
    import_committed.connect(_import_committed, dispatch_uid="figures-import")
    import_undone.connect(_import_committed, dispatch_uid="figures-import-undone")
