"""`reportgen diff BASE HEAD`: what a change to the facts does to the figures, for a reviewer."""

from __future__ import annotations

import io
import math
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reportgen.derive.kpis import kpi_baseline, kpi_verdict, verdict_label
from reportgen.derive.metrics import year_metrics
from reportgen.derive.numbers import MAX_PLACES, decimal_places
from reportgen.load.catalogs import fill, labels
from reportgen.model.facts import KpiTarget, Report, Site
from reportgen.model.markdown_text import escape_markdown
from reportgen.render.pages import Formatter
from reportgen.sections import kpi_review
from reportgen.sections.kind import Section
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target
from reportgen.sections.registry import site_metrics, site_sections


@contextmanager
def content_at(spec: str, content_dir: Path) -> Iterator[Path]:
    """A content folder: `spec` itself if it is a folder, else the git revision `spec`'s copy of `content_dir`."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=content_dir.parent if content_dir.parent.is_dir() else Path.cwd(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    inside = content_dir.resolve().relative_to(Path(top).resolve()).as_posix()
    archive = subprocess.run(["git", "archive", "--format=tar", spec, "--", inside], cwd=top, capture_output=True)
    if archive.returncode != 0:
        raise ValueError(
            f"'{spec}' is neither a folder nor a git revision with {inside}/: "
            f"{archive.stderr.decode(errors='replace').strip()}"
        )
    with tempfile.TemporaryDirectory(prefix="reportgen-diff-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(temporary, filter="data")
        yield Path(temporary) / inside


Key = tuple[str | int, ...]
# The fields that name an entry of a list, so that an edit is matched to the entry it edits.
IDENTITY_FIELDS = ("id", "kpi", "key")
# The fields that say what an entry is, for a reader of the diff.
SUMMARY_FIELDS = ("name", "title", "metric", "text", "kpi", "id", "key")
# An entry without an id is matched to one with another key when at least this share of its fields agree.
SIMILAR = 0.5
SITE_FILE = "site.yaml"


# An added or removed entry: its fields and their text, labelled only when printed; or plain text.
Described = str | tuple[tuple[str, str], ...]


class Entry(str):
    """A step of a path that names an entry (its name, key or "#2"), printed as written, never as a label."""


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


def _summary(value: Any) -> str:
    if isinstance(value, dict):
        for name in SUMMARY_FIELDS:
            if isinstance(value.get(name), str):
                return value[name]
        return ", ".join(f"{k}: {_summary(v)}" for k, v in value.items() if v not in (None, [], ()))
    if isinstance(value, list):
        return ", ".join(_summary(v) for v in value)
    return str(value)


def _describe(value: Any, key: str | None = None) -> Described:
    """An added or removed entry in full: its fields, less the name its place already shows."""
    if isinstance(value, dict):
        shown = _name(value, key) if key is not None else _summary(value)
        hidden = {*IDENTITY_FIELDS, *([key] if key else [])}
        fields = tuple((k, _summary(v)) for k, v in value.items() if k not in hidden and v != shown)
        return fields or shown
    return _summary(value)


def _unique_strings(entries: list[Any], field: str) -> bool:
    values = [v.get(field) for v in entries]
    return all(isinstance(v, str) and v for v in values) and len(set(values)) == len(values)


def _list_key(old: list[Any], new: list[Any]) -> str | None:
    """The field that names each entry of both lists: an id, else a natural key such as a service's
    name or a group's title (the first text field whose values are present and unique on each side)."""
    entries = [*old, *new]
    if not entries or not all(isinstance(v, dict) for v in entries):
        return None
    candidates = [*IDENTITY_FIELDS, *SUMMARY_FIELDS, *dict.fromkeys(k for v in entries for k in v)]
    for name in dict.fromkeys(candidates):
        if _unique_strings(old, name) and _unique_strings(new, name):
            return name
    return None


def _similar(a: Any, b: Any, key: str) -> bool:
    """Two entries that differ in their key but agree on most other fields: one entry renamed."""
    fields = ({*a} | {*b}) - {key}
    return bool(fields) and sum(a.get(f) == b.get(f) for f in fields) / len(fields) >= SIMILAR


