"""Secret ballots against the insider and the cheat: no one — database, logs, the secretary who opens the poll,
any single trustee — links a vote to a voter or decrypts one; trustees below the threshold cannot count; the
published bulletin board lets anyone recompute the result, and any altered item makes the verifier fail."""

import copy
import datetime
import json
import logging
import re
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.councils import ballot, services
from thidua.councils.demo import count_partials, run_secret_poll
from thidua.councils.models import Ballot, Council, CouncilMember, Poll

VOTES = [["approve", "disapprove"], ["disapprove", "approve"], ["abstain", "approve"], ["approve", "approve"],
         ["disapprove", "abstain"]]


@pytest.fixture
def council(world):
    council = Council.objects.create(agency=world.agency, unit=world.root, kind="emulation", name="Hội đồng TĐKT")
    users = [world.user(f"v{i}") for i in range(5)]
    for user, role in zip(users, ("chair", "vice_chair", "standing", "member", "member"), strict=True):
        CouncilMember.objects.create(council=council, user=user, role=role, term_start=datetime.date(2024, 1, 1))
    secretary = world.user("secretary")
    CouncilMember.objects.create(council=council, user=secretary, role="secretary", term_start=datetime.date(2024, 1, 1))
    meeting = services.schedule_meeting(actor=secretary, council=council, title="Họp", starts_at=timezone.now())
    services.record_attendance(actor=secretary, meeting=meeting, present_ids=[m.pk for m in council.members.all()])
    return {"users": users, "secretary": secretary, "meeting": meeting}


def _poll(council, nominees=("Đức", "Lan")):
    return services.add_poll(actor=council["secretary"], meeting=council["meeting"], title="Xét CSTĐCS",
                             award_code="CSTD_CO_SO", candidates=[{"label": n} for n in nominees])


@pytest.fixture
def counted(council):
    poll = _poll(council)
    played = run_secret_poll(actor=council["secretary"], poll=poll,
                             votes=list(zip(council["users"], VOTES, strict=True)))
    return Poll.objects.get(pk=poll.pk), played


def _database_dump() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — names from introspection
            parts.append(repr(cursor.fetchall()))
    return "\n".join(parts)


def test_an_insider_with_the_database_the_logs_and_any_one_secret_links_no_vote(council, client, caplog):
    caplog.set_level(logging.DEBUG)
    poll = _poll(council)
    client.force_login(council["secretary"])  # the opener sees every page the opening produces
    seen = client.post(f"/councils/polls/{poll.pk}/open/", follow=True).content.decode()
    poll.refresh_from_db()
    trustees = list(poll.trustees.select_related("member__user"))
    codes = {t.index: ballot.new_trustee_code() for t in trustees}
    for step in ("keys", "shares"):
        transports = {t["index"]: t.get("transport") for t in services.board_trustees(poll)}
        for t in trustees:  # each trustee's device posts through the web, as the page's script does
            client.force_login(t.member.user)
            payload = (ballot.trustee_keys(code=codes[t.index], election=str(poll.election), index=t.index, k=2)
                       if step == "keys" else
                       ballot.trustee_shares(code=codes[t.index], election=str(poll.election), index=t.index, k=2,
                                             transports=transports))
            client.post(f"/councils/polls/{poll.pk}/trustee/", {"payload": json.dumps(payload)})
    poll.refresh_from_db()
    assert poll.status == "open"
    for user, choices in zip(council["users"], VOTES, strict=True):
        client.force_login(user)
        content = ballot.encrypt_ballot(election=str(poll.election), public=poll.public_key, choices=choices)
        seen += client.post(f"/councils/polls/{poll.pk}/vote/", {"ballot": json.dumps(content)}).content.decode()
    client.force_login(council["secretary"])
    seen += client.post(f"/councils/polls/{poll.pk}/close/", follow=True).content.decode()
    poll.refresh_from_db()
    logs = "\n".join(r.getMessage() for r in caplog.records)
    everything = _database_dump() + logs + seen
    y = bytes.fromhex(poll.public_key)
    # 1. the whole key is nowhere: no 32-byte value stored, logged or shown is its discrete logarithm
    for token in set(re.findall(r"[0-9a-f]{64}", everything)):
        assert ballot._base(int.from_bytes(bytes.fromhex(token), "little")) != y
    # 2. no trustee code ever reached the server
    for code in codes.values():
        assert code not in everything and code.replace("-", "") not in everything
    # 3. any single trustee's secret (weighted as in any pair) decrypts no ciphertext to 0 or 1
    board = services.board_trustees(poll)
    identity, one = bytes(32), ballot.G
    for t in trustees:
        share = ballot.trustee_secret(code=codes[t.index], election=str(poll.election), index=t.index, k=2,
                                      trustees=board)
        weights = {share} | {share * w % ballot.ORDER for pair in ((1, 2), (1, 3), (2, 3)) if t.index in pair
                             for w in [ballot.lagrange(list(pair))[t.index]]}
        for row in poll.tally_ciphertexts:
            for a, b in row:
                for x in weights:
                    plain = ballot._sub(bytes.fromhex(b), ballot._mul(x, bytes.fromhex(a)))
                    assert plain not in (identity, one)
    # 4. after closing, no order, row id or transaction id pairs a ballot with a voter
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT xmin::text FROM councils_ballot WHERE poll_id = %s", [poll.pk])
            ballot_xids = {x for (x,) in cursor.fetchall()}
            cursor.execute("SELECT xmin::text FROM councils_participation WHERE poll_id = %s", [poll.pk])
            voter_xids = {x for (x,) in cursor.fetchall()}
        assert len(ballot_xids) == 1 and not ballot_xids & voter_xids  # one rewrite for all, after the last vote
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tracker FROM councils_ballot WHERE poll_id = %s ORDER BY rowid", [poll.pk])
            stored = [t for (t,) in cursor.fetchall()]
        assert stored == sorted(stored)  # row order is the public tracker order, nothing else
    # 5. the logs hold no ballot content nor tracker
    for stored in Ballot.objects.filter(poll=poll):
        assert stored.tracker not in logs and stored.content["answers"][0]["choices"][0][0] not in logs


