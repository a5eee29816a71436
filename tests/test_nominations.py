"""Nominations from proposal to decision: guards of every transition, quotas, disclosure, council result,
decisions, bonus arithmetic, documents, certificates, award records read back by the engine."""

import datetime
import io

import pytest
from decree30 import assert_decree30
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from thidua.accounts.models import Role
from thidua.awards.models import AwardRecord
from thidua.core.models import Holiday
from thidua.core.workdays import add_working_days
from thidua.councils import services as councils
from thidua.councils.models import Council, CouncilMember
from thidua.nominations import services
from thidua.nominations.documents import achievement_report, certificates_pdf
from thidua.nominations.models import Certificate, Decision, State
from thidua.organization.importing import commit_import, plan_import
from thidua.organization.models import Person, Unit, YearlyRating
from thidua.rules.bridge import evaluate_people

D = datetime.date
TODAY = timezone.localdate()


def rated(world, code, rating, name="Nguyễn Văn An", unit=None, years=(2025,)):
    person = world.person(code, name, unit=unit)
    for year in years:
        YearlyRating.objects.create(person=person, year=year, rating=rating)
    return person


@pytest.fixture
def round_(world, officer):
    return services.open_round(actor=officer, unit=world.root, title="Khen thưởng năm 2025", year=2025,
                               award_codes=["LDTT", "CSTD_CO_SO", "TT_LDXS"],
                               nomination_deadline=TODAY + datetime.timedelta(days=30))


@pytest.fixture
def leader(world):
    return world.user("leader", Role.UNIT_LEADER, world.div_a1)


def test_proposals_come_from_the_engine_with_reasons(world, round_):
    good, weak = rated(world, "G1", "HTTNV"), rated(world, "W1", "HTNV")
    proposals = services.propose(round_, Person.objects.filter(pk__in=[good.pk, weak.pk]))
    ldtt = {pid: (ok, reasons) for pid, ok, reasons in proposals["LDTT"]}
    assert ldtt[good.pk][0] is True and ldtt[weak.pk][0] is False
    failed = [r for r in ldtt[weak.pk][1] if r["met"] is False]
    assert failed and all(r["reference"] for r in failed)


def test_ineligible_nominee_needs_a_justification_and_is_flagged(world, round_, leader):
    weak = rated(world, "W1", "HTNV")
    with pytest.raises(ValidationError) as error:
        services.nominate(actor=leader, round_=round_, award_code="LDTT", person=weak)
    assert "justification" in error.value.message_dict
    nomination = services.nominate(actor=leader, round_=round_, award_code="LDTT", person=weak,
                                   justification="Hoàn thành nhiệm vụ đột xuất")
    assert nomination.flagged and nomination.engine_eligible is False


def test_nominating_outside_ones_units_is_refused(world, round_, leader):
    outsider = rated(world, "O1", "HTTNV", unit=world.dept_b)
    with pytest.raises(PermissionDenied):
        services.nominate(actor=leader, round_=round_, award_code="LDTT", person=outsider)


def test_nominations_after_the_deadline_are_refused(world, officer, leader):
    late = services.open_round(actor=officer, unit=world.root, title="Cũ", year=2024, award_codes=["LDTT"],
                               nomination_deadline=TODAY - datetime.timedelta(days=1))
    person = rated(world, "G1", "HTTNV", years=(2024,))
    with pytest.raises(ValidationError, match="Đã hết hạn gửi đề nghị"):
        services.nominate(actor=leader, round_=late, award_code="LDTT", person=person)


