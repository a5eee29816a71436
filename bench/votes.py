"""`make bench`: secret ballots at council and congress scale, against the running server.

For each size (500 delegates × 3 nominees, then a 5,500-voter congress × 1 nominee) it starts gunicorn on
127.0.0.1 over a throw-away SQLite database (the embedded default), lets three trustees make the key as their
devices would, encrypts every voter's ballot as their device would (before the clock starts: that work is
spread over the voters' phones), then fires one vote per voter from a bounded pool of client threads (bearer
tokens, the public API). The server checks every ballot's proofs. The voting is closed, two trustees decrypt,
the tally is compared with what was sent, and the bulletin board is exported and checked with
`thidua polls verify`. Prints figures against the issue's ceilings and against a floor measured in the same
process (the same ballots' proofs checked alone on all cores), with the load average; asserts nothing.
BENCH_WORKERS and BENCH_THREADS set the server's gunicorn workers and threads (default: one worker per core, 4 threads).
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["THIDUA_VAR_DIR"] = str(ROOT / "var" / "bench-votes")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
sys.path.insert(0, str(ROOT))

SIZES = [(int(os.environ.get("BENCH_DELEGATES", "500")), 3, 10.0),
         (int(os.environ.get("BENCH_CONGRESS", "5500")), 1, 60.0)]
VERIFY_CEILING_S = 30.0
CLIENTS = 64
DEADLINE_S = 300
CHOICES = ("approve", "approve", "disapprove", "abstain", "approve")


def choices_of(index: int, nominees: int) -> list[str]:
    return [CHOICES[(index + n) % 5] for n in range(nominees)]


def setup(voters: int, nominees: int):
    import django

    django.setup()
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from thidua.accounts.models import ApiToken, TokenScope
    from thidua.councils import ballot, services
    from thidua.councils.models import Council, CouncilMember
    from thidua.organization.models import Agency, Unit

    connection.close()
    for stale in Path(os.environ["THIDUA_VAR_DIR"]).glob("*"):  # database and audit checkpoint of the last run
        if stale.is_file() and stale.name.startswith(("thidua.sqlite3", "audit-checkpoint", "board-")):
            stale.unlink()
    call_command("migrate", verbosity=0)
    users = get_user_model()
    admin = users.objects.create_superuser("bench-admin", "a@bench", None)
    agency = Agency.objects.create(code="DH", name="Đại hội thi đua")
    root = Unit.objects.create(agency=agency, code="DH", name="Đại hội thi đua yêu nước", kind="agency")
    council = Council.objects.create(agency=agency, unit=root, kind="congress", name="Đại hội")
    users.objects.bulk_create([users(username=f"d{i:05d}", password="!") for i in range(voters)])
    delegates = list(users.objects.filter(username__startswith="d").order_by("username"))
    roles = ["chair", "vice_chair", "standing"] + ["delegate"] * (voters - 3)
    CouncilMember.objects.bulk_create([CouncilMember(council=council, user=u, role=r, term_start=datetime.date(2026, 1, 1))
                                       for u, r in zip(delegates, roles, strict=True)])
    tokens = [ApiToken.issue(user=u, name="bench", scope=TokenScope.WRITE)[1] for u in delegates]
    meeting = services.schedule_meeting(actor=admin, council=council, title="Biểu quyết", starts_at=timezone.now())
    services.record_attendance(actor=admin, meeting=meeting, present_ids=council.members.values_list("pk", flat=True))
    poll = services.add_poll(actor=admin, meeting=meeting, title="Danh sách điển hình tiên tiến",
                             candidates=[{"label": f"Điển hình {i + 1}"} for i in range(nominees)])
    services.open_poll(actor=admin, poll=poll)
    poll.refresh_from_db()
    trustees = list(poll.trustees.select_related("member__user"))
    codes = {t.index: ballot.new_trustee_code() for t in trustees}
    for t in trustees:
        services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.trustee_keys(
            code=codes[t.index], election=str(poll.election), index=t.index, k=2))
    transports = {t["index"]: t["transport"] for t in services.board_trustees(poll)}
    for t in trustees:
        services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.trustee_shares(
            code=codes[t.index], election=str(poll.election), index=t.index, k=2, transports=transports))
    poll.refresh_from_db()
    return admin, poll, tokens, codes, trustees


def _encrypt(args) -> bytes:
    from thidua.councils import ballot

    election, public, index, nominees = args
    return json.dumps({"ballot": ballot.encrypt_ballot(election=election, public=public,
                                                       choices=choices_of(index, nominees))}).encode()


def _check(args) -> int:
    from thidua.councils import ballot

    election, public, nominees, chunk = args
    for body in chunk:
        ballot.check_ballot(election=election, public=public, nominees=nominees, content=json.loads(body)["ballot"])
    return len(chunk)


def proof_floor(poll, nominees: int, bodies: list[bytes]) -> float:
    """The floor: checking every ballot's proofs, nothing else, over all cores (what server and verifier must do)."""
    cores = os.cpu_count() or 1
    jobs = [(str(poll.election), poll.public_key, nominees, bodies[i::cores]) for i in range(cores)]
    with ProcessPoolExecutor(cores) as pool:
        start = time.perf_counter()
        assert sum(pool.map(_check, jobs)) == len(bodies)
        return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=10)  # noqa: S310 — local URL
            return
        except urllib.error.HTTPError:  # the server answers (the page may need signing in)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def run(voters: int, nominees: int, ceiling: float) -> None:
    admin, poll, tokens, codes, trustees = setup(voters, nominees)
    from thidua.councils import services
    from thidua.councils.demo import count_partials

    with ProcessPoolExecutor() as pool:
        bodies = list(pool.map(_encrypt, [(str(poll.election), poll.public_key, i, nominees) for i in range(voters)],
                               chunksize=50))
    port = free_port()
    env = {**os.environ, "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0", "DEBUG": "0"}
    workers, threads = os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)), os.environ.get("BENCH_THREADS", "4")
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "thidua.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", workers, "--threads", threads,
                               "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/api/polls/{poll.pk}/progress")

        local = threading.local()  # one kept-alive connection per client thread, as a phone's browser keeps one

        def vote(index: int) -> tuple[float, int]:
            start = time.perf_counter()
            for attempt in range(2):
                if getattr(local, "connection", None) is None:
                    local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE_S)
                try:
                    local.connection.request("POST", f"/api/polls/{poll.pk}/vote", body=bodies[index],
                                             headers={"Authorization": f"Bearer {tokens[index]}",
                                                      "Content-Type": "application/json"})
                    response = local.connection.getresponse()
                    response.read()
                    return time.perf_counter() - start, response.status
                except (http.client.HTTPException, OSError):  # the server closed an idle connection: reconnect
                    local.connection.close()
                    local.connection = None
                    if attempt:
                        raise
            raise AssertionError("unreachable")

        def warm(index: int) -> None:  # every worker loads the URLs and the API before the clock starts
            request = urllib.request.Request(f"{base}/api/polls/{poll.pk}/progress",
                                             headers={"Authorization": f"Bearer {tokens[index]}"})
            urllib.request.urlopen(request, timeout=DEADLINE_S).read()  # noqa: S310 — local URL

        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(warm, range(32)))
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            try:
                results = list(pool.map(vote, range(voters), timeout=DEADLINE_S))
            except TimeoutError:
                print(f"Secret ballot: {voters} voters × {nominees} nominee(s) did not finish voting within "
                      f"{DEADLINE_S} s (ceiling {ceiling:.0f} s)")
                pool.shutdown(cancel_futures=True)
                return
        total = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
    errors = sum(status != 201 for _t, status in results)
    if errors == voters:
        raise SystemExit(f"every vote failed: {sorted({s for _t, s in results})}")
    latencies = sorted(t for t, _s in results)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    start = time.perf_counter()
    services.close_poll(actor=admin, poll=poll)
    count_partials(poll=poll, codes=codes, trustees=trustees[:2])
    poll.refresh_from_db()
    counted = time.perf_counter() - start
    tally = services.tally(poll)
    expected = [{c: sum(choices_of(i, nominees)[n] == c for i in range(voters)) for c in ("approve", "disapprove",
                                                                                          "abstain")}
                for n in range(nominees)]
    exact = all({c: row[c] for c in expected[n]} == expected[n] for n, row in enumerate(tally))
    board = Path(os.environ["THIDUA_VAR_DIR"]) / f"board-{voters}.json"
    board.write_text(json.dumps(services.board(poll)), encoding="utf-8")
    start = time.perf_counter()
    verified = subprocess.run([str(Path(sys.executable).parent / "thidua"), "polls", "verify", str(board)],
                              capture_output=True, text=True, check=False)
    verify_s = time.perf_counter() - start
    floor = proof_floor(poll, nominees, bodies)
    print(f"Secret ballot: {voters} voters × {nominees} nominee(s) cast encrypted ballots concurrently ({CLIENTS} "
          f"clients, {os.cpu_count()} cores, proofs checked by the server) in {total:.2f} s (ceiling {ceiling:.0f} s; "
          f"floor {floor:.2f} s, {total / floor:.1f}×); "
          f"per vote p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; errors {errors}; "
          f"closed and decrypted by 2 of 3 trustees in {counted:.2f} s; tally {'exact' if exact else 'WRONG'} "
          f"({tally[0]['approve']}/{tally[0]['disapprove']}/{tally[0]['abstain']} for nominee 1)")
    print(f"Bulletin board of {voters} ballots ({board.stat().st_size / 1e6:.1f} MB): thidua polls verify "
          f"{'passed' if verified.returncode == 0 else 'FAILED: ' + verified.stderr.strip()} in {verify_s:.2f} s "
          f"(ceiling {VERIFY_CEILING_S:.0f} s; floor {floor:.2f} s, {verify_s / floor:.1f}×)")
    print(f"  floor = checking the same ballots' proofs alone on {os.cpu_count()} cores in this process; "
          f"load average at the end {os.getloadavg()[0]:.1f}")


def main():
    for voters, nominees, ceiling in SIZES:
        run(voters, nominees, ceiling)


if __name__ == "__main__":
    main()
