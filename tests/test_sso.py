"""Single sign-on against real servers started by the tests: Debian's slapd (LDAP) and an OpenID Connect
provider (django-oidc-provider in a second Django process). Accounts are linked to people and get their roles."""

import os
import shutil
import socket
import subprocess
import time

import pytest

from thidua.accounts.models import Role, RoleAssignment
from thidua.audit.models import AuditEvent

SLAPD = "/usr/sbin/slapd"
SUFFIX = "dc=thidua,dc=test"
ADMIN_DN, ADMIN_PW = f"cn=admin,{SUFFIX}", "directory-admin-pw"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, process, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    if not os.path.exists(SLAPD) or shutil.which("ldapadd") is None:
        pytest.skip("Debian slapd is not installed (make install-test installs it)")
    import ldap

    root = tmp_path_factory.mktemp("slapd")
    (root / "data").mkdir()
    schema = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in ("core", "cosine", "inetorgperson", "nis"))
    (root / "slapd.conf").write_text(f"""{schema}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {root}/slapd.pid
database mdb
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PW}
directory {root}/data
maxsize 10485760
""")
    port = _free_port()
    process = subprocess.Popen([SLAPD, "-f", str(root / "slapd.conf"), "-h", f"ldap://127.0.0.1:{port}/", "-d", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_port(port, process)
        uri = f"ldap://127.0.0.1:{port}"
        conn = ldap.initialize(uri)
        conn.simple_bind_s(ADMIN_DN, ADMIN_PW)
        entries = [
            (SUFFIX, {"objectClass": [b"dcObject", b"organization"], "dc": [b"thidua"], "o": [b"VPQH"]}),
            (f"ou=people,{SUFFIX}", {"objectClass": [b"organizationalUnit"], "ou": [b"people"]}),
            (f"ou=groups,{SUFFIX}", {"objectClass": [b"organizationalUnit"], "ou": [b"groups"]}),
            (f"uid=lan.nguyen,ou=people,{SUFFIX}", {
                "objectClass": [b"inetOrgPerson"], "uid": [b"lan.nguyen"], "cn": ["Nguyễn Thị Lan".encode()],
                "sn": ["Nguyễn".encode()], "givenName": [b"Lan"], "mail": [b"lan@thidua.test"],
                "employeeNumber": [b"NV-LDAP"], "userPassword": [b"Directory-Pass-2026"]}),
            (f"cn=thidua_emulation_officer_VTH,ou=groups,{SUFFIX}", {
                "objectClass": [b"groupOfNames"], "cn": [b"thidua_emulation_officer_VTH"],
                "member": [f"uid=lan.nguyen,ou=people,{SUFFIX}".encode()]}),
            (f"cn=mail_users,ou=groups,{SUFFIX}", {
                "objectClass": [b"groupOfNames"], "cn": [b"mail_users"],
                "member": [f"uid=lan.nguyen,ou=people,{SUFFIX}".encode()]}),
        ]
        for dn, attrs in entries:
            conn.add_s(dn, list(attrs.items()))
        conn.unbind_s()
        yield uri
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def directory(slapd, settings):
    from thidua.accounts.directory import ldap_search_settings

    settings.AUTH_LDAP_SERVER_URI = slapd
    settings.AUTH_LDAP_BIND_DN, settings.AUTH_LDAP_BIND_PASSWORD = ADMIN_DN, ADMIN_PW
    for name, value in ldap_search_settings(f"ou=people,{SUFFIX}", f"ou=groups,{SUFFIX}").items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [settings.AUTHENTICATION_BACKENDS[0], "thidua.accounts.backends.DirectoryBackend",
                                        *settings.AUTHENTICATION_BACKENDS[1:]]
    return slapd


def test_directory_sign_in_links_the_person_and_takes_roles_from_groups(world, client, directory):
    person = world.person("NV-LDAP", name="Nguyễn Thị Lan", unit=world.div_a1)
    response = client.post("/accounts/login/", {"username": "lan.nguyen", "password": "Directory-Pass-2026"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="lan.nguyen")
    assert user.person == person and user.email == "lan@thidua.test" and not user.has_usable_password()
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", "unit")) == {
        (Role.EMULATION_OFFICER, world.dept_a.pk)}  # from thidua_emulation_officer_VTH; mail_users ignored
    assert AuditEvent.objects.filter(action="security.directory_roles", actor=user).exists()
    assert client.get(f"/people/{person.pk}/").status_code == 200

    # a role granted by hand is removed at the next directory sign-in: the directory is the source of roles
    RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR, unit=world.root)
    client.logout()
    assert client.post("/accounts/login/", {"username": "lan.nguyen", "password": "Directory-Pass-2026"}).status_code == 302
    assert not RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()


def test_wrong_directory_passwords_count_towards_the_lockout(world, client, directory, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        assert client.post("/accounts/login/", {"username": "lan.nguyen", "password": "wrong"}).status_code in (200, 429)
    assert client.post("/accounts/login/", {"username": "lan.nguyen", "password": "Directory-Pass-2026"}).status_code == 429


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory):
    """django-oidc-provider as a separate Django site on a free port, with one user and one client (this app)."""
    import sys
    from pathlib import Path

    root = tmp_path_factory.mktemp("oidc")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "oidc_site.settings", "OIDC_SITE_DB": str(root / "op.sqlite3"),
           "PYTHONPATH": str(Path(__file__).parent)}
    env.pop("DATABASE_URL", None)
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([*django, "creatersakey"], env=env, check=True, timeout=120, stdout=subprocess.DEVNULL)
    setup = (
        "from django.contrib.auth.models import User; from oidc_provider.models import Client, ResponseType;"
        "User.objects.create_user('hoa.tran', 'hoa@thidua.test', 'Provider-Pass-2026', first_name='Hoa',"
        " last_name='Trần');"
        "c = Client.objects.create(name='thidua', client_type='confidential', client_id='thidua-rp',"
        " client_secret='rp-secret', redirect_uris=['http://testserver/oidc/callback/'], require_consent=False,"
        " jwt_alg='RS256');"
        "c.response_types.add(ResponseType.objects.get(value='code'))")
    subprocess.run([*django, "shell", "-c", setup], env=env, check=True, timeout=120)
    port = _free_port()
    process = subprocess.Popen([*django, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_port(port, process, 60)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def oidc(oidc_provider, settings):
    base = f"{oidc_provider}/openid"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "thidua-rp", "rp-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.AUTHENTICATION_BACKENDS = [settings.AUTHENTICATION_BACKENDS[0], "thidua.accounts.backends.OidcBackend",
                                        *settings.AUTHENTICATION_BACKENDS[1:]]
    return oidc_provider


def _sign_in_at_provider(client, provider: str, password: str):
    """The browser's part: our app sends it to the provider, the person signs in there, the provider sends the
    browser back to our callback with a code; our app then talks to the provider itself (token, keys, userinfo)."""
    import re
    from urllib.parse import urljoin, urlsplit

    import requests

    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302 and start["Location"].startswith(provider)
    browser = requests.Session()
    login = browser.get(start["Location"], timeout=10)  # → the provider's sign-in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    nxt = re.search(r'name="next" value="([^"]+)"', login.text).group(1).replace("&amp;", "&")
    answer = browser.post(login.url, data={"csrfmiddlewaretoken": token, "username": "hoa.tran",
                                           "password": password, "next": nxt},
                          headers={"Referer": login.url}, allow_redirects=False, timeout=10)
    while answer.status_code == 302 and answer.headers["Location"].startswith(("/", provider)):
        answer = browser.get(urljoin(provider, answer.headers["Location"]), allow_redirects=False, timeout=10)
    callback = answer.headers.get("Location", "")
    if not callback.startswith("http://testserver/oidc/callback/"):
        return None
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}")


def test_openid_connect_sign_in_links_the_person_and_takes_roles_from_groups(world, client, oidc):
    person = world.person("NV-OIDC", name="Trần Thị Hoa", unit=world.dept_b)
    response = _sign_in_at_provider(client, oidc, "Provider-Pass-2026")
    assert response.status_code == 302 and "_auth_user_id" in client.session
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="hoa.tran")
    assert user.person == person and user.email == "hoa@thidua.test" and not user.has_usable_password()
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", "unit")) == {
        (Role.COUNCIL_MEMBER, world.dept_b.pk)}
    assert client.get("/").status_code == 200


def test_a_wrong_provider_password_signs_nobody_in(world, client, oidc):
    assert _sign_in_at_provider(client, oidc, "wrong") is None
    assert "_auth_user_id" not in client.session