def test_quota_of_cstd_co_so_follows_the_date_of_consideration(world, officer, client):
    """Decree 91/2017: CSTĐCS at most 15% of the unit's LĐTT — 7 LĐTT allow one — for cases considered before
    2024; from 2024 no national quota, unless the agency's own regulation sets one (enforced when nominating)."""
    from thidua.rules.services import put_in_force

    round_2023 = services.open_round(actor=officer, unit=world.root, title="2023", year=2023,
                                     award_codes=["LDTT", "CSTD_CO_SO"], nomination_deadline=TODAY)
    people = [rated(world, f"P{i}", "HTXSNV", years=(2023,)) for i in range(7)]
    for person in people:
        AwardRecord.objects.create(person=person, award_code="LDTT", year=2023, decision_number=f"{person.pk}/QĐ",
                                   decision_date=D(2024, 1, 10), authority="VPQH")
    assert services.quota(round_2023, world.div_a1)["limit"] is None  # decided from 2024: the 2022 Law
    round_2023.nomination_deadline = D(2023, 12, 20)
    state = services.quota(round_2023, world.div_a1)
    assert (state["share"], state["ldtt"], state["limit"], state["used"]) == (0.15, 7, 1, 0)
    round_2023.nomination_deadline = TODAY
    put_in_force(actor=world.admin, agency=world.agency, key="cstd_co_so_quota", value=15,
                 decision_number="7/QĐ-VPQH", decision_date=D(2024, 1, 2), effective_from=D(2024, 1, 2))
    services.nominate(actor=officer, round_=round_2023, award_code="CSTD_CO_SO", person=people[0],
                      justification="Có sáng kiến")
    with pytest.raises(ValidationError, match="7/QĐ-VPQH"):
        services.nominate(actor=officer, round_=round_2023, award_code="CSTD_CO_SO", person=people[1],
                          justification="Có sáng kiến")
    client.force_login(officer)
    page = client.get(f"/rounds/{round_2023.pk}/quotas/?share=30").content.decode()
    assert "Phòng Thư ký" in page and ">2<" in page  # 30% of 7 LĐTT allows two


class Flow:
    """One nomination taken through the whole workflow."""

    def __init__(self, world, officer, leader, round_):
        self.world, self.officer, self.leader, self.round = world, officer, leader, round_
        self.person = rated(world, "G1", "HTTNV", "Trần Thị Lan")
        self.nomination = services.nominate(actor=leader, round_=round_, award_code="LDTT", person=self.person,
                                            achievements="Hoàn thành xuất sắc công tác tổng hợp")

    def report(self):
        services.add_document(actor=self.leader, nomination=self.nomination, kind="achievement_report",
                              name="bao-cao.docx", content=achievement_report(self.nomination).to_bytes())

    def to_disclosed(self, starts_on):
        self.report()
        services.submit(actor=self.leader, nomination=self.nomination)
        services.review(actor=self.officer, nomination=self.nomination, accept=True)
        disclosure = services.disclose(actor=self.officer, round_=self.round)
        if starts_on != disclosure.starts_on:  # a disclosure that took place in the past
            self.round.disclosures.filter(pk=disclosure.pk).update(
                starts_on=starts_on, ends_on=starts_on + (disclosure.ends_on - disclosure.starts_on))
            disclosure.refresh_from_db()
        return disclosure

    def council_votes(self, approvals=3):
        council = Council.objects.create(agency=self.world.agency, unit=self.world.root, kind="emulation", name="HĐ")
        users = [self.world.user(f"m{i}") for i in range(3)]
        for user, role in zip(users, ("chair", "vice_chair", "member"), strict=True):
            CouncilMember.objects.create(council=council, user=user, role=role, term_start=D(2024, 1, 1))
        meeting = councils.schedule_meeting(actor=self.officer, council=council, title="Họp", starts_at=timezone.now())
        councils.record_attendance(actor=self.officer, meeting=meeting,
                                   present_ids=list(council.members.values_list("pk", flat=True)))
        poll = councils.add_poll_for_round(actor=self.officer, meeting=meeting, round_=self.round, award_code="LDTT")
        assert not poll.secret  # LĐTT is not a secret-ballot title
        councils.open_poll(actor=self.officer, poll=poll)
        councils.record_show_of_hands(actor=self.officer, poll=poll,
                                      counts=[{"approve": approvals, "disapprove": 3 - approvals, "abstain": 0}])
        self.nomination.refresh_from_db()


@pytest.fixture
def flow(world, officer, leader, round_):
    return Flow(world, officer, leader, round_)


def test_incomplete_dossier_cannot_be_submitted(flow):
    with pytest.raises(ValidationError, match="Hồ sơ chưa đầy đủ"):
        services.submit(actor=flow.leader, nomination=flow.nomination)
    assert flow.nomination.state == State.DRAFT and not flow.nomination.transitions.exists()


