"""The impact report in the user's language: tables, an accessible SVG chart, Excel, and the Decree-30
submission (tờ trình đánh giá tác động) as Word and PDF."""

import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.awards.models import award_name
from thidua.core.documents import AdminDocument
from thidua.core.exports import xlsx_workbook
from thidua.core.pdf import AdminPDF
from thidua.organization.models import Gender, Person, PersonCategory

from .impact import DIMENSIONS, condition_text
from .models import CHANGES_PER_PAGE, change_row


def _vi() -> bool:
    return (get_language() or "vi").startswith("vi")


def money(value) -> str:
    amount = f"{int(value):,}"
    return amount.replace(",", ".") + " đ" if _vi() else amount + " VND"


def share(value) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}"
    return text.replace(".", ",") + " %" if _vi() else text + "%"


def dimension_label(dimension: str) -> str:
    return {"gender": _("Gender"), "age_band": _("Age band"), "position": _("Position"),
            "category": _("Staff category")}[dimension]


def group_label(dimension: str, group: str) -> str:
    if dimension == "gender":
        return str(dict(Gender.choices).get(group, group))
    if dimension == "category":
        return str(dict(PersonCategory.choices).get(group, group))
    if dimension == "position":
        return _("Leaders") if group == "leader" else _("Staff")
    return {"under_30": _("Under 30"), "30_39": _("30 to 39"), "40_49": _("40 to 49"), "50_59": _("50 to 59"),
            "60_plus": _("60 and over")}.get(group, _("Not recorded"))


def reason_text(reason: dict) -> str:
    vi, en = condition_text(reason["condition"])
    text = vi if _vi() else en
    if reason["draft"]:
        return _("met under the draft: %(text)s") % {"text": text}
    return _("not met under the draft: %(text)s") % {"text": text}


def answer(value: bool) -> str:
    return _("Eligible") if value else _("Not eligible")


def present(report: dict) -> dict:
    """Rows ready for pages and documents, in the active language."""
    summary = [{**row, "name": award_name(row["award"]), "delta": row["proposable_draft"] - row["proposable_law"],
                "money_delta": row["money_draft"] - row["money_law"]} for row in report["summary"]]
    groups = []
    for dimension in DIMENSIONS:
        rows = []
        for group, entry in sorted(report["by_group"].get(dimension, {}).items()):
            rows.append({"label": group_label(dimension, group), "people": entry["people"],
                         "awards": entry["awards"]})
        groups.append({"dimension": dimension, "label": dimension_label(dimension), "rows": rows})
    fairness = [{**row, "dimension_label": dimension_label(row["dimension"]),
                 "label": group_label(row["dimension"], row["group"])} for row in report["fairness"]]
    return {"summary": summary, "groups": groups, "fairness": fairness,
            "money_law": sum(r["money_law"] for r in summary), "money_draft": sum(r["money_draft"] for r in summary)}


def changed_rows(rows: list[dict]) -> list[dict]:
    """Changed answers (as `impact.compare` reports them) with the person's name and unit, the award's name
    and the reason in the active language; one query for the people of these rows."""
    people = {pk: (name, unit) for pk, name, unit in Person.objects.filter(pk__in={r["person"] for r in rows})
              .values_list("pk", "full_name", "unit__name")}
    return [{**row, "name": people.get(row["person"], ("", ""))[0], "unit": people.get(row["person"], ("", ""))[1],
             "award_name": award_name(row["award"]),
             "why": "; ".join(reason_text(r) for r in row["reasons"]) or _("a title it builds on changed")}
            for row in rows]


def changed_unit_rows(rows: list[dict]) -> list[dict]:
    """Collectives whose answer changes, with the award's name and the reason in the active language."""
    return [{**row, "award_name": award_name(row["award"]),
             "why": "; ".join(reason_text(r) for r in row["reasons"]) or _("a title it builds on changed")}
            for row in rows]