def test_trustees_below_the_threshold_cannot_decrypt(council):
    poll = _poll(council, nominees=("Đức",))
    services.open_poll(actor=council["secretary"], poll=poll)
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
    for user in council["users"]:
        services.cast_vote(user=user, poll=poll, content=ballot.encrypt_ballot(
            election=str(poll.election), public=poll.public_key, choices=["approve"]))
    services.close_poll(actor=council["secretary"], poll=poll)
    count_partials(poll=poll, codes=codes, trustees=trustees[1:2])
    poll.refresh_from_db()
    assert poll.status == "counting" and services.tally(poll) == []  # one trustee is not enough
    partial = {2: poll.trustees.get(index=2).partial}
    with pytest.raises(ballot.BallotError, match="2 trustees are needed"):
        ballot.decrypt(tally=poll.tally_ciphertexts, partials=partial, k=2, ballots=5)
    with pytest.raises(ballot.BallotError, match="does not decrypt"):  # nor is one share taken as the key
        ballot.decrypt(tally=poll.tally_ciphertexts, partials=partial, k=1, ballots=5)
    with pytest.raises(Exception, match="không hợp lệ"):  # a trustee cannot send another's partial as theirs
        services.submit_trustee(user=trustees[2].member.user, poll=poll, payload=partial[2])
    count_partials(poll=poll, codes=codes, trustees=trustees[2:3])
    poll.refresh_from_db()
    assert poll.status == "closed" and services.tally(poll)[0]["approve"] == 5


def test_a_wrong_trustee_code_or_a_forged_ballot_is_refused(council):
    poll = _poll(council, nominees=("Đức",))
    services.open_poll(actor=council["secretary"], poll=poll)
    poll.refresh_from_db()
    chair = poll.trustees.get(index=1)
    keys = ballot.trustee_keys(code=ballot.new_trustee_code(), election=str(poll.election), index=1, k=2)
    forged = {**keys, "commitment_proof": keys["transport_proof"]}
    with pytest.raises(Exception, match="không hợp lệ"):
        services.submit_trustee(user=chair.member.user, poll=poll, payload=forged)
    with pytest.raises(Exception, match="tổ kiểm phiếu"):
        services.submit_trustee(user=council["users"][4], poll=poll, payload=keys)
    chair.refresh_from_db()
    assert chair.keys is None


