"""A year's derived figures as a reader sees them on the site, and which of them moved between two sides.

Each figure carries what names it: a metric's title, or a KPI's title with the year that set it
and the year it is judged in (ids repeat across years, titles do not travel with them), and the
site page that shows it. A figure no page shows is not listed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from reportgen.derive.kpis import kpi_baseline, verdict_label
from reportgen.derive.metrics import YearMetrics, year_metrics
from reportgen.derive.numbers import MAX_PLACES, decimal_places, same
from reportgen.derive.working import Working
from reportgen.model.facts import KpiTarget, Report
from reportgen.render.pages import Formatter
from reportgen.sections import kpi_review
from reportgen.sections.kind import Section
from reportgen.sections.kpis.facts import KEY as KPIS_KEY
from reportgen.sections.kpis.facts import kpis, target_year
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target

# ("metric", name) or ("kpi", year that set it, kpi id, "baseline" | "target" | "actual" | "verdict")
Key = tuple[str | int, ...]


class Side(Protocol):
    """One side of a diff as figures reads it: its formatter (language, labels, registry) and sections."""

    @property
    def fmt(self) -> Formatter: ...
    @property
    def sections(self) -> tuple[Section, ...]: ...


@dataclass(frozen=True)
class KpiRow:
    """What names a KPI figure: its declaration's title, the year that set it and the year it is judged in."""

    title: str
    set_in: int
    judged: int
    part: str  # baseline | target | actual | verdict
    baseline_from: str | None = None  # a derived baseline: the figure it is taken from


@dataclass(frozen=True)
class _Figure:
    """A figure as a reader sees it, with the value behind it: figures are compared by value, so
    that a change rounding hides is still listed (and then shown with the places that tell it)."""

    text: str
    value: float | str | None = None
    unit: str | None = None  # for showing a number with more places
    places: int = 0  # the places `text` shows a number with at most
    name: str = ""  # a metric's title on the site
    kpi: KpiRow | None = None
    page: str = ""  # the site path of the page that shows it
    # A verdict's target and actual, for the list of verdicts that changed.
    target: str = ""
    actual: str = ""
    counted: frozenset[str] | None = None  # a metric: the entries its working counted (derive/working.py)
    counted_in: str = ""  # the title of the section they are entries of

    def reads_as(self, other: _Figure) -> bool:
        """The same figure: the same text and value, numbers equal by the rule the KPI verdicts use
        (numbers.same), so that floating-point noise (0.1 + 0.2 and 0.3) is no change."""
        if self.text != other.text:
            return False
        a, b = self.value, other.value
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return same(a, b)
        return a == b


@dataclass(frozen=True)
class Moved:
    """A figure whose value moved, as each side reads it, named by the head's side where it has it."""

    key: Key
    before: str
    after: str
    name: str = ""  # a metric's title ("" for a KPI figure, named by `kpi`)
    kpi: KpiRow | None = None
    page: str = ""
    # A baseline: "edited" (typed in the file, or its source changed), "derived" (its facts moved it), or "".
    baseline: str = ""
    in_use: bool = False  # a baseline whose judged year already has facts: its verdicts rest on it
    target: str = ""  # a verdict: the target, and the actual on each side
    actuals: tuple[str, str] = ("", "")
    # A metric that moved and counted other entries: what each side counted, and the section's title.
    counted: tuple[frozenset[str], frozenset[str]] | None = None
    counted_in: str = ""
    counts_them: bool = False  # the figure is the count of those entries: its values say how many


def site_path(year: int, page: str) -> str:
    """A page as the built site serves it: 2024/incidents/ for incidents.md, 2024/achievements/ for its index."""
    stem = page.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{year}/{stem}/" if stem else f"{year}/"


def moved(
    year: int, before: Mapping[int, Report], after: Mapping[int, Report], old: Side, new: Side
) -> Iterator[Moved]:
    """The figures of `year` that moved from `before`'s reports (by year) to `after`'s, each side
    computed with its own registry; a figure only one side has moves from or to "none"."""
    old_figures = _figures(before[year], kpi_review.previous_year(before[year], before), old) if year in before else {}
    new_figures = _figures(after[year], kpi_review.previous_year(after[year], after), new) if year in after else {}
    none = _Figure(new.fmt.labels["none"])
    for key in dict.fromkeys([*old_figures, *new_figures]):
        was, now = old_figures.get(key, none), new_figures.get(key, none)
        if was.reads_as(now):
            continue
        named = now if key in new_figures else was
        before_text, after_text = _texts(was, now, old.fmt, new.fmt)
        baseline, verdict = key[-1] == "baseline", key[-1] == "verdict"
        yield Moved(
            key,
            before_text,
            after_text,
            name=named.name,
            kpi=named.kpi,
            page=named.page,
            baseline=_baseline_change(was, now) if baseline else "",
            # In use: the year it is judged in has facts, so that year's verdict rests on it.
            in_use=baseline and named.kpi is not None and named.kpi.judged in after,
            target=named.target,
            actuals=(was.actual or was.text, now.actual or now.text) if verdict else ("", ""),
            counted=_recounted(was, now),
            counts_them=all(f.counted is not None and f.value == len(f.counted) for f in (was, now)),
            counted_in=named.counted_in,
        )


def _baseline_change(was: _Figure, now: _Figure) -> str:
    """Derived on both sides from the same figure: the facts moved it. Anything else is an edit of the file."""
    source = was.kpi.baseline_from if was.kpi is not None else None
    derived = source is not None and now.kpi is not None and now.kpi.baseline_from == source
    return "derived" if derived else "edited"


