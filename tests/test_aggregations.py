"""Every aggregation of the registry, declared with each option it accepts, on a few hand-made rows.

The expected figures are worked out by hand below, not with reportgen's code. Each aggregation's
`reads` must be exactly the options that change its figures: an option the check accepts but the
computation ignores (issue #20) shows up here as accepted with the base figure unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest

from reportgen.check.validate import load_site
from reportgen.derive import metrics
from reportgen.derive.aggregations import AGGREGATIONS, Option
from reportgen.sections.records.ready import ready_sections
from reportgen.sections.registry import site_metrics, site_sections

from .helpers import only

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
}
# Each option set to a value that changes the figure of an aggregation that reads it.
VARIANT: dict[Option, Any] = {
    "column": "cost",
    "start": "closed",
    "end": "opened",
    "percentile": 50,
    "where": {"column": "kind", "equals": "bug"},
    "unit": "minutes",
    "precision": 3,
}
OVERRIDE: dict[tuple[str, Option], Any] = {("count_by", "column"): "team"}  # a count by choice needs a choice

REFUSED = "refused"
Figures = list[tuple[str, float | None, str, int | None]]  # (name, value, unit, precision) of each figure


def _one(value: float, unit: str = "hours", precision: int | None = 1) -> Figures:
    return [("x", value, unit, precision)]


def _counts(*pairs: tuple[str, int]) -> Figures:
    return [(f"x_{choice}", count, "count", 0) for choice, count in pairs]


# By hand. Durations in hours unless `unit: minutes`; a share of 5 rows.
EXPECTED: dict[str, dict[str, Figures | str]] = {
    "count": {
        "base": _one(5, "count", 0),
        "where": _one(2, "count", 0),  # the two bugs
        "unit": REFUSED,
        "precision": _one(5, "count", 3),
    },
    "count_by": {
        "base": _counts(("bug", 2), ("task", 3)),
        "column": _counts(("red", 2), ("blue", 3)),
        "unit": REFUSED,
    },
    "sum": {
        "base": _one(6.0),  # 0.5 + 1 + 1.5 + 3
        "column": _one(8.5, "number", None),  # 1.5 + 2.25 + 0.75 + 4, shown as written
        "where": _one(2.5),  # 1 + 1.5
        "unit": _one(360, "minutes"),
        "precision": _one(6.0, "hours", 3),
    },
    "mean": {
        "base": _one(1.5),  # 6 / 4
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
        "unit": _one(570, "minutes"),
        "precision": _one(9.5, "hours", 3),
    },
    "share": {
        "base": _one(60.0, "percent"),  # 3, 8 and 5 points of 5 rows
        "where": _one(40.0, "percent"),  # two bugs of 5 rows
        "unit": REFUSED,
        "precision": _one(60.0, "percent", 3),
    },
}


def _figures(tmp_path: Path, declaration: dict[str, Any]) -> Figures | str:
    """The figures of one declared metric `x` on ROWS, or REFUSED if the settings check refuses it."""
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True, exist_ok=True)
    section = {"key": "tickets", "kind": "records", "columns": COLUMNS, "metrics": [{"name": "x", **declaration}]}
    site_yaml = {"language": "en", "sections": [section]}
    (content / "site.yaml").write_text(json.dumps(site_yaml), encoding="utf-8")  # JSON is YAML
    (content / "2024" / "report.yaml").write_text("year: 2024\ntitle: T\n", encoding="utf-8")
    records = "records:\n" + "".join(f"  - {row}\n" for row in ROWS)
    (content / "2024" / "tickets.yaml").write_text(records, encoding="utf-8")
    validated = load_site(content, tmp_path)
    if validated.site is None:
        assert only(validated.problems).message == "only a figure of durations has a unit"
        return REFUSED
    assert validated.problems == []
    registry = site_metrics(site_sections(validated.site.settings))
    year = metrics.year_metrics(validated.site.reports[0], registry)
    ours = [m for m in registry.values() if m.section == "tickets"]
    # Rounded past binary noise, so a figure worked out by hand compares equal.
    return [(m.name, _rounded(year.value(m.name)), m.unit, m.precision) for m in ours]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 9)


def test_every_aggregation_is_tested() -> None:
    assert list(EXPECTED) == list(AGGREGATIONS) == list(BASE)


@pytest.mark.parametrize("name", list(AGGREGATIONS))
def test_each_option_an_aggregation_accepts(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    base = _figures(tmp_path / "base", {"of": name, **BASE[name]})
    assert base == expected["base"]
    changed: set[str] = set()
    for option in get_args(Option):
        value = OVERRIDE.get((name, option), VARIANT[option])
        found = _figures(tmp_path / option, {"of": name, **BASE[name], option: value})
        # An option not listed for this aggregation is accepted and leaves its figures as they were.
        assert found == expected.get(option, expected["base"]), option
        if found not in (base, REFUSED):
            changed.add(option)
    # What the registry says it reads is what changes its figures.
    assert changed == set(AGGREGATIONS[name].reads)


def test_an_unknown_aggregation_is_named_at_its_place(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "site.yaml").write_text(
        "language: en\nsections:\n  - key: tickets\n    kind: records\n    columns:\n"
        "      - {key: effort, type: duration}\n    metrics:\n      - {name: total, of: sume, column: effort}\n",
        encoding="utf-8",
    )
    (content / "2024" / "report.yaml").write_text("year: 2024\ntitle: T\n", encoding="utf-8")
    problem = only(load_site(content, tmp_path).problems)
    assert (problem.file, problem.line, problem.col) == ("content/site.yaml", 8, 27)
    assert problem.message == (
        "'sume' is not one of 'count', 'count_by', 'sum', 'mean', 'min', 'max', 'percentile', 'mean_between' or 'share'"
    )
    assert problem.hint == "did you mean 'sum'?"


def test_the_ready_made_sections_name_registered_aggregations() -> None:
    # Their declarations are packaged, never passed through the settings check that names an unknown `of`.
    used = {metric.of for section in ready_sections().values() for metric in section.metrics}
    assert used and used <= set(AGGREGATIONS)
