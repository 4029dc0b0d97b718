"""The checks of one declared figure of a records section: the options its aggregation reads (any
other is refused at its place), the columns they name and their types, and its conditions (`where`,
`among`), part by part, each problem at the key it is about. And the checks of the section's chart:
the fields its `by` reads, the figure or column it draws, and the column that places or names records.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from reportgen.derive.aggregations import AGGREGATIONS, BOUND_TYPES, COMPARABLE, DATED, EQUALS_TYPES, first_dated
from reportgen.derive.series import BY_PERIOD, LABEL_TYPES, VALUE_TYPES, chart_date
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, suggest
from reportgen.model.declarations import (
    LOWER,
    TESTS,
    UPPER,
    ChartDeclaration,
    Column,
    ColumnRef,
    Condition,
    MetricDeclaration,
    SectionDeclaration,
)


class Checker:
    """Gathers the problems of site.yaml, each at its place."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(self, path: KeyPath, message: str, hint: str, code: str) -> None:
        self.problems.append(self.doc.problem(path, message, hint, code=code))

    def fail_key(self, path: KeyPath, message: str, hint: str, code: str = "not-a-choice") -> None:
        """A problem with a mapping's key (a choice that `labels:` or `source:` names), at the key."""
        self.problems.append(self.doc.problem(path, message, hint, code=code, key=True))

    def column(
        self, where: KeyPath, section: SectionDeclaration, key: str | None, types: tuple[str, ...], needs: str = ""
    ) -> None:
        """`key` must name a column of `section` whose type is one of `types` (`needs`: the hint if not)."""
        columns = {c.key: c for c in section.columns}
        if key is None:
            self.fail(
                where[:-1],
                f"this figure needs '{where[-1]}'",
                f"name a column of type {' or '.join(types)}",
                "missing-option",
            )
        elif key not in columns:
            hint = suggest(key, columns) or f"the columns are: {', '.join(columns)}"
            self.fail(where, f"'{section.key}' has no column '{key}'", hint, "unknown-column")
        elif columns[key].type not in types:
            self.fail(
                where,
                f"column '{key}' is {columns[key].type}",
                needs or f"this figure needs a {' or '.join(types)} column",
                "wrong-column-type",
            )


# The fields of a figure that every aggregation reads: its name, what it is of, its titles.
_ALWAYS = ("name", "of", "title")


def check_metric(check: Checker, path: KeyPath, section: SectionDeclaration, metric: MetricDeclaration) -> None:
    aggregation = AGGREGATIONS[metric.of]
    given = [
        name for name in MetricDeclaration.model_fields if name not in _ALWAYS and getattr(metric, name) is not None
    ]
    for name in given:
        if name not in aggregation.reads:  # an option it would ignore: the figure would not be what it says
            check.fail(
                (*path, name),
                f"{metric.of} does not read '{name}'",
                f"remove it; {metric.of} reads {', '.join(aggregation.reads)}",
                "misplaced-option",
            )
    resolved = aggregation.resolved(section, metric)
    for option, types in aggregation.columns.items():
        if getattr(resolved, option) is not None or option not in aggregation.optional:
            check.column((*path, option), section, getattr(resolved, option), types)
        elif option == "date" and first_dated(section) is None:  # a rate places its records by a date
            check.column((*path, option), section, None, types)
    _check_alike(check, path, section, metric, aggregation.alike)
    for option, (message, hint) in aggregation.required.items():
        if getattr(metric, option) is None:
            check.fail(path, message, hint, "missing-option")
    for option in ("where", "among"):
        condition = getattr(metric, option)
        if condition is not None and option in aggregation.reads:
            _check_condition(check, (*path, option), section, condition)
    if metric.unit is not None and "unit" in aggregation.reads and not aggregation.durations(section, metric):
        check.fail((*path, "unit"), "only a figure of durations has a unit", "remove unit:", "misplaced-option")


def _check_alike(
    check: Checker, path: KeyPath, section: SectionDeclaration, metric: MetricDeclaration, options: tuple[str, ...]
) -> None:
    """A ratio's two columns are of one kind: numbers over numbers, durations over durations."""
    columns = {c.key: c for c in section.columns}
    found = [(option, columns.get(getattr(metric, option) or "")) for option in options]
    kinds = {COMPARABLE.get(column.type, column.type) for _, column in found if column is not None}
    if len(kinds) > 1:
        (_, one), (second, other) = found[0], found[-1]
        assert one is not None and other is not None
        check.fail(
            (*path, second),
            f"'{other.key}' is {other.type} and '{one.key}' is {one.type}",
            f"{metric.of} divides like by like: two numbers, or two durations",
            "wrong-column-type",
        )


