"""Charts that cannot mislead (issue 22, part 3): the donut's centre is its ring's own share, axes
start at zero and write numbers as the site's language does, markers never hide each other, and
the outcomes read without colour (under a deuteranopia simulation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Wedge

from reportgen.charts import delivery
from reportgen.charts import kpis as charts_kpis
from reportgen.charts.draw.render import draw, render, styled
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import LIGHT, THEMES, Theme
from reportgen.derive.metrics import year_metrics
from reportgen.load.catalogs import labels, language_settings
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter
from reportgen.sections.registry import BUILTIN, DEFAULT_SECTIONS, report_from_data

from .chart_checks import inspect
from .test_series_charts import _chart, _write

# ---- the donut -------------------------------------------------------------------------------------


def _project(index: int, outcome: str) -> dict[str, object]:
    start = f"2023-0{1 + index % 9}-01"
    return {"id": f"p{index}", "name": f"P{index}", "start": start, "end": "2023-12-01", "delivery": outcome}


def _context(outcomes: list[str], language: str = "en", **extra: object) -> YearContext:
    data = {"year": 2023, "title": "T", "projects": [_project(i, o) for i, o in enumerate(outcomes)], **extra}
    report = report_from_data(data, DEFAULT_SECTIONS)
    return YearContext(report, year_metrics(report, BUILTIN), Formatter(language, labels(language)))


# 2 on time, 2 delayed, 4 unknown: the rate is 50% of the 4 known; the old ring's green arc was 25%.
WITH_UNKNOWNS = ["on_time", "on_time", "delayed", "delayed", "unknown", "unknown", "unknown", "unknown"]


def _wedges(spec: ChartSpec) -> dict[str, float]:
    """Each drawn wedge's angle in degrees, by its gid."""
    with styled(LIGHT):
        fig = draw(spec, LIGHT).fig
        FigureCanvasAgg(fig)
        return {
            str(w.get_gid()): (w.theta2 - w.theta1) % 360 or 360.0
            for ax in fig.axes
            for w in ax.patches
            if isinstance(w, Wedge)
        }


def test_the_donut_centre_is_the_on_time_share_of_the_ring_it_sits_in() -> None:
    spec = delivery.build(_context(WITH_UNKNOWNS))
    assert spec is not None
    drawn = inspect(spec).by_gid()
    assert drawn["center"] == "50%"
    ring = {s["key"]: s["count"] for s in spec.data["segments"]}
    assert ring["on_time"] / sum(ring.values()) == 0.5  # the spec's own numbers agree
    angles = _wedges(spec)
    share = angles["segment-on_time"] / (angles["segment-on_time"] + angles["segment-delayed"])
    assert share == pytest.approx(0.5)  # and so does the drawn ring
    # The unknowns are a segment of their own, labelled, and the rate's denominator is stated.
    assert angles["segment-unknown"] == pytest.approx(360 * 4 / 8)
    assert "Unknown (not in the rate)" in drawn["legend-unknown"]
    assert drawn["center-note"] == "2 on time of 4 with a known outcome"
    assert "2 on time of 4 with a known outcome" in spec.alt


def test_a_year_without_unknowns_draws_one_ring_and_no_note() -> None:
    spec = delivery.build(_context(["on_time", "delayed", "on_time"]))
    assert spec is not None
    assert set(_wedges(spec)) == {"segment-on_time", "segment-delayed"}
    assert "center-note" not in inspect(spec).by_gid()


def test_a_year_of_unknowns_only_draws_its_unknown_segment() -> None:
    spec = delivery.build(_context(["unknown", "unknown"], "ko"))
    assert spec is not None
    assert set(_wedges(spec)) == {"segment-known", "segment-unknown"}
    assert "미확인" in inspect(spec).by_gid()["legend-unknown"]


# ---- axes: from zero, in the site's language, never 1e+08 ------------------------------------------


def _texts(spec: ChartSpec) -> list[str]:
    return [t.text for t in inspect(spec).texts]


