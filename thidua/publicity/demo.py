"""Demo exemplary models: about thirty over five years, found in the demo's own record (Emulation Fighters,
excellent ratings, initiatives, movement leaders) or nominated by units, with stories, replications and their
measured effect, and last year's emulation congress with its list to honour."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from thidua.organization.models import Rating, YearlyRating

from . import discovery, services
from .models import ExemplaryModel

PER_YEAR = 6
PRACTICES = [
    ("Một cửa điện tử trong tiếp nhận văn bản", "Số ngày xử lý một văn bản đến", "5", "2", False),
    ("Họp không giấy tờ", "Số trang in mỗi phiên họp", "1200", "150", False),
    ("Sổ tay nghiệp vụ thẩm tra dùng chung", "Tỷ lệ báo cáo thẩm tra đúng hạn (%)", "82", "97", True),
    ("Ngày thứ Bảy tình nguyện vì cộng đồng", "Số giờ tình nguyện mỗi năm", "300", "1150", True),
    ("Tổ tư vấn chuyển đổi số nội bộ", "Tỷ lệ hồ sơ xử lý trên môi trường mạng (%)", "64", "95", True),
    ("Góc sáng kiến mỗi tháng", "Số sáng kiến được đăng ký mỗi năm", "4", "11", True),
]
STORY = ("<p>{title} — {reason}</p><p>{who} đã kiên trì đổi mới cách làm, chủ động đề xuất giải pháp và cùng tập thể "
         "đơn vị thực hiện đến cùng. Kết quả được lãnh đạo ghi nhận, đồng nghiệp học tập và làm theo.</p>"
         "<ul><li>Hoàn thành xuất sắc nhiệm vụ được giao</li><li>Lan tỏa cách làm hay tới các đơn vị bạn</li></ul>")


def _spread(model, *, day: datetime.date) -> None:
    """Demo history: date the recognition and publication in the year of the achievement."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    ExemplaryModel.objects.filter(pk=model.pk).update(recognised_at=moment,
                                                      published_at=moment if model.published_at else None)


def build(rng, root, this_year: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # reasons found in the record are stored as text
        _build(rng, root, this_year)


def _build(rng, root, this_year: int) -> None:
    users = get_user_model()
    officer, leader = users.objects.get(username="thidua"), users.objects.get(username="lanhdao")
    agency = root.agency
    departments = list(root.children.order_by("position"))
    leader_unit = leader.roles.first().unit
    made = []
    for year in range(this_year - 5, this_year):
        found = discovery.candidates(officer, agency, year)
        rng.shuffle(found)
        chosen = [services.propose_from_record(actor=officer, agency=agency, year=year, key=c.key)
                  for c in found[:PER_YEAR - 2]]
        excellent = list(YearlyRating.objects.filter(person__agency=agency, year=year, rating=Rating.HTXSNV)
                         .select_related("person__unit").order_by("person__code"))
        for index, (title, *_rest) in enumerate(rng.sample(PRACTICES, PER_YEAR - len(chosen))):
            if index % 2 and excellent:  # a unit puts forward one of its people rated excellent that year
                person = excellent.pop(rng.randrange(len(excellent))).person
                chosen.append(services.nominate(
                    actor=officer, unit=person.unit, kind="person", person=person, title=person.full_name, year=year,
                    reason=f"Hoàn thành xuất sắc nhiệm vụ năm {year}, tận tụy và sáng tạo trong công việc."))
                continue
            unit = leader_unit if rng.random() < 0.3 else rng.choice(departments)
            chosen.append(services.nominate(
                actor=leader if unit == leader_unit else officer, unit=unit, kind="practice", title=title,
                year=year, reason=f"Cách làm hiệu quả của {unit.name} năm {year}."))
        for model in chosen:
            if rng.random() < 0.15:
                services.decline(actor=officer, model=model, reason="Thành tích chưa đủ tiêu biểu để nhân rộng.")
                continue
            who = model.person.full_name if model.person_id else model.unit.name
            services.recognise(actor=officer, model=model,
                               citation=f"{model.reason[:400]} Tấm gương tiêu biểu năm {year}.")
            services.edit_story(actor=officer, model=model,
                                story=STORY.format(title=model.title, reason=model.reason, who=who))
            if rng.random() < 0.85:
                services.publish(actor=officer, model=model)
            model.refresh_from_db()
            _spread(model, day=datetime.date(year, rng.randint(3, 11), rng.randint(1, 28)))
            made.append(model)
    _replicate(rng, officer, made, departments, this_year)
    _congress(officer, agency, made, this_year)


def _replicate(rng, officer, models, departments, this_year: int) -> None:
    practices = {p[0]: p for p in PRACTICES}
    for model in models:
        if rng.random() < 0.45:
            continue
        _title, indicator, before, after, higher = practices.get(
            model.title, (None, "Tỷ lệ hồ sơ xử lý đúng hạn (%)", "80", "96", True))
        others = [d for d in departments if d.pk != model.unit_id and d.pk != getattr(model.unit, "parent_id", None)]
        for unit in rng.sample(others, min(len(others), rng.randint(1, 4))):
            adopted = datetime.date(min(model.year + 1, this_year), rng.randint(1, 6), rng.randint(1, 28))
            adopted = min(adopted, timezone.localdate())
            item = services.adopt(actor=officer, model=model, unit=unit, indicator=indicator, baseline=before,
                                  higher_is_better=higher, started_on=adopted,
                                  plan=f"{unit.name} áp dụng “{model.title}”, phân công đầu mối và báo cáo hằng quý.")
            measured = adopted + datetime.timedelta(days=rng.randint(90, 300))
            if measured <= timezone.localdate():
                factor = 1 + (rng.random() - 0.25) * 0.4  # most units do about as well as the model, a few less
                result = float(before) + (float(after) - float(before)) * factor
                services.measure(actor=officer, replication=item, result=round(result, 2), measured_on=measured)


def _congress(officer, agency, models, this_year: int) -> None:
    congress = services.create_congress(actor=officer, agency=agency, held_on=datetime.date(this_year - 1, 11, 20),
                                        title="Đại hội thi đua yêu nước Văn phòng Quốc hội lần thứ V",
                                        place="Hà Nội")
    shown = [m for m in models if m.published_at or m.status != "declined"]
    for model in sorted(shown, key=lambda m: (-m.year, m.title))[:10]:
        model.refresh_from_db()
        if model.status in services.SHOWN:
            services.honour(actor=officer, congress=congress, model=model)

