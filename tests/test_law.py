"""The law as users meet it: a person's eligibility with the facts used, missing data, deferral, achievement
periods read from award records, agency regulations switched on per agency, and a law page per award."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent as Event
from thidua.awards.models import AwardRecord
from thidua.organization.models import Person, YearlyRating
from thidua.organization.services import defer, end_deferral
from thidua.rules.bridge import evaluate_people
from thidua.rules.services import put_in_force, repeal


def _rate(person, ratings: dict):
    for year, rating in ratings.items():
        YearlyRating.objects.create(person=person, year=year, rating=rating)


def _award(person, code, year, start=None):
    return AwardRecord.objects.create(person=person, award_code=code, year=year, achievement_from=start,
                                      decision_number=f"{year}/QĐ", decision_date=datetime.date(year + 1, 3, 1),
                                      authority="Văn phòng Quốc hội")


def _one(person, year, code, as_of=None):
    result = evaluate_people(Person.objects.filter(pk=person.pk), year, [code], as_of=as_of)[code]
    return bool(result["eligible"][0]), result["reasons"][0]


def test_achievement_period_on_the_record_is_not_counted_again(world):
    person = world.person("P1")
    _rate(person, {y: "HTTNV" for y in range(2016, 2026)})
    _award(person, "BANG_KHEN_BO", 2015)
    for y in (2021, 2022, 2023):
        _award(person, "CSTD_CO_SO", y)
    assert _one(person, 2025, "BANG_KHEN_TTCP")[0] is True
    _award(person, "BANG_KHEN_TTCP", 2020, start=2016)  # rewarded 2016–2020 on the Bằng khen bộ of 2015
    eligible, reasons = _one(person, 2025, "BANG_KHEN_TTCP")
    assert eligible is False
    assert [r["met"] for r in reasons if r["condition"] == "c_prior_bang_khen_bo"] == [False]
    with pytest.raises(Exception):  # noqa: B017 — the database refuses a period that ends before it starts
        _award(person, "LDTT", 2019, start=2021)


def test_deferral_blocks_proposals_while_it_lasts(world, officer):
    person = world.person("P2")
    _rate(person, {2025: "HTXSNV"})
    assert _one(person, 2025, "LDTT", as_of=datetime.date(2026, 1, 15))[0] is True
    deferral = defer(actor=officer, person=person, ground="investigation", start_date=datetime.date(2026, 1, 5),
                     reference="12/QĐ-TTr")
    eligible, reasons = _one(person, 2025, "LDTT", as_of=datetime.date(2026, 1, 15))
    assert eligible is False and [r["met"] for r in reasons if r["condition"] == "c_not_deferred"] == [False]
    assert _one(person, 2025, "LDTT", as_of=datetime.date(2026, 1, 4))[0] is True  # before it started
    end_deferral(actor=officer, deferral=deferral, end_date=datetime.date(2026, 1, 10))
    assert _one(person, 2025, "LDTT", as_of=datetime.date(2026, 1, 15))[0] is True
    assert Event.objects.filter(action__in=["deferral.add", "deferral.end"]).count() == 2
    staff = world.user("staff", Role.STAFF)
    with pytest.raises(PermissionDenied):
        defer(actor=staff, person=person, ground="inspection", start_date=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        defer(actor=officer, person=person, ground="inspection", start_date=datetime.date(2026, 2, 1),
              end_date=datetime.date(2026, 1, 1))


def test_recruited_in_the_year_counts_months_of_service(world):
    person = world.person("P3")
    person.memberships.all().delete()
    person.memberships.create(unit=world.div_a1, start_date=datetime.date(2025, 8, 1))
    _rate(person, {2025: "HTTNV"})
    eligible, reasons = _one(person, 2025, "LDTT")
    assert eligible is False and [r["met"] for r in reasons if r["condition"] == "c_not_new_recruit"] == [False]
    person.memberships.update(start_date=datetime.date(2025, 7, 1))  # six months to the end of the year
    assert _one(person, 2025, "LDTT")[0] is True


def test_agency_regulation_applies_to_its_agency_from_its_date_only(world, officer):
    mine, theirs = world.person("P4"), Person.objects.create(
        agency=world.other_agency, unit=world.other_root, code="Q1", full_name="Trần Thị Bình", gender="female",
        category="civil_servant")
    for person in (mine, theirs):
        _rate(person, {2024: "HTTNV", 2025: "HTTNV"})
    both = Person.objects.filter(pk__in=[mine.pk, theirs.pk])
    assert evaluate_people(both, 2025, ["GIAY_KHEN"])["GIAY_KHEN"]["eligible"].all()
    with pytest.raises(ValidationError):
        put_in_force(actor=officer, agency=world.agency, key="giay_khen_excellent", value=0, decision_number=" ",
                     decision_date=datetime.date(2025, 6, 1), effective_from=datetime.date(2025, 7, 1))
    row = put_in_force(actor=officer, agency=world.agency, key="giay_khen_excellent", value=0,
                       decision_number="45/QĐ-VPQH", decision_date=datetime.date(2025, 6, 1),
                       effective_from=datetime.date(2025, 7, 1), article="Điều 8")
    result = evaluate_people(both, 2025, ["GIAY_KHEN"])["GIAY_KHEN"]
    verdicts = dict(zip((int(i) for i in result["ids"]), (bool(e) for e in result["eligible"]), strict=True))
    assert verdicts == {mine.pk: False, theirs.pk: True}
    [reason] = [r for r in _one(mine, 2025, "GIAY_KHEN")[1] if r.get("regulation")]
    assert reason["met"] is False and "45/QĐ-VPQH" in reason["reference"] and "Điều 8" in reason["reference"]
    assert _one(mine, 2024, "GIAY_KHEN")[0] is True  # considered before the decision took effect
    repeal(actor=officer, regulation=row, effective_to=datetime.date(2025, 12, 30))
    assert _one(mine, 2025, "GIAY_KHEN")[0] is True
    outsider = world.user("outsider", Role.EMULATION_OFFICER, unit=world.other_root)
    with pytest.raises(PermissionDenied):
        put_in_force(actor=outsider, agency=world.agency, key="months_worked", value=10, decision_number="1/QĐ",
                     decision_date=datetime.date(2025, 1, 1), effective_from=datetime.date(2025, 1, 1))


def test_person_page_shows_facts_year_picker_and_missing_data(world, officer, client):
    person = world.person("P5", name="Lê Văn Cường")
    _rate(person, {2024: "HTXSNV"})
    _award(person, "LDTT", 2024)
    client.force_login(officer)
    page = client.get(f"/rules/why-not/{person.pk}/?year=2025").content.decode()
    assert "Chưa có dữ liệu xếp loại năm 2025" in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page or "HTXSNV" not in page  # ratings by name
    assert '<option value="2025" selected>' in page
    assert "Chưa đạt: Xếp loại" not in page  # the missing rating is not a failed condition
    partial = client.get(f"/rules/why-not/{person.pk}/?year=2025", HTTP_HX_REQUEST="true").content.decode()
    assert "rules/why-not" in partial or "why-not" in partial
    listing = client.get(f"/rules/eligible/?unit={world.div_a1.pk}&year=2025&award=LDTT").content.decode()
    assert "thiếu dữ liệu" in listing and "Chưa có dữ liệu xếp loại năm 2025" in listing
    outsider = world.user("outsider2", Role.EMULATION_OFFICER, unit=world.other_root)
    client.force_login(outsider)
    assert client.get(f"/rules/why-not/{person.pk}/").status_code == 403


def test_law_page_per_award(world, officer, client):
    client.force_login(officer)
    page = client.get("/rules/law/HCLD_2/").content.decode()
    assert "Điều 43" in page and "02 năm trở lên hoàn thành xuất sắc" in page
    assert "HCLD_2 — Labour Order 3rd class 2020, five good years, one HTXSNV year" in page  # a worked example
    assert "2.340.000" in page or "2,340,000" in page  # the base salary timeline
    assert client.get("/rules/law/LDTT/").status_code == 200
    assert "Thông tư 01/2024/TT-BNV" in client.get("/rules/law/LDTT/").content.decode()
    assert client.get("/rules/law/NOPE/").status_code == 404
    assert client.get("/rules/law/").status_code == 200
    assert client.get("/rules/regulations/").status_code == 200


def test_import_accepts_the_achievement_period_and_the_engine_reads_it(world, officer):
    from thidua.organization.importing import commit_import, plan_import

    person = world.person("CB9")
    _rate(person, {y: "HTTNV" for y in range(2016, 2026)})
    header = '"Mã cán bộ","Danh hiệu, hình thức","Năm","Thành tích từ năm","Số quyết định","Ngày quyết định"\n'
    rows = ('CB9,BANG_KHEN_BO,2015,,1/QĐ,10/01/2016\n'
            'CB9,Bằng khen của Thủ tướng Chính phủ,2020,2016,2/QĐ-TTg,10/06/2021\n'
            'CB9,Chiến sĩ thi đua cơ sở,2021,,3/QĐ,10/01/2022\nCB9,Chiến sĩ thi đua cơ sở,2022,,4/QĐ,10/01/2023\n'
            'CB9,Chiến sĩ thi đua cơ sở,2023,,5/QĐ,10/01/2024\n')
    bad = plan_import(kind="awards", agency=world.agency, name="a.csv",
                      data=(header + "CB9,Lao động tiên tiến,2021,2023,9/QĐ,10/01/2022\n").encode())
    assert [e.column for e in bad.errors] == ["Thành tích từ năm"] and not bad.creates
    plan = plan_import(kind="awards", agency=world.agency, name="a.csv", data=(header + rows).encode())
    assert plan.ok and commit_import(actor=officer, plan=plan)["create"] == 5
    record = AwardRecord.objects.get(person=person, award_code="BANG_KHEN_TTCP")
    assert record.achievement_from == 2016 and record.achievement_period == "2016–2020"
    assert _one(person, 2025, "BANG_KHEN_TTCP")[0] is False  # 2016–2020 already rewarded on the 2015 Bằng khen bộ
    _award(person, "BANG_KHEN_BO", 2020)
    result = evaluate_people(Person.objects.filter(pk=person.pk), 2025, ["BANG_KHEN_TTCP"])["BANG_KHEN_TTCP"]
    assert bool(result["eligible"][0]) and int(result["achievement_from"][0]) == 2021  # what the decision writes
