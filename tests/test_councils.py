"""Councils: quorum, thresholds, secret ballots (secrecy and integrity), show of hands, minutes, API."""

import datetime
import io
import json
import logging
import re
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.audit.models import AuditEvent
from thidua.councils import ballot, services
from thidua.councils.models import Ballot, Council, CouncilMember, Participation, Poll

ROLES = ["chair", "vice_chair", "standing", "member", "member"]


class Setting:
    def __init__(self, world, size=5):
        self.world = world
        self.council = Council.objects.create(agency=world.agency, unit=world.root, kind="emulation",
                                              name="Hội đồng Thi đua - Khen thưởng")
        self.users = [world.user(f"m{i}") for i in range(size)]
        self.members = [CouncilMember.objects.create(council=self.council, user=u, role=ROLES[min(i, 4)],
                                                     term_start=datetime.date(2024, 1, 1))
                        for i, u in enumerate(self.users)]
        self.secretary = world.user("secretary")
        CouncilMember.objects.create(council=self.council, user=self.secretary, role="secretary",
                                     term_start=datetime.date(2024, 1, 1))
        self.meeting = services.schedule_meeting(actor=self.secretary, council=self.council, title="Họp xét năm 2025",
                                                 starts_at=timezone.now())

    def attend(self, count):
        return services.record_attendance(actor=self.secretary, meeting=self.meeting,
                                          present_ids=[m.pk for m in self.members[:count]])

    def poll(self, nominees=("Nguyễn Văn Đức",), award="CSTD_CO_SO", secret=True):
        return services.add_poll(actor=self.secretary, meeting=self.meeting, title="Xét CSTĐCS", award_code=award,
                                 secret=secret, candidates=[{"label": n} for n in nominees])


@pytest.fixture
def council(world):
    return Setting(world)


def test_quorum_is_two_thirds_of_voting_members(council):
    assert council.attend(3).met is False  # 3 of 5 < two thirds; the secretary does not count
    poll = council.poll()
    with pytest.raises(ValidationError, match="Không đủ số thành viên"):
        services.open_poll(actor=council.secretary, poll=poll)
    state = council.attend(4)
    assert (state.present, state.members, state.required, state.met) == (4, 5, 4, True)
    assert services.needed(9, 0.6667) == 6 and services.needed(10, 0.6667) == 7


def _run(council, votes, nominees=("Nguyễn Văn Đức",), award="CSTD_CO_SO"):
    council.attend(len(council.members))
    poll = council.poll(nominees, award)
    shares = services.open_poll(actor=council.secretary, poll=poll)
    receipts = [services.cast_vote(user=u, poll=poll, choices=list(v)) for u, v in zip(council.users, votes, strict=True)]
    return poll, shares, receipts


def test_secret_poll_end_to_end_with_threshold(council):
    votes = [["approve", "approve"], ["approve", "disapprove"], ["approve", "approve"], ["approve", "abstain"],
             ["disapprove", "approve"]]
    poll, shares, receipts = _run(council, votes, ("Đức", "Lan"))
    assert [m.role for m, _c in shares] == ["chair", "vice_chair", "standing"]
    assert services.progress(poll) == {"voted": 5, "eligible": 5, "status": "open"}
    assert services.tally(poll) == [] and services.receipts(poll) == []  # sealed while open
    with pytest.raises(ValidationError):
        services.close_poll(actor=council.secretary, poll=poll, share_codes=[shares[0][1], shares[0][1]])
    with pytest.raises(ValidationError):
        services.close_poll(actor=council.secretary, poll=poll, share_codes=[shares[0][1], "2-" + "0" * 32])
    assert Poll.objects.get(pk=poll.pk).status == "open"
    poll = services.close_poll(actor=council.secretary, poll=poll, share_codes=[shares[2][1], shares[0][1]])
    rows = services.tally(poll)
    # CSTĐCS needs 70% of all 5 members: 4 approvals
    assert [(r["approve"], r["disapprove"], r["abstain"], r["needed"], r["passed"]) for r in rows] == [
        (4, 1, 0, 4, True), (3, 1, 1, 4, False)]
    assert rows[0]["approval_ratio"] == 0.8
    assert sorted(r["receipt"] for r in services.receipts(poll)) == sorted(receipts)
    assert bytes(poll.wrapped_key) == b""  # the key can never be opened again


