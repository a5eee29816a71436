"""Exemplary models: discovery from the record, the lifecycle, replication, the showcase and the congress pack."""

import datetime
import io
import socket
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.awards.models import AwardRecord
from thidua.initiatives.models import Author, Initiative, Recognition
from thidua.organization.models import YearlyRating
from thidua.publicity import discovery, services
from thidua.publicity.models import ExemplaryModel, ModelStatus

YEAR = timezone.localdate().year - 1


def award(person=None, unit=None, code="CSTD_CO_SO", year=YEAR):
    return AwardRecord.objects.create(person=person, unit=unit, award_code=code, year=year,
                                      decision_number=f"{year}/QĐ", decision_date=datetime.date(year, 12, 1),
                                      authority="Văn phòng Quốc hội")


def keys(user, world, year=YEAR):
    return {c.key: c for c in discovery.candidates(user, world.agency, year)}


def model_for(world, officer, *, unit=None, story="<p>Chuyện người tốt</p>", recognised=True):
    leader = world.user(f"lead{ExemplaryModel.objects.count()}", Role.UNIT_LEADER, unit or world.dept_a)
    model = services.nominate(actor=leader, unit=unit or world.dept_a, kind="practice", title="Một cửa điện tử",
                              reason="Rút ngắn thời gian xử lý hồ sơ", year=YEAR, story=story)
    if recognised:
        model = services.recognise(actor=officer, model=model, citation="Rút thời gian xử lý từ 5 ngày xuống 2 ngày.")
    return model


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


# Discovery ---------------------------------------------------------------------------------------------------

def test_emulation_fighter_two_years_running_is_a_candidate_with_the_reason(world, officer):
    runner, once = world.person("P1", "Nguyễn Văn Đức"), world.person("P2", "Trần Thị Lan")
    award(runner, year=YEAR - 1)
    award(runner, code="CSTD_BO", year=YEAR)
    award(once, year=YEAR)
    found = keys(officer, world)
    fighter = found[f"fighter:{runner.pk}:{YEAR - 1}"]
    assert fighter.person == runner and f"{YEAR - 1}–{YEAR}" in fighter.reason and "2" in fighter.reason
    assert not any(k.startswith(f"fighter:{once.pk}:") for k in found)


def test_three_excellent_ratings_in_a_row_are_a_candidate_two_are_not(world, officer):
    three, two = world.person("P1"), world.person("P2")
    for year in (YEAR - 2, YEAR - 1, YEAR):
        YearlyRating.objects.create(person=three, year=year, rating="HTXSNV")
    for year in (YEAR - 3, YEAR - 1, YEAR):
        YearlyRating.objects.create(person=two, year=year, rating="HTXSNV")
    found = keys(officer, world)
    assert f"excellent:{three.pk}:{YEAR - 2}" in found
    assert not any(k.startswith(f"excellent:{two.pk}:") for k in found)


def test_initiative_recognised_at_ministry_scope_is_a_candidate_unit_scope_is_not(world, officer):
    author = world.person("P1")
    wide, narrow = [Initiative.objects.create(agency=world.agency, unit=world.div_a1, title=t, problem="x", solution="y",
                                              first_applied_on=datetime.date(YEAR, 1, 5)) for t in ("Rộng", "Hẹp")]
    for item, scope in ((wide, 2), (narrow, 1)):
        Author.objects.create(initiative=item, person=author, share=100)
        Recognition.objects.create(initiative=item, scope=scope, authority="VPQH", decision_number="1",
                                   decision_date=datetime.date(YEAR, 6, 1))
    found = keys(officer, world)
    assert f"initiative:{wide.pk}" in found and f"initiative:{narrow.pk}" not in found
    assert "Ministry" in found[f"initiative:{wide.pk}"].reason or "bộ" in found[f"initiative:{wide.pk}"].reason


