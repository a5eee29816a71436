"""Imports are all-or-nothing: every bad input yields a row-level error and writes nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from thidua.organization.importing import ImportFileError, commit_import, plan_import
from thidua.organization.models import Person, YearlyRating

HEADER = "Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Đối tượng,Chức vụ,Ngạch/Hạng,Mã đơn vị,Ngày vào đơn vị\n"
GOOD = "CB1,Nguyễn Văn An,Nam,15/03/1985,Công chức,Chuyên viên,,VTH,01/01/2020\nCB2,Lê Thị Hoa,Nữ,,viên chức,,,VPL,\n"


def plan(world, text, name="people.csv", kind="people"):
    return plan_import(kind=kind, agency=world.agency, name=name, data=text.encode("utf-8"))


def test_good_file_imports_and_reimport_changes_nothing(world):
    first = plan(world, HEADER + GOOD)
    assert first.ok and first.report()["create"] == 2
    commit_import(actor=world.admin, plan=first)
    assert Person.objects.filter(agency=world.agency).count() == 2
    assert Person.objects.get(code="CB2").unit == world.dept_b
    again = plan(world, "\ufeff" + HEADER + GOOD)  # with a BOM this time
    assert again.report()["create"] == 0 and again.report()["update"] == 0


@pytest.mark.parametrize(("row", "column", "message"), [
    ("CB3,Trần Văn Bình,Nam,,Công chức,,,NOPE,", "Mã đơn vị", "NOPE"),
    ("CB3,Trần Văn Bình,Nam,31/02/1990,Công chức,,,VTH,", "Ngày sinh", "31/02/1990"),
    ("CB1,Trần Văn Bình,Nam,,Công chức,,,VTH,", "Mã cán bộ", "CB1"),
    ("CB3,Trần Văn Bình,Nam,,Sinh viên,,,VTH,", "Đối tượng", "Sinh viên"),
    ("CB3,,Nam,,Công chức,,,VTH,", "Họ và tên", ""),
])
def test_one_bad_row_is_reported_and_nothing_is_written(world, row, column, message):
    result = plan(world, HEADER + GOOD + row + "\n")
    assert not result.ok
    [error] = result.errors
    assert error.row == 4 and error.column == column and message in str(error.message)
    with pytest.raises(ValueError):
        commit_import(actor=world.admin, plan=result)
    assert Person.objects.count() == 0


def test_unknown_rating_is_reported(world):
    world.person("CB1")
    result = plan(world, "Mã cán bộ,Năm,Xếp loại\nCB1,2024,HTXSNV\nCB1,2025,XUAT SAC\n", kind="ratings")
    assert [(e.row, e.column) for e in result.errors] == [(3, "Xếp loại")]
    assert YearlyRating.objects.count() == 0


@pytest.mark.parametrize(("name", "data", "message"), [
    ("people.pdf", b"%PDF-1.4", "Wrong file type"),
    ("people.csv", b"", "empty"),
    ("people.csv", HEADER.encode(), "empty"),
    ("people.xlsx", b"not a zip", "not a valid Excel"),
    ("people.csv", b"Ho ten,Gioi tinh\nA,Nam\n", "Missing column"),
    ("people.csv", "Mã cán bộ\n".encode("utf-16"), "UTF-8"),
])
def test_unreadable_files_are_refused_in_the_users_language(world, name, data, message, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ImportFileError, match=message):
        plan_import(kind="people", agency=world.agency, name=name, data=data)


def test_oversized_file_is_refused(world, settings):
    settings.THIDUA_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError):
        plan(world, HEADER + GOOD * 200)


def test_xlsx_is_read_like_csv(world):
    workbook = Workbook()
    sheet = workbook.active
    for line in (HEADER + GOOD).strip().split("\n"):
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan_import(kind="people", agency=world.agency, name="p.xlsx", data=buffer.getvalue())
    assert result.ok and result.report()["create"] == 2


def test_cli_dry_run_writes_nothing_and_bad_file_exits_non_zero(world, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    bad.write_text(HEADER + GOOD + "CB9,X,Nam,,Công chức,,,NOPE,\n", encoding="utf-8")
    call_command("import", "people", str(good), "--dry-run", "--agency", "VPQH")
    assert Person.objects.count() == 0
    with pytest.raises(CommandError):
        call_command("import", "people", str(bad), "--agency", "VPQH")
    assert Person.objects.count() == 0
    call_command("import", "people", str(good), "--agency", "VPQH")
    assert Person.objects.count() == 2


def test_web_import_shows_row_error_then_commits_a_good_file(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.admin)
    bad = SimpleUploadedFile("p.csv", (HEADER + GOOD + "CB9,X,Nam,,Công chức,,,NOPE,\n").encode())
    page = client.post("/import/", {"kind": "people", "agency": world.agency.pk, "file": bad}, follow=True)
    assert "NOPE" in page.content.decode() and Person.objects.count() == 0
    good = SimpleUploadedFile("p.csv", (HEADER + GOOD).encode())
    page = client.post("/import/", {"kind": "people", "agency": world.agency.pk, "file": good}, follow=True)
    job = page.context["job"]
    client.post(f"/import/{job.pk}/commit/")
    assert Person.objects.count() == 2


def test_export_neutralises_formula_injection():
    from thidua.core.exports import safe_cell

    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("Nguyễn") == "Nguyễn"
