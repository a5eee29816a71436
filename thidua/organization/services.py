"""Every write to the organisation: permission, validation, one transaction, one audit event."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.accounts.scope import forget_scope
from thidua.audit.services import record

from .models import (
    Agency,
    BlockMembership,
    BlockRole,
    Deferral,
    Discipline,
    EmulationBlock,
    Membership,
    Person,
    Rating,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitName,
    UnitRating,
    YearlyRating,
)

PERSON_FIELDS = ("code", "full_name", "gender", "date_of_birth", "category", "position", "rank")


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def _changes(obj, values: dict) -> dict:
    diff = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            diff[name] = [old, value]
    return diff


def _validate(obj) -> None:
    obj.full_clean(validate_unique=True, validate_constraints=True)


# Units ---------------------------------------------------------------------------------------------


def create_unit(*, actor, agency: Agency, parent: Unit | None, code: str, name: str, kind: str = "department",
                established_on: datetime.date | None = None) -> Unit:
    if parent is None:
        require(actor, "organization.manage_any")
        if not actor.is_superuser:
            raise PermissionDenied(_("Only an administrator of the whole system can create an agency's root unit."))
    else:
        require(actor, "organization.change_unit", parent)
        if parent.agency_id != agency.pk:
            raise ValidationError({"parent": _("The parent unit belongs to another agency.")})
        if not parent.is_active:
            raise ValidationError({"parent": _("The parent unit has been dissolved.")})
    unit = Unit(agency=agency, parent=parent, code=code.strip(), name=name, kind=kind, established_on=established_on)
    _validate(unit)
    with transaction.atomic():
        unit.save()
        record(actor=actor, action="unit.create", obj=unit, summary={"code": unit.code, "name": unit.name})
    forget_scope(actor)
    return unit


def update_unit(*, actor, unit: Unit, **values) -> Unit:
    require(actor, "organization.change_unit", unit)
    allowed = {"code", "kind", "position", "established_on"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(_("Use a rename or move event to change a unit's name or parent."))
    diff = _changes(unit, values)
    if not diff:
        return unit
    for name, value in values.items():
        setattr(unit, name, value)
    _validate(unit)
    with transaction.atomic():
        unit.save()
        record(actor=actor, action="unit.update", obj=unit, summary=diff)
    return unit


def _open_membership(person: Person) -> Membership | None:
    return person.memberships.filter(end_date__isnull=True).first()


def _move_people(people, target: Unit, day: datetime.date) -> int:
    """End each person's open membership the day before `day` and open one in `target`."""
    moved = 0
    for person in people:
        current = _open_membership(person)
        if current and current.unit_id == target.pk:
            continue
        if current:
            current.end_date = max(current.start_date, day - datetime.timedelta(days=1))
            current.save(update_fields=["end_date"])
        Membership.objects.create(person=person, unit=target, start_date=day,
                                  position=current.position if current else person.position)
        person.unit = target
        person.save(update_fields=["unit", "updated_at"])
        moved += 1
    return moved


def _require_changes_allowed(actor, units) -> None:
    for unit in units:
        require(actor, "organization.change_unit", unit)
        if not unit.is_active:
            raise ValidationError(_("Unit “%(name)s” has already been dissolved.") % {"name": unit.name})


def _log_change(*, actor, kind, day, sources, targets=(), decision_number="", details=None) -> UnitChange:
    details = {"source_names": [u.name for u in sources], "target_names": [u.name for u in targets],
               **(details or {})}
    change = UnitChange.objects.create(kind=kind, effective_on=day, decision_number=decision_number,
                                       details=details, created_by=actor if actor.is_authenticated else None)
    change.sources.set(sources)
    change.targets.set(targets)
    record(actor=actor, action=f"unit.{kind}", obj=change, summary={
        "effective_on": day, "sources": [u.pk for u in sources], "targets": [u.pk for u in targets], **details,
    })
    return change


