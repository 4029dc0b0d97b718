"""The layout corpus: every chart kind, drawn from hostile label lengths, many projects and many years.

For each drawn figure (before saving): no two texts overlap, no text leaves the canvas, the
plot areas keep a share of the figure, and a shortened label keeps its full text for the SVG's
<title>. The figures are inspected on matplotlib's own artists (see chart_checks.py).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.charts.draw.forms import NARROW
from reportgen.charts.draw.layout import SMALL, WIDTH, measure
from reportgen.charts.draw.render import render
from reportgen.charts.longest import MAX_BARS
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import LIGHT
from reportgen.sections.projects import counted_weeks, projects

from .chart_checks import inspect
from .chart_fixtures import LABEL_LENGTHS, LABEL_STYLES, PROJECT_COUNTS, YEAR_COUNTS, corpus_site, label, site_specs
from .conftest import copy_project, run_mkdocs

MIN_PLOT_SHARE = 0.25
NAMED = ("timeline", "durations", "kpis")  # the kinds that draw project or KPI names


def _assert_laid_out(spec: ChartSpec) -> None:
    _assert_form_laid_out(spec, WIDTH)
    _assert_form_laid_out(spec, NARROW)  # the phone's drawing, scaled up when shown (forms.py)


def _assert_form_laid_out(spec: ChartSpec, width: float) -> None:
    drawn = inspect(spec, width)
    assert drawn.overlaps() == [], f"{spec.path}: texts overlap"
    assert drawn.outside() == [], f"{spec.path}: texts leave the {drawn.width:.0f}×{drawn.height:.0f} canvas"
    assert drawn.crossings() == [], f"{spec.path}: a drawn line passes through a text"
    if spec.data.get("type") != "figure":  # a single value written as a figure has no plot
        assert drawn.plot_share >= MIN_PLOT_SHARE, f"{spec.path}: the plot keeps {drawn.plot_share:.0%} of the figure"
    # Shown at 96 px per inch and never wider than the content column (688 px at 1280), so never
    # scaled down: 10 pt is 13.3 px, no smaller than the theme's small print (0.64rem = 12.8 px).
    assert drawn.inches <= WIDTH / 72
    assert min(t.size for t in drawn.texts) >= SMALL, f"{spec.path}: text smaller than {SMALL} pt"


def _relabel(spec: ChartSpec, text: str) -> ChartSpec:
    """The spec with every drawn name replaced by `text` (the model refuses empty names; drawing must not fail)."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: text if k == "label" else walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return dataclasses.replace(spec, data=walk(spec.data))


@pytest.mark.parametrize("length", LABEL_LENGTHS)
@pytest.mark.parametrize("style", LABEL_STYLES)
def test_names_of_any_length_are_laid_out(style: str, length: int) -> None:
    site = corpus_site(years=1, projects=8, name=lambda i: label(style, max(length, 1), i))
    specs = [s for s in site_specs(site) if s.kind in NAMED]
    assert sorted(s.kind for s in specs) == sorted(NAMED)
    for spec in specs:
        _assert_laid_out(_relabel(spec, "") if length == 0 else spec)


@pytest.mark.parametrize("count", PROJECT_COUNTS)
def test_any_number_of_projects_is_laid_out(count: int) -> None:
    site = corpus_site(years=1, projects=count, name=lambda i: label("mixed", 80, i))
    specs = site_specs(site)
    # A year of one project draws it once: its timeline (tests/test_chart_summaries.py).
    kinds = ["kpis", "timeline"] if count == 1 else ["delivery", "durations", "kpis", "timeline"]
    assert sorted(s.kind for s in specs) == kinds
    for spec in specs:
        _assert_laid_out(spec)
    # The timeline draws every dated project; the durations those its figures count (not in progress).
    # Past MAX_BARS, each becomes a view of all of them (a monthly count, a histogram).
    counted = sum(1 for p in projects(site.reports[0]) if counted_weeks(p) is not None)
    for spec in (s for s in specs if s.kind in ("timeline", "durations")):
        shown = count if spec.kind == "timeline" else counted
        if shown > MAX_BARS:
            assert "bars" not in spec.data and ("running" in spec.data or "histogram" in spec.data)
        else:
            assert len(spec.data["bars"]) == shown  # the chart's rows
        assert len(spec.table.rows) == shown  # every project stays in the table


