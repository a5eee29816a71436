"""Sections that apps above organization add to the unit page.

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