def _walk(old: Any, new: Any, where: tuple[str, ...]) -> Iterator[FactChange]:
    """Every difference between two documents of facts: list entries are matched by id, else by a
    natural key, else by their text, so that an insertion reads as one added entry, an edit as one
    change, and a reorder as one line, never as a removal and an addition of the same text."""
    if old == new:
        return
    if (old is None and isinstance(new, (dict, list))) or (new is None and isinstance(old, (dict, list))):
        # A whole file or list added or removed: its entries one by one, not as one long line.
        empty = type(new if old is None else old)()
        yield from _walk(empty if old is None else old, empty if new is None else new, where)
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            yield from _walk(old.get(key), new.get(key), (*where, key))
    elif isinstance(old, list) and isinstance(new, list):
        key = _list_key(old, new)
        yield from _walk_keyed(old, new, where, key) if key else _walk_items(old, new, where)
    elif old in (None, [], ()):
        yield FactChange(0, where, None, _describe(new))
    elif new in (None, [], ()):
        yield FactChange(0, where, _describe(old), None)
    else:
        yield FactChange(0, where, _summary(old), _summary(new))


def _walk_keyed(old: list[Any], new: list[Any], where: tuple[str, ...], key: str) -> Iterator[FactChange]:
    before = {v[key]: v for v in old}
    after = {v[key]: v for v in new}
    old_keys, new_keys = list(before), list(after)
    gone = [i for i, k in enumerate(old_keys) if k not in after]
    came = [j for j, k in enumerate(new_keys) if k not in before]
    # An entry whose key changed but whose other fields mostly did not, in the same place: one entry renamed.
    renamed = {
        new_keys[j]: old_keys[i]
        for i, j in _same_place(gone, came)
        if _similar(before[old_keys[i]], after[new_keys[j]], key)
    }
    for k, entry in after.items():
        step = Entry(_name(entry, key))
        if k in before or k in renamed:
            yield from _walk(before[renamed.get(k, k)], entry, (*where, step))
        else:
            yield FactChange(0, (*where, step), None, _describe(entry, key))
    replaced = set(renamed.values())
    for i in gone:
        if old_keys[i] not in replaced:
            entry = before[old_keys[i]]
            yield FactChange(0, (*where, Entry(_name(entry, key))), _describe(entry, key), None)
    if [k for k in old_keys if k in after] != [k for k in new_keys if k in before]:
        yield FactChange(0, where, None, None, reordered=True)


def _same_place(gone: list[int], came: list[int]) -> Iterator[tuple[int, int]]:
    """Pairs of an entry that left (its position on the old side) and one that came (on the new side)
    between the same kept neighbours: those with as many kept entries before them, in their order.
    Both lists are ascending; this is linear, so a long list costs no more than its length."""
    waiting: dict[int, list[int]] = {}
    for n, j in enumerate(came):  # j - n: how many kept entries stand before the n-th added one
        waiting.setdefault(j - n, []).append(j)
    taken: dict[int, int] = {}
    for n, i in enumerate(gone):
        anchor, queue = i - n, waiting.get(i - n, [])
        if taken.get(anchor, 0) < len(queue):
            yield i, queue[taken.get(anchor, 0)]
            taken[anchor] = taken.get(anchor, 0) + 1


def _name(entry: dict[str, Any], key: str) -> str:
    """How an entry is named in a path: its name or title where it has one, else its key."""
    summary = next((entry[f] for f in SUMMARY_FIELDS if isinstance(entry.get(f), str)), None)
    return summary if summary is not None else str(entry[key])


def _walk_items(old: list[Any], new: list[Any], where: tuple[str, ...]) -> Iterator[FactChange]:
    """Entries without a key, matched by their text. An entry found on both sides is the same entry,
    wherever it stands; one that left and one that came between the same neighbours are one edit."""
    old_texts, new_texts = [repr(v) for v in old], [repr(v) for v in new]
    gone, came = _unmatched(old_texts, new_texts), _unmatched(new_texts, old_texts)
    pairs = dict(_same_place(gone, came))
    edited = set(pairs.values())
    for i in gone:
        if i in pairs:
            yield from _walk(old[i], new[pairs[i]], (*where, Entry(f"#{pairs[i] + 1}")))
        else:
            yield FactChange(0, (*where, Entry(f"#{i + 1}")), _describe(old[i]), None)
    for j in came:
        if j not in edited:
            yield FactChange(0, (*where, Entry(f"#{j + 1}")), None, _describe(new[j]))
    left, arrived = set(gone), set(came)
    kept_old = [t for i, t in enumerate(old_texts) if i not in left]
    kept_new = [t for j, t in enumerate(new_texts) if j not in arrived]
    if kept_old != kept_new:
        yield FactChange(0, where, None, None, reordered=True)


