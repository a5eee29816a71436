"""PDF documents with a font that covers every Vietnamese letter, in the administrative format of Decree
30/2020/NĐ-CP (Appendix I), like the Word documents of thidua.core.documents.

A4; margins 20 mm top and bottom, 30 mm left, 15 mm right; page numbers from page 2, top centre. Every document
opens with `admin_header`: the issuing body under its parent (left), the national title and the motto each on one
line with a rule under the motto (right), "Số: …", place and date in italics, then the bold centred title. It
closes with `signature` (the signer's title and name, "Nơi nhận" bottom left). Certificates have a layout of their
own (CertificatePDF in nominations) and switch the page numbers off.

DejaVu Serif (Debian fonts-dejavu-*) is used: Debian's Liberation Serif 1.07 lacks the letters with two
marks (ế, ộ, ự…).
"""

import datetime
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def place_and_date(place: str, day: datetime.date) -> str:
    """"Hà Nội, ngày 05 tháng 03 năm 2026": day below 10 and months 1–2 zero-padded (all months padded here)."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


class ThiduaPDF(FPDF):
    numbered = True  # page numbers from page 2 (off for certificates)

    def __init__(self, orientation="P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        fonts = Path(settings.THIDUA_FONT_DIR)
        self.add_font("Serif", "", str(fonts / "DejaVuSerif.ttf"))
        self.add_font("Serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
        self.add_font("Serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
        self.set_margins(30, 20, 15)
        self.set_auto_page_break(True, margin=20)
        self.set_font("Serif", "", 11)

    def header(self):
        if self.numbered and self.page_no() > 1:
            self.set_y(10)
            self.set_font("Serif", "", 11)
            self.cell(0, 6, str(self.page_no()), align="C")
            self.set_y(self.t_margin)

    def _one_line(self, width: float, height: float, text: str, style: str, size: float, **kwargs) -> None:
        """`text` on one line of `width`: the font shrinks (not below 9 pt) rather than wrap."""
        while size > 9 and self.get_string_width(text) > width - 1:
            size -= 0.5
            self.set_font("Serif", style, size)
        self.set_font("Serif", style, size)
        self.cell(width, height, text, align="C", **kwargs)

    def admin_header(self, *, issuer_parent: str, issuer: str, number: str, place: str, day: datetime.date,
                     kind: str, subject: str = "") -> None:
        """A new page opening with the Decree 30 heading (see the module) and the bold centred title: `kind`
        in capitals ("DANH SÁCH", "BIÊN BẢN"…) and the `subject` under it."""
        self.add_page()
        usable = self.w - self.l_margin - self.r_margin
        left_w = usable * 0.4
        right_w = usable - left_w
        top = self.get_y()
        self.set_font("Serif", "", 12)
        if issuer_parent and issuer_parent.casefold() != issuer.casefold():  # a body at the top names itself once
            self.multi_cell(left_w, 6, issuer_parent.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Serif", "B", 12)
        self.multi_cell(left_w, 6, issuer.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        rule = self.get_y() + 0.5
        self.line(self.l_margin + left_w / 2 - 12, rule, self.l_margin + left_w / 2 + 12, rule)
        self.ln(2)
        self.set_font("Serif", "", 13)
        self.cell(left_w, 7, f"Số: {number}", align="C", new_x="LMARGIN", new_y="NEXT")
        left_end = self.get_y()
        self.set_xy(self.l_margin + left_w, top)
        self._one_line(right_w, 6, NATIONAL_TITLE, "B", 12, new_x="LEFT", new_y="NEXT")
        self._one_line(right_w, 6, MOTTO, "B", 13, new_x="LEFT", new_y="NEXT")
        motto_w = self.get_string_width(MOTTO)
        rule = self.get_y() + 0.5
        self.line(self.l_margin + left_w + (right_w - motto_w) / 2, rule,
                  self.l_margin + left_w + (right_w + motto_w) / 2, rule)
        self.ln(3)
        self._one_line(right_w, 7, place_and_date(place, day), "I", 13, new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(left_end, self.get_y()) + 6)
        self.set_font("Serif", "B", 14)
        self.multi_cell(0, 7, kind.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        if subject:
            self.multi_cell(0, 7, subject, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self.set_font("Serif", "", 13)

    def paragraph(self, text: str, bold: bool = False) -> None:
        """Body text, 13 pt, justified, with a first-line indent of 1.27 cm and 6 pt after."""
        self.set_font("Serif", "B" if bold else "", 13)
        self.set_x(self.l_margin)
        self.multi_cell(0, 7, " " * 6 + text if not bold else text, align="J", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def grid(self, headers: list[str], rows: list[list], size: float = 10) -> None:
        """A table with a bold header row, repeated on each page it runs over."""
        rows = [list(row) for row in rows]
        self.set_font("Serif", "", size)
        longest = [max(len(str(v or "")) for v in column) for column in zip(headers, *rows, strict=True)]
        with self.table(col_widths=tuple(min(max(n, 4), 40) for n in longest)) as table:
            for row in [headers, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell("" if value is None else str(value))
        self.ln(3)

    def signature(self, title: str, name: str = "", recipients: list[str] = (), left: tuple[str, str] = None) -> None:
        """The signer's title in bold capitals with room to sign, then the name (right); "Nơi nhận" with the
        recipients bottom left, or a second signer (`left`: title and name) there."""
        needed = 40 + (40 if left and recipients else 0) + (8 + 5 * len(recipients) if recipients else 0)
        if self.get_y() > self.h - self.b_margin - needed:  # the block stays on one page
            self.add_page()
        usable = self.w - self.l_margin - self.r_margin
        half = usable / 2
        top = self.get_y() + 2
        self.set_xy(self.l_margin + half, top)
        self.set_font("Serif", "B", 13)
        self.multi_cell(half, 6, title.upper(), align="C", new_x="LEFT", new_y="NEXT")
        self.ln(22)
        if name:
            self.set_x(self.l_margin + half)
            self.multi_cell(half, 6, name, align="C", new_x="LMARGIN", new_y="NEXT")
        end = self.get_y()
        self.set_xy(self.l_margin, top)
        if left:
            self.set_font("Serif", "B", 13)
            self.multi_cell(half, 6, left[0].upper(), align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(22)
            if left[1]:
                self.multi_cell(half, 6, left[1], align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_y(max(end, self.get_y()) + 4)
        if recipients:
            self.set_font("Serif", "B", 12)
            self.cell(half, 6, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
            self.set_font("Serif", "", 11)
            for line in recipients:
                self.cell(half, 5, f"- {line};", new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(end, self.get_y()))

    def table_document(self, *, issuer_parent: str, issuer: str, number: str, place: str,
                       day: datetime.date, kind: str, subject: str, lines: list[str], headers: list[str],
                       rows: list[list], signer: str, signer_name: str = "", recipients: list[str] = ()) -> bytes:
        """A list or table document whole: heading, lines of context, the table, the signature."""
        self.admin_header(issuer_parent=issuer_parent, issuer=issuer, number=number, place=place, day=day, kind=kind,
                          subject=subject)
        for line in lines:
            self.paragraph(line)
        self.grid(headers, rows)
        self.signature(signer, signer_name, recipients=recipients)
        return bytes(self.output())


class AdminPDF(ThiduaPDF):
    """The PDF twin of thidua.core.documents.AdminDocument: the same constructor and writing methods, so one
    builder makes a document in Word (to edit before signing) and in PDF (to archive and print)."""

    def __init__(self, *, issuer_parent: str, issuer: str, number: str, place: str, day: datetime.date, kind: str,
                 subject: str = "", orientation: str = "P"):
        super().__init__(orientation=orientation)
        self.admin_header(issuer_parent=issuer_parent, issuer=issuer, number=number, place=place, day=day, kind=kind,
                          subject=subject)

    def heading(self, text: str, size: int = 13) -> None:
        self.set_font("Serif", "B", size)
        self.multi_cell(0, 7, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def table(self, headers: list[str] | None = None, rows: list[list] = (), **kwargs):
        if headers is None:  # fpdf's own table(), used by grid()
            return super().table(**kwargs)
        self.grid(headers, rows)

    def signatures(self, left: tuple[str, str], right: tuple[str, str], recipients: list[str] = ()) -> None:
        self.signature(right[0], right[1], recipients=recipients, left=left if left[0] else None)

    def to_bytes(self) -> bytes:
        return bytes(self.output())

    def response(self, filename: str):
        from django.http import HttpResponse

        from .exports import attachment

        return attachment(HttpResponse(self.to_bytes(), content_type="application/pdf"), f"{filename}.pdf")
