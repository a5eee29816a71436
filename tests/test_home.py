"""The home page tells each role what needs it today, with times in local time."""

import datetime

from django.utils import timezone

from thidua.accounts.models import Role
from thidua.councils.models import Council, CouncilMember, Meeting, Participation, Poll
from thidua.nominations import services as nominations
from thidua.organization.models import YearlyRating


def _council(world):
    council = Council.objects.create(agency=world.agency, unit=world.root, kind="emulation", name="Hội đồng TĐKT")
    member = world.user("uyvien")  # a seat on the council and no role on any unit
    seat = CouncilMember.objects.create(council=council, user=member, role="member",
                                        term_start=datetime.date(2024, 1, 1))
    # 01:30 UTC tomorrow is 08:30 in Hà Nội
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts = datetime.datetime.combine(tomorrow, datetime.time(1, 30), tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(council=council, title="Phiên họp xét khen thưởng", starts_at=starts)
    poll = Poll.objects.create(meeting=meeting, title="Xét Chiến sĩ thi đua cơ sở", status="open")
    return member, seat, meeting, poll


def test_a_council_member_without_unit_roles_sees_the_poll_to_vote_in_and_the_meeting_in_local_time(world, client):
    member, seat, meeting, poll = _council(world)
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "No role has been granted" not in page and "Chưa được cấp vai trò" not in page
    assert poll.get_absolute_url() in page and meeting.get_absolute_url() in page
    local = timezone.localtime(meeting.starts_at)
    assert local.strftime("%d/%m/%Y 08:30") in page and "01:30" not in page
    Participation.objects.create(poll=poll, member=seat)
    assert poll.get_absolute_url() not in client.get("/").content.decode()


def test_officer_sees_dossiers_to_appraise_and_leader_sees_drafts_and_open_rounds(world, officer, client):
    leader = world.user("leader", Role.UNIT_LEADER, world.div_a1)
    person = world.person("H1", "Trần Thị Lan")
    YearlyRating.objects.create(person=person, year=2025, rating="HTTNV")
    round_ = nominations.open_round(actor=officer, unit=world.root, title="Khen thưởng năm 2025", year=2025,
                                    award_codes=["LDTT"],
                                    nomination_deadline=timezone.localdate() + datetime.timedelta(days=10))
    nomination = nominations.nominate(actor=leader, round_=round_, award_code="LDTT", person=person)
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert nomination.get_absolute_url() in page and round_.get_absolute_url() in page
    client.force_login(officer)
    assert f"/rounds/{round_.pk}/?state=submitted" not in client.get("/").content.decode()
    nomination.state = "submitted"
    nomination.save(update_fields=["state"])
    assert f"/rounds/{round_.pk}/?state=submitted" in client.get("/").content.decode()
    client.force_login(world.user("outsider", Role.EMULATION_OFFICER, world.other_root))
    page = client.get("/").content.decode()
    assert f"/rounds/{round_.pk}/" not in page and 'data-testid="nothing"' in page


def test_a_user_without_any_role_or_seat_is_told_to_ask_for_one(world, client):
    client.force_login(world.user("newcomer"))
    page = client.get("/").content.decode()
    assert 'alert-warning' in page
