"""`reportgen diff BASE HEAD`: what a change to the facts does to the figures, for a reviewer.

Ties the stages of a diff together: both sides' facts as plain trees (walked by `walk`), their
figures (compared by `figures`), and the names `printing` labels them with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from reportgen.diff.figures import Key, moved
from reportgen.diff.walk import Described, walk
from reportgen.load.catalogs import in_language, labels
from reportgen.load.problems import one_line
from reportgen.model.facts import KpiTarget, Report, Site
from reportgen.render.pages import Formatter
from reportgen.sections import kpi_review
from reportgen.sections.kind import Section
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.registry import KINDS, site_metrics, site_sections


@dataclass(frozen=True)
class FigureChange:
    """A derived figure whose value moved. Keyed by metric name; labels are added only when printing."""

    year: int
    key: Key  # ("on_time_rate",) or ("kpi", kpi_id, "baseline" | "target" | "actual" | "verdict")
    before: str
    after: str
    edited_after_the_fact: bool = False


@dataclass(frozen=True)
class FactChange:
    """One fact added, removed or changed, where it stands: (section, entry, field, ...).

    `year` None is a site-wide setting (site.yaml); `reordered` says a list holds the same entries in
    another order (then `before` and `after` are None)."""

    year: int | None
    where: tuple[str, ...]  # readable steps: a section key, an entry's name, a field, "#2" for the second item
    before: Described | None  # None: added
    after: Described | None  # None: removed
    reordered: bool = False


@dataclass
class SiteDiff:
    """What `compare` found, with the titles and names `printing` labels it with."""

    figures: list[FigureChange]
    facts: list[FactChange]
    kpi_names: dict[str, str]  # kpi id -> its metric, for printing
    section_titles: dict[tuple[int, str], str]  # (year, section key) -> its title on the site
    metric_titles: dict[str, str]  # metric name -> its title on the site
    # section key -> its declared columns' titles (column key -> title), in the site's language
    column_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    # section key -> the names its entries' ids stand for (a KPI review's ids are its targets')
    entry_names: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.figures and not self.facts


def compare(base: Site, head: Site) -> SiteDiff:
    """Every figure and fact that changes from `base` to `head`, year by year, after site.yaml's settings."""
    old, new = _Side.of(base, head), _Side.of(head, head)
    result = SiteDiff([], [], {}, {}, {})
    _name_all(result, base, head, (old, new))
    result.facts += [
        FactChange(None, change.where[1:], change.before, change.after, change.reordered)
        for change in walk({"site": _settings(base)}, {"site": _settings(head)})
    ]
    before = {r.year: r for r in base.reports}
    after = {r.year: r for r in head.reports}
    for year in sorted(before.keys() | after.keys()):
        result.figures += [
            FigureChange(year, m.key, one_line(m.before), one_line(m.after), m.edited_after_the_fact)
            for m in moved(year, before, after, old.fmt, new.fmt)
        ]
        old_facts = _facts(before[year], old.sections) if year in before else {}
        new_facts = _facts(after[year], new.sections) if year in after else {}
        result.facts += [
            FactChange(year, change.where, change.before, change.after, change.reordered)
            for change in walk(old_facts, new_facts)
        ]
    return result


def _name_all(result: SiteDiff, base: Site, head: Site, sides: tuple[_Side, _Side]) -> None:
    """The titles and names printing labels with, from both sides."""
    for side in sides:  # the head's names win where both sides have one
        language = side.site.settings.language
        result.metric_titles.update({name: side.fmt.metric_label(name) for name in side.fmt.registry})
        for section in side.sections:
            result.column_titles[section.key] = _column_titles(section, language)
            for report in [*base.reports, *head.reports]:
                title = section.title(side.fmt.labels, language, report)
                result.section_titles[(report.year, section.key)] = title
        for report in side.site.reports:
            for kpi in _targets_of(report):
                result.kpi_names[kpi.id] = kpi.metric
        for section in side.sections:  # a section whose entries are named by another kind's ids (a review)
            named = KINDS[section.kind.entries_are].entry_names if section.kind.entries_are else None
            for report in side.site.reports if named is not None else ():
                result.entry_names.setdefault(section.key, {}).update(named(report))
                standing = kpi_review.standing_in(report)  # targets a review gives itself (starting this year)
                if standing is not None:
                    result.entry_names[section.key].update(named(standing))


def _targets_of(report: Report) -> tuple[KpiTarget, ...]:
    """The KPI targets a year sets, and those its review gives itself when last year's report is not there."""
    standing = kpi_review.standing_in(report)
    found = [kpis(year) for year in (report, standing) if year is not None]
    return tuple(kpi for targets in found if targets is not None for kpi in targets.quantitative)


def _plain(value: Any) -> Any:
    """A list item that is only text (`{text: ...}`) reads as the text, as it is written in YAML."""
    if isinstance(value, dict):
        return value["text"] if set(value) == {"text"} else {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _data(value: Any) -> Any:
    """Facts as plain data: what was written, not the defaults filled in."""
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(mode="json", exclude_defaults=True))
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    return value


def _facts(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    """A year's facts by section key (and `report` for its own file): what `diff` walks."""
    own = _data(
        report.model_dump(mode="json", include={"title", "source", "declared", "summary"}, exclude_defaults=True)
    )
    return {"report": own, **{s.key: _data(s.kind.facts(report, s)) for s in sections}}


@dataclass(frozen=True)
class _Side:
    """One side of a diff, read with its own settings: sections, metric registry, labels, language."""

    site: Site
    sections: tuple[Section, ...]
    fmt: Formatter

    @classmethod
    def of(cls, site: Site, reader: Site) -> _Side:
        """`site`'s sections and metrics, in `reader`'s language and labels: both sides read alike, so
        that only a change of figure shows (a revision's content folder carries no mkdocs.yml)."""
        sections = site_sections(site.settings)
        t = labels(reader.settings.language, reader.settings.labels)
        return cls(site, sections, Formatter(reader.settings.language, t, site_metrics(sections)))


def _column_titles(section: Section, language: str) -> dict[str, str]:
    columns = section.declaration.columns if section.declaration is not None else ()
    return {c.key: in_language(c.title, language) or c.key for c in columns}


# Settings that mkdocs.yml gives (over site.yaml's): a git revision's content folder does not carry it.
MKDOCS_SETTINGS = {"title", "description", "language"}


def _settings(site: Site) -> dict[str, Any]:
    """What site.yaml says, as `diff` walks it: sections, metrics, headline, labels, team."""
    return {k: v for k, v in _data(site.settings).items() if k not in MKDOCS_SETTINGS}
