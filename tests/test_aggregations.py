"""Every aggregation of the registry, declared with every option there is, on a few hand-made rows.

The expected figures are worked out by hand below, not with reportgen's code. Each aggregation's
`reads` must be exactly the options that change its figures, and every other option must be
refused at its place (issue #20: an option the check accepted but the computation ignored gave a
wrong figure without a word).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest

from reportgen.derive.aggregations import AGGREGATIONS, Option
from reportgen.sections.records.ready import ready_sections

from .helpers import only
from .records_site import Figures, figures_of, load, write_site

COLUMNS = [
    {"key": "kind", "type": "choice", "choices": ["bug", "task"]},
    {"key": "team", "type": "choice", "choices": ["red", "blue"]},
    {"key": "points", "type": "integer"},
    {"key": "cost", "type": "number"},
    {"key": "effort", "type": "duration"},
    {"key": "opened", "type": "datetime"},
    {"key": "closed", "type": "datetime"},
]
# effort in hours: 0.5, 1, 1.5, 3 (none in the fifth); opened to closed: 3 h, 24 h, 1.5 h (none in the fourth).
ROWS = [
    "{kind: task, team: red, points: 3, cost: 1.5, effort: 30m, opened: 2024-01-01 09:00, closed: 2024-01-01 12:00}",
    "{kind: bug, team: red, points: 8, cost: 2.25, effort: 1h, opened: 2024-02-01 10:00, closed: 2024-02-02 10:00}",
    "{kind: bug, team: blue, points: 5, cost: 0.75, effort: 90m, opened: 2024-03-01 08:00, closed: 2024-03-01 09:30}",
    "{kind: task, team: blue, points: 1, cost: 4, effort: 3h, opened: 2024-04-01 00:00}",
    "{kind: task, team: blue, points: 2}",
]

# The declaration each aggregation is varied from: the least it accepts.
BASE: dict[str, dict[str, Any]] = {
    "count": {},
    "count_by": {"column": "kind"},
    "sum": {"column": "effort"},
    "mean": {"column": "effort"},
    "min": {"column": "effort"},
    "max": {"column": "effort"},
    "percentile": {"column": "effort", "percentile": 90},
    "mean_between": {"start": "opened", "end": "closed"},
    "share": {"where": {"column": "points", "at_least": 3}},
    "median": {"column": "effort"},
    "median_between": {"start": "opened", "end": "closed"},
    "count_distinct": {"column": "points"},
    "ratio": {"column": "points", "over": "cost"},
    "rate": {"per": "week"},  # placed by `opened`, the first datetime column
}
# Each option set to a value that changes the figure of an aggregation that reads it.
VARIANT: dict[Option, Any] = {
    "column": "cost",
    "over": "points",
    "start": "closed",
    "end": "opened",
    "percentile": 50,
    "per": "month",
    "date": "closed",
    "where": {"column": "kind", "equals": "bug"},
    "among": {"column": "team", "equals": "red"},
    "unit": "minutes",
    "precision": 3,
}
OVERRIDE: dict[tuple[str, Option], Any] = {
    ("count_by", "column"): "team",  # a count by choice needs a choice
    ("median", "where"): {"column": "team", "equals": "red"},  # the bugs' median is the median of all
}

Refused = tuple[int, int, str, str]  # where a refused option is (line, column), its code and message


def _one(value: float, unit: str = "hours", precision: int | None = 1) -> Figures:
    return [("x", value, unit, precision)]


def _counts(*pairs: tuple[str, int], precision: int = 0) -> Figures:
    return [(f"x_{choice}", count, "count", precision) for choice, count in pairs]


# By hand. Durations in hours unless `unit: minutes`; a share of 5 rows; 2024 has 366 days, 52 2/7 weeks.
EXPECTED: dict[str, dict[str, Figures]] = {
    "count": {
        "base": _one(5, "count", 0),
        "where": _one(2, "count", 0),  # the two bugs
        "precision": _one(5, "count", 3),
    },
    "count_by": {
        "base": _counts(("bug", 2), ("task", 3)),
        "column": _counts(("red", 2), ("blue", 3)),
        "where": _counts(("bug", 2), ("task", 0)),  # the bugs, by kind
        "precision": _counts(("bug", 2), ("task", 3), precision=3),
    },
    "sum": {
        "base": _one(6.0),  # 0.5 + 1 + 1.5 + 3
        "column": _one(8.5, "number", None),  # 1.5 + 2.25 + 0.75 + 4, shown as written
        "where": _one(2.5),  # 1 + 1.5
        "unit": _one(360, "minutes"),
        "precision": _one(6.0, "hours", 3),
    },
    "mean": {
        "base": _one(1.5),  # 6 / 4: the fifth row has no effort, and is not counted
        "column": _one(2.125, "number"),  # 8.5 / 4
        "where": _one(1.25),
        "unit": _one(90, "minutes"),
        "precision": _one(1.5, "hours", 3),
    },
    "min": {
        "base": _one(0.5),
        "column": _one(0.75, "number", None),
        "where": _one(1.0),
        "unit": _one(30, "minutes"),
        "precision": _one(0.5, "hours", 3),
    },
    "max": {
        "base": _one(3.0),
        "column": _one(4, "number", None),
        "where": _one(1.5),
        "unit": _one(180, "minutes"),
        "precision": _one(3.0, "hours", 3),
    },
    "percentile": {
        # 0.5, 1, 1.5, 3: rank 0.9 * 3 = 2.7 lies 0.7 of the way from 1.5 to 3
        "base": _one(2.55),
        "column": _one(3.475, "number"),  # 0.75, 1.5, 2.25, 4: 2.25 + 0.7 * 1.75
        "percentile": _one(1.25),  # rank 1.5: halfway from 1 to 1.5
        "where": _one(1.45),  # 1 and 1.5: rank 0.9
        "unit": _one(153, "minutes"),  # 90 + 0.7 * 90
        "precision": _one(2.55, "hours", 3),
    },
    "mean_between": {
        "base": _one(9.5),  # (3 + 24 + 1.5) / 3
        "start": _one(0.0),  # closed to closed
        "end": _one(0.0),  # opened to opened
        "where": _one(12.75),  # the bugs: (24 + 1.5) / 2
        "unit": _one(570, "minutes"),
        "precision": _one(9.5, "hours", 3),
    },
    "share": {
        "base": _one(60.0, "percent"),  # 3, 8 and 5 points of 5 rows
        "where": _one(40.0, "percent"),  # two bugs of 5 rows
        "among": _one(100.0, "percent"),  # both red rows have 3 points or more
        "precision": _one(60.0, "percent", 3),
    },
    "median": {
        "base": _one(1.25),  # 0.5, 1, 1.5, 3: halfway from 1 to 1.5
        "column": _one(1.875, "number"),  # 0.75, 1.5, 2.25, 4: halfway from 1.5 to 2.25
        "where": _one(0.75),  # the red rows: 0.5 and 1
        "unit": _one(75, "minutes"),
        "precision": _one(1.25, "hours", 3),
    },
    "median_between": {
        "base": _one(3.0),  # 1.5, 3, 24: the middle one
        "start": _one(0.0),  # closed to closed
        "end": _one(0.0),  # opened to opened
        "where": _one(12.75),  # the bugs: halfway from 1.5 to 24
        "unit": _one(180, "minutes"),
        "precision": _one(3.0, "hours", 3),
    },
    "count_distinct": {
        "base": _one(5, "count", 0),  # 3, 8, 5, 1, 2
        "column": _one(4, "count", 0),  # four costs; the fifth row has none
        "where": _one(2, "count", 0),  # the bugs: 8 and 5
        "precision": _one(5, "count", 3),
    },
    "ratio": {
        "base": _one(200.0, "percent"),  # points 3 + 8 + 5 + 1 over cost 8.5, in the rows with both
        "column": _one(100.0, "percent"),  # cost over cost
        "over": _one(100.0, "percent"),  # points over points
        "where": _one(433.333333333, "percent"),  # the bugs: 13 / 3
        "precision": _one(200.0, "percent", 3),
    },
    "rate": {
        "base": _one(0.076502732, "per_week"),  # 4 opened in 2024, over 366 / 7 weeks: 28 / 366
        "column": _one(0.162568306, "per_week"),  # their cost, 8.5, over 366 / 7 weeks: 59.5 / 366
        "per": _one(0.333333333, "per_month"),  # 4 over 12 months
        "date": _one(0.057377049, "per_week"),  # 3 closed: 21 / 366
        "where": _one(0.038251366, "per_week"),  # 2 bugs: 14 / 366
        "precision": _one(0.076502732, "per_week", 3),
    },
}


def _site_yaml(declaration: dict[str, Any]) -> str:
    """The metric `x`, one option a line (line 15 on), each value in JSON (which is YAML)."""
    return "      - name: x\n" + "".join(f"        {key}: {json.dumps(value)}\n" for key, value in declaration.items())


def _figures(tmp_path: Path, declaration: dict[str, Any]) -> Figures | Refused:
    """The figures of the one declared metric `x` on ROWS, or where and why the check refuses it."""
    content = write_site(tmp_path, COLUMNS, _site_yaml(declaration), ROWS)
    validated = load(content)
    if validated.site is None:
        problem = only(validated.problems)
        assert problem.file == "content/site.yaml"
        return (problem.line, problem.col, problem.code, problem.message)
    assert validated.problems == []
    return figures_of(validated)


def _refused_at(declaration: dict[str, Any], option: str, name: str) -> Refused:
    """Where the value of `option` is in the site.yaml `_site_yaml` writes: its line, and its first column."""
    line = 15 + list(declaration).index(option)
    col = 9 + len(option) + 2
    return (line, col, "misplaced-option", f"{name} does not read '{option}'")


def test_every_aggregation_is_tested() -> None:
    assert list(EXPECTED) == list(AGGREGATIONS) == list(BASE)


@pytest.mark.parametrize("name", list(AGGREGATIONS))
def test_each_option_is_honoured_or_refused(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    base = _figures(tmp_path / "base", {"of": name, **BASE[name]})
    assert base == expected["base"]
    changed: set[str] = set()
    for option in get_args(Option):
        declaration = {"of": name, **BASE[name], option: OVERRIDE.get((name, option), VARIANT[option])}
        found = _figures(tmp_path / option, declaration)
        if option in AGGREGATIONS[name].reads:
            assert found == expected[option], option
            if found != base:
                changed.add(option)
        else:  # never accepted and ignored: refused where it is written
            assert found == _refused_at(declaration, option, name), option
    # What the registry says it reads is what changes its figures: no option is read for nothing.
    assert changed == set(AGGREGATIONS[name].reads)


def test_the_refusal_names_what_the_aggregation_reads(tmp_path: Path) -> None:
    content = write_site(
        tmp_path, COLUMNS, _site_yaml({"of": "mean_between", **BASE["mean_between"], "column": "x"}), ROWS
    )
    problem = only(load(content).problems)
    assert (problem.line, problem.col, problem.code) == (18, 17, "misplaced-option")
    assert problem.message == "mean_between does not read 'column'"
    assert problem.hint == "remove it; mean_between reads start, end, where, unit, precision"


# ---- durations: each aggregation of durations in each unit, and means over empty cells

DURATION_COLUMNS = [
    {"key": "effort", "type": "duration"},
    {"key": "opened", "type": "datetime"},
    {"key": "closed", "type": "datetime"},
]
# effort 30m, 2h, none, 4h; opened to closed 1h, none, 5h, none.
DURATION_ROWS = [
    "{effort: 30m, opened: 2024-05-01 09:00, closed: 2024-05-01 10:00}",
    "{effort: 2h, opened: 2024-05-02 09:00}",
    "{opened: 2024-05-03 09:00, closed: 2024-05-03 14:00}",
    "{effort: 4h}",
]
# In minutes, by hand: the cells given are 30, 120, 240 (effort) and 60, 300 (opened to closed).
IN_MINUTES: dict[str, float] = {
    "sum": 390,
    "mean": 130,  # 390 / 3, not 390 / 4: the record with no effort is not counted
    "min": 30,
    "max": 240,
    "median": 120,
    "percentile": 216,  # p90 of 30, 120, 240: rank 1.8, 120 + 0.8 * 120
    "mean_between": 180,  # (60 + 300) / 2, not / 4
    "median_between": 180,  # halfway from 60 to 300
}


@pytest.mark.parametrize("unit", ["minutes", "hours", "days"])
@pytest.mark.parametrize("name", list(IN_MINUTES))
def test_durations_read_in_the_declared_unit(name: str, unit: str, tmp_path: Path) -> None:
    declared = BASE[name] if name.endswith("_between") else {"column": "effort"}
    extra = {"percentile": 90} if name == "percentile" else {}
    metric = _site_yaml({"of": name, **declared, **extra, "unit": unit})
    found = figures_of(load(write_site(tmp_path, DURATION_COLUMNS, metric, DURATION_ROWS)))
    per_minute = {"minutes": 1, "hours": 60, "days": 1440}[unit]
    assert found == [("x", round(IN_MINUTES[name] / per_minute, 9), unit, 1)]


def test_durations_read_in_hours_by_default(tmp_path: Path) -> None:
    found = figures_of(
        load(write_site(tmp_path, DURATION_COLUMNS, _site_yaml({"of": "sum", "column": "effort"}), DURATION_ROWS))
    )
    assert found == [("x", 6.5, "hours", 1)]  # 390 minutes


def test_a_mean_of_numbers_is_over_the_cells_given(tmp_path: Path) -> None:
    columns = [{"key": "pages", "type": "integer"}, {"key": "kind", "type": "choice", "choices": ["a", "b"]}]
    rows = ["{pages: 4, kind: a}", "{kind: a}", "{pages: 8, kind: b}", "{kind: b}", "{pages: 3, kind: a}"]
    metrics = (
        _site_yaml({"of": "mean", "column": "pages"})
        + "      - {name: y, of: mean, column: pages, where: {column: kind, equals: a}}\n"
    )
    found = figures_of(load(write_site(tmp_path, columns, metrics, rows)))
    assert found == [("x", 5.0, "number", 1), ("y", 3.5, "number", 1)]  # 15 / 3, not / 5; (4 + 3) / 2, not / 3


def test_an_unknown_aggregation_is_named_at_its_place(tmp_path: Path) -> None:
    content = write_site(
        tmp_path,
        [{"key": "effort", "type": "duration"}],
        "      - {name: total, of: sume, column: effort}\n",
        ["{effort: 1h}"],
    )
    problem = only(load(content).problems)
    assert (problem.file, problem.line, problem.col, problem.code) == ("content/site.yaml", 8, 27, "not-a-choice")
    assert problem.message == (
        "'sume' is not one of 'count', 'count_by', 'sum', 'mean', 'min', 'max', 'percentile', 'mean_between', "
        "'share', 'median', 'median_between', 'count_distinct', 'ratio' or 'rate'"
    )
    assert problem.hint == "did you mean 'sum'?"


def test_the_ready_made_sections_name_registered_aggregations() -> None:
    # Their declarations are packaged, never passed through the settings check that names an unknown `of`.
    used = {metric.of for section in ready_sections().values() for metric in section.metrics}
    assert used and used <= set(AGGREGATIONS)
