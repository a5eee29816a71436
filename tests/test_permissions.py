"""Roles × objects × actions: a role on a unit covers its subtree and nothing else."""

import pytest

from thidua.accounts.models import Role

ACTIONS = ["view_person", "change_person", "rate_person", "discipline_person", "import_data"]

# role granted on dept A → allowed actions on a person in division A1 (inside the subtree)
ALLOWED_IN_SUBTREE = {
    Role.ADMINISTRATOR: set(ACTIONS),
    Role.EMULATION_OFFICER: set(ACTIONS),
    Role.UNIT_LEADER: {"view_person", "rate_person"},
    Role.COUNCIL_MEMBER: {"view_person"},
    Role.COUNCIL_SECRETARY: {"view_person"},
    Role.STAFF: {"view_person"},
    Role.INSPECTOR: {"view_person"},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", ACTIONS)
def test_role_matrix_inside_and_outside_subtree(world, role, action):
    user = world.user(f"u-{role}-{action}"[:150], role, world.dept_a)
    inside = world.person("IN1", unit=world.div_a1)
    outside = world.person("OUT1", unit=world.dept_b)
    perm = f"organization.{action}"
    target_inside = inside if action != "import_data" else world.dept_a
    target_outside = outside if action != "import_data" else world.dept_b
    assert user.has_perm(perm, target_inside) == (action in ALLOWED_IN_SUBTREE[role])
    assert user.has_perm(perm, target_outside) is False


def test_audit_log_readable_by_administrators_and_inspectors_only(world):
    for role in Role:
        user = world.user(f"a-{role}", role, world.root)
        assert user.has_perm("audit.view_event") == (role in (Role.ADMINISTRATOR, Role.INSPECTOR))


def test_views_refuse_objects_outside_scope(world, client):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_b)
    inside, outside = world.person("INSIDE-01", unit=world.dept_b), world.person("OUTSIDE-02", unit=world.div_a1)
    client.force_login(leader)
    assert client.get(f"/people/{inside.pk}/").status_code == 200
    assert client.get(f"/people/{outside.pk}/").status_code == 403
    assert client.get(f"/people/{inside.pk}/edit/").status_code == 403
    listed = client.get("/people/").content.decode()
    assert "INSIDE-01" in listed and "OUTSIDE-02" not in listed
    assert client.get("/audit/").status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get("/people/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deploy_checks_catch_weak_settings(settings):
    from thidua.core import checks

    assert checks.password_hashing(None) == [] and checks.content_security_policy(None) == []
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert [m.id for m in checks.password_hashing(None)] == ["thidua.W001"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'unsafe-inline'"]}}
    assert [m.id for m in checks.content_security_policy(None)] == ["thidua.E002"]
    settings.THIDUA_FONT_DIR = "/nonexistent"
    assert [m.id for m in checks.document_fonts(None)] == ["thidua.E003"]