def test_unit_ranked_first_in_a_published_movement_and_a_run_of_flags_are_candidates(world, officer):
    from thidua.movements.models import Movement, Result, Rubric

    rubric = Rubric.objects.create(agency=world.agency, name="Thang điểm")
    day = datetime.date(YEAR, 1, 1)
    movement = Movement.objects.create(agency=world.agency, unit=world.root, title="Thi đua chuyển đổi số", year=YEAR,
                                       starts_on=day, ends_on=day, registration_until=day, reporting_until=day,
                                       scoring_from=day, scoring_until=day, rubric=rubric, published_at=timezone.now())
    Result.objects.create(movement=movement, unit=world.dept_b, total=95, rank=1)
    Result.objects.create(movement=movement, unit=world.dept_a, total=80, rank=2)
    award(unit=world.dept_a, code="CO_THI_DUA_BO", year=YEAR - 1)
    award(unit=world.dept_a, code="CO_THI_DUA_BO", year=YEAR)
    found = keys(officer, world)
    leader = found[f"movement:{movement.pk}:{world.dept_b.pk}"]
    assert leader.movement == movement and "Thi đua chuyển đổi số" in leader.reason
    assert f"movement:{movement.pk}:{world.dept_a.pk}" not in found
    assert f"flags:{world.dept_a.pk}:{YEAR - 1}" in found


def test_officer_sees_only_candidates_in_units_they_manage(world):
    person = world.person("P1", unit=world.div_a1)
    award(person, year=YEAR - 1)
    award(person, year=YEAR)
    over_b = world.user("officer_b", Role.EMULATION_OFFICER, world.dept_b)
    over_a = world.user("officer_a", Role.EMULATION_OFFICER, world.dept_a)
    assert keys(over_b, world) == {}
    assert list(keys(over_a, world)) == [f"fighter:{person.pk}:{YEAR - 1}"]
    with pytest.raises(ValidationError):
        services.propose_from_record(actor=over_b, agency=world.agency, year=YEAR, key=f"fighter:{person.pk}:{YEAR - 1}")


def test_a_proposed_run_is_not_proposed_again_when_it_grows(world, officer):
    person = world.person("P1")
    award(person, year=YEAR - 2)
    award(person, year=YEAR - 1)
    model = services.propose_from_record(actor=officer, agency=world.agency, year=YEAR - 1,
                                         key=f"fighter:{person.pk}:{YEAR - 2}")
    assert model.status == ModelStatus.PROPOSED and model.source == "discovered" and model.person == person
    award(person, year=YEAR)
    assert keys(officer, world) == {}
    with pytest.raises(ValidationError):
        services.propose_from_record(actor=officer, agency=world.agency, year=YEAR - 1,
                                     key=f"fighter:{person.pk}:{YEAR - 2}")
    assert ExemplaryModel.objects.count() == 1


# Lifecycle and permissions -----------------------------------------------------------------------------------