def test_return_needs_a_comment_and_the_unit_resubmits(flow):
    flow.report()
    services.submit(actor=flow.leader, nomination=flow.nomination)
    with pytest.raises(PermissionDenied):
        services.review(actor=flow.leader, nomination=flow.nomination, accept=True)
    with pytest.raises(ValidationError):
        services.review(actor=flow.officer, nomination=flow.nomination, accept=False)
    services.review(actor=flow.officer, nomination=flow.nomination, accept=False, comment="Bổ sung minh chứng")
    assert flow.nomination.state == State.RETURNED
    services.submit(actor=flow.leader, nomination=flow.nomination)
    history = list(flow.nomination.transitions.values_list("to_state", "comment"))
    assert history == [("submitted", ""), ("returned", "Bổ sung minh chứng"), ("submitted", "")]


def test_disclosure_counts_working_days_around_weekends_and_holidays(db):
    friday = D(2026, 4, 24)
    Holiday.objects.create(date=D(2026, 4, 30), name="Ngày Giải phóng miền Nam")
    Holiday.objects.create(date=D(2026, 5, 1), name="Quốc tế Lao động")
    assert add_working_days(friday, 5) == D(2026, 5, 5)  # Mon 27, Tue 28, Wed 29, Mon 4, Tue 5


def test_council_result_waits_for_the_disclosure_period_and_answers(flow):
    disclosure = flow.to_disclosed(starts_on=TODAY)
    flow.nomination.refresh_from_db()
    assert disclosure.ends_on > TODAY and flow.nomination.state == State.DISCLOSED
    staff = flow.world.user("staff")
    staff.person = flow.world.person("S1", "Lê Văn Sáu", unit=flow.world.dept_b)
    staff.save()
    with pytest.raises(ValidationError, match="không nhận ý kiến ẩn danh"):
        services.comment(user=staff, nomination=flow.nomination, text="Ý kiến", anonymous=True)
    item = services.comment(user=staff, nomination=flow.nomination, text="Đề nghị làm rõ thành tích")
    flow.council_votes()
    assert flow.nomination.council_passed is True
    with pytest.raises(ValidationError, match=disclosure.ends_on.strftime("%d/%m/%Y")):
        services.record_council_review(actor=flow.officer, nomination=flow.nomination)
    with pytest.raises(ValidationError):
        services.decide(actor=flow.officer, round_=flow.round, award_code="LDTT", nominations=[flow.nomination],
                        number="1/QĐ", date=TODAY, signer="A", signer_title="Chánh Văn phòng", authority="VPQH")
    assert not Decision.objects.exists()
    flow.round.disclosures.update(starts_on=TODAY - datetime.timedelta(days=30),
                                  ends_on=TODAY - datetime.timedelta(days=20))
    with pytest.raises(ValidationError, match="Hãy trả lời mọi ý kiến"):
        services.record_council_review(actor=flow.officer, nomination=flow.nomination)
    services.answer(actor=flow.officer, comment_=item, text="Đã bổ sung báo cáo")
    services.record_council_review(actor=flow.officer, nomination=flow.nomination)
    assert flow.nomination.state == State.COUNCIL_REVIEWED


def test_council_rejection_closes_the_nomination(flow):
    flow.to_disclosed(starts_on=TODAY - datetime.timedelta(days=30))
    flow.council_votes(approvals=1)
    services.record_council_review(actor=flow.officer, nomination=flow.nomination)
    assert flow.nomination.state == State.REJECTED


@pytest.fixture
def approved(flow):
    flow.to_disclosed(starts_on=TODAY - datetime.timedelta(days=30))
    flow.council_votes()
    services.record_council_review(actor=flow.officer, nomination=flow.nomination)
    return flow


DECIDED_ON = D(2026, 1, 15)


def _decide(flow, number="12/QĐ-VPQH", date=DECIDED_ON):
    return services.decide(actor=flow.officer, round_=flow.round, award_code="LDTT", nominations=[flow.nomination],
                           number=number, date=date, signer="Nguyễn Văn Bình", signer_title="Chủ nhiệm Văn phòng",
                           authority="Văn phòng Quốc hội")


