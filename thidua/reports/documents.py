"""A review pack as a Decree-30 report: Word for editing before signature, PDF for the conference file."""

from django.utils import timezone

from thidua.core.documents import AdminDocument
from thidua.core.pdf import ThiduaPDF

from .reviews import Pack

STATUS_VI = {"met": "Đạt", "on_track": "Đúng tiến độ", "at_risk": "Có nguy cơ không đạt", "late": "Chậm",
             "not_started": "Chưa báo cáo"}


def _issuer(pack: Pack) -> tuple[str, str]:
    subject = pack.subject
    if pack.subject_kind == "unit":
        return subject.agency.name, subject.name
    if pack.subject_kind == "movement":
        return subject.agency.name, (subject.unit.name if subject.unit_id else subject.block.name)
    return "Hội đồng Thi đua - Khen thưởng Trung ương", subject.name


def _heading(pack: Pack) -> str:
    what = "Sơ kết 6 tháng đầu năm" if pack.kind == "mid" else "Tổng kết"
    return f"{what} {pack.year} công tác thi đua, khen thưởng — {pack.subject}"


def _sections(pack: Pack):
    """(heading, paragraphs, table) in the order of a review report."""
    review = pack.review
    yield "I. KẾT QUẢ THỰC HIỆN", [
        f"Kỳ báo cáo: từ ngày {pack.start:%d/%m/%Y} đến ngày {pack.end:%d/%m/%Y}.",
        review.achievements or "(Đơn vị bổ sung kết quả nổi bật.)"], (
        ["Chỉ tiêu", "Số liệu"], [[str(label), str(value)] for label, value in pack.figures])
    for movement, rows in pack.rankings:
        yield f"Kết quả xếp hạng: {movement.title}", [], (["Hạng", "Đơn vị", "Tổng điểm"],
                                                            [[r, u, t] for r, u, t in rows])
    if pack.targets:
        yield "Chỉ tiêu kế hoạch công tác", [], (
            ["Đơn vị", "Chỉ tiêu", "Mức đạt (%)", "Tình trạng"],
            [[s.target.plan.unit.name, s.target.target, "" if s.achievement is None else f"{s.achievement:.1f}",
              STATUS_VI[s.status]] for s in pack.targets])
    if pack.members:
        yield "Kết quả của các thành viên Khối", [], (
            ["Cơ quan", "Số người", "Khen thưởng", "Chỉ tiêu đạt", "Xếp hạng"],
            [[m["name"], m["people"], m["awards"], f"{m['met']}/{m['targets']}", m["rank"] or "—"]
             for m in pack.members])
    yield "II. ĐIỂN HÌNH TIÊN TIẾN ĐƯỢC PHÁT HIỆN, KHEN THƯỞNG", \
        [] if pack.models else ["Chưa có điển hình được khen thưởng trong kỳ."], (
            ["Cá nhân, tập thể", "Danh hiệu, hình thức", "Số quyết định"], [list(m) for m in pack.models]) \
        if pack.models else None
    for section in pack.sections:  # e.g. the leaders' example (publicity)
        yield str(section["title"]), [], ([str(h) for h in section["headers"]], section["rows"])
    yield "III. HẠN CHẾ, NGUYÊN NHÂN", [review.limitations or "(Đơn vị bổ sung.)"], None
    yield "IV. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI", [review.next_steps or "(Đơn vị bổ sung.)"], None


def review_docx(pack: Pack) -> AdminDocument:
    parent, issuer = _issuer(pack)
    doc = AdminDocument(issuer_parent=parent, issuer=issuer, number="…/BC", place="Hà Nội",
                        day=timezone.localdate(), kind="Báo cáo", subject=_heading(pack))
    for heading, paragraphs, table in _sections(pack):
        doc.paragraph(heading, bold=True)
        for text in paragraphs:
            doc.paragraph(text)
        if table:
            doc.table(*table)
    doc.signatures(("", ""), ("Thủ trưởng đơn vị", ""), recipients=["Như trên", "Lưu: VT, TĐKT"])
    return doc


class ReportPDF(ThiduaPDF):
    """A4 portrait with Decree-30 margins (top/bottom 20, left 30, right 15 mm), page numbers from page 2."""

    def __init__(self):
        super().__init__(orientation="P")
        self.set_margins(30, 20, 15)
        self.set_auto_page_break(True, margin=20)

    def header(self):
        if self.page_no() > 1:
            self.set_font("Serif", "", 11)
            self.cell(0, 8, str(self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")


def review_pdf(pack: Pack) -> bytes:
    parent, issuer = _issuer(pack)
    pdf = ReportPDF()
    pdf.add_page()
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    pdf.set_font("Serif", "", 11)
    pdf.multi_cell(half, 6, parent.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(half, 6, issuer.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 12)
    pdf.multi_cell(half, 6, "Số: …/BC", align="C", new_x="LMARGIN", new_y="NEXT")
    left_end = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(half, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(half, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LEFT", new_y="NEXT")
    today = timezone.localdate()
    pdf.set_font("Serif", "I", 12)
    pdf.multi_cell(half, 8, f"Hà Nội, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_end, pdf.get_y()) + 4)
    pdf.set_font("Serif", "B", 14)
    pdf.multi_cell(0, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 7, _heading(pack), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for heading, paragraphs, table in _sections(pack):
        pdf.set_font("Serif", "B", 13)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Serif", "", 13)
        for text in paragraphs:
            pdf.multi_cell(0, 7, text, align="J", new_x="LMARGIN", new_y="NEXT")
        if table:
            pdf.set_font("Serif", "", 10)
            with pdf.table() as grid:
                for row in [table[0], *table[1]]:
                    cells = grid.row()
                    for value in row:
                        cells.cell("" if value is None else str(value))
        pdf.ln(2)
    pdf.set_font("Serif", "B", 13)
    pdf.cell(0, 8, "THỦ TRƯỞNG ĐƠN VỊ", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 11)
    pdf.multi_cell(0, 6, "Nơi nhận:\n- Như trên;\n- Lưu: VT, TĐKT.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
