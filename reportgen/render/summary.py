"""The year told in words: the team's own summary, and a sentence or two of figures the site writes.

The generated sentences are label-catalog strings whose `{placeholders}` name metrics of the
registry (shown formatted), the year's extra figures (lists, joined) or `year`. A sentence is left
out when a figure it quotes is missing or comes from a section the site does not have, so a team
without projects never reads "0 projects"; it gets its headline figures in one sentence instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from reportgen.derive.kpis import kpi_verdict, verdict_label
from reportgen.derive.metrics import YearMetrics, disagreements, year_metrics
from reportgen.load.catalogs import placeholders
from reportgen.model.facts import KpiTarget, Report, Summary
from reportgen.render.cards import Card
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter
from reportgen.render.working_note import figure_note
from reportgen.sections import projects
from reportgen.sections.kpis.facts import kpis, target_year

# The sentences of figures, in reading order (label keys).
SENTENCES = ("summary_projects", "summary_longest")


def inferred_fields(report: Report, reads: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """How many projects a figure reading `reads` takes an inferred value from, and which of those fields."""
    resting = [p for p in projects.projects(report) if any(name in p.inferred for name in reads)]
    fields = tuple(f for f in reads if any(f in p.inferred for p in resting))
    return len(resting), fields


def _quoted(key: str, fmt: Formatter) -> set[str]:
    return {name for name in placeholders(fmt.labels[key]) if name in fmt.registry}


def _sentence(key: str, year: int, m: YearMetrics, fmt: Formatter, kinds: set[str]) -> str | None:
    values: dict[str, str] = {"year": str(year)}
    for name in placeholders(fmt.labels[key]) - {"year"}:
        if name in fmt.registry:
            metric = fmt.registry[name]
            value = m.value(name)
            if value is None or (not metric.section and metric.source not in kinds):
                return None
            values[name] = fmt.metric(name, value)
        else:
            listed = m.extras.get(name, ())
            if not listed:
                return None
            values[name] = fmt.names(listed)
    return fmt.labels[key].format(**values)


def _changes(ctx: YearContext, previous: YearMetrics) -> str | None:
    """How the figures followed across years moved since last year, or None when none did."""
    fmt, m = ctx.fmt, ctx.metrics
    # Last year as figures over several years count it: a project continuing into this year counts here.
    before = previous.over_years
    changes = [
        fmt.labels["summary_change"].format(
            label=fmt.metric_label(name),
            before=fmt.metric(name, before(name)),
            after=fmt.metric(name, m.value(name)),
        )
        for name in ctx.followed
        if before(name) is not None
        and m.value(name) is not None
        and fmt.metric(name, before(name)) != fmt.metric(name, m.value(name))
    ]
    if not changes:
        return None
    listed = fmt.labels["list_separator"].join(changes)
    return fmt.labels["summary_compare"].format(previous=ctx.report.year - 1, changes=listed)


def figure_sentences(ctx: YearContext, previous: YearMetrics | None) -> list[str]:
    """One or two sentences of the year's figures, and how they compare with last year's when there is one.

    A sentence quoting figures that rest on inferred values is followed by one saying how many, so
    "8 with a recorded delivery" never reads as 8 the source confirms."""
    fmt, m, t = ctx.fmt, ctx.metrics, ctx.fmt.labels
    kinds = {s.kind.name for s in ctx.sections}
    found = []
    for key in SENTENCES:
        if key == "summary_longest" and len(projects.projects(ctx.report)) == 1:
            continue  # one project is the longest of one: the overview shows it instead
        sentence = _sentence(key, ctx.report.year, m, fmt, kinds)
        if sentence is None:
            continue
        found.append(sentence)
        reads = tuple(dict.fromkeys(f for name in sorted(_quoted(key, fmt)) for f in fmt.registry[name].reads))
        count, fields = inferred_fields(ctx.report, reads)
        if count:
            names = fmt.names([t.get(f"field_{f}", f) for f in fields])
            found.append(t["summary_inferred"].format(count=count, fields=names))
    if not found:
        items = [f"{fmt.metric_label(n)} {fmt.metric(n, m.value(n))}" for n in ctx.headline if m.value(n) is not None]
        if items:
            found.append(t["summary_figures"].format(items=t["list_separator"].join(items)))
    compared = _changes(ctx, previous) if previous is not None else None
    return [*found, compared] if compared else found


def team_parts(summary: Summary | None, t: Mapping[str, str]) -> list[dict[str, object]]:
    """The team's summary as titled lists, in the order a reader wants them: good, short, next."""
    if summary is None:
        return []
    parts = (("summary_highlights", summary.highlights), ("summary_shortfalls", summary.shortfalls))
    parts += (("summary_focus", summary.focus),)
    return [{"title": t[key], "lines": list(lines)} for key, lines in parts if lines]


