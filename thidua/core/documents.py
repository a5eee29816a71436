"""Word documents in the Vietnamese administrative format (Decree 30/2020/NĐ-CP, Appendix I).

A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt, the national title and motto beside the issuing
body, "Số: …", place and date in italics, justified body with a first-line indent, signature block and
recipients ("Nơi nhận").
"""

import datetime
import io

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from .exports import attachment

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AdminDocument:
    def __init__(self, *, issuer_parent: str, issuer: str, number: str, place: str, day: datetime.date,
                 kind: str, subject: str = ""):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = "Times New Roman", Pt(13)
        style.paragraph_format.space_after = Pt(6)
        header = self.doc.add_table(rows=1, cols=2)
        header.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = header.rows[0].cells
        self._cell(left, [(issuer_parent.upper(), False), (issuer.upper(), True), ("", False),
                          (f"Số: {number}", False)])
        self._cell(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True),
                           ("", False)])
        dated = right.add_paragraph()
        dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = dated.add_run(f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
        run.italic = True
        self.heading(kind.upper(), size=14)
        if subject:
            self.heading(subject, size=14)

    @staticmethod
    def _cell(cell, lines):
        cell.paragraphs[0].text = ""
        for index, (text, bold) in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold, run.font.size = bold, Pt(13 if index else 12)

    def heading(self, text: str, size: int = 13) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(size)

    def paragraph(self, text: str, bold: bool = False) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.add_run(text).bold = bold

    def table(self, headers: list[str], rows: list[list]) -> None:
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None else str(value)

    def signatures(self, left: tuple[str, str], right: tuple[str, str], recipients: list[str] = ()) -> None:
        """Two signature blocks (title, name); recipients go under the left one."""
        table = self.doc.add_table(rows=1, cols=2)
        for cell, (title, name) in zip(table.rows[0].cells, (left, right), strict=True):
            self._cell(cell, [(title.upper(), True), ("", False), ("", False), ("", False), (name, True)])
        if recipients:
            block = self.doc.add_paragraph()
            run = block.add_run("Nơi nhận:")
            run.bold, run.italic, run.font.size = True, True, Pt(12)
            for line in recipients:
                self.doc.add_paragraph(f"- {line};").runs[0].font.size = Pt(11)

    def new_page(self) -> None:
        self.doc.add_section(WD_SECTION.NEW_PAGE)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def response(self, filename: str) -> HttpResponse:
        return attachment(HttpResponse(self.to_bytes(), content_type=DOCX_TYPE), f"{filename}.docx")