@pytest.mark.parametrize("years", YEAR_COUNTS)
def test_any_number_of_years_is_laid_out_in_the_trends(years: int) -> None:
    specs = [s for s in site_specs(corpus_site(years=years, projects=8)) if s.kind == "trends"]
    if years == 1:
        assert specs == []  # no trend from a single year
        return
    (spec,) = specs
    _assert_laid_out(spec)
    drawn = inspect(spec).by_gid()
    # The latest year is always labelled, in every panel, with its value.
    for index, panel in enumerate(spec.data["panels"]):
        assert drawn[f"value-{index}-{years - 1}"] == panel["texts"][-1]
    ticks = [t.text for t in inspect(spec).texts if t.text.isdigit() and len(t.text) == 4]
    assert str(2000 + years) in ticks


def test_the_sample_with_very_long_names_is_laid_out() -> None:
    from reportgen.check.validate import load_site

    from .conftest import CONTENT, REPO

    site = load_site(CONTENT, REPO).site
    assert site is not None
    report = site.reports[0]
    renamed = [
        p.model_copy(update={"name": label(("mixed", "hangul", "latin", "nospace")[i % 4], 80 + 31 * i, i)})
        for i, p in enumerate(projects(report))
    ]
    site = site.model_copy(update={"reports": (report.model_copy(update={"projects": tuple(renamed)}),)})
    for spec in site_specs(site):
        _assert_laid_out(spec)


def test_a_long_label_is_shortened_to_two_lines_with_its_full_text_in_the_svg_title() -> None:
    name = label("mixed", 300)
    spec = next(s for s in site_specs(corpus_site(projects=2, name=lambda i: name)) if s.kind == "durations")
    drawn = inspect(spec)
    shown = drawn.by_gid()["label-0"]
    assert len(shown.split("\n")) == 2 and shown.endswith("…")
    assert drawn.titles == {"label-0": name, "label-1": name}  # two projects of that name
    svg = render(spec, LIGHT).decode()
    assert f'<g id="label-0" data-font-size="10"><title>{name.replace("&", "&amp;")}</title>' in svg
    assert spec.table.rows[0][0] == name  # and in the chart's data table


def test_a_label_that_fits_is_drawn_whole_and_gets_no_title() -> None:
    spec = next(s for s in site_specs(corpus_site(projects=2, name=lambda i: "검색 개선")) if s.kind == "durations")
    drawn = inspect(spec)
    assert drawn.by_gid()["label-0"] == "검색 개선"
    assert drawn.titles == {}


@pytest.mark.parametrize("text", ["", "가", "a b", "가" * 300, "x" * 300, "Aloha 고객사 " * 20])
def test_fitting_keeps_every_line_within_its_width(text: str) -> None:
    fitted = measure().fit(text, 170, 10)
    assert 1 <= len(fitted.lines) <= 2
    assert all(measure().width(line, 10) <= 170 + 1 for line in fitted.lines)


def _check_built_charts(project: Path) -> int:
    """Every chart of the project's content passes the layout checks; returns how many were checked."""
    from reportgen.check.validate import load_site

    site = load_site(project / "content", project).site
    assert site is not None
    specs = site_specs(site)
    for spec in specs:
        _assert_laid_out(spec)
    return len(specs)


