"""Demo councils: the agency's Emulation and Commendation Council (its meetings come with the demo rounds)
and an initiatives council."""

import datetime

from django.contrib.auth import get_user_model

from .models import Council, CouncilMember, MemberRole

EMULATION_SEATS = [("chutich", MemberRole.CHAIR), ("thidua", MemberRole.VICE_CHAIR), ("lanhdao", MemberRole.STANDING),
                   ("hoidong", MemberRole.MEMBER), ("uyvien1", MemberRole.MEMBER), ("uyvien2", MemberRole.MEMBER),
                   ("uyvien3", MemberRole.MEMBER), ("thuky", MemberRole.SECRETARY)]


def build(root, people, password: str, this_year: int) -> Council:
    users = get_user_model()
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
    initiatives = Council.objects.create(agency=root.agency, unit=root, kind="initiatives",
                                         name="Hội đồng sáng kiến Văn phòng Quốc hội", decision_number="16/QĐ-VPQH")
    for username, role in (("hoidong", MemberRole.CHAIR), ("sangkien1", MemberRole.MEMBER),
                           ("sangkien2", MemberRole.MEMBER), ("thuky", MemberRole.SECRETARY)):
        CouncilMember.objects.create(council=initiatives, user=users.objects.get(username=username), role=role,
                                     term_start=start)
    return council
