"""Demo inspection: this year's plan over the demo agency, two departments inspected, one finding closed
with evidence and one waiting for the unit's follow-up."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services


def build(root, this_year: int) -> None:
    users = get_user_model().objects
    inspector, leader = users.get(username="thanhtra"), users.get(username="admin")
    today = timezone.localdate()
    plan = services.create_plan(actor=inspector, unit=root, year=this_year, decision_number="45/KH-VPQH",
                                title=f"Kiểm tra công tác thi đua, khen thưởng năm {this_year}",
                                starts_on=datetime.date(this_year, 1, 1), ends_on=datetime.date(this_year, 12, 31))
    first, second = list(root.children.order_by("position"))[:2]
    day = min(today, datetime.date(this_year, 12, 31))
    for unit, open_finding in ((first, False), (second, True)):
        inspection = services.schedule(actor=inspector, plan=plan, unit=unit, scheduled_on=day)
        items = list(inspection.checklist.all())
        services.check_items(actor=inspector, inspection=inspection, results={
            item.pk: ("not_met", "Chưa niêm yết công khai đủ 5 ngày làm việc") if n == 4 else ("met", "")
            for n, item in enumerate(items)})
        finding = services.add_finding(
            actor=inspector, inspection=inspection, severity="medium",
            text="Danh sách đề nghị khen thưởng chưa được công khai đủ thời gian theo quy định",
            action_required="Công khai lại danh sách, bổ sung biên bản công khai vào hồ sơ",
            due_on=today + datetime.timedelta(days=5 if open_finding else 20))
        if not open_finding:
            services.respond(actor=leader, finding=finding, response="Đã công khai lại và bổ sung biên bản",
                             link="https://intranet.quochoi.local/cong-khai")
            services.close_finding(actor=inspector, finding=finding, note="Đã kiểm tra hồ sơ bổ sung: đạt")
            services.conclude(actor=inspector, inspection=inspection,
                              conclusion="Đơn vị thực hiện cơ bản đúng quy định; đã khắc phục tồn tại.")
