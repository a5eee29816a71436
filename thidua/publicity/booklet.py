"""The congress booklet (kỷ yếu): a Decree-30 cover, the list of models to honour, then each story.

A4; margins 20 mm top and bottom, 30 mm left, 15 mm right; national title and motto beside the agency;
place and date in italics; page numbers from page 2, top centre. Stories are the sanitised HTML of the
registry, laid out by fpdf2's HTML renderer; photos are printed under their story.
"""

from pathlib import Path

from django.conf import settings

from thidua.core.pdf import ThiduaPDF

from . import richtext


class BookletPDF(ThiduaPDF):
    def __init__(self):
        super().__init__()
        self.add_font("Serif", "BI", str(Path(settings.THIDUA_FONT_DIR) / "DejaVuSerif-BoldItalic.ttf"))
        self.set_margins(30, 20, 15)
        self.set_auto_page_break(True, margin=20)

    def header(self):
        if self.page_no() > 1:
            self.set_y(10)
            self.set_font("Serif", "", 12)
            self.cell(0, 6, str(self.page_no()), align="C")
            self.set_y(20)


def _cover(pdf: BookletPDF, congress) -> None:
    pdf.add_page()
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(half - 5, 6, congress.agency.name.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.set_font("Serif", "B", 12)
    pdf.cell(half, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "B", 13)
    pdf.cell(half, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LEFT", new_y="NEXT")
    rule = pdf.get_y() + 0.5
    pdf.line(pdf.l_margin + half + half / 2 - 28, rule, pdf.l_margin + half + half / 2 + 28, rule)
    pdf.ln(4)
    day = congress.held_on
    pdf.set_font("Serif", "I", 13)
    pdf.cell(half, 6, f"{congress.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(60)
    pdf.set_font("Serif", "B", 20)
    pdf.multi_cell(0, 11, "KỶ YẾU\nĐIỂN HÌNH TIÊN TIẾN", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Serif", "B", 15)
    pdf.multi_cell(0, 8, congress.title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")


def _listing(pdf: BookletPDF, models) -> None:
    pdf.add_page()
    pdf.set_font("Serif", "B", 14)
    pdf.multi_cell(0, 8, "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN ĐƯỢC BIỂU DƯƠNG", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Serif", "", 11)
    with pdf.table(col_widths=(10, 60, 45, 50)) as table:
        for row in [["STT", "Điển hình", "Đơn vị", "Thành tích"],
                    *[[str(i), m.title, m.unit.name, m.citation] for i, m in enumerate(models, 1)]]:
            cells = table.row()
            for value in row:
                cells.cell(value)


def _story(pdf: BookletPDF, index: int, model) -> None:
    pdf.add_page()
    pdf.set_font("Serif", "B", 15)
    pdf.multi_cell(0, 8, f"{index}. {model.title}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 12)
    pdf.multi_cell(0, 6, f"{model.unit.name} · {model.get_kind_display()} · {model.year}", new_x="LMARGIN",
                   new_y="NEXT")
    if model.citation:
        pdf.ln(2)
        pdf.set_font("Serif", "B", 13)
        pdf.multi_cell(0, 7, model.citation, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Serif", "", 13)
    story = richtext.clean(model.story) or richtext.clean(model.reason)
    pdf.write_html(story.replace("<p>", '<p align="justify">'), font_family="Serif",
                   ul_bullet_char="-", li_prefix_color=(0, 0, 0))
    for photo in model.photos.all()[:4]:
        try:
            with photo.file.open("rb") as handle:
                pdf.ln(3)
                pdf.image(handle, w=110, x=pdf.l_margin + (pdf.epw - 110) / 2)
        except (OSError, ValueError):  # a missing or unreadable file leaves the story without that photo
            continue
        pdf.set_font("Serif", "I", 11)
        pdf.multi_cell(0, 6, photo.caption, align="C", new_x="LMARGIN", new_y="NEXT")


def booklet_pdf(congress, models) -> bytes:
    pdf = BookletPDF()
    pdf.set_title(congress.title)
    _cover(pdf, congress)
    _listing(pdf, models)
    for index, model in enumerate(models, 1):
        _story(pdf, index, model)
    return bytes(pdf.output())
