"""Councils: quorum, thresholds, secret polls end to end, show of hands, minutes, API. The cryptography of secret
ballots, the insider and the bulletin board are in test_ballots.py."""

import datetime
import io
import json
import re
import threading

import pytest
from decree30 import assert_decree30
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from docx import Document

from thidua.audit.models import AuditEvent
from thidua.councils import ballot, services
from thidua.councils.demo import run_secret_poll
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
    """A secret poll voted and counted as the devices would (trustees' and voters' browsers)."""
    council.attend(len(council.members))
    poll = council.poll(nominees, award)
    played = run_secret_poll(actor=council.secretary, poll=poll,
                             votes=[(u, list(v)) for u, v in zip(council.users, votes, strict=True)])
    return Poll.objects.get(pk=poll.pk), played


def _ready(council, present=5, nominees=("Đức", "Lan")):
    """A secret poll whose trustees have made the key, open for voting; returns (poll, trustee codes)."""
    council.attend(present)
    poll = council.poll(nominees)
    services.open_poll(actor=council.secretary, poll=poll)
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
    return poll, codes


def _encrypt(poll, choices):
    return ballot.encrypt_ballot(election=str(poll.election), public=poll.public_key, choices=choices)


def test_secret_poll_end_to_end_with_threshold(council):
    votes = [["approve", "approve"], ["approve", "disapprove"], ["approve", "approve"], ["approve", "abstain"],
             ["disapprove", "approve"]]
    poll, played = _run(council, votes, ("Đức", "Lan"))
    assert [t.member.role for t in poll.trustees.all()] == ["chair", "vice_chair", "standing"]
    assert poll.status == "closed" and services.progress(poll)["voted"] == 5
    rows = services.tally(poll)
    # CSTĐCS needs 70% of all 5 members: 4 approvals
    assert [(r["approve"], r["disapprove"], r["abstain"], r["needed"], r["passed"]) for r in rows] == [
        (4, 1, 0, 4, True), (3, 1, 1, 4, False)]
    assert rows[0]["approval_ratio"] == 0.8
    assert sorted(b["tracker"] for b in services.board(poll)["ballots"]) == sorted(played["trackers"])


def test_results_stay_sealed_until_the_trustees_count(council):
    poll, codes = _ready(council)
    assert poll.status == "open" and len(poll.public_key) == 64
    services.cast_vote(user=council.users[0], poll=poll, content=_encrypt(poll, ["approve", "approve"]))
    assert services.tally(poll) == [] and services.board(poll) is None
    services.close_poll(actor=council.secretary, poll=poll)
    poll.refresh_from_db()
    assert poll.status == "counting" and services.tally(poll) == []
    with pytest.raises(ValidationError, match="không trong thời gian bỏ phiếu"):
        services.cast_vote(user=council.users[1], poll=poll, content=_encrypt(poll, ["approve", "approve"]))


def test_cstd_bo_needs_ninety_percent(council):
    poll, _played = _run(council, [["approve"]] * 4 + [["abstain"]], award="CSTD_BO")
    assert services.tally(poll)[0]["needed"] == 5 and services.tally(poll)[0]["passed"] is False


def test_bad_votes_are_refused_and_store_nothing(council, world):
    poll = council.poll(("Đức", "Lan"))
    with pytest.raises(ValidationError, match="không trong thời gian bỏ phiếu"):
        services.cast_vote(user=council.users[0], poll=poll, content={})
    poll, _codes = _ready(council, present=4)  # the fifth member is absent
    good = _encrypt(poll, ["approve", "approve"])
    services.cast_vote(user=council.users[0], poll=poll, content=good)
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.cast_vote(user=council.users[0], poll=poll, content=_encrypt(poll, ["disapprove", "approve"]))
    with pytest.raises(ValidationError, match="chưa được điểm danh"):
        services.cast_vote(user=council.users[4], poll=poll, content=_encrypt(poll, ["approve", "approve"]))
    with pytest.raises(PermissionDenied):
        services.cast_vote(user=world.user("outsider"), poll=poll, content=_encrypt(poll, ["approve", "approve"]))
    with pytest.raises(PermissionDenied):
        services.cast_vote(user=council.secretary, poll=poll, content=_encrypt(poll, ["approve", "approve"]))
    with pytest.raises(ValidationError, match="sao chép"):  # a replayed ballot would reveal the copied vote
        services.cast_vote(user=council.users[1], poll=poll, content=good)
    assert Ballot.objects.count() == Participation.objects.count() == 1
    with pytest.raises(ValidationError, match="không thể mở lại"):
        services.open_poll(actor=council.secretary, poll=poll)


