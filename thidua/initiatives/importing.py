"""Import of past initiatives and their recognition decisions, through the foundation's two-phase import.

One row per initiative; authors as "CODE:share; CODE:share". Rows match existing initiatives on
(registering unit, title), so re-importing a file changes nothing; a wider scope on a known initiative
adds the new decision.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from thidua.core.text import fold, nfc
from thidua.organization.importing import Column, _choice, _required, _text, _tick, _units_by_code, parse_date
from thidua.organization.models import Person

from .models import Author, Field, Initiative, InitiativeKind, Recognition, Scope, Status

COLUMNS = [
    Column("title", "Tên sáng kiến", "Title"),
    Column("unit", "Mã đơn vị", "Unit code"),
    Column("authors", "Tác giả (mã:tỷ lệ %)", "Authors (code:share %)"),
    Column("first_applied_on", "Ngày áp dụng lần đầu", "First applied on"),
    Column("kind", "Loại", "Kind", required=False),
    Column("field", "Lĩnh vực", "Field", required=False),
    Column("problem", "Vấn đề cần giải quyết", "Problem addressed", required=False),
    Column("solution", "Giải pháp", "Solution", required=False),
    Column("scope", "Phạm vi ảnh hưởng", "Scope of effect", required=False),
    Column("authority", "Cấp công nhận", "Recognising authority", required=False),
    Column("decision_number", "Số quyết định", "Decision number", required=False),
    Column("decision_date", "Ngày quyết định", "Decision date", required=False),
]
EXAMPLE = [["Số hoá hồ sơ thi đua", "VP", "CB0001:60; CB0002:40", "15/03/2024", "Sáng kiến", "Chuyển đổi số",
            "Hồ sơ giấy thất lạc", "Quét và lưu hồ sơ trên hệ thống", "cơ sở", "Văn phòng", "12/QĐ-VP", "20/12/2024"]]
SCOPE_WORDS = {"co so": Scope.CO_SO, "co_so": Scope.CO_SO, "bo": Scope.BO, "cap bo": Scope.BO, "nganh": Scope.BO,
               "tinh": Scope.BO, "toan quoc": Scope.TOAN_QUOC, "toan_quoc": Scope.TOAN_QUOC}


def _authors(text: str, people: dict) -> tuple[list, str | None]:
    parts = [p for p in re.split(r"[;\n]+", text) if p.strip()]
    authors, total = [], Decimal(0)
    for part in parts:
        code, sep, share = part.partition(":")
        if not sep:
            if len(parts) > 1:
                return [], _("Write each author as CODE:share, separated by “;”.")
            share = "100"
        person = people.get(code.strip())
        if person is None:
            return [], _("Unknown person code “%(code)s”.") % {"code": code.strip()}
        try:
            value = Decimal(share.strip().rstrip("%").replace(",", "."))
        except InvalidOperation:
            return [], _("Bad share “%(value)s”.") % {"value": share.strip()}
        if not Decimal(0) < value <= Decimal(100):
            return [], _("Each author's share must be more than 0 and at most 100%.")
        authors.append((person, value))
        total += value
    if not authors:
        return [], _("This value is required.")
    if total != 100:
        return [], _("Co-author shares must sum to 100%% (they sum to %(total)s%%).") % {"total": f"{total.normalize():f}"}
    if len({p.pk for p, _s in authors}) != len(authors):
        return [], _("An author is listed twice.")
    return authors, None


def plan(plan, reader, progress):
    units = _units_by_code(plan.agency)
    people = {p.code: p for p in Person.objects.filter(agency=plan.agency)}
    existing = {(i.unit_id, fold(i.title)): i for i in Initiative.objects.filter(agency=plan.agency)}
    known = set(Recognition.objects.filter(initiative__agency=plan.agency).values_list("initiative_id", "scope"))
    today, seen = datetime.date.today(), {}
    for index, (row, cells) in enumerate(reader):
        _tick(progress, index, plan.rows)
        title, unit_code = _required(reader, row, cells, "title"), _required(reader, row, cells, "unit")
        unit = units.get(unit_code)
        if unit_code and unit is None:
            reader.error(row, "unit", _("Unknown unit “%(code)s”.") % {"code": unit_code})
        authors, problem = _authors(_text(cells.get("authors")), people)
        if problem:
            reader.error(row, "authors", problem)
        try:
            applied = parse_date(cells.get("first_applied_on"))
        except ValueError:
            applied = None
        if applied is None or applied > today:
            reader.error(row, "first_applied_on", _("Bad date “%(value)s”: use dd/mm/yyyy.")
                         % {"value": _text(cells.get("first_applied_on"))})
        kind = _choice(cells.get("kind"), InitiativeKind.choices) if _text(cells.get("kind")) else InitiativeKind.INITIATIVE
        field = _choice(cells.get("field"), Field.choices) if _text(cells.get("field")) else Field.OTHER
        for key, value in (("kind", kind), ("field", field)):
            if value is None:
                reader.error(row, key, _("Unknown value “%(value)s”.") % {"value": _text(cells.get(key))})
        recognition = _plan_recognition(reader, row, cells, applied, today)
        if unit is None or not title or problem or applied is None or kind is None or field is None \
                or recognition is False:
            continue
        key = (unit.pk, fold(title))
        if key in seen:
            reader.error(row, "title", _("Duplicate initiative (also on row %(row)s).") % {"row": seen[key]})
            continue
        seen[key] = row
        current = existing.get(key)
        if current is None:
            plan.creates.append({"unit": unit, "title": nfc(title), "authors": authors, "first_applied_on": applied,
                                 "kind": kind, "field": field, "problem": _text(cells.get("problem")),
                                 "solution": _text(cells.get("solution")), "recognition": recognition})
        elif recognition and (current.pk, recognition["scope"]) not in known:
            if current.scope and recognition["scope"] < current.scope:
                reader.error(row, "scope", _("Already recognised at %(scope)s: a new decision can only widen the "
                                             "scope.") % {"scope": Scope(current.scope).label})
                continue
            plan.updates.append({"initiative": current, "recognition": recognition})


def _plan_recognition(reader, row, cells, applied, today):
    """None when the row has no decision, False when it has a bad one, else the decision's values."""
    scope_text = _text(cells.get("scope"))
    number = _text(cells.get("decision_number"))
    if not scope_text and not number:
        return None
    scope = SCOPE_WORDS.get(fold(scope_text).replace("-", " ").strip()) or _choice(scope_text, Scope.choices)
    ok = True
    if scope is None:
        reader.error(row, "scope", _("Unknown scope “%(value)s”: use cơ sở, bộ or toàn quốc.") % {"value": scope_text})
        ok = False
    if not number:
        reader.error(row, "decision_number", _("A decision needs a number."))
        ok = False
    try:
        day = parse_date(cells.get("decision_date"))
    except ValueError:
        day = None
    if day is None or day > today:
        reader.error(row, "decision_date", _("A decision needs a date."))
        ok = False
    elif applied and day < applied:
        reader.error(row, "decision_date", _("A recognition cannot be dated before the initiative was first applied "
                                             "(%(day)s).") % {"day": applied.strftime("%d/%m/%Y")})
        ok = False
    if not ok:
        return False
    return {"scope": int(scope), "decision_number": number, "decision_date": day,
            "authority": _text(cells.get("authority")) or reader.plan.agency.name}


