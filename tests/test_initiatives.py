"""Initiatives: registration with co-authors, council review, recognition by scope, search, import,
API — and the eligibility engine reading recognitions back."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.councils.models import Council, CouncilMember
from thidua.initiatives import services
from thidua.initiatives.models import Initiative, Recognition, Scope
from thidua.organization.importing import commit_import, plan_import
from thidua.organization.models import Person, YearlyRating
from thidua.rules.bridge import evaluate_people

D = datetime.date
TEXT = {"title": "Số hoá hồ sơ khen thưởng", "problem": "Hồ sơ giấy thất lạc", "solution": "Quét và lưu trữ số",
        "first_applied_on": D(2024, 3, 1)}


@pytest.fixture
def authors(world):
    return world.person("A1", "Nguyễn Văn Đức"), world.person("A2", "Trần Thị Lan")


@pytest.fixture
def initiative(world, officer, authors):
    return services.register(actor=officer, unit=world.div_a1, authors=[(authors[0], 60), (authors[1], 40)], **TEXT)


@pytest.fixture
def reviewer(world):
    council = Council.objects.create(agency=world.agency, unit=world.root, kind="initiatives", name="Hội đồng sáng kiến")
    user = world.user("reviewer")
    CouncilMember.objects.create(council=council, user=user, role="member", term_start=D(2024, 1, 1))
    return user


def test_register_with_two_coauthors_and_audit(initiative, authors):
    assert [(a.person, a.share) for a in initiative.authors.all()] == [(authors[0], 60), (authors[1], 40)]
    assert list(initiative.applied_units.all()) == [initiative.unit]
    assert AuditEvent.objects.filter(action="initiative.register", object_id=str(initiative.pk)).exists()


@pytest.mark.parametrize("shares", [(60, 30), (70, 40), (100, 0)])
def test_shares_must_sum_to_100_and_nothing_is_stored(world, officer, authors, shares):
    with pytest.raises(ValidationError) as error:
        services.register(actor=officer, unit=world.div_a1, authors=list(zip(authors, shares, strict=True)), **TEXT)
    assert "authors" in error.value.message_dict
    assert not Initiative.objects.exists()


def test_registering_needs_a_role_on_the_unit(world, authors):
    outsider = world.user("outsider", Role.STAFF, world.other_root)
    with pytest.raises(PermissionDenied):
        services.register(actor=outsider, unit=world.div_a1, authors=[(authors[0], 100)], **TEXT)


def test_reviewer_scores_once_and_cannot_review_own_initiative(world, initiative, reviewer, authors):
    scores = {"novelty": 8, "applicability": 9, "effectiveness": 7, "recommendation": "recognise"}
    services.review(actor=reviewer, initiative=initiative, **scores)
    with pytest.raises(ValidationError, match="đã chấm"):
        services.review(actor=reviewer, initiative=initiative, **scores)
    reviewer.person = authors[0]
    reviewer.save()
    other = services.register(actor=world.admin, unit=world.div_a1, authors=[(authors[0], 100)],
                              **{**TEXT, "title": "Khác"})
    with pytest.raises(ValidationError, match="của chính mình"):
        services.review(actor=reviewer, initiative=other, **scores)
    with pytest.raises(ValidationError):
        services.review(actor=reviewer, initiative=other, **{**scores, "novelty": 11})
    assert other.reviews.count() == 0


def test_non_council_member_cannot_review(world, initiative, officer):
    with pytest.raises(PermissionDenied):
        services.review(actor=officer, initiative=initiative, novelty=5, applicability=5, effectiveness=5,
                        recommendation="revise")


def test_recognition_guards_and_widening_history(initiative, officer):
    base = {"authority": "Văn phòng Quốc hội", "decision_number": "12/QĐ-VPQH"}
    for bad in ({"decision_number": ""}, {"decision_date": None}, {"decision_date": D(2024, 2, 1)}):
        with pytest.raises(ValidationError):
            services.recognise(actor=officer, initiative=initiative, scope=Scope.CO_SO,
                               **{**base, "decision_date": D(2024, 12, 20), **bad})
    assert not Recognition.objects.exists()
    services.recognise(actor=officer, initiative=initiative, scope=Scope.CO_SO, decision_date=D(2024, 12, 20), **base)
    with pytest.raises(ValidationError, match="mở rộng phạm vi"):
        services.recognise(actor=officer, initiative=initiative, scope=Scope.CO_SO, decision_date=D(2025, 1, 5),
                           **{**base, "decision_number": "13/QĐ"})
    services.recognise(actor=officer, initiative=initiative, scope=Scope.BO, decision_date=D(2025, 6, 1),
                       **{**base, "decision_number": "88/QĐ-BO"})
    initiative.refresh_from_db()
    assert initiative.scope == Scope.BO and initiative.status == "recognised"
    assert list(initiative.recognitions.values_list("scope", flat=True)) == [Scope.CO_SO, Scope.BO]


def test_engine_reads_the_widest_scope_in_the_year(world, initiative, officer, authors):
    """CSTĐ cơ sở under the 2017 regime needed LĐTT plus an initiative recognised that year."""
    for person in authors:
        YearlyRating.objects.create(person=person, year=2024, rating="HTTNV")
    people = Person.objects.filter(pk__in=[p.pk for p in authors])
    before = evaluate_people(people, 2024, ["CSTD_CO_SO"])["CSTD_CO_SO"]
    assert not before["eligible"].any()
    services.recognise(actor=officer, initiative=initiative, scope=Scope.CO_SO, authority="VPQH",
                       decision_number="12/QĐ", decision_date=D(2024, 12, 20))
    after = evaluate_people(people, 2024, ["CSTD_CO_SO"])["CSTD_CO_SO"]
    assert after["eligible"].all()


def test_search_ignores_diacritics_and_filters(client, world, officer, initiative):
    client.force_login(officer)
    assert initiative.title in client.get("/initiatives/?q=so hoa ho so").content.decode()
    assert initiative.title in client.get("/initiatives/?q=duc").content.decode()
    assert initiative.title not in client.get("/initiatives/?q=khong co").content.decode()
    assert initiative.title not in client.get("/initiatives/?scope=3").content.decode()
    assert initiative.title in client.get("/initiatives/?year=2024").content.decode()
    sheet = load_workbook(io.BytesIO(client.get("/initiatives/?export=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "SỔ THEO DÕI SÁNG KIẾN"  # the title above the header, which stays frozen
    header = next(i for i, row in enumerate(rows) if row[0] == "Tên sáng kiến")
    assert sheet.freeze_panes == f"A{header + 2}" and rows[header + 1][0] == initiative.title
    rows = rows[header:]
    assert "Nguyễn Văn Đức (60%)" in rows[1][3]


def test_people_outside_scope_do_not_see_it(client, world, initiative):
    stranger = world.user("stranger", Role.STAFF, world.dept_b)
    client.force_login(stranger)
    assert client.get(f"/initiatives/{initiative.pk}/").status_code == 403
    assert initiative.title not in client.get("/initiatives/").content.decode()


def test_web_form_shows_share_error_and_registers(client, world, officer, authors):
    client.force_login(officer)
    form = {"unit": world.div_a1.pk, "kind": "initiative", "field": "digital", **TEXT,
            "first_applied_on": "2024-03-01", "authors-TOTAL_FORMS": 3, "authors-INITIAL_FORMS": 0,
            "authors-MIN_NUM_FORMS": 0, "authors-MAX_NUM_FORMS": 20, "authors-0-code": "A1", "authors-0-share": 50,
            "authors-1-code": "A2", "authors-1-share": 40}
    response = client.post("/initiatives/new/", form)
    assert response.status_code == 200 and "100%" in response.content.decode()
    assert not Initiative.objects.exists()
    response = client.post("/initiatives/new/", {**form, "authors-1-share": 50})
    assert response.status_code == 302
    assert Initiative.objects.get().authors.count() == 2


def test_attachment_type_is_checked_by_content(world, officer, initiative):
    with pytest.raises(ValidationError):
        services.attach(actor=officer, initiative=initiative,
                        upload=SimpleUploadedFile("virus.exe", b"MZ\x90\x00"))
    with pytest.raises(ValidationError, match="không khớp"):
        services.attach(actor=officer, initiative=initiative, upload=SimpleUploadedFile("fake.pdf", b"MZ\x90\x00"))
    attachment = services.attach(actor=officer, initiative=initiative,
                                 upload=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 test"))
    assert attachment.name == "minh-chung.pdf"


def _sheet(rows):
    from thidua.initiatives.importing import COLUMNS

    book = Workbook()
    book.active.append([c.header for c in COLUMNS])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_is_all_or_nothing_and_idempotent(world, officer, authors):
    good = ["Cải tiến quy trình", "VTH-1", "A1:70; A2:30", "01/02/2023", "Sáng kiến", "Khác", "", "", "cơ sở",
            "VPQH", "5/QĐ", "15/12/2023"]
    bad = ["Sai", "VTH-1", "A1:70; A2:20", "01/02/2023", "", "", "", "", "toàn quốc", "", "", ""]
    plan = plan_import(kind="initiatives", agency=world.agency, name="x.xlsx", data=_sheet([good, bad]))
    messages = {(e.row, e.column) for e in plan.errors}
    assert (3, "Tác giả (mã:tỷ lệ %)") in messages and (3, "Số quyết định") in messages
    assert not Initiative.objects.exists()
    data = _sheet([good])
    plan = plan_import(kind="initiatives", agency=world.agency, name="x.xlsx", data=data)
    assert plan.ok and commit_import(actor=officer, plan=plan)["create"] == 1
    item = Initiative.objects.get()
    assert item.scope == Scope.CO_SO and item.authors.get(person=authors[0]).share == 70
    again = plan_import(kind="initiatives", agency=world.agency, name="x.xlsx", data=data)
    assert again.ok and not again.creates and not again.updates
    wider = plan_import(kind="initiatives", agency=world.agency, name="x.xlsx",
                        data=_sheet([good[:8] + ["bộ", "Bộ", "9/QĐ-BO", "01/06/2024"]]))
    commit_import(actor=officer, plan=wider)
    assert Initiative.objects.get().scope == Scope.BO and Recognition.objects.count() == 2


def test_api_register_review_recognise(client, world, officer, authors, reviewer):
    client.force_login(officer)
    payload = {"unit_id": world.div_a1.pk, **TEXT, "first_applied_on": "2024-03-01",
               "authors": [{"person_id": authors[0].pk, "share": 50}, {"person_id": authors[1].pk, "share": 40}]}
    response = client.post("/api/initiatives", payload, content_type="application/json")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    payload["authors"][1]["share"] = 50
    created = client.post("/api/initiatives", payload, content_type="application/json").json()
    client.force_login(reviewer)
    review = {"novelty": 7, "applicability": 8, "effectiveness": 9, "recommendation": "recognise"}
    assert client.post(f"/api/initiatives/{created['id']}/reviews", review,
                       content_type="application/json").status_code == 201
    client.force_login(officer)
    response = client.post(f"/api/initiatives/{created['id']}/recognitions",
                           {"scope": "co_so", "authority": "VPQH", "decision_number": "1/QĐ",
                            "decision_date": "2024-12-01"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["scope"] == "co_so"
    listed = client.get(f"/api/initiatives?person={authors[1].pk}&scope=co_so").json()
    assert [i["id"] for i in listed["items"]] == [created["id"]]


def _row(title, scope="", number="", day=""):
    return [title, "VTH-1", "A1:70; A2:30", "01/02/2023", "Sáng kiến", "Khác", "", "", scope, "", number, day]


def _state():
    return (sorted(Initiative.objects.values_list("pk", "title", "scope", "status", "search_text")),
            sorted(Recognition.objects.values_list("pk", "initiative_id", "scope", "decision_number")),
            sorted(Initiative.applied_units.through.objects.values_list("initiative_id", "unit_id")),
            sorted(Initiative.objects.values_list("authors__person_id", "authors__share")))


def test_an_initiatives_import_written_in_chunks_undoes_them_all_when_one_fails(world, officer, authors, settings,
                                                                                 monkeypatch):
    from thidua.organization import importing
    from thidua.organization.models import ImportBatch, ImportBatchStatus, ImportJournal

    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 2, 0
    first = plan_import(kind="initiatives", agency=world.agency, name="x.xlsx",
                        data=_sheet([_row("Cải tiến quy trình", "cơ sở", "5/QĐ", "15/12/2023")]))
    commit_import(actor=officer, plan=first)
    before = _state()
    # three new initiatives (two chunks), then the known one widened to the ministry (a third chunk), which fails
    rows = [_row(f"Sáng kiến mới {i}", "cơ sở", f"{i}/QĐ", "15/12/2023") for i in range(3)]
    plan = plan_import(kind="initiatives", agency=world.agency, name="x.xlsx",
                       data=_sheet([*rows, _row("Cải tiến quy trình", "bộ", "9/QĐ-BO", "01/06/2024")]))
    assert plan.ok and (len(plan.creates), len(plan.updates)) == (3, 1)
    original, seen = importing.COMMITTERS["initiatives"], []

    def committer(chunk, actor):
        original(chunk, actor)
        seen.append(len(chunk.creates) + len(chunk.updates))
        if len(seen) == 3:
            raise RuntimeError("disk full")

    monkeypatch.setitem(importing.COMMITTERS, "initiatives", committer)
    with pytest.raises(RuntimeError):
        commit_import(actor=officer, plan=plan)
    assert seen == [2, 1, 1]  # two short transactions were committed, then undone with the failed third
    assert _state() == before and Initiative.objects.get().scope == Scope.CO_SO
    assert not ImportJournal.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatchStatus.ROLLED_BACK


def test_a_good_chunked_initiatives_import_leaves_no_journal(world, officer, authors, settings):
    from thidua.organization.models import ImportBatch, ImportJournal

    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 2, 0
    rows = [_row(f"Sáng kiến {i}", "cơ sở", f"{i}/QĐ", "15/12/2023") for i in range(5)]
    plan = plan_import(kind="initiatives", agency=world.agency, name="x.xlsx", data=_sheet(rows))
    assert commit_import(actor=officer, plan=plan)["create"] == 5
    assert Initiative.objects.count() == 5 and Recognition.objects.count() == 5
    assert not ImportJournal.objects.exists() and not ImportBatch.objects.exists()
    [event] = AuditEvent.objects.filter(action="import.initiatives")
    assert event.summary["create"] == 5 and event.summary["chunks"] == 3
