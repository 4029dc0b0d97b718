"""The year told in words: the team's own summary, and a sentence or two of figures the site writes.

The generated sentences are label-catalog strings whose `{placeholders}` name metrics of the
registry (shown formatted), YearMetrics lists (joined) or `year`. A sentence is left out when a
figure it quotes is missing or comes from a section the site does not have, so a team without
projects never reads "0 projects"; it gets its headline figures in one sentence instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from reportgen.derive.metrics import YearMetrics, disagreements, kpi_verdict
from reportgen.load.catalogs import placeholders
from reportgen.model.facts import KpisFile, KpiTarget, Report, Summary
from reportgen.render.cards import Card
from reportgen.render.pages import Formatter

# The sentences of figures, in reading order (label keys).
SENTENCES = ("summary_projects", "summary_longest")


def inferred_fields(report: Report, reads: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """How many projects a figure reading `reads` takes an inferred value from, and which of those fields."""
    resting = [p for p in report.projects if any(field in p.inferred for field in reads)]
    fields = tuple(f for f in reads if any(f in p.inferred for p in resting))
    return len(resting), fields


def _quoted(key: str, t: Mapping[str, str], fmt: Formatter) -> set[str]:
    return {name for name in placeholders(t[key]) if name in fmt.registry}


def _sentence(key: str, year: int, m: YearMetrics, t: Mapping[str, str], fmt: Formatter, kinds: set[str]) -> str | None:
    values: dict[str, str] = {"year": str(year)}
    for name in placeholders(t[key]) - {"year"}:
        if name in fmt.registry:
            metric = fmt.registry[name]
            value = m.value(name)
            if value is None or (not metric.section and metric.source not in kinds):
                return None
            values[name] = fmt.metric(name, value)
        else:
            listed = getattr(m, name, ())
            if not listed:
                return None
            values[name] = ", ".join(listed)
    return t[key].format(**values)


def figure_sentences(
    year: int,
    m: YearMetrics,
    previous: YearMetrics | None,
    followed: tuple[str, ...],
    headline: tuple[str, ...],
    t: Mapping[str, str],
    fmt: Formatter,
    kinds: set[str],
    report: Report | None = None,
) -> list[str]:
    """One or two sentences of the year's figures, and how they compare with last year's when there is one.

    Given the `report`, a sentence quoting figures that rest on inferred values is followed by one
    saying how many, so "8 with a recorded delivery" never reads as 8 the source confirms."""
    found = []
    for key in SENTENCES:
        sentence = _sentence(key, year, m, t, fmt, kinds)
        if sentence is None:
            continue
        found.append(sentence)
        reads = tuple(dict.fromkeys(f for name in sorted(_quoted(key, t, fmt)) for f in fmt.registry[name].reads))
        count, fields = inferred_fields(report, reads) if report is not None else (0, ())
        if count:
            names = ", ".join(t.get(f"field_{f}", f) for f in fields)
            found.append(t["summary_inferred"].format(count=count, fields=names))
    if not found:
        items = [f"{fmt.metric_label(n)} {fmt.metric(n, m.value(n))}" for n in headline if m.value(n) is not None]
        if items:
            found.append(t["summary_figures"].format(items=", ".join(items)))
    if previous is not None:
        changes = [
            t["summary_change"].format(
                label=fmt.metric_label(name),
                before=fmt.metric(name, previous.value(name)),
                after=fmt.metric(name, m.value(name)),
            )
            for name in followed
            if previous.value(name) is not None
            and m.value(name) is not None
            and fmt.metric(name, previous.value(name)) != fmt.metric(name, m.value(name))
        ]
        if changes:
            found.append(t["summary_compare"].format(previous=year - 1, changes=", ".join(changes)))
    return found


def team_parts(summary: Summary | None, t: Mapping[str, str]) -> list[dict[str, object]]:
    """The team's summary as titled lists, in the order a reader wants them: good, short, next."""
    if summary is None:
        return []
    parts = (("summary_highlights", summary.highlights), ("summary_shortfalls", summary.shortfalls))
    parts += (("summary_focus", summary.focus),)
    return [{"title": t[key], "lines": list(lines)} for key, lines in parts if lines]


def year_summary(
    report: Report,
    m: YearMetrics,
    previous: YearMetrics | None,
    followed: tuple[str, ...],
    headline: tuple[str, ...],
    t: Mapping[str, str],
    fmt: Formatter,
    kinds: set[str],
) -> dict[str, object]:
    return {
        "team": team_parts(report.summary, t),
        "generated": figure_sentences(report.year, m, previous, followed, headline, t, fmt, kinds, report),
    }


def annotate_cards(
    cards: list[Card],
    report: Report,
    m: YearMetrics,
    t: Mapping[str, str],
    fmt: Formatter,
    kpi_path: str | None,
    notes_path: str,
    projects_path: str | None = None,
    review: tuple[KpisFile, str] | None = None,
) -> list[Card]:
    """Each card with the KPI target set for its figure beside it, the source's figure where it differs,
    and how many inferred values it rests on (linking to the page whose notes give the reasons).

    `review` is last year's targets for this year with the page that reviews them: a figure they
    concern shows that target too (its verdict is the review page's business)."""
    targets: dict[str, tuple[KpiTarget, int, str]] = {}
    if review is not None:
        for k in review[0].quantitative:
            if k.actual_metric:
                targets[k.actual_metric] = (k, review[0].year, review[1])
    if report.kpis is not None and kpi_path is not None:
        for k in report.kpis.quantitative:
            if k.actual_metric and k.actual_metric not in targets:
                targets[k.actual_metric] = (k, report.kpis.year, kpi_path)
    stated = {d.figure.metric: d.figure for d in disagreements(report, m) if d.figure.project is None}
    found = []
    for card in cards:
        changes: dict[str, str] = {}
        if card.name in targets:
            kpi, year, path = targets[card.name]
            unit = fmt.registry[card.name].unit if card.name in fmt.registry else kpi.unit
            # A typed target prints as written, never rounded onto or past the figure beside it.
            target = fmt.measure(kpi.target, unit) if kpi.target is not None else (kpi.target_text or t["none"])
            changes["target"] = t["kpi_target_beside"].format(year=year, target=target)
            if year == report.year:  # last year's target for this year's figure: how it turned out
                changes["target"] += f" ({t[f'verdict_{kpi_verdict(kpi, m.value(card.name))}']})"
            changes["target_path"] = path
        figure = stated.get(card.name)
        if figure is not None:
            changes["stated"] = t["stated_note"].format(
                stated=("~" if figure.approx else "") + fmt.metric(card.name, figure.value)
            )
            changes["notes_path"] = notes_path
        resting, _ = inferred_fields(report, fmt.registry[card.name].reads if card.name in fmt.registry else ())
        if resting and projects_path is not None:
            changes["inferred"] = t["card_inferred"].format(count=resting)
            changes["inferred_path"] = projects_path
        found.append(replace(card, **changes))
    return found
