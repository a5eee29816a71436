"""A statutory form as an Excel workbook in the form's layout: the form's heading block, grouped column
headers, the letter/number row, the rows with their codes, the signatures; each figure links to the page
listing its records, and the sheet "Nguồn số liệu" lists every record with the rows and columns it counts in."""

import io
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.awards.models import award_name
from thidua.core.exports import safe_cell

from .statutory import CIRCULAR, Result

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
FONT = "Times New Roman"


def cell_url(result: Result, line: str, column: str) -> str:
    query = urlencode({"start": result.start.isoformat(), "end": result.end.isoformat(), "line": line,
                       "column": column, "agency": result.agency.pk})
    return f"{settings.THIDUA_BASE_URL.rstrip('/')}{reverse('reports:statutory_cell', args=[result.form.code])}?{query}"


def workbook(result: Result) -> bytes:
    form = result.form
    book = Workbook()
    sheet = book.active
    sheet.title = f"Biểu {form.code}"
    with_unit = any(line.unit for line in form.lines) and form.code != "0601"
    fixed = ["", "Mã số"] + (["Đơn vị tính"] if with_unit else [])
    width = len(fixed) + len(form.columns)

    def put(row, col, value, *, bold=False, italic=False, align=CENTER, border=False, size=12):
        cell = sheet.cell(row=row, column=col, value=safe_cell(value))
        cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
        cell.alignment = align
        if border:
            cell.border = BOX
        return cell

    half = max(width // 2, 1)
    put(1, 1, f"Biểu số: {form.sign}", bold=True, align=LEFT)
    put(2, 1, f"Ban hành theo {CIRCULAR}", align=LEFT)
    put(3, 1, "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo", align=LEFT)
    put(1, half + 1, f"Đơn vị báo cáo: {result.agency.name}")
    put(2, half + 1, "Đơn vị nhận báo cáo: Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)")
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=half)
        sheet.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=width)
    put(5, 1, form.title, bold=True, size=14)
    put(6, 1, f"Năm {result.end.year} (từ ngày {result.start:%d/%m/%Y} đến ngày {result.end:%d/%m/%Y})",
        italic=True)
    for row in (5, 6):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)

    top = 8
    for index, label in enumerate(fixed, start=1):
        put(top, index, label, bold=True, border=True)
        sheet.merge_cells(start_row=top, start_column=index, end_row=top + 1, end_column=index)
    col = len(fixed) + 1
    groups: list[tuple[str, int, int]] = []
    for column in form.columns:
        if column.group and groups and groups[-1][0] == column.group:
            groups[-1] = (column.group, groups[-1][1], col)
        elif column.group:
            groups.append((column.group, col, col))
        else:
            put(top, col, column.header, bold=True, border=True)
            sheet.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        if column.group:
            put(top + 1, col, column.header, bold=True, border=True)
        col += 1
    for name, first, last in groups:
        put(top, first, name, bold=True, border=True)
        if last > first:
            sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    letters = ["A", "B"] + (["C"] if with_unit else []) + [str(i) for i in range(1, len(form.columns) + 1)]
    for index, value in enumerate(letters, start=1):
        put(top + 2, index, value, bold=True, border=True)
    sheet.freeze_panes = sheet.cell(row=top + 3, column=len(fixed) + 1)  # the headers and the row labels stay

    row = top + 3
    for line in form.lines:
        put(row, 1, line.label, bold=line.heading or line.code == "01", align=LEFT, border=True)
        put(row, 2, line.code, border=True)
        if with_unit:
            put(row, 3, line.unit, border=True)
        for offset, column in enumerate(form.columns, start=len(fixed) + 1):
            if line.heading or line.code in form.unrecorded:
                put(row, offset, "", border=True)
                continue
            cell = put(row, offset, result.count(line.code, column.key), border=True)
            cell.hyperlink = cell_url(result, line.code, column.key)
        row += 1

    row += 1
    put(row, 1, "Người lập biểu", bold=True)
    put(row, half + 1, "Thủ trưởng đơn vị", bold=True)
    put(row + 1, 1, "(Ký, họ tên)", italic=True)
    put(row + 1, half + 1, "(Ký, họ tên, đóng dấu)", italic=True)
    for notes_row, note in enumerate(form_notes(result), start=row + 4):
        put(notes_row, 1, note, italic=True, align=LEFT, size=10)
        sheet.merge_cells(start_row=notes_row, start_column=1, end_row=notes_row, end_column=width)
    sheet.column_dimensions["A"].width = 48
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12 if index > len(fixed) else 9

    sources = book.create_sheet("Nguồn số liệu")
    sources.append(["Mã bản ghi", "Nội dung", "Dòng (mã số)", "Cột"])
    for key, record in result.records.items():
        sources.append([key, safe_cell(describe(result.form, record)), ", ".join(record["lines"]),
                        ", ".join(record["columns"])])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def describe(form, record: dict) -> str:
    if form.subject == "award":
        who = record["person__full_name"] or record["unit__name"]
        return (f"{who} — {award_name(record['award_code'])} — QĐ {record['decision_number']} "
                f"ngày {record['decision_date']:%d/%m/%Y}")
    if form.subject == "movement":
        return f"{record['title']} ({record['starts_on']:%d/%m/%Y}–{record['ends_on']:%d/%m/%Y})"
    if form.subject == "unit":
        return record["unit__name"]
    return record["full_name"]


def form_notes(result: Result) -> list[str]:
    notes = ["Số liệu tính từ dữ liệu lưu trong hệ thống thidua; mỗi ô liên kết tới danh sách bản ghi tạo nên số liệu."]
    if result.form.code == "0605":
        people = result.records.values()
        missing = sum(1 for r in people if not r["officer_profile__education"]
                      or not r["officer_profile__emulation_work_since"])
        if missing:
            notes.append(f"{missing}/{len(people)} công chức chưa được ghi trình độ đào tạo hoặc thâm niên công tác "
                         "thi đua, khen thưởng: chỉ được tính ở dòng tổng số và độ tuổi.")
    if result.form.code in ("0602", "0603"):
        notes.append("Cấp lãnh đạo xác định theo chức vụ; phương thức khen thưởng theo loại đợt xét khen thưởng.")
    return notes
