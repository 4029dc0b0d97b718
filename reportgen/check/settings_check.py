"""Checks of what site.yaml declares about sections and headline figures, at file:line:col.

The form (types, unknown keys) is the model's business; this module checks meaning: that a
built-in section exists, that a team's section does not take a built-in's place, that every
figure is sound (check/figure_checks.py: its options, columns and conditions), and that the
headline names metrics of the registry.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.check.figure_checks import Checker, check_chart, check_metric
from reportgen.derive.aggregations import AGGREGATIONS, figures
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, not_one_of, suggest
from reportgen.model.declarations import Column, SectionDeclaration
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


def _check_columns(check: Checker, path: KeyPath, section: SectionDeclaration) -> None:
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
        if column.labels and column.type != "choice":
            check.fail(
                (*where, "labels"),
                "only a choice column has labels",
                "remove labels: or use type: choice",
                "misplaced-option",
            )
        for choice in column.labels if column.type == "choice" else ():
            if choice not in column.choices:
                hint = suggest(choice, column.choices) or f"the choices are: {', '.join(column.choices)}"
                check.fail_key((*where, "labels", choice), f"'{choice}' is not a choice of '{column.key}'", hint)
        if column.unit is not None and column.type not in ("number", "integer"):
            check.fail(
                (*where, "unit"),
                "only a number column has a unit",
                "durations read in minutes, hours or days",
                "misplaced-option",
            )


def _check_source(check: Checker, path: KeyPath, section: SectionDeclaration) -> None:
    """A records section's `source:`: it maps the section's own columns, each value onto a choice
    of its column, and a date format only for dates and times."""
    source = section.source
    if source is None:
        return
    columns: dict[str, Column] = {c.key: c for c in section.columns}
    for key, spec in source.columns.items():
        where = (*path, "source", "columns", key)
        column = columns.get(key)
        if column is None and key != "id":
            hint = suggest(key, ["id", *columns]) or f"the columns are: id, {', '.join(columns)}"
            check.fail_key(where, f"'{section.key}' has no column '{key}'", hint, "unknown-column")
            continue
        if spec.format is not None and (column is None or column.type not in ("date", "datetime")):
            check.fail(
                (*where, "format"),
                "only a date or datetime column has a format",
                "remove format:; other values are read as written",
                "misplaced-option",
            )
        if column is not None and column.type == "choice":
            for given, choice in spec.values.items():
                if choice is not None and choice not in column.choices:
                    hint = suggest(choice, column.choices) or f"the choices are: {', '.join(column.choices)}"
                    check.fail(
                        (*where, "values", given), f"'{choice}' is not a choice of '{key}'", hint, "not-a-choice"
                    )


def _listed(choices: Sequence[str]) -> str:
    """'a', 'b' or 'c': choices listed the way pydantic lists a Literal's."""
    quoted = [repr(choice) for choice in choices]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _check_aggregations(check: Checker, settings: SiteSettings) -> None:
    """Every figure's `of` names an aggregation of the registry. The model cannot know the
    registry, so this is the form's check made here: its problems come before all others."""
    names = list(AGGREGATIONS)
    for index, section in enumerate(settings.sections or ()):
        for m_index, metric in enumerate(section.metrics):
            if metric.of not in AGGREGATIONS:
                message, hint = not_one_of(metric.of, _listed(names), names)
                check.fail(("sections", index, "metrics", m_index, "of"), message, hint, "not-a-choice")


def _check_kinds(check: Checker, settings: SiteSettings) -> None:
    """Every section's `kind` names a kind a team may declare: the form's check, made where the
    registry is known (the model cannot know it), with the message a choice outside its list gets."""
    names = list(DECLARABLE)
    for index, section in enumerate(settings.sections or ()):
        if section.kind is not None and section.kind not in names:
            message, hint = not_one_of(section.kind, _listed(names), names)
            check.fail(("sections", index, "kind"), message, hint, "not-a-choice")


def _check_figures(check: Checker, path: KeyPath, section: SectionDeclaration, metric_names: set[str]) -> None:
    """A records section's figures, and its chart; `metric_names` gathers the figures named so far."""
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
        check_metric(check, where, section, metric)
    if section.chart is not None:
        check_chart(check, (*path, "chart"), section, section.chart)


def _check_ready(check: Checker, path: KeyPath, section: SectionDeclaration, made: SectionDeclaration) -> set[str]:
    """A ready-made section listed by its key: the names of its figures. Its columns are the
    ready-made ones; how the team's tool exports them (`source:`) is the team's."""
    if section.columns or section.metrics or section.chart:
        check.fail(path, f"'{section.key}' is ready-made", "remove its columns, metrics and chart", "misplaced-option")
    _check_source(check, path, made.model_copy(update={"source": section.source}))
    return {m.name for m in made.metrics}


def check_settings(settings: SiteSettings, doc: Document) -> list[Problem]:
    check = Checker(doc)
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
            metric_names |= _check_ready(check, path, section, ready[section.key])
            continue
        if section.kind is None:
            if section.key not in builtin:
                known = [*builtin, *ready]
                hint = suggest(section.key, known) or "give a section of your own a kind: groups or records"
                check.fail((*path, "key"), f"'{section.key}' is not a built-in section", hint, "unknown-section")
            if section.columns or section.metrics or section.chart or section.source:
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
            if section.columns or section.metrics or section.chart or section.source:
                tables = " or ".join(f"kind: {k.name}" for k in DECLARABLE.values() if k.file_model is not None)
                check.fail(
                    path,
                    f"a {kind.name} section has no columns, metrics or chart",
                    f"use {tables} for a table",
                    "misplaced-option",
                )
            continue
        _check_columns(check, path, section)
        _check_source(check, path, section)
        _check_figures(check, path, section, metric_names)
    if not check.problems:  # the headline names figures of the sections, once they are sound
        _check_headline(check, settings)
    return check.problems


def _check_headline(check: Checker, settings: SiteSettings) -> None:
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
