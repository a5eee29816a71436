"""Demo initiatives: a realistic spread over five years, about one in five staff an author."""

import datetime
from decimal import Decimal

from .models import Author, Field, Initiative, InitiativeKind, Recognition, Scope, Status

TOPICS = [
    ("Số hoá hồ sơ {x}", Field.DIGITAL), ("Ứng dụng phần mềm quản lý {x}", Field.DIGITAL),
    ("Cải tiến quy trình {x}", Field.MANAGEMENT), ("Chuẩn hoá biểu mẫu {x}", Field.MANAGEMENT),
    ("Nâng cao chất lượng thẩm tra {x}", Field.LEGISLATIVE), ("Đổi mới phương thức giám sát {x}", Field.LEGISLATIVE),
    ("Tiết kiệm chi phí {x}", Field.PROFESSIONAL), ("Xây dựng cơ sở dữ liệu {x}", Field.TECHNICAL),
]
OBJECTS = ["văn bản đến", "khen thưởng", "đơn thư công dân", "tài liệu kỳ họp", "hội nghị trực tuyến", "lưu trữ",
           "tiếp công dân", "dự án luật", "báo cáo thẩm tra", "tài sản công", "chấm công", "văn phòng phẩm"]


def build(rng, agency, people, this_year: int, count: int = 320) -> None:
    by_unit: dict[int, list] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    units = list(by_unit)
    for index in range(count):
        unit_id = rng.choice(units)
        year = rng.randint(this_year - 5, this_year - 1)
        applied = datetime.date(year, rng.randint(1, 9), rng.randint(1, 28))
        template, field = rng.choice(TOPICS)
        title = template.format(x=rng.choice(OBJECTS)) + f" ({index + 1})"
        authors = rng.sample(by_unit[unit_id], min(len(by_unit[unit_id]), rng.choice([1, 1, 2, 2, 3])))
        shares = {1: [100], 2: [60, 40], 3: [50, 30, 20]}[len(authors)]
        roll = rng.random()
        scope = Scope.TOAN_QUOC if roll < 0.01 else Scope.BO if roll < 0.1 else Scope.CO_SO if roll < 0.75 else None
        initiative = Initiative.objects.create(
            agency=agency, unit_id=unit_id, title=title, field=field,
            kind=InitiativeKind.RESEARCH if rng.random() < 0.1 else InitiativeKind.INITIATIVE,
            problem="Quy trình thủ công, mất nhiều thời gian và dễ sai sót.",
            solution="Chuẩn hoá quy trình và áp dụng công cụ số để xử lý, theo dõi và báo cáo.",
            first_applied_on=applied, benefits="Giảm thời gian xử lý, tăng độ chính xác.",
            money_saved_vnd=rng.randrange(5, 300) * 1_000_000, hours_saved=rng.randrange(50, 2000),
            status=Status.RECOGNISED if scope else (Status.REGISTERED if year >= this_year - 1 else Status.NOT_RECOGNISED),
            scope=scope)
        initiative.applied_units.add(unit_id)
        Author.objects.bulk_create([Author(initiative=initiative, person=p, share=Decimal(s))
                                    for p, s in zip(authors, shares, strict=True)])
        initiative.refresh_search_text([p.full_name for p in authors])
        initiative.save(update_fields=["search_text"])
        decided = datetime.date(year, 12, rng.randint(10, 28))
        for level in range(1, (scope or 0) + 1):
            Recognition.objects.create(
                initiative=initiative, scope=level, decision_date=decided + datetime.timedelta(days=200 * (level - 1)),
                decision_number=f"{rng.randint(100, 999)}/QĐ-{['', 'VPQH', 'UBTVQH', 'TTg'][level]}",
                authority=["", "Văn phòng Quốc hội", "Ủy ban Thường vụ Quốc hội", "Thủ tướng Chính phủ"][level])
