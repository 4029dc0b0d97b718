"""A SiteDiff printed: plain text for a terminal, Markdown for a pull request, every word from the
site's label catalog. The verdicts that change come first: they are what a reader asks about."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportgen.diff.naming import Names
from reportgen.load.catalogs import fill
from reportgen.load.problems import one_line
from reportgen.model.markdown_text import escape_markdown

FEW = 3  # the entries a figure's row names as counted in, and as counted out, before "… and 4 more"

if TYPE_CHECKING:  # annotations only: site_diff imports one_line from here, so a run-time import back is circular
    from reportgen.diff.revisions import Source
    from reportgen.diff.site_diff import FactChange, FigureChange, SiteDiff


def source_lines(
    sources: tuple[Source, Source], t: dict[str, str], shown: Callable[[str], str] = one_line
) -> list[str]:
    """One line per side: a git revision as it was written, with its commit, or a folder."""
    return [
        fill(t[f"diff_{side}_{'folder' if s.commit is None else 'revision'}"], name=shown(s.name), commit=s.short)
        for side, s in zip(("base", "head"), sources, strict=True)
    ]


def verdict_lines(diff: SiteDiff, names: Names) -> list[str]:
    """Every verdict that changes, with its KPI, its years, the target and the actual on each side."""
    t = names.t
    return [
        fill(
            t["diff_verdict_line"],
            kpi=one_line(names.kpi(c)),
            before=c.before,
            after=c.after,
            target=one_line(c.moved.target),
            actual_before=c.moved.actuals[0],
            actual_after=c.moved.actuals[1],
        )
        for c in diff.figures
        if c.kpi is not None and c.kpi.part == "verdict"
    ]


def why(change: FigureChange, names: Names) -> str:
    """What a figure's row adds to its values: why a baseline moved, and what the figure counted on
    each side where that changed ("counted in Incidents: 5 → 6 (+inc-106)")."""
    return "; ".join(said for said in (_baseline_why(change, names), counted(change, names)) if said)


def counted(change: FigureChange, names: Names) -> str:
    """How many entries the figure counted on each side, and which came in and went out (the first few)."""
    if change.moved.counted is None:
        return ""
    t = names.t
    before, after = change.moved.counted
    came, went = sorted(after - before), sorted(before - after)
    shown = [f"+{entry}" for entry in came[:FEW]] + [f"−{entry}" for entry in went[:FEW]]
    more = len(came) + len(went) - len(shown)
    if more > 0:
        shown.append(fill(t["working_more"], count=more))
    listed = t["list_separator"].join(shown)
    if change.moved.counts_them:  # a count of them: its values already say how many, so only which
        return fill(t["diff_counted_which"], ids=listed)
    ids = f" · {listed}" if shown else ""
    return fill(t["diff_counted"], section=change.moved.counted_in, before=len(before), after=len(after), ids=ids)


def _baseline_why(change: FigureChange, names: Names) -> str:
    """Why a baseline moved: edited in the file, or derived from a figure whose facts changed (named)."""
    t, m = names.t, change.moved
    if m.baseline == "edited":
        return t["diff_baseline_edited"]
    if m.baseline != "derived" or m.kpi is None or m.kpi.baseline_from is None:
        return ""
    figure = names.diff.metric_titles.get(m.kpi.baseline_from, m.kpi.baseline_from)
    if not change.because:
        return fill(t["diff_baseline_derived_alone"], figure=figure)
    facts = "; ".join(names.where(f) for f in change.because)
    return fill(t["diff_baseline_derived"], figure=figure, facts=facts)


def to_text(
    diff: SiteDiff, t: dict[str, str], sources: tuple[Source, Source] | None = None, code: list[str] | None = None
) -> str:
    """Plain text, for a terminal: what was compared (when `sources` says), then what changed, then
    the files outside the content folder that changed (`code`, when both sides have a history)."""
    said = "\n".join(source_lines(sources, t)) + "\n\n" if sources else ""
    changed_code = _text_code(code, t)
    if diff.empty:
        return said + t["diff_nothing"] + "\n" + (changed_code[1:] + "\n" if code else "")
    names = Names(diff, t)
    lines: list[str] = []
    verdicts = verdict_lines(diff, names)
    if verdicts:
        lines += [f"{t['diff_verdicts']}:", *(f"  {v}" for v in verdicts), ""]
    if diff.figures:
        lines.append(f"{t['diff_figures']}:")
        for c in diff.figures:
            reason = why(c, names)
            note = f"  ({one_line(reason)})" if reason else ""
            warned = "  " + fill(t["diff_warning_short"], year=c.kpi.judged) if c.warned and c.kpi else ""
            lines.append(f"  {c.year}  {names.figure(c)}: {c.before} → {c.after}  [{c.moved.page}]{note}{warned}")
    for title, changes in _fact_groups(diff, t):
        lines += ["", f"{title}:"] if lines and lines[-1] != "" else [f"{title}:"]
        lines += [f"  {names.year(c)}  {names.fact(c)}" for c in changes]
    return said + "\n".join(lines) + ("\n" + changed_code if code else "") + "\n"


def _text_code(code: list[str] | None, t: dict[str, str]) -> str:
    if not code:
        return ""
    heading = f"{t['diff_code']} ({t['diff_code_why']}):"
    return "".join(f"\n{line}" for line in [heading, *(f"  {one_line(n)}" for n in code)])


def to_markdown(
    diff: SiteDiff,
    t: dict[str, str],
    sources: tuple[Source, Source] | None = None,
    code: list[str] | None = None,
    site_url: str | None = None,
) -> str:
    """Markdown, for the pull request's job summary: what was compared (when `sources` says), the
    verdicts that change, then what changed, and last the link to the built site (`site_url`).
    Every value is escaped: facts, revision names and folder names are text."""
    e = escape_markdown
    names = Names(diff, t)
    lines = [*(f"- {line}" for line in source_lines(sources, t, e)), ""] if sources else []
    verdicts = verdict_lines(diff, names)
    if verdicts:
        lines += [f"## {t['diff_verdicts']}", "", *(f"- {e(v)}" for v in verdicts), ""]
    lines += [f"## {t['diff_figures']}", ""]
    if diff.figures:
        header = (t["year"], t["figure"], t["diff_before"], t["diff_after"], t["diff_page"])
        lines += ["| " + " | ".join(header) + " |", "|---|---|--:|--:|---|"]
        for c in diff.figures:
            reason = why(c, names)
            figure = e(names.figure(c)) + (f" ({e(one_line(reason))})" if reason else "")
            lines.append(f"| {c.year} | {figure} | {e(c.before)} | {e(c.after)} | `{c.moved.page}` |")
    else:
        lines.append(t["diff_no_figure"])
    warned = [c for c in diff.figures if c.warned]
    if warned:
        lines += ["", "> [!WARNING]", f"> {t['diff_warning']}"]
        lines += [f"> - {e(names.figure(c))}: {e(c.before)} → {e(c.after)}" for c in warned]
    for title, changes in _fact_groups(diff, t):
        lines += ["", f"## {title}", ""]
        lines += [f"- {e(names.year(c))}: {e(names.fact(c))}" for c in changes]
    if all(c.year is None for c in diff.facts):  # settings alone changed, or nothing
        lines += ["", t["diff_no_fact"]]
    if code:
        said = t["diff_code_why"]
        lines += ["", f"## {t['diff_code']}", "", f"{said[:1].upper()}{said[1:]}.", ""]
        lines += [f"- {e(name)}" for name in code]
    if site_url:
        lines += ["", "---", "", fill(t["diff_site_link"], url=f"<{site_url}>")]
    return "\n".join(lines) + "\n"


def _fact_groups(diff: SiteDiff, t: dict[str, str]) -> list[tuple[str, list[FactChange]]]:
    groups = [
        (t["diff_settings"], [c for c in diff.facts if c.year is None]),
        (t["diff_added"], [c for c in diff.facts if c.year is not None and c.before is None and not c.reordered]),
        (t["diff_removed"], [c for c in diff.facts if c.year is not None and c.after is None and not c.reordered]),
        (
            t["diff_changed"],
            [c for c in diff.facts if c.year is not None and (c.reordered or None not in (c.before, c.after))],
        ),
    ]
    return [(title, changes) for title, changes in groups if changes]
