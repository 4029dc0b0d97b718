"""`reportgen diff BASE HEAD`: what a change to the facts does to the figures, for a reviewer."""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import metrics
from .i18n import fill, labels
from .kpi_text import kpi_actual_text, kpi_baseline_text, kpi_target
from .markdown_text import escape_markdown
from .model import Report, Site
from .pages import Formatter
from .sections import Section, site_metrics, site_sections


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
IDENTITY_FIELDS = ("id", "kpi")
# The fields that say what an entry is, for a reader of the diff.
SUMMARY_FIELDS = ("name", "title", "metric", "text", "kpi", "id")


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
    """One fact added, removed or changed, where it stands: (section, entry, field, ...)."""

    year: int
    where: tuple[str, ...]  # readable steps: a section key, an entry's name, a field, "#2" for the second item
    before: str | None  # None: added
    after: str | None  # None: removed


def _summary(value: Any) -> str:
    if isinstance(value, dict):
        for field in SUMMARY_FIELDS:
            if isinstance(value.get(field), str):
                return value[field]
        return ", ".join(f"{k}: {_summary(v)}" for k, v in value.items() if v not in (None, [], ()))
    if isinstance(value, list):
        return ", ".join(_summary(v) for v in value)
    return str(value)


def _describe(value: Any) -> str:
    """An added or removed entry in full: its fields, less the name its place already shows."""
    if isinstance(value, dict):
        shown = _summary(value)
        return (
            "; ".join(f"{k}: {_summary(v)}" for k, v in value.items() if k not in IDENTITY_FIELDS and v != shown)
            or shown
        )
    return _summary(value)


def _identity(value: Any) -> str | None:
    if isinstance(value, dict):
        for field in IDENTITY_FIELDS:
            if isinstance(value.get(field), str):
                return f"{field}:{value[field]}"
    return None


