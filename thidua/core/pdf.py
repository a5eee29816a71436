"""PDF documents with a font that covers every Vietnamese letter.

DejaVu Serif (Debian fonts-dejavu-*) is used: Debian's Liberation Serif 1.07 lacks the letters with two
marks (ế, ộ, ự…).
"""

from pathlib import Path

from django.conf import settings
from fpdf import FPDF


class ThiduaPDF(FPDF):
    def __init__(self, orientation="P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        fonts = Path(settings.THIDUA_FONT_DIR)
        self.add_font("Serif", "", str(fonts / "DejaVuSerif.ttf"))
        self.add_font("Serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
        self.add_font("Serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
        self.set_font("Serif", "", 11)

    def table_page(self, title: str, subtitle: str, headers: list[str], rows: list[list]) -> None:
        """A titled table over as many pages as it needs."""
        self.add_page()
        self.set_font("Serif", "B", 14)
        self.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Serif", "I", 10)
        self.multi_cell(0, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.set_font("Serif", "", 9)
        with self.table() as table:
            for row in [headers, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell("" if value is None else str(value))
