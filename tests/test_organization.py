import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.organization import services
from thidua.organization.models import Person, Unit, YearlyRating


def test_create_person_records_membership_and_audit(world, officer):
    person = services.create_person(actor=officer, unit=world.dept_a, code="CB1", full_name="Trần Thị Bích",
                                     gender="female", category="civil_servant", start_date=datetime.date(2024, 1, 1))
    assert person.memberships.get().unit == world.dept_a
    event = AuditEvent.objects.get(action="person.create")
    assert event.actor == officer and event.object_id == str(person.pk)


def test_duplicate_person_code_in_agency_is_refused_and_nothing_written(world, officer):
    world.person("CB1")
    with pytest.raises(ValidationError):
        services.create_person(actor=officer, unit=world.dept_a, code="CB1", full_name="Khác", gender="male",
                               category="worker")
    assert Person.objects.count() == 1 and not AuditEvent.objects.filter(action="person.create").exists()


def test_unit_leader_sets_ratings_only_in_own_subtree(world):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    mine, other = world.person("A1", unit=world.div_a1), world.person("B1", unit=world.dept_b)
    services.set_rating(actor=leader, person=mine, year=2025, rating="HTXSNV")
    assert YearlyRating.objects.get(person=mine, year=2025).set_by == leader
    with pytest.raises(PermissionDenied):
        services.set_rating(actor=leader, person=other, year=2025, rating="HTXSNV")
    with pytest.raises(ValidationError):
        services.set_rating(actor=leader, person=mine, year=2025, rating="GOOD")


def test_rename_keeps_the_old_name_on_past_memberships(world, officer):
    person = world.person("A1", unit=world.dept_b)
    services.rename_unit(actor=officer, unit=world.dept_b, new_name="Vụ Pháp luật và Tư pháp",
                         effective_on=datetime.date(2025, 7, 1))
    membership = person.memberships.get()
    assert membership.unit_name_then == "Vụ Pháp luật"
    assert world.dept_b.name_on(datetime.date(2025, 8, 1)) == "Vụ Pháp luật và Tư pháp"


def test_merge_preview_then_merge_moves_people_and_keeps_history(world, officer):
    a_person = world.person("A1", unit=world.dept_a)
    world.person("B1", unit=world.dept_b)
    preview = services.preview_merge(actor=officer, sources=[world.dept_a, world.dept_b], parent=world.root)
    assert preview.ok and preview.people == 2 and [u.code for u in preview.sub_units] == ["VTH-1"]
    assert Unit.objects.filter(code="VTHPL").count() == 0  # preview writes nothing
    merged = services.merge_units(actor=officer, sources=[world.dept_a, world.dept_b], code="VTHPL",
                                  name="Vụ Tổng hợp - Pháp luật", parent=world.root,
                                  effective_on=datetime.date(2025, 3, 1))
    a_person.refresh_from_db()
    assert a_person.unit == merged
    assert list(a_person.memberships.values_list("unit__code", flat=True)) == ["VTHPL", "VTH"]
    world.dept_a.refresh_from_db()
    assert world.dept_a.successor == merged and world.dept_a.dissolved_on == datetime.date(2025, 3, 1)
    assert set(merged.lineage_ids()) == {merged.pk, world.dept_a.pk, world.dept_b.pk}
    assert Unit.objects.get(code="VTH-1").parent == merged


def test_merge_refused_across_agencies(world, officer):
    with pytest.raises((ValidationError, PermissionDenied)):
        services.merge_units(actor=officer, sources=[world.dept_a, world.other_root], code="X", name="X",
                             parent=None, effective_on=datetime.date(2025, 1, 1))
    assert not Unit.objects.filter(code="X").exists()


def test_block_rotation_makes_the_deputy_next_years_leader(world):
    from thidua.organization.models import Agency

    agencies = [world.agency, world.other_agency, Agency.objects.create(code="C", name="Cơ quan C")]
    block = services.create_block(actor=world.admin, code="K1", name="Khối 1", kind="block", host_agency=world.agency)
    services.set_block_members(actor=world.admin, block=block, year=2025, agencies=agencies,
                               leader=agencies[0], deputy=agencies[1])
    services.rotate_block_leadership(actor=world.admin, block=block, year=2026)
    roles = dict(block.memberships.filter(year=2026).values_list("agency__code", "role"))
    assert roles[agencies[1].code] == "leader" and list(roles.values()).count("deputy") == 1
    with pytest.raises(ValidationError):
        services.set_block_members(actor=world.admin, block=block, year=2027, agencies=agencies,
                                   leader=agencies[0], deputy=agencies[0])