def year_summary(ctx: YearContext, previous: YearMetrics | None) -> dict[str, object]:
    return {"team": team_parts(ctx.report.summary, ctx.t), "generated": figure_sentences(ctx, previous)}


@dataclass(frozen=True)
class CardLinks:
    """Where a card's marks lead, as links from the page that shows it."""

    targets: str | None  # the page of this year's KPI targets
    review: str | None  # the page that reviews last year's targets
    notes: str  # the team's notes on stated figures that differ
    sources: Mapping[str, str] = field(default_factory=dict)  # a kind of section -> its page (inferred values)
    pages: Mapping[str, str] = field(default_factory=dict)  # a section's key -> its page (the figures' notes)


def _targets(ctx: YearContext, links: CardLinks) -> dict[str, tuple[KpiTarget, int, str]]:
    """The KPI target set on each figure, with the year it is for and the page that explains it:
    last year's targets for this year (reviewed there) first, then this year's for the next."""
    found: dict[str, tuple[KpiTarget, int, str]] = {}
    previous = kpis(ctx.previous) if ctx.previous is not None else None
    if previous is not None and links.review is not None:
        for k in previous.quantitative:
            if k.actual_metric:
                found[k.actual_metric] = (k, previous.year, links.review)
    own = kpis(ctx.report)
    if own is not None and links.targets is not None:
        for k in own.quantitative:
            if k.actual_metric and k.actual_metric not in found:
                found[k.actual_metric] = (k, target_year(ctx.report), links.targets)
    return found


def _target_note(card: Card, target: tuple[KpiTarget, int, str], ctx: YearContext) -> dict[str, str]:
    fmt, t = ctx.fmt, ctx.t
    kpi, year, path = target
    unit = fmt.registry[card.name].unit if card.name in fmt.registry else kpi.unit
    if kpi.target is None:  # the team's words, marked once as no number: not "target: target needs improving"
        words = t["kpi_target_words"].format(year=year, words=kpi.target_text or t["none"])
        return {"target": words, "target_path": path}
    # A typed target prints as written, never rounded onto or past the figure beside it.
    text = t["kpi_target_beside"].format(year=year, target=fmt.measure(kpi.target, unit))
    if year == ctx.report.year:  # last year's target for this year's figure: how it turned out
        text += f" ({verdict_label(t, kpi_verdict(kpi, ctx.metrics.value(card.name)))})"
    return {"target": text, "target_path": path}


def annotate_cards(cards: list[Card], ctx: YearContext, links: CardLinks) -> list[Card]:
    """Each card with the KPI target set for its figure beside it, the source's figure where it differs,
    and how many inferred values it rests on (linking to the page whose notes give the reasons)."""
    fmt, t, report = ctx.fmt, ctx.t, ctx.report
    targets = _targets(ctx, links)
    last = year_metrics(ctx.last_year, fmt.registry) if ctx.last_year is not None else None
    stated = {
        d.figure.metric: d.figure for d in disagreements(report, ctx.metrics, fmt.registry) if d.figure.project is None
    }
    found = []
    for card in cards:
        changes: dict[str, str] = _target_note(card, targets[card.name], ctx) if card.name in targets else {}
        if last is not None and ctx.last_year is not None and card.name in fmt.registry:
            # As figures over several years count it: a project continuing into this year counts here.
            before = fmt.figure(card.name, last, across=True)
            changes["compare"] = t["card_last_year"].format(year=ctx.last_year.year, value=before)
        figure = stated.get(card.name)
        if figure is not None:
            changes["stated"] = t["stated_note"].format(
                stated=("~" if figure.approx else "") + fmt.metric(card.name, figure.value)
            )
            changes["notes_path"] = links.notes
        metric = fmt.registry.get(card.name)
        resting, _ = inferred_fields(report, metric.reads if metric is not None else ())
        where = links.sources.get(metric.source) if metric is not None else None
        if resting and where is not None:
            changes["inferred"] = t["card_inferred"].format(count=resting)
            changes["inferred_path"] = where
        changes["working"] = figure_note(card.name, report, fmt, ctx.sections, links.pages, figure)
        found.append(replace(card, **changes))
    return found
