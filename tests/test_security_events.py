"""Sign-in, failed sign-in, sign-out, password change, role grants and downloads leave audit events, without
secrets, and the audit page shows them in words, scoped to the reader's subtree."""

from thidua.accounts.models import Role, RoleAssignment
from thidua.audit.models import AuditEvent
from thidua.audit.services import record

PASSWORD = "pw-Strong-2026"


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_sign_in_failed_sign_in_and_sign_out_are_audited_without_the_password(world, client):
    user = world.user("anh", Role.STAFF, world.div_a1)
    client.post("/accounts/login/", {"username": "anh", "password": "wrong-guess-123"})
    client.post("/accounts/login/", {"username": "anh", "password": PASSWORD})
    client.post("/accounts/logout/")
    failed, = _events("security.login_failed")
    assert failed.summary["username"] == "anh" and failed.object_id == str(user.pk)
    assert "wrong-guess-123" not in str(failed.summary)
    assert [e.actor for e in _events("security.login")] == [user]
    assert [e.actor for e in _events("security.logout")] == [user]


def test_password_change_is_audited_but_a_hash_upgrade_is_not(world, client):
    user = world.user("binh", Role.STAFF)
    client.force_login(user)
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Another-Strong-99",
                                                   "new_password2": "Another-Strong-99"})
    assert response.status_code == 302
    change, = _events("security.password_change")
    assert change.actor == user and "Another-Strong-99" not in str(change.summary)
    user.set_password("Third-Strong-777")
    user.save(update_fields=["password"])  # what Django does when it re-hashes at sign-in
    assert len(_events("security.password_change")) == 1


def test_role_grants_and_withdrawals_are_audited(world):
    user = world.user("chi")
    assignment = RoleAssignment.objects.create(user=user, role=Role.INSPECTOR, unit=world.dept_a)
    assignment.delete()
    grant, = _events("security.role_grant")
    revoke, = _events("security.role_revoke")
    assert grant.summary["role"] == revoke.summary["role"] == Role.INSPECTOR and grant.object_id == str(user.pk)


def test_every_download_and_export_is_audited_with_who_and_what(world, client, officer):
    client.force_login(officer)
    response = client.get("/people/?export=xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    download, = _events("security.download")
    assert download.actor == officer and download.summary["file"].endswith(".xlsx")
    assert download.summary["path"] == "/people/"


def test_audit_page_reads_in_words_and_is_scoped_to_the_subtree(world, client):
    person_a = world.person("A1", "Trần Thị Lan", unit=world.div_a1)
    person_b = world.person("B1", "Lê Văn Bình", unit=world.dept_b)
    record(actor="system", action="person.update", obj=person_a, summary={"full_name": ["Trần Thị Lan", "Trần Lan"]})
    record(actor="system", action="person.update", obj=person_b, summary={"position": ["", "Chuyên viên"]})
    inspector = world.user("thanhtra_a", Role.INSPECTOR, world.dept_a)
    client.force_login(inspector)
    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en", headers={"Accept-Language": "en"}).content.decode()
    assert "Trần Thị Lan → Trần Lan" in page
    assert "Chuyên viên" not in page  # dept B is outside the inspector's subtree
    assert "person.update" not in page  # the action is named in words
    client.force_login(world.user("thanhtra_root", Role.INSPECTOR, world.root))
    assert "Chuyên viên" in client.get("/audit/").content.decode()


def test_audit_api_is_scoped_like_the_page(world, client):
    record(actor="system", action="person.update", obj=world.person("A1", unit=world.div_a1), summary={"rank": ["", "A"]})
    record(actor="system", action="person.update", obj=world.person("B1", unit=world.dept_b), summary={"rank": ["", "B"]})
    client.force_login(world.user("thanhtra_a", Role.INSPECTOR, world.dept_a))
    items = client.get("/api/audit/events").json()["items"]
    assert [i["summary"]["rank"] for i in items] == [["", "A"]]
    client.force_login(world.user("nv", Role.STAFF, world.root))
    assert client.get("/api/audit/events").status_code == 403


def test_use_of_an_api_token_is_audited_by_its_id_never_the_token(world, client):
    from thidua.accounts import services
    from thidua.accounts.models import TokenScope

    officer = world.user("officer", Role.EMULATION_OFFICER)
    token, raw = services.issue_token(user=officer, name="HR sync", scope=TokenScope.WRITE)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/people", **auth).status_code == 200
    assert client.get("/api/people", **auth).status_code == 200  # reads within a minute: one event
    client.post("/api/people", {"unit_id": world.root.pk}, content_type="application/json", **auth)  # a change
    used = _events("security.token_used")
    assert [(e.actor, e.summary["token"], e.summary["method"]) for e in used] == [
        (officer, token.pk, "GET"), (officer, token.pk, "POST")]
    assert all(e.summary["token_name"] == "HR sync" and e.summary["path"] == "/api/people" for e in used)
    assert not any(raw in str(e.summary) or token.digest in str(e.summary) for e in used)
    assert client.get("/api/people", HTTP_AUTHORIZATION="Bearer td_wrong").status_code == 401
    assert len(_events("security.token_used")) == 2