def test_audit_records_the_poll_steps_but_no_ballot(council):
    poll, played = _run(council, [["approve"]] * 5)
    actions = list(AuditEvent.objects.filter(object_type="councils.poll").order_by("seq").values_list("action", flat=True))
    assert actions == ["poll.add", "poll.open", *["poll.trustee_keys"] * 3, *["poll.trustee_shares"] * 3,
                       "poll.key_ready", "poll.close", *["poll.trustee_partial"] * 2, "poll.count"]
    dump = json.dumps(list(AuditEvent.objects.values("summary", "actor_name")), ensure_ascii=False)
    assert not any(t in dump for t in played["trackers"])
    assert '"approve": 5' in dump


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_counts_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")
    council = Setting(world)
    poll, _codes = _ready(council, nominees=("Đức",))
    contents = [_encrypt(poll, ["approve"]) for _ in range(6)]
    results = []

    def submit(content):
        try:
            results.append(services.cast_vote(user=council.users[0], poll=poll, content=content))
        except ValidationError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in contents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, str) for r in results) == 1
    assert Ballot.objects.filter(poll=poll).count() == Participation.objects.filter(poll=poll).count() == 1


def test_show_of_hands_is_recorded_by_the_secretary(council):
    council.attend(5)
    poll = council.poll(("Phòng Thư ký",), award="", secret=False)
    assert services.open_poll(actor=council.secretary, poll=poll).status == "open"
    with pytest.raises(ValidationError):
        services.record_show_of_hands(actor=council.secretary, poll=poll,
                                      counts=[{"approve": 5, "disapprove": 1, "abstain": 0}])
    services.record_show_of_hands(actor=council.secretary, poll=poll,
                                  counts=[{"approve": 3, "disapprove": 2, "abstain": 0}])
    assert services.tally(Poll.objects.get(pk=poll.pk))[0]["passed"] is True  # half of 5 → 3