def rename_unit(*, actor, unit: Unit, new_name: str, effective_on: datetime.date, decision_number: str = "") -> Unit:
    _require_changes_allowed(actor, [unit])
    new_name = new_name.strip()
    if not new_name or new_name == unit.name:
        raise ValidationError({"new_name": _("Enter a new name different from the current one.")})
    last = unit.name_history.order_by("-valid_to").first()
    with transaction.atomic():
        UnitName.objects.create(unit=unit, name=unit.name,
                                valid_from=last.valid_to + datetime.timedelta(days=1) if last and last.valid_to
                                else unit.established_on,
                                valid_to=effective_on - datetime.timedelta(days=1))
        old = unit.name
        unit.name = new_name
        unit.save()
        _log_change(actor=actor, kind=UnitChangeKind.RENAME, day=effective_on, sources=[unit], targets=[unit],
                    decision_number=decision_number, details={"old_name": old, "new_name": unit.name})
    return unit


def move_unit(*, actor, unit: Unit, new_parent: Unit, effective_on: datetime.date, decision_number: str = "") -> Unit:
    _require_changes_allowed(actor, [unit, new_parent])
    if new_parent.agency_id != unit.agency_id:
        raise ValidationError({"new_parent": _("A unit can only move within its agency.")})
    if new_parent.pk in set(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True)):
        raise ValidationError({"new_parent": _("A unit cannot be moved under itself or its own sub-unit.")})
    with transaction.atomic():
        old_parent = unit.parent_id
        unit.parent = new_parent
        unit.save()
        _log_change(actor=actor, kind=UnitChangeKind.MOVE, day=effective_on, sources=[unit], targets=[new_parent],
                    decision_number=decision_number, details={"old_parent": old_parent, "new_parent": new_parent.pk})
    forget_scope(actor)
    return unit


@dataclass
class MergePreview:
    sources: list[Unit]
    parent: Unit | None
    people: int = 0
    sub_units: list[Unit] = field(default_factory=list)
    roles: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def preview_merge(*, actor, sources: list[Unit], parent: Unit | None) -> MergePreview:
    from thidua.accounts.models import RoleAssignment

    preview = MergePreview(sources=sources, parent=parent)
    if len(sources) < 2:
        preview.problems.append(_("Choose at least two units to merge."))
    for unit in sources:
        if not actor.has_perm("organization.change_unit", unit):
            preview.problems.append(_("You may not change unit “%(name)s”.") % {"name": unit.name})
        if not unit.is_active:
            preview.problems.append(_("Unit “%(name)s” has already been dissolved.") % {"name": unit.name})
    if len({u.agency_id for u in sources}) > 1:
        preview.problems.append(_("Units of different agencies cannot be merged."))
    if parent is not None and parent in sources:
        preview.problems.append(_("The new unit cannot sit under one of the merged units."))
    ids = [u.pk for u in sources]
    preview.people = Person.objects.filter(unit_id__in=ids).count()
    preview.sub_units = list(Unit.objects.filter(parent_id__in=ids).exclude(pk__in=ids))
    preview.roles = RoleAssignment.objects.filter(unit_id__in=ids).count()
    return preview


def merge_units(*, actor, sources: list[Unit], code: str, name: str, parent: Unit | None,
                effective_on: datetime.date, decision_number: str = "") -> Unit:
    """Merge A+B→C: people, sub-units and roles follow C; A and B stay in history, dissolved."""
    from thidua.accounts.models import RoleAssignment

    preview = preview_merge(actor=actor, sources=sources, parent=parent)
    if not preview.ok:
        if any(not actor.has_perm("organization.change_unit", u) for u in sources):
            raise PermissionDenied(preview.problems[0])
        raise ValidationError(preview.problems)
    if parent is not None:
        require(actor, "organization.change_unit", parent)
    agency = sources[0].agency
    target = Unit(agency=agency, parent=parent, code=code.strip(), name=name, kind=sources[0].kind,
                  established_on=effective_on)
    _validate(target)
    with transaction.atomic():
        target.save()
        ids = [u.pk for u in sources]
        moved = _move_people(Person.objects.filter(unit_id__in=ids), target, effective_on)
        Unit.objects.filter(parent_id__in=ids).exclude(pk__in=ids).update(parent=target)
        for assignment in RoleAssignment.objects.filter(unit_id__in=ids):
            RoleAssignment.objects.get_or_create(user=assignment.user, role=assignment.role, unit=target)
        for unit in sources:
            unit.dissolved_on = effective_on
            unit.successor = target
            unit.save()
        _log_change(actor=actor, kind=UnitChangeKind.MERGE, day=effective_on, sources=sources, targets=[target],
                    decision_number=decision_number, details={"people_moved": moved, "new_unit": target.name})
    forget_scope(actor)
    return target


