"""A review pack as a Decree-30 report: Word for editing before signature, PDF for the conference file."""

from django.utils import timezone

from thidua.core.documents import AdminDocument
from thidua.core.pdf import AdminPDF

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


def review_docx(pack: Pack, document=AdminDocument):
    """The report in Word; `document=AdminPDF` makes the same report as PDF."""
    parent, issuer = _issuer(pack)
    doc = document(issuer_parent=parent, issuer=issuer, number="…/BC", place="Hà Nội",
                   day=timezone.localdate(), kind="Báo cáo", subject=_heading(pack))
    for heading, paragraphs, table in _sections(pack):
        doc.paragraph(heading, bold=True)
        for text in paragraphs:
            doc.paragraph(text)
        if table:
            doc.table(*table)
    doc.signatures(("", ""), ("Thủ trưởng đơn vị", ""), recipients=["Như trên", "Lưu: VT, TĐKT"])
    return doc


def review_pdf(pack: Pack) -> bytes:
    return review_docx(pack, AdminPDF).to_bytes()