COST_COLUMNS = [
    {"key": "day", "type": "date", "required": True},
    {"key": "cost", "type": "number", "unit": "원", "min": 0, "title": {"ko": "비용"}},
]
COST_METRICS = [{"name": "cost_total", "of": "sum", "column": "cost", "title": {"ko": "비용 합계"}}]


@pytest.mark.parametrize("chart", ["bar", "line"])
def test_a_cost_of_113_300_000_won_reads_in_korean_units_not_scientific_notation(tmp_path: Path, chart: str) -> None:
    rows = [{"day": "2024-01-10", "cost": 113_300_000}, {"day": "2024-05-10", "cost": 56_650_000}]
    content = _write(
        tmp_path,
        f"{{metric: cost_total, by: quarter, type: {chart}}}",
        rows,
        key="costs",
        columns=COST_COLUMNS,
        metrics=COST_METRICS,
        language="ko",
    )
    spec = _chart(content)
    texts = _texts(spec)
    assert not [t for t in texts if "e+" in t or "e-" in t], texts
    ticks = inspect(spec).ticks[0][1]
    assert ticks[0] == 0  # the value axis starts at zero
    shown = {t.text for t in inspect(spec).texts if (t.gid or "").startswith("value-")} | set(texts)
    assert any(re.fullmatch(r"1억( \d,\d{3}만)? ?원", t) for t in shown), texts  # the top tick carries the unit


def test_axis_numbers_follow_the_language() -> None:
    from reportgen.charts.draw.layout import axis_number  # here: each test of this file fails on its own

    korean, japanese = (language_settings(code).myriads for code in ("ko", "ja"))  # from the catalogs
    assert axis_number(113_300_000, "ko", korean) == "1억 1,330만"
    assert axis_number(50_000_000, "ko", korean) == "5,000만"
    assert axis_number(113_300_000, "en") == "113.3M"
    assert axis_number(81_800, "en") == "81.8K"
    assert axis_number(2_500, "en") == "2,500"
    assert axis_number(0.25, "en") == "0.25"
    assert axis_number(120_000, "ja", japanese) == "12万"


def _kpi_context(actual: float | None) -> YearContext:
    kpis = {
        "year": 2024,
        "quantitative": [
            {
                "id": "revenue",
                "metric": "Revenue",
                "unit": "$",
                "baseline": 81_800,
                "target": 100_000,
                "direction": "higher",
            },
        ],
    }
    ctx = _context(["on_time"], "en", kpis=kpis)
    return YearContext(ctx.report, ctx.metrics, ctx.fmt, kpi_actuals={"revenue": actual})


def test_a_kpi_in_the_tens_of_thousands_has_no_scientific_notation_and_its_unit_on_the_axis() -> None:
    spec = charts_kpis.build(_kpi_context(100_000))
    assert spec is not None
    texts = _texts(spec)
    assert not [t for t in texts if "e+" in t], texts
    ticks = [t for t in texts if re.fullmatch(r"\$?[\d.,]+K?", t)]
    assert ticks and ticks[-1].startswith("$") and ticks[-1].endswith("K"), texts


def test_kpi_actual_and_target_markers_never_cover_each_other() -> None:
    spec = charts_kpis.build(_kpi_context(100_000))  # the actual lands exactly on the target
    assert spec is not None
    with styled(LIGHT):
        fig = draw(spec, LIGHT).fig
        FigureCanvasAgg(fig)
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        markers = [
            line.get_window_extent(renderer)
            for ax in fig.axes
            for line in ax.get_lines()
            if line.get_marker() not in (None, "None", "")
        ]
    assert len(markers) == 3  # baseline, target, actual
    for i, a in enumerate(markers):
        for b in markers[i + 1 :]:
            assert not a.overlaps(b), (a, b)


CHANGE_COLUMNS = [
    {"key": "team", "type": "text", "required": True},
    {"key": "change", "type": "number", "title": {"en": "Headcount change"}},
]


