"""Headline cards: a metric of the registry as a figure and its caption, for the overview and home pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import placeholders
from .metrics import METRICS, YearMetrics
from .pages import Formatter

# Today's cards, used unless the site settings list its own `headline:` metrics.
OVERVIEW_CARDS = ("project_count", "on_time_rate", "delayed_count", "longest_weeks", "average_weeks")
HOME_CARDS = ("project_count", "on_time_rate", "average_weeks", "service_count")


@dataclass(frozen=True)
class Card:
    value: str  # the figure with its unit, e.g. "62.5%"
    caption: str  # the metric's label, with its note when asked for one


def _note(name: str, m: YearMetrics, t: Mapping[str, str], fmt: Formatter) -> str | None:
    """The metric's explanation, or None when a figure it quotes is missing (no longest projects)."""
    key = METRICS[name].note
    if key is None:
        return None
    values: dict[str, str] = {"label": t[METRICS[name].label]}
    for field in placeholders(t[key]) - {"label"}:
        if field in METRICS:
            values[field] = fmt.metric(field, m.value(field))
        else:
            listed = getattr(m, field, ())
            if not listed:
                return None
            values[field] = ", ".join(listed)
    return t[key].format(**values)


def card(name: str, m: YearMetrics, t: Mapping[str, str], fmt: Formatter, *, note: bool = False) -> Card:
    caption = (_note(name, m, t, fmt) if note else None) or t[METRICS[name].label]
    return Card(fmt.metric(name, m.value(name)), caption)


def cards(names: tuple[str, ...], m: YearMetrics, t: Mapping[str, str], fmt: Formatter, *, note: bool) -> list[Card]:
    return [card(name, m, t, fmt, note=note) for name in names]
