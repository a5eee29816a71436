"""Documents generated from the records: achievement report and submission letter (Word, editable before
signing), certificates (PDF with a verification code and QR), and the bonus payment list (Excel)."""

import io
from functools import cache

import segno
from django.utils import timezone

from thidua.awards.models import AwardRecord, award_name
from thidua.core.documents import AdminDocument
from thidua.core.pdf import ThiduaPDF
from thidua.initiatives.models import Author

from .models import ROUTE_DOSSIERS, Certificate, DocumentKind, Nomination, RoundKind


def _issuer(nomination_or_round) -> tuple[str, str]:
    round_ = getattr(nomination_or_round, "round", nomination_or_round)
    return round_.agency.name, round_.unit.name


def _report(nomination: Nomination, kind: str, subject: str) -> AdminDocument:
    return AdminDocument(issuer_parent=_issuer(nomination)[0], issuer=nomination.unit.name, number="…/BC",
                         place="Hà Nội", day=timezone.localdate(), kind=kind, subject=subject)


def _profile(doc: AdminDocument, nomination: Nomination) -> None:
    """I. Who is proposed: an individual's short curriculum, or the collective's name."""
    if nomination.person_id:
        person = nomination.person
        doc.paragraph("I. SƠ LƯỢC LÝ LỊCH", bold=True)
        for label, value in (("Họ và tên", person.full_name), ("Giới tính", person.get_gender_display()),
                             ("Ngày sinh", person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "—"),
                             ("Đơn vị công tác", person.unit.name), ("Chức vụ", person.position or "—"),
                             ("Ngạch/hạng", person.rank or "—")):
            doc.paragraph(f"{label}: {value}")
    else:
        doc.paragraph("I. ĐẶC ĐIỂM, TÌNH HÌNH", bold=True)
        doc.paragraph(f"Tên tập thể: {nomination.collective.name}")


def _records(doc: AdminDocument, nomination: Nomination, heading: str) -> None:
    records = AwardRecord.objects.filter(person=nomination.person) if nomination.person_id \
        else AwardRecord.objects.filter(unit=nomination.collective)
    doc.paragraph(heading, bold=True)
    doc.table(["Năm", "Danh hiệu, hình thức", "Số, ngày quyết định", "Cơ quan ban hành"],
              [[r.year, r.award_name, f"{r.decision_number} ngày {r.decision_date:%d/%m/%Y}", r.authority]
               for r in records.order_by("year")])


def _sign(doc: AdminDocument, nomination: Nomination) -> AdminDocument:
    doc.signatures(("Xác nhận của thủ trưởng đơn vị", ""), ("Người báo cáo thành tích", nomination.subject_name))
    return doc


def _achievements(nomination: Nomination) -> str:
    return nomination.achievements or "(Đơn vị bổ sung thành tích cụ thể.)"


