"""Server-rendered SVG charts: horizontal bars with their value written beside them, every bar a link to
the records it counts, and the same figures as a table for screen readers and printing."""

from dataclasses import dataclass

from django.urls import reverse

WIDTH, LABEL, BAR_H, GAP = 640, 220, 22, 8
PALETTE = ["#0b5394", "#38761d", "#b45f06", "#741b47", "#134f5c", "#7f6000", "#3d85c6"]


@dataclass
class ChartBar:
    label: str
    value: float
    shown: str
    url: str
    y: int
    width: int
    colour: str


@dataclass
class Chart:
    key: str
    title: str
    bars: list[ChartBar]
    height: int
    text_x: int
    label_w: int = LABEL
    total_w: int = WIDTH


def bar_chart(key: str, title: str, bars, *, money: bool = False) -> Chart:
    base = reverse("reports:drill")
    peak = max((b.value for b in bars), default=0) or 1
    span = WIDTH - LABEL - 90
    out = []
    for index, bar in enumerate(bars):
        width = int(span * bar.value / peak) if bar.value else 0
        shown = f"{int(bar.value):,}".replace(",", ".") + (" đ" if money else "")
        out.append(ChartBar(bar.label, bar.value, shown, f"{base}?{bar.query}", index * (BAR_H + GAP), width,
                            PALETTE[index % len(PALETTE)]))
    return Chart(key, title, out, max(len(out) * (BAR_H + GAP), BAR_H), LABEL + 6)
