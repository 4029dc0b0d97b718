"""Checks of what site.yaml declares about sections and headline figures, at file:line:col.

The form (types, unknown keys) is the model's business; this module checks meaning: that a
built-in section exists, that a team's section does not take a built-in's place, that every
figure names columns of the right type, and that the headline names metrics of the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from reportgen.derive.aggregations import AGGREGATIONS, BOUND_TYPES, COMPARABLE, EQUALS_TYPES, figures, first_dated
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, not_one_of, suggest
from reportgen.model.declarations import (
    LOWER,
    TESTS,
    UPPER,
    Column,
    ColumnRef,
    Condition,
    MetricDeclaration,
    SectionDeclaration,
)
from reportgen.model.facts import SiteSettings
from reportgen.sections.records.ready import ready_sections
from reportgen.sections.registry import (
    BUILTIN,
    DECLARABLE,
    DEFAULT_SECTIONS,
    RESERVED_KEYS,
    site_metrics,
    site_sections,
)


class _Checker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(self, path: KeyPath, message: str, hint: str, code: str) -> None:
        self.problems.append(self.doc.problem(path, message, hint, code=code))

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


def _check_columns(check: _Checker, path: KeyPath, section: SectionDeclaration) -> None:
    if not section.columns:
        check.fail(
            path,
            f"records section '{section.key}' declares no columns",
            "add columns: with a key and type each",
            "no-columns",
        )
    seen: set[str] = set()
    for index, column in enumerate(section.columns):
        where = (*path, "columns", index)
        if column.key in seen or column.key == "id":
            reason = "every record has an optional 'id' already" if column.key == "id" else "column keys must be unique"
            check.fail((*where, "key"), f"column '{column.key}' is declared twice", reason, "listed-twice")
        seen.add(column.key)
        if column.type == "choice" and not column.choices:
            check.fail(where, f"choice column '{column.key}' lists no choices", "add choices: [a, b, c]", "no-choices")
        if column.type != "choice" and column.choices:
            check.fail(
                (*where, "choices"),
                "only a choice column has choices",
                "remove choices: or use type: choice",
                "misplaced-option",
            )
        if column.unit is not None and column.type not in ("number", "integer"):
            check.fail(
                (*where, "unit"),
                "only a number column has a unit",
                "durations read in minutes, hours or days",
                "misplaced-option",
            )


# The fields of a figure that every aggregation reads: its name, what it is of, its titles.
_ALWAYS = ("name", "of", "title")


def _check_metric(check: _Checker, path: KeyPath, section: SectionDeclaration, metric: MetricDeclaration) -> None:
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
    check: _Checker, path: KeyPath, section: SectionDeclaration, metric: MetricDeclaration, options: tuple[str, ...]
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


def _check_condition(check: _Checker, path: KeyPath, section: SectionDeclaration, condition: Condition) -> None:
    """A condition's form and types, each problem at its own key; all: and any: are checked part by part."""
    groups = [g for g in ("all", "any") if getattr(condition, g) is not None]
    tests = [t for t in TESTS if getattr(condition, "in_" if t == "in" else t) is not None]
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


def _one_test(check: _Checker, path: KeyPath, tests: list[str]) -> str:
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


def _check_values(check: _Checker, path: KeyPath, column: Column, condition: Condition, test: str) -> None:
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


def _check_bound(check: _Checker, path: KeyPath, section: SectionDeclaration, column: Column, bound: object) -> None:
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


def _listed(choices: Sequence[str]) -> str:
    """'a', 'b' or 'c': choices listed the way pydantic lists a Literal's."""
    quoted = [repr(choice) for choice in choices]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _check_aggregations(check: _Checker, settings: SiteSettings) -> None:
    """Every figure's `of` names an aggregation of the registry. The model cannot know the
    registry, so this is the form's check made here: its problems come before all others."""
    names = list(AGGREGATIONS)
    for index, section in enumerate(settings.sections or ()):
        for m_index, metric in enumerate(section.metrics):
            if metric.of not in AGGREGATIONS:
                message, hint = not_one_of(metric.of, _listed(names), names)
                check.fail(("sections", index, "metrics", m_index, "of"), message, hint, "not-a-choice")


def _check_kinds(check: _Checker, settings: SiteSettings) -> None:
    """Every section's `kind` names a kind a team may declare: the form's check, made where the
    registry is known (the model cannot know it), with the message a choice outside its list gets."""
    names = list(DECLARABLE)
    for index, section in enumerate(settings.sections or ()):
        if section.kind is not None and section.kind not in names:
            message, hint = not_one_of(section.kind, _listed(names), names)
            check.fail(("sections", index, "kind"), message, hint, "not-a-choice")