def test_the_sample_renamed_to_80_to_300_character_names_builds_strict(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    projects = project / "content" / "2023" / "projects.yaml"
    lines = projects.read_text(encoding="utf-8").splitlines()
    renamed, index = [], 0
    for line in lines:
        if line.startswith("    name: "):
            name = label(("mixed", "hangul", "latin", "nospace")[index % 4], 80 + 31 * index, index)
            line = f"    name: {json.dumps(name, ensure_ascii=False)}"  # a JSON string is a YAML string
            index += 1
        renamed.append(line)
    assert index == 8
    projects.write_text("\n".join(renamed) + "\n", encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-2000:]
    # Every chart the site shows passed the checks (the sample's KPI targets are text: no KPI chart).
    assert _check_built_charts(project) == len(list((project / "site").rglob("*.light.svg")))
    svg = (project / "site" / "2023" / "charts" / "timeline.light.svg").read_text(encoding="utf-8")
    # The 7 dated projects, in the wide drawing and the narrow one: every name was shortened, and keeps its full text.
    assert svg.count("<title>") == 2 * 7


@pytest.mark.parametrize(("years", "projects"), [(25, 8), (2, 250)])
def test_large_synthetic_sites_build_strict(years: int, projects: int, tmp_path: Path) -> None:
    from benchmarks.synthetic import write_content

    project = copy_project(tmp_path)
    shutil.rmtree(project / "content")
    write_content(project / "content", years=years, projects=projects)
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-2000:]
    charts = _check_built_charts(project)
    assert charts == len(list((project / "site").rglob("*.light.svg")))


def test_the_checks_see_overlapping_and_escaping_text() -> None:
    from matplotlib.transforms import Bbox

    from .chart_checks import Drawn, Inspected

    def box(x0: float, y0: float, x1: float, y1: float) -> Bbox:
        return Bbox([[x0, y0], [x1, y1]])

    texts = [
        Drawn("a", None, box(10, 10, 50, 20), 10),
        Drawn("b", None, box(40, 15, 80, 25), 10),  # overlaps a
        Drawn("c", None, box(80, 15, 120, 25), 10),  # touches b only
        Drawn("d", None, box(690, 0, 710, 10), 10),  # leaves a 700-pixel-wide canvas
    ]
    drawn = Inspected(texts, 700, 300, 7, 0.5, {}, [])
    assert drawn.overlaps() == [("a", "b")]
    assert drawn.outside() == ["d"]


def test_a_shortened_labels_title_stays_text_in_both_variants() -> None:
    from reportgen.emit.chart_files import render_all
    from reportgen.emit.store import ChartCache

    name = "<script>alert(1)</script> & #3f51b5 " * 8  # markup, an ampersand and a colour-like word
    spec = next(s for s in site_specs(corpus_site(projects=2, name=lambda i: name)) if s.kind == "durations")
    files = render_all([spec], ChartCache(None)).files
    full = " ".join(name.split())
    escaped = full.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("#", "&#35;")
    for theme in ("light", "dark"):
        svg = files[spec.file(theme)].decode()
        assert f'<g id="label-0" data-font-size="10"><title>{escaped}</title>' in svg
        assert "<script>" not in svg


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sre-team"


def _example_specs() -> list[ChartSpec]:
    from reportgen.check.validate import load_site

    site = load_site(EXAMPLE / "content", EXAMPLE).site
    assert site is not None
    return site_specs(site)


def _years_chart(kind: str, values: list[float], texts: list[str], **axis: bool) -> ChartSpec:
    labels = [str(2000 + i) for i in range(len(values))]
    data = {"type": kind, "labels": labels, "values": values, "texts": texts, **axis}
    return ChartSpec(path="charts/figure", kind="records", title="", alt="", table=_no_table(), data=data)


def _no_table() -> Any:
    from reportgen.charts.spec import DataTable

    return DataTable(headers=(), rows=())


def _values_over_bars(spec: ChartSpec) -> list[tuple[str, str]]:
    """(value text, what it overlaps) for each value label drawn across its own bar."""
    drawn = inspect(spec)
    values = {int(t.gid.rsplit("-", 1)[1]): t for t in drawn.texts if t.gid and t.gid.startswith("value-")}
    bars = sorted(drawn.rects, key=lambda r: r.x0)
    assert len(values) == len(bars) == len(spec.data["values"])
    return [(t.text, "its bar") for i, t in values.items() if t.box.overlaps(bars[i])]


@pytest.mark.parametrize(
    "values",
    [[58, 31], [31, 58], [10, 2, 9, 1, 10], [5, 5, 5], [0, 40], [100, 100], [7, 1000, 3, 999]],
)
def test_a_bars_value_sits_over_its_bar_never_across_it(values: list[float]) -> None:
    spec = _years_chart("bar", values, [f"{v:g}" for v in values])
    assert _values_over_bars(spec) == []
    _assert_laid_out(spec)


