"""The dashboard reads precomputed award figures: after every kind of change (a decision's new record, an edit, a
deletion, a revocation and its withdrawal, a person moved or their gender corrected, a bulk import) they equal the
counts grouped live from the records, and the dashboard's bars follow."""

import datetime

import pytest

from thidua.awards.models import AwardRecord, Revocation
from thidua.awards.services import revoke
from thidua.organization.importing import commit_import, plan_import
from thidua.organization.services import transfer_person, update_person
from thidua.reports import figures, selectors
from thidua.reports.models import AwardFigure

D = datetime.date
YEAR = 2025
YEARS = (YEAR - 4, YEAR)


def award(code, year, *, person=None, unit=None, bonus=None):
    return AwardRecord.objects.create(person=person, unit=unit, award_code=code, year=year, decision_date=D(year, 5, 1),
                                      decision_number=f"{code[:3]}/{year}", authority="Bộ trưởng", bonus_vnd=bonus)


def same() -> list:
    live, stored = sorted(figures.live_groups(YEARS)), sorted(figures.stored_groups(YEARS))
    assert stored == live
    return stored


def total(user) -> int:
    return sum(b.value for b in selectors.awards_by_level(user, YEAR))


@pytest.fixture
def people(world):
    hoa = world.person("P1", "Trần Thị Hoa")
    hoa.gender = "female"
    hoa.save()
    return hoa, world.person("P2", "Lê Văn Nam", unit=world.dept_b)


def test_figures_follow_decisions_edits_deletions_and_revocations(world, officer, people):
    hoa, nam = people
    first = award("CSTD_CO_SO", YEAR, person=hoa, bonus=2_340_000)
    award("LDTT", YEAR, person=nam)
    award("GIAY_KHEN", YEAR - 1, person=nam, bonus=702_000)
    flag = award("CO_THI_DUA_BO", YEAR, unit=world.dept_a)
    assert len(same()) == 4 and total(officer) == 3
    assert {b.label: b.value for b in selectors.bonus_by_year(officer, YEAR)}[str(YEAR)] == 2_340_000

    first.bonus_vnd, first.award_code = 3_510_000, "BANG_KHEN_BO"  # a correction of the record
    first.save()
    same()
    assert {b.label: b.value for b in selectors.bonus_by_year(officer, YEAR)}[str(YEAR)] == 3_510_000

    revocation = revoke(actor=world.admin, award=first, ground="false_dossier", decision_number="9/QĐ-BNV",
                        decision_date=D(YEAR, 9, 1), authority="Bộ trưởng", reason="Hồ sơ không trung thực")
    same()
    assert total(officer) == 2  # the revoked award no longer counts, in the figure and in its drill-down
    assert not selectors.scoped_records(officer).filter(pk=first.pk).exists()
    assert {b.label: b.value for b in selectors.bonus_by_year(officer, YEAR)}[str(YEAR)] == 0

    Revocation.objects.filter(pk=revocation.pk).first().delete()  # the revocation itself withdrawn
    same()
    assert total(officer) == 3

    flag.delete()
    same()
    assert total(officer) == 2 and not AwardFigure.objects.filter(award_code="CO_THI_DUA_BO", count__gt=0).exists()


def test_figures_follow_people_moved_or_corrected(world, officer, people):
    hoa, nam = people
    award("CSTD_CO_SO", YEAR, person=hoa)
    award("LDTT", YEAR, person=hoa)
    award("LDTT", YEAR, person=nam)
    by_unit = {b.label: b.value for b in selectors.awards_by_unit(officer, YEAR)}
    assert by_unit == {"Vụ Tổng hợp": 2, "Vụ Pháp luật": 1}

    transfer_person(actor=world.admin, person=hoa, unit=world.dept_b, start_date=D(YEAR, 7, 1))
    same()
    assert {b.label: b.value for b in selectors.awards_by_unit(officer, YEAR)} == {"Vụ Pháp luật": 3}

    update_person(actor=world.admin, person=nam, gender="female")
    same()
    assert {b.value for b in selectors.awards_by_gender(officer, YEAR) if b.query.endswith("=female")} == {3}

    leader_b = world.user("leader_b", "unit_leader", world.dept_b)
    assert total(leader_b) == 3  # the scope follows the person's current unit, as the drill-down does


def test_bulk_import_and_rebuild_give_the_live_counts(world, people):
    hoa, nam = people
    data = ("Mã cán bộ,Mã đơn vị (tập thể),Danh hiệu, hình thức,Năm,Thành tích từ năm,Số quyết định,"
            "Ngày quyết định,Cấp khen thưởng\n").replace("Danh hiệu, hình thức", '"Danh hiệu, hình thức"')
    data += f"P1,,LDTT,{YEAR},,1/QĐ,15/01/{YEAR + 1},Bộ\nP2,,Giấy khen,{YEAR - 2},,2/QĐ,15/01/{YEAR - 1},Bộ\n"
    data += f",VTH,TT_LDXS,{YEAR},,3/QĐ,15/01/{YEAR + 1},Bộ\n"
    plan = plan_import(kind="awards", agency=world.agency, name="awards.csv", data=data.encode("utf-8"))
    assert plan.ok, plan.report()
    commit_import(actor=world.admin, plan=plan)
    assert len(same()) == 3

    AwardRecord.objects.bulk_create([AwardRecord(person=nam, award_code="CSTD_CO_SO", year=YEAR,  # no signals
                                                 decision_number="x", decision_date=D(YEAR, 1, 2), authority="x")])
    assert sorted(figures.stored_groups(YEARS)) != sorted(figures.live_groups(YEARS))
    figures.rebuild()
    same()


def test_an_undone_import_leaves_the_figures_equal_to_the_records(world, settings, monkeypatch):
    from thidua.organization import importing
    from thidua.organization.models import Person

    settings.THIDUA_IMPORT_CHUNK_ROWS, settings.THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = 1, 0
    header = "Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Đối tượng,Chức vụ,Ngạch/Hạng,Mã đơn vị,Ngày vào đơn vị\n"

    def people(unit):
        data = header + "".join(f"CB{i},Nguyễn Văn {i},Nam,15/03/1985,Công chức,Chuyên viên,,{unit},01/01/2020\n"
                                for i in range(2))
        plan = plan_import(kind="people", agency=world.agency, name="people.csv", data=data.encode())
        assert plan.ok, plan.report()
        return plan

    commit_import(actor=world.admin, plan=people("VTH"))
    for person in Person.objects.filter(agency=world.agency):
        award("LDTT", YEAR, person=person)
    same()
    original, calls = importing.COMMITTERS["people"], []

    def failing(plan, actor):  # moves the first person (a signalled save), then fails on the second chunk
        original(plan, actor)
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    monkeypatch.setitem(importing.COMMITTERS, "people", failing)
    with pytest.raises(RuntimeError):
        commit_import(actor=world.admin, plan=people("VPL"))
    assert set(Person.objects.filter(agency=world.agency).values_list("unit__code", flat=True)) == {"VTH"}
    assert {(unit, n) for _y, _c, unit, _g, n, _b in same()} == {(world.dept_a.pk, 2)}