def test_lifecycle_proposed_recognised_replicated_honoured(world, officer):
    model = model_for(world, officer, recognised=False)
    assert model.status == ModelStatus.PROPOSED and model.source == "nominated"
    with pytest.raises(ValidationError):
        services.recognise(actor=officer, model=model, citation="  ")
    model = services.recognise(actor=officer, model=model, citation="Gương sáng về cải cách hành chính.")
    assert model.status == ModelStatus.RECOGNISED and model.recognised_at
    with pytest.raises(ValidationError):
        services.recognise(actor=officer, model=model, citation="lần hai")
    leader_b = world.user("lead_b", Role.UNIT_LEADER, world.dept_b)
    services.adopt(actor=leader_b, model=model, unit=world.dept_b, plan="Áp dụng từ quý II", indicator="Số ngày xử lý",
                   baseline=5, higher_is_better=False, started_on=datetime.date(YEAR, 4, 1))
    model.refresh_from_db()
    assert model.status == ModelStatus.REPLICATED
    congress = services.create_congress(actor=officer, agency=world.agency, title="Đại hội thi đua yêu nước lần thứ V",
                                        held_on=datetime.date(YEAR, 11, 20), place="Hà Nội")
    services.honour(actor=officer, congress=congress, model=model)
    model.refresh_from_db()
    assert model.status == ModelStatus.HONOURED
    with pytest.raises(ValidationError):
        services.honour(actor=officer, congress=congress, model=model)
    from thidua.audit.models import AuditEvent

    actions = list(AuditEvent.objects.filter(object_type="publicity.exemplarymodel", object_id=str(model.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["publicity.nominate", "publicity.recognise", "publicity.adopt", "publicity.honour"]


def test_a_unit_leader_nominates_but_cannot_recognise_and_nobody_nominates_outside_their_unit(world, officer):
    leader = world.user("lead", Role.UNIT_LEADER, world.dept_a)
    model = services.nominate(actor=leader, unit=world.dept_a, kind="person", title="Chị Lan",
                              person=world.person("P1", unit=world.div_a1), reason="Tận tụy", year=YEAR)
    with pytest.raises(PermissionDenied):
        services.recognise(actor=leader, model=model, citation="Tự công nhận")
    with pytest.raises(PermissionDenied):
        services.nominate(actor=leader, unit=world.dept_b, kind="practice", title="x", reason="y", year=YEAR)
    with pytest.raises(ValidationError):  # a person of another unit cannot be slipped in
        services.nominate(actor=leader, unit=world.dept_a, kind="person", title="Anh Minh", reason="y", year=YEAR,
                          person=world.person("P2", unit=world.dept_b))
    staff = world.user("staff", Role.STAFF, world.dept_a)
    with pytest.raises(PermissionDenied):
        services.nominate(actor=staff, unit=world.dept_a, kind="practice", title="x", reason="y", year=YEAR)
    services.decline(actor=officer, model=model, reason="Chưa đủ thành tích")
    model.refresh_from_db()
    assert model.status == ModelStatus.DECLINED
    with pytest.raises(ValidationError):
        services.publish(actor=officer, model=model)


def test_publishing_needs_a_recognised_model_with_a_story(world, officer):
    bare = model_for(world, officer, story="")
    with pytest.raises(ValidationError):
        services.publish(actor=officer, model=bare)
    proposal = model_for(world, officer, recognised=False)
    with pytest.raises(ValidationError):
        services.publish(actor=officer, model=proposal)
    assert services.publish(actor=officer, model=model_for(world, officer)).published_at is not None


def test_proposals_stay_inside_the_unit_scope_published_stories_reach_the_agency_only(world, officer, client):
    model = model_for(world, officer)
    colleague = world.user("colleague", Role.STAFF, world.dept_b)
    outsider = world.user("outsider", Role.EMULATION_OFFICER, world.other_root)
    url = reverse("publicity:model_detail", args=[model.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    services.publish(actor=officer, model=model)
    assert client.get(url).status_code == 200
    assert "Một cửa điện tử" in client.get(reverse("publicity:feed")).content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert "Một cửa điện tử" not in client.get(reverse("publicity:feed")).content.decode()
    with pytest.raises(PermissionDenied):
        services.react(actor=outsider, model=model)


# Replication --------------------------------------------------------------------------------------------------

def test_replication_results_show_the_effect_and_the_tree_marks_adopting_units(world, officer, client):
    model = model_for(world, officer)
    leader_b = world.user("lead_b", Role.UNIT_LEADER, world.dept_b)
    with pytest.raises(ValidationError):  # the origin does not adopt its own model
        services.adopt(actor=officer, model=model, unit=world.dept_a, plan="x", indicator="y", baseline=1,
                       started_on=datetime.date(YEAR, 1, 1))
    with pytest.raises(PermissionDenied):  # a leader adopts for their own unit only
        services.adopt(actor=leader_b, model=model, unit=world.div_a1, plan="x", indicator="y", baseline=1,
                       started_on=datetime.date(YEAR, 1, 1))
    item = services.adopt(actor=leader_b, model=model, unit=world.dept_b, plan="Số hoá tiếp nhận hồ sơ",
                          indicator="Số ngày xử lý một hồ sơ", baseline="5", higher_is_better=False,
                          started_on=datetime.date(YEAR, 3, 1))
    with pytest.raises(ValidationError):
        services.adopt(actor=leader_b, model=model, unit=world.dept_b, plan="x", indicator="y", baseline=1,
                       started_on=datetime.date(YEAR, 3, 1))
    with pytest.raises(ValidationError):  # measured before the adoption
        services.measure(actor=leader_b, replication=item, result=2, measured_on=datetime.date(YEAR, 2, 1))
    with pytest.raises(PermissionDenied):  # the origin's leader cannot fill in another unit's results
        services.measure(actor=world.user("lead_a", Role.UNIT_LEADER, world.dept_a), replication=item, result=1,
                         measured_on=datetime.date(YEAR, 9, 1))
    services.measure(actor=leader_b, replication=item, result="2", measured_on=datetime.date(YEAR, 9, 1))
    item.refresh_from_db()
    assert item.result == Decimal("2") and item.improved is True and item.change_percent == Decimal("-60.0")
    client.force_login(officer)
    page = client.get(model.get_absolute_url()).content.decode()
    assert "Số ngày xử lý một hồ sơ" in page and "-60" in page
    tree = page[page.index('data-testid="adoption-tree"'):]
    tree = tree[:tree.index("</ul>")]
    assert "Vụ Pháp luật" in tree and "Vụ Tổng hợp" in tree and "Phòng Thư ký" not in tree


# Stories, photos, CSP -----------------------------------------------------------------------------------------

def test_story_is_sanitised_and_rendered_without_scripts_or_styles(world, officer, client):
    model = model_for(world, officer, story='<p onclick="x()">Anh <strong>Đức</strong></p><script>alert(1)</script>'
                                            '<img src=x onerror=alert(2)><p style="color:red">đỏ</p>'
                                            '<a href="javascript:alert(3)">xấu</a><a href="https://vpqh.vn">tốt</a>')
    assert "<script" not in model.story and "onerror" not in model.story and "style=" not in model.story
    assert "javascript:" not in model.story and "<strong>Đức</strong>" in model.story
    services.publish(actor=officer, model=model)
    client.force_login(officer)
    response = client.get(model.get_absolute_url())
    story = response.content.decode().split('data-testid="story"')[1].split("</div>")[0]
    assert "<script" not in story and "onclick" not in story and 'href="https://vpqh.vn"' in story
    assert "script-src 'self'" in response["Content-Security-Policy"]
    plain = services.edit_story(actor=officer, model=model, story="Đoạn một\ncòn tiếp\n\nĐoạn a < b & c")
    assert plain.story == "<p>Đoạn một<br>còn tiếp</p><p>Đoạn a &lt; b &amp; c</p>"


def test_photos_must_really_be_pictures(world, officer, client):
    model = model_for(world, officer)
    with pytest.raises(ValidationError):
        services.add_photo(actor=officer, model=model, caption="Giả",
                           upload=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>"))
    with pytest.raises(ValidationError):
        services.add_photo(actor=officer, model=model, caption="Tài liệu",
                           upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 ..."))
    photo = services.add_photo(actor=officer, model=model, caption="Tập thể Vụ Tổng hợp",
                               upload=SimpleUploadedFile("a.png", png_bytes()))
    url = reverse("publicity:photo", args=[model.pk, photo.pk])
    client.force_login(world.user("colleague", Role.STAFF, world.dept_b))
    assert client.get(url).status_code == 403  # not published yet, other unit
    services.publish(actor=officer, model=model)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_reactions_and_comments_follow_the_agency_settings(world, officer):
    model = services.publish(actor=officer, model=model_for(world, officer))
    reader = world.user("reader", Role.STAFF, world.dept_b)
    assert services.react(actor=reader, model=model) is True
    assert services.react(actor=reader, model=model) is False
    services.comment(actor=reader, model=model, text="Rất đáng học tập")
    with pytest.raises(ValidationError):
        services.comment(actor=reader, model=model, text="x" * 2001)
    with pytest.raises(PermissionDenied):
        services.update_showcase(actor=reader, agency=world.agency, reactions=False, comments=False,
                                 public_page=True, email_digest=True)
    services.update_showcase(actor=officer, agency=world.agency, reactions=False, comments=False, public_page=False,
                             email_digest=True)
    with pytest.raises(PermissionDenied):
        services.react(actor=reader, model=model)
    with pytest.raises(PermissionDenied):
        services.comment(actor=reader, model=model, text="Hay")
    assert model.comments.count() == 1


# Feeds and the public page ------------------------------------------------------------------------------------

def test_rss_and_atom_need_the_key_unless_the_agency_publishes_publicly(world, officer, client):
    model = services.publish(actor=officer, model=model_for(world, officer))
    rss, atom = (reverse(f"publicity:{kind}", args=[world.agency.code]) for kind in ("rss", "atom"))
    assert client.get(rss).status_code == 404
    assert client.get(reverse("publicity:public", args=[world.agency.code])).status_code == 404
    key = services.showcase_settings(world.agency).feed_key
    response = client.get(rss, {"key": key})
    assert response.status_code == 200 and "<rss" in response.content.decode()
    assert model.title in response.content.decode() and model.citation in response.content.decode()
    assert client.get(rss, {"key": key[:-1] + "x"}).status_code == 404
    services.update_showcase(actor=officer, agency=world.agency, reactions=True, comments=True, public_page=True,
                             email_digest=True)
    feed = client.get(atom).content.decode()
    assert "<feed" in feed and model.title in feed and f"/models/public/{world.agency.code}/{model.pk}/" in feed
    public = client.get(reverse("publicity:public", args=[world.agency.code])).content.decode()
    assert model.title in public
    hidden = model_for(world, officer)  # recognised but not published
    assert client.get(reverse("publicity:public_story", args=[world.agency.code, hidden.pk])).status_code == 404


# Weekly digest through a real SMTP server ---------------------------------------------------------------------

@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_weekly_digest_goes_in_app_and_by_email_once(world, officer, smtp, client, django_capture_on_commit_callbacks):
    model = services.publish(actor=officer, model=model_for(world, officer))
    world.user("reader", Role.STAFF, world.dept_b)
    world.user("outsider", Role.STAFF, world.other_root)
    week = services.week_start_of(timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        digest = services.send_digest(agency=world.agency, week_start=week)
    assert list(digest.stories.all()) == [model]
    recipients = sorted(m["To"] for m in smtp.messages)
    assert "reader@x.vn" in recipients and "officer@x.vn" in recipients and "outsider@x.vn" not in recipients
    body = smtp.messages[0].get_payload(decode=True).decode()
    assert model.title in body and model.get_absolute_url() in body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digest(agency=world.agency, week_start=week) is None
    assert len(smtp.messages) == len(recipients)
    assert services.send_digest(agency=world.agency, week_start=week - datetime.timedelta(days=7)) is None  # empty
    client.force_login(world.user("reader2", Role.STAFF, world.dept_b))
    assert model.title in client.get(reverse("publicity:digests")).content.decode()


# Congress pack and leaders' example ---------------------------------------------------------------------------

def test_congress_booklet_has_a_decree30_cover_and_every_story_and_slides_have_no_inline_script(world, officer, client):
    from pypdf import PdfReader

    model = model_for(world, officer, story="<p>Chị <b>Lan</b> đã số hoá 12.000 hồ sơ.</p><ul><li>Nhanh</li></ul>")
    services.add_photo(actor=officer, model=model, caption="Ảnh", upload=SimpleUploadedFile("a.png", png_bytes()))
    congress = services.create_congress(actor=officer, agency=world.agency, title="Đại hội thi đua yêu nước lần thứ V",
                                        held_on=datetime.date(YEAR, 11, 5), place="Hà Nội")
    services.honour(actor=officer, congress=congress, model=model)
    client.force_login(officer)
    response = client.get(reverse("publicity:booklet", args=[congress.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    cover = reader.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cover and "Độc lập - Tự do - Hạnh phúc" in cover
    assert f"Hà Nội, ngày 05 tháng 11 năm {YEAR}" in cover and "KỶ YẾU" in cover
    text = "".join(p.extract_text() for p in reader.pages)
    assert "số hoá 12.000 hồ sơ" in text and model.citation[:20] in text
    assert reader.pages[1].extract_text().strip().startswith("2")  # page numbers from page 2
    slide = client.get(reverse("publicity:slide", args=[congress.pk, 1])).content.decode()
    assert model.title in slide and "<script>" not in slide and 'rel="prev"' in slide
    assert client.get(reverse("publicity:slide", args=[congress.pk, 2])).status_code == 404
    client.force_login(world.user("outsider", Role.EMULATION_OFFICER, world.other_root))
    assert client.get(reverse("publicity:booklet", args=[congress.pk])).status_code == 403


def test_unit_page_shows_the_leaders_own_pledges_awards_and_ratings(world, officer, client):
    head = world.person("L1", "Phạm Minh Chính", unit=world.dept_a)
    head.position = "Vụ trưởng"
    head.save()
    world.person("S1", "Lê Văn Tám", unit=world.dept_a)
    YearlyRating.objects.create(person=head, year=YEAR, rating="HTXSNV")
    award(head, year=YEAR)
    client.force_login(officer)
    page = client.get(world.dept_a.get_absolute_url()).content.decode()
    panel = page[page.index('data-testid="leaders-example"'):]
    panel = panel[:panel.index("</section>")]
    assert "Phạm Minh Chính" in panel and "Lê Văn Tám" not in panel and "Chiến sĩ thi đua cơ sở" in panel
    export = client.get(reverse("publicity:leaders", args=[world.dept_a.pk]), {"export": "xlsx"})
    assert export["Content-Disposition"].startswith('attachment; filename="guong-lanh-dao-VTH-')


# Browser --------------------------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_publishes_a_story_and_finds_it_in_the_feed(browser, world):
    officer = world.user("officer", Role.EMULATION_OFFICER)
    model = model_for(world, officer, story="")
    page = browser.new_context(base_url=browser.base_url, locale="vi-VN").new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-Strong-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/models/{model.pk}/story/")
    page.fill("#id_story", "Chị Lan số hoá toàn bộ sổ khen thưởng.\n\nCả vụ làm theo.")
    page.click("main button[type=submit]")
    page.click("[data-testid=publish]")
    page.goto("/models/showcase/")
    feed = page.locator("[data-testid=feed]").inner_text()
    assert "Một cửa điện tử" in feed and "Chị Lan số hoá toàn bộ sổ khen thưởng." in feed


def test_registry_search_ignores_diacritics(world, officer, client):
    model_for(world, officer)
    services.nominate(actor=officer, unit=world.div_a1, kind="person", title="Chị Lan", reason="Tận tụy", year=YEAR,
                      person=world.person("P1", "Trần Thị Lan"))
    client.force_login(officer)
    page = client.get(reverse("publicity:model_list"), {"q": "mot cua"}).content.decode()
    assert "Một cửa điện tử" in page and "Chị Lan" not in page
    page = client.get(reverse("publicity:model_list"), {"q": "tran thi"}).content.decode()
    assert "Chị Lan" in page and "Một cửa điện tử" not in page


# Concurrency (PostgreSQL) ---------------------------------------------------------------------------------------

def race(work, n=20):
    import threading

    from django.db import connection

    barrier, results, lock = threading.Barrier(n), [], threading.Lock()

    def run(i):
        try:
            barrier.wait()
            outcome = work(i)
        except Exception as exc:  # noqa: BLE001 — every outcome is collected, a server error included
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, ValidationError) for e in errors), [e for e in errors if not isinstance(e, ValidationError)]
    return len(results) - len(errors)


@pytest.fixture
def concurrent(transactional_db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database")


def test_twenty_officers_proposing_one_candidate_at_once_make_one_model(concurrent, world, officer):
    person = world.person("P1")
    award(person, year=YEAR - 1)
    award(person, year=YEAR)
    key = f"fighter:{person.pk}:{YEAR - 1}"
    assert race(lambda i: services.propose_from_record(actor=officer, agency=world.agency, year=YEAR, key=key)) == 1
    assert ExemplaryModel.objects.count() == 1


def test_twenty_double_submits_of_an_adoption_and_a_recognition_store_one_each(concurrent, world, officer):
    model = model_for(world, officer, recognised=False)
    assert race(lambda i: services.recognise(actor=officer, model=model, citation=f"Lượt {i}")) == 1
    assert race(lambda i: services.adopt(actor=officer, model=model, unit=world.dept_b, plan="Áp dụng", indicator="Ngày",
                                         baseline=i, started_on=datetime.date(YEAR, 1, 1))) == 1
    from thidua.audit.models import AuditEvent

    assert model.replications.count() == 1 and AuditEvent.objects.filter(action="publicity.adopt").count() == 1
    assert AuditEvent.objects.filter(action="publicity.recognise").count() == 1


def test_discovery_page_takes_bad_parameters_calmly_and_refuses_staff(world, officer, client):
    client.force_login(officer)
    assert client.get(reverse("publicity:discover"), {"agency": "abc", "year": "19x"}).status_code == 200
    assert client.post(reverse("publicity:discover"), {"agency": "1x", "year": "x", "key": "nope"}).status_code == 302
    client.force_login(world.user("staff", Role.STAFF, world.dept_a))
    assert client.get(reverse("publicity:discover")).status_code == 403
    assert client.get(reverse("publicity:nominate")).status_code == 403
