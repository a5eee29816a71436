"""`make bench`: 500 congress delegates cast secret ballots concurrently against the running server.

Starts gunicorn on 127.0.0.1 over a throw-away SQLite database (the embedded default), fires one vote per
delegate from a bounded pool of client threads (bearer tokens, the public API), then closes the poll with
two trustees' shares and checks the tally against what was sent. Prints figures; asserts nothing.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["THIDUA_VAR_DIR"] = str(ROOT / "var" / "bench-votes")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

DELEGATES = int(os.environ.get("BENCH_DELEGATES", "500"))
NOMINEES = 5
CLIENTS = 64
DEADLINE_S = 120


def setup():
    import django

    django.setup()
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from thidua.accounts.models import ApiToken
    from thidua.councils import services
    from thidua.councils.models import Council, CouncilMember
    from thidua.organization.models import Agency, Unit

    db = Path(os.environ["THIDUA_VAR_DIR"]) / "thidua.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    users = get_user_model()
    admin = users.objects.create_superuser("bench-admin", "a@bench", None)
    agency = Agency.objects.create(code="DH", name="Đại hội thi đua")
    root = Unit.objects.create(agency=agency, code="DH", name="Đại hội thi đua yêu nước", kind="agency")
    council = Council.objects.create(agency=agency, unit=root, kind="congress", name="Đại hội")
    users.objects.bulk_create([users(username=f"d{i:04d}", password="!") for i in range(DELEGATES)])
    delegates = list(users.objects.filter(username__startswith="d").order_by("username"))
    roles = ["chair", "vice_chair", "standing"] + ["delegate"] * (DELEGATES - 3)
    CouncilMember.objects.bulk_create([CouncilMember(council=council, user=u, role=r, term_start=datetime.date(2026, 1, 1))
                                       for u, r in zip(delegates, roles, strict=True)])
    tokens = [ApiToken.issue(user=u, name="bench")[1] for u in delegates]
    meeting = services.schedule_meeting(actor=admin, council=council, title="Biểu quyết", starts_at=timezone.now())
    services.record_attendance(actor=admin, meeting=meeting, present_ids=council.members.values_list("pk", flat=True))
    poll = services.add_poll(actor=admin, meeting=meeting, title="Danh sách điển hình tiên tiến",
                             candidates=[{"label": f"Điển hình {i + 1}"} for i in range(NOMINEES)])
    shares = services.open_poll(actor=admin, poll=poll)
    return admin, poll, tokens, [code for _m, code in shares]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 — local URL
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def choices_of(index: int) -> list[str]:
    return [("approve", "approve", "disapprove", "abstain", "approve")[(index + n) % 5] for n in range(NOMINEES)]


def main():
    admin, poll, tokens, shares = setup()
    port = free_port()
    env = {**os.environ, "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0", "DEBUG": "0"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "thidua.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", str(os.cpu_count() or 2), "--threads", "4",
                               "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/api/openapi.json")

        def vote(index: int) -> tuple[float, int]:
            body = json.dumps({"choices": choices_of(index)}).encode()
            request = urllib.request.Request(f"{base}/api/polls/{poll.pk}/vote", data=body, method="POST", headers={
                "Authorization": f"Bearer {tokens[index]}", "Content-Type": "application/json"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=DEADLINE_S) as response:  # noqa: S310 — local URL
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            return time.perf_counter() - start, status

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(vote, range(len(tokens)), timeout=DEADLINE_S))
        total = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
    from thidua.councils import services

    errors = sum(status != 201 for _t, status in results)
    latencies = sorted(t for t, _s in results)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    closed = services.close_poll(actor=admin, poll=poll, share_codes=shares[:2])
    tally = services.tally(closed)
    expected = [{c: sum(choices_of(i)[n] == c for i in range(len(tokens))) for c in ("approve", "disapprove", "abstain")}
                for n in range(NOMINEES)]
    exact = all({c: row[c] for c in expected[n]} == expected[n] for n, row in enumerate(tally))
    print(f"Secret ballot: {len(tokens)} delegates × {NOMINEES} nominees voted concurrently ({CLIENTS} clients, "
          f"{os.cpu_count()} cores) in {total:.2f} s; per vote p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms; errors {errors}; tally {'exact' if exact else 'WRONG'} "
          f"({tally[0]['approve']}/{tally[0]['disapprove']}/{tally[0]['abstain']} for nominee 1)")


if __name__ == "__main__":
    main()
