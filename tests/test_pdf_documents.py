"""Every PDF document opens with the Decree 30/2020 heading and closes with a signature (thidua.core.pdf);
certificates keep a layout of their own. The lists, minutes, reports and submissions are checked where they are
downloaded (test_nominations, test_councils, test_reports, test_policy); here the builders themselves."""

import datetime
import io
import types

from decree30 import NATIONAL_TITLE, assert_decree30
from pypdf import PdfReader

from thidua.core.pdf import AdminPDF
from thidua.movements.pdf import ranking_pdf


def test_a_ranking_over_several_pages_carries_the_heading_page_numbers_and_the_signature(settings):
    agency = types.SimpleNamespace(name="Văn phòng Quốc hội")
    movement = types.SimpleNamespace(published_at=None, unit_id=2, unit=types.SimpleNamespace(name="Vụ Tổng hợp"),
                                     block_id=None, agency=agency, title="Thi đua chuyển đổi số", slogan="Số hóa",
                                     year=2026)
    content = ranking_pdf(movement, ["Thứ hạng", "Đơn vị", "Tổng điểm"],
                          [[i, f"Phòng {i}", 100 - i] for i in range(1, 80)])
    text = assert_decree30(content, issuer="Vụ Tổng hợp", number="…/KQ", title="Kết quả chấm điểm, xếp hạng thi đua",
                           signer="Thủ trưởng đơn vị")
    assert "Phòng 79" in text and "Nơi nhận:" in text
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) > 1 and pages[1].extract_text().split("\n")[0].strip() == "2"  # numbered from page 2


def test_a_long_agency_name_still_leaves_the_national_title_and_motto_on_one_line_each(settings):
    document = AdminPDF(issuer_parent="Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam",
                        issuer="Văn phòng Hội đồng Thi đua - Khen thưởng Trung ương và các Ban, Bộ, ngành",
                        number="12/QĐ-VPQH", place="Thành phố Hồ Chí Minh", day=datetime.date(2026, 3, 5),
                        kind="Quyết định", subject="Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở")
    document.paragraph("Điều 1. Tặng danh hiệu Chiến sĩ thi đua cơ sở cho các cá nhân có tên trong danh sách.")
    document.signatures(("", ""), ("KT. Chủ nhiệm", "Nguyễn Văn A"), recipients=["Như Điều 1", "Lưu: VT"])
    text = assert_decree30(document.to_bytes(), issuer="Văn phòng Hội đồng Thi đua", number="12/QĐ-VPQH",
                           title="Quyết định", signer="KT. Chủ nhiệm")
    assert "Thành phố Hồ Chí Minh, ngày 05 tháng 03 năm 2026" in text and NATIONAL_TITLE in text