# How a bound is written for each type of column it bounds, for the hint of a bound of the wrong type.
_BOUND_EXAMPLES = {
    "number": "a number, e.g. 99.9",
    "integer": "a number, e.g. 3",
    "duration": "a duration, e.g. 1h 30m",
    "date": "a date, e.g. 2024-03-01",
    "datetime": "a date and time, e.g. 2024-03-01 09:00",
}


def _kind_of(value: object) -> str:
    if isinstance(value, timedelta):
        return "a duration"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    return "a number" if isinstance(value, int | float) else "text"


def _bound_fits(value: object, column_type: str) -> bool:
    if column_type in ("number", "integer"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if column_type == "duration":
        return isinstance(value, timedelta)
    if column_type == "date":
        return isinstance(value, date) and not isinstance(value, datetime)
    return isinstance(value, date)  # a datetime: a date and time, or a date meaning its midnight


def _check_condition(check: Checker, path: KeyPath, section: SectionDeclaration, condition: Condition) -> None:
    """A condition's form and types, each problem at its own key; all: and any: are checked part by part."""
    groups = [g for g in ("all", "any") if getattr(condition, g) is not None]
    # In the order they are written, so the test reported as one too many is the later one.
    tests = sorted(
        (t for t in TESTS if getattr(condition, "in_" if t == "in" else t) is not None),
        key=lambda t: check.doc.where((*path, t), key=True),
    )
    if groups:
        for key in [*groups[1:], *(["column"] if condition.column is not None else []), *tests]:
            check.fail(
                (*path, key),
                f"a condition either combines conditions (all, any) or tests one column, but this one has '{key}' too",
                "put each test of a column in the list, as {column: ..., equals: ...}",
                "misplaced-option",
            )
        for index, part in enumerate(getattr(condition, groups[0])):
            _check_condition(check, (*path, groups[0], index), section, part)
        return
    if condition.column is None:
        check.fail(
            path, "this condition needs 'column'", "name the column it tests, e.g. column: severity", "missing-option"
        )
        return
    if not tests:
        check.fail(
            path,
            "this condition needs a test",
            f"one of {', '.join(TESTS)}; e.g. equals: sev1, in: [failed, rolled_back] or at_least: 99.9",
            "missing-option",
        )
        return
    kept = _one_test(check, path, tests)
    column = {c.key: c for c in section.columns}.get(condition.column)
    if kept in ("equals", "in", "not_in"):
        check.column((*path, "column"), section, condition.column, EQUALS_TYPES)
    elif kept != "empty":
        check.column((*path, "column"), section, condition.column, BOUND_TYPES)
    else:
        check.column((*path, "column"), section, condition.column, tuple(c.type for c in section.columns))
    if column is None:
        return
    if kept in ("equals", "in", "not_in") and column.type in EQUALS_TYPES:
        _check_values(check, path, column, condition, kept)
    elif kept not in ("equals", "in", "not_in", "empty") and column.type in BOUND_TYPES:
        for test in tests:
            _check_bound(check, (*path, test), section, column, getattr(condition, test))


def _one_test(check: Checker, path: KeyPath, tests: list[str]) -> str:
    """One test per condition, or a lower and an upper bound together (a range); the first test is kept."""
    first = tests[0]
    lower = [t for t in tests if t in LOWER]
    upper = [t for t in tests if t in UPPER]
    ranged = len(tests) == 2 and len(lower) == 1 and len(upper) == 1
    for test in tests[1:] if not ranged else ():
        check.fail(
            (*path, test),
            f"a condition tests one thing, and this one has '{first}' already",
            "combine tests with all: [...] or any: [...]; a lower and an upper bound together make a range",
            "misplaced-option",
        )
    return first


def _check_values(check: Checker, path: KeyPath, column: Column, condition: Condition, test: str) -> None:
    """The values of equals, in and not_in: choices of a choice column, whole numbers for an integer one."""
    given = getattr(condition, "in_" if test == "in" else test)
    places = [((*path, test), given)] if test == "equals" else [((*path, test, i), v) for i, v in enumerate(given)]
    for where, value in places:
        if column.type == "integer" and not isinstance(value, int):
            check.fail(
                where, f"'{value}' is text; '{column.key}' is an integer column", "write a whole number", "wrong-type"
            )
        elif column.type != "integer" and not isinstance(value, str):
            check.fail(
                where, f"{value} is a number; '{column.key}' holds text", f"write it as text: '{value}'", "wrong-type"
            )
        elif column.type == "choice" and value not in column.choices:
            hint = suggest(str(value), column.choices) or f"the choices are: {', '.join(column.choices)}"
            check.fail(where, f"'{value}' is not a choice of '{column.key}'", hint, "not-a-choice")


def _check_bound(check: Checker, path: KeyPath, section: SectionDeclaration, column: Column, bound: object) -> None:
    """A bound fits the column it bounds: a value of its type, or another column whose values compare with its."""
    family = COMPARABLE.get(column.type, column.type)
    if isinstance(bound, ColumnRef):
        alike = tuple(t for t in BOUND_TYPES if COMPARABLE.get(t, t) == family)
        needs = f"'{column.key}' is {column.type}: compare it with a {' or '.join(alike)} column"
        check.column((*path, "column"), section, bound.column, alike, needs=needs)
    elif not _bound_fits(bound, column.type):
        article = "an" if column.type == "integer" else "a"
        check.fail(
            path,
            f"'{path[-1]}' is {_kind_of(bound)}, and '{column.key}' is {article} {column.type} column",
            f"write {_BOUND_EXAMPLES[column.type]}, or {{column: other}} to compare with another column",
            "wrong-type",
        )


# The fields of a chart each `by` reads, besides `type` and `by`; the check refuses any other given.
CHART_READS: dict[str, tuple[str, ...]] = {
    "year": ("metric",),
    **{by: ("metric", "date") for by in BY_PERIOD},
    "record": ("column", "label"),
}


def check_chart(check: Checker, path: KeyPath, section: SectionDeclaration, chart: ChartDeclaration) -> None:
    """A records section's chart (at `path`): what its `by` reads, and that it can draw what it names."""
    reads = CHART_READS[chart.by]
    for option in ("metric", "date", "column", "label"):
        if getattr(chart, option) is not None and option not in reads:
            check.fail(
                (*path, option),
                f"a chart by {chart.by} does not read '{option}'",
                f"remove it; a chart by {chart.by} reads {', '.join(reads)}",
                "misplaced-option",
            )
    if chart.by == "record":
        needs = "a chart by record draws a number, integer or duration column"
        if chart.column is None:
            hint = "name the column it draws: a number, integer or duration column"
            check.fail(path, "a chart by record needs 'column'", hint, "missing-option")
        else:
            check.column((*path, "column"), section, chart.column, VALUE_TYPES, needs=needs)
        if chart.label is not None:
            needs = f"a record's label is a {', '.join(LABEL_TYPES[:-1])} or {LABEL_TYPES[-1]} column"
            check.column((*path, "label"), section, chart.label, LABEL_TYPES, needs=needs)
        return
    names = [m.name for m in section.metrics]
    if chart.metric is None:
        shown = (
            f"name one of this section's figures: {', '.join(names)}" if names else "declare a figure under metrics:"
        )
        check.fail(path, f"a chart by {chart.by} needs 'metric'", shown, "missing-option")
        return
    if chart.metric not in names:
        hint = suggest(chart.metric, names) or f"name one of this section's figures: {', '.join(names)}"
        check.fail((*path, "metric"), f"'{chart.metric}' is not a figure of '{section.key}'", hint, "unknown-metric")
        return
    charted = next(m for m in section.metrics if m.name == chart.metric)
    aggregation = AGGREGATIONS[charted.of]
    if chart.by == "year":
        if chart.type == "line" and aggregation.per_choice:  # one bar per choice and year: no line to draw
            check.fail(
                (*path, "type"),
                f"'{charted.name}' counts by choice, which is drawn as bars",
                "write type: bar, or chart a single figure as a line",
                "chart-type",
            )
        return
    _check_period_chart(check, path, section, chart, charted)


def _check_period_chart(
    check: Checker, path: KeyPath, section: SectionDeclaration, chart: ChartDeclaration, charted: MetricDeclaration
) -> None:
    """A figure by month, quarter or week: one figure of the whole period, placed by a date column."""
    aggregation = AGGREGATIONS[charted.of]
    by = chart.by
    if aggregation.per_choice:  # a figure per choice: a period would need a bar per choice
        check.fail(
            (*path, "by"),
            f"'{charted.name}' counts by choice, which is charted for the whole year",
            f"write by: year, or chart a single figure by {by} (a count with where:)",
            "chart-by",
        )
        return
    per = charted.per or "week"
    if aggregation.per_period and BY_PERIOD.index(per) > BY_PERIOD.index(by):  # type: ignore[arg-type]
        check.fail(
            (*path, "by"),
            f"'{charted.name}' is a rate per {per}, and a {by} is shorter than a {per}",
            f"chart it by {per} or by a longer period, or chart a count by {by}",
            "chart-by",
        )
    if chart.date is not None:
        check.column((*path, "date"), section, chart.date, DATED)
        own = aggregation.resolved(section, charted).date if aggregation.per_period else None
        if own is not None and own != chart.date:  # the rate counts by its own date: the two would disagree
            check.fail(
                (*path, "date"),
                f"'{charted.name}' places its records by '{own}'",
                f"write date: {own}, or leave date: out",
                "chart-by",
            )
    elif chart_date(section, chart) is None:
        check.fail(
            (*path, "by"),
            f"a chart by {by} places each record by a date, and '{section.key}' has no date or datetime column",
            "add a date or datetime column, or chart by year",
            "missing-option",
        )
