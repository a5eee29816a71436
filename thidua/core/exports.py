"""Excel and CSV exports: titled, typed, named for filing, with formula injection neutralised."""

import csv
import datetime
import io
import re
import unicodedata
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """A text cell starting like a formula is prefixed with an apostrophe so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def file_name(name: str) -> str:
    """An ASCII file name for filing and for every browser: Vietnamese letters without their marks, anything
    else but letters, digits, dots and dashes as a dash (danh-sach-chi-thuong-12-QD-VPQH)."""
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "thidua"


def user_agency(user) -> str:
    """The agency named on a user's exports: the one their personnel record belongs to."""
    person = getattr(user, "person", None)
    return person.agency.name if person is not None else ""


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{file_name(filename)}"'
    return response


def _typed(value):
    """A cell as a spreadsheet expects it: dates as dates shown dd/mm/yyyy, numbers as numbers."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return value, "DD/MM/YYYY HH:MM"
    if isinstance(value, datetime.date):
        return value, "DD/MM/YYYY"
    if isinstance(value, Decimal):
        return float(value), "#,##0.##"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return value, "#,##0"
    return safe_cell(value), None


def xlsx_bytes(headers: list[str], rows, *, title: str = "", agency: str = "") -> bytes:
    """A sheet an office can file: the agency and a bold title above the header (when given), the header frozen
    and bold, typed cells and column widths from the content. Without a title the header is row 1, as in the
    import templates."""
    workbook = Workbook(write_only=True)
    _sheet(workbook, headers, rows, title=title, agency=agency)
    return _save(workbook)


def xlsx_workbook(sheets, *, agency: str = "") -> bytes:
    """Several sheets in one workbook, each laid out as `xlsx_bytes` lays out one: `sheets` holds
    (tab name, title, headers, rows)."""
    workbook = Workbook(write_only=True)
    for name, title, headers, rows in sheets:
        _sheet(workbook, headers, rows, title=title, agency=agency, name=name)
    return _save(workbook)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook, headers: list[str], rows, *, title: str = "", agency: str = "", name: str = "") -> None:
    rows = [list(row) for row in rows]
    name = name or title or "Sheet1"
    sheet = workbook.create_sheet(re.sub(r"[\\/?*\[\]:]", "-", name)[:31])
    header_row = 1 + (sum(1 for text in (agency, title) if text) + 2 if title else 0)
    sheet.freeze_panes = f"A{header_row + 1}"  # write-only sheets take their view before the first row
    widths = [len(str(h)) for h in headers]
    for row in rows[:500]:
        for i, value in enumerate(row[:len(widths)]):
            shown = value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else str(value or "")
            widths[i] = max(widths[i], min(len(shown), 60))
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width + 3
    if title:
        for text, size in ((agency.upper(), 12), (title.upper(), 14),
                           (f"Ngày lập: {timezone.localdate():%d/%m/%Y}", 11)):
            if text:
                cell = WriteOnlyCell(sheet, value=text)
                cell.font = Font(bold=size > 11, size=size, italic=size == 11)
                sheet.append([cell])
        sheet.append([])
    bold = Font(bold=True)
    head = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for row in rows:
        cells = []
        for value in row:
            typed, number_format = _typed(value)
            cell = WriteOnlyCell(sheet, value=typed)
            if number_format:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else \
            value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return safe_cell(value)


def export_response(fmt: str, filename: str, headers: list[str], rows, *, title: str = "",
                    agency: str = "") -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
        return attachment(response, f"{filename}.csv")
    response = HttpResponse(
        xlsx_bytes(headers, rows, title=title, agency=agency),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return attachment(response, f"{filename}.xlsx")