def test_minutes_docx_holds_attendance_quorum_and_tally(council, client):
    _run(council, [["approve"]] * 4 + [["disapprove"]])
    client.force_login(council.secretary)
    response = client.get(f"/councils/meetings/{council.meeting.pk}/minutes.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells[1] or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "".join(cells)
    assert "BIÊN BẢN HỌP" in text and "Có mặt 5/5" in text
    assert "Nguyễn Văn Đức" in cells and "Đạt" in cells and "80.00%" in cells


def test_web_vote_takes_an_encrypted_ballot_and_pages_hide_results(council, client, world):
    poll, codes = _ready(council, nominees=("Đức",))
    client.force_login(council.users[3])
    page = client.get(f"/councils/polls/{poll.pk}/").content.decode()
    assert f'data-public-key="{poll.public_key}"' in page and "noble-ristretto255" in page
    assert client.post(f"/councils/polls/{poll.pk}/vote/", {"c0": "approve"}).status_code == 302  # plain text refused
    assert Ballot.objects.count() == 0
    content = _encrypt(poll, ["approve"])
    response = client.post(f"/councils/polls/{poll.pk}/vote/", {"ballot": json.dumps(content)})
    tracker = ballot.tracker(content)
    assert f'data-tracker="{tracker}"' in response.content.decode()
    assert client.post(f"/councils/polls/{poll.pk}/vote/", {"ballot": json.dumps(content)}).status_code == 302
    client.force_login(world.admin)
    for url in (f"/councils/polls/{poll.pk}/", f"/api/polls/{poll.pk}/tally"):
        body = client.get(url).content.decode()
        # the voter's name (m3) nowhere after the menu; as a whole word, for tokens and keys are random text
        assert tracker not in body and not re.search(r"(?<![\w-])m3(?![\w-])", body.split("</nav>")[-1])
    assert client.get(f"/api/polls/{poll.pk}/tally").json() == []
    assert client.get(f"/councils/polls/{poll.pk}/board.json").status_code == 404
    client.force_login(world.user("stranger"))
    assert client.get(f"/councils/polls/{poll.pk}/").status_code == 403


def test_api_trustees_vote_close_and_board(council, client):
    council.attend(5)
    client.force_login(council.secretary)
    poll = client.post(f"/api/meetings/{council.meeting.pk}/polls",
                       {"title": "Bằng khen", "award_code": "BANG_KHEN_BO", "candidates": [{"label": "Đức"}]},
                       content_type="application/json").json()
    opened = client.post(f"/api/polls/{poll['id']}/open").json()
    assert opened["status"] == "keys" and opened["trustees_needed"] == 2
    trustees = {t.index: t for t in Poll.objects.get(pk=poll["id"]).trustees.select_related("member__user")}
    codes = {i: ballot.new_trustee_code() for i in trustees}
    for i, t in trustees.items():
        client.force_login(t.member.user)
        keys = ballot.trustee_keys(code=codes[i], election=opened["election"], index=i, k=2)
        assert client.post(f"/api/polls/{poll['id']}/trustee", {"payload": keys},
                           content_type="application/json").json() == {"step": "keys"}
    transports = {t["index"]: t["transport"] for t in client.get(f"/api/polls/{poll['id']}/trustees").json()["trustees"]}
    for i, t in trustees.items():
        client.force_login(t.member.user)
        shares = ballot.trustee_shares(code=codes[i], election=opened["election"], index=i, k=2, transports=transports)
        client.post(f"/api/polls/{poll['id']}/trustee", {"payload": shares}, content_type="application/json")
    public = client.get(f"/api/polls/{poll['id']}").json()["public_key"]
    for user in council.users:
        client.force_login(user)
        content = ballot.encrypt_ballot(election=opened["election"], public=public, choices=["approve"])
        response = client.post(f"/api/polls/{poll['id']}/vote", {"ballot": content}, content_type="application/json")
        assert response.status_code == 201 and response.json() == {"tracker": ballot.tracker(content)}
    response = client.post(f"/api/polls/{poll['id']}/vote", {"ballot": content}, content_type="application/json")
    assert response.status_code == 422 and "đã bỏ phiếu" in response.json()["detail"]
    client.force_login(council.secretary)
    assert client.post(f"/api/polls/{poll['id']}/close").json()["status"] == "counting"
    state = client.get(f"/api/polls/{poll['id']}/trustees").json()
    for i in (2, 3):
        client.force_login(trustees[i].member.user)
        secret = ballot.trustee_secret(code=codes[i], election=opened["election"], index=i, k=2,
                                       trustees=state["trustees"])
        partial = ballot.partial_decryption(secret=secret, election=opened["election"], index=i,
                                            tally=state["encrypted_tally"])
        client.post(f"/api/polls/{poll['id']}/trustee", {"payload": partial}, content_type="application/json")
    tally = client.get(f"/api/polls/{poll['id']}/tally").json()
    assert tally[0]["approve"] == 5 and tally[0]["passed"] is True
    board = client.get(f"/api/polls/{poll['id']}/board").json()
    assert ballot.verify_board(board)[0]["approve"] == 5


def test_minutes_pdf_holds_the_tally(council, client):
    from pypdf import PdfReader

    _run(council, [["approve"]] * 4 + [["disapprove"]])
    client.force_login(council.secretary)
    content = client.get(f"/councils/meetings/{council.meeting.pk}/minutes.pdf").content
    meeting = council.meeting
    text = assert_decree30(content, issuer=meeting.council.name, number=f"…/BB-{meeting.council.pk:02d}",
                           title="Biên bản họp", signer="Chủ tịch Hội đồng")
    assert PdfReader(io.BytesIO(content)).pages
    assert "BIÊN BẢN HỌP" in text and "Nguyễn Văn Đức" in text and "80.00%" in text and "Đạt" in text