def test_decision_creates_record_bonus_certificate_and_engine_reads_it(approved):
    decision = _decide(approved)
    record = AwardRecord.objects.get(person=approved.person, award_code="LDTT", year=2025)
    assert record.decision == decision and record.bonus_vnd == 710_000  # 0.3 × 2,340,000, rounded up to 10,000
    assert approved.nomination.transitions.last().to_state == State.DECIDED
    assert Certificate.objects.get(record=record).code
    # CSTĐCS needs LĐTT held in the year: the engine now reads the record back
    YearlyRating.objects.filter(person=approved.person, year=2025).update(rating="HTXSNV")
    result = evaluate_people(Person.objects.filter(pk=approved.person.pk), 2025, ["CSTD_CO_SO"],
                             as_of=D(2026, 1, 15))["CSTD_CO_SO"]
    assert bool(result["eligible"][0])


def test_decision_number_cannot_be_reused_in_the_same_year(approved, world, leader):
    _decide(approved)
    other = rated(world, "G2", "HTTNV", "Phạm Văn Hai")
    nomination = services.nominate(actor=leader, round_=approved.round, award_code="LDTT", person=other)
    with pytest.raises(ValidationError, match="12/QĐ-VPQH"):
        services.decide(actor=approved.officer, round_=approved.round, award_code="LDTT", nominations=[nomination],
                        number="12/QĐ-VPQH", date=D(2026, 3, 1), signer="A", signer_title="B", authority="C")


@pytest.mark.parametrize(("day", "bonus"), [(D(2024, 6, 30), 540_000), (D(2024, 7, 1), 710_000)])
def test_bonus_follows_the_base_salary_on_the_decision_date(approved, day, bonus):
    """Decree 73/2024 raised the base salary from 1,800,000 to 2,340,000 on 1 July 2024; 0.3 × 2,340,000 =
    702,000 is rounded up to the next 10,000 (Decree 91/2017 Art. 68(2))."""
    _decide(approved, date=day)
    assert AwardRecord.objects.get().bonus_vnd == bonus


def test_documents_open_with_their_content(approved, client):
    decision = _decide(approved)
    report = Document(io.BytesIO(achievement_report(approved.nomination).to_bytes()))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "BÁO CÁO THÀNH TÍCH" in text and "Trần Thị Lan" in text and "Lao động tiên tiến" in text
    pdf = PdfReader(io.BytesIO(certificates_pdf(Certificate.objects.all(), "http://thidua.local/")))
    page = pdf.pages[0].extract_text()
    certificate = Certificate.objects.get()
    assert len(pdf.pages) == 1 and certificate.code in page and decision.number in page
    assert "Trần Thị Lan" in page and "Lao động tiên tiến" in page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    client.force_login(approved.officer)
    listing = assert_decree30(client.get(f"/rounds/{approved.round.pk}/?export=pdf").content,
                              issuer=approved.round.unit.name, number="…/DS", title="Danh sách đề nghị khen thưởng",
                              signer="Người lập danh sách")
    assert "Trần Thị Lan" in listing
    sheet = client.get(f"/rounds/decisions/{decision.pk}/?export=xlsx")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")


def test_certificate_verification_page_and_api(approved, client):
    _decide(approved)
    certificate = Certificate.objects.get()
    page = client.get(f"/verify/{certificate.code}/")
    assert page.status_code == 200 and "Trần Thị Lan" in page.content.decode()
    assert client.get("/verify/KHONGCO/").status_code == 404
    assert client.get(f"/api/certificates/{certificate.code}").json()["valid"] is True


