"""Attacks on what wave 2 added: personal pledges and their evidence, the co-author search, the API reads of
plans and oversight, the phases page. Each test plays an outsider (another agency's officer, a sibling unit's
leader, an anonymous caller), a crafted id or term, or two writers at once, and expects a refusal with nothing
changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.test_integrity import race
from tests.test_personal_pledges import pdf, setting  # noqa: F401 — fixture
from tests.test_reports_api import YEAR, data  # noqa: F401 — fixture
from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.movements import services
from thidua.movements.models import Pledge, PledgeStatus


def confirm(staff, leader, pledge):
    """Self-assess and confirm; return a copy of the pledge read before the confirmation (a page still open)."""
    services.self_assess_pledge(actor=staff, pledge=pledge, results={"A2": "2 khoá"}, values={"A2": 5})
    stale = Pledge.objects.get(pk=pledge.pk)
    services.review_pledge(actor=leader, pledge=Pledge.objects.get(pk=pledge.pk), approve=True)
    return stale


def test_a_page_opened_before_the_confirmation_cannot_reopen_the_pledge(world, setting):  # noqa: F811
    movement, pledge, staff, colleague, leader = setting
    stale = confirm(staff, leader, pledge)
    with pytest.raises(ValidationError) as error:
        services.self_assess_pledge(actor=staff, pledge=stale, results={"A2": "3 khoá"}, values={"A2": 1})
    assert "đã được xem xét, xác nhận" in str(error.value)
    with pytest.raises(ValidationError):
        services.add_pledge_evidence(actor=staff, pledge=stale, criterion=movement.rubric.criteria.get(code="A1"),
                                     link="https://intranet.local/ho-so")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED and not pledge.evidence.exists()
    assert pledge.assessments.get().value == 5
    assert AuditEvent.objects.filter(action="movement.pledge.self_assess").count() == 1


def test_outsiders_and_crafted_ids_never_reach_a_pledge_or_its_evidence(world, setting, client):  # noqa: F811
    movement, pledge, staff, colleague, leader = setting
    url = f"/movements/pledges/{pledge.pk}/"
    client.force_login(staff)
    assert client.post(url, {"action": "evidence", "criterion": "A1", "file": pdf(), "note": ""}).status_code == 302
    evidence = pledge.evidence.get()
    mine = services.pledge(actor=colleague, movement=movement, unit=world.dept_a, person=colleague.person,
                           targets={"A2": "1 khoá"})
    sibling = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    foreign = world.user("foreign", Role.EMULATION_OFFICER, world.other_root)
    for intruder in (sibling, foreign):
        client.force_login(intruder)
        assert client.get(url).status_code == 403
        assert client.get(f"{url}evidence/{evidence.pk}/").status_code == 403
        assert client.post(url, {"action": "review", "decision": "approve", "note": ""}).status_code == 403
    client.force_login(colleague)  # the evidence id under the colleague's own pledge: not theirs to read
    assert client.get(f"/movements/pledges/{mine.pk}/evidence/{evidence.pk}/").status_code == 404
    unit_pledge = Pledge.objects.filter(movement=movement, person__isnull=True).first()
    if unit_pledge is not None:
        assert client.get(f"/movements/pledges/{unit_pledge.pk}/").status_code == 404
    assert client.get("/movements/pledges/999999999/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302 and client.get(f"{url}evidence/{evidence.pk}/").status_code == 302
    client.force_login(staff)  # a crafted criterion outside the pledge's targets, an empty upload
    assert client.post(url, {"action": "evidence", "criterion": "ZZ", "link": "https://x.vn"}).status_code == 400
    assert client.post(url, {"action": "evidence", "criterion": "A2"}).status_code == 400
    assert client.post(url, {"action": "assess", "value_A2": "1e9999"}).status_code == 400
    assert pledge.evidence.count() == 1 and not pledge.assessments.exists()
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_and_the_owner_at_once_leave_one_result(world, setting):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    movement, pledge, staff, colleague, leader = setting
    officer_a = world.user("officer_a", Role.EMULATION_OFFICER, world.dept_a)
    services.self_assess_pledge(actor=staff, pledge=pledge, results={"A2": "2 khoá"}, values={"A2": 5})
    snapshot = Pledge.objects.get(pk=pledge.pk)

    def work(i):
        if i == 2:  # the owner submits again from a page opened before the confirmation
            return services.self_assess_pledge(actor=staff, pledge=Pledge.objects.get(pk=snapshot.pk),
                                               results={"A2": "3 khoá"}, values={"A2": 1})
        return services.review_pledge(actor=(leader, officer_a)[i], pledge=Pledge.objects.get(pk=snapshot.pk),
                                      approve=True)

    results = race(work, 3)
    assert not [r for r in results if isinstance(r, Exception) and type(r).__name__ not in (
        "ValidationError", "PermissionDenied")], results
    pledge.refresh_from_db()
    reviews = AuditEvent.objects.filter(action="movement.pledge.review").count()
    assessed_after = AuditEvent.objects.filter(action="movement.pledge.self_assess").count() - 1
    assert reviews == 1  # exactly one confirmation
    # either the owner's second assessment came first (then was confirmed) or it was refused
    assert pledge.status == PledgeStatus.APPROVED
    assert pledge.assessments.get().value == (1 if assessed_after else 5)


@pytest.mark.parametrize("term", ["%", "%%", "_", "__", "nguy%n", ".*", "[a-z]", "\\", "'; --", "a" * 5000])
def test_coauthor_search_terms_are_text_not_patterns(world, client, term):
    world.person("A1", "Nguyễn Văn Đức", unit=world.div_a1)
    world.person("B1", "Nguyễn Văn Đông", unit=world.dept_b)
    client.force_login(world.user("leader", Role.UNIT_LEADER, world.dept_a))
    response = client.get("/initiatives/authors/", {"row": 0, "unit": world.div_a1.pk, "authors-0-code": term})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Văn Đông" not in page and "Nguyễn Văn Đức" not in page


def test_coauthor_search_names_nobody_to_a_sibling_unit_another_agency_or_an_anonymous_caller(world, client):
    world.person("A1", "Nguyễn Văn Đức", unit=world.div_a1)
    params = {"row": 0, "unit": world.div_a1.pk, "authors-0-code": "nguyen"}
    for user in (world.user("leader_b", Role.UNIT_LEADER, world.dept_b),
                 world.user("foreign", Role.EMULATION_OFFICER, world.other_root)):
        client.force_login(user)
        assert "Nguyễn Văn Đức" not in client.get("/initiatives/authors/", params).content.decode()
        assert client.get("/initiatives/authors/", {**params, "pick": "A1"}).status_code == 404
    client.logout()
    assert client.get("/initiatives/authors/", params).status_code == 302


def test_api_reads_refuse_another_agency_and_crafted_ids(world, data, client):  # noqa: F811
    client.force_login(world.user("foreign", Role.EMULATION_OFFICER, world.other_root))
    assert client.get(f"/api/targets?year={YEAR}&unit_id={world.dept_a.pk}").json()["items"] == []
    for url in (f"/api/reviews/unit/{world.dept_a.pk}/{YEAR}/final", f"/api/inspections/{data['inspection'].pk}",
                f"/api/inspection-plans/{data['plan'].pk}"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/findings/open").json()["items"] == []
    figures = client.get(f"/api/dashboard?year={YEAR}").json()["figures"]
    assert all(b["value"] == 0 for f in figures for b in f["bars"] if f["key"] != "bonus") or not any(
        b["label"] in ("Vụ Tổng hợp", "Vụ Pháp luật") for f in figures for b in f["bars"])
    client.force_login(world.user("leader_b", Role.UNIT_LEADER, world.dept_b))  # sibling of the inspected unit
    assert client.get(f"/api/inspections/{data['inspection'].pk}").status_code == 404
    assert client.get(f"/api/reviews/unit/{world.dept_a.pk}/{YEAR}/final").status_code == 404
    for url in ("/api/targets?year=99999999999999999999", "/api/reviews/unit/1/-1/final",
                "/api/reviews/unit/99999999999999999999/2026/final", "/api/targets?page=-1",
                "/api/dashboard?year=abc"):
        assert client.get(url).status_code < 500, url
    client.logout()
    for url in (f"/api/targets?year={YEAR}", f"/api/inspections/{data['inspection'].pk}", "/api/findings/open"):
        assert client.get(url).status_code in (401, 403), url


def test_phases_page_refuses_writes_from_outside_and_crafted_phase_ids(world, officer, setting, client):  # noqa: F811
    movement = setting[0]
    other = services.add_phase(actor=officer, movement=movement, name="Giai đoạn 1", kind="yearly",
                               starts_on=movement.starts_on, ends_on=movement.starts_on)
    url = f"/movements/{movement.pk}/phases/"
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    client.force_login(leader_b)
    assert client.post(url, {"action": "remove", "phase": other.pk}).status_code in (403, 404)
    assert client.post(url, {"action": "add", "name": "X", "kind": "yearly", "starts_on": movement.starts_on,
                             "ends_on": movement.starts_on}).status_code in (403, 404)
    client.force_login(world.user("foreign", Role.EMULATION_OFFICER, world.other_root))
    assert client.post(url, {"action": "remove", "phase": other.pk}).status_code in (403, 404)
    assert movement.phases.count() == 1
    assert AuditEvent.objects.filter(action__startswith="movement.phase").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_personal_pledge_is_signed_once_and_the_second_is_told_why(world, officer):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    from tests.test_movements import TODAY, windows

    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí cá nhân")
    services.add_criterion(actor=officer, rubric=rubric, group="Chuyên môn", code="A2", name="Bồi dưỡng", max_score=5)
    movement = services.launch(actor=officer, title="Thi đua cá nhân", year=TODAY.year, rubric=rubric,
                               unit=world.root, participants=[world.dept_a], person_pledges=True, **windows())
    staff = world.user("staff", Role.STAFF, world.div_a1)
    staff.person = world.person("S1", "Lê Thị Sáu", unit=world.div_a1)
    staff.save()
    results = race(lambda i: services.pledge(actor=staff, movement=movement, unit=world.dept_a, person=staff.person,
                                             targets={"A2": f"Hoàn thành {i + 1} khoá"}), 4)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, ValidationError) for r in results if isinstance(r, Exception)), results
    assert Pledge.objects.filter(person=staff.person).count() == 1
    assert AuditEvent.objects.filter(action="movement.pledge").count() == 1


def test_a_block_review_names_its_people_only_to_the_block_s_agencies(world, client):
    from django.utils import timezone

    from thidua.awards.models import AwardRecord
    from thidua.organization.models import Agency, BlockMembership, EmulationBlock, Person, Unit

    third = Agency.objects.create(code="BTG", name="Ban Tuyên giáo")
    third_root = Unit.objects.create(agency=third, code="BTG", name="Ban Tuyên giáo", kind="agency")
    block = EmulationBlock.objects.create(code="K2", name="Khối thi đua số 2", host_agency=third)
    for agency in (third, world.other_agency):
        BlockMembership.objects.create(block=block, agency=agency, year=YEAR)
    hero = Person.objects.create(agency=third, code="T1", full_name="Đinh Thị Kín", gender="female",
                                 category="civil_servant", unit=third_root)
    AwardRecord.objects.create(person=hero, award_code="CSTD_CO_SO", year=YEAR, decision_number="9/QĐ",
                               decision_date=timezone.localdate(), authority="Trưởng ban")
    member = world.user("member", Role.EMULATION_OFFICER, third_root)
    client.force_login(member)
    assert "Đinh Thị Kín" in [m["name"] for m in
                              client.get(f"/api/reviews/block/{block.pk}/{YEAR}/final").json()["models"]]
    for outsider in (world.user("outsider", Role.EMULATION_OFFICER, world.root),  # an agency outside the block
                     world.user("sub", Role.UNIT_LEADER, Unit.objects.create(agency=third, parent=third_root,
                                                                              code="BTG-1", name="Vụ 1"))):
        client.force_login(outsider)
        assert client.get(f"/api/reviews/block/{block.pk}/{YEAR}/final").status_code == 404
        assert client.get(f"/reports/reviews/block/{block.pk}/{YEAR}/final/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_day_off_is_kept_once_and_the_second_told_why(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    from django.test import Client

    from thidua.organization.models import AgencyHoliday

    admin = world.user("quantri", Role.ADMINISTRATOR, world.root)

    def submit(i):
        client = Client()
        client.force_login(admin)
        return client.post("/holidays/", {"agency": world.agency.pk, "day-date": f"{YEAR}-12-24",
                                                        "day-name": "Nghỉ bù"}).status_code

    codes = race(submit, 4)
    assert sorted(codes) == [302, 400, 400, 400], codes
    assert AgencyHoliday.objects.filter(agency=world.agency).count() == 1
    assert AuditEvent.objects.filter(action="holiday.add").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_day_off_removed_from_four_pages_at_once_is_removed_and_audited_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    from django.test import Client

    from thidua.organization.models import AgencyHoliday

    admin = world.user("quantri", Role.ADMINISTRATOR, world.root)
    day = AgencyHoliday.objects.create(agency=world.agency, date=datetime.date(YEAR, 12, 24), name="Nghỉ bù")

    def remove(i):
        client = Client()
        client.force_login(admin)
        return client.post("/holidays/", {"agency": world.agency.pk, "delete": day.pk}).status_code

    assert race(remove, 4) == [302] * 4
    assert not AgencyHoliday.objects.filter(pk=day.pk).exists()
    assert AuditEvent.objects.filter(action="holiday.delete").count() == 1


def test_an_overlong_evidence_link_is_refused_with_a_reason_and_nothing_stored(world, setting, client):  # noqa: F811
    movement, pledge, staff, colleague, leader = setting
    client.force_login(staff)
    link = "https://intranet.quochoi.local/" + "ho-so/" * 60
    response = client.post(f"/movements/pledges/{pledge.pk}/", {"action": "evidence", "criterion": "A2",
                                                                "link": link}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400 and "tối đa" in response.content.decode()
    assert not pledge.evidence.exists()


def test_evidence_links_longer_than_their_column_are_refused_by_the_forms():
    from thidua.inspections.forms import ResponseForm
    from thidua.movements.forms import EvidenceForm

    link = "https://intranet.quochoi.local/" + "ho-so/" * 60  # the columns hold 200 characters
    unit = EvidenceForm({"criterion": "A1", "link": link})
    unit.fields["criterion"].choices = [("A1", "A1")]
    assert not unit.is_valid() and "link" in unit.errors
    response = ResponseForm({"response": "Đã niêm yết", "response_link": link})
    assert not response.is_valid() and "response_link" in response.errors


def test_a_double_submitted_import_commit_is_written_once(world, client, monkeypatch, settings):
    from django.core.files.base import ContentFile

    from tests.test_import import GOOD, HEADER
    from thidua.organization import import_views
    from thidua.organization.models import ImportJob, ImportStatus, Person

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = ImportJob.objects.create(kind="people", agency=world.agency, original_name="p.csv", created_by=world.admin,
                                   status=ImportStatus.CHECKED, file=ContentFile((HEADER + GOOD).encode(), name="p.csv"))
    allowed = import_views.check_import_permission

    def first_click_lands_meanwhile(user, agency):  # the other click of a double submit passed this point first
        allowed(user, agency)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING)

    monkeypatch.setattr(import_views, "check_import_permission", first_click_lands_meanwhile)
    client.force_login(world.admin)
    client.post(f"/import/{job.pk}/commit/")
    assert Person.objects.count() == 0  # this click wrote nothing: the first one's job does the writing
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING


def test_a_phase_removed_twice_from_two_open_pages_is_removed_and_audited_once(world, officer, setting):  # noqa: F811
    movement = setting[0]
    phase = services.add_phase(actor=officer, movement=movement, name="Giai đoạn 1", kind="yearly",
                               starts_on=movement.starts_on, ends_on=movement.starts_on)
    first, second = (movement.phases.get(pk=phase.pk) for _ in range(2))
    services.remove_phase(actor=officer, phase=first)
    services.remove_phase(actor=officer, phase=second)
    assert not movement.phases.exists()
    assert AuditEvent.objects.filter(action="movement.phase_remove").count() == 1


def test_a_phase_changed_from_a_page_opened_before_its_removal_is_not_brought_back(world, officer, setting):  # noqa: F811
    movement = setting[0]
    phase = services.add_phase(actor=officer, movement=movement, name="Giai đoạn 1", kind="yearly",
                               starts_on=movement.starts_on, ends_on=movement.starts_on)
    stale = movement.phases.get(pk=phase.pk)
    services.remove_phase(actor=officer, phase=phase)
    with pytest.raises(ValidationError):
        services.update_phase(actor=officer, phase=stale, name="Giai đoạn 1 (sửa)", kind="yearly",
                              starts_on=movement.starts_on, ends_on=movement.starts_on)
    assert not movement.phases.exists()
    assert not AuditEvent.objects.filter(action="movement.phase_update").exists()
