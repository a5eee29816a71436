"""Excel exports of the policy simulation and the statutory report forms in the office layout of every export
(thidua.core.exports): the agency and a title above a bold, frozen header, typed cells, column widths and an
ASCII file name; the statutory form keeps the Ministry's layout with its headers frozen."""

import datetime
import io

from openpyxl import load_workbook
from test_policy import YEAR, _reform, _run, people  # noqa: F401 (people is a fixture)

from thidua.reports import statutory
from thidua.reports.excel import workbook


def test_the_policy_workbook_has_the_office_layout_on_every_sheet(world, officer, people, client,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    simulation = _run(officer, _reform(world, officer), world.root, ["LDTT", "CSTD_CO_SO"],
                      django_capture_on_commit_callbacks)
    client.force_login(officer)
    response = client.get(f"/policy/simulations/{simulation.pk}/?export=xlsx")
    assert response["Content-Disposition"] == \
        f'attachment; filename="danh-gia-tac-dong-du-thao-{simulation.reform_id}-{YEAR}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert [ws.title for ws in book.worksheets][:2] == ["Tổng hợp", "Theo đơn vị"]
    for sheet in book.worksheets:
        assert sheet["A1"].value == world.agency.name.upper() and sheet["A2"].font.bold
        assert "ĐÁNH GIÁ TÁC ĐỘNG CỦA DỰ THẢO" in sheet["A2"].value and sheet["A3"].value.startswith("Ngày lập")
        assert sheet.freeze_panes == "A6" and sheet["A5"].font.bold
        assert sheet.column_dimensions["A"].width > 8
    summary = book.worksheets[0]
    rows = list(summary.iter_rows(min_row=6, values_only=True))
    cstd = next(row for row in rows if row[0] == "Chiến sĩ thi đua cơ sở")
    assert all(isinstance(n, int) for n in cstd[1:5])  # numbers as numbers
    changed = list(book["Kết quả thay đổi"].iter_rows(min_row=6, values_only=True))
    assert {row[0] for row in changed} == {"Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"}


def test_the_statutory_form_keeps_its_headers_frozen_and_downloads_with_an_ascii_name(world, officer, client):
    result = statutory.compute("0602", agency=world.agency, start=datetime.date(YEAR, 1, 1),
                               end=datetime.date(YEAR, 12, 31))
    sheet = load_workbook(io.BytesIO(workbook(result))).worksheets[0]
    assert sheet.freeze_panes == "D11" and sheet["A5"].value == result.form.title
    client.force_login(officer)
    response = client.get("/reports/statutory/0602/", {"agency": world.agency.pk, "start": f"{YEAR}-01-01",
                                                         "end": f"{YEAR}-12-31", "export": "xlsx"})
    assert response["Content-Disposition"] == \
        f'attachment; filename="bieu-0602-N-BNV-TDKT-{world.agency.code}-{YEAR}0101-{YEAR}1231.xlsx"'
