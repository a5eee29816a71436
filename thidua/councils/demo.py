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


def run_secret_poll(*, actor, poll, votes: list[tuple]) -> dict:
    """Play a secret poll end to end as the devices would: each trustee makes a code and publishes keys and
    shares, each voter encrypts their ballot, the voting closes and `trustees_needed` trustees decrypt.
    `votes` is [(user, [choice per nominee])]. Returns {"codes": {index: code}, "trackers": [...]}; used by
    the demo, the tests and the benchmark — the web pages do the same in the browser (static/thidua/ballot.js)."""
    from . import ballot, services

    services.open_poll(actor=actor, poll=poll)
    poll.refresh_from_db()
    election, k = str(poll.election), poll.trustees_needed
    trustees = list(poll.trustees.select_related("member__user"))
    codes = {t.index: ballot.new_trustee_code() for t in trustees}
    for t in trustees:
        services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.trustee_keys(
            code=codes[t.index], election=election, index=t.index, k=k))
    transports = {t["index"]: t["transport"] for t in services.board_trustees(poll)}
    for t in trustees:
        services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.trustee_shares(
            code=codes[t.index], election=election, index=t.index, k=k, transports=transports))
    poll.refresh_from_db()
    trackers = [services.cast_vote(user=user, poll=poll, content=ballot.encrypt_ballot(
        election=election, public=poll.public_key, choices=choices)) for user, choices in votes]
    services.close_poll(actor=actor, poll=poll)
    count_partials(poll=poll, codes=codes, trustees=trustees[:k])
    poll.refresh_from_db()
    return {"codes": codes, "trackers": trackers}


def count_partials(*, poll, codes: dict, trustees: list) -> None:
    """The given trustees decrypt their share of the count, as their devices would."""
    from . import ballot, services

    poll.refresh_from_db()
    board = services.board_trustees(poll)
    for t in trustees:
        secret = ballot.trustee_secret(code=codes[t.index], election=str(poll.election), index=t.index,
                                       k=poll.trustees_needed, trustees=board)
        services.submit_trustee(user=t.member.user, poll=poll, payload=ballot.partial_decryption(
            secret=secret, election=str(poll.election), index=t.index, tally=poll.tally_ciphertexts))