def test_a_ballot_that_is_not_zero_or_one_is_refused():
    # a voter's device that encrypts 2 approvals with a proof for 1 cannot pass the checks
    election, public = "e", ballot.hx(ballot._base(7))
    honest = ballot.encrypt_ballot(election=election, public=public, choices=["approve"])
    cheat = copy.deepcopy(honest)
    b = bytes.fromhex(cheat["answers"][0]["choices"][0][1])
    cheat["answers"][0]["choices"][0][1] = ballot.hx(ballot._add(b, ballot.G))  # approve counted twice
    ballot.check_ballot(election=election, public=public, nominees=1, content=honest)
    with pytest.raises(ballot.BallotError, match="0 or 1"):
        ballot.check_ballot(election=election, public=public, nominees=1, content=cheat)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(ballot.CHOICES), min_size=2, max_size=2), min_size=0, max_size=6))
def test_the_tally_is_the_sum_of_the_ballots(votes):
    election = "prop"
    codes = {i: ballot.new_trustee_code() for i in (1, 2, 3)}
    trustees = [{"index": i, **ballot.trustee_keys(code=c, election=election, index=i, k=2)} for i, c in codes.items()]
    transports = {t["index"]: t["transport"] for t in trustees}
    for t in trustees:
        t["shares"] = ballot.trustee_shares(code=codes[t["index"]], election=election, index=t["index"], k=2,
                                            transports=transports)
    public = ballot.hx(ballot.public_key(trustees))
    contents = [ballot.encrypt_ballot(election=election, public=public, choices=v) for v in votes]
    tally = ballot.homomorphic_tally(contents, 2)
    partials = {i: ballot.partial_decryption(secret=ballot.trustee_secret(
        code=codes[i], election=election, index=i, k=2, trustees=trustees), election=election, index=i, tally=tally)
        for i in (1, 3)}
    counts = ballot.decrypt(tally=tally, partials=partials, k=2, ballots=len(votes))
    for n in range(2):
        assert counts[n] == [sum(v[n] == c for v in votes) for c in ballot.CHOICES]


def test_a_voter_finds_their_tracker_on_the_board(counted, client, council, world):
    poll, played = counted
    client.force_login(council["users"][2])
    page = client.get(f"/councils/polls/{poll.pk}/", {"tracker": played["trackers"][2]}).content.decode()
    assert "Phiếu của đồng chí có trên bảng tin và đã được kiểm." in page
    page = client.get(f"/councils/polls/{poll.pk}/", {"tracker": "A" * 43}).content.decode()
    assert "Không có phiếu nào mang mã theo dõi này" in page
    board = client.get(f"/councils/polls/{poll.pk}/board.json").json()
    assert played["trackers"][2] in [b["tracker"] for b in board["ballots"]]
    client.logout()
    assert client.get(f"/councils/polls/{poll.pk}/board.json").status_code == 302  # members only by default
    Poll.objects.filter(pk=poll.pk).update(public_board=True)
    assert client.get(f"/councils/polls/{poll.pk}/board.json").status_code == 200
    client.force_login(world.user("stranger"))
    Poll.objects.filter(pk=poll.pk).update(public_board=False)
    assert client.get(f"/councils/polls/{poll.pk}/board.json").status_code == 403


def _point(seed: int) -> str:
    return ballot.hx(ballot._base(seed))