def test_the_sre_examples_bar_chart_labels_each_bar_over_it() -> None:
    (spec,) = [s for s in _example_specs() if s.path == "2024/charts/slos-on_call_pages"]
    assert _values_over_bars(spec) == []
    assert inspect(spec).by_gid() == {"value-0-0": "58", "value-0-1": "31"}


@pytest.mark.parametrize(
    "values",
    [
        [33.3, 0],  # down to the axis: no room under the last point
        [0, 33.3],
        [20, 71.4, 10, 90, 5, 50],  # up and down across every point
        [10, 20, 30, 40, 50, 60, 70, 80],  # a steady slope
        [80, 70, 60, 50, 40, 30, 20, 10],
        [50, 50, 50],
    ],
)
def test_no_line_passes_through_a_value_label(values: list[float]) -> None:
    spec = _years_chart("line", values, [f"{v:g}%" for v in values], percent=True)
    drawn = inspect(spec)
    assert drawn.lines and drawn.crossings() == []
    _assert_laid_out(spec)
    assert drawn.by_gid()[f"value-0-{len(values) - 1}"] == f"{values[-1]:g}%"  # the latest is always labelled


def test_the_sre_examples_charts_are_laid_out_and_no_line_crosses_a_label() -> None:
    specs = _example_specs()
    assert any(s.kind == "trends" for s in specs)
    for spec in specs:
        _assert_laid_out(spec)


LONG_ON_TIME = "약속한날짜까지고객에게전달한프로젝트" * 4  # 72 Hangul characters, no space to wrap at
LONG_DELAYED = "약속보다늦게전달된프로젝트" * 5  # 65


def test_long_delivery_labels_wrap_in_the_legends_and_keep_their_counts(tmp_path: Path) -> None:
    from reportgen.check.validate import load_site

    from .conftest import CONTENT

    shutil.copytree(CONTENT, tmp_path / "content")
    settings = tmp_path / "content" / "site.yaml"
    labels = {"delivery_on_time": LONG_ON_TIME[:70], "delivery_delayed": LONG_DELAYED[:60]}
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"labels: {json.dumps(labels, ensure_ascii=False)}\n", encoding="utf-8"
    )
    site = load_site(tmp_path / "content", tmp_path).site
    assert site is not None
    specs = {s.path: s for s in site_specs(site)}
    donut = inspect(specs["2023/charts/delivery"])
    shown = donut.by_gid()
    # content/2023: 5 projects on time, 3 delayed; each entry keeps its count whole, on two lines at most.
    for key, count in (("on_time", "5건"), ("delayed", "3건")):
        full, lines = labels[f"delivery_{key}"], shown[f"legend-{key}"].split("\n")
        assert len(lines) == 2 and lines[-1].endswith(f"… {count}"), lines
        start = "".join(lines).removesuffix(f"… {count}")
        assert len(start) > 20 and full.startswith(start)  # as much of the label as two lines hold
        assert donut.titles[f"legend-{key}"] == f"{full} {count}"
    timeline = inspect(specs["2023/charts/timeline"])
    for key in ("on_time", "delayed"):
        lines = timeline.by_gid()[f"legend-{key}"].split("\n")
        assert 1 <= len(lines) <= 2
        assert labels[f"delivery_{key}"].startswith("".join(lines).removesuffix("…"))
    for spec in (specs["2023/charts/delivery"], specs["2023/charts/timeline"]):
        _assert_laid_out(spec)


def test_a_legend_label_that_fits_is_drawn_whole_on_one_line() -> None:
    from reportgen.check.validate import load_site
    from reportgen.load.catalogs import labels

    from .conftest import CONTENT, REPO

    site = load_site(CONTENT, REPO).site
    assert site is not None
    t = labels(site.settings.language)
    (spec,) = [s for s in site_specs(site) if s.path == "2023/charts/delivery"]
    drawn = inspect(spec)
    assert {k: v for k, v in drawn.by_gid().items() if k.startswith("legend-")} == {
        "legend-on_time": f"{t['delivery_on_time']} 5건",
        "legend-delayed": f"{t['delivery_delayed']} 3건",
    }
    assert drawn.titles == {}