def _check_figures(check: _Checker, path: KeyPath, section: SectionDeclaration, metric_names: set[str]) -> None:
    """A records section's figures, and its chart; `metric_names` gathers the figures named so far."""
    names: set[str] = set()
    for m_index, metric in enumerate(section.metrics):
        where = (*path, "metrics", m_index)
        # A count by choice names one figure per choice: name_choice.
        made = [figure.name for figure in figures(section, metric) if figure.name != metric.name]
        for name in (metric.name, *made):
            if name in metric_names:
                check.fail(
                    (*where, "name"), f"a figure named '{name}' already exists", "choose another name", "duplicate-name"
                )
            metric_names.add(name)
        names.add(metric.name)
        _check_metric(check, where, section, metric)
    if section.chart is not None and section.chart.metric not in names:
        hint = suggest(section.chart.metric, names) or f"name one of this section's figures: {', '.join(names)}"
        check.fail(
            (*path, "chart", "metric"),
            f"'{section.chart.metric}' is not a figure of '{section.key}'",
            hint,
            "unknown-metric",
        )
    elif section.chart is not None and section.chart.type == "line":
        charted = next(m for m in section.metrics if m.name == section.chart.metric)
        if AGGREGATIONS[charted.of].per_choice:  # one bar per choice and year: there is no line to draw
            check.fail(
                (*path, "chart", "type"),
                f"'{charted.name}' counts by choice, which is drawn as bars",
                "write type: bar, or chart a single figure as a line",
                "chart-type",
            )


def check_settings(settings: SiteSettings, doc: Document) -> list[Problem]:
    check = _Checker(doc)
    _check_kinds(check, settings)
    _check_aggregations(check, settings)
    if check.problems:  # as a form error would, an unknown kind or aggregation stops the checks that read it
        return check.problems
    builtin = {s.key for s in DEFAULT_SECTIONS}
    ready = ready_sections()
    seen: set[str] = set()
    metric_names: set[str] = set(BUILTIN)
    for index, section in enumerate(settings.sections or ()):
        path: KeyPath = ("sections", index)
        if section.key in seen:
            check.fail(
                (*path, "key"), f"section '{section.key}' is listed twice", "list each section once", "listed-twice"
            )
        seen.add(section.key)
        if section.kind is None and section.key in ready:
            if section.columns or section.metrics or section.chart:
                check.fail(
                    path, f"'{section.key}' is ready-made", "remove its columns, metrics and chart", "misplaced-option"
                )
            metric_names |= {m.name for m in ready[section.key].metrics}
            continue
        if section.kind is None:
            if section.key not in builtin:
                known = [*builtin, *ready]
                hint = suggest(section.key, known) or "give a section of your own a kind: groups or records"
                check.fail((*path, "key"), f"'{section.key}' is not a built-in section", hint, "unknown-section")
            if section.columns or section.metrics or section.chart:
                check.fail(
                    path,
                    "columns, metrics and chart belong to a records section",
                    "add kind: records",
                    "misplaced-option",
                )
            continue
        if section.key in builtin or section.key in RESERVED_KEYS:
            check.fail(
                (*path, "key"),
                f"'{section.key}' is the name of a built-in section or page",
                "choose another key for your own section, or drop 'kind' to use the built-in one",
                "reserved-key",
            )
        kind = DECLARABLE[section.kind]
        if kind.file_model is None:  # a fixed shape (titled lists): nothing of a table to declare
            if section.columns or section.metrics or section.chart:
                tables = " or ".join(f"kind: {k.name}" for k in DECLARABLE.values() if k.file_model is not None)
                check.fail(
                    path,
                    f"a {kind.name} section has no columns, metrics or chart",
                    f"use {tables} for a table",
                    "misplaced-option",
                )
            continue
        _check_columns(check, path, section)
        _check_figures(check, path, section, metric_names)
    if not check.problems:  # the headline names figures of the sections, once they are sound
        _check_headline(check, settings)
    return check.problems


def _check_headline(check: _Checker, settings: SiteSettings) -> None:
    known = site_metrics(site_sections(settings)).year_names()
    shown: dict[str, int] = {}
    for index, name in enumerate(settings.headline or ()):
        if name not in known:
            hint = suggest(name, known) or f"use one of: {', '.join(known)}"
            check.fail(("headline", index), f"unknown metric '{name}'", hint, "unknown-metric")
        elif name in shown:  # the same card twice on every overview
            check.fail(
                ("headline", index), f"'{name}' is already a headline figure", "list each figure once", "listed-twice"
            )
        shown.setdefault(name, index)