def _unmatched(texts: list[str], others: list[str]) -> list[int]:
    """The positions in `texts` of the entries `others` does not hold (as many of each as it lacks)."""
    extra = Counter(texts) - Counter(others)
    found = []
    for i, text in enumerate(texts):
        if extra[text] > 0:
            extra[text] -= 1
            found.append(i)
    return found


@dataclass(frozen=True)
class _Figure:
    """A figure as a reader sees it, with the value behind it: figures are compared by value, so
    that a change rounding hides is still listed (and then shown with the places that tell it)."""

    text: str
    value: float | str | None = None
    unit: str | None = None  # for showing a number with more places
    places: int = 0  # the places `text` shows a number with at most


def _figures(report: Report, previous: Report | None, fmt: Formatter) -> dict[Key, _Figure]:
    """The derived figures of a year, by metric name, computed with that side's own metric registry."""
    m = year_metrics(report, fmt.registry)
    shown: dict[Key, _Figure] = {}
    for name in fmt.registry.year_names():
        found = fmt.registry[name]
        shown[(name,)] = _Figure(fmt.metric(name, m.value(name)), m.value(name), found.unit, found.precision)
    targets = kpis(report)
    for kpi in targets.quantitative if targets else ():
        baseline = kpi_baseline(kpi, m)
        shown[("kpi", kpi.id, "baseline")] = _kpi_figure(
            fmt, kpi, baseline, kpi_baseline_text(fmt, kpi, baseline), kpi.baseline_from
        )
        value = kpi.target if kpi.target is not None else kpi.target_text
        shown[("kpi", kpi.id, "target")] = _kpi_figure(fmt, kpi, value, kpi_target(fmt, kpi))
    judged = kpis(previous) if previous is not None else None
    if previous is not None and judged is not None:
        actuals = kpi_review.actuals_for(previous, report, fmt.registry)
        reviewed = {review.kpi for review in kpi_review.reviews(report)}
        for kpi in judged.quantitative:
            if kpi.id in reviewed:
                actual = actuals.get(kpi.id)
                shown[("kpi", kpi.id, "actual")] = _kpi_figure(
                    fmt, kpi, actual, kpi_actual_text(fmt, kpi, actual), kpi.actual_metric
                )
                verdict = kpi_verdict(kpi, actual)
                shown[("kpi", kpi.id, "verdict")] = _Figure(verdict_label(fmt.labels, verdict), verdict)
    return shown


def _kpi_figure(
    fmt: Formatter, kpi: KpiTarget, value: float | str | None, text: str, derived_from: str | None = None
) -> _Figure:
    """A KPI's baseline, target or actual: at its metric's precision where derived, else as written."""
    found = fmt.registry.get(derived_from) if derived_from is not None else None
    if found is not None:
        return _Figure(text, value, kpi.unit, found.precision)
    return _Figure(text, value, kpi.unit, decimal_places(value) if isinstance(value, (int, float)) else 0)