def split_unit(*, actor, source: Unit, parts: list[dict], assignments: dict[int, int],
               effective_on: datetime.date, decision_number: str = "") -> list[Unit]:
    """Split A→B,C. `parts` are {code, name}; `assignments` maps person id → part index (default 0)."""
    _require_changes_allowed(actor, [source])
    if len(parts) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    targets = [Unit(agency=source.agency, parent=source.parent, code=p["code"].strip(), name=p["name"],
                    kind=source.kind, established_on=effective_on) for p in parts]
    for target in targets:
        _validate(target)
    with transaction.atomic():
        for target in targets:
            target.save()
        people = list(Person.objects.filter(unit=source))
        for index, target in enumerate(targets):
            chosen = [p for p in people if assignments.get(p.pk, 0) == index]
            _move_people(chosen, target, effective_on)
        Unit.objects.filter(parent=source).update(parent=targets[0])
        source.dissolved_on = effective_on
        source.successor = targets[0]
        source.save()
        _log_change(actor=actor, kind=UnitChangeKind.SPLIT, day=effective_on, sources=[source], targets=targets,
                    decision_number=decision_number, details={"parts": [t.name for t in targets]})
    forget_scope(actor)
    return targets


def dissolve_unit(*, actor, unit: Unit, successor: Unit, effective_on: datetime.date,
                  decision_number: str = "") -> Unit:
    """Dissolve a unit; its people and sub-units pass to `successor` (usually its parent)."""
    _require_changes_allowed(actor, [unit, successor])
    if successor.pk == unit.pk:
        raise ValidationError({"successor": _("A unit cannot succeed itself.")})
    with transaction.atomic():
        moved = _move_people(Person.objects.filter(unit=unit), successor, effective_on)
        Unit.objects.filter(parent=unit).update(parent=successor)
        unit.dissolved_on = effective_on
        unit.successor = successor
        unit.save()
        _log_change(actor=actor, kind=UnitChangeKind.DISSOLVE, day=effective_on, sources=[unit],
                    targets=[successor], decision_number=decision_number, details={"people_moved": moved})
    return unit


# People --------------------------------------------------------------------------------------------


def create_person(*, actor, unit: Unit, code: str, full_name: str, gender: str, category: str,
                  date_of_birth: datetime.date | None = None, position: str = "", rank: str = "",
                  start_date: datetime.date | None = None) -> Person:
    require(actor, "organization.change_unit", unit)
    if not unit.is_active:
        raise ValidationError({"unit": _("The unit has been dissolved.")})
    person = Person(agency_id=unit.agency_id, unit=unit, code=code.strip(), full_name=full_name, gender=gender,
                    category=category, date_of_birth=date_of_birth, position=position, rank=rank)
    person.refresh_derived()
    _validate(person)
    with transaction.atomic():
        person.save()
        Membership.objects.create(person=person, unit=unit, start_date=start_date or datetime.date.today(),
                                  position=position)
        record(actor=actor, action="person.create", obj=person,
               summary={"code": person.code, "full_name": person.full_name, "unit": unit.pk})
    return person


