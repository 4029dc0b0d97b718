"""A records section's chart within the year: a declared figure by month, quarter or week of a date
column, or a column's value per record named by a label column (`chart: {by: ...}`).

Each is a chart like every other: light and dark SVG, alt text with its figures, a data table with
every period or record, the layout corpus's checks on the drawn figure, and its declaration checked
at file:line:col with a code.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from reportgen.charts.draw.forms import NARROW
from reportgen.charts.draw.layout import SMALL, WIDTH
from reportgen.charts.draw.render import render
from reportgen.charts.records import MAX_RECORDS
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import DARK, LIGHT
from reportgen.check.validate import Validated, load_site
from reportgen.derive.series import year_periods
from reportgen.emit.chart_files import render_all
from reportgen.emit.site_tree import build_pages
from reportgen.emit.store import ChartCache
from reportgen.load.problems import Problem

from .chart_checks import inspect
from .helpers import only
from .test_chart_layout import _assert_laid_out
from .test_charts import _canonical_ids

PAGES_COLUMNS = [
    {"key": "week", "type": "date", "required": True, "title": {"en": "Week of"}},
    {"key": "pages", "type": "integer", "min": 0, "title": {"en": "Pages"}},
    {"key": "service", "type": "choice", "choices": ["api", "web"]},
    {"key": "note", "type": "text"},
]
PAGES_METRICS = [
    {"name": "pages_total", "of": "sum", "column": "pages", "title": {"en": "On-call pages"}},
    {"name": "page_weeks", "of": "count", "title": {"en": "Weeks paged"}},
    {"name": "pages_mean", "of": "mean", "column": "pages", "title": {"en": "Pages a week"}},
    {"name": "by_service", "of": "count_by", "column": "service"},
    {"name": "pages_per_month", "of": "rate", "per": "month", "column": "pages"},
    {"name": "pages_per_week", "of": "rate", "per": "week", "column": "pages"},
]
RELEASE_COLUMNS = [
    {"key": "version", "type": "text", "required": True, "title": {"en": "Version"}},
    {"key": "shipped", "type": "date"},
    {"key": "crash_free", "type": "number", "unit": "%", "min": 0, "max": 100, "title": {"en": "Crash-free sessions"}},
    {"key": "build", "type": "duration", "title": {"en": "Build time"}},
]
RELEASE_METRICS = [{"name": "release_count", "of": "count"}]


def _write(
    tmp_path: Path,
    chart: str,
    records: list[dict[str, Any]],
    *,
    key: str = "pages",
    columns: list[dict[str, Any]] = PAGES_COLUMNS,
    metrics: list[dict[str, Any]] = PAGES_METRICS,
    report: str = "year: 2024\ntitle: T\n",
    language: str = "en",
) -> Path:
    """content/ with one records section `key`, its chart declared as `chart` (flow YAML) on a line of its own."""
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True, exist_ok=True)
    lines = [f"language: {language}", "sections:", f"  - key: {key}", "    kind: records", "    columns:"]
    lines += [f"      - {json.dumps(c)}" for c in columns]  # JSON is YAML
    lines += ["    metrics:", *(f"      - {json.dumps(m)}" for m in metrics), f"    chart: {chart}"]
    (content / "site.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (content / "2024" / "report.yaml").write_text(report, encoding="utf-8")
    rows = "".join(f"  - {json.dumps(row, default=str)}\n" for row in records)
    (content / "2024" / f"{key}.yaml").write_text("records:\n" + rows, encoding="utf-8")
    return content


def _load(content: Path) -> Validated:
    return load_site(content, content.parent)


def _chart(content: Path) -> ChartSpec:
    validated = _load(content)
    assert validated.site is not None and validated.errors == [], [p.for_people() for p in validated.problems]
    _, specs = build_pages(validated.site)
    (spec,) = [s for s in specs if s.kind == "records"]
    return spec


# On-call pages, one record a paged week: 14 in Q1, 9 in Q2, 4 in Q3, none in Q4 (a falling line).
PAGED = [("2024-01-08", 6), ("2024-02-12", 5), ("2024-03-25", 3), ("2024-04-15", 5), ("2024-06-03", 4)]
PAGED += [("2024-08-05", 3), ("2024-09-30", 1)]
PAGE_ROWS = [{"week": day, "pages": pages, "service": "api"} for day, pages in PAGED]


def _drawn_data(spec: ChartSpec) -> dict[str, Any]:
    """What the chart draws, without the fonts every spec carries (its language's, issue 21)."""
    return {key: value for key, value in spec.data.items() if key != "fonts"}


def test_a_per_quarter_line_of_on_call_pages(tmp_path: Path) -> None:
    spec = _chart(_write(tmp_path, "{metric: pages_total, by: quarter, type: line}", PAGE_ROWS))
    assert spec.path == "2024/charts/pages-pages_total-by-quarter"
    assert spec.title == "2024 On-call pages by quarter"
    assert spec.data == {
        "type": "line",
        "within": "quarter",
        "labels": ["Q1", "Q2", "Q3", "Q4"],
        "values": [14, 9, 4, None],  # a sum over no records is no figure: a gap, not 0
        "texts": ["14", "9", "4", "no records"],
        "integer": False,
        "percent": False,
        "scale": {"language": "en", "unit": ""},  # a plain number: the ticks carry no unit
        "fonts": ["NanumGothic", "DejaVu Sans", "IPAexGothic"],  # the chart fonts of the catalog
    }
    assert spec.table.headers == ("Quarter", "Days", "On-call pages")
    assert spec.table.rows == (
        ("Q1", "01-01 – 03-31", "14"),
        ("Q2", "04-01 – 06-30", "9"),
        ("Q3", "07-01 – 09-30", "4"),
        ("Q4", "10-01 – 12-31", "no records"),
    )
    assert spec.alt == "Line chart of 2024 On-call pages by quarter: Q1 14, Q2 9, Q3 4, Q4 no records."
    drawn = inspect(spec)
    assert {k: v for k, v in drawn.by_gid().items() if k.startswith("tick-")} == {
        "tick-0": "Q1",
        "tick-1": "Q2",
        "tick-2": "Q3",
        "tick-3": "Q4",
    }
    assert drawn.by_gid()["value-0-2"] == "4"  # the last drawn value is labelled
    ((path, _),) = drawn.lines  # one line through Q1-Q3, falling
    ys = [y for _, y in path]
    assert len(path) == 3 and ys[0] > ys[1] > ys[2]
    _assert_laid_out(spec)


def test_a_per_month_count_draws_an_empty_month_as_zero(tmp_path: Path) -> None:
    rows = [{"week": d, "pages": 1} for d in ("2024-01-03", "2024-01-20", "2024-03-04", "2024-05-06")]
    spec = _chart(_write(tmp_path, "{metric: page_weeks, by: month}", rows, report="year: 2024\ntitle: T\n"))
    assert spec.data["labels"][:3] == ["Jan", "Feb", "Mar"] and len(spec.data["labels"]) == 12
    assert spec.data["values"] == [2, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # a count over no records is 0
    assert spec.data["texts"][:3] == ["2", "0", "1"]
    assert spec.data["integer"] is True
    assert spec.table.rows[1] == ("Feb", "02-01 – 02-29", "0")  # 2024 is a leap year
    assert spec.alt.startswith("Bar chart of 2024 Weeks paged by month: Jan 2, Feb 0, Mar 1, Apr 0, May 1,")
    assert len(inspect(spec).rects) == 12  # a bar per month, the empty ones of height 0
    _assert_laid_out(spec)


def test_a_mean_by_month_leaves_a_gap_where_a_month_has_no_records(tmp_path: Path) -> None:
    rows = [{"week": f"2024-{m:02d}-10", "pages": m} for m in (1, 2, 4, 5, 6)]
    rows.append({"week": "2024-07-01"})  # a record without pages: July has a record, and no mean
    spec = _chart(_write(tmp_path, "{metric: pages_mean, by: month, type: line}", rows))
    assert spec.data["values"][:8] == [1, 2, None, 4, 5, 6, None, None]
    assert spec.data["texts"][2] == "no records" and spec.data["texts"][6] == "—"
    drawn = inspect(spec)
    assert [len(path) for path, _ in drawn.lines] == [2, 3]  # the line breaks at March: no line across the gap
    _assert_laid_out(spec)


def test_as_of_ends_the_periods_and_a_rate_is_per_its_own_span(tmp_path: Path) -> None:
    report = "year: 2024\ntitle: T\nas_of: 2024-08-15\n"
    spec = _chart(_write(tmp_path, "{metric: pages_per_week, by: quarter, type: line}", PAGE_ROWS, report=report))
    assert spec.data["labels"] == ["Q1", "Q2", "Q3"]  # Q4 has not begun on August 15
    assert spec.table.rows[-1][1] == "07-01 – 08-15"
    # A rate per week in each quarter: its pages over its days / 7 (Q3 to August 15: 46 days, 3 pages).
    q1, q2, q3 = spec.data["values"]
    assert (q1, q2, q3) == (round(14 / (91 / 7), 6), round(9 / (91 / 7), 6), round(3 / (46 / 7), 6))
    assert spec.data["texts"] == ["1.1/wk", "0.7/wk", "0.5/wk"]
    # The September record falls after as_of: the alt text says it is not in the chart.
    assert spec.alt.endswith("Not in this chart: 1 record without a Week of from January 1, 2024 to August 15, 2024.")


def test_weeks_are_seven_days_from_january_1_and_the_last_holds_the_rest() -> None:
    weeks = year_periods(2024, "week")
    assert len(weeks) == 53 and (weeks[0].first, weeks[0].last) == (date(2024, 1, 1), date(2024, 1, 7))
    assert (weeks[-1].first, weeks[-1].last) == (date(2024, 12, 30), date(2024, 12, 31))
    assert all(b.first - a.last == timedelta(days=1) for a, b in itertools.pairwise(weeks))
    assert [(q.first, q.last) for q in year_periods(2023, "quarter", as_of=date(2023, 4, 1))] == [
        (date(2023, 1, 1), date(2023, 3, 31)),
        (date(2023, 4, 1), date(2023, 4, 1)),
    ]


RELEASES = [
    {"version": "v3.0.0", "shipped": "2024-01-10", "crash_free": 99.2, "build": "42m"},
    {"version": "v3.1.0", "shipped": "2024-03-02", "crash_free": 99.71, "build": "1h 05m"},
    {"version": "v3.1.1", "shipped": "2024-03-09", "build": "38m"},
    {"version": "v3.2.0", "shipped": "2024-06-20", "crash_free": 99.9},
]


def _releases(tmp_path: Path, chart: str, records: list[dict[str, Any]] = RELEASES, **kwargs: Any) -> Path:
    return _write(tmp_path, chart, records, key="releases", columns=RELEASE_COLUMNS, metrics=RELEASE_METRICS, **kwargs)


def test_a_per_release_bar_chart_draws_the_records_in_their_order(tmp_path: Path) -> None:
    spec = _chart(_releases(tmp_path, "{by: record, column: crash_free, label: version, type: bar}"))
    assert spec.path == "2024/charts/releases-crash_free-by-record"
    assert spec.title == "Crash-free sessions by Version"
    assert spec.data == {
        "type": "bar",
        "within": "record",
        "labels": ["v3.0.0", "v3.1.0", "v3.1.1", "v3.2.0"],  # as listed, not sorted by value
        "values": [99.2, 99.71, None, 99.9],
        "texts": ["99.2%", "99.71%", "—", "99.9%"],
        "integer": False,
        "percent": True,
        "scale": {"language": "en", "unit": "{value}%"},  # the top tick reads 100%
        "fonts": ["NanumGothic", "DejaVu Sans", "IPAexGothic"],  # the chart fonts of the catalog
    }
    assert spec.table.headers == ("Version", "Crash-free sessions")
    assert spec.table.rows == (("v3.0.0", "99.2%"), ("v3.1.0", "99.71%"), ("v3.1.1", "—"), ("v3.2.0", "99.9%"))
    assert (
        spec.alt == "Bar chart of Crash-free sessions by Version: v3.0.0 99.2%, v3.1.0 99.71%, v3.1.1 —, v3.2.0 99.9%."
    )
    drawn = inspect(spec)
    assert [drawn.by_gid()[f"tick-{i}"] for i in range(4)] == spec.data["labels"]
    assert len(drawn.rects) == 3  # no bar for the release without a figure
    ((_, yticks),) = drawn.ticks
    assert max(yticks) <= 100  # a percentage's axis stops at 100
    _assert_laid_out(spec)


def test_a_record_without_a_label_column_is_named_by_its_id_or_place(tmp_path: Path) -> None:
    rows = [{"id": "r-1", **RELEASES[0]}, RELEASES[1]]
    spec = _chart(_releases(tmp_path, "{by: record, column: build, type: line}", rows))
    assert spec.data["labels"] == ["r-1", "#2"]
    assert spec.table.headers == ("Record", "Build time")
    assert spec.data["values"] == [0.7, round(65 / 60, 6)] and spec.data["texts"] == ["0.7 h", "1.08 h"]
    _assert_laid_out(spec)


def test_both_variants_are_drawn_as_svg(tmp_path: Path) -> None:
    specs = [
        _chart(_write(tmp_path / "a", "{metric: pages_total, by: quarter, type: line}", PAGE_ROWS)),
        _chart(_releases(tmp_path / "b", "{by: record, column: crash_free, label: version}")),
    ]
    files = render_all(specs, ChartCache(None)).files
    for spec in specs:
        light, dark = files[spec.file("light")], files[spec.file("dark")]
        assert light.startswith(b"<?xml") and b"<svg" in light and light != dark
        assert _canonical_ids(dark) == _canonical_ids(render(spec, DARK))  # the recoloured light one, drawn dark
        assert b'id="tick-0"' in light


def _many_releases(count: int) -> list[dict[str, Any]]:
    return [{"version": f"release-2024.{i:03d}", "crash_free": 99 + (i % 10) / 10} for i in range(count)]


def test_many_records_draw_the_latest_and_the_table_keeps_them_all(tmp_path: Path) -> None:
    spec = _chart(_releases(tmp_path, "{by: record, column: crash_free, label: version}", _many_releases(300)))
    assert spec.data["labels"] == [f"release-2024.{i:03d}" for i in range(300 - MAX_RECORDS, 300)]
    assert len(spec.data["values"]) == len(spec.data["texts"]) == MAX_RECORDS
    assert len(spec.table.rows) == 300 and spec.table.rows[0] == ("release-2024.000", "99%")
    assert spec.title == f"Crash-free sessions by Version: the latest {MAX_RECORDS} of 300"
    assert spec.alt.endswith(f"The latest {MAX_RECORDS} of 300 records are drawn; the table lists all 300.")
    assert spec.alt.count("release-2024.") == MAX_RECORDS and len(spec.alt) < 1200  # bounded
    drawn = inspect(spec)
    assert drawn.by_gid()[f"tick-{MAX_RECORDS - 1}"] == "release-2024.299"  # the latest is always named
    _assert_laid_out(spec)


LONG = "release-candidate-2024-hotfix-for-the-payment-gateway-timeouts"


@pytest.mark.parametrize(
    ("chart", "rows", "language"),
    [
        ("{metric: page_weeks, by: week, type: line}", "weekly", "en"),
        ("{metric: page_weeks, by: week, type: bar}", "weekly", "ko"),
        ("{metric: pages_total, by: month, type: line}", "weekly", "ko"),
        ("{metric: pages_mean, by: quarter, type: bar}", "one", "ko"),
        ("{by: record, column: crash_free, label: version, type: line}", "long", "en"),
        ("{by: record, column: crash_free, label: version, type: bar}", "long", "ko"),
        ("{by: record, column: crash_free, label: version, type: bar}", "one-release", "en"),
    ],
)
def test_series_charts_are_laid_out(tmp_path: Path, chart: str, rows: str, language: str) -> None:
    if rows.endswith("release") or rows == "long":
        many = [{"version": f"{LONG}-{i}", "crash_free": 90 + (i * 37 % 100) / 10} for i in range(45)]
        listed = many[:1] if rows == "one-release" else many
        content = _releases(tmp_path, chart, listed, language=language)
    else:
        start = date(2024, 1, 1)
        weekly = [{"week": str(start + timedelta(days=7 * i)), "pages": i * 7 % 13} for i in range(53)]
        content = _write(tmp_path, chart, weekly[:1] if rows == "one" else weekly, language=language)
    spec = _chart(content)
    _assert_laid_out(spec)
    drawn = inspect(spec)
    if rows == "one-release":  # one record: its value as a figure, named by its label
        assert _drawn_data(spec) == {"type": "figure", "value": spec.table.rows[0][1], "label": f"{LONG}-0"}
        assert drawn.by_gid()["figure"] == spec.table.rows[0][1]
        return
    ticks = [t for t in drawn.texts if t.gid and t.gid.startswith("tick-")]
    assert ticks and ticks[-1].gid == f"tick-{len(spec.data['labels']) - 1}"  # the latest is named
    for tick in ticks:
        full = spec.data["labels"][int(tick.gid.removeprefix("tick-"))]  # type: ignore[union-attr]
        assert tick.text == full or drawn.titles[tick.gid] == full  # shortened: whole in its <title>  # type: ignore[index]


def test_a_korean_site_names_months_and_quarters_in_korean(tmp_path: Path) -> None:
    spec = _chart(_write(tmp_path, "{metric: pages_total, by: quarter}", PAGE_ROWS, language="ko"))
    assert spec.data["labels"] == ["1분기", "2분기", "3분기", "4분기"]
    assert spec.title == "2024년 On-call pages: 분기별"
    assert spec.table.headers == ("분기", "기간", "On-call pages")
    assert spec.data["texts"][-1] == "기록 없음"
    months = _chart(_write(tmp_path / "m", "{metric: page_weeks, by: month}", PAGE_ROWS, language="ko"))
    assert months.data["labels"][:2] == ["1월", "2월"]
    weeks = _chart(_write(tmp_path / "w", "{metric: page_weeks, by: week}", PAGE_ROWS, language="ko"))
    assert weeks.data["labels"][:2] == ["W01", "W02"] and weeks.table.headers[0] == "주"


# ---- the declaration, checked


def _problem(content: Path) -> Problem:
    problem = only(_load(content).errors)
    assert problem.file == "content/site.yaml"
    return problem


def _chart_at(content: Path, key: str) -> tuple[int, int]:
    """The line and column of the value of `key` on the chart's line (or of the chart's mapping, for "")."""
    lines = (content / "site.yaml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("    chart: "))
    text = lines[number]
    found = re.search(rf"[{{ ]{key}: ", text) if key else None
    return number + 1, (found.end() if found else text.index("{")) + 1


NO_DATES = [c for c in PAGES_COLUMNS if c["type"] != "date"]


@pytest.mark.parametrize(
    ("chart", "at", "code", "message"),
    [
        (
            "{metric: by_service, by: month}",
            "by",
            "chart-by",
            "'by_service' counts by choice, which is charted for the whole year",
        ),
        (
            "{metric: pages_per_month, by: week}",
            "by",
            "chart-by",
            "'pages_per_month' is a rate per month, and a week is shorter than a month",
        ),
        ("{by: quarter}", "", "missing-option", "a chart by quarter needs 'metric'"),
        ("{metric: pages_totl, by: quarter}", "metric", "unknown-metric", "'pages_totl' is not a figure of 'pages'"),
        ("{metric: pages_total, by: quarter, date: wek}", "date", "unknown-column", "'pages' has no column 'wek'"),
        ("{metric: pages_total, by: quarter, date: note}", "date", "wrong-column-type", "column 'note' is text"),
        ("{metric: pages_total, date: week}", "date", "misplaced-option", "a chart by year does not read 'date'"),
        (
            "{metric: pages_total, by: month, label: note}",
            "label",
            "misplaced-option",
            "a chart by month does not read 'label'",
        ),
        ("{by: record}", "", "missing-option", "a chart by record needs 'column'"),
        (
            "{by: record, column: pages, metric: pages_total}",
            "metric",
            "misplaced-option",
            "a chart by record does not read 'metric'",
        ),
        ("{by: record, column: note}", "column", "wrong-column-type", "column 'note' is text"),
        ("{by: record, column: pages, label: nme}", "label", "unknown-column", "'pages' has no column 'nme'"),
        (
            "{by: record, column: pages, label: service, date: week}",
            "date",
            "misplaced-option",
            "a chart by record does not read 'date'",
        ),
        ("{by: month, metric: pages_total, type: pie}", "type", "not-a-choice", "'pie' is not one of 'bar' or 'line'"),
        (
            "{by: day, metric: pages_total}",
            "by",
            "not-a-choice",
            "'day' is not one of 'year', 'month', 'quarter', 'week' or 'record'",
        ),
    ],
)
def test_an_unsound_chart_is_refused_at_its_place_with_its_code(
    tmp_path: Path, chart: str, at: str, code: str, message: str
) -> None:
    content = _write(tmp_path, chart, PAGE_ROWS)
    problem = _problem(content)
    assert (problem.line, problem.col, problem.code) == (*_chart_at(content, at), code), problem.for_people()
    assert problem.message == message


def test_a_chart_by_period_needs_a_date_column(tmp_path: Path) -> None:
    metrics = [PAGES_METRICS[0]]
    content = _write(tmp_path, "{metric: pages_total, by: month}", [{"pages": 1}], columns=NO_DATES, metrics=metrics)
    problem = _problem(content)
    assert (problem.line, problem.col, problem.code) == (*_chart_at(content, "by"), "missing-option")
    assert (
        problem.message == "a chart by month places each record by a date, and 'pages' has no date or datetime column"
    )


def test_a_rate_is_charted_by_the_date_it_counts_by(tmp_path: Path) -> None:
    columns = [*PAGES_COLUMNS, {"key": "closed", "type": "date"}]
    content = _write(tmp_path, "{metric: pages_per_month, by: quarter, date: closed}", PAGE_ROWS, columns=columns)
    problem = _problem(content)
    assert (problem.line, problem.col, problem.code) == (*_chart_at(content, "date"), "chart-by")
    assert (problem.message, problem.hint) == (
        "'pages_per_month' places its records by 'week'",
        "write date: week, or leave date: out",
    )


def test_a_record_label_of_a_type_that_names_nothing_is_refused(tmp_path: Path) -> None:
    content = _releases(tmp_path, "{by: record, column: crash_free, label: build}")
    problem = _problem(content)
    assert (problem.line, problem.col, problem.code) == (*_chart_at(content, "label"), "wrong-column-type")
    assert problem.hint == "a record's label is a text, choice, integer, number, date or datetime column"


def test_a_chart_by_year_of_one_year_is_that_years_figure(tmp_path: Path) -> None:
    spec = _chart(_write(tmp_path, "{metric: pages_total, type: line}", PAGE_ROWS))
    assert spec.path == "2024/charts/pages-pages_total" and "within" not in spec.data
    # A line of one dot would compare nothing: the value, written large, with its year; the table stays.
    assert _drawn_data(spec) == {"type": "figure", "value": spec.table.rows[0][1], "label": "2024"}
    assert spec.table.rows == (("2024", spec.data["value"]),)
    assert inspect(spec).by_gid() == {"figure": spec.data["value"], "figure-label": "2024"}
    assert render(spec, LIGHT).startswith(b"<?xml")


def test_no_chart_without_a_figure_to_draw(tmp_path: Path) -> None:
    """No record dated in the year, or none with the column: no chart, rather than a line of nothing."""
    undated = [{"week": "2023-12-25", "pages": 3}]  # outside 2024: warned about, and in no period
    validated = _load(_write(tmp_path / "a", "{metric: page_weeks, by: month}", undated))
    assert validated.site is not None and validated.errors == []
    assert [s for s in build_pages(validated.site)[1] if s.kind == "records"] == []
    blank = [{"version": "v1"}, {"version": "v2"}]
    validated = _load(_releases(tmp_path / "b", "{by: record, column: crash_free, label: version}", blank))
    assert validated.site is not None and validated.errors == []
    assert [s for s in build_pages(validated.site)[1] if s.kind == "records"] == []


def test_a_shortened_record_label_keeps_its_full_text_in_the_svg(tmp_path: Path) -> None:
    rows = [{"version": f"{LONG}-{i}", "crash_free": 99.5} for i in range(3)]
    spec = _chart(_releases(tmp_path, "{by: record, column: crash_free, label: version}", rows))
    svg = render(spec, LIGHT).decode()
    NARROW_SCALE = f"{SMALL * WIDTH / NARROW:g}"  # the narrow drawing's 10 pt, in the shared viewBox's units
    for i in range(3):
        # In the wide drawing, and in the narrow one (its ids prefixed): each with its size and full text.
        assert f'<g id="tick-{i}" data-font-size="10"><title>{LONG}-{i}</title>' in svg
        # The narrow drawing may label fewer slots; each it labels keeps its full text.
        narrow = f'<g id="n-tick-{i}" data-font-size="{NARROW_SCALE}">'
        assert narrow not in svg or narrow + f"<title>{LONG}-{i}</title>" in svg
    assert f'<g id="n-tick-2" data-font-size="{NARROW_SCALE}"><title>{LONG}-2</title>' in svg  # the latest
    assert inspect(spec).by_gid()["tick-0"].endswith("…")
