"""Server-side SVG charts: the geometry is computed here, `templates/reports/partials/_*_chart.html` draws it.

No JavaScript: the SVG has role="img", a <title> and <desc>, text labels on every bar, and the page shows the same
figures as a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .measures.trend import Month

WIDTH = 640
PLOT_TOP, PLOT_BOTTOM = 20, 200  # y of the tallest bar's top and of the baseline
FUNNEL_BAR_HEIGHT, FUNNEL_GAP, FUNNEL_LABEL_WIDTH = 28, 12, 170


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str  # "opened" | "admitted"

    @property
    def text_y(self) -> float:
        return self.y - 3


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class BarChart:
    width: int = WIDTH
    height: int = PLOT_BOTTOM + 30
    baseline: int = PLOT_BOTTOM
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    description: str = ""


@dataclass(frozen=True)
class Stage:
    label: str
    value: int
    width: float
    y: float
    share_of_opened: str

    @property
    def value_x(self) -> float:
        return FUNNEL_LABEL_WIDTH + self.width + 6

    @property
    def text_y(self) -> float:
        return self.y + 19


@dataclass
class Funnel:
    width: int = WIDTH
    height: int = 0
    label_width: int = FUNNEL_LABEL_WIDTH
    bar_height: int = FUNNEL_BAR_HEIGHT
    stages: list[Stage] = field(default_factory=list)
    description: str = ""


def trend_chart(months: list[Month]) -> BarChart:
    """Two bars per month (opened, admitted), scaled to the largest figure."""
    chart = BarChart()
    if not months:
        return chart
    top = max([1, *(m.opened for m in months), *(m.admitted for m in months)])
    slot = (WIDTH - 20) / len(months)
    bar = slot * 0.38
    for index, month in enumerate(months):
        left = 10 + index * slot + slot * 0.1
        for offset, (series, value) in enumerate((("opened", month.opened), ("admitted", month.admitted))):
            height = (PLOT_BOTTOM - PLOT_TOP) * value / top
            chart.bars.append(Bar(left + offset * bar, PLOT_BOTTOM - height, bar, height, value, series))
        chart.ticks.append(Tick(10 + index * slot + slot / 2, month.first_day.strftime("%b")))
    chart.description = "; ".join(f"{m.label}: {m.opened} opened, {m.admitted} admitted" for m in months)
    return chart


def funnel_chart(figures: dict[str, int]) -> Funnel:
    """Opened → intervention held → accepted treatment → admitted, each bar as wide as its share of opened."""
    from .measures import MIN_N, TOO_FEW

    opened = figures["opened"]
    chart = Funnel()
    names = (("opened", "Cases opened"), ("held", "Intervention held"), ("accepted", "Accepted treatment"),
             ("admitted", "Admitted"))  # fmt: skip
    usable = WIDTH - FUNNEL_LABEL_WIDTH - 60
    for index, (key, label) in enumerate(names):
        value = figures[key]
        width = usable * value / opened if opened else 0
        share = TOO_FEW if opened < MIN_N else f"{value / opened:.0%}"
        chart.stages.append(Stage(label, value, max(width, 1), index * (FUNNEL_BAR_HEIGHT + FUNNEL_GAP), share))
    chart.height = len(names) * (FUNNEL_BAR_HEIGHT + FUNNEL_GAP)
    chart.description = "; ".join(f"{s.label}: {s.value}" for s in chart.stages)
    return chart
