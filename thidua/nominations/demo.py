"""Demo rounds: last year's round carried through to decisions and certificates (with the council's
meeting, a show of hands for LĐTT and a secret ballot for CSTĐCS), and this year's round in progress."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.councils import services as councils
from thidua.councils.demo import run_secret_poll
from thidua.organization.models import Person

from . import services
from .documents import achievement_report
from .models import Round, RoundStatus, State


def _aware(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 30))


def _nominate_eligible(officer, round_, people, code, limit):
    chosen = []
    for pid, ok, _reasons in services.propose(round_, people)[code]:
        if ok and len(chosen) < limit:
            chosen.append(services.nominate(actor=officer, round_=round_, award_code=code,
                                            person=Person.objects.get(pk=pid),
                                            achievements="Hoàn thành xuất sắc nhiệm vụ được giao."))
    return chosen


def _prepare(officer, nominations):
    for nomination in nominations:
        services.add_document(actor=officer, nomination=nomination, kind="achievement_report",
                              name=f"bao-cao-thanh-tich-{nomination.pk}.docx",
                              content=achievement_report(nomination).to_bytes())
        services.submit(actor=officer, nomination=nomination)


def build(root, council, this_year: int) -> None:
    users = get_user_model()
    officer, admin = users.objects.get(username="thidua"), users.objects.get(username="admin")
    preparer = users.objects.get(username="quantri")  # separation of duties: `thidua` reviews and decides
    people = Person.objects.filter(agency=root.agency)
    year = this_year - 1
    past = services.open_round(actor=officer, unit=root, title=f"Xét thi đua, khen thưởng năm {year}", year=year,
                               award_codes=["LDTT", "CSTD_CO_SO"],
                               nomination_deadline=timezone.localdate() + datetime.timedelta(days=1))
    ldtt = _nominate_eligible(preparer, past, people, "LDTT", 40)
    cstd = _nominate_eligible(preparer, past, people, "CSTD_CO_SO", 4)
    _prepare(preparer, ldtt + cstd)
    for nomination in ldtt + cstd:
        services.review(actor=officer, nomination=nomination, accept=True)
    disclosure = services.disclose(actor=officer, round_=past)
    # Last year's round happened in the past: its disclosure is moved back to January (the service only takes today).
    starts_on = datetime.date(this_year, 1, 2)
    type(disclosure).objects.filter(pk=disclosure.pk).update(
        starts_on=starts_on, ends_on=starts_on + (disclosure.ends_on - disclosure.starts_on))
    meeting = councils.schedule_meeting(actor=admin, council=council, title=f"Họp xét thi đua, khen thưởng năm {year}",
                                        starts_at=_aware(datetime.date(this_year, 1, 12)),
                                        location="Phòng họp 301, Nhà Quốc hội")
    voters = list(council.voting_members_on(meeting.starts_at.date()).select_related("user"))
    councils.record_attendance(actor=admin, meeting=meeting, present_ids=[m.pk for m in voters[:6]])
    hands = councils.add_poll_for_round(actor=admin, meeting=meeting, round_=past, award_code="LDTT")
    councils.open_poll(actor=admin, poll=hands)
    councils.record_show_of_hands(actor=admin, poll=hands, counts=[{"approve": 6}] * hands.candidates.count())
    secret = councils.add_poll_for_round(actor=admin, meeting=meeting, round_=past, award_code="CSTD_CO_SO")
    patterns = ["approve", "approve", "approve", "disapprove", "approve", "abstain"]
    run_secret_poll(actor=admin, poll=secret, votes=[
        (member.user, [patterns[(index + n) % 6] if n == 3 else "approve" for n in range(secret.candidates.count())])
        for index, member in enumerate(voters[:6])])
    councils.end_meeting(actor=admin, meeting=meeting)
    for nomination in past.nominations.filter(state=State.DISCLOSED):
        services.record_council_review(actor=officer, nomination=nomination)
    for number, code in (("05/QĐ-VPQH", "LDTT"), ("06/QĐ-VPQH", "CSTD_CO_SO")):
        services.decide(actor=officer, round_=past, award_code=code,
                        nominations=list(past.nominations.filter(award_code=code, state=State.COUNCIL_REVIEWED)),
                        number=number, date=datetime.date(this_year, 1, 20), signer="Nguyễn Văn Chủ",
                        signer_title="Chủ nhiệm Văn phòng Quốc hội", authority="Văn phòng Quốc hội")
    Round.objects.filter(pk=past.pk).update(nomination_deadline=datetime.date(this_year, 1, 5),
                                            status=RoundStatus.CLOSED)
    current = services.open_round(actor=officer, unit=root, title=f"Xét thi đua, khen thưởng năm {this_year}",
                                  year=this_year, award_codes=["LDTT", "CSTD_CO_SO", "BANG_KHEN_BO", "TT_LDXS"],
                                  nomination_deadline=datetime.date(this_year, 12, 20))
    early = _nominate_eligible(preparer, current, people, "LDTT", 8)
    _prepare(preparer, early[:4])
    councils.schedule_meeting(actor=admin, council=council, title=f"Họp xét thi đua, khen thưởng năm {this_year}",
                              starts_at=_aware(datetime.date(this_year, 12, 28)), location="Phòng họp 301, Nhà Quốc hội")
