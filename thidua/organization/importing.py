"""Import of units, people, memberships and yearly ratings from .xlsx/.csv.

Two phases: `plan_import` reads and checks every row without writing (the dry run, with a row-by-row
report in the user's language); `commit_import` applies a clean plan with bulk writes and one audit event.
Re-importing the same file plans no change (rows match on codes).

A long import never holds the database for long: a kind registered `chunked` is written in short transactions of
THIDUA_IMPORT_CHUNK_ROWS rows, each recording in the batch's journal (a staging table) the rows it created and the
values it overwrote. The batch is done only when its last transaction marks it so, with the audit event; if any
chunk fails, or the worker died and the batch went stale, the journal undoes every chunk of that batch, so the import
is all-or-nothing for its user while web writes slip in between chunks (SQLite has one writer at a time).
"""

import csv
import datetime
import io
import logging
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from thidua.audit.services import record
from thidua.core.text import fold, nfc

from .models import (
    Agency,
    Gender,
    ImportBatch,
    ImportBatchStatus,
    ImportJournal,
    Membership,
    Person,
    PersonCategory,
    Rating,
    Unit,
    UnitKind,
    YearlyRating,
)

# Sent inside the import's transaction once its rows are written in bulk (no model signals): apps that keep
# figures derived from these rows rebuild them. Arguments: kind, agency.
import_committed = Signal()
# Sent once a batch has been undone (its rows deleted or restored with queryset writes): the same apps rebuild.
# Arguments: kind, agency.
import_undone = Signal()


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Vietnamese header written in templates
    header_en: str
    required: bool = True

    def matches(self, text: str) -> bool:
        return fold(text) in {fold(self.header), fold(self.header_en), self.key}


COLUMNS = {
    "units": [
        Column("code", "Mã đơn vị", "Unit code"),
        Column("name", "Tên đơn vị", "Unit name"),
        Column("parent", "Mã đơn vị cấp trên", "Parent unit code", required=False),
        Column("kind", "Loại", "Kind", required=False),
    ],
    "people": [
        Column("code", "Mã cán bộ", "Person code"),
        Column("full_name", "Họ và tên", "Full name"),
        Column("gender", "Giới tính", "Gender"),
        Column("date_of_birth", "Ngày sinh", "Date of birth", required=False),
        Column("category", "Đối tượng", "Category"),
        Column("position", "Chức vụ", "Position", required=False),
        Column("rank", "Ngạch/Hạng", "Rank", required=False),
        Column("unit", "Mã đơn vị", "Unit code"),
        Column("start_date", "Ngày vào đơn vị", "In the unit from", required=False),
    ],
    "memberships": [
        Column("person", "Mã cán bộ", "Person code"),
        Column("unit", "Mã đơn vị", "Unit code"),
        Column("start_date", "Từ ngày", "From"),
        Column("end_date", "Đến ngày", "To", required=False),
        Column("position", "Chức vụ", "Position", required=False),
    ],
    "ratings": [
        Column("person", "Mã cán bộ", "Person code"),
        Column("year", "Năm", "Year"),
        Column("rating", "Xếp loại", "Rating"),
        Column("note", "Ghi chú", "Note", required=False),
    ],
}
KIND_LABELS = {
    "units": gettext_lazy("Units"),
    "people": gettext_lazy("People"),
    "memberships": gettext_lazy("Memberships"),
    "ratings": gettext_lazy("Yearly ratings"),
}


PLANNERS: dict[str, Callable] = {}
COMMITTERS: dict[str, Callable] = {}
EXAMPLES: dict[str, list[list]] = {}
CHUNKED: set[str] = {"units", "people", "memberships", "ratings"}


def register_kind(kind: str, label, columns: list, planner: Callable, committer: Callable, example: list[list],
                  chunked: bool = False):
    """Let another app add an import kind (its planner reads `_Rows`; its committer writes a clean plan).

    A `chunked` committer is called on slices of the plan and tells `plan.journal` what it creates
    (`created(objs)`) and, before it changes rows, which ones (`changing(model, pks)`); any other kind is
    written in one transaction."""
    COLUMNS[kind], KIND_LABELS[kind], PLANNERS[kind], COMMITTERS[kind], EXAMPLES[kind] = (
        columns, label, planner, committer, example)
    if chunked:
        CHUNKED.add(kind)