def commit(plan, actor):
    """Written in chunks (registered `chunked`): each new initiative goes into the batch's journal (its authors,
    applied units and recognition go with it), and each widened one's values are kept before they change."""
    user = actor if actor.is_authenticated else None
    created = []
    for item in plan.creates:
        recognition = item["recognition"]
        initiative = Initiative.objects.create(
            agency=plan.agency, unit=item["unit"], title=item["title"], kind=item["kind"], field=item["field"],
            problem=item["problem"], solution=item["solution"], first_applied_on=item["first_applied_on"],
            registered_by=user, status=Status.RECOGNISED if recognition else Status.REGISTERED,
            scope=recognition["scope"] if recognition else None)
        initiative.applied_units.add(item["unit"])
        Author.objects.bulk_create([Author(initiative=initiative, person=p, share=s) for p, s in item["authors"]])
        initiative.refresh_search_text([p.full_name for p, _s in item["authors"]])
        initiative.save(update_fields=["search_text"])
        created.append(initiative)
        if recognition:
            Recognition.objects.create(initiative=initiative, recorded_by=user, **recognition)
    plan.journal.created(created)
    plan.journal.changing(Initiative, [item["initiative"].pk for item in plan.updates])
    for item in plan.updates:
        initiative, recognition = item["initiative"], item["recognition"]
        plan.journal.created([Recognition.objects.create(initiative=initiative, recorded_by=user, **recognition)])
        initiative.scope = max(initiative.scope or 0, recognition["scope"])
        initiative.status = Status.RECOGNISED
        initiative.save(update_fields=["scope", "status", "updated_at"])
