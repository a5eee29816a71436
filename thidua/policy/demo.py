"""Demo draft: the agency's own share of Grassroots Emulation Fighters, with its simulation report over people
and collectives (Tập thể Lao động tiên tiến counts the members holding Lao động tiên tiến)."""

from django.contrib.auth import get_user_model

from . import services

DOCUMENT = """# Tỷ lệ Chiến sĩ thi đua cơ sở của Văn phòng Quốc hội (dự thảo)
changes:
  - regulation: cstd_co_so_quota
    from: {year}-01-01
    value: 15
    reference: Dự thảo Quy chế thi đua, khen thưởng của Văn phòng Quốc hội, Điều 8
    note: Không quá 15% số người đạt danh hiệu Lao động tiên tiến của từng đơn vị
"""


def build(root, this_year: int) -> None:
    officer = get_user_model().objects.get(username="thidua")
    year = this_year - 1
    reform = services.create_reform(
        actor=officer, unit=root, title="Tỷ lệ Chiến sĩ thi đua cơ sở của Văn phòng Quốc hội",
        purpose="Giữ danh hiệu Chiến sĩ thi đua cơ sở cho những người tiêu biểu nhất: mỗi đơn vị không quá 15% "
                "số người đạt Lao động tiên tiến, như quy định trước năm 2024.",
        document=DOCUMENT.format(year=year))
    services.submit_reform(actor=officer, reform=reform)
    simulation = services.start_simulation(actor=officer, reform=reform, unit=root, year=year,
                                           awards=["LDTT", "CSTD_CO_SO", "BANG_KHEN_BO", "TT_LDTT"])
    services.compute(simulation)