def test_uploads_refuse_executables_and_oversized_files(flow, settings):
    with pytest.raises(ValidationError):
        services.add_document(actor=flow.leader, nomination=flow.nomination, kind="signed_scan",
                              upload=SimpleUploadedFile("hoso.exe", b"MZ\x90\x00"))
    settings.THIDUA_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="MB"):
        services.add_document(actor=flow.leader, nomination=flow.nomination, kind="signed_scan",
                              upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4" + b"0" * 2048))
    assert not flow.nomination.documents.exists()


def test_import_past_awards_then_engine_uses_them(world, officer):
    person = rated(world, "CB1", "HTXSNV")
    csv = ("Mã cán bộ,Mã đơn vị (tập thể),Danh hiệu, hình thức,Năm,Số quyết định,Ngày quyết định,Cấp khen thưởng\n"
           "CB1,,Lao động tiên tiến,2025,3/QĐ,10/01/2026,VPQH\n,VTH,TT_LDXS,2024,4/QĐ,10/01/2025,VPQH\n"
           "CB1,,KHONGCO,2025,5/QĐ,10/01/2026,\n").encode()
    csv = csv.replace("Danh hiệu, hình thức".encode(), '"Danh hiệu, hình thức"'.encode())
    plan = plan_import(kind="awards", agency=world.agency, name="a.csv", data=csv)
    assert [(e.row, e.column) for e in plan.errors] == [(4, "Danh hiệu, hình thức")] and not plan.creates
    plan = plan_import(kind="awards", agency=world.agency, name="a.csv", data=b"\n".join(csv.split(b"\n")[:3]))
    assert plan.ok and commit_import(actor=officer, plan=plan)["create"] == 2
    assert AwardRecord.objects.get(unit=world.dept_a).award_code == "TT_LDXS"
    result = evaluate_people(Person.objects.filter(pk=person.pk), 2025, ["CSTD_CO_SO"], as_of=D(2026, 1, 15))
    assert bool(result["CSTD_CO_SO"]["eligible"][0])


def test_web_flow_pages_and_permissions(approved, client, world):
    client.force_login(approved.leader)
    assert client.get(f"/rounds/{approved.round.pk}/").status_code == 200
    client.post(f"/rounds/{approved.round.pk}/proposals/?unit={world.div_a1.pk}")  # people were added by hand
    page = client.get(f"/rounds/{approved.round.pk}/proposals/?unit={world.div_a1.pk}").content.decode()
    assert "Trần Thị Lan" in page and 'data-testid="quota"' in page
    detail = client.get(f"/rounds/nominations/{approved.nomination.pk}/").content.decode()
    assert 'data-testid="state">Hội đồng đã thông qua<' in detail
    stranger = world.user("stranger", Role.STAFF, world.dept_b)
    client.force_login(stranger)
    assert client.get(f"/rounds/nominations/{approved.nomination.pk}/").status_code == 403
    response = client.post(f"/rounds/{approved.round.pk}/decide/", {"award_code": "LDTT", "number": "9/QĐ"})
    assert response.status_code == 403


def test_api_round_trip(world, officer, leader, client):
    client.force_login(officer)
    created = client.post("/api/rounds", {"unit_id": world.root.pk, "title": "API", "year": 2025,
                                          "award_codes": ["LDTT"], "nomination_deadline": str(TODAY)},
                          content_type="application/json")
    assert created.status_code == 201
    person = rated(world, "G1", "HTTNV")
    round_id = created.json()["id"]
    assert client.post(f"/api/rounds/{round_id}/proposals/refresh").status_code == 202  # the person came after
    proposals = client.get(f"/api/rounds/{round_id}/proposals?unit={world.div_a1.pk}").json()
    assert proposals[0] == {**proposals[0], "subject_type": "person", "subject_id": person.pk, "eligible": True}
    client.force_login(leader)
    nominated = client.post(f"/api/rounds/{round_id}/nominations", {"award_code": "LDTT", "person_id": person.pk},
                            content_type="application/json")
    assert nominated.status_code == 201 and nominated.json()["flagged"] is False
    refused = client.post(f"/api/nominations/{nominated.json()['id']}/transitions", {"action": "submit"},
                          content_type="application/json")
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"


def test_round_package_zip_holds_every_document(approved, client):
    import zipfile

    _decide(approved)
    client.force_login(approved.officer)
    response = client.post(f"/rounds/{approved.round.pk}/package/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert 'data-testid="package-download"' in page.content.decode()  # the immediate backend finished it
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(response["Location"] + "?download=1").streaming_content)))
    names = archive.namelist()
    assert any(n.startswith("bao-cao-thanh-tich/") for n in names) and "to-trinh/VTH-1.docx" in names
    assert "giay-chung-nhan/12-QĐ-VPQH.pdf" in names


def test_administrators_keep_the_holiday_calendar(world, client):
    officer = world.user("clerk", Role.EMULATION_OFFICER)
    client.force_login(officer)
    assert client.post("/holidays/", {"date": "2026-09-02", "name": "Quốc khánh"}).status_code == 403
    client.force_login(world.user("quantri", Role.ADMINISTRATOR))  # an agency's: national days are not theirs
    assert client.post("/holidays/", {"date": "2026-09-02", "name": "Quốc khánh"}).status_code == 403
    client.force_login(world.admin)
    assert client.post("/holidays/", {"date": "2026-09-02", "name": "Quốc khánh"}).status_code == 302
    assert client.post("/holidays/", {"date": "2026-09-02", "name": "Trùng"}).status_code == 400
    assert add_working_days(D(2026, 9, 1), 1) == D(2026, 9, 3)


