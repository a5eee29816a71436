"""Demo movements: this year's regular movement and a thematic digital-transformation movement for the
demo agency, and last year's block movement with a full year of cross-scoring by the 14 members."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.organization.models import BlockMembership, Unit

from . import services
from .models import Movement

DAY = datetime.timedelta(days=1)
YEARLY = [
    ("Thực hiện nhiệm vụ chính trị", "A1", "Hoàn thành các nhiệm vụ theo kế hoạch công tác năm", 30, 1, True),
    ("Thực hiện nhiệm vụ chính trị", "A2", "Chất lượng tham mưu, phục vụ kỳ họp", 20, 1, False),
    ("Thực hiện nhiệm vụ chính trị", "A3", "Cải cách hành chính, ứng dụng công nghệ thông tin", 10, 1, False),
    ("Công tác thi đua, khen thưởng", "B1", "Tổ chức phát động và sơ kết, tổng kết phong trào", 10, 1, False),
    ("Công tác thi đua, khen thưởng", "B2", "Phát hiện, nhân rộng điển hình tiên tiến", 10, 1, False),
    ("Xây dựng tổ chức, đoàn thể", "C1", "Xây dựng tổ chức đảng, đoàn thể vững mạnh", 10, 1, False),
    ("Xây dựng tổ chức, đoàn thể", "C2", "Thực hành tiết kiệm, chống lãng phí", 10, 1, False),
]
DIGITAL = [
    ("Chuyển đổi số", "D1", "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", 40, 1, True),
    ("Chuyển đổi số", "D2", "Số quy trình được số hoá", 30, 1, False),
    ("Chuyển đổi số", "D3", "Cán bộ được bồi dưỡng kỹ năng số", 30, 1, False),
]


def _rubric(admin, agency, name, rows, bonus=True):
    rubric = services.create_rubric(actor=admin, agency=agency, name=name, bonus_cap=Decimal(5) if bonus else None)
    for group, code, text, maximum, weight, evidence in rows:
        services.add_criterion(actor=admin, rubric=rubric, group=group, code=code, name=text, max_score=maximum,
                               weight=weight, evidence_required=evidence, evidence_note="Báo cáo kết quả có xác nhận")
    if bonus:
        services.add_criterion(actor=admin, rubric=rubric, group="Điểm thưởng, điểm trừ", code="T1",
                               name="Có sáng kiến được công nhận", max_score=5, kind="bonus")
        services.add_criterion(actor=admin, rubric=rubric, group="Điểm thưởng, điểm trừ", code="K1",
                               name="Có cán bộ bị kỷ luật", max_score=10, kind="penalty")
    return rubric


def _score_all(admin, movement, units, rng, kind, scorer=None):
    for unit in units:
        if scorer is not None and unit == scorer:
            continue
        values = {c.code: (Decimal(rng.randint(int(c.max_score * 6), int(c.max_score * 10))) / 10
                           if c.kind != "penalty" else Decimal(rng.choice([0, 0, 0, 2])))
                  for c in movement.rubric.criteria.all()}
        services.score(actor=admin, movement=movement, unit=unit, kind=kind, values=values, scorer=scorer)


def build_programme(root, this_year: int) -> Movement:
    """The seeds' multi-year movement, launched at the congress: 2025–2030 with yearly phases, a mid-term
    review and the final review (shifted to the five years around `this_year` when that falls outside)."""
    admin = get_user_model().objects.get(username="admin")
    first = 2025 if 2025 <= this_year <= 2030 else this_year - 1
    last = first + 5
    programme = services.launch(
        actor=admin, title=f"Phong trào thi đua yêu nước giai đoạn {first}–{last}", year=first, kind="thematic",
        rubric=_rubric(admin, root.agency, f"Tiêu chí thi đua giai đoạn {first}–{last}", YEARLY, bonus=False),
        unit=root, participants=list(root.children.order_by("position")),
        slogan="Đoàn kết, sáng tạo, kỷ cương, hiệu quả — thi đua hoàn thành xuất sắc nhiệm vụ",
        goals="Mọi chương trình, kế hoạch công tác của đơn vị đều xác định chỉ tiêu, chỉ số, tiêu chí thi đua.",
        starts_on=datetime.date(first, 1, 1), ends_on=datetime.date(last, 12, 31),
        registration_until=datetime.date(first, 3, 31), reporting_until=datetime.date(last, 10, 31),
        scoring_from=datetime.date(last, 11, 1), scoring_until=datetime.date(last, 12, 15),
        decision_number="125/QĐ-VPQH", decision_date=datetime.date(first, 1, 15))
    for year in range(first, last + 1):
        services.add_phase(actor=admin, movement=programme, name=f"Năm {year}", kind="yearly",
                           starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31))
    services.add_phase(actor=admin, movement=programme, name=f"Sơ kết giữa kỳ {first}–{first + 2}", kind="mid_term",
                       starts_on=datetime.date(first, 1, 1), ends_on=datetime.date(first + 2, 12, 31))
    services.add_phase(actor=admin, movement=programme, name=f"Tổng kết giai đoạn {first}–{last}", kind="final",
                       starts_on=datetime.date(first, 1, 1), ends_on=datetime.date(last, 12, 31))
    return programme


TARGETS = [
    ("Tỷ lệ văn bản xử lý trên môi trường mạng", "percentage", 70, 100, [(6, 85)], 78),
    ("Số quy trình nghiệp vụ được số hóa", "number", 0, 6, [(6, 3)], 4),
    ("Ban hành kế hoạch thi đua năm", "yes_no", None, None, [], 1),
]


def build_work_plans(root, this_year: int) -> None:
    """Each department's work plan states measurable targets; progress is reported with evidence."""
    admin = get_user_model().objects.get(username="admin")
    today = timezone.localdate()
    for index, unit in enumerate(root.children.order_by("position")):
        for text, measure, baseline, goal, checkpoints, reached in TARGETS:
            item = services.add_work_plan_target(
                actor=admin, unit=unit, year=this_year, target=text, measure=measure,
                baseline=None if baseline is None else Decimal(baseline), goal=None if goal is None else Decimal(goal),
                due_on=datetime.date(this_year, 12, 31),
                checkpoints=[(datetime.date(this_year, month, 30), Decimal(value)) for month, value in checkpoints])
            # every third department lags behind, so the dashboard and reminders have something to flag
            value = reached if index % 3 else (baseline or 0) + ((reached - (baseline or 0)) // 3)
            services.report_progress(actor=admin, target=item, on=min(today, datetime.date(this_year, 10, 1)),
                                     value=Decimal(value), link="https://intranet.quochoi.local/bao-cao-tien-do")


def _personal_pledge(movement: Movement, departments: list[Unit]) -> None:
    """The staff account `nhanvien` has signed a personal pledge in its department, ready to self-assess."""
    staff = get_user_model().objects.filter(username="nhanvien", person__isnull=False).select_related("person").first()
    if staff is None:
        return
    home = next((u for u in departments if Unit.objects.descendants(u, include_self=True)
                 .filter(pk=staff.person.unit_id).exists()), None)
    if home is not None:
        services.pledge(actor=staff, movement=movement, unit=home, person=staff.person, targets={
            "D1": "Xử lý 100% văn bản được giao trên môi trường mạng", "D3": "Hoàn thành khoá bồi dưỡng kỹ năng số"})


def build(rng, root, block, this_year: int, parent: Movement | None = None) -> None:
    admin = get_user_model().objects.get(username="admin")
    today = timezone.localdate()
    departments = list(root.children.order_by("position"))
    yearly = services.launch(
        actor=admin, title=f"Phong trào thi đua thực hiện nhiệm vụ chính trị năm {this_year}", year=this_year,
        rubric=_rubric(admin, root.agency, "Tiêu chí thi đua hằng năm", YEARLY), unit=root, participants=departments,
        slogan="Đoàn kết, kỷ cương, chuyên nghiệp, hiệu quả", goals="Hoàn thành xuất sắc nhiệm vụ phục vụ Quốc hội.",
        starts_on=datetime.date(this_year, 1, 1), ends_on=datetime.date(this_year, 12, 31),
        registration_until=max(today, datetime.date(this_year, 12, 1)), reporting_until=datetime.date(this_year, 12, 10),
        scoring_from=datetime.date(this_year, 12, 15), scoring_until=datetime.date(this_year, 12, 31), parent=parent)
    for unit in departments:
        services.pledge(actor=admin, movement=yearly, unit=unit, targets={
            "A1": "Hoàn thành 100% nhiệm vụ theo kế hoạch", "A3": "Xử lý 100% văn bản trên môi trường mạng"})
    digital_rubric = _rubric(admin, root.agency, "Tiêu chí chuyển đổi số", DIGITAL, bonus=False)
    digital = services.launch(
        actor=admin, title=f"Thi đua chuyển đổi số năm {this_year}", year=this_year, kind="thematic",
        rubric=digital_rubric, unit=root, participants=departments, tie_break="earlier_pledge",
        slogan="Chuyển đổi số vì một Quốc hội số", starts_on=datetime.date(this_year, 3, 1),
        ends_on=datetime.date(this_year, 12, 31), registration_until=today, reporting_until=today,
        scoring_from=today - 5 * DAY, scoring_until=today + 30 * DAY, person_pledges=True)
    d1 = digital_rubric.criteria.get(code="D1")
    for unit in departments:
        services.pledge(actor=admin, movement=digital, unit=unit, targets={"D1": "100%", "D2": "3 quy trình"})
        services.add_evidence(actor=admin, movement=digital, unit=unit, criterion=d1, reported_value="96%",
                              link="https://intranet.quochoi.local/bao-cao-chuyen-doi-so")
    _score_all(admin, digital, departments, rng, "self")
    _personal_pledge(digital, departments)
    year = this_year - 1
    roots = [Unit.objects.get(agency=m.agency, parent=None)
             for m in BlockMembership.objects.filter(block=block, year=year).select_related("agency")]
    block_rubric = _rubric(admin, block.host_agency, "Bảng chấm điểm giao ước thi đua khối", YEARLY)
    crossed = services.launch(
        actor=admin, title=f"Giao ước thi đua năm {year} — {block.name}", year=year, rubric=block_rubric, block=block,
        joint_pledge="Các cơ quan trong Khối cam kết thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm.",
        starts_on=today - 10 * DAY, ends_on=today, registration_until=today, reporting_until=today,
        scoring_from=today, scoring_until=today)
    for unit in roots:
        services.pledge(actor=admin, movement=crossed, unit=unit, targets={}, joint=True)
    for scorer in roots:
        _score_all(admin, crossed, roots, rng, "cross", scorer=scorer)
    services.publish(actor=admin, movement=crossed)
    top = [r.unit for r in crossed.results.order_by("rank")[:2]]
    services.propose_for_flag(actor=admin, movement=crossed, units=top, award_code="CO_THI_DUA_CP",
                              reason="Dẫn đầu Khối về kết quả chấm điểm chéo; hoàn thành xuất sắc các chỉ tiêu giao ước.")
    Movement.objects.filter(pk=crossed.pk).update(
        starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31),
        registration_until=datetime.date(year, 2, 28), reporting_until=datetime.date(year, 12, 10),
        scoring_from=datetime.date(year, 12, 15), scoring_until=datetime.date(year, 12, 31))