def _figures(report: Report, previous: Report | None, side: Side) -> dict[Key, _Figure]:
    """The figures a year's pages show, by key, computed with that side's own metric registry."""
    fmt = side.fmt
    m = year_metrics(report, fmt.registry)
    shown: dict[Key, _Figure] = {}
    pages = {s.key: site_path(report.year, s.page) for s in side.sections if s.kind.present(report, s)}
    sections = {s.key for s in side.sections}
    for name in fmt.registry.year_names():
        found = fmt.registry[name]
        if found.rests_on not in sections:  # a figure of a section the site does not have: on no page
            continue
        # A figure whose section's file went away (or came) reads "no data", not 0, on the year's
        # own page (its cards) where the section has no page that year.
        page = pages.get(found.rests_on, site_path(report.year, "index.md"))
        title = fmt.metric_label(name)
        figure = _Figure(fmt.figure(name, m), m.value(name), found.unit, found.precision or 0, title, page=page)
        shown[("metric", name)] = _with_counted(figure, found.working(report, fmt.labels, fmt.language), report, side)
    targets = kpis(report)
    if targets is not None and KPIS_KEY in pages:
        shown.update(_targets(report, targets.quantitative, fmt, m, pages[KPIS_KEY]))
    shown.update(_judged(report, previous, side, pages))
    return shown


def _targets(
    report: Report, targets: tuple[KpiTarget, ...], fmt: Formatter, m: YearMetrics, page: str
) -> dict[Key, _Figure]:
    """The baselines and targets a year sets for the next, named by their own declaration (the KPI page)."""
    judged = target_year(report)
    shown: dict[Key, _Figure] = {}
    for kpi in targets:
        baseline = kpi_baseline(kpi, m)
        figure = _kpi_figure(fmt, kpi, baseline, kpi_baseline_text(fmt, kpi, baseline), kpi.baseline_from)
        row = KpiRow(kpi.metric, report.year, judged, "baseline", kpi.baseline_from)
        shown[("kpi", report.year, kpi.id, "baseline")] = replace(figure, kpi=row, page=page)
        value = kpi.target if kpi.target is not None else kpi.target_text
        figure = _kpi_figure(fmt, kpi, value, kpi_target(fmt, kpi))
        row = KpiRow(kpi.metric, report.year, judged, "target")
        shown[("kpi", report.year, kpi.id, "target")] = replace(figure, kpi=row, page=page)
    return shown


def _judged(report: Report, previous: Report | None, side: Side, pages: Mapping[str, str]) -> dict[Key, _Figure]:
    """How last year's targets turned out this year: the review page's rows (or, without one, the
    outcome column of last year's KPI page), from the rows the site and data.json are made of."""
    fmt = side.fmt
    page = pages.get(kpi_review.KEY)
    # A stand-in (a team starting with this year) is no year of the site: it has no page.
    if page is None and previous is not None and kpi_review.standing_in(report) is None:
        kpis_section = next((s for s in side.sections if s.key == KPIS_KEY), None)
        if kpis_section is not None and kpis_section.kind.present(previous, kpis_section):
            page = site_path(previous.year, kpis_section.page)
    if page is None:
        return {}
    shown: dict[Key, _Figure] = {}
    for row in kpi_review.review_rows(report, previous, fmt.registry):
        kpi, set_in = row.kpi, report.year - 1
        actual_text = kpi_actual_text(fmt, kpi, row.actual)
        figure = _kpi_figure(fmt, kpi, row.actual, actual_text, kpi.actual_metric)
        name = KpiRow(kpi.metric, set_in, report.year, "actual")
        shown[("kpi", set_in, kpi.id, "actual")] = replace(figure, kpi=name, page=page)
        shown[("kpi", set_in, kpi.id, "verdict")] = _Figure(
            verdict_label(fmt.labels, row.verdict),
            row.verdict,
            kpi=KpiRow(kpi.metric, set_in, report.year, "verdict"),
            page=page,
            target=kpi_target(fmt, kpi),
            actual=actual_text,
        )
    return shown


def _kpi_figure(
    fmt: Formatter, kpi: KpiTarget, value: float | str | None, text: str, derived_from: str | None = None
) -> _Figure:
    """A KPI's baseline, target or actual: at its metric's precision where derived, else as written."""
    found = fmt.registry.get(derived_from) if derived_from is not None else None
    if found is not None:
        return _Figure(text, value, kpi.unit, found.precision or 0)
    return _Figure(text, value, kpi.unit, decimal_places(value) if isinstance(value, (int, float)) else 0)


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


def _with_counted(figure: _Figure, working: Working | None, report: Report, side: Side) -> _Figure:
    """A metric's figure with the entries its working counted, so that a figure that moved says how its
    count of entries moved too ("counted in Incidents: 5 → 6 (+inc-106)")."""
    if working is None:
        return figure
    section = next((s for s in side.sections if s.key == working.section), None)
    title = section.title(side.fmt.labels, side.fmt.language, report) if section is not None else working.section
    return replace(figure, counted=frozenset(working.counted), counted_in=title)


def _recounted(was: _Figure, now: _Figure) -> tuple[frozenset[str], frozenset[str]] | None:
    """What each side counted, where both count entries and not the same ones. Only a figure that moved
    says so: a record renamed, or one swapped for another, is a change of facts, listed there."""
    if was.counted is None or now.counted is None or was.counted == now.counted:
        return None
    return was.counted, now.counted