def _same(a: float | str | None, b: float | str | None) -> bool:
    """Equal values; numbers that differ only by floating-point noise (0.1 + 0.2 and 0.3) are equal."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def _texts(old: _Figure, new: _Figure, old_fmt: Formatter, new_fmt: Formatter) -> tuple[str, str]:
    """Before and after as read; where two different numbers read the same, with the fewest more
    decimal places that tell them apart (3 h → 3.02 h, not 3 h → 3 h)."""
    if old.text != new.text or not all(isinstance(f.value, (int, float)) for f in (old, new)):
        return old.text, new.text
    for places in range(max(old.places, new.places) + 1, MAX_PLACES + 1):
        before = old_fmt.measure(float(old.value), old.unit, places)  # type: ignore[arg-type]
        after = new_fmt.measure(float(new.value), new.unit, places)  # type: ignore[arg-type]
        if before != after:
            return before, after
    return old.text, new.text


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


@dataclass
class SiteDiff:
    figures: list[FigureChange]
    facts: list[FactChange]
    kpi_names: dict[str, str]  # kpi id -> its metric, for printing
    section_titles: dict[tuple[int, str], str]  # (year, section key) -> its title on the site
    metric_titles: dict[str, str]  # metric name -> its title on the site
    # section key -> its declared columns' titles (column key -> title), in the site's language
    column_titles: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.figures and not self.facts


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
    return {c.key: c.title.get(language) or next(iter(c.title.values()), c.key) for c in columns}


# Settings that mkdocs.yml gives (over site.yaml's): a git revision's content folder does not carry it.
MKDOCS_SETTINGS = {"title", "description", "language"}


def _settings(site: Site) -> dict[str, Any]:
    """What site.yaml says, as `diff` walks it: sections, metrics, headline, labels, team."""
    return {k: v for k, v in _data(site.settings).items() if k not in MKDOCS_SETTINGS}


def compare(base: Site, head: Site) -> SiteDiff:
    old, new = _Side.of(base, head), _Side.of(head, head)
    result = SiteDiff([], [], {}, {}, {})
    for side in (old, new):  # the head's names win where both sides have one
        language = side.site.settings.language
        result.metric_titles.update({name: side.fmt.metric_label(name) for name in side.fmt.registry})
        for section in side.sections:
            result.column_titles[section.key] = _column_titles(section, language)
            for report in [*base.reports, *head.reports]:
                title = section.title(side.fmt.labels, language, report)
                result.section_titles[(report.year, section.key)] = title
        for report in side.site.reports:
            for kpi in kpis(report).quantitative if kpis(report) else ():
                result.kpi_names[kpi.id] = kpi.metric
    result.facts += [
        FactChange(None, change.where[1:], change.before, change.after, change.reordered)
        for change in _walk({"site": _settings(base)}, {"site": _settings(head)}, ())
    ]
    before = {r.year: r for r in base.reports}
    after = {r.year: r for r in head.reports}
    none = new.fmt.labels["none"]
    for year in sorted(before.keys() | after.keys()):
        old_figures = _figures(before[year], before.get(year - 1), old.fmt) if year in before else {}
        new_figures = _figures(after[year], after.get(year - 1), new.fmt) if year in after else {}
        for key in dict.fromkeys([*old_figures, *new_figures]):
            was, now = old_figures.get(key, _Figure(none)), new_figures.get(key, _Figure(none))
            if was.text == now.text and _same(was.value, now.value):
                continue
            # A year's KPI baseline is what next year is judged against: changing it later rewrites history.
            after_the_fact = key[-1] == "baseline" and key in old_figures
            before_text, after_text = (_one_line(text) for text in _texts(was, now, old.fmt, new.fmt))
            result.figures.append(FigureChange(year, key, before_text, after_text, after_the_fact))
        old_facts = _facts(before[year], old.sections) if year in before else {}
        new_facts = _facts(after[year], new.sections) if year in after else {}
        result.facts += [
            FactChange(year, change.where, change.before, change.after, change.reordered)
            for change in _walk(old_facts, new_facts, ())
        ]
    return result


class _Printer:
    """Names for keys, from the site's labels: a section, a field, a metric, a KPI."""

    def __init__(self, diff: SiteDiff, t: dict[str, str]) -> None:
        self.diff, self.t = diff, t

    def label(self, key: str, year: int | None, section: str = "") -> str:
        if isinstance(key, Entry):
            return str(key)
        column = self.diff.column_titles.get(section, {}).get(key)
        if column is not None:  # a records section's field: the title its declaration gives it
            return column
        name = {"report": "report_title", "declared": "stated_figures", "inferred": "inferred_title"}.get(key, key)
        # A field's label is its own key, or the summary's or a fact field's (summary_focus, field_delivery).
        found = next((self.t[k] for k in (name, f"summary_{name}", f"field_{name}") if k in self.t), key)
        return fill(found, year=year) if year is not None else found

    def figure(self, change: FigureChange) -> str:
        return _one_line(self._figure(change))

    def _figure(self, change: FigureChange) -> str:
        if change.key[0] == "kpi":
            _, kpi_id, part = change.key
            return f"KPI {self.diff.kpi_names.get(str(kpi_id), kpi_id)}: {self.label(str(part), change.year)}"
        return self.diff.metric_titles.get(str(change.key[0]), str(change.key[0]))

    def where(self, change: FactChange) -> str:
        if change.year is None:  # a setting: named by its keys in site.yaml, as the author wrote them
            return " › ".join(change.where)
        section, *rest = change.where
        steps = [self.diff.section_titles.get((change.year, section)) or self.label(section, change.year)]
        # A group's one list ("items") and a list named like its section read as the section's own.
        steps += [self.label(step, change.year, section) for step in rest if step not in ("items", section)]
        if section == "report" and rest == ["source"]:  # the report's own source is its source document
            steps[1] = self.t["source_document"]
        if section == "kpi_review" and len(steps) > 1:  # a review names its KPI by id
            steps[1] = self.diff.kpi_names.get(steps[1], steps[1])
        return " › ".join(steps)

    def fact(self, change: FactChange) -> str:
        """One fact's change on a line: where it is, then what it was and what it is."""
        return _one_line(self._fact(change))

    def _fact(self, change: FactChange) -> str:
        where = self.where(change)
        if change.reordered:
            return f"{where}: {ORDER_CHANGED}"
        section = "" if change.year is None else change.where[0]
        before, after = (self.described(v, change.year, section) for v in (change.before, change.after))
        if change.before is None:
            return f"{where}: {after}"
        if change.after is None:
            return f"{where}: {before}"
        return f"{where}: {before} → {after}"

    def described(self, value: Described | None, year: int | None, section: str) -> str:
        if value is None or isinstance(value, str):
            return value or ""
        if year is None:  # a setting's fields, by their keys in site.yaml
            return "; ".join(f"{k}: {text}" for k, text in value)
        return "; ".join(f"{self.label(k, year, section)}: {text}" for k, text in value)

    @staticmethod
    def year(change: FactChange) -> str:
        return SITE_FILE if change.year is None else str(change.year)


