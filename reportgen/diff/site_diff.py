"""`reportgen diff BASE HEAD`: what a change to the facts does to the figures, for a reviewer.

Ties the stages of a diff together: both sides' facts as plain trees (walked by `walk`), their
figures (compared by `figures`), and the names `printing` labels them with."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from reportgen.diff.figures import Key, KpiRow, Moved, moved
from reportgen.diff.walk import Described, walk
from reportgen.load.catalogs import in_language, labels
from reportgen.load.problems import one_line
from reportgen.model.facts import Report, Site
from reportgen.render.pages import Formatter
from reportgen.sections import kpi_review
from reportgen.sections.kind import Section
from reportgen.sections.records.cells import choice_label
from reportgen.sections.registry import KINDS, site_metrics, site_sections


@dataclass(frozen=True)
class FigureChange:
    """A figure of a year's pages whose value moved, with what names it and the page that shows it."""

    year: int
    moved: Moved
    because: tuple[FactChange, ...] = ()  # a derived baseline: the facts of its year that moved it

    @property
    def key(self) -> Key:
        return self.moved.key

    @property
    def before(self) -> str:
        return self.moved.before

    @property
    def after(self) -> str:
        return self.moved.after

    @property
    def kpi(self) -> KpiRow | None:
        return self.moved.kpi

    @property
    def warned(self) -> bool:
        """A baseline its judged year's verdicts already rest on: changing it changes history."""
        return self.moved.baseline != "" and self.moved.in_use


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
    section_titles: dict[tuple[int, str], str]  # (year, section key) -> its title on the site
    metric_titles: dict[str, str]  # metric name -> its title on the site
    # section key -> its declared columns' titles (column key -> title), in the site's language
    column_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    # section key -> its choice columns' labels (column key -> choice -> label), in the site's language
    choice_labels: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # (year, section key) -> the names its entries' ids stand for (a KPI review's ids are last year's targets')
    entry_names: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.figures and not self.facts


def compare(base: Site, head: Site) -> SiteDiff:
    """Every figure and fact that changes from `base` to `head`, year by year, after site.yaml's settings."""
    old, new = _Side.of(base, head), _Side.of(head, head)
    result = SiteDiff([], [], {}, {})
    _name_all(result, base, head, (old, new))
    result.facts += [
        FactChange(None, change.where[1:], change.before, change.after, change.reordered)
        for change in walk({"site": _settings(base)}, {"site": _settings(head)})
    ]
    before = {r.year: r for r in base.reports}
    after = {r.year: r for r in head.reports}
    for year in sorted(before.keys() | after.keys()):
        old_facts = _facts(before[year], old.sections) if year in before else {}
        new_facts = _facts(after[year], new.sections) if year in after else {}
        facts = [
            FactChange(year, change.where, change.before, change.after, change.reordered)
            for change in walk(old_facts, new_facts)
        ]
        for m in moved(year, before, after, old, new):
            shown = replace(m, before=one_line(m.before), after=one_line(m.after))
            result.figures.append(FigureChange(year, shown, _because(m, facts, new)))
        result.facts += facts
    return result


def _because(m: Moved, facts: list[FactChange], side: _Side) -> tuple[FactChange, ...]:
    """A derived baseline's move: the changed facts of the section its source figure is derived from."""
    source = m.kpi.baseline_from if m.kpi is not None and m.baseline == "derived" else None
    metric = side.fmt.registry.get(source) if source is not None else None
    if metric is None:
        return ()
    return tuple(f for f in facts if f.where and f.where[0] == metric.rests_on)


def _name_all(result: SiteDiff, base: Site, head: Site, sides: tuple[_Side, _Side]) -> None:
    """The titles and names printing labels with, from both sides."""
    for side in sides:  # the head's names win where both sides have one
        language = side.fmt.language  # the head's, on both sides: the diff reads in one language
        result.metric_titles.update({name: side.fmt.metric_label(name) for name in side.fmt.registry})
        for section in side.sections:
            result.column_titles[section.key] = _column_titles(section, language)
            result.choice_labels[section.key] = _choice_labels(section, language)
            for report in [*base.reports, *head.reports]:
                title = section.title(side.fmt.labels, language, report)
                result.section_titles[(report.year, section.key)] = title
        by_year = {r.year: r for r in side.site.reports}
        for section in side.sections:  # a section whose entries are named by another kind's ids (a review)
            named = KINDS[section.kind.entries_are].entry_names if section.kind.entries_are else None
            for report in side.site.reports if named is not None else ():
                # A review is named by the targets it reviews: last year's (or its own stand-in's), never
                # another year's that shares an id.
                previous = kpi_review.previous_year(report, by_year)
                if previous is not None and named is not None:
                    result.entry_names[(report.year, section.key)] = named(previous)


def _plain(value: Any) -> Any:
    """A list item that is only text (`{text: ...}`) reads as the text, as it is written in YAML."""
    if isinstance(value, dict):
        return value["text"] if set(value) == {"text"} else {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _data(value: Any) -> Any:
    """Facts as plain data: what was written, and every choice with its default filled in, so that
    a value set to its default (delivery: unknown) is a change from the value before, never a
    removal. Other defaults (false, an empty list) say nothing and are left out, as unwritten."""
    if isinstance(value, BaseModel):
        return _plain(_written(value))
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    return value


def _written(model: BaseModel) -> dict[str, Any]:
    dumped = model.model_dump(mode="json", exclude_none=True)
    fields = type(model).model_fields
    kept: dict[str, Any] = {}
    for name, shown in dumped.items():
        raw, info = getattr(model, name, None), fields.get(name)
        default = info is not None and not info.is_required() and not isinstance(raw, str)
        if default and info is not None and raw == info.get_default(call_default_factory=True):
            continue
        kept[name] = _nested(raw, shown)
    return kept


def _nested(raw: Any, shown: Any) -> Any:
    """A field's value: a model inside read by the same rule, anything else as dumped."""
    if isinstance(raw, BaseModel):
        return _written(raw)
    if isinstance(raw, (list, tuple)) and isinstance(shown, list) and len(raw) == len(shown):
        return [_nested(r, s) for r, s in zip(raw, shown, strict=True)]
    if isinstance(raw, dict) and isinstance(shown, dict) and raw.keys() == shown.keys():
        return {k: _nested(raw[k], shown[k]) for k in shown}
    return shown


def _facts(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    """A year's facts by section key (and `report` for its own file): what `diff` walks."""
    own = _data(report.model_dump(mode="json", include={"title", "source", "declared", "summary"}, exclude_none=True))
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


def _choice_labels(section: Section, language: str) -> dict[str, dict[str, str]]:
    columns = section.declaration.columns if section.declaration is not None else ()
    return {
        c.key: {choice: choice_label(c, choice, language) for choice in c.choices}
        for c in columns
        if c.type == "choice"
    }


# Settings that mkdocs.yml gives (over site.yaml's): a git revision's content folder does not carry it.
MKDOCS_SETTINGS = {"title", "description", "language"}


def _settings(site: Site) -> dict[str, Any]:
    """What site.yaml says, as `diff` walks it: sections, metrics, headline, labels, team."""
    # As written, by its keys: a setting's defaults are the program's, not the team's words.
    written = _plain(site.settings.model_dump(mode="json", exclude_defaults=True))
    return {k: v for k, v in written.items() if k not in MKDOCS_SETTINGS}
