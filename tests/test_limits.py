"""Every size is bounded: request bodies, workbooks (zip bombs), CSV files, error reports and uploads."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.models import Role
from thidua.core.uploads import validate_upload
from thidua.organization.importing import ImportFileError, plan_import, read_rows


def _zip_bomb_xlsx(unpacked_mb: int) -> bytes:
    """A real workbook whose sheet inflates to `unpacked_mb` MB from a few kB."""
    from openpyxl import Workbook

    book = io.BytesIO()
    sheet = Workbook()
    sheet.active.append(["Mã cán bộ", "Họ và tên"])
    sheet.save(book)
    out = io.BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>"
                                    + b"A" * (unpacked_mb * 1048576) + b"</t></is></c></row></sheetData>")
            bomb.writestr(item.filename, data)
    return out.getvalue()


def test_a_zip_bomb_workbook_is_refused_before_it_is_inflated(settings):
    settings.THIDUA_XLSX_MAX_UNCOMPRESSED_BYTES = 20 * 1048576
    bomb = _zip_bomb_xlsx(100)
    assert len(bomb) < 1048576
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="MB"):
        read_rows("bomb.xlsx", bomb)
    assert time.monotonic() - started < 2


def test_a_zip_renamed_xlsx_is_refused():
    fake = io.BytesIO()
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(ImportFileError):
        read_rows("people.xlsx", fake.getvalue())


def test_rows_columns_and_cells_are_bounded(settings):
    settings.THIDUA_IMPORT_MAX_ROWS = 10
    header = "Mã cán bộ,Họ và tên\n"
    read_rows("ok.csv", (header + "NV1,An\n" * 10).encode())
    with pytest.raises(ImportFileError, match="10"):
        read_rows("long.csv", (header + "NV1,An\n" * 11).encode())
    settings.THIDUA_IMPORT_MAX_COLUMNS = 5
    with pytest.raises(ImportFileError, match="5"):
        read_rows("wide.csv", (header + ",".join(["x"] * 6) + "\n").encode())
    settings.THIDUA_IMPORT_MAX_CELL_CHARS = 100
    with pytest.raises(ImportFileError, match="100"):
        read_rows("fat.csv", (header + "NV1," + "A" * 101 + "\n").encode())
    with pytest.raises(ImportFileError):
        read_rows("binary.csv", header.encode() + b"\x00\x01\x02")


def test_an_error_report_keeps_the_first_200_errors_and_counts_the_rest(world, settings):
    header = "Mã cán bộ,Họ và tên,Giới tính,Đối tượng,Mã đơn vị\n"
    plan = plan_import(kind="people", agency=world.agency, name="bad.csv",
                       data=(header + "X,Y,robot,alien,NOWHERE\n" * 100).encode())
    report = plan.report()
    assert len(report["errors"]) == 200 and report["more_errors"] == len(plan.errors) - 200 > 50
    assert len(str(report)) < 40_000
    settings.THIDUA_IMPORT_MAX_ERRORS = 500  # a junk file stops being checked: the worker's time is bounded too
    with pytest.raises(ImportFileError, match="500"):
        plan_import(kind="people", agency=world.agency, name="junk.csv",
                    data=(header + "X,Y,robot,alien,NOWHERE\n" * 1000).encode())


def test_request_bodies_over_the_limit_are_refused_before_they_are_read(world, client, settings):
    settings.THIDUA_REQUEST_MAX_BYTES = 1024
    client.force_login(world.user("officer", Role.EMULATION_OFFICER))
    # a 1 GiB upload announced by its Content-Length: refused at once, nothing spooled to disk
    huge = client.generic("POST", "/import/", b"x" * 10, CONTENT_TYPE="multipart/form-data; boundary=b",
                          CONTENT_LENGTH=str(1 << 30))
    assert huge.status_code == 413 and "1073741824" in huge.content.decode()
    assert client.post("/import/", {"kind": "people", "file": SimpleUploadedFile("a.csv", b"a" * 2048)}).status_code == 413


def test_anonymous_api_bodies_are_small(client, settings, db):
    settings.THIDUA_API_ANON_MAX_BYTES = 64 * 1024
    big = client.post("/api/rules/evaluate", b"{" + b" " * 100_000 + b"}", content_type="application/json")
    assert big.status_code == 413 and big["Content-Type"] == "application/problem+json"


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Báo cáo thành tích".encode("ascii", "ignore").decode())
    return bytes(pdf.output())


def _docx() -> bytes:
    import docx

    document, out = docx.Document(), io.BytesIO()
    document.add_paragraph("Báo cáo thành tích")
    document.save(out)
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def test_real_documents_pass_the_content_check():
    for name, data in [("a.pdf", _pdf()), ("b.docx", _docx()), ("c.png", _png())]:
        validate_upload(SimpleUploadedFile(name, data))


@pytest.mark.parametrize("name,data", [
    ("polyglot.pdf", b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF"),
    ("page.pdf", b"<!doctype html><html><script>alert(1)</script>"),
    ("archive.docx", None),  # a plain zip named .docx
    ("script.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<script>alert(1)</script>"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"<svg onload=alert(1)>"),
    ("sheet.docx", "xlsx"),  # a workbook named as a Word document
])
def test_files_whose_content_is_not_their_declared_type_are_refused(name, data):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("payload.exe", b"MZ" + b"\x00" * 100)
        data = out.getvalue()
    elif data == "xlsx":
        from openpyxl import Workbook

        out = io.BytesIO()
        Workbook().save(out)
        data = out.getvalue()
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile(name, data))


def test_anonymous_api_calls_are_rate_limited(client, settings, db):
    settings.THIDUA_API_ANON_RATE = "5/m"
    assert all(client.get("/api/rules/version").status_code == 200 for _ in range(5))
    refused = client.get("/api/rules/version")
    assert refused.status_code == 429 and refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) > 0


CALLS_FROM_ONE_WORKER = """
import django, sys
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from thidua.api.api import AnonThrottle
call_command("createcachetable", verbosity=0)
request = RequestFactory().get("/api/rules/version", REMOTE_ADDR="203.0.113.9")
print(sum(AnonThrottle().allow_request(request) for _ in range(int(sys.argv[1]))))
"""


def test_two_worker_processes_share_the_rate_limit_count(tmp_path):
    """Production settings: each worker process counts in the same shared cache, so a client spreading its calls
    over workers gets no more than the rate."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}", "THIDUA_VAR_DIR": str(tmp_path),
           "THIDUA_API_ANON_RATE": "30/m", "DJANGO_SETTINGS_MODULE": "thidua.settings"}
    env.pop("CACHE_URL", None)

    def worker(calls: int) -> int:
        done = subprocess.run([sys.executable, "-c", CALLS_FROM_ONE_WORKER, str(calls)], env=env, capture_output=True,
                              text=True, timeout=120, check=True)
        return int(done.stdout.split()[-1])

    assert worker(20) == 20
    assert worker(20) == 10  # the second process sees the first one's 20 calls


def test_overflowing_numbers_in_addresses_are_4xx_not_server_errors(world, client):
    client.force_login(world.admin)
    assert client.get(f"/people/{2**70}/").status_code == 404
    assert client.get(f"/api/people/{2**70}").status_code == 404
    assert client.get("/people/?page=99999999999999999999999").status_code == 400
    assert client.get("/api/people?page=99999999999999999999999").status_code == 422
    assert client.get("/rules/eligible/?year=99999").status_code == 400


def test_deploy_check_refuses_a_cache_that_each_worker_keeps_to_itself(settings):
    from thidua.core.checks import shared_rate_limit_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_rate_limit_cache(None)] == ["thidua.W003"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "thidua_cache"}}
    assert shared_rate_limit_cache(None) == []
