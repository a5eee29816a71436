"""Reminders in the application and by e-mail through a real SMTP server (aiosmtpd, started here): pledges
and scores due, dossiers waiting, disclosures ending, polls open, targets at risk, follow-up due; each
user's settings; a daily digest that never repeats itself."""

import datetime
import email
import socket
from decimal import Decimal

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.councils.models import Council, CouncilMember, Meeting, Poll
from thidua.inspections import services as inspections
from thidua.movements import services as movement_services
from thidua.nominations.models import Disclosure, Nomination, Round
from thidua.notifications import services
from thidua.notifications.models import Notification, Preference
from thidua.notifications.reminders import collect_all

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.DEFAULT_FROM_EMAIL = "thidua <thidua@vpqh.local>"
    yield inbox
    controller.stop()


def body_of(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


@pytest.fixture
def movement(world, officer):
    rubric = movement_services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí")
    movement_services.add_criterion(actor=officer, rubric=rubric, group="Nhiệm vụ", code="A1", name="Hoàn thành",
                                    max_score=10)
    return movement_services.launch(
        actor=officer, title="Thi đua chuyển đổi số", year=TODAY.year, rubric=rubric, unit=world.root,
        participants=[world.dept_a, world.dept_b], starts_on=TODAY - 30 * DAY, ends_on=TODAY + 60 * DAY,
        registration_until=TODAY + 3 * DAY, reporting_until=TODAY + 20 * DAY, scoring_from=TODAY + 21 * DAY,
        scoring_until=TODAY + 30 * DAY)


def test_digest_mails_each_user_once_through_a_real_smtp_server(world, officer, movement, smtp):
    world.user("leader_a", Role.UNIT_LEADER, world.dept_a)
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)
    movement_services.pledge(actor=leader_b, movement=movement, unit=world.dept_b, targets={"A1": "100%"})
    quiet = world.user("quiet", Role.UNIT_LEADER, world.dept_a)
    services.save_preferences(actor=quiet, choices={"pledge_due": (True, False)})

    call_command("digest", day=TODAY)

    to = {address for recipients, _message in smtp.messages for address in recipients}
    assert to == {"leader_a@x.vn", "officer@x.vn"}  # the officer covers the whole agency; leader_b has signed
    recipients, message = next(m for m in smtp.messages if m[0] == ["leader_a@x.vn"])
    assert "nhắc việc" in str(email.header.make_header(email.header.decode_header(message["Subject"])))
    text = body_of(message)
    assert "Thi đua chuyển đổi số" in text and "Vụ Tổng hợp" not in text.split("\n")[0]
    assert f"/movements/{movement.pk}/units/{world.dept_a.pk}/" in text
    # the quiet leader sees it in the application, not by e-mail
    assert Notification.objects.filter(user=quiet, kind="pledge_due").exists()

    call_command("digest", day=TODAY)  # the next run repeats nothing
    assert len(smtp.messages) == 2


def test_each_kind_of_reminder_reaches_the_people_responsible(world, officer, movement):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    # a work-plan target far behind its checkpoint
    target = movement_services.add_work_plan_target(
        actor=leader, unit=world.dept_a, year=TODAY.year, target="Số hóa hồ sơ", measure="number", goal=Decimal(100),
        due_on=datetime.date(TODAY.year, 12, 31), checkpoints=[(TODAY - DAY, Decimal(80))])
    movement_services.report_progress(actor=leader, target=target, on=TODAY - 2 * DAY, value=Decimal(10),
                                      link="https://intranet.local/so-hoa")
    # a round with a submitted dossier and a disclosure ending tomorrow
    round_ = Round.objects.create(agency=world.agency, unit=world.root, title="Khen thưởng năm", year=TODAY.year,
                                  award_codes=["LDTT"], nomination_deadline=TODAY + 10 * DAY)
    Nomination.objects.create(round=round_, unit=world.dept_a, person=world.person("P1"), award_code="LDTT",
                              state="submitted")
    Disclosure.objects.create(round=round_, starts_on=TODAY - 5 * DAY, ends_on=TODAY + DAY)
    # an open poll with one voting member and the secretary
    council = Council.objects.create(agency=world.agency, unit=world.root, kind="emulation", name="Hội đồng TĐKT")
    voter = world.user("voter")
    secretary = world.user("secretary")
    CouncilMember.objects.create(council=council, user=voter, term_start=TODAY - 100 * DAY)
    CouncilMember.objects.create(council=council, user=secretary, role="secretary", term_start=TODAY - 100 * DAY)
    meeting = Meeting.objects.create(council=council, title="Phiên họp", starts_at=timezone.now())
    Poll.objects.create(meeting=meeting, title="Biểu quyết LĐTT", status="open")

    # self-scores closing within a week, and an inspection finding to follow up within three days
    scoring = movement_services.launch(
        actor=officer, title="Thi đua cải cách hành chính", year=TODAY.year, rubric=movement.rubric, unit=world.root,
        participants=[world.dept_a, world.dept_b], starts_on=TODAY - 60 * DAY, ends_on=TODAY + 5 * DAY,
        registration_until=TODAY - 50 * DAY, reporting_until=TODAY - 10 * DAY, scoring_from=TODAY - 2 * DAY,
        scoring_until=TODAY + 5 * DAY)
    movement_services.score(actor=leader, movement=scoring, unit=world.dept_a, kind="self", values={"A1": 8})
    inspector = world.user("inspector", Role.INSPECTOR)
    plan = inspections.create_plan(actor=inspector, unit=world.root, year=TODAY.year, title="Kiểm tra",
                                   starts_on=datetime.date(TODAY.year, 1, 1), ends_on=datetime.date(TODAY.year, 12, 31))
    inspection = inspections.schedule(actor=inspector, plan=plan, unit=world.dept_b, scheduled_on=TODAY)
    inspections.add_finding(actor=inspector, inspection=inspection, text="Thiếu biên bản", severity="low",
                            action_required="Bổ sung biên bản", due_on=TODAY + 3 * DAY)
    leader_b = world.user("leader_b", Role.UNIT_LEADER, world.dept_b)

    collect_all(TODAY)

    kinds = lambda user: set(Notification.objects.filter(user=user).values_list("kind", flat=True))  # noqa: E731
    assert kinds(leader) == {"pledge_due", "target_at_risk"}  # dept_a has self-scored
    assert kinds(leader_b) == {"pledge_due", "score_due", "follow_up_due"}
    assert {"pledge_due", "target_at_risk", "dossier_waiting", "disclosure_ending"} <= kinds(officer)
    assert kinds(voter) == {"poll_open"} and kinds(secretary) == set()
    assert collect_all(TODAY) == 0  # nothing twice


def test_settings_page_and_notifications_are_personal(world, officer, movement, client):
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    collect_all(TODAY)
    mine = Notification.objects.get(user=leader)
    theirs = Notification.objects.filter(user=officer).first()
    client.force_login(leader)
    page = client.get("/notifications/").content.decode()
    assert "Thi đua chuyển đổi số" in page
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    response = client.post(f"/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == mine.url
    mine.refresh_from_db()
    assert mine.read_at is not None
    response = client.post("/notifications/settings/", {"pledge_due_in_app": "on"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=leader, kind="pledge_due")
    assert preference.in_app and not preference.email
    assert not Preference.objects.get(user=leader, kind="poll_open").email
