"""A person's own pledge: only its owner self-assesses each target and attaches evidence (checked like every
upload); the unit's leader or officer confirms it or returns it with a reason; every step is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.test_movements import TODAY, windows
from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.movements import services
from thidua.movements.models import PledgeStatus


@pytest.fixture
def setting(world, officer):
    rubric = services.create_rubric(actor=officer, agency=world.agency, name="Tiêu chí cá nhân")
    services.add_criterion(actor=officer, rubric=rubric, group="Chuyên môn", code="A1", name="Số hoá hồ sơ",
                           max_score=10, evidence_required=True)
    services.add_criterion(actor=officer, rubric=rubric, group="Chuyên môn", code="A2", name="Bồi dưỡng kỹ năng",
                           max_score=5)
    movement = services.launch(actor=officer, title="Thi đua cá nhân", year=TODAY.year,
                               rubric=rubric, unit=world.root, participants=[world.dept_a, world.dept_b],
                               person_pledges=True, **windows())
    staff = world.user("staff", Role.STAFF, world.div_a1)
    staff.person = world.person("S1", "Lê Thị Sáu", unit=world.div_a1)
    staff.save()
    colleague = world.user("colleague", Role.STAFF, world.div_a1)
    colleague.person = world.person("S2", "Phạm Văn Bảy", unit=world.div_a1)
    colleague.save()
    leader = world.user("leader", Role.UNIT_LEADER, world.dept_a)
    pledge = services.pledge(actor=staff, movement=movement, unit=world.dept_a, person=staff.person,
                             targets={"A1": "Số hoá 500 hồ sơ", "A2": "Hoàn thành 2 khoá học"})
    return movement, pledge, staff, colleague, leader


def pdf(name="ket-qua.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF", "application/pdf")


def test_only_the_owner_self_assesses_with_checked_evidence_and_the_leader_reviews(world, setting):
    movement, pledge, staff, colleague, leader = setting
    a1 = movement.rubric.criteria.get(code="A1")
    for someone in (colleague, leader):
        with pytest.raises(PermissionDenied):
            services.self_assess_pledge(actor=someone, pledge=pledge, results={"A2": "x"}, values={"A2": 1})
        with pytest.raises(PermissionDenied):
            services.add_pledge_evidence(actor=someone, pledge=pledge, criterion=a1, upload=pdf())
    with pytest.raises(ValidationError):  # a script dressed as a PDF is refused like any other upload
        services.add_pledge_evidence(actor=staff, pledge=pledge, criterion=a1,
                                     upload=SimpleUploadedFile("ket-qua.pdf", b"<script>alert(1)</script>"))
    with pytest.raises(ValidationError) as error:
        services.self_assess_pledge(actor=staff, pledge=pledge, results={}, values={"A2": 6})
    assert "value_A2" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # A1 asks for evidence before a score above zero
        services.self_assess_pledge(actor=staff, pledge=pledge, results={"A1": "480 hồ sơ"}, values={"A1": 9})
    assert "value_A1" in error.value.message_dict
    assert not pledge.assessments.exists() and not pledge.evidence.exists()

    services.add_pledge_evidence(actor=staff, pledge=pledge, criterion=a1, upload=pdf(), note="Báo cáo quý IV")
    services.self_assess_pledge(actor=staff, pledge=pledge, results={"A1": "480 hồ sơ", "A2": "2 khoá"},
                                values={"A1": 9, "A2": 5})
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SELF_ASSESSED
    assert {a.criterion.code: (a.result, a.value) for a in pledge.assessments.all()} == {
        "A1": ("480 hồ sơ", 9), "A2": ("2 khoá", 5)}

    with pytest.raises(PermissionDenied):  # nobody reviews their own pledge, nor a colleague without the role
        services.review_pledge(actor=colleague, pledge=pledge, approve=True)
    with pytest.raises(ValidationError) as error:
        services.review_pledge(actor=leader, pledge=pledge, approve=False, note=" ")
    assert "note" in error.value.message_dict
    services.review_pledge(actor=leader, pledge=pledge, approve=False, note="Bổ sung danh sách hồ sơ")
    assert pledge.status == PledgeStatus.RETURNED
    services.self_assess_pledge(actor=staff, pledge=pledge, results={"A1": "500 hồ sơ"}, values={"A1": 10})
    services.review_pledge(actor=leader, pledge=pledge, approve=True)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED and pledge.reviewed_by == leader
    with pytest.raises(ValidationError):  # confirmed: frozen
        services.self_assess_pledge(actor=staff, pledge=pledge, results={"A2": "3 khoá"}, values={"A2": 5})
    actions = list(AuditEvent.objects.filter(action__startswith="movement.pledge.").order_by("pk")
               .values_list("action", flat=True))
    assert actions == ["movement.pledge.evidence", "movement.pledge.self_assess", "movement.pledge.review",
                       "movement.pledge.self_assess", "movement.pledge.review"]


def test_the_audit_page_names_each_step_of_a_personal_pledge(world, setting, client):
    movement, pledge, staff, colleague, leader = setting
    services.self_assess_pledge(actor=staff, pledge=pledge, results={"A2": "2 khoá"}, values={"A2": 5})
    services.review_pledge(actor=leader, pledge=pledge, approve=False, note="Bổ sung minh chứng")
    client.force_login(world.admin)
    page = client.get("/audit/").content.decode()
    assert "Tự đánh giá đăng ký thi đua cá nhân" in page and "Xem xét đăng ký thi đua cá nhân" in page
    assert "movement.pledge" not in page


def test_the_pledge_page_for_its_owner_the_reviewer_and_nobody_else(world, setting, client):
    movement, pledge, staff, colleague, leader = setting
    url = f"/movements/pledges/{pledge.pk}/"
    client.force_login(staff)
    workspace = client.get(f"/movements/{movement.pk}/units/{world.dept_a.pk}/").content.decode()
    assert f'href="{url}"' in workspace  # the owner is led from the unit's page to their own pledge
    page = client.get(url).content.decode()
    assert 'data-testid="pledge-assess"' in page and 'data-testid="pledge-review"' not in page
    assert "Đã ký, chưa tự đánh giá" in page
    response = client.post(url, {"action": "assess", "value_A2": "7"})
    assert response.status_code == 400
    assert "A2. Điểm tự chấm (0–5)</a>" in response.content.decode()
    response = client.post(url, {"action": "evidence", "criterion": "A1", "file": pdf(), "note": "Báo cáo"})
    assert response.status_code == 302
    client.post(url, {"action": "assess", "result_A1": "500 hồ sơ", "value_A1": "10", "result_A2": "",
                      "value_A2": ""})
    page = client.get(url).content.decode()
    assert "Đã tự đánh giá, chờ xem xét" in page and "500 hồ sơ" in page
    evidence = pledge.evidence.get()
    assert client.get(f"{url}evidence/{evidence.pk}/").status_code == 200

    client.force_login(colleague)  # same division, not the owner, no role to review
    assert client.get(url).status_code == 403
    assert client.get(f"{url}evidence/{evidence.pk}/").status_code == 403
    assert client.post(url, {"action": "assess", "result_A2": "x"}).status_code == 403

    client.force_login(leader)
    page = client.get(url).content.decode()
    assert 'data-testid="pledge-review"' in page and 'data-testid="pledge-assess"' not in page
    assert client.post(url, {"action": "assess", "result_A2": "x"}).status_code == 403
    response = client.post(url, {"action": "review", "decision": "return", "note": ""})
    assert response.status_code == 400 and "Hãy nêu nội dung cần bổ sung" in response.content.decode()
    client.post(url, {"action": "review", "decision": "approve", "note": "Đạt"})
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED

    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "Đã xem xét, xác nhận" in page and 'data-testid="pledge-assess"' not in page


def test_home_leads_the_owner_to_self_assess_and_the_leader_to_review(world, setting, client):
    movement, pledge, staff, colleague, leader = setting
    link = f'href="/movements/pledges/{pledge.pk}/"'
    client.force_login(staff)
    home = client.get("/").content.decode()
    assert link in home and "Đã ký, chưa tự đánh giá" in home
    client.force_login(leader)
    assert link not in client.get("/").content.decode()  # nothing to review yet
    services.self_assess_pledge(actor=staff, pledge=pledge, results={"A2": "2 khoá"}, values={"A2": 5})
    home = client.get("/").content.decode()
    assert link in home and "Lê Thị Sáu" in home
    client.force_login(colleague)
    assert link not in client.get("/").content.decode()
    client.force_login(staff)
    assert link not in client.get("/").content.decode()  # submitted: waiting for the review, not for the owner


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_self_assess_with_an_uploaded_file_and_be_returned_in_the_browser(browser, world, setting, tmp_path):
    from tests.test_browser import login, new_page

    movement, pledge, staff, colleague, leader = setting
    report = tmp_path / "bao-cao-so-hoa.pdf"
    report.write_bytes(pdf().read())
    page = new_page(browser)
    login(page, "staff")
    page.get_by_role("link", name=f"Bản đăng ký của bạn — {movement.title}").click()
    form = page.locator("[data-testid=pledge-evidence]")
    form.locator("#id_criterion").select_option("A1")
    form.locator("#id_file").set_input_files(str(report))
    form.get_by_role("button", name="Đính kèm").click()
    assert "bao-cao-so-hoa.pdf" in page.locator("[data-testid=assessment]").inner_text()
    assess = page.locator("[data-testid=pledge-assess]")
    assess.locator("#id_result_A1").fill("500 hồ sơ")
    assess.locator("#id_value_A1").fill("10")
    assess.get_by_role("button", name="Gửi kết quả tự đánh giá").click()
    assert "Đã tự đánh giá, chờ xem xét" in page.locator("[data-testid=pledge-status]").inner_text()
    assert "10 / 10" in page.locator("[data-testid=assessment]").inner_text()

    reviewer = new_page(browser)
    login(reviewer, "leader")
    reviewer.get_by_role("link", name=f"Lê Thị Sáu — {movement.title}").click()
    reviewer.get_by_label("Trả lại để bổ sung").check()
    reviewer.get_by_label("Nhận xét").fill("Bổ sung danh sách hồ sơ đã số hoá")
    reviewer.get_by_role("button", name="Lưu kết quả xem xét").click()
    assert "Trả lại để hoàn thiện" in reviewer.locator("[data-testid=pledge-status]").inner_text()

    page.reload()
    assert "Bổ sung danh sách hồ sơ đã số hoá" in page.locator("[data-testid=review-note]").inner_text()
    assert page.locator("[data-testid=pledge-assess]").is_visible()  # returned: the owner completes it again
