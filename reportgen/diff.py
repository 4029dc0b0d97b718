"""`reportgen diff BASE HEAD`: what a change to the facts does to the figures, for a reviewer."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import metrics
from .i18n import labels
from .markdown_text import escape_markdown
from .model import KpiTarget, Report, Site
from .pages import Formatter
from .provenance import inferred_facts
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


@dataclass(frozen=True)
class FigureChange:
    year: int
    figure: str
    before: str
    after: str
    edited_after_the_fact: bool = False


def _figures(report: Report, fmt: Formatter, t: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Every figure of a year, keyed by what it is (not by its translated label): (label, value as shown)."""
    m = metrics.year_metrics(report, fmt.registry)
    shown = {
        f"metric:{name}": (fmt.metric_label(name), fmt.metric(name, m.value(name)))
        for name in metrics.year_metric_names(fmt.registry)
    }
    for kpi in report.kpis.quantitative if report.kpis else ():
        baseline = _kpi_value(kpi, metrics.kpi_baseline(kpi, m), fmt, t)
        shown[f"kpi:{kpi.id}:baseline"] = (f"KPI {kpi.metric}: {t['baseline']}", baseline)
        target = _kpi_value(kpi, kpi.target, fmt, t) if kpi.target is not None else kpi.target_text or t["none"]
        shown[f"kpi:{kpi.id}:target"] = (f"KPI {kpi.metric}: {t['target']}", target)
    return shown


def _kpi_value(kpi: KpiTarget, value: float | None, fmt: Formatter, t: dict[str, str]) -> str:
    if value is None:
        return t["none"]
    return fmt.percent(value) if kpi.unit == "%" else f"{fmt.number(value)}{kpi.unit or ''}"


def _facts(report: Report, sections: tuple[Section, ...]) -> dict[str, str]:
    """Every fact of a year under a stable key, with a short description of it."""
    found = {key: text for section in sections for key, text in section.kind.facts(report, section)}
    # The team's summary and the reasons behind inferred values are facts a reviewer should see change.
    summary = report.summary
    for part in ("highlights", "shortfalls", "focus"):
        for index, line in enumerate(getattr(summary, part) if summary else ()):
            found[f"summary:{part}:{index}"] = f"summary {part}: {line}"
    for fact in inferred_facts(report):
        key = f"inferred:{fact.collection}:{fact.id}:{fact.field}"
        found[key] = f"{fact.subject} {fact.field} inferred: {fact.reason}"
    return found


@dataclass
class SiteDiff:
    figures: list[FigureChange]
    added: list[tuple[int, str]]
    removed: list[tuple[int, str]]
    changed: list[tuple[int, str, str]]


def compare(base: Site, head: Site) -> SiteDiff:
    t = labels(head.settings.language, head.settings.labels)
    old_sections, new_sections = site_sections(base.settings), site_sections(head.settings)
    # Both sides are shown with the head's registry, plus any figure only the base still declares.
    fmt = Formatter(head.settings.language, t, {**site_metrics(old_sections), **site_metrics(new_sections)})
    before = {r.year: r for r in base.reports}
    after = {r.year: r for r in head.reports}
    result = SiteDiff([], [], [], [])
    for year in sorted(before.keys() | after.keys()):
        old_figures = _figures(before[year], fmt, t) if year in before else {}
        new_figures = _figures(after[year], fmt, t) if year in after else {}
        for key in dict.fromkeys([*old_figures, *new_figures]):
            label, old = old_figures.get(key, ("", t["none"]))
            label, new = new_figures.get(key, (label, t["none"]))
            if old != new:
                # A year's KPI baseline is what next year is judged against: changing it later rewrites history.
                after_the_fact = year in before and key.endswith(":baseline") and key in old_figures
                result.figures.append(FigureChange(year, label or old_figures[key][0], old, new, after_the_fact))
        old_facts = _facts(before[year], old_sections) if year in before else {}
        new_facts = _facts(after[year], new_sections) if year in after else {}
        result.added += [(year, new_facts[k]) for k in new_facts if k not in old_facts]
        result.removed += [(year, old_facts[k]) for k in old_facts if k not in new_facts]
        result.changed += [
            (year, old_facts[k], new_facts[k]) for k in new_facts if k in old_facts and old_facts[k] != new_facts[k]
        ]
    return result


def to_markdown(diff: SiteDiff) -> str:
    e = escape_markdown
    lines = ["## Figures that changed", ""]
    if diff.figures:
        lines += ["| Year | Figure | Before | After |", "|---|---|--:|--:|"]
        lines += [f"| {c.year} | {e(c.figure)} | {e(c.before)} | {e(c.after)} |" for c in diff.figures]
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
        lines += [f"> - {c.year} {e(c.figure)}: {e(c.before)} → {e(c.after)}" for c in edited]
    for title, entries in (("Facts added", diff.added), ("Facts removed", diff.removed)):
        if entries:
            lines += ["", f"## {title}", ""] + [f"- {year}: {e(text)}" for year, text in entries]
    if diff.changed:
        lines += ["", "## Facts changed", ""]
        lines += [f"- {year}: {e(old)} → {e(new)}" for year, old, new in diff.changed]
    return "\n".join(lines) + "\n"