ORDER_CHANGED = "order changed (same entries)"
# Line breaks and control characters in a fact stay visible and cannot break a line or drive a terminal.
_SHOWN = {"\n": " ↵ ", "\r": "", "\t": " "}


def _one_line(text: str) -> str:
    return "".join(_SHOWN.get(c, f"\\x{ord(c):02x}") if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)


def to_text(diff: SiteDiff, t: dict[str, str]) -> str:
    """Plain text, for a terminal."""
    if diff.empty:
        return "No figure or fact changed.\n"
    names = _Printer(diff, t)
    lines: list[str] = []
    if diff.figures:
        lines.append("Figures that changed:")
        for c in diff.figures:
            note = (
                "  (a KPI baseline edited after the fact: next year is judged against it)"
                if c.edited_after_the_fact
                else ""
            )
            lines.append(f"  {c.year}  {names.figure(c)}: {c.before} → {c.after}{note}")
    for title, changes in _fact_groups(diff):
        lines += ["", f"{title}:"] if lines else [f"{title}:"]
        lines += [f"  {names.year(c)}  {names.fact(c)}" for c in changes]
    return "\n".join(lines) + "\n"


def to_markdown(diff: SiteDiff, t: dict[str, str]) -> str:
    """Markdown, for the pull request's job summary. Every value is escaped: facts are text."""
    e = escape_markdown
    names = _Printer(diff, t)
    lines = ["## Figures that changed", ""]
    if diff.figures:
        lines += ["| Year | Figure | Before | After |", "|---|---|--:|--:|"]
        lines += [f"| {c.year} | {e(names.figure(c))} | {e(c.before)} | {e(c.after)} |" for c in diff.figures]
    else:
        lines.append("No headline figure changed.")
    edited = [c for c in diff.figures if c.edited_after_the_fact]
    if edited:
        lines += [
            "",
            "> [!WARNING]",
            "> A KPI baseline was edited after the fact. Next year's results are judged "
            "against it; check that the change is intended:",
        ]
        lines += [f"> - {c.year} {e(names.figure(c))}: {e(c.before)} → {e(c.after)}" for c in edited]
    for title, changes in _fact_groups(diff):
        lines += ["", f"## {title}", ""]
        lines += [f"- {e(names.year(c))}: {e(names.fact(c))}" for c in changes]
    if all(c.year is None for c in diff.facts):  # settings alone changed, or nothing
        lines += ["", "No fact changed."]
    return "\n".join(lines) + "\n"


def _fact_groups(diff: SiteDiff) -> list[tuple[str, list[FactChange]]]:
    groups = [
        ("Settings changed", [c for c in diff.facts if c.year is None]),
        ("Facts added", [c for c in diff.facts if c.year is not None and c.before is None and not c.reordered]),
        ("Facts removed", [c for c in diff.facts if c.year is not None and c.after is None and not c.reordered]),
        (
            "Facts changed",
            [c for c in diff.facts if c.year is not None and (c.reordered or None not in (c.before, c.after))],
        ),
    ]
    return [(title, changes) for title, changes in groups if changes]