def test_round_list_search_ignores_diacritics(world, officer, round_, client):
    client.force_login(officer)
    assert round_.title in client.get("/rounds/?q=khen thuong").content.decode()
    assert round_.title not in client.get("/rounds/?q=chuyen de").content.decode()
    assert client.get("/rounds/?export=xlsx")["Content-Type"].startswith("application/vnd")


def test_collectives_are_judged_by_the_engine_from_members_and_records(world, officer):
    """TT_LĐXS: collective rated HTXSNV, every member completed duties, ≥70% LĐTT and a CSTĐCS among them."""
    from thidua.organization.services import set_unit_rating

    round_ = services.open_round(actor=officer, unit=world.root, title="Tập thể", year=2025, award_codes=["TT_LDXS"],
                                 nomination_deadline=TODAY + datetime.timedelta(days=5))
    people = [rated(world, f"T{i}", "HTTNV", unit=world.dept_b) for i in range(4)]
    for person, code in zip(people, ("CSTD_CO_SO", "LDTT", "LDTT", None), strict=True):
        for award in {code, "LDTT"} - {None} if code else ():
            AwardRecord.objects.create(person=person, award_code=award, year=2025, decision_number=f"{person.pk}/{award}",
                                       decision_date=D(2026, 1, 10), authority="VPQH")
    set_unit_rating(actor=officer, unit=world.dept_b, year=2025, rating="HTXSNV")
    proposals = dict(((sid, code), ok) for code, rows in services.propose(
        round_, Person.objects.none(), Unit.objects.filter(pk=world.dept_b.pk)).items() for sid, ok, _r in rows)
    assert proposals[(world.dept_b.pk, "TT_LDXS")] is True  # 3 of 4 members hold LĐTT (75%)
    AwardRecord.objects.filter(person=people[2]).delete()  # now 2 of 4 (50%)
    nomination = services.nominate(actor=officer, round_=round_, award_code="TT_LDXS", collective=world.dept_b,
                                   justification="Dẫn đầu khối")
    assert nomination.flagged
    failed = [r["condition"] for r in nomination.engine_reasons if r["met"] is False]
    assert failed


def test_higher_authority_receives_returns_and_decides(approved):
    with pytest.raises(ValidationError):
        services.forward(actor=approved.officer, nomination=approved.nomination, authority="")
    services.forward(actor=approved.officer, nomination=approved.nomination, authority="Ủy ban Thường vụ Quốc hội")
    assert approved.nomination.state == State.FORWARDED
    with pytest.raises(ValidationError):
        services.record_council_review(actor=approved.officer, nomination=approved.nomination)
    services.returned_from_above(actor=approved.officer, nomination=approved.nomination, comment="Bổ sung minh chứng")
    assert approved.nomination.state == State.RETURNED
    history = list(approved.nomination.transitions.values_list("to_state", flat=True))
    assert history[-2:] == ["forwarded", "returned"]


def test_a_forwarded_dossier_is_decided_by_the_higher_authority(approved):
    services.forward(actor=approved.officer, nomination=approved.nomination, authority="Ủy ban Thường vụ Quốc hội")
    decision = _decide(approved, number="88/QĐ-UBTVQH")
    assert decision.records.get().person == approved.person