class _NoJournal:
    """The journal of a kind written in one transaction: the transaction itself undoes it."""

    def created(self, objs) -> None:
        pass

    def changing(self, model, pks) -> None:
        pass


class Journal:
    """Records in a batch's staging table what each chunk creates and overwrites, so the batch can be undone."""

    def __init__(self, batch: ImportBatch):
        self.batch, self.seen = batch, set()

    def created(self, objs) -> None:
        entries = [ImportJournal(batch=self.batch, model=obj._meta.label, object_id=obj.pk) for obj in objs]
        self.seen.update((e.model, e.object_id) for e in entries)
        ImportJournal.objects.bulk_create(entries, batch_size=1000)

    def changing(self, model, pks) -> None:
        """Keep the stored values of rows about to change (once per row and batch: the first values are the ones
        to restore)."""
        label = model._meta.label
        pks = [pk for pk in pks if (label, pk) not in self.seen]
        if not pks:
            return
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        rows = model._default_manager.filter(pk__in=pks).values("pk", *names)
        ImportJournal.objects.bulk_create(
            [ImportJournal(batch=self.batch, model=label, object_id=row.pop("pk"), before=row) for row in rows],
            batch_size=1000)
        self.seen.update((label, pk) for pk in pks)


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, size, emptiness, columns)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportPlan:
    kind: str
    agency: Agency
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    journal: Journal | _NoJournal = field(default_factory=_NoJournal)

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "create": len(self.creates),
            "update": len(self.updates),
            "unchanged": self.rows - len(self.creates) - len(self.updates) if self.ok else 0,
            "errors": [{"row": e.row, "column": e.column, "message": str(e.message)}
                       for e in self.errors[:settings.THIDUA_IMPORT_MAX_REPORTED_ERRORS]],
            "more_errors": max(len(self.errors) - settings.THIDUA_IMPORT_MAX_REPORTED_ERRORS, 0),
        }


# Reading ------------------------------------------------------------------------------------------


def _too_many_rows(limit: int) -> ImportFileError:
    return ImportFileError(_("The file has more than %(limit)s rows; split it into smaller files.") % {"limit": limit})


def _bounded_row(values, *, max_columns: int, max_chars: int) -> list:
    """A row cut to the column limit; a cell longer than the limit refuses the file (it is not a register)."""
    row = list(values[:max_columns])
    if any(v not in (None, "") for v in values[max_columns:]):
        raise ImportFileError(_("The file has more than %(limit)s columns.") % {"limit": max_columns})
    for cell in row:
        if isinstance(cell, str) and len(cell) > max_chars:
            raise ImportFileError(_("A cell holds more than %(limit)s characters.") % {"limit": max_chars})
    return row


