"""Scope matrix: role × object kind × page/API. Every read or write of an object outside the actor's agency or
subtree is refused (403/404, or the object is absent from the list), and an actor in scope is allowed (so that
each row of the matrix can fail)."""

import datetime
import json

import pytest
from django.test import Client

from thidua.accounts.models import Role
from thidua.audit.services import record
from thidua.movements import services as movements

SECRET = "Bí mật Zeta"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a dozen accounts per test


@pytest.fixture
def scene(world):
    person = world.person("NV-A1", name="Trần Thị Zeta", unit=world.div_a1)
    record(actor=world.admin, action="person.update", obj=person, summary={"position": ["", SECRET]})
    rubric_owner = world.user("thidua-goc", Role.EMULATION_OFFICER, world.root)
    rubric = movements.create_rubric(actor=rubric_owner, agency=world.agency, name="Tiêu chí cơ quan")
    actors = {
        "administrator of a sub-unit": world.user("qt-b", Role.ADMINISTRATOR, world.dept_b),
        "inspector of a sub-unit": world.user("tt-b", Role.INSPECTOR, world.dept_b),
        "officer of another agency": world.user("td-btc", Role.EMULATION_OFFICER, world.other_root),
        "administrator of another agency": world.user("qt-btc", Role.ADMINISTRATOR, world.other_root),
        "leader of a sibling unit": world.user("ld-b", Role.UNIT_LEADER, world.dept_b),
        "staff of a sibling unit": world.user("nv-b", Role.STAFF, world.dept_b),
    }
    in_scope = {
        "audit": world.user("tt-goc", Role.INSPECTOR, world.root),
        "national holidays": world.admin,  # a superuser
        "agency days off": world.user("qt-goc", Role.ADMINISTRATOR, world.root),
        "rubric": rubric_owner,
        "person": world.user("ld-a", Role.UNIT_LEADER, world.dept_a),
        "author": world.user("nv-a", Role.STAFF, world.div_a1),
    }
    return {"world": world, "person": person, "rubric": rubric, "actors": actors, "in_scope": in_scope}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def read_audit(client, s):
    response = client.get("/audit/")
    return response.status_code == 200 and SECRET in response.content.decode()


def write_national_holiday(client, s):
    return client.post("/holidays/", {"date": "2026-09-02", "name": "Quốc khánh"}).status_code == 302


def write_agency_day_off(client, s):
    return client.post("/holidays/", {"agency": s["world"].agency.pk, "day-date": "2026-10-15",
                                      "day-name": "Ngày truyền thống"}).status_code == 302


def read_rubric_page(client, s):
    return client.get(f"/movements/rubrics/{s['rubric'].pk}/").status_code == 200


def read_rubric_api(client, s):
    return client.get(f"/api/rubrics/{s['rubric'].pk}").status_code == 200


def copy_rubric(client, s):
    return client.post(f"/movements/rubrics/{s['rubric'].pk}/", {"copy": "1"}).status_code == 302


def add_criterion(client, s):
    return client.post(f"/movements/rubrics/{s['rubric'].pk}/", {
        "group": "I", "code": "1", "name": "Chất lượng", "max_score": "10", "weight": "1", "kind": "regular",
        "measure": "number"}).status_code == 302


def read_person_page(client, s):
    response = client.get(f"/people/{s['person'].pk}/")
    return response.status_code == 200


def read_person_api(client, s):
    return client.get(f"/api/people/{s['person'].pk}").status_code == 200


def list_people_api(client, s):
    body = client.get("/api/people?q=zeta")
    return body.status_code == 200 and any(p["code"] == "NV-A1" for p in body.json()["items"])


def name_as_author_page(client, s):
    """Register an initiative naming the person by code: the form must neither accept nor reveal them."""
    world = s["world"]
    unit = client.user.roles.first().unit if hasattr(client, "user") else world.dept_b
    response = client.post("/initiatives/new/", {
        "unit": unit.pk, "title": "Cải tiến", "kind": "initiative", "field": "professional", "problem": "x",
        "solution": "y", "first_applied_on": "2025-01-02", "applied_units": [unit.pk],
        "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20", "authors-0-code": "NV-A1", "authors-0-share": "100"})
    assert "Zeta" not in response.content.decode() or response.status_code == 302
    return response.status_code == 302


def name_as_author_api(client, s):
    unit = client.user.roles.first().unit
    response = client.post("/api/initiatives", json.dumps({
        "unit_id": unit.pk, "title": "Cải tiến", "problem": "x", "solution": "y",
        "first_applied_on": str(datetime.date(2025, 1, 2)), "authors": [{"person_id": s["person"].pk, "share": 100}]}),
        content_type="application/json")
    assert "Zeta" not in response.content.decode() or response.status_code == 201
    return response.status_code == 201


MATRIX = {
    "audit": [read_audit],
    "national holidays": [write_national_holiday],
    "agency days off": [write_agency_day_off],
    "rubric": [read_rubric_page, read_rubric_api, copy_rubric, add_criterion],
    "person": [read_person_page, read_person_api, list_people_api],
    "author": [name_as_author_page, name_as_author_api],
}
CASES = [(kind, action) for kind, actions in MATRIX.items() for action in actions]
ACTORS = ["administrator of a sub-unit", "inspector of a sub-unit", "officer of another agency",
          "administrator of another agency", "leader of a sibling unit", "staff of a sibling unit"]

# A rubric is read by everyone in its agency (staff score against it): only other agencies are out of scope.
SAME_AGENCY = {"administrator of a sub-unit", "inspector of a sub-unit", "leader of a sibling unit",
               "staff of a sibling unit"}
AGENCY_WIDE_READS = {"read_rubric_page", "read_rubric_api"}


@pytest.mark.parametrize("kind,action", CASES, ids=[f"{k}-{a.__name__}" for k, a in CASES])
def test_out_of_scope_actors_are_refused_and_the_one_in_scope_is_allowed(scene, kind, action):
    for name in ACTORS:
        if action.__name__ in AGENCY_WIDE_READS and name in SAME_AGENCY:
            continue
        actor = scene["actors"][name]
        client = _client(actor)
        client.user = actor
        assert not action(client, scene), f"{name} may {action.__name__}"
    allowed = scene["in_scope"][kind]
    client = _client(allowed)
    client.user = allowed
    assert action(client, scene), f"{allowed.username} (in scope) may not {action.__name__}"
