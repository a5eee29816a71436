"""Reading a PDF document back for the Decree 30/2020 heading and signature (thidua.core.pdf)."""

import io
import re

from pypdf import PdfReader

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def assert_decree30(content: bytes, *, issuer: str, number: str, title: str, signer: str) -> str:
    """The first page carries the national title and the motto each unbroken on one line, the issuing body,
    "Số: <number>", a place and date "ngày dd tháng mm năm yyyy", the title in bold; the last page the signer's
    title. Returns the whole text with runs of white space as one space (cells and columns wrap)."""
    reader = PdfReader(io.BytesIO(content))
    bold = []

    def visit(text, _cm, _tm, font, _size):
        if font and "Bold" in str(font.get("/BaseFont", "")):
            bold.append(text)

    first = reader.pages[0].extract_text(visitor_text=visit)
    lines = first.splitlines()
    assert any(NATIONAL_TITLE in line for line in lines), lines[:8]
    assert any(MOTTO in line for line in lines), lines[:8]
    flat = " ".join(first.split())  # the issuing body may run over two lines of its column
    assert issuer.upper() in flat and f"Số: {number}" in flat
    assert re.search(r", ngày \d\d tháng \d\d năm \d{4}", first), lines[:8]
    assert title.upper() in " ".join("".join(bold).split()), bold
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert signer.upper() in text
    return text