def update_person(*, actor, person: Person, **values) -> Person:
    require(actor, "organization.change_person", person)
    unknown = set(values) - set(PERSON_FIELDS) - {"is_active"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    diff = _changes(person, values)
    if not diff:
        return person
    for name, value in values.items():
        setattr(person, name, value)
    person.refresh_derived()
    _validate(person)
    with transaction.atomic():
        person.save()
        record(actor=actor, action="person.update", obj=person, summary=diff)
    return person


def transfer_person(*, actor, person: Person, unit: Unit, start_date: datetime.date, position: str = "") -> Person:
    require(actor, "organization.change_person", person)
    require(actor, "organization.change_unit", unit)
    if not unit.is_active:
        raise ValidationError({"unit": _("The unit has been dissolved.")})
    if unit.agency_id != person.agency_id:
        raise ValidationError({"unit": _("The unit belongs to another agency.")})
    current = _open_membership(person)
    if current and start_date <= current.start_date:
        raise ValidationError({"start_date": _("The transfer date must be after the current membership began.")})
    if current and current.unit_id == unit.pk:
        raise ValidationError({"unit": _("The person already works in this unit.")})
    with transaction.atomic():
        old_unit = person.unit_id
        _move_people([person], unit, start_date)
        if position:
            Membership.objects.filter(person=person, end_date__isnull=True).update(position=position)
        record(actor=actor, action="person.transfer", obj=person,
               summary={"from_unit": old_unit, "to_unit": unit.pk, "start_date": start_date})
    return person


def _check_rating(rating: str, year: int) -> None:
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Unknown rating “%(value)s”.") % {"value": rating}})
    this_year = datetime.date.today().year
    if not 1945 <= int(year) <= this_year:
        raise ValidationError({"year": _("The year must be between 1945 and %(year)s.") % {"year": this_year}})


def set_rating(*, actor, person: Person, year: int, rating: str, note: str = "") -> YearlyRating:
    require(actor, "organization.rate_person", person)
    _check_rating(rating, year)
    with transaction.atomic():
        existing = YearlyRating.objects.select_for_update().filter(person=person, year=year).first()
        if existing and existing.rating == rating and existing.note == note:
            return existing
        previous = existing.rating if existing else None
        obj = existing or YearlyRating(person=person, year=year)
        obj.rating, obj.note, obj.set_by = rating, note, actor if actor.is_authenticated else None
        obj.save()
        record(actor=actor, action="rating.set", obj=obj,
               summary={"person": person.pk, "year": year, "rating": [previous, rating]})
    return obj


def set_unit_rating(*, actor, unit: Unit, year: int, rating: str) -> UnitRating:
    """The collective's yearly rating, set by whoever manages the unit (its parent's officers)."""
    require(actor, "organization.change_unit", unit)
    _check_rating(rating, year)
    with transaction.atomic():
        obj, _created = UnitRating.objects.update_or_create(
            unit=unit, year=year, defaults={"rating": rating, "set_by": actor if actor.is_authenticated else None})
        record(actor=actor, action="unit_rating.set", obj=unit, summary={"year": year, "rating": rating})
    return obj


def add_discipline(*, actor, person: Person, form: str, decision_date: datetime.date,
                   effective_from: datetime.date, effective_to: datetime.date | None = None,
                   decision_number: str = "", reason: str = "") -> Discipline:
    require(actor, "organization.discipline_person", person)
    obj = Discipline(person=person, form=form, decision_date=decision_date, effective_from=effective_from,
                     effective_to=effective_to, decision_number=decision_number, reason=reason)
    _validate(obj)
    if effective_from < decision_date:
        raise ValidationError({"effective_from": _("A measure cannot take effect before its decision date.")})
    with transaction.atomic():
        # The person's row is locked so that a double submit finds the first one and records nothing twice.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        same = Discipline.objects.filter(person=person, form=form, decision_date=decision_date,
                                         decision_number=decision_number, effective_from=effective_from).first()
        if same is not None:
            return same
        obj.save()
        record(actor=actor, action="discipline.add", obj=obj,
               summary={"person": person.pk, "form": form, "decision_date": decision_date})
    return obj


