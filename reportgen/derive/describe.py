"""A declared figure's rule in the site's words: "Mean of Resolved − Detected, over records where
Severity is sev1, in hours". Each aggregation owns its sentence (`Aggregation.describe`, built here
from one label per aggregation); the options every aggregation shares (`where`, `among`, `unit`,
`date`, `precision`) add their clause in one place, `with_options`, so each option's value is named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reportgen.load.catalogs import fill, in_language, labelled
from reportgen.model.declarations import ColumnRef, Condition, MetricDeclaration, SectionDeclaration

Labels = Mapping[str, str]
# How an aggregation says what it computes: the declaration, its section, the labels, the language.
Describe = Callable[[MetricDeclaration, SectionDeclaration, Labels, str], str]

# A test of one column, in the order a condition's description names them, and its label.
_TESTS: tuple[tuple[str, str], ...] = (
    ("equals", "cond_equals"),
    ("in_", "cond_in"),
    ("not_in", "cond_not_in"),
    ("at_least", "cond_at_least"),
    ("at_most", "cond_at_most"),
    ("above", "cond_above"),
    ("below", "cond_below"),
)
# The negation of a test, for a record left out by it ("Severity is not sev1").
_NEGATED = {"equals": "cond_not_equals", "in_": "cond_not_in", "not_in": "cond_in"}


def column_title(section: SectionDeclaration, key: str | None, language: str) -> str:
    column = next((c for c in section.columns if c.key == key), None)
    return (in_language(column.title, language) or column.key) if column is not None else str(key)


def _value(section: SectionDeclaration, key: str | None, value: Any, language: str) -> str:
    """A value a condition names, as the page shows it: a choice by its label, a column by its title."""
    if isinstance(value, ColumnRef):
        return column_title(section, value.column, language)
    if isinstance(value, tuple):
        return ", ".join(_value(section, key, v, language) for v in value)
    column = next((c for c in section.columns if c.key == key), None)
    if column is not None and column.type == "choice" and isinstance(value, str):
        return labelled(column.labels, value, language)
    return value.isoformat(sep=" ") if hasattr(value, "isoformat") else str(value)


def condition_text(
    condition: Condition, section: SectionDeclaration, t: Labels, language: str, *, negate: bool = False
) -> str:
    """A condition in words; `negate`: what a record it leaves out is ("Severity is not sev1")."""
    if condition.all is not None or condition.any is not None:
        parts = condition.all if condition.all is not None else condition.any
        joiner = t["cond_and"] if condition.all is not None else t["cond_or"]
        text = joiner.join(condition_text(c, section, t, language) for c in parts or ())
        return fill(t["cond_not"], condition=text) if negate else text
    column = column_title(section, condition.column, language)
    if condition.empty is not None:
        empty = condition.empty != negate
        return fill(t["cond_empty" if empty else "cond_not_empty"], column=column)
    tests = [(name, key) for name, key in _TESTS if getattr(condition, name) is not None]
    if negate and len(tests) == 1 and tests[0][0] in _NEGATED:
        name = tests[0][0]
        return fill(
            t[_NEGATED[name]],
            column=column,
            value=_value(section, condition.column, getattr(condition, name), language),
        )
    text = t["cond_and"].join(
        fill(t[key], column=column, value=_value(section, condition.column, getattr(condition, name), language))
        for name, key in tests
    )
    return fill(t["cond_not"], condition=text) if negate else text


def with_options(
    rule: str, metric: MetricDeclaration, section: SectionDeclaration, t: Labels, language: str, *, counts_where: bool
) -> str:
    """The clauses of the options every aggregation may read, each naming its value."""
    if metric.where is not None and not counts_where:
        rule = fill(t["rule_where"], rule=rule, condition=condition_text(metric.where, section, t, language))
    if metric.among is not None:
        rule = fill(t["rule_among"], rule=rule, condition=condition_text(metric.among, section, t, language))
    if metric.date is not None:
        rule = fill(t["rule_date"], rule=rule, date=column_title(section, metric.date, language))
    if metric.unit is not None:
        rule = fill(t["rule_unit"], rule=rule, unit=t[f"unit_word_{metric.unit}"])
    if metric.precision is not None:
        rule = fill(t["rule_precision"], rule=rule, places=metric.precision)
    return rule


def described(key: str, *, counts_where: bool = False) -> Describe:
    """The describe function of an aggregation whose sentence is the label `key`: its placeholders
    are the columns it reads (by title), `percentile`, `per` and, for a share, `condition`."""

    def describe(metric: MetricDeclaration, section: SectionDeclaration, t: Labels, language: str) -> str:
        values: dict[str, Any] = {
            option: column_title(section, getattr(metric, option), language)
            for option in ("column", "over", "start", "end")
        }
        values["percentile"] = f"{metric.percentile:g}" if metric.percentile is not None else "50"
        values["per"] = t[f"per_word_{metric.per or 'week'}"]
        if counts_where and metric.where is not None:
            values["condition"] = condition_text(metric.where, section, t, language)
        label = f"{key}_sum" if key == "rule_rate" and metric.column is not None else key
        rule = fill(t[label], **values)
        return with_options(rule, metric, section, t, language, counts_where=counts_where)

    return describe
