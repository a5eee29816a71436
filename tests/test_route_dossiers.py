"""Dossiers of the council-judgement routes (Law 06/2022 Art. 84; Decree 98/2023, appendix templates): an ad-hoc
nomination needs a tờ trình and a brief report of the achievement, a thematic one the report of achievements in
the movement, a long-service one the report of the process of contribution. Submitting without them is refused,
naming what is missing; the generated Word documents carry the Decree 30 heading and the route's title."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document

from thidua.accounts.models import Role
from thidua.audit.models import AuditEvent
from thidua.nominations import services
from thidua.nominations.models import State

ROUTES = [  # round kind, award, documents required (Vietnamese labels), generated titles
    ("ad_hoc", "BANG_KHEN_BO", ["Tờ trình", "Báo cáo tóm tắt thành tích đột xuất"],
     ["TỜ TRÌNH", "BÁO CÁO TÓM TẮT THÀNH TÍCH ĐỘT XUẤT"]),
    ("thematic", "BANG_KHEN_BO", ["Báo cáo thành tích thi đua theo chuyên đề"],
     ["BÁO CÁO THÀNH TÍCH THI ĐUA THEO CHUYÊN ĐỀ"]),
    ("lifetime", "HCLD_3", ["Báo cáo quá trình cống hiến"], ["BÁO CÁO TÓM TẮT QUÁ TRÌNH CỐNG HIẾN"]),
]


@pytest.fixture
def leader(world):
    return world.user("leader", Role.UNIT_LEADER, world.div_a1)


def _nomination(world, officer, leader, kind, award):
    round_ = services.open_round(actor=officer, unit=world.root, title="Thi đua chuyển đổi số", year=2025,
                                 award_codes=[award], kind=kind,
                                 nomination_deadline=timezone.localdate() + datetime.timedelta(days=30))
    person = world.person("P1", "Trần Thị Lan")
    return services.nominate(actor=leader, round_=round_, award_code=award, person=person,
                             justification="Hội đồng đánh giá thành tích", achievements="Cứu người bị nạn")


def _generate(client, leader, nomination):
    client.force_login(leader)
    assert client.post(f"/rounds/nominations/{nomination.pk}/generate/").status_code == 302


@pytest.mark.parametrize(("kind", "award", "labels", "titles"), ROUTES)
def test_submit_is_refused_naming_the_route_documents_missing(world, officer, leader, client, kind, award, labels,
                                                              titles):
    nomination = _nomination(world, officer, leader, kind, award)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.submit(actor=leader, nomination=nomination)
    message = error.value.messages[0]
    assert message.startswith("Hồ sơ chưa đầy đủ:") and all(label in message for label in labels)
    assert "Báo cáo thành tích." not in message  # the regular report is not asked for on these routes
    nomination.refresh_from_db()
    assert nomination.state == State.DRAFT and not nomination.transitions.exists()
    assert AuditEvent.objects.count() == events
    if len(labels) > 1:  # one document filed: the other is still named
        services.add_document(actor=leader, nomination=nomination, kind="submission", name="to-trinh.docx",
                              content=b"x")
        with pytest.raises(ValidationError, match=labels[1]) as error:
            services.submit(actor=leader, nomination=nomination)
        assert labels[0] not in error.value.messages[0]
    _generate(client, leader, nomination)
    services.submit(actor=leader, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED


@pytest.mark.parametrize(("kind", "award", "labels", "titles"), ROUTES)
def test_generated_documents_carry_the_decree30_heading_and_the_route_title(world, officer, leader, client, kind,
                                                                             award, labels, titles):
    nomination = _nomination(world, officer, leader, kind, award)
    _generate(client, leader, nomination)
    files = list(nomination.documents.order_by("pk"))
    assert len(files) == len(titles)
    page = client.get(f"/rounds/nominations/{nomination.pk}/").content.decode()
    for document, title, label in zip(files, titles, labels, strict=True):
        with document.file.open("rb") as handle:
            doc = Document(io.BytesIO(handle.read()))
        header = [c.text for c in doc.tables[0].rows[0].cells]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in header[1]
        assert world.div_a1.name.upper() in header[0] and "Số: …/" in header[0]
        paragraphs = [p.text for p in doc.paragraphs]
        assert title in paragraphs, paragraphs[:4]
        assert f"✔ {label}" in page
    subject = {"ad_hoc": "Về việc đề nghị khen thưởng đột xuất",
               "thematic": "Đề nghị tặng Bằng khen cấp bộ, ngành, tỉnh trong Thi đua chuyển đổi số",
               "lifetime": "Đề nghị tặng Huân chương Lao động hạng Ba"}[kind]
    with files[0].file.open("rb") as handle:
        assert subject in [p.text for p in Document(io.BytesIO(handle.read())).paragraphs]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Trần Thị Lan" in text and "Cứu người bị nạn" in text
    if kind == "lifetime":  # the career, post by post, from the memberships
        rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]
        assert rows[1][:2] == ["01/01/2020", "nay"] and world.div_a1.name in rows[1][2]