class StoredChanges:
    """The changes of a finished simulation as a sequence for the paginator: it reads only the stored pages a
    slice covers (`ChangePage`), ready to show."""

    def __init__(self, simulation):
        self.simulation = simulation
        self.total = simulation.report.get("changed_stored", 0)

    def __len__(self) -> int:
        return self.total

    def _rows(self, first_page: int, last_page: int) -> list[dict]:
        pages = self.simulation.change_pages.filter(number__gte=first_page, number__lte=last_page).order_by("number")
        return [change_row(row) for rows in pages.values_list("rows", flat=True) for row in rows]

    def __getitem__(self, key: slice) -> list[dict]:
        start, stop, _step = key.indices(self.total)
        if start >= stop:
            return []
        rows = self._rows(start // CHANGES_PER_PAGE, (stop - 1) // CHANGES_PER_PAGE)
        offset = start - start // CHANGES_PER_PAGE * CHANGES_PER_PAGE
        return changed_rows(rows[offset:offset + stop - start])

    def __iter__(self):
        step = 2000
        for start in range(0, self.total, step):
            yield from self[start:start + step]


def bar_chart(key: str, title: str, rows: list[tuple[str, int, int]]) -> dict:
    """Geometry of a horizontal bar chart (law and draft per group), drawn as SVG by `policy/_chart.html`
    with a title and a text description; the numbers are also in the table next to it."""
    width, label_width, bar, gap = 640, 190, 14, 10
    largest = max([max(a, b) for _label, a, b in rows] + [1])
    scale = (width - label_width - 60) / largest
    groups, y = [], 32
    for label, law, draft in rows:
        groups.append({"label": label, "label_y": y + bar + 4, "bars": [
            {"y": y + offset, "width": round(value * scale, 1), "value": value, "colour": colour,
             "text_x": round(label_width + value * scale + 4, 1), "text_y": y + offset + bar - 4}
            for value, colour, offset in ((law, "#6c757d", 0), (draft, "#0b5394", bar))]})
        y += 2 * bar + gap
    return {"key": key, "title": title, "width": width, "height": y + 8, "x": label_width, "bar": bar - 2,
            "description": "; ".join(f"{label}: {_('law')} {a}, {_('draft')} {b}" for label, a, b in rows),
            "groups": groups}


# Exports -------------------------------------------------------------------------------------------


def filename(simulation, extension: str) -> str:
    kind = "kiem-chung" if simulation.round_id else "danh-gia-tac-dong"
    return f"{kind}-du-thao-{simulation.reform_id}-{simulation.year}.{extension}"


def xlsx(simulation) -> bytes:
    report, view = simulation.report, present(simulation.report)
    subject, _lines = _paragraphs(simulation)
    sheets = []

    def sheet(title, headers, rows):  # laid out like every export: agency, title row, typed cells, frozen header
        sheets.append((title, f"{subject} — {title}", headers, rows))

    sheet(_("Summary"), [_("Award"), _("Eligible (law)"), _("Eligible (draft)"), _("Gained"), _("Lost"),
                         _("Proposable (law)"), _("Proposable (draft)"), _("Bonus each (law)"), _("Bonus each (draft)"),
                         _("Total bonus (law)"), _("Total bonus (draft)"), _("Change in money")],
          [[r["name"], r["law"], r["draft"], r["gained"], r["lost"], r["proposable_law"], r["proposable_draft"],
            r["bonus_law"], r["bonus_draft"], r["money_law"], r["money_draft"], r["money_delta"]]
           for r in view["summary"]])
    awards = report["awards"]
    sheet(_("By unit"), [_("Unit"), _("People")] + [f"{award_name(c)} ({label})" for c in awards
                                                    for label in (_("law"), _("draft"))],
          [[u["name"], u["people"]] + [n for c in awards for n in u["awards"][c][:2]] for u in report["by_unit"]])
    sheet(_("By category"), [_("Category"), _("Group"), _("People")] + [f"{award_name(c)} ({label})" for c in awards
                                                                       for label in (_("law"), _("draft"))],
          [[g["label"], row["label"], row["people"]] + [n for c in awards for n in row["awards"][c]]
           for g in view["groups"] for row in g["rows"]])
    sheet(_("Fairness"), [_("Category"), _("Group"), _("People"), _("Share of awards (law)"),
                          _("Share of awards (draft)"), _("Rate (law)"), _("Rate (draft)")],
          [[r["dimension_label"], r["label"], r["people"], r["share_law"], r["share_draft"], r["rate_law"],
            r["rate_draft"]] for r in view["fairness"]])
    sheet(_("Changed answers"), [_("Full name"), _("Unit"), _("Award"), _("Law in force"), _("Draft"), _("Reason")],
          [[r["name"], r["unit"], r["award_name"], answer(r["law"]), answer(r["draft"]), r["why"]]
           for r in StoredChanges(simulation)])
    if report.get("unit_awards"):
        sheet(_("Changed collectives"), [_("Unit"), _("Award"), _("Law in force"), _("Draft"), _("Reason")],
              [[r["name"], r["award_name"], answer(r["law"]), answer(r["draft"]), r["why"]]
               for r in changed_unit_rows(report["changed_units"])])
    return xlsx_workbook(sheets, agency=simulation.unit.agency.name)


def _paragraphs(simulation) -> tuple[str, list[str]]:
    report, view = simulation.report, present(simulation.report)
    reform = simulation.reform
    subject = _("Impact assessment of the draft “%(title)s”") % {"title": reform.title}
    lines = [
        _("Purpose of the draft: %(purpose)s") % {"purpose": reform.purpose},
        _("Scope: %(unit)s, year %(year)s, %(people)s people, considered on %(day)s; law in force version "
          "%(law)s, draft version %(draft)s.") % {"unit": simulation.unit.name, "year": report["year"],
                                                  "people": report["people"],
                                                  "day": datetime.date.fromisoformat(report["as_of"]).strftime("%d/%m/%Y"),
                                                  "law": report["law_version"], "draft": report["draft_version"]},
        _("Total bonus at the base salary of that date (%(salary)s): %(law)s under the law in force, %(draft)s "
          "under the draft.") % {"salary": money(report["base_salary_law"]), "law": money(view["money_law"]),
                                 "draft": money(view["money_draft"])},
        _("%(n)s answers change; the list with the reason for each is attached (Excel).")
        % {"n": report["changed_total"]},
    ]
    if "reproduction" in report:
        rep = report["reproduction"]
        lines.append(_("Backtest of the round: the law of its date reproduces %(ok)s of the %(n)s stored engine "
                       "answers.") % {"ok": rep["reproduced"], "n": rep["checked"]})
    return subject, lines


def docx(simulation, document=AdminDocument) -> bytes:
    """The submission in Word; `document=AdminPDF` makes the same submission as PDF."""
    agency = simulation.unit.agency
    subject, lines = _paragraphs(simulation)
    view = present(simulation.report)
    today = timezone.localdate()
    document = document(issuer_parent=agency.name, issuer=_("Emulation and commendation office"),
                        number=f"…/TTr-{agency.code}", place="Hà Nội", day=today,
                        kind=_("Submission"), subject=subject)
    document.paragraph(_("To: the Emulation and Commendation Council"), bold=True)
    for line in lines:
        document.paragraph(line)
    document.paragraph(_("1. Effect per award"), bold=True)
    document.table([_("Award"), _("Law in force"), _("Draft"), _("Gained"), _("Lost"), _("Change in money")],
                   [[r["name"], r["proposable_law"], r["proposable_draft"], r["gained"], r["lost"],
                     money(r["money_delta"])] for r in view["summary"]])
    document.paragraph(_("2. Fairness"), bold=True)
    document.table([_("Group"), _("Share of awards (law)"), _("Share of awards (draft)"), _("Rate (law)"),
                    _("Rate (draft)")],
                   [[r["label"], share(r["share_law"]), share(r["share_draft"]), share(r["rate_law"]),
                     share(r["rate_draft"])] for r in view["fairness"]])
    document.paragraph(_("The emulation and commendation office submits this assessment to the Council for "
                         "consideration."))
    document.signatures((_("Reviewed by"), ""), (_("Head of the office"), ""),
                        recipients=[_("The Council (for consideration)"), _("Filed")])
    return document.to_bytes()


def pdf(simulation) -> bytes:
    return docx(simulation, AdminPDF)