TAMPERING = {
    "a ciphertext": (lambda b: b["ballots"][0]["answers"][0]["choices"][0].__setitem__(1, _point(5)), "ballot "),
    "a ballot proof": (lambda b: b["ballots"][1]["answers"][1]["proofs"][2].__setitem__(0, ballot.hx(3)), "ballot "),
    "a sum proof": (lambda b: b["ballots"][2]["answers"][0]["sum_proof"].__setitem__(1, ballot.hx(9)), "ballot "),
    "a tracker": (lambda b: b["ballots"][0].__setitem__("tracker", b["ballots"][0]["tracker"][:-1] + "x"), "ballot"),
    "a ballot removed": (lambda b: b["ballots"].pop(), "ballots"),
    "a ballot added": (lambda b: b["ballots"].append(copy.deepcopy(b["ballots"][0])), "ballots"),
    "the encrypted tally": (lambda b: b["encrypted_tally"][0][0].__setitem__(1, _point(11)), "encrypted tally"),
    "a partial decryption": (lambda b: b["partial_decryptions"][0]["factors"][0].__setitem__(0, _point(13)),
                             "partial decryption"),
    "a decryption proof": (lambda b: b["partial_decryptions"][1]["proofs"][1][2].__setitem__(0, ballot.hx(4)),
                           "partial decryption"),
    "a trustee's commitment": (lambda b: b["trustees"][1]["commitments"].__setitem__(1, _point(17)),
                               "partial decryption"),  # the trustees' verification keys no longer match
    "the public key": (lambda b: b.__setitem__("public_key", _point(19)), "public key"),
    "a trustee's proof": (lambda b: b["trustees"][2]["commitment_proof"].__setitem__(1, ballot.hx(5)), "trustee 3"),
    "a count": (lambda b: b["result"][0].__setitem__("approve", b["result"][0]["approve"] + 1), "result"),
    "a pass/fail": (lambda b: b["result"][1].__setitem__("passed", not b["result"][1]["passed"]), "result"),
    "the threshold": (lambda b: b["poll"].__setitem__("approval_threshold", "0.2"), "result"),
    "the number of voters": (lambda b: b["poll"].__setitem__("voters", 6), "ballots"),
}


def test_the_verifier_recomputes_the_board_and_names_each_tampered_item(counted, tmp_path):
    poll, _played = counted
    call_command("polls", "export-boards", str(tmp_path))
    path = tmp_path / f"{poll.pk}.json"
    original = json.loads(path.read_text(encoding="utf-8"))
    assert set(original) >= {"poll", "trustees", "public_key", "ballots", "encrypted_tally", "partial_decryptions",
                             "result"}
    public_part = {k: v for k, v in original.items() if k != "trustees"}  # trustees are named, as in Helios
    # no voter (as a whole value: ciphertexts are base64 and may hold "v8"), no time
    assert not re.search(r'"(v\d|secretary)"|\d{4}-\d\d-\d\dT', json.dumps(public_part))
    rows = ballot.verify_board(original)
    assert [(r["approve"], r["disapprove"], r["abstain"]) for r in rows] == [(2, 2, 1), (3, 1, 1)]
    for kind, (tamper, item) in TAMPERING.items():
        board = copy.deepcopy(original)
        tamper(board)
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(board), encoding="utf-8")
        with pytest.raises(CommandError, match=f"FAIL {item}") as failure:
            call_command("polls", "verify", str(bad), "--workers", "1")
        assert failure.value, kind


def test_verify_exits_0_with_the_tally_and_1_naming_the_failure(counted, tmp_path):
    poll, _played = counted
    call_command("polls", "export-boards", str(tmp_path))
    path = tmp_path / f"{poll.pk}.json"
    ok = subprocess.run([sys.executable, "-m", "thidua.cli", "polls", "verify", str(path)], capture_output=True,
                        text=True, check=False)
    assert ok.returncode == 0 and "Đức: approve 2, disapprove 2, abstain 1" in ok.stdout
    board = json.loads(path.read_text(encoding="utf-8"))
    board["ballots"][3]["answers"][0]["choices"][2][0] = _point(23)
    path.write_text(json.dumps(board), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "thidua.cli", "polls", "verify", str(path)], capture_output=True,
                         text=True, check=False)
    assert bad.returncode == 1 and f"FAIL ballot {board['ballots'][3]['tracker']}" in bad.stderr