def test_cstd_bo_needs_ninety_percent(council):
    poll, shares, _r = _run(council, [["approve"]] * 4 + [["abstain"]], award="CSTD_BO")
    poll = services.close_poll(actor=council.secretary, poll=poll, share_codes=[s for _m, s in shares[:2]])
    assert services.tally(poll)[0]["needed"] == 5 and services.tally(poll)[0]["passed"] is False


def test_bad_votes_are_refused_and_store_nothing(council, world):
    council.attend(4)  # the fifth member is absent
    poll = council.poll(("Đức", "Lan"))
    with pytest.raises(ValidationError, match="không trong thời gian bỏ phiếu"):
        services.cast_vote(user=council.users[0], poll=poll, choices=["approve", "approve"])
    shares = services.open_poll(actor=council.secretary, poll=poll)
    services.cast_vote(user=council.users[0], poll=poll, choices=["approve", "approve"])
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.cast_vote(user=council.users[0], poll=poll, choices=["disapprove", "approve"])
    with pytest.raises(ValidationError, match="chưa được điểm danh"):
        services.cast_vote(user=council.users[4], poll=poll, choices=["approve", "approve"])
    with pytest.raises(PermissionDenied):
        services.cast_vote(user=world.user("outsider"), poll=poll, choices=["approve", "approve"])
    with pytest.raises(PermissionDenied):
        services.cast_vote(user=council.secretary, poll=poll, choices=["approve", "approve"])
    for tampered in (["approve"], ["approve", "yes"], ["approve", "approve", "approve"]):
        with pytest.raises(ValidationError, match="không khớp"):
            services.cast_vote(user=council.users[1], poll=poll, choices=tampered)
    assert Ballot.objects.count() == Participation.objects.count() == 1
    services.close_poll(actor=council.secretary, poll=poll, share_codes=[s for _m, s in shares[1:]])
    with pytest.raises(ValidationError, match="không trong thời gian bỏ phiếu"):
        services.cast_vote(user=council.users[1], poll=poll, choices=["approve", "approve"])
    with pytest.raises(ValidationError, match="không thể mở lại"):
        services.open_poll(actor=council.secretary, poll=poll)


def test_audit_records_open_close_and_tally_but_no_ballot(council):
    poll, shares, receipts = _run(council, [["approve"]] * 5)
    services.close_poll(actor=council.secretary, poll=poll, share_codes=[s for _m, s in shares[:2]])
    actions = list(AuditEvent.objects.filter(object_type="councils.poll").order_by("seq").values_list("action", flat=True))
    assert actions == ["poll.add", "poll.open", "poll.close"]
    dump = json.dumps(list(AuditEvent.objects.values("summary", "actor_name")), ensure_ascii=False)
    assert not any(r in dump for r in receipts)
    assert '"approve": 5' in dump


