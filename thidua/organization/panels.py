"""Sections that apps above organization add to the unit page and to review reports (of a unit, or of several).

The unit page must not import them (layers point down), so they register a function here from their
`AppConfig.ready`; the page renders whatever is registered.
"""

from collections.abc import Callable

_unit_panels: list[Callable] = []


def register_unit_panel(render: Callable) -> None:
    """`render(request, unit)` returns HTML already escaped (e.g. from `render_to_string`), or ''."""
    if render not in _unit_panels:
        _unit_panels.append(render)


def unit_panels(request, unit) -> list[str]:
    return [html for render in _unit_panels if (html := render(request, unit))]


_report_sections: list[Callable] = []


def register_report_section(build: Callable) -> None:
    """`build(unit, first_year, last_year)` returns a section of a unit's review report — a dict with `title`,
    `headers` and `rows` (plain values) — or None. Reports list them after their own figures."""
    if build not in _report_sections:
        _report_sections.append(build)


def report_sections(unit, first_year: int, last_year: int) -> list[dict]:
    return [section for build in _report_sections if (section := build(unit, first_year, last_year))]


def units_report_sections(units, first_year: int, last_year: int) -> list[dict]:
    """The sections of several units' reports (a movement's participants, a block's member agencies) as one report's:
    each section once, its rows for every unit under a first column naming the unit."""
    from django.utils.translation import gettext as _

    merged: dict[Callable, dict] = {}
    for build in _report_sections:
        for unit in units:
            if section := build(unit, first_year, last_year):
                into = merged.setdefault(build, {**section, "headers": [_("Unit"), *section["headers"]], "rows": []})
                into["rows"] += [[unit.name, *row] for row in section["rows"]]
    return list(merged.values())
