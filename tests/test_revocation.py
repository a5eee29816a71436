"""Revoking an award (Law 06/2022, chapter VII): decision, reason, bonus to recover; the engine stops counting it,
the certificate stops verifying, the person's record shows it and later awards are listed for re-examination."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from thidua.accounts.models import Role
from thidua.awards import services
from thidua.awards.models import AwardRecord, Revocation
from thidua.nominations.models import Certificate
from thidua.organization.models import Person, YearlyRating
from thidua.rules.bridge import evaluate_people

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _award(person, code, year, bonus=None):
    return AwardRecord.objects.create(person=person, award_code=code, year=year, decision_number=f"{year}/QĐ",
                                      decision_date=datetime.date(year, 12, 30), authority="Văn phòng Quốc hội",
                                      bonus_vnd=bonus)


@pytest.fixture
def history(world):
    person = world.person("P1", "Trần Thị Lan")
    for year in (2023, 2024, 2025):
        YearlyRating.objects.create(person=person, year=year, rating="HTXSNV")
    records = {year: _award(person, "CSTD_CO_SO", year, bonus=2_340_000) for year in (2024, 2025)}
    records["bk"] = _award(person, "BANG_KHEN_BO", 2025)
    Certificate.objects.create(record=records[2024])
    return person, records


def _revoke(actor, award, **changes):
    args = {"ground": "false_dossier", "decision_number": "15/QĐ-VPQH", "decision_date": TODAY,
            "authority": "Văn phòng Quốc hội", "reason": "Báo cáo thành tích không trung thực"} | changes
    return services.revoke(actor=actor, award=award, **args)


def test_revocation_recovers_the_bonus_voids_the_certificate_and_lists_later_awards(history, officer):
    person, records = history
    revocation = _revoke(officer, records[2024])
    assert revocation.bonus_to_recover_vnd == 2_340_000
    assert Certificate.objects.get(record=records[2024]).revoked
    assert set(revocation.to_reexamine.all()) == {records[2025], records["bk"]}


def test_a_revoked_award_no_longer_counts_for_the_engine(history, officer):
    person, records = history
    people = Person.objects.filter(pk=person.pk)

    def bang_khen_bo_2026():
        return bool(evaluate_people(people, 2026, ["BANG_KHEN_BO"], as_of=datetime.date(2026, 12, 1))
                    ["BANG_KHEN_BO"]["eligible"][0])

    AwardRecord.objects.filter(pk=records["bk"].pk).delete()
    YearlyRating.objects.create(person=person, year=2026, rating="HTXSNV")
    _award(person, "CSTD_CO_SO", 2026)
    assert bang_khen_bo_2026()  # CSTĐCS 2025 and 2026 in a row
    _revoke(officer, records[2025])
    assert not bang_khen_bo_2026()


def test_the_person_record_shows_the_revocation(history, officer, client):
    person, records = history
    _revoke(officer, records[2024])
    client.force_login(officer)
    page = client.get(person.get_absolute_url(), headers={"Accept-Language": "en"}).content.decode()
    assert 'data-testid="revoked"' in page and "15/QĐ-VPQH" in page and "To re-examine" in page


def test_revocation_through_the_page(history, officer, client):
    person, records = history
    client.force_login(officer)
    url = f"/records/{records[2024].pk}/revoke/"
    page = client.get(url).content.decode()
    assert "2025" in page  # the later awards are shown before confirming
    response = client.post(url, {"ground": "fraud", "decision_number": "16/QĐ-VPQH",
                                 "decision_date": TODAY.isoformat(), "authority": "VPQH", "reason": "Gian dối"})
    assert response.status_code == 302
    assert Revocation.objects.get().ground == "fraud"


def test_revocation_refuses_future_dates_twice_and_outsiders(history, officer, world):
    person, records = history
    with pytest.raises(ValidationError, match="future"):
        _revoke(officer, records[2024], decision_date=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="before the award"):
        _revoke(officer, records[2024], decision_date=datetime.date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        _revoke(world.user("staff", Role.STAFF, world.div_a1), records[2024])
    _revoke(officer, records[2024])
    with pytest.raises(ValidationError, match="already been revoked"):
        _revoke(officer, records[2024], decision_number="17/QĐ-VPQH")
    assert Revocation.objects.count() == 1
