"""Import of past awards (the lifelong record before thidua) through the foundation's two-phase import.

One row per award: a person code or a unit code, the award (code or its Vietnamese name), the year and
the decision. Rows match existing records on (subject, award, year): re-importing changes nothing.
"""

import datetime

from django.utils.translation import gettext as _

from thidua.awards.catalogue import AWARDS
from thidua.awards.codes import PERSON_AWARDS
from thidua.core.text import fold
from thidua.organization.importing import Column, _required, _text, _tick, _units_by_code, parse_date
from thidua.organization.models import Person

from .models import AwardRecord, Source

COLUMNS = [
    Column("person", "Mã cán bộ", "Person code", required=False),
    Column("unit", "Mã đơn vị (tập thể)", "Collective unit code", required=False),
    Column("award", "Danh hiệu, hình thức", "Award"),
    Column("year", "Năm", "Year"),
    Column("achievement_from", "Thành tích từ năm", "Achievement period from (year)", required=False),
    Column("decision_number", "Số quyết định", "Decision number"),
    Column("decision_date", "Ngày quyết định", "Decision date"),
    Column("authority", "Cấp khen thưởng", "Granting authority", required=False),
]
EXAMPLE = [["CB0001", "", "Chiến sĩ thi đua cơ sở", "2024", "", "25/QĐ-VPQH", "15/01/2025", "Văn phòng Quốc hội"],
           ["CB0002", "", "Bằng khen của Thủ tướng Chính phủ", "2024", "2020", "1234/QĐ-TTg", "20/06/2025",
            "Thủ tướng Chính phủ"],
           ["", "VP", "TT_LDXS", "2024", "", "26/QĐ-VPQH", "15/01/2025", "Văn phòng Quốc hội"]]
AWARD_WORDS = {**{fold(code): code for code in AWARDS}, **{fold(a.name_vi): code for code, a in AWARDS.items()},
               **{fold(a.name_en): code for code, a in AWARDS.items()}}


def plan(plan, reader, progress):
    units = _units_by_code(plan.agency)
    people = {p.code: p for p in Person.objects.filter(agency=plan.agency).select_related("unit")}
    existing = set(AwardRecord.objects.filter(person__agency=plan.agency).values_list("person_id", "award_code", "year"))
    existing |= set(AwardRecord.objects.filter(unit__agency=plan.agency).values_list("unit_id", "award_code", "year"))
    this_year, seen = datetime.date.today().year, {}
    for index, (row, cells) in enumerate(reader):
        _tick(progress, index, plan.rows)
        person_code, unit_code = _text(cells.get("person")), _text(cells.get("unit"))
        person, unit = people.get(person_code), units.get(unit_code)
        if bool(person_code) == bool(unit_code):
            reader.error(row, "person", _("Give either a person code or a collective's unit code."))
        elif person_code and person is None:
            reader.error(row, "person", _("Unknown person code “%(code)s”.") % {"code": person_code})
        elif unit_code and unit is None:
            reader.error(row, "unit", _("Unknown unit “%(code)s”.") % {"code": unit_code})
        award_text = _required(reader, row, cells, "award")
        code = AWARD_WORDS.get(fold(award_text))
        if award_text and code is None:
            reader.error(row, "award", _("Unknown award “%(value)s”.") % {"value": award_text})
        elif code and (person_code and code not in PERSON_AWARDS or unit_code and code in PERSON_AWARDS):
            reader.error(row, "award", _("“%(value)s” is not granted to this kind of subject.") % {"value": award_text})
            code = None
        year_text = _text(cells.get("year"))
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not 1945 <= year <= this_year:
            reader.error(row, "year", _("Bad year “%(value)s”.") % {"value": year_text})
        from_text = _text(cells.get("achievement_from"))
        start = int(from_text) if from_text.isdigit() else None
        if from_text and (start is None or start < 1945 or (year is not None and start > year)):
            reader.error(row, "achievement_from", _("The achievement period must start in a year no later than the "
                                                    "award's year, got “%(value)s”.") % {"value": from_text})
            start = None
        number = _required(reader, row, cells, "decision_number")
        try:
            day = parse_date(cells.get("decision_date"))
        except ValueError:
            day = None
        if day is None:
            reader.error(row, "decision_date", _("A decision needs a date."))
        subject = person or unit
        if subject is None or code is None or year is None or day is None or not number:
            continue
        key = (subject.pk, code, year, "p" if person else "u")
        if key in seen:
            reader.error(row, "year", _("Duplicate award for this subject and year (also on row %(row)s).")
                         % {"row": seen[key]})
            continue
        seen[key] = row
        if key[:3] in existing:
            continue
        plan.creates.append(AwardRecord(
            person=person, unit=unit, award_code=code, year=year, decision_number=number, decision_date=day,
            achievement_from=start if start is not None and start < year else None,
            authority=_text(cells.get("authority")) or plan.agency.name, source=Source.IMPORTED,
            unit_name_then=(person.unit.name if person else unit.name)))


def commit(plan, actor):
    user = actor if actor.is_authenticated else None
    for record in plan.creates:
        record.recorded_by = user
    AwardRecord.objects.bulk_create(plan.creates, batch_size=2000)
    plan.journal.created(plan.creates)