def test_the_council_chooses_k_of_n(council):
    poll = _poll(council, nominees=("Đức",))
    services.open_poll(actor=council["secretary"], poll=poll, trustee_count=4, trustees_needed=3)
    poll.refresh_from_db()
    trustees = list(poll.trustees.select_related("member__user"))
    assert len(trustees) == 4 and poll.trustees_needed == 3
    codes = {t.index: ballot.new_trustee_code() for t in trustees}
    for t in trustees:
        services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.trustee_keys(
            code=codes[t.index], election=str(poll.election), index=t.index, k=3))
    transports = {t["index"]: t["transport"] for t in services.board_trustees(poll)}
    for t in trustees:
        services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.trustee_shares(
            code=codes[t.index], election=str(poll.election), index=t.index, k=3, transports=transports))
    poll.refresh_from_db()
    for user, choice in zip(council["users"], ("approve", "approve", "abstain", "disapprove", "approve"), strict=True):
        services.cast_vote(user=user, poll=poll, content=ballot.encrypt_ballot(
            election=str(poll.election), public=poll.public_key, choices=[choice]))
    services.close_poll(actor=council["secretary"], poll=poll)
    count_partials(poll=poll, codes=codes, trustees=[trustees[0], trustees[3]])
    poll.refresh_from_db()
    assert poll.status == "counting"  # two of the three needed
    count_partials(poll=poll, codes=codes, trustees=[trustees[2]])
    poll.refresh_from_db()
    assert [(r["approve"], r["disapprove"], r["abstain"]) for r in services.tally(poll)] == [(3, 1, 1)]
    assert ballot.verify_board(services.board(poll))[0]["approve"] == 3


def test_the_agency_chooses_a_public_board_when_adding_a_poll_and_later(council, client, world):
    from thidua.audit.models import AuditEvent

    client.force_login(council["secretary"])
    page = client.get(f"/councils/meetings/{council['meeting'].pk}/").content.decode()
    assert 'name="public_board"' in page and "Công khai bảng tin phiếu bầu cho mọi người" in page
    client.post(f"/councils/meetings/{council['meeting'].pk}/polls/",
                {"title": "Xét CSTĐCS", "secret": "on", "public_board": "on", "candidates": "Đức\nLan"})
    poll = Poll.objects.get(title="Xét CSTĐCS")
    assert poll.public_board
    refused = client.post(f"/councils/meetings/{council['meeting'].pk}/polls/",
                          {"title": "Giơ tay", "public_board": "on", "candidates": "Đức"})
    assert refused.status_code == 400 and "Chỉ cuộc bỏ phiếu kín mới có bảng tin." in refused.content.decode()
    assert not Poll.objects.filter(title="Giơ tay").exists()
    client.force_login(council["users"][3])  # a member who does not run the meeting may not change it
    assert client.post(f"/councils/polls/{poll.pk}/publicity/", {}).status_code == 403
    poll.refresh_from_db()
    assert poll.public_board
    client.force_login(council["secretary"])
    client.post(f"/councils/polls/{poll.pk}/publicity/", {})
    poll.refresh_from_db()
    assert not poll.public_board
    event = AuditEvent.objects.filter(action="poll.public_board", object_id=str(poll.pk)).get()
    assert event.summary == {"public_board": [True, False]}
    client.post(f"/councils/polls/{poll.pk}/publicity/", {"public_board": "on"})
    run_secret_poll(actor=council["secretary"], poll=Poll.objects.get(pk=poll.pk),
                    votes=list(zip(council["users"], VOTES, strict=True)))
    client.logout()
    board = client.get(f"/councils/polls/{poll.pk}/board.json")
    assert board.status_code == 200 and ballot.verify_board(board.json())[0]["approve"] == 2


def _open_poll(council, nominees=("Đức", "Lan")) -> tuple[Poll, dict]:
    """A secret poll open for voting, its key made by its trustees as their devices would."""
    poll = _poll(council, nominees)
    services.open_poll(actor=council["secretary"], poll=poll)
    poll.refresh_from_db()
    trustees = list(poll.trustees.select_related("member__user"))
    codes = {t.index: ballot.new_trustee_code() for t in trustees}
    for step in ("keys", "shares"):
        transports = {t["index"]: t.get("transport") for t in services.board_trustees(poll)}
        for t in trustees:
            services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.trustee_keys(
                code=codes[t.index], election=str(poll.election), index=t.index, k=2) if step == "keys" else
                ballot.trustee_shares(code=codes[t.index], election=str(poll.election), index=t.index, k=2,
                                      transports=transports))
    poll.refresh_from_db()
    return poll, codes


