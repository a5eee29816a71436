"""Demo councils: the agency's Emulation and Commendation Council with a past meeting whose secret
poll was counted, an upcoming meeting with its agenda, and an initiatives council."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import Council, CouncilMember, MemberRole

EMULATION_SEATS = [("chutich", MemberRole.CHAIR), ("thidua", MemberRole.VICE_CHAIR), ("lanhdao", MemberRole.STANDING),
                   ("hoidong", MemberRole.MEMBER), ("uyvien1", MemberRole.MEMBER), ("uyvien2", MemberRole.MEMBER),
                   ("uyvien3", MemberRole.MEMBER), ("thuky", MemberRole.SECRETARY)]


def build(root, people, password: str, this_year: int) -> None:
    users = get_user_model()
    admin = users.objects.get(username="admin")
    spare = iter(people[20:])
    for username in ("chutich", "uyvien1", "uyvien2", "uyvien3", "sangkien1", "sangkien2"):
        person = next(spare)
        users.objects.create_user(username, f"{username}@thidua.local", password, first_name=person.full_name,
                                  person=person)
    start = datetime.date(this_year - 2, 1, 1)
    council = Council.objects.create(agency=root.agency, unit=root, kind="emulation",
                                     name="Hội đồng Thi đua - Khen thưởng Văn phòng Quốc hội",
                                     decision_number="15/QĐ-VPQH")
    for username, role in EMULATION_SEATS:
        CouncilMember.objects.create(council=council, user=users.objects.get(username=username), role=role,
                                     term_start=start)
    past = services.schedule_meeting(actor=admin, council=council, title=f"Họp xét thi đua, khen thưởng năm {this_year - 1}",
                                     starts_at=timezone.make_aware(datetime.datetime(this_year, 1, 12, 8, 30)),
                                     location="Phòng họp 301, Nhà Quốc hội")
    voters = list(council.voting_members_on(past.starts_at.date()).select_related("user"))
    services.record_attendance(actor=admin, meeting=past, present_ids=[m.pk for m in voters[:6]])
    nominees = [p.full_name for p in people[40:43]]
    poll = services.add_poll(actor=admin, meeting=past, title=f"Xét danh hiệu Chiến sĩ thi đua cơ sở năm {this_year - 1}",
                             award_code="CSTD_CO_SO", candidates=[{"label": n, "person": p}
                                                                  for n, p in zip(nominees, people[40:43], strict=True)])
    shares = services.open_poll(actor=admin, poll=poll)
    pattern = [["approve", "approve", "approve"], ["approve", "approve", "disapprove"],
               ["approve", "approve", "approve"], ["approve", "abstain", "approve"], ["approve", "approve", "disapprove"],
               ["approve", "approve", "approve"]]
    for member, choices in zip(voters[:6], pattern, strict=True):
        services.cast_vote(user=member.user, poll=poll, choices=choices)
    services.close_poll(actor=admin, poll=poll, share_codes=[code for _m, code in shares[:2]])
    services.end_meeting(actor=admin, meeting=past)
    upcoming = services.schedule_meeting(actor=admin, council=council, title=f"Họp xét thi đua, khen thưởng năm {this_year}",
                                         starts_at=timezone.make_aware(datetime.datetime(this_year, 12, 20, 8, 30)),
                                         location="Phòng họp 301, Nhà Quốc hội")
    services.add_poll(actor=admin, meeting=upcoming, title=f"Xét danh hiệu Chiến sĩ thi đua cơ sở năm {this_year}",
                      award_code="CSTD_CO_SO", candidates=[{"label": p.full_name, "person": p} for p in people[43:47]])
    initiatives = Council.objects.create(agency=root.agency, unit=root, kind="initiatives",
                                         name="Hội đồng sáng kiến Văn phòng Quốc hội", decision_number="16/QĐ-VPQH")
    for username, role in (("hoidong", MemberRole.CHAIR), ("sangkien1", MemberRole.MEMBER),
                           ("sangkien2", MemberRole.MEMBER), ("thuky", MemberRole.SECRETARY)):
        CouncilMember.objects.create(council=initiatives, user=users.objects.get(username=username), role=role,
                                     term_start=start)