def _database_dump() -> str:
    """Every value of every table, as an attacker with full database access reads it."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — names from introspection
            parts.append(repr(cursor.fetchall()))
    return "\n".join(parts)


def test_ballots_carry_nothing_that_links_them_to_a_voter(council):
    columns = {f.column: f for f in Ballot._meta.concrete_fields}
    assert set(columns) == {"id", "poll_id", "receipt", "ciphertexts"}
    assert columns["id"].get_internal_type() == "UUIDField"  # random, not ordered
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField", "AutoField", "BigAutoField")
                   for f in columns.values())
    assert {f.column for f in Participation._meta.concrete_fields} == {"id", "poll_id", "member_id"}
    assert Ballot._meta.ordering == ["receipt"]


def test_an_attacker_with_the_whole_database_and_logs_cannot_learn_a_vote(council, caplog):
    """Link rows by insertion order, row ids or transaction ids: the ballot text stays unreadable."""
    caplog.set_level(logging.DEBUG)
    votes = [["approve"], ["disapprove"], ["abstain"], ["approve"], ["disapprove"]]
    poll, shares, receipts = _run(council, votes)
    services.close_poll(actor=council.secretary, poll=poll, share_codes=[s for _m, s in shares[:2]])
    # 1. pair voters and ballots in the order the database keeps them (rowid on SQLite, xmin on PostgreSQL)
    order = "xmin::text::bigint, ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ciphertexts FROM councils_ballot ORDER BY {order}")  # noqa: S608 — constant
        ballots = [json.loads(c) if isinstance(c, str) else c for (c,) in cursor.fetchall()]
    assert len(ballots) == 5
    n = int(Poll.objects.get(pk=poll.pk).public_key)
    # 2. the content is no plaintext choice, and re-encrypting each possible choice never reproduces it
    for stored in ballots:
        assert not set(json.dumps(stored)) & set("adefghijklmnopqrstuvwxyz")
        for choice in ballot.CHOICES:
            assert ballot.encrypt_ballot(str(n), [choice]) != stored
    # 3. no number anywhere in the database or the logs factors the key, and no trustee share is kept
    text = _database_dump() + "\n".join(r.getMessage() for r in caplog.records)
    for number in {int(x) for x in re.findall(r"\d{100,}", text)}:
        assert number in (n, n * n) or number % n != 0 or number == 0
        assert number == n or n % number != 0
    for _member, code in shares:
        assert code.split("-")[1] not in text and code.split("-")[1].lower() not in text
    # 4. the logs name no receipt
    assert not any(r in "\n".join(m.getMessage() for m in caplog.records) for r in receipts)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(ballot.CHOICES), min_size=3, max_size=3), min_size=0, max_size=12))
def test_the_tally_is_the_sum_of_the_ballots(votes):
    public, sealed, codes = ballot.seal(3)
    stored = [ballot.encrypt_ballot(public, v) for v in votes]
    counts = ballot.decrypt_tally(public, sealed, codes[1:], ballot.add(public, stored, 3), 3)
    for i in range(3):
        assert counts[i] == {c: sum(v[i] == c for v in votes) for c in ballot.CHOICES}


def test_many_nominees_span_several_ciphertexts():
    public, sealed, codes = ballot.seal(3)
    votes = [["approve"] * 30 + ["abstain"] * 30, ["disapprove"] * 60]
    stored = [ballot.encrypt_ballot(public, v) for v in votes]
    assert len(stored[0]) == 3
    counts = ballot.decrypt_tally(public, sealed, codes[:2], ballot.add(public, stored, 60), 60)
    assert counts[0] == {"approve": 1, "disapprove": 1, "abstain": 0}
    assert counts[59] == {"approve": 0, "disapprove": 1, "abstain": 1}


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_counts_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    council = Setting(world)
    council.attend(5)
    poll = council.poll()
    services.open_poll(actor=council.secretary, poll=poll)
    results = []

    def submit():
        try:
            results.append(services.cast_vote(user=council.users[0], poll=poll, choices=["approve"]))
        except ValidationError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, str) for r in results) == 1
    assert Ballot.objects.filter(poll=poll).count() == Participation.objects.filter(poll=poll).count() == 1


def test_show_of_hands_is_recorded_by_the_secretary(council):
    council.attend(5)
    poll = council.poll(("Phòng Thư ký",), award="", secret=False)
    assert services.open_poll(actor=council.secretary, poll=poll) == []
    with pytest.raises(ValidationError):
        services.record_show_of_hands(actor=council.secretary, poll=poll,
                                      counts=[{"approve": 5, "disapprove": 1, "abstain": 0}])
    services.record_show_of_hands(actor=council.secretary, poll=poll,
                                  counts=[{"approve": 3, "disapprove": 2, "abstain": 0}])
    assert services.tally(Poll.objects.get(pk=poll.pk))[0]["passed"] is True  # half of 5 → 3


def test_minutes_docx_holds_attendance_quorum_and_tally(council, client):
    poll, shares, _r = _run(council, [["approve"]] * 4 + [["disapprove"]])
    services.close_poll(actor=council.secretary, poll=poll, share_codes=[s for _m, s in shares[:2]])
    client.force_login(council.secretary)
    response = client.get(f"/councils/meetings/{council.meeting.pk}/minutes.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells[1] or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "".join(cells)
    assert "BIÊN BẢN HỌP" in text and "Có mặt 5/5" in text
    assert "Nguyễn Văn Đức" in cells and "Đạt" in cells and "80.00%" in cells


def test_web_vote_gives_a_receipt_and_pages_hide_results(council, client, world):
    council.attend(5)
    poll = council.poll(("Đức",))
    client.force_login(council.secretary)
    page = client.post(f"/councils/polls/{poll.pk}/open/").content.decode()
    codes = re.findall(r'data-testid="share">([0-9]-[0-9A-F]{32})<', page)
    assert len(codes) == 3
    client.force_login(council.users[3])
    response = client.post(f"/councils/polls/{poll.pk}/vote/", {"c0": "approve"})
    receipt = re.search(r'data-testid="receipt">([0-9A-F]{10})<', response.content.decode()).group(1)
    assert client.post(f"/councils/polls/{poll.pk}/vote/", {"c0": "approve"}).status_code == 302  # refused
    client.force_login(world.admin)
    for url in (f"/councils/polls/{poll.pk}/", f"/api/polls/{poll.pk}/tally", f"/api/polls/{poll.pk}/receipts"):
        body = client.get(url).content.decode()
        assert receipt not in body and "m3" not in body.split("</nav>")[-1]
    assert client.get(f"/api/polls/{poll.pk}/tally").json() == []
    client.force_login(council.secretary)
    client.post(f"/councils/polls/{poll.pk}/close/", {"share_1": codes[0], "share_2": codes[2]})
    body = client.get(f"/councils/polls/{poll.pk}/").content.decode()
    assert receipt in body
    client.force_login(world.user("stranger"))
    assert client.get(f"/councils/polls/{poll.pk}/").status_code == 403


def test_api_vote_and_close(council, client):
    council.attend(5)
    client.force_login(council.secretary)
    poll = client.post(f"/api/meetings/{council.meeting.pk}/polls",
                       {"title": "Bằng khen", "award_code": "BANG_KHEN_BO", "candidates": [{"label": "Đức"}]},
                       content_type="application/json").json()
    shares = client.post(f"/api/polls/{poll['id']}/open").json()
    for user in council.users:
        client.force_login(user)
        response = client.post(f"/api/polls/{poll['id']}/vote", {"choices": ["approve"]},
                               content_type="application/json")
        assert response.status_code == 201 and set(response.json()) == {"receipt"}
    response = client.post(f"/api/polls/{poll['id']}/vote", {"choices": ["approve"]}, content_type="application/json")
    assert response.status_code == 422 and "đã bỏ phiếu" in response.json()["detail"]
    client.force_login(council.secretary)
    tally = client.post(f"/api/polls/{poll['id']}/close", {"share_codes": [s["share_code"] for s in shares[:2]]},
                        content_type="application/json").json()
    assert tally[0]["approve"] == 5 and tally[0]["passed"] is True


def test_minutes_pdf_holds_the_tally(council, client):
    from pypdf import PdfReader

    poll, shares, _r = _run(council, [["approve"]] * 4 + [["disapprove"]])
    services.close_poll(actor=council.secretary, poll=poll, share_codes=[s for _m, s in shares[:2]])
    client.force_login(council.secretary)
    pdf = PdfReader(io.BytesIO(client.get(f"/councils/meetings/{council.meeting.pk}/minutes.pdf").content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "BIÊN BẢN HỌP" in text and "Nguyễn Văn Đức" in text and "80.00%" in text and "Đạt" in text