def _walk(old: Any, new: Any, where: tuple[str, ...]) -> Iterator[FactChange]:
    """Every difference between two documents of facts, matched by id where entries have one, else by
    position and text (so that one edited item reads as a change, not a removal and an addition)."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            yield from _walk(old.get(key), new.get(key), (*where, key))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _walk_list(old, new, where)
    elif old in (None, [], ()):
        yield FactChange(0, where, None, _describe(new))
    elif new in (None, [], ()):
        yield FactChange(0, where, _describe(old), None)
    else:
        yield FactChange(0, where, _summary(old), _summary(new))


def _walk_list(old: list[Any], new: list[Any], where: tuple[str, ...]) -> Iterator[FactChange]:
    if [*old, *new] and all(_identity(v) for v in [*old, *new]):
        before = {_identity(v): v for v in old}
        after = {_identity(v): v for v in new}
        for key in dict.fromkeys([*before, *after]):
            entry = after.get(key) or before.get(key)
            yield from _walk(before.get(key), after.get(key), (*where, _summary(entry)))
        return
    texts = difflib.SequenceMatcher(a=[repr(v) for v in old], b=[repr(v) for v in new], autojunk=False)
    for op, a1, a2, b1, b2 in texts.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(range(a1, a2), range(b1, b2), strict=False))
        for i, j in pairs:
            yield from _walk(old[i], new[j], (*where, f"#{j + 1}"))
        for i in range(a1 + len(pairs), a2):
            yield FactChange(0, (*where, f"#{i + 1}"), _describe(old[i]), None)
        for j in range(b1 + len(pairs), b2):
            yield FactChange(0, (*where, f"#{j + 1}"), None, _describe(new[j]))


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


def _figures(report: Report, previous: Report | None, fmt: Formatter) -> dict[Key, str]:
    """The derived figures of a year, by metric name, as a reader sees them."""
    m = metrics.year_metrics(report, fmt.registry)
    shown: dict[Key, str] = {
        (name,): fmt.metric(name, m.value(name)) for name in metrics.year_metric_names(fmt.registry)
    }
    for kpi in report.kpis.quantitative if report.kpis else ():
        shown[("kpi", kpi.id, "baseline")] = kpi_baseline_text(fmt, kpi, metrics.kpi_baseline(kpi, m))
        shown[("kpi", kpi.id, "target")] = kpi_target(fmt, kpi)
    if previous is not None and previous.kpis is not None:
        actuals = metrics.kpi_actuals(previous.kpis, report, fmt.registry)
        reviewed = {review.kpi for review in report.kpi_reviews}
        for kpi in previous.kpis.quantitative:
            if kpi.id in reviewed:
                shown[("kpi", kpi.id, "actual")] = kpi_actual_text(fmt, kpi, actuals.get(kpi.id))
                shown[("kpi", kpi.id, "verdict")] = fmt.labels[
                    f"verdict_{metrics.kpi_verdict(kpi, actuals.get(kpi.id))}"
                ]
    return shown


@dataclass
class SiteDiff:
    figures: list[FigureChange]
    facts: list[FactChange]
    kpi_names: dict[str, str]  # kpi id -> its metric, for printing
    section_titles: dict[tuple[int, str], str]  # (year, section key) -> its title on the site
    metric_titles: dict[str, str]  # metric name -> its title on the site

    @property
    def empty(self) -> bool:
        return not self.figures and not self.facts


def compare(base: Site, head: Site) -> SiteDiff:
    t = labels(head.settings.language, head.settings.labels)
    old_sections, new_sections = site_sections(base.settings), site_sections(head.settings)
    # Both sides are shown with the head's registry, plus any figure only the base still declares.
    fmt = Formatter(head.settings.language, t, {**site_metrics(old_sections), **site_metrics(new_sections)})
    before = {r.year: r for r in base.reports}
    after = {r.year: r for r in head.reports}
    result = SiteDiff([], [], {}, {}, {name: fmt.metric_label(name) for name in fmt.registry})
    for report in [*base.reports, *head.reports]:
        for section in (*old_sections, *new_sections):
            result.section_titles[(report.year, section.key)] = section.title(t, head.settings.language, report)
    for report in [*base.reports, *head.reports]:
        for kpi in report.kpis.quantitative if report.kpis else ():
            result.kpi_names[kpi.id] = kpi.metric
    for year in sorted(before.keys() | after.keys()):
        old = _figures(before[year], before.get(year - 1), fmt) if year in before else {}
        new = _figures(after[year], after.get(year - 1), fmt) if year in after else {}
        for key in dict.fromkeys([*old, *new]):
            none = fmt.labels["none"]
            if old.get(key, none) != new.get(key, none):
                # A year's KPI baseline is what next year is judged against: changing it later rewrites history.
                after_the_fact = key[-1] == "baseline" and key in old
                result.figures.append(FigureChange(year, key, old.get(key, none), new.get(key, none), after_the_fact))
        old_facts = _facts(before[year], old_sections) if year in before else {}
        new_facts = _facts(after[year], new_sections) if year in after else {}
        result.facts += [
            FactChange(year, change.where, change.before, change.after) for change in _walk(old_facts, new_facts, ())
        ]
    return result


class _Printer:
    """Names for keys, from the site's labels: a section, a field, a metric, a KPI."""

    def __init__(self, diff: SiteDiff, t: dict[str, str]) -> None:
        self.diff, self.t = diff, t

    def label(self, key: str, year: int) -> str:
        name = {"report": "report_title", "declared": "stated_figures", "inferred": "inferred_title"}.get(key, key)
        # A field's label is its own key, or the summary's or a fact field's (summary_focus, field_delivery).
        found = next((self.t[k] for k in (name, f"summary_{name}", f"field_{name}") if k in self.t), key)
        return fill(found, year=year)

    def figure(self, change: FigureChange) -> str:
        if change.key[0] == "kpi":
            _, kpi_id, part = change.key
            return f"KPI {self.diff.kpi_names.get(str(kpi_id), kpi_id)}: {self.label(str(part), change.year)}"
        return self.diff.metric_titles.get(str(change.key[0]), str(change.key[0]))

    def where(self, change: FactChange) -> str:
        section, *rest = change.where
        steps = [self.diff.section_titles.get((change.year, section)) or self.label(section, change.year)]
        # A group's one list ("items") and a list named like its section read as the section's own.
        steps += [self.label(step, change.year) for step in rest if step not in ("items", section)]
        if section == "kpi_review" and len(steps) > 1:  # a review names its KPI by id
            steps[1] = self.diff.kpi_names.get(steps[1], steps[1])
        return " › ".join(steps)


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
        lines += [f"  {c.year}  {names.where(c)}{_fact_value(c)}" for c in changes]
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
        lines += [f"- {c.year}: {e(names.where(c))}{e(_fact_value(c))}" for c in changes]
    if not diff.facts:
        lines += ["", "No fact changed."]
    return "\n".join(lines) + "\n"


def _fact_groups(diff: SiteDiff) -> list[tuple[str, list[FactChange]]]:
    groups = [
        ("Facts added", [c for c in diff.facts if c.before is None]),
        ("Facts removed", [c for c in diff.facts if c.after is None]),
        ("Facts changed", [c for c in diff.facts if c.before is not None and c.after is not None]),
    ]
    return [(title, changes) for title, changes in groups if changes]


def _fact_value(change: FactChange) -> str:
    if change.before is None:
        return f": {change.after}"
    if change.after is None:
        return f": {change.before}"
    return f": {change.before} → {change.after}"
