"""The KPI targets section: each quantitative target with its baseline, and the quality goals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportgen.derive.kpis import kpi_baseline, kpi_verdict, verdict_label
from reportgen.derive.metrics import YearMetrics
from reportgen.model.facts import KpisFile, KpiTarget, Report
from reportgen.model.markdown_text import link
from reportgen.sections.kind import Section, SectionKind
from reportgen.sections.kpis import checks
from reportgen.sections.kpis.facts import KEY, kpis, target_year
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target, shared_reason
from reportgen.sections.kpis.working import baseline_anchor, baseline_entry


def target_row(fmt: Any, kpi: KpiTarget, year: YearMetrics) -> dict[str, Any]:
    """A target with its baseline, taken from `year`'s figures (the year that set it), as the pages show it."""
    baseline = kpi_baseline_text(fmt, kpi, kpi_baseline(kpi, year))
    return {"kpi": kpi, "baseline": baseline, "target": kpi_target(fmt, kpi)}


def _outcome(pages: Any, kpi: KpiTarget) -> str:
    """How a target set this year turned out, or why that cannot be said (yet)."""
    t = pages.fmt.labels
    if kpi.target is None:
        return verdict_label(t, "not_measurable")
    if not pages.kpi_actuals:  # next year's report is not there yet
        return t["verdict_pending"].format(year=target_year(pages.report))
    actual = pages.kpi_actuals.get(kpi.id)
    verdict = verdict_label(t, kpi_verdict(kpi, actual))
    return verdict if actual is None else f"{verdict} ({kpi_actual_text(pages.fmt, kpi, actual)})"


def _page(pages: Any, section: Section) -> dict[str, Any]:
    targets = kpis(pages.report)
    rows = [target_row(pages.fmt, k, pages.m) for k in targets.quantitative] if targets else []
    for row in rows:
        row["verdict"] = _outcome(pages, row["kpi"])
        row["working"] = ""  # no baseline: nothing to explain
        if kpi_baseline(row["kpi"], pages.m) is not None:  # it links to where it comes from, under the table
            row["working"] = baseline_entry(pages, row["kpi"], row["baseline"], pages.working_lines)
            row["baseline"] = link(row["baseline"], "#" + baseline_anchor(row["kpi"]))
    t = pages.fmt.labels
    reasons = {verdict_label(t, "not_measurable"), verdict_label(t, "no_data")}
    reasons.add(t["verdict_pending"].format(year=target_year(pages.report)))
    shared = shared_reason([row["verdict"] for row in rows], reasons)
    return {"kpis": targets, "chart": pages.section_charts.get(section.key), "rows": rows, "shared": shared}


def _present(report: Report, section: Section) -> bool:
    targets = kpis(report)
    return targets is not None and bool(targets.quantitative or targets.quality)  # a new year's empty file: no page


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    targets = kpis(report)
    return {KEY: targets.model_dump(mode="json") if targets is not None else None}


def _read(facts: Mapping[str, Any], section: Section) -> KpisFile | None:
    found = facts.get(KEY)
    return KpisFile.model_validate(found) if found is not None else None


KIND = SectionKind(
    KEY,
    KpisFile,
    "year/kpis.md.j2",
    "kpis.yaml",
    store=lambda section, facts: facts,
    page=_page,
    present=_present,
    facts=lambda r, s: kpis(r),
    data=_data,
    read=_read,
    order=3,
    unique=("quantitative",),
    form_checks=checks.form_checks,
    meaning_checks=checks.meaning_checks,
    title_year=target_year,
    entry_names=lambda report: {k.id: k.metric for k in (kpis(report).quantitative if kpis(report) else ())},
    # Each target, so its typed baseline's line is known (sections/places.py); its row has no anchor.
    entries=lambda report, section: [(k.id, False) for k in (kpis(report).quantitative if kpis(report) else ())],
)
