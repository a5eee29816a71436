from django.utils import timezone

from thidua.core.pdf import ThiduaPDF


def ranking_pdf(movement, headers, rows) -> bytes:
    status = "Đã công bố" if movement.published_at else f"Tạm tính ngày {timezone.localdate():%d/%m/%Y}"
    pdf = ThiduaPDF(orientation="L")
    pdf.table_page(f"KẾT QUẢ XẾP HẠNG — {movement.title.upper()}", f"{movement.slogan} · Năm {movement.year} · {status}",
                   headers, rows)
    return bytes(pdf.output())
