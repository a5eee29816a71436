"""Meeting minutes (biên bản họp) with attendance, quorum and each poll's tally, as Word and as PDF."""

from django.http import HttpResponse
from django.utils import timezone

from thidua.core.documents import AdminDocument
from thidua.core.pdf import AdminPDF

from . import services
from .models import Attendance, MemberRole, PollStatus

CHOICE_VI = {"approve": "Đồng ý", "disapprove": "Không đồng ý", "abstain": "Không biểu quyết"}


def build_minutes(meeting, document=AdminDocument):
    council = meeting.council
    starts = timezone.localtime(meeting.starts_at)
    doc = document(issuer_parent=council.agency.name, issuer=council.name, number=f"…/BB-{council.pk:02d}",
                        place=meeting.location or "Hà Nội", day=starts.date(), kind="Biên bản họp",
                        subject=meeting.title)
    doc.paragraph(f"Thời gian: {starts:%H giờ %M}, ngày {starts:%d/%m/%Y}. Địa điểm: {meeting.location or '—'}.")
    state = services.quorum(meeting)
    attendance = {a.member_id: a.present for a in Attendance.objects.filter(meeting=meeting)}
    members = council.members_on(starts.date()).select_related("user__person")
    doc.paragraph("I. THÀNH PHẦN THAM DỰ", bold=True)
    doc.table(["STT", "Họ và tên", "Chức danh trong Hội đồng", "Có mặt"],
              [[i, m.display_name, m.get_role_display(), "Có" if attendance.get(m.pk) else "Vắng"]
               for i, m in enumerate(members, 1)])
    doc.paragraph(f"Có mặt {state.present}/{state.members} thành viên Hội đồng (cần tối thiểu {state.required}); "
                  + ("cuộc họp đủ điều kiện tiến hành." if state.met else "cuộc họp KHÔNG đủ số thành viên theo quy định."))
    doc.paragraph("II. KẾT QUẢ BIỂU QUYẾT", bold=True)
    for poll in meeting.polls.prefetch_related("candidates"):
        how = "bỏ phiếu kín" if poll.secret else "biểu quyết giơ tay"
        doc.paragraph(f"{poll.position}. {poll.title} ({how}).")
        if poll.status != PollStatus.CLOSED:
            doc.paragraph("Chưa biểu quyết.")
            continue
        rows = services.tally(poll)
        doc.paragraph(f"Số thành viên Hội đồng: {poll.electorate}; có mặt: {poll.eligible_voters}; "
                      f"tỷ lệ đồng ý cần đạt: {float(poll.threshold) * 100:.0f}% tổng số thành viên "
                      f"({rows[0]['needed'] if rows else 0} phiếu).")
        doc.table(["Người được đề nghị", *CHOICE_VI.values(), "Tỷ lệ đồng ý", "Kết quả"],
                  [[r["nominee"], r["approve"], r["disapprove"], r["abstain"], f"{r['approval_ratio'] * 100:.2f}%",
                    "Đạt" if r["passed"] else "Không đạt"] for r in rows])
    chair = members.filter(role=MemberRole.CHAIR).first()
    secretary = members.filter(role=MemberRole.SECRETARY).first()
    doc.signatures(("Thư ký", secretary.display_name if secretary else ""),
                   ("Chủ tịch Hội đồng", chair.display_name if chair else ""), ["Thành viên Hội đồng", "Lưu: VT"])
    return doc


def minutes_docx(meeting):
    return build_minutes(meeting).response(f"bien-ban-hop-{meeting.pk}")


def minutes_pdf(meeting) -> HttpResponse:
    """The same minutes for the archive and print."""
    return build_minutes(meeting, AdminPDF).response(f"bien-ban-hop-{meeting.pk}")