AUDIT_TAMPERING = {
    "a choice": (lambda r: r["choices"].__setitem__(0, "disapprove"), "nominee 1"),
    "a random number": (lambda r: r["randomness"][1].__setitem__(2, ballot.hx(7)), "nominee 2"),
    "the tracker": (lambda r: r.__setitem__("tracker", "A" * 43), "tracker"),
    "a ciphertext": (lambda r: r["ballot"]["answers"][0]["choices"][0].__setitem__(0, _point(11)), "ballot"),
}


@pytest.mark.parametrize("what", sorted(AUDIT_TAMPERING))
def test_an_audited_ballot_shows_its_choices_and_any_change_fails(council, tmp_path, what):
    poll, _codes = _open_poll(council)
    record = ballot.audit_record(election=str(poll.election), public=poll.public_key, choices=["approve", "abstain"])
    assert ballot.audit_ballot(copy.deepcopy(record)) == ["approve", "abstain"]
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "thidua.cli", "polls", "audit", str(path)], capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0 and "approve, abstain" in out.stdout
    change, item = AUDIT_TAMPERING[what]
    change(record)
    with pytest.raises(ballot.BallotError) as failed:
        ballot.audit_ballot(record)
    assert failed.value.item.startswith(item)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_voter_audits_a_ballot_in_the_browser_then_casts_another(browser, council):
    """Benaloh's cast or audit: the audited ballot is checked here from what the page shows, and is never cast."""
    from tests.test_browser import login, new_page
    from thidua.councils.models import Participation

    poll, _codes = _open_poll(council, nominees=("Đức",))
    page = new_page(browser)
    login(page, council["users"][4].username)
    page.goto(f"/councils/polls/{poll.pk}/")
    page.get_by_label("Không đồng ý", exact=True).check()
    page.get_by_test_id("audit").click()
    record = json.loads(page.locator("#audit-record").input_value())
    assert ballot.audit_ballot(record) == ["disapprove"]
    assert page.get_by_test_id("audit-result").locator("code").inner_text() == record["tracker"]
    assert not Participation.objects.filter(poll=poll).exists() and not Ballot.objects.filter(poll=poll).exists()
    page.get_by_role("button", name="Mã hóa và bỏ phiếu").click()
    page.get_by_test_id("tracker-match").wait_for()
    cast = page.get_by_test_id("tracker").inner_text()
    assert cast != record["tracker"] and list(Ballot.objects.values_list("tracker", flat=True)) == [cast]
    alphas = {ct[0] for ct in Ballot.objects.get().content["answers"][0]["choices"]}
    assert not alphas & {ct[0] for ct in record["ballot"]["answers"][0]["choices"]}  # fresh randomness


def test_a_vote_through_the_api_leaves_no_event_and_no_time(council, client):
    """Who voted is the participation list; no audit or access event records a voter's vote or its time."""
    from thidua.accounts.models import ApiToken, TokenScope
    from thidua.audit.models import AuditEvent

    poll, _codes = _open_poll(council)
    _token, raw = ApiToken.issue(user=council["users"][1], name="phone", scope=TokenScope.WRITE)
    before = AuditEvent.objects.count()
    body = {"ballot": ballot.encrypt_ballot(election=str(poll.election), public=poll.public_key,
                                            choices=["approve", "disapprove"])}
    answer = client.post(f"/api/polls/{poll.pk}/vote", body, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 201 and Ballot.objects.filter(poll=poll, tracker=answer.json()["tracker"]).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("what", ["a ciphertext", "the encrypted tally", "nothing"])
def test_the_verifier_in_several_processes_finds_what_one_process_finds(counted, monkeypatch, what):
    poll, _played = counted
    board = services.board(poll)
    if what == "a ciphertext":
        TAMPERING["a ciphertext"][0](board)
    elif what == "the encrypted tally":
        board["encrypted_tally"][1][0][1] = _point(8)
    monkeypatch.setattr(ballot, "POOL_FROM", 0)  # a congress's board: proofs checked by worker processes
    outcomes = []
    for workers in (1, 2):
        try:
            outcomes.append(ballot.verify_board(copy.deepcopy(board), workers=workers))
        except ballot.BallotError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]
    assert (outcomes[1][0]["approve"] == 2) if what == "nothing" else outcomes[1].startswith(
        "ballot " if what == "a ciphertext" else "encrypted tally")