def test_search_ignores_diacritics(world, client):
    world.person("P1", "Nguyễn Văn Đức")
    world.person("P2", "Trần Thị Lan")
    client.force_login(world.admin)
    page = client.get("/people/", {"q": "nguyen van duc"}).content.decode()
    assert "Nguyễn Văn Đức" in page and "Trần Thị Lan" not in page
    assert "Nguyễn Văn Đức" in client.get("/people/", {"q": "DUC"}).content.decode()


def test_collective_rating_from_the_unit_page(world, officer, client):
    client.force_login(officer)
    response = client.post(f"/units/{world.dept_a.pk}/rating/", {"year": 2025, "rating": "HTXSNV"})
    assert response.status_code == 302 and world.dept_a.ratings.get(year=2025).rating == "HTXSNV"
    client.force_login(world.user("staff", "staff", world.dept_a))
    assert client.post(f"/units/{world.dept_a.pk}/rating/", {"year": 2025, "rating": "HTNV"}).status_code == 403
    assert world.dept_a.ratings.get(year=2025).rating == "HTXSNV"


def _block_of_three(world):
    from thidua.organization.models import Agency

    agencies = [world.agency, world.other_agency, Agency.objects.create(code="C", name="Cơ quan C")]
    block = services.create_block(actor=world.admin, code="K1", name="Khối thi đua số 1", kind="block",
                                  host_agency=world.agency)
    services.set_block_members(actor=world.admin, block=block, year=2025, agencies=agencies,
                               leader=agencies[0], deputy=agencies[1])
    return block, agencies


def test_block_page_shows_the_block_to_its_managers_and_to_everyone_else(world, officer, client):
    block, _ = _block_of_three(world)
    for user in (officer, world.user("reader", Role.STAFF)):
        client.force_login(user)
        page = client.get(f"/blocks/{block.pk}/").content.decode()
        assert "Khối thi đua số 1" in page and "breadcrumbs" not in page and "content" not in page.split("<main")[1]
    client.force_login(officer)
    page = client.get(f"/blocks/{block.pk}/").content.decode()
    assert f"/blocks/{block.pk}/year/?year=2025" in page and f"/blocks/{block.pk}/rotate/" in page


def test_a_new_year_of_a_block_starts_from_last_years_members_with_leadership_rotated(world, officer, client):
    block, agencies = _block_of_three(world)
    client.force_login(officer)
    form = client.get(f"/blocks/{block.pk}/year/?year=2026").context["form"]
    assert sorted(form.initial["agencies"]) == sorted(a.pk for a in agencies)
    assert form.initial["leader"] == agencies[1] and form.initial["deputy"] not in (None, agencies[1])
    response = client.post(f"/blocks/{block.pk}/rotate/", {"year": 2026})
    assert response.status_code == 302
    roles = dict(block.memberships.filter(year=2026).values_list("agency__code", "role"))
    assert len(roles) == 3 and roles[agencies[1].code] == "leader"
    client.post(f"/blocks/{block.pk}/rotate/", {"year": 2026})
    assert block.memberships.filter(year=2026).count() == 3
    assert client.post(f"/blocks/{block.pk}/rotate/", {"year": "x"}).status_code == 302


def test_only_the_standing_agencys_managers_edit_a_block(world, client):
    block, _ = _block_of_three(world)
    outsider = world.user("outsider", Role.EMULATION_OFFICER, world.other_root)
    client.force_login(outsider)
    assert client.get(f"/blocks/{block.pk}/year/?year=2026").status_code == 403
    assert client.post(f"/blocks/{block.pk}/rotate/", {"year": 2026}).status_code == 403
    assert not block.memberships.filter(year=2026).exists()


def test_a_form_with_errors_names_each_field_and_keeps_what_was_typed(world, client):
    client.force_login(world.admin)
    response = client.post("/blocks/new/", {"code": "K9", "description": "Khối mới"})
    page = response.content.decode()
    summary = page.split('data-testid="form-errors"')[1].split("</div>")[0]
    assert response.status_code == 200 and summary.count("<li>") == 2
    assert "Tên" in summary and "#id_name" in summary and "#id_kind" in summary
    assert 'value="K9"' in page and "Khối mới" in page


def test_a_birth_date_in_the_future_is_refused_by_form_service_and_import(world, officer):
    from thidua.organization.importing import plan_import

    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="tương lai"):
        services.create_person(actor=officer, unit=world.div_a1, code="F1", full_name="Lê Văn Mai", gender="male",
                               category="civil_servant", date_of_birth=tomorrow)
    assert not Person.objects.filter(code="F1").exists()
    csv = ("Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Đối tượng,Mã đơn vị\n"
           f"F2,Lê Văn Mai,Nam,{tomorrow:%d/%m/%Y},civil_servant,VTH-1\n").encode()
    plan = plan_import(kind="people", agency=world.agency, name="p.csv", data=csv)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Ngày sinh")]
