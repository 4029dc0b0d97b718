"""The year told in words: the team's own summary, and a sentence or two of figures the site writes.

The generated sentences are label-catalog strings whose `{placeholders}` name metrics of the
registry (shown formatted), the year's extra figures (lists, joined) or `year`. A sentence is left
out when a figure it quotes is missing or comes from a section the site does not have, so a team
without projects never reads "0 projects"; it gets its headline figures in one sentence instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from reportgen.derive.kpis import kpi_verdict, verdict_label
from reportgen.derive.metrics import YearMetrics, disagreements, year_metrics
from reportgen.load.catalogs import Plural, placeholders
from reportgen.model.facts import KpiTarget, Report, Summary
from reportgen.model.markdown_text import Markdown, escape_markdown, link, separator
from reportgen.render.cards import Card
from reportgen.render.context import YearContext
from reportgen.render.last_year import LastYear
from reportgen.render.pages import Formatter
from reportgen.render.provenance import notes_anchor
from reportgen.render.working_note import figure_anchor, figure_lines, figure_note
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


# How a sentence shows a figure it quotes: (metric name, its formatted value) -> its Markdown there.
Quote = Callable[[str, str], Markdown]


def _as_is(name: str, value: str) -> Markdown:
    return escape_markdown(value)


def _words(sentence: str, plain: Mapping[str, str] | None = None, /, **values: str) -> Markdown:
    """A catalog sentence as Markdown: its words and its plain values (a team's project names) are
    escaped text; the values the code made Markdown (a figure's link to its note) are kept. A plural
    sentence takes its form from the number itself (`plain`: the values before any became a link)."""
    if isinstance(sentence, Plural):
        sentence = sentence.form({**values, **(plain or {})}.get(sentence.by))
    stand_ins = {key: f"reportgenvalue{chr(97 + index)}" for index, key in enumerate(values)}  # letters only
    text = escape_markdown(sentence.format(**stand_ins))
    for key, stand_in in stand_ins.items():
        value = values[key]
        text = text.replace(stand_in, value if isinstance(value, Markdown) else escape_markdown(value), 1)
    return Markdown(text)


def _joined(items: list[Markdown], between: str) -> Markdown:
    """Markdown items joined by a catalog's separator, escaped but with the spaces around it kept."""
    return Markdown(separator(between).join(items))


def _sentence(key: str, year: int, m: YearMetrics, fmt: Formatter, kinds: set[str], quote: Quote) -> Markdown | None:
    values: dict[str, str] = {"year": str(year)}
    plain: dict[str, str] = {}  # each figure as text, which a plural sentence picks its form by
    label = fmt.labels[key]
    # In the order the sentence quotes them (a set has none), so the notes after it follow that order.
    for name in sorted(placeholders(label) - {"year"}, key=lambda n: label.find("{" + n)):
        if name in fmt.registry:
            metric = fmt.registry[name]
            value = m.value(name)
            if value is None or (not metric.section and metric.source not in kinds):
                return None
            plain[name] = fmt.metric(name, value)
            values[name] = quote(name, plain[name])
        else:
            listed = m.extras.get(name, ())
            if not listed:
                return None
            values[name] = fmt.names(listed)
    return _words(fmt.labels[key], plain, **values)


def _changes(ctx: YearContext, previous: YearMetrics, quote: Quote, quote_before: Quote) -> Markdown | None:
    """How the figures followed across years moved since last year, or None when none did. `quote`
    shows this year's figure, `quote_before` last year's (as a link to its note, on the web)."""
    fmt, m = ctx.fmt, ctx.metrics
    # Last year as figures over several years count it: a project continuing into this year counts here.
    before = previous.over_years
    changes = [
        _words(
            fmt.labels["summary_change"],
            label=fmt.metric_label(name),
            before=quote_before(name, fmt.metric(name, before(name))),
            after=quote(name, fmt.metric(name, m.value(name))),
        )
        for name in ctx.followed
        if before(name) is not None
        and m.value(name) is not None
        and fmt.metric(name, before(name)) != fmt.metric(name, m.value(name))
    ]
    if not changes:
        return None
    listed = _joined(changes, fmt.labels["list_separator"])
    return _words(fmt.labels["summary_compare"], previous=str(ctx.report.year - 1), changes=listed)


def figure_sentences(
    ctx: YearContext,
    previous: YearMetrics | None,
    quote: Quote = _as_is,
    quote_before: Quote = _as_is,
    inferred: str | None = None,
) -> list[Markdown]:
    """One or two sentences of the year's figures, and how they compare with last year's when there is one.

    A sentence quoting figures that rest on inferred values is followed by one saying how many, so
    "8 with a recorded delivery" never reads as 8 the source confirms. `quote` shows each figure of
    the year a sentence quotes (as a link to its note, on the web), `quote_before` last year's;
    `inferred`: where the notes on inferred values are, which that count links to."""
    fmt, m, t = ctx.fmt, ctx.metrics, ctx.fmt.labels
    kinds = {s.kind.name for s in ctx.sections}
    found = []
    for key in SENTENCES:
        if key == "summary_longest" and len(projects.projects(ctx.report)) == 1:
            continue  # one project is the longest of one: the overview shows it instead
        sentence = _sentence(key, ctx.report.year, m, fmt, kinds, quote)
        if sentence is None:
            continue
        found.append(sentence)
        reads = tuple(dict.fromkeys(f for name in sorted(_quoted(key, fmt)) for f in fmt.registry[name].reads))
        count, fields = inferred_fields(ctx.report, reads)
        if count:
            names = fmt.names([t.get(f"field_{f}", f) for f in fields])
            shown = Markdown(f"[{count}]({inferred})") if inferred else str(count)
            found.append(_words(t["summary_inferred"], {"count": str(count)}, count=shown, fields=names))
    if not found:
        items = [
            Markdown(f"{escape_markdown(fmt.metric_label(n))} {quote(n, fmt.metric(n, m.value(n)))}")
            for n in ctx.headline
            if m.value(n) is not None
        ]
        if items:
            found.append(_words(t["summary_figures"], items=_joined(items, t["list_separator"])))
    compared = _changes(ctx, previous, quote, quote_before) if previous is not None else None
    return [*found, compared] if compared else found


def team_parts(summary: Summary | None, t: Mapping[str, str]) -> list[dict[str, object]]:
    """The team's summary as titled lists, in the order a reader wants them: good, short, next."""
    if summary is None:
        return []
    parts = (("summary_highlights", summary.highlights), ("summary_shortfalls", summary.shortfalls))
    parts += (("summary_focus", summary.focus),)
    return [{"title": t[key], "lines": list(lines)} for key, lines in parts if lines]


def year_summary(
    ctx: YearContext, previous: YearMetrics | None, cards: list[Card], links: CardLinks, last: LastYear | None = None
) -> dict[str, object]:
    """The year in words. On the web each figure a sentence quotes links to its note: its card's, else
    one of the notes under the sentences (`notes`); on paper (`printed`) the appendix explains them."""
    on_cards = {card.name for card in cards if card.working}
    quoted: list[str] = []

    def linked(name: str, value: str) -> Markdown:
        if name not in on_cards and not figure_lines(name, ctx.report, ctx.fmt, ctx.sections, links.pages):
            return escape_markdown(value)  # no entries behind the figure: no note to link to
        quoted.append(name)
        return Markdown(f"[{escape_markdown(value)}](#{figure_anchor(name)})")

    last = last or LastYear(ctx, previous, links.last_year)
    inferred = links.sources.get(projects.KIND.name)
    inferred = f"{inferred}#{notes_anchor(projects.KIND.name)}" if inferred else None
    generated = figure_sentences(ctx, previous, linked, last.linked, inferred)
    notes = [
        figure_note(name, ctx.report, ctx.fmt, ctx.sections, links.pages, title=_note_title(name, ctx.fmt))
        for name in dict.fromkeys(quoted)
        if name not in on_cards
    ]
    notes += last.notes
    return {
        "team": team_parts(ctx.report.summary, ctx.t),
        "generated": generated,
        "sentences": Markdown(" ".join(generated) + "".join(notes)),
        "printed": Markdown(" ".join(figure_sentences(ctx, previous))),
    }


def _note_title(name: str, fmt: Formatter) -> str:
    return fmt.labels["working_title_of"].format(figure=fmt.metric_label(name))


@dataclass(frozen=True)
class CardLinks:
    """Where a card's marks lead, as links from the page that shows it."""

    targets: str | None  # the page of this year's KPI targets
    review: str | None  # the page that reviews last year's targets
    notes: str  # the team's notes on stated figures that differ
    sources: Mapping[str, str] = field(default_factory=dict)  # a kind of section -> its page (inferred values)
    pages: Mapping[str, str] = field(default_factory=dict)  # a section's key -> its page (the figures' notes)
    last_year: str = ""  # last year's folder (its overview holds its figures' notes), "" without one


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


def annotate_cards(
    cards: list[Card], ctx: YearContext, links: CardLinks, last_year: LastYear | None = None
) -> list[Card]:
    """Each card with the KPI target set for its figure beside it, last year's figure (linked to its
    note by `last_year`), the source's figure where it differs, and how many inferred values it rests
    on (linking to the page whose notes give the reasons)."""
    fmt, t, report = ctx.fmt, ctx.t, ctx.report
    targets = _targets(ctx, links)
    linked = last_year.linked if last_year is not None else _as_is
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
            shown = linked(card.name, before)  # a link to last year's note, on the web
            changes["compare"] = _words(t["card_last_year"], year=str(ctx.last_year.year), value=shown)
        figure = stated.get(card.name)
        marks: list[Markdown] = []  # the card's marks, which its note links to rather than repeats
        if figure is not None:
            changes["stated"] = t["stated_note"].format(
                stated=("~" if figure.approx else "") + fmt.metric(card.name, figure.value)
            )
            changes["notes_path"] = links.notes
            marks.append(link(changes["stated"], links.notes))
        metric = fmt.registry.get(card.name)
        resting, _ = inferred_fields(report, metric.reads if metric is not None else ())
        where = links.sources.get(metric.source) if metric is not None else None
        if resting and where is not None and metric is not None:
            changes["inferred"] = t["card_inferred"].format(count=resting)
            # To the notes that give the reasons, under the table of the page (render/provenance.py).
            changes["inferred_path"] = f"{where}#{notes_anchor(metric.source)}"
            marks.append(link(changes["inferred"], changes["inferred_path"]))
        changes["working"] = figure_note(card.name, report, fmt, ctx.sections, links.pages, figure, marks=tuple(marks))
        found.append(replace(card, **changes))
    return found