def _read_xlsx(data: bytes, max_rows: int, max_columns: int, max_chars: int) -> list[list]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        is_workbook = "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(_("The file is not a valid Excel (.xlsx) workbook.")) from exc
    if not is_workbook:  # a zip (or a .docx) renamed .xlsx
        raise ImportFileError(_("The file is not a valid Excel (.xlsx) workbook."))
    # The zip directory's sizes bound what zipfile will inflate (it stops at the declared size), so a
    # zip bomb is refused here, before any XML is parsed.
    if unpacked > settings.THIDUA_XLSX_MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(_("The workbook unpacks to more than %(limit)s MB; it cannot be a register.")
                              % {"limit": settings.THIDUA_XLSX_MAX_UNCOMPRESSED_BYTES // 1048576})
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise ImportFileError(_("The file is not a valid Excel (.xlsx) workbook.")) from exc
    values = []
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if len(values) >= max_rows:
                raise _too_many_rows(max_rows - 1)
            values.append(_bounded_row(row, max_columns=max_columns, max_chars=max_chars))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("The file is not a valid Excel (.xlsx) workbook.")) from exc
    finally:
        workbook.close()
    return values


def _read_csv(data: bytes, max_rows: int, max_columns: int, max_chars: int) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The CSV file must be encoded in UTF-8.")) from exc
    if "\0" in text:
        raise ImportFileError(_("The file is not a text (CSV) file."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    values = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(values) >= max_rows:
                raise _too_many_rows(max_rows - 1)
            values.append(_bounded_row(row, max_columns=max_columns, max_chars=max_chars))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s.") % {"error": exc}) from exc
    return values


def read_rows(name: str, data: bytes) -> tuple[list[str], list[list]]:
    """Header and rows of the first sheet, within the size, row, column and cell limits (all settings)."""
    limit = settings.THIDUA_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                              % {"size": round(len(data) / 1048576, 1), "limit": limit // 1048576})
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    bounds = (settings.THIDUA_IMPORT_MAX_ROWS + 1, settings.THIDUA_IMPORT_MAX_COLUMNS,
              settings.THIDUA_IMPORT_MAX_CELL_CHARS)
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFileError(_("The file is not a valid Excel (.xlsx) workbook."))
        values = _read_xlsx(data, *bounds)
    elif lower.endswith(".csv"):
        values = _read_csv(data, *bounds)
    else:
        raise ImportFileError(_("Wrong file type: upload an .xlsx or .csv file."))
    values = [r for r in values if any(c not in (None, "") for c in r)]
    while len(values) > 2 and sum(c not in (None, "") for c in values[0]) < 2:
        values = values[1:]  # the agency and title lines above the header of an exported list
    if len(values) < 2:
        raise ImportFileError(_("The file is empty: it has no data rows under the header."))
    return [str(h or "").strip() for h in values[0]], values[1:]


def map_columns(kind: str, headers: list[str]) -> dict[str, int]:
    mapping, missing = {}, []
    for column in COLUMNS[kind]:
        index = next((i for i, h in enumerate(headers) if column.matches(h)), None)
        if index is None:
            if column.required:
                missing.append(column.header)
        else:
            mapping[column.key] = index
    if missing:
        raise ImportFileError(_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    return mapping


# Cell parsing --------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def parse_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _choice(value, choices) -> str | None:
    """Accept a code or its Vietnamese/English label, without diacritics or case."""
    from django.utils import translation

    folded = fold(_text(value))
    for code, label in choices:
        candidates = {fold(code), fold(str(label))}
        for lang in ("vi", "en"):
            with translation.override(lang):
                candidates.add(fold(str(label)))
        if folded in candidates:
            return code
    return None


GENDER_WORDS = {"nam": Gender.MALE, "nu": Gender.FEMALE, "khac": Gender.OTHER}


# Planning ------------------------------------------------------------------------------------------


class _Rows:
    """Iterates rows as dicts, collecting errors with the spreadsheet row number (header is row 1)."""

    def __init__(self, plan: ImportPlan, mapping: dict[str, int], rows: list[list]):
        self.plan, self.mapping, self.rows = plan, mapping, rows

    def __iter__(self):
        for offset, values in enumerate(self.rows):
            cells = {k: (values[i] if i < len(values) else None) for k, i in self.mapping.items()}
            yield offset + 2, cells

    def error(self, row: int, column_key: str, message) -> None:
        header = next((c.header for c in COLUMNS[self.plan.kind] if c.key == column_key), column_key)
        self.plan.errors.append(RowError(row, header, message))
        if len(self.plan.errors) > settings.THIDUA_IMPORT_MAX_ERRORS:  # junk: stop spending the worker's time
            first = self.plan.errors[0]
            raise ImportFileError(_("Checking stopped after %(n)s errors: this does not look like a file of this "
                                    "kind. First error, row %(row)s, %(column)s: %(message)s") % {
                "n": settings.THIDUA_IMPORT_MAX_ERRORS, "row": first.row, "column": first.column,
                "message": first.message})


def plan_import(*, kind: str, agency: Agency, name: str, data: bytes,
                progress: Callable[[int], None] | None = None) -> ImportPlan:
    headers, rows = read_rows(name, data)
    mapping = map_columns(kind, headers)
    plan = ImportPlan(kind=kind, agency=agency, rows=len(rows))
    reader = _Rows(plan, mapping, rows)
    PLANNERS[kind](plan, reader, progress or (lambda pct: None))
    if plan.errors:
        plan.creates, plan.updates = [], []
    return plan


def _units_by_code(agency: Agency) -> dict[str, Unit]:
    return {u.code: u for u in Unit.objects.filter(agency=agency)}


def _required(reader, row, cells, key) -> str:
    value = _text(cells.get(key))
    if not value:
        reader.error(row, key, _("This value is required."))
    return value


def _tick(progress, index, total):
    if index % 1000 == 0:
        progress(int(index * 100 / max(total, 1)))


def _plan_units(plan, reader, progress):
    units = _units_by_code(plan.agency)
    seen: dict[str, int] = {}
    for row, cells in reader:
        code, name = _required(reader, row, cells, "code"), _required(reader, row, cells, "name")
        parent_code = _text(cells.get("parent"))
        kind = _choice(cells.get("kind"), UnitKind.choices) if _text(cells.get("kind")) else UnitKind.DEPARTMENT
        if kind is None:
            reader.error(row, "kind", _("Unknown unit kind “%(value)s”.") % {"value": _text(cells.get("kind"))})
        if code in seen:
            reader.error(row, "code", _("Duplicate code “%(code)s” (also on row %(row)s).")
                         % {"code": code, "row": seen[code]})
            continue
        seen[code] = row
        if parent_code and parent_code not in units and parent_code not in seen:
            reader.error(row, "parent", _("Unknown unit “%(code)s”.") % {"code": parent_code})
        existing = units.get(code)
        if existing is not None:
            if existing.name != nfc(name):
                reader.error(row, "name", _("Unit “%(code)s” exists as “%(name)s”; use Rename to change its name.")
                             % {"code": code, "name": existing.name})
            elif kind and existing.kind != kind:
                plan.updates.append({"unit": existing, "kind": kind})
        elif code and name:
            plan.creates.append({"code": code, "name": nfc(name), "parent": parent_code, "kind": kind})


def _plan_people(plan, reader, progress):
    units = _units_by_code(plan.agency)
    existing = {p.code: p for p in Person.objects.filter(agency=plan.agency).select_related("unit")}
    seen: dict[str, int] = {}
    for index, (row, cells) in enumerate(reader):
        _tick(progress, index, plan.rows)
        code = _required(reader, row, cells, "code")
        full_name = _required(reader, row, cells, "full_name")
        gender_text = _text(cells.get("gender"))
        gender = GENDER_WORDS.get(fold(gender_text)) or _choice(gender_text, Gender.choices)
        if gender is None:
            reader.error(row, "gender", _("Unknown gender “%(value)s”.") % {"value": gender_text})
        category_text = _text(cells.get("category"))
        category = _choice(category_text, PersonCategory.choices)
        if category is None:
            reader.error(row, "category", _("Unknown category “%(value)s”.") % {"value": category_text})
        unit_code = _required(reader, row, cells, "unit")
        unit = units.get(unit_code)
        if unit_code and unit is None:
            reader.error(row, "unit", _("Unknown unit “%(code)s”.") % {"code": unit_code})
        elif unit is not None and not unit.is_active:
            reader.error(row, "unit", _("Unit “%(code)s” has been dissolved.") % {"code": unit_code})
        dates = {}
        for key in ("date_of_birth", "start_date"):
            try:
                dates[key] = parse_date(cells.get(key))
            except ValueError:
                reader.error(row, key, _("Bad date “%(value)s”: write it as dd/mm/yyyy.")
                             % {"value": _text(cells.get(key))})
        if dates.get("date_of_birth") and dates["date_of_birth"] > timezone.localdate():
            reader.error(row, "date_of_birth", _("The date of birth cannot be in the future."))
        if code and code in seen:
            reader.error(row, "code", _("Duplicate code “%(code)s” (also on row %(row)s).")
                         % {"code": code, "row": seen[code]})
            continue
        seen[code] = row
        if plan.errors:
            continue
        values = {"full_name": nfc(full_name), "gender": gender, "category": category,
                  "date_of_birth": dates.get("date_of_birth"), "position": _text(cells.get("position")),
                  "rank": _text(cells.get("rank"))}
        person = existing.get(code)
        if person is None:
            plan.creates.append({"code": code, "unit": unit, "start_date": dates.get("start_date"), **values})
        else:
            changed = {k: v for k, v in values.items() if getattr(person, k) != v}
            if changed or person.unit_id != unit.pk:
                plan.updates.append({"person": person, "values": changed,
                                     "unit": unit if person.unit_id != unit.pk else None,
                                     "start_date": dates.get("start_date")})


def _plan_memberships(plan, reader, progress):
    units = _units_by_code(plan.agency)
    people = {p.code: p for p in Person.objects.filter(agency=plan.agency)}
    known = {(m.person_id, m.unit_id, m.start_date): m
             for m in Membership.objects.filter(person__agency=plan.agency)}
    seen: dict[tuple, int] = {}
    for index, (row, cells) in enumerate(reader):
        _tick(progress, index, plan.rows)
        code, unit_code = _required(reader, row, cells, "person"), _required(reader, row, cells, "unit")
        person, unit = people.get(code), units.get(unit_code)
        if code and person is None:
            reader.error(row, "person", _("Unknown person code “%(code)s”.") % {"code": code})
        if unit_code and unit is None:
            reader.error(row, "unit", _("Unknown unit “%(code)s”.") % {"code": unit_code})
        try:
            start = parse_date(cells.get("start_date"))
            if start is None:
                reader.error(row, "start_date", _("This value is required."))
        except ValueError:
            start = None
            reader.error(row, "start_date", _("Bad date “%(value)s”: write it as dd/mm/yyyy.")
                         % {"value": _text(cells.get("start_date"))})
        try:
            end = parse_date(cells.get("end_date"))
        except ValueError:
            end = None
            reader.error(row, "end_date", _("Bad date “%(value)s”: write it as dd/mm/yyyy.")
                         % {"value": _text(cells.get("end_date"))})
        if start and end and end < start:
            reader.error(row, "end_date", _("The end date is before the start date."))
        if not (person and unit and start) or plan.errors:
            continue
        key = (person.pk, unit.pk, start)
        if key in seen:
            reader.error(row, "person", _("Duplicate row (also on row %(row)s).") % {"row": seen[key]})
            continue
        seen[key] = row
        position = _text(cells.get("position"))
        current = known.get(key)
        if current is None:
            if end is None:
                reader.error(row, "end_date", _("Give an end date: the current unit is changed by a transfer."))
                continue
            plan.creates.append(Membership(person=person, unit=unit, start_date=start, end_date=end,
                                           position=position))
        elif current.end_date != end or current.position != position:
            if current.end_date is None and end is not None:
                reader.error(row, "end_date", _("This is the current membership; end it with a transfer."))
                continue
            current.end_date, current.position = end, position
            plan.updates.append(current)


def _plan_ratings(plan, reader, progress):
    people = {p.code: p.pk for p in Person.objects.filter(agency=plan.agency)}
    existing = {(r.person_id, r.year): r for r in YearlyRating.objects.filter(person__agency=plan.agency)}
    this_year = datetime.date.today().year
    seen: dict[tuple, int] = {}
    for index, (row, cells) in enumerate(reader):
        _tick(progress, index, plan.rows)
        code = _required(reader, row, cells, "person")
        person_id = people.get(code)
        if code and person_id is None:
            reader.error(row, "person", _("Unknown person code “%(code)s”.") % {"code": code})
        year_text = _text(cells.get("year"))
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not 1945 <= year <= this_year:
            reader.error(row, "year", _("Bad year “%(value)s”.") % {"value": year_text})
        rating_text = _text(cells.get("rating")).upper()
        rating = rating_text if rating_text in Rating.values else _choice(rating_text, Rating.choices)
        if rating is None:
            reader.error(row, "rating", _("Unknown rating “%(value)s”: use HTXSNV, HTTNV, HTNV or KHTNV.")
                         % {"value": _text(cells.get("rating"))})
        if person_id is None or year is None or rating is None:
            continue
        key = (person_id, year)
        if key in seen:
            reader.error(row, "year", _("Duplicate rating for this person and year (also on row %(row)s).")
                         % {"row": seen[key]})
            continue
        seen[key] = row
        note = _text(cells.get("note"))
        current = existing.get(key)
        if current is None:
            plan.creates.append(YearlyRating(person_id=person_id, year=year, rating=rating, note=note))
        elif current.rating != rating or current.note != note:
            current.rating, current.note = rating, note
            plan.updates.append(current)


# Committing ----------------------------------------------------------------------------------------


def check_import_permission(actor, agency: Agency) -> None:
    root = agency.root_unit
    if root is None or not actor.has_perm("organization.import_data", root):
        raise PermissionDenied(_("You may not import data for %(agency)s.") % {"agency": agency.name})


def commit_import(*, actor, plan: ImportPlan) -> dict:
    check_import_permission(actor, plan.agency)
    if not plan.ok:
        raise ValueError("a plan with errors cannot be committed")
    report = plan.report()
    if not plan.creates and not plan.updates:
        return report
    summary = {k: report[k] for k in ("rows", "create", "update")}
    if plan.kind not in CHUNKED:
        with transaction.atomic():
            COMMITTERS[plan.kind](plan, actor)
            import_committed.send(sender=ImportPlan, kind=plan.kind, agency=plan.agency)
            record(actor=actor, action=f"import.{plan.kind}", obj=plan.agency, summary=summary)
        return report
    undo_stale_batches()
    batch = ImportBatch.objects.create(kind=plan.kind, agency=plan.agency)
    journal, size = Journal(batch), settings.THIDUA_IMPORT_CHUNK_ROWS
    parts = [(plan.creates[i:i + size], []) for i in range(0, len(plan.creates), size)]
    parts += [([], plan.updates[i:i + size]) for i in range(0, len(plan.updates), size)]
    try:
        for creates, updates in parts:
            with transaction.atomic():
                COMMITTERS[plan.kind](ImportPlan(kind=plan.kind, agency=plan.agency, rows=plan.rows, creates=creates,
                                                 updates=updates, extra=plan.extra, journal=journal), actor)
                batch.save(update_fields=["touched_at"])
            _let_others_write()
        with transaction.atomic():
            record(actor=actor, action=f"import.{plan.kind}", obj=plan.agency,
                   summary={**summary, "batch": batch.pk, "chunks": len(parts)})
            batch.status = ImportBatchStatus.DONE
            batch.save(update_fields=["status", "touched_at"])
    except BaseException:
        undo_batch(batch)
        raise
    _drop_journal(batch)
    # After the batch is done and outside its transactions: receivers (the dashboard's figures) rebuild in their
    # own short transactions instead of holding every writer behind the import's last one. The import stands
    # even if one fails: the nightly rebuild mends the figures.
    for receiver, error in import_committed.send_robust(sender=ImportPlan, kind=plan.kind, agency=plan.agency):
        if isinstance(error, Exception):
            logging.getLogger(__name__).error("after import %s: %s failed", batch.pk, receiver, exc_info=error)
    return report


def _let_others_write() -> None:
    """SQLite has one writer: a waiting web request polls for the lock, so leave it a moment between chunks."""
    if connection.vendor == "sqlite":
        time.sleep(settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS)


def _journal_chunks(batch: ImportBatch):
    size = settings.THIDUA_IMPORT_CHUNK_ROWS
    while chunk := list(ImportJournal.objects.filter(batch=batch).order_by("-pk")[:size]):
        yield chunk


def _drop_journal(batch: ImportBatch) -> None:
    for chunk in _journal_chunks(batch):
        ImportJournal.objects.filter(pk__in=[e.pk for e in chunk]).delete()
        _let_others_write()
    ImportBatch.objects.filter(pk=batch.pk).delete()


def undo_batch(batch: ImportBatch) -> None:
    """Undo every chunk of a batch, newest first, in short transactions; the batch is then marked undone."""
    from django.apps import apps

    for chunk in _journal_chunks(batch):
        with transaction.atomic():
            for entry in chunk:  # newest first: a row is restored before the rows it was created after
                model = apps.get_model(entry.model)
                rows = model._default_manager.filter(pk=entry.object_id)
                if entry.before is None:
                    rows.delete()
                else:
                    rows.update(**{name: model._meta.get_field(name).to_python(value)
                                   for name, value in entry.before.items()})
            ImportJournal.objects.filter(pk__in=[e.pk for e in chunk]).delete()
        _let_others_write()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatchStatus.ROLLED_BACK)
    import_undone.send(sender=ImportBatch, kind=batch.kind, agency=batch.agency)


def undo_stale_batches() -> int:
    """Undo batches whose writer stopped (a killed worker) without finishing or undoing them."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.THIDUA_IMPORT_STALE_SECONDS)
    stale = list(ImportBatch.objects.filter(status=ImportBatchStatus.APPLYING, touched_at__lt=cutoff))
    for batch in stale:
        undo_batch(batch)
    for batch in ImportBatch.objects.filter(status=ImportBatchStatus.DONE, touched_at__lt=cutoff):
        _drop_journal(batch)  # done, but the worker stopped while dropping its journal
    return len(stale)


def _commit_units(plan, actor):
    units = _units_by_code(plan.agency)
    root = plan.agency.root_unit
    for item in plan.creates:  # in file order so that parents come first
        parent = units.get(item["parent"]) if item["parent"] else root
        unit = Unit(agency=plan.agency, parent=parent, code=item["code"], name=item["name"], kind=item["kind"])
        unit.save()
        plan.journal.created([unit])
        units[unit.code] = unit
    plan.journal.changing(Unit, [item["unit"].pk for item in plan.updates])
    for item in plan.updates:
        Unit.objects.filter(pk=item["unit"].pk).update(kind=item["kind"])


def _commit_people(plan, actor):
    today = datetime.date.today()
    new_people = []
    for item in plan.creates:
        person = Person(agency=plan.agency, code=item["code"], unit=item["unit"], full_name=item["full_name"],
                        gender=item["gender"], category=item["category"], date_of_birth=item["date_of_birth"],
                        position=item["position"], rank=item["rank"])
        person.refresh_derived()
        new_people.append(person)
    Person.objects.bulk_create(new_people, batch_size=2000)
    if new_people and new_people[0].pk is None:  # backends without RETURNING
        ids = dict(Person.objects.filter(agency=plan.agency, code__in=[p.code for p in new_people])
                   .values_list("code", "pk"))
        for person in new_people:
            person.pk = ids[person.code]
    plan.journal.created(new_people)  # their memberships go with them
    Membership.objects.bulk_create(
        [Membership(person=p, unit=p.unit, start_date=item["start_date"] or today, position=p.position)
         for p, item in zip(new_people, plan.creates, strict=True)], batch_size=2000)
    changed, moved = [], []
    plan.journal.changing(Person, [item["person"].pk for item in plan.updates])
    for item in plan.updates:
        person = item["person"]
        for name, value in item["values"].items():
            setattr(person, name, value)
        person.refresh_derived()
        changed.append(person)
        if item["unit"] is not None:
            moved.append((person, item["unit"], item["start_date"] or today))
    if changed:
        Person.objects.bulk_update(changed, ["full_name", "gender", "category", "date_of_birth", "position", "rank",
                                             "search_text", "sort_name"], batch_size=2000)
    if moved:
        from .services import _move_people

        people = [person.pk for person, _unit, _day in moved]
        before = set(Membership.objects.filter(person__in=people).values_list("pk", flat=True))
        plan.journal.changing(Membership, before)
        for person, unit, day in moved:
            _move_people([person], unit, day)
        plan.journal.created(Membership.objects.filter(person__in=people).exclude(pk__in=before))


def _commit_memberships(plan, actor):
    Membership.objects.bulk_create(plan.creates, batch_size=2000)
    plan.journal.created(plan.creates)
    plan.journal.changing(Membership, [m.pk for m in plan.updates])
    if plan.updates:
        Membership.objects.bulk_update(plan.updates, ["end_date", "position"], batch_size=2000)


def _commit_ratings(plan, actor):
    user = actor if actor.is_authenticated else None
    for rating in plan.creates + plan.updates:
        rating.set_by = user
    YearlyRating.objects.bulk_create(plan.creates, batch_size=2000)
    plan.journal.created(plan.creates)
    plan.journal.changing(YearlyRating, [r.pk for r in plan.updates])
    if plan.updates:
        YearlyRating.objects.bulk_update(plan.updates, ["rating", "note", "set_by"], batch_size=2000)


PLANNERS.update(units=_plan_units, people=_plan_people, memberships=_plan_memberships, ratings=_plan_ratings)
COMMITTERS.update(units=_commit_units, people=_commit_people, memberships=_commit_memberships,
                  ratings=_commit_ratings)
EXAMPLES.update(
    units=[["VP", "Vụ Tổng hợp", "VPQH", "Vụ"]],
    people=[["CB0001", "Nguyễn Văn An", "Nam", "15/03/1985", "Công chức", "Chuyên viên", "Chuyên viên", "VP",
             "01/01/2020"]],
    memberships=[["CB0001", "VP", "01/01/2015", "31/12/2019", "Chuyên viên"]],
    ratings=[["CB0001", "2025", "HTXSNV", ""]],
)


def template_rows(kind: str) -> tuple[list[str], list[list]]:
    return [c.header for c in COLUMNS[kind]], EXAMPLES[kind]
