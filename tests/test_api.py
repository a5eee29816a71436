import json

from thidua.accounts.models import ApiToken, Role


def test_people_round_trip_with_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # a script sends a bearer token and no CSRF cookie
    officer = world.user("officer", Role.EMULATION_OFFICER)
    _, raw = ApiToken.issue(user=officer, name="script", scope="write")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    created = client.post("/api/people", json.dumps({"unit_id": world.dept_a.pk, "code": "API1",
                          "full_name": "Phạm Đức Huy", "gender": "male", "category": "cadre"}),
                          content_type="application/json", **auth)
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.get("/api/people?q=pham duc", **auth).json()["items"][0]["id"] == pk
    rated = client.put(f"/api/people/{pk}/ratings", json.dumps({"year": 2025, "rating": "HTTNV"}),
                       content_type="application/json", **auth)
    assert rated.status_code == 200 and rated.json()["rating"] == "HTTNV"


def test_errors_are_problem_details_with_field_errors(world, client):
    client.force_login(world.admin)
    bad = client.post("/api/people", json.dumps({"unit_id": world.dept_a.pk, "code": "X", "full_name": "A",
                      "gender": "robot", "category": "cadre"}), content_type="application/json")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    assert "gender" in bad.json()["errors"]


def test_api_scopes_lists_and_refuses_outside_objects(world, client):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_b)
    inside, outside = world.person("P1", unit=world.dept_b), world.person("P2", unit=world.div_a1)
    client.force_login(leader)
    codes = [p["code"] for p in client.get("/api/people").json()["items"]]
    assert codes == ["P1"]
    assert client.get(f"/api/people/{outside.pk}").status_code == 403
    assert client.patch(f"/api/people/{inside.pk}", json.dumps({"full_name": "X"}),
                        content_type="application/json").status_code == 403


def test_unauthenticated_gets_401_and_openapi_is_published(db, client):
    assert client.get("/api/people").status_code == 401
    schema = client.get("/api/openapi.json").json()
    assert "/api/people" in schema["paths"] and "/api/rules/evaluate" in schema["paths"]


def test_session_post_without_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    response = client.post("/api/people", json.dumps({"unit_id": world.dept_a.pk, "code": "X", "full_name": "X",
                                                      "gender": "male", "category": "cadre"}),
                           content_type="application/json")
    assert response.status_code in (401, 403)