def test_proposals_page_summarises_each_award_and_pages_one_award_at_a_time(world, officer, round_, client):
    """A unit of 120 people: the page shows counts per award and 50 candidates at a time, never the whole unit."""
    people = [Person(agency=world.agency, code=f"N{i:03d}", full_name=f"Nguyễn Văn Người{i:03d}", gender="male",
                     category="civil_servant", unit=world.div_a1) for i in range(120)]
    for person in people:
        person.refresh_derived()
    Person.objects.bulk_create(people)
    YearlyRating.objects.bulk_create([YearlyRating(person=p, year=2025, rating="HTTNV" if i % 3 else "KHTNV")
                                      for i, p in enumerate(Person.objects.filter(code__startswith="N"))])
    client.force_login(officer)
    refreshed = client.post(f"/rounds/{round_.pk}/proposals/?unit={world.div_a1.pk}")  # people added by hand
    assert refreshed.status_code == 302
    response = client.get(f"/rounds/{round_.pk}/proposals/", {"unit": world.div_a1.pk})
    page = response.content.decode()
    summary = response.context["summary"]
    assert [s["code"] for s in summary] == ["LDTT", "CSTD_CO_SO", "TT_LDXS"]
    assert summary[0]["total"] == 120 and summary[0]["eligible"] == 80
    assert len(response.context["entries"]) == 50 and page.count('name="award_code"') == 50
    assert response.context["entries"][0]["eligible"] and response.context["page"].paginator.num_pages == 3
    eligible = client.get(f"/rounds/{round_.pk}/proposals/", {"unit": world.div_a1.pk, "show": "not_eligible"})
    assert eligible.context["page"].paginator.count == 40 and not any(e["eligible"] for e in eligible.context["entries"])
    found = client.get(f"/rounds/{round_.pk}/proposals/", {"unit": world.div_a1.pk, "q": "nguoi007"})
    assert [e["subject"].code for e in found.context["entries"]] == ["N007"]
    collective = client.get(f"/rounds/{round_.pk}/proposals/", {"unit": world.div_a1.pk, "award": "TT_LDXS"})
    assert collective.context["code"] == "TT_LDXS" and collective.context["entries"][0]["collective"]
    assert client.get(f"/rounds/{round_.pk}/proposals/", {"unit": world.div_a1.pk, "award": "nope",
                                                          "show": "x", "page": "z"}).status_code == 200


def test_a_giay_khen_is_titled_giay_khen_on_its_certificate():
    from thidua.nominations.documents import certificate_title

    assert certificate_title("GIAY_KHEN") == "GIẤY KHEN" and certificate_title("TT_GIAY_KHEN") == "GIẤY KHEN"
    assert certificate_title("BANG_KHEN_BO") == "BẰNG KHEN" and certificate_title("LDTT") == "BẰNG CHỨNG NHẬN"


def test_submission_letter_of_a_department_lists_its_divisions_nominations(flow, world, client):
    """The leader nominated in Phòng Thư ký; the tờ trình of Vụ Tổng hợp, its parent, carries it."""
    client.force_login(flow.officer)
    response = client.get(f"/rounds/{flow.round.pk}/submission.docx", {"unit": world.dept_a.pk})
    assert response["Content-Disposition"] == f'attachment; filename="to-trinh-2025-{world.dept_a.code}.docx"'
    letter = Document(io.BytesIO(response.content))
    rows = [[c.text for c in row.cells] for row in letter.tables[1].rows]
    assert rows[1][1:4] == ["Trần Thị Lan", "Phòng Thư ký", "Lao động tiên tiến"]
    header = [c.text for c in letter.tables[0].rows[0].cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in header[1]
    assert "VỤ TỔNG HỢP" in header[0] and "Số: …/TTr" in header[0]


def test_payment_list_is_an_office_ready_workbook(approved, client):
    from openpyxl import load_workbook

    decision = _decide(approved)
    client.force_login(approved.officer)
    response = client.get(f"/rounds/decisions/{decision.pk}/", {"export": "xlsx"})
    assert response["Content-Disposition"] == \
        'attachment; filename="danh-sach-chi-thuong-QD-12-QD-VPQH-15-01-2026.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "VĂN PHÒNG QUỐC HỘI" and sheet["A1"].font.b
    assert sheet["A2"].value.startswith("DANH SÁCH CHI TIỀN THƯỞNG") and sheet["A2"].font.b
    header = next(r for r in range(1, 8) if sheet.cell(r, 1).value == "STT")
    assert sheet.freeze_panes == f"A{header + 1}" and sheet.cell(header, 2).font.b
    row = [c.value for c in sheet[header + 1]]
    assert row[1] == "Trần Thị Lan" and row[6] == 710_000 and isinstance(row[6], int)
    assert row[5].date() == DECIDED_ON and sheet.cell(header + 1, 6).number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["B"].width >= len("Họ và tên / Tập thể")