def defer(*, actor, person: Person, ground: str, start_date: datetime.date, end_date: datetime.date | None = None,
          reference: str = "", note: str = "") -> Deferral:
    """Flag a person as under discipline review, investigation or inspection: no proposal while it lasts."""
    require(actor, "organization.discipline_person", person)
    obj = Deferral(person=person, ground=ground, start_date=start_date, end_date=end_date,
                   reference=reference.strip(), note=note.strip())
    _validate(obj)
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end cannot come before the start.")})
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        same = Deferral.objects.filter(person=person, ground=ground, start_date=start_date).first()
        if same is not None:
            return same
        obj.save()
        record(actor=actor, action="deferral.add", obj=obj,
               summary={"person": person.pk, "ground": ground, "from": start_date, "to": end_date})
    return obj


def end_deferral(*, actor, deferral: Deferral, end_date: datetime.date) -> Deferral:
    """The review, investigation or inspection is over (the person may be proposed again from the next day)."""
    require(actor, "organization.discipline_person", deferral.person)
    if end_date < deferral.start_date:
        raise ValidationError({"end_date": _("The end cannot come before the start.")})
    with transaction.atomic():
        locked = Deferral.objects.select_for_update().get(pk=deferral.pk)
        if locked.end_date == end_date:
            return locked
        record(actor=actor, action="deferral.end", obj=locked, summary={"from": locked.end_date, "to": end_date})
        locked.end_date = end_date
        locked.save(update_fields=["end_date"])
    return locked


# Blocks --------------------------------------------------------------------------------------------


def create_block(*, actor, code: str, name: str, kind: str, host_agency: Agency | None,
                 description: str = "") -> EmulationBlock:
    block = EmulationBlock(code=code.strip(), name=name, kind=kind, host_agency=host_agency,
                           description=description)
    require(actor, "organization.change_block", block)
    _validate(block)
    with transaction.atomic():
        block.save()
        record(actor=actor, action="block.create", obj=block, summary={"code": block.code, "name": block.name})
    return block


def set_block_members(*, actor, block: EmulationBlock, year: int, agencies: list[Agency],
                      leader: Agency, deputy: Agency) -> list[BlockMembership]:
    """Set the block's members for a year with that year's leader and deputy (the yearly rotation)."""
    require(actor, "organization.change_block", block)
    if leader == deputy:
        raise ValidationError({"deputy": _("The leader and the deputy leader must be different agencies.")})
    members = {a.pk: a for a in agencies}
    members.setdefault(leader.pk, leader)
    members.setdefault(deputy.pk, deputy)
    with transaction.atomic():
        previous = list(block.memberships.filter(year=year).values_list("agency_id", "role"))
        block.memberships.filter(year=year).delete()
        rows = [BlockMembership(block=block, agency=a, year=year,
                                role=BlockRole.LEADER if a.pk == leader.pk
                                else BlockRole.DEPUTY if a.pk == deputy.pk else BlockRole.MEMBER)
                for a in members.values()]
        try:
            BlockMembership.objects.bulk_create(rows)
        except IntegrityError as exc:
            raise ValidationError(_("Each agency can be listed once per year.")) from exc
        record(actor=actor, action="block.members", obj=block, summary={
            "year": year, "leader": leader.pk, "deputy": deputy.pk, "members": sorted(members),
            "previous": previous,
        })
    return rows


def rotate_block_leadership(*, actor, block: EmulationBlock, year: int) -> list[BlockMembership]:
    """A new year keeps the latest year's members; its deputy leads and the next member becomes deputy."""
    from .selectors import block_year_proposal

    if block.memberships.filter(year=year).exists():
        raise ValidationError(_("The block's members for %(year)s are already set: edit them instead.")
                              % {"year": year})
    proposal = block_year_proposal(block, year)
    if not proposal["agencies"] or proposal["deputy"] is None:
        raise ValidationError(_("The block has no earlier year with two or more members to rotate from."))
    return set_block_members(actor=actor, block=block, year=year, **proposal)