def achievement_report(nomination: Nomination) -> AdminDocument:
    """Báo cáo thành tích (Decree 98/2023, appendix template for an individual or a collective)."""
    doc = _report(nomination, "Báo cáo thành tích",
                  f"Đề nghị tặng {award_name(nomination.award_code)} năm {nomination.round.year}")
    _profile(doc, nomination)
    doc.paragraph("II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)
    doc.paragraph(_achievements(nomination))
    if nomination.person_id:
        person = nomination.person
        ratings = person.ratings.filter(year__gte=nomination.round.year - 4).order_by("year")
        doc.table(["Năm", "Xếp loại chất lượng"], [[r.year, r.get_rating_display()] for r in ratings])
        authorships = Author.objects.filter(person=person).select_related("initiative") \
            .prefetch_related("initiative__recognitions")
        rows = [[a.initiative.title, f"{a.share.normalize():f}%",
                 "; ".join(f"{r.get_scope_display()} ({r.decision_number} ngày {r.decision_date:%d/%m/%Y})"
                           for r in a.initiative.recognitions.all()) or "Chưa công nhận"] for a in authorships]
        if rows:
            doc.paragraph("Sáng kiến, đề tài khoa học:")
            doc.table(["Tên sáng kiến", "Tỷ lệ đóng góp", "Công nhận"], rows)
    _records(doc, nomination, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    return _sign(doc, nomination)


def ad_hoc_report(nomination: Nomination) -> AdminDocument:
    """Báo cáo tóm tắt thành tích đột xuất (Law Art. 84(2), simplified procedure; Decree 98/2023 appendix)."""
    doc = _report(nomination, "Báo cáo tóm tắt thành tích đột xuất",
                  f"Đề nghị tặng {award_name(nomination.award_code)}")
    _profile(doc, nomination)
    doc.paragraph("II. TÓM TẮT THÀNH TÍCH ĐỘT XUẤT", bold=True)
    doc.paragraph("(Nêu rõ hành động, việc làm, thời gian, địa điểm và kết quả, tác dụng của thành tích.)")
    doc.paragraph(_achievements(nomination))
    return _sign(doc, nomination)


def thematic_report(nomination: Nomination) -> AdminDocument:
    """Báo cáo thành tích thi đua theo chuyên đề (Decree 98/2023 appendix): achievements in the movement."""
    doc = _report(nomination, "Báo cáo thành tích thi đua theo chuyên đề",
                  f"Đề nghị tặng {award_name(nomination.award_code)} trong {nomination.round.title}")
    _profile(doc, nomination)
    doc.paragraph("II. THÀNH TÍCH TRONG PHONG TRÀO THI ĐUA THEO CHUYÊN ĐỀ", bold=True)
    doc.paragraph(f"Phong trào thi đua: {nomination.round.title}.")
    doc.paragraph(_achievements(nomination))
    _records(doc, nomination, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    return _sign(doc, nomination)


def service_report(nomination: Nomination) -> AdminDocument:
    """Báo cáo quá trình cống hiến (Decree 98/2023 appendix, long service): the career by post, then the
    contribution and the awards received."""
    doc = _report(nomination, "Báo cáo tóm tắt quá trình cống hiến",
                  f"Đề nghị tặng {award_name(nomination.award_code)}")
    _profile(doc, nomination)
    doc.paragraph("II. QUÁ TRÌNH CÔNG TÁC", bold=True)
    memberships = nomination.person.memberships.select_related("unit").order_by("start_date") \
        if nomination.person_id else []
    doc.table(["Từ ngày", "Đến ngày", "Chức vụ, đơn vị công tác"],
              [[m.start_date.strftime("%d/%m/%Y"), m.end_date.strftime("%d/%m/%Y") if m.end_date else "nay",
                ", ".join(filter(None, (m.position, m.unit.name)))] for m in memberships])
    doc.paragraph("III. THÀNH TÍCH, CỐNG HIẾN", bold=True)
    doc.paragraph(_achievements(nomination))
    _records(doc, nomination, "IV. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    return _sign(doc, nomination)


def submission_letter(round_, unit, nominations) -> AdminDocument:
    """Tờ trình: the unit proposes its nominees to the agency's council."""
    subject = {RoundKind.AD_HOC: "Về việc đề nghị khen thưởng đột xuất",
               RoundKind.THEMATIC: f"Về việc đề nghị khen thưởng theo chuyên đề: {round_.title}",
               RoundKind.LIFETIME: "Về việc đề nghị khen thưởng quá trình cống hiến"}.get(
        round_.kind, f"Về việc đề nghị khen thưởng năm {round_.year}")
    doc = AdminDocument(issuer_parent=round_.agency.name, issuer=unit.name, number="…/TTr", place="Hà Nội",
                        day=timezone.localdate(), kind="Tờ trình", subject=subject)
    doc.paragraph(f"Kính gửi: Hội đồng Thi đua - Khen thưởng {round_.agency.name}.")
    basis = "thành tích của các cá nhân, tập thể" if round_.kind != RoundKind.REGULAR \
        else f"kết quả bình xét năm {round_.year}"
    doc.paragraph(f"Căn cứ Luật Thi đua, khen thưởng năm 2022 và {basis}, "
                  f"{unit.name} đề nghị xét tặng các danh hiệu, hình thức khen thưởng sau:")
    doc.table(["STT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức", "Ghi chú"],
              [[i, n.subject_name, n.unit.name, award_name(n.award_code),
                "Đề nghị có giải trình" if n.flagged else ""] for i, n in enumerate(nominations, 1)])
    doc.signatures(("", ""), ("Thủ trưởng đơn vị", ""), ["Như trên", "Lưu: VT"])
    return doc


# The documents of a route's dossier the system writes from the records, with the file name they get.
GENERATED = {
    DocumentKind.ACHIEVEMENT_REPORT: ("bao-cao-thanh-tich", achievement_report),
    DocumentKind.AD_HOC_REPORT: ("bao-cao-tom-tat-thanh-tich-dot-xuat", ad_hoc_report),
    DocumentKind.THEMATIC_REPORT: ("bao-cao-thanh-tich-chuyen-de", thematic_report),
    DocumentKind.SERVICE_REPORT: ("bao-cao-qua-trinh-cong-hien", service_report),
    DocumentKind.SUBMISSION: ("to-trinh", lambda n: submission_letter(n.round, n.unit, [n])),
}


def _route(nomination: Nomination) -> tuple[str, ...]:
    return ROUTE_DOSSIERS.get(nomination.round.kind, ROUTE_DOSSIERS[RoundKind.REGULAR])


def route_documents(nomination: Nomination) -> list[tuple[str, str, AdminDocument]]:
    """(kind, file name, document) for each document the nomination's route requires and the system writes."""
    return [(kind, f"{GENERATED[kind][0]}-{nomination.pk}.docx", GENERATED[kind][1](nomination))
            for kind in _route(nomination) if kind in GENERATED]


def route_report(nomination: Nomination) -> AdminDocument:
    """The route's achievement report: the last document its dossier lists."""
    return GENERATED[_route(nomination)[-1]][1](nomination)


def nominee_list_pdf(round_, headers, rows) -> bytes:
    """Danh sách đề nghị khen thưởng, for the archive and the disclosure notice board."""
    return ThiduaPDF(orientation="L").table_document(
        issuer_parent=round_.agency.name, issuer=round_.unit.name, number="…/DS", place="Hà Nội",
        day=timezone.localdate(), kind="Danh sách đề nghị khen thưởng", subject=f"{round_.title} (năm {round_.year})",
        lines=[], headers=headers, rows=rows, signer="Người lập danh sách")


@cache
def _qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    # a fixed mask skips segno's eight-way mask search, the bulk of the time for a batch of certificates
    segno.make(text, error="m", mask=0, boost_error=False).save(buffer, kind="png", scale=4, border=1)
    return buffer.getvalue()


def certificate_title(code: str) -> str:
    """The word printed at the top of the certificate: a Giấy khen is a GIẤY KHEN, a Bằng khen a BẰNG KHEN, and
    an emulation title comes with a certificate of the title."""
    if code.endswith("GIAY_KHEN"):
        return "GIẤY KHEN"
    if "BANG_KHEN" in code:
        return "BẰNG KHEN"
    if code.startswith(("LDTT", "CSTD", "TT_LD")):
        return "BẰNG CHỨNG NHẬN"
    return "BẰNG KHEN"


class CertificatePDF(ThiduaPDF):
    """A certificate's own layout (not an administrative document): no page numbers, drawn at fixed places."""

    numbered = False

    def __init__(self):
        super().__init__(orientation="L")
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(False)

    def add_certificate(self, certificate: Certificate, base_url: str, offset=(0.0, 0.0)) -> None:
        """One certificate per page; `offset` shifts the layout for pre-printed blanks (phôi)."""
        record = certificate.record
        dx, dy = offset
        self.add_page()
        self.set_draw_color(150, 20, 20)
        self.set_line_width(1.2)
        self.rect(10 + dx, 10 + dy, 277, 190)
        self.set_xy(10 + dx, 22 + dy)
        self.set_font("Serif", "B", 15)
        self.cell(277, 8, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_x(10 + dx)
        self.cell(277, 8, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_xy(10 + dx, 50 + dy)
        self.set_font("Serif", "B", 30)
        self.set_text_color(150, 20, 20)
        self.cell(277, 14, certificate_title(record.award_code), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_font("Serif", "B", 22)
        self.set_x(10 + dx)
        self.cell(277, 12, record.award_name, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Serif", "", 16)
        self.set_x(10 + dx)
        self.cell(277, 10, f"Năm {record.year}", align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Serif", "B", 24)
        self.set_x(10 + dx)
        self.cell(277, 16, record.subject_name, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Serif", "", 14)
        self.set_x(10 + dx)
        self.cell(277, 8, record.unit_name_then, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Serif", "I", 13)
        self.set_xy(140 + dx, 150 + dy)
        day = record.decision_date
        self.cell(140, 7, f"Hà Nội, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", align="C",
                  new_x="LMARGIN", new_y="NEXT")
        self.set_font("Serif", "B", 13)
        self.set_xy(140 + dx, 158 + dy)
        decision = record.decision
        self.cell(140, 7, (decision.signer_title if decision else record.authority).upper(), align="C")
        self.set_xy(140 + dx, 185 + dy)
        self.cell(140, 7, decision.signer if decision else "", align="C")
        url = f"{base_url.rstrip('/')}{certificate.get_verify_url()}"
        self.image(io.BytesIO(_qr_png(url)), x=22 + dx, y=150 + dy, w=30, h=30)
        self.set_font("Serif", "", 10)
        for line, text in enumerate((f"Quyết định số {record.decision_number}", f"Mã xác thực: {certificate.code}",
                                     f"Tra cứu: {url}")):
            self.set_xy(55 + dx, 158 + dy + 5 * line)
            self.cell(80, 5, text)


def certificates_pdf(certificates, base_url: str) -> bytes:
    pdf = CertificatePDF()
    for certificate in certificates:
        pdf.add_certificate(certificate, base_url)
    return bytes(pdf.output())
