"""Headline cards: a metric of the registry as a figure and its caption, for the overview and home pages."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.derive.metrics import Registry, YearMetrics
from reportgen.load.catalogs import placeholders
from reportgen.model.facts import SiteSettings
from reportgen.render.pages import Formatter
from reportgen.sections.records.ready import FOUR_KEYS
from reportgen.sections.registry import Section

# The places that show headline figures; each metric says where it stands among their defaults (Metric.shown).
OVERVIEW, HOME, TREND = "overview", "home", "trend"


@dataclass(frozen=True)
class Card:
    value: str  # the figure with its unit, e.g. "62.5%"; "no data" where the year has no facts for it
    caption: str  # the metric's label, with its note when asked for one
    name: str = ""  # the metric
    compare: str = ""  # last year's figure beside it, e.g. "2022년: 50%"
    target: str = ""  # the KPI target set for this figure, e.g. "2024 목표: 목표 향상 필요"
    target_path: str = ""  # where that target is explained (a relative link)
    stated: str = ""  # the source's own figure where it differs, e.g. "원문: ~20주"
    notes_path: str = ""  # where the team's note on that difference is (a relative link)
    inferred: str = ""  # how many of the values it rests on the team inferred, e.g. "추정 3건 포함"
    inferred_path: str = ""  # the page whose notes give the reasons (a relative link)
    working: str = ""  # how the figure was computed: a collapsed note (render/working_note.py)


def _note(name: str, m: YearMetrics, fmt: Formatter) -> str | None:
    """The metric's explanation, or None when a figure it quotes is missing (no longest projects)."""
    key, t = fmt.registry[name].note, fmt.labels
    if key is None or name in m.missing:  # a figure without facts has nothing to explain
        return None
    values: dict[str, str] = {"label": fmt.metric_label(name)}
    for field in placeholders(t[key]) - {"label"}:
        if field in fmt.registry:
            values[field] = fmt.metric(field, m.value(field))
        else:
            listed = m.extras.get(field, ())
            if not listed:
                return None
            values[field] = fmt.names(listed)
    return t[key].format(**values)


HEADLINE_MOST = 6  # cards a page leads with when the team names none


def card(name: str, m: YearMetrics, fmt: Formatter, *, note: bool = False) -> Card:
    caption = (_note(name, m, fmt) if note else None) or fmt.metric_label(name)
    return Card(fmt.figure(name, m), caption, name)


def cards(names: tuple[str, ...], m: YearMetrics, fmt: Formatter, *, note: bool) -> list[Card]:
    return [card(name, m, fmt, note=note) for name in names]


def headline(settings: SiteSettings, sections: tuple[Section, ...], registry: Registry, place: str) -> tuple[str, ...]:
    """The cards a page shows: the settings' `headline:`, else the defaults of `place` whose section the
    site has (no project cards for a team without projects), else the team's own declared figures."""
    if settings.headline:
        return tuple(settings.headline)
    kinds = {s.kind.name for s in sections}
    found = tuple(name for name in registry.defaults(place) if registry[name].source in kinds)
    declared = tuple(name for name, m in registry.items() if m.section and not m.group)
    if all(name in registry for name in FOUR_KEYS):
        # A team that lists deployments and incidents leads with DORA's four keys, then its own figures.
        return tuple(dict.fromkeys((*FOUR_KEYS, *found)))[:HEADLINE_MOST]
    return found or declared[:5]


def trend_metrics(settings: SiteSettings, sections: tuple[Section, ...], registry: Registry) -> tuple[str, ...]:
    """The figures followed across years (home table, trends chart): the first four of the headline."""
    if settings.headline:
        return tuple(settings.headline[:4])
    return headline(settings, sections, registry, TREND)[:4]
