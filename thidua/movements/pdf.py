from django.utils import timezone

from thidua.core.pdf import ThiduaPDF


def ranking_pdf(movement, headers, rows) -> bytes:
    """Kết quả chấm điểm, xếp hạng: a Decree 30 list issued by the body running the movement."""
    status = "đã công bố" if movement.published_at else f"tạm tính ngày {timezone.localdate():%d/%m/%Y}"
    issuer = movement.unit.name if movement.unit_id else (movement.block.name if movement.block_id else
                                                          movement.agency.name)
    return ThiduaPDF(orientation="L").table_document(
        issuer_parent=movement.agency.name, issuer=issuer, number="…/KQ", place="Hà Nội", day=timezone.localdate(),
        kind="Kết quả chấm điểm, xếp hạng thi đua", subject=movement.title,
        lines=[f"Khẩu hiệu: {movement.slogan}. Năm {movement.year}; kết quả {status}."] if movement.slogan else
        [f"Năm {movement.year}; kết quả {status}."],
        headers=headers, rows=rows, signer="Thủ trưởng đơn vị", recipients=["Các đơn vị tham gia", "Lưu: VT, TĐKT"])