def test_bars_start_at_zero_and_hold_every_value(tmp_path: Path) -> None:
    for index, values in enumerate([[3, 10, 6], [-5, 10, 3]]):
        rows = [{"team": f"T{i}", "change": v} for i, v in enumerate(values)]
        content = _write(
            tmp_path / str(index),
            "{column: change, by: record, label: team, type: bar}",
            rows,
            key="teams",
            columns=CHANGE_COLUMNS,
            metrics=[{"name": "team_count", "of": "count"}],
        )
        spec = _chart(content)
        with styled(LIGHT):
            (ax,) = draw(spec, LIGHT).fig.axes
            low, high = ax.get_ylim()
        assert low == min(0, *values), values  # zero when every value is positive; a negative bar is whole
        assert high > max(values)


# ---- without colour: deuteranopia --------------------------------------------------------------------

# Machado, Oliveira and Fernandes (2009), deuteranopia at severity 1.0, on linear RGB.
MACHADO_DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
MARGIN = 20.0  # L* (CIELAB) between on time and delayed as a deuteranope sees them


def _lightness(colour: str, simulate: bool = True) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    if simulate:
        rgb = [min(max(sum(m * v for m, v in zip(row, rgb, strict=True)), 0.0), 1.0) for row in MACHADO_DEUTERANOPIA]
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    f = y ** (1 / 3) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29
    return 116 * f - 16


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_on_time_and_delayed_differ_in_lightness_under_deuteranopia(theme: Theme) -> None:
    assert _lightness("#ffffff") == pytest.approx(100, abs=0.1)  # the simulation keeps white white
    assert _lightness("#000000", simulate=False) == pytest.approx(0, abs=0.1)
    assert abs(_lightness(theme.on_time) - _lightness(theme.delayed)) >= MARGIN


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_donut_patterns_delayed_and_unknown_in_the_svg(theme: Theme) -> None:
    spec = delivery.build(_context(WITH_UNKNOWNS))
    assert spec is not None
    svg = render(spec, theme, "svg").decode()
    # A hatch is an SVG <pattern>: one for delayed, one for unknown, on the ring and in the legend.
    assert len(set(re.findall(r'<pattern id="(h[0-9a-f]+)"', svg))) >= 2


def test_only_a_short_unit_joins_the_axis() -> None:
    from reportgen.charts.spec import scale  # here: each test of this file fails on its own

    fmt = Formatter("ko", labels("ko"))
    myriads = ["만", "억", "조"]  # Korean groups by 10,000 (its catalog's language.myriads)
    assert scale(fmt, "원") == {"language": "ko", "unit": "{value}원", "myriads": myriads}
    assert scale(fmt, "%") == {"language": "ko", "unit": "{value}%", "myriads": myriads}
    # A team's long unit would crowd the axis out of its panel; the value labels still carry it.
    assert scale(fmt, "requests per second per node") == {"language": "ko", "unit": "", "myriads": myriads}
    assert scale(fmt, None) == {"language": "ko", "unit": "", "myriads": myriads}


def test_the_timeline_patterns_each_bar_and_legend_key_by_its_outcome() -> None:
    from matplotlib.patches import Rectangle

    from reportgen.charts import timeline
    from reportgen.charts.draw.delivery import HATCHES

    spec = timeline.build(_context(WITH_UNKNOWNS))
    assert spec is not None
    outcomes = [bar["delivery"] for bar in spec.data["bars"]]
    assert {"on_time", "delayed", "unknown"} <= set(outcomes)
    with styled(LIGHT):
        fig = draw(spec, LIGHT).fig
        bars = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
        keys = [a for a in fig.artists if isinstance(a, Rectangle)]
    # Without colour each outcome still has its own look: solid, hatched, dotted.
    assert [bar.get_hatch() or "" for bar in bars] == [HATCHES[o] for o in outcomes]
    assert sorted(key.get_hatch() or "" for key in keys) == sorted(HATCHES[o] for o in set(outcomes))
