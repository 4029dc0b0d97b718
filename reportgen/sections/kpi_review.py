"""This year's results against the KPI targets last year set: one row per target, reviewed or not.

Last year's targets are in last year's kpis.yaml. A team starting with this year, whose last year's
report is not in the content, gives them in this year's kpi_review.yaml instead (`targets:`); last
year then stands in for the review only (`standing_in`): its targets, no facts, never a year of the site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.derive.kpis import Verdict, kpi_actuals, kpi_baseline, kpi_verdicts, verdict_label
from reportgen.derive.metrics import Registry, year_metrics
from reportgen.load.language_starters import starter_words
from reportgen.model.facts import KpiReview, KpiReviewFile, KpisFile, KpiTarget, Report
from reportgen.model.markdown_text import link
from reportgen.sections.kind import Section, SectionKind
from reportgen.sections.kpis import kind as kpis_kind
from reportgen.sections.kpis import review_checks
from reportgen.sections.kpis.facts import KEY as KPIS_KEY
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.kpis.review_checks import TARGETS
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target, shared_reason
from reportgen.sections.kpis.working import baseline_anchor, verdict_entry, working_anchor

if TYPE_CHECKING:  # the page formatter, passed in by `new-year` (render comes after sections)
    from reportgen.render.pages import Formatter

KEY = "kpi_review"
EMPTY = KpiReviewFile()


def _file(report: Report) -> KpiReviewFile:
    return report.sections.get(KEY) or EMPTY  # None: the year has no kpi_review.yaml


def reviews(report: Report) -> tuple[KpiReview, ...]:
    return _file(report).reviews


def standing_in(report: Report) -> Report | None:
    """Last year as this year's review knows it when its report is not in the content: only the
    targets it set for this year, as kpi_review.yaml gives them. It has no facts, so each of its
    figures is "no data"; it is never a year of the site (the nav, the trends, the sentences)."""
    inline = _file(report).targets
    if not inline:
        return None
    targets = KpisFile(year=report.year, quantitative=inline)
    # Constructed, not validated: its year may be the 1899 before a first year of 1900.
    return Report.model_construct(year=report.year - 1, title=report.title, sections={KPIS_KEY: targets})


def previous_year(report: Report, by_year: Mapping[int, Report]) -> Report | None:
    """The year whose KPI targets `report` is judged against: last year's report, else the
    stand-in its review carries (validation refuses the two together)."""
    found = by_year.get(report.year - 1)
    return found if found is not None else standing_in(report)


def actuals_for(report: Report, next_report: Report | None, registry: Registry) -> dict[str, float | None]:
    """How the targets `report` set turned out in `next_report`: kpi id -> actual (empty until it reports)."""
    targets = kpis(report)
    if targets is None or next_report is None:
        return {}
    return kpi_actuals(targets, year_metrics(next_report, registry), reviews(next_report))


@dataclass(frozen=True)
class ReviewRow:
    """One target of last year's, with this year's actual and verdict: the page and data.json show these."""

    kpi: KpiTarget
    baseline: float | None
    actual: float | None
    verdict: Verdict
    result: str | None


def review_rows(report: Report, previous: Report | None, registry: Registry) -> list[ReviewRow]:
    """Every target `previous` set for this year, reviewed or not: none goes missing."""
    targets = kpis(previous) if previous is not None else None
    if previous is None or targets is None:
        return []
    by_kpi = {review.kpi: review for review in reversed(reviews(report))}  # the first entry wins
    judged = kpi_verdicts(targets, year_metrics(report, registry), reviews(report))
    baselines = year_metrics(previous, registry)
    rows = []
    for kpi in targets.quantitative:
        review = by_kpi.get(kpi.id)
        actual, verdict = judged[kpi.id]
        result = review.result if review is not None else None
        rows.append(ReviewRow(kpi, kpi_baseline(kpi, baselines), actual, verdict, result))
    return rows


def _page(pages: Any, section: Section) -> dict[str, Any]:
    fmt, t = pages.fmt, pages.fmt.labels
    previous_metrics = year_metrics(pages.previous, fmt.registry)
    # Last year's KPI page, where each baseline's working is (a stand-in year has none: emit/landing.py).
    targets_page = next(
        (f"../{pages.previous.year}/{s.page}" for s in pages.ctx.sections if s.kind is kpis_kind.KIND), None
    )
    rows = []
    for row in review_rows(pages.report, pages.previous, fmt.registry):
        shown = kpis_kind.target_row(fmt, row.kpi, previous_metrics)
        if row.baseline is not None and targets_page is not None:  # to where last year's page explains it
            shown["baseline"] = link(shown["baseline"], f"{targets_page}#{baseline_anchor(row.kpi)}")
        shown["actual"] = kpi_actual_text(fmt, row.kpi, row.actual)
        shown["verdict"] = verdict_label(t, row.verdict)
        shown["result"] = row.result or t["none"]
        shown["working_path"] = "#" + working_anchor(section.key, row.kpi)
        shown["working"] = verdict_entry(pages, section.key, row.kpi, row.actual, pages.working_lines)
        rows.append(shown)
    reasons = {verdict_label(t, "not_measurable"), verdict_label(t, "no_data")}
    return {"rows": rows, "shared": shared_reason([row["verdict"] for row in rows], reasons)}


def review_data(report: Report, previous: Report | None, registry: Registry) -> list[dict[str, Any]]:
    """data.json's `kpi_review`: each row with its verdict."""
    return [
        {
            "kpi": row.kpi.id,
            "baseline": row.baseline,
            "target": row.kpi.target,
            "target_text": row.kpi.target_text,
            "direction": row.kpi.direction,
            "actual": row.actual,
            "verdict": row.verdict,
            "result": row.result,
        }
        for row in review_rows(report, previous, registry)
    ]


def _starter(fmt: Formatter, year: int, latest: Report | None) -> str | None:
    """Last year's targets, carried over as the KPIs this year reports against, their figures as
    the site prints them (66.7%, not 66.66666666666667); nothing to write when the year does not
    follow one with targets."""
    targets = kpis(latest) if latest is not None else None
    if latest is None or latest.year != year - 1 or targets is None or not targets.quantitative:
        return None
    words = starter_words(fmt.language)
    lines_for = {line: words[f"review_{line}"] for line in ("header", "entry", "derived", "actual", "result")}
    lines = [lines_for["header"].format(year=year, previous=latest.year), "reviews:"]
    figures = year_metrics(latest, fmt.registry)
    for kpi in targets.quantitative:
        baseline = kpi_baseline_text(fmt, kpi, kpi_baseline(kpi, figures))
        entry = lines_for["entry"].format(metric=kpi.metric, baseline=baseline, target=kpi_target(fmt, kpi))
        lines.append(f"  - kpi: {kpi.id}  {entry}")
        if kpi.actual_metric:
            lines.append("    " + lines_for["derived"].format(metric_name=kpi.actual_metric))
        else:
            lines.append("    " + lines_for["actual"])
        lines.append("    " + lines_for["result"])
    return "\n".join(lines) + "\n"


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    # null: the year has no kpi_review.yaml, where [] is a review without entries.
    found: KpiReviewFile | None = report.sections.get(KEY)
    if found is None:
        return {"kpi_reviews": None}
    data: dict[str, Any] = {"kpi_reviews": [r.model_dump(mode="json") for r in found.reviews]}
    if found.targets:  # starting with this year: last year's targets, given here
        data["kpi_review_targets"] = [kpi.model_dump(mode="json") for kpi in found.targets]
    return data


def _read(facts: Mapping[str, Any], section: Section) -> KpiReviewFile | None:
    found, targets = facts.get("kpi_reviews"), facts.get("kpi_review_targets")
    if found is None and targets is None:
        return None
    return KpiReviewFile.model_validate({"reviews": found or [], TARGETS: targets or []})


def _facts(report: Report, section: Section) -> dict[str, Any]:
    """For `diff`: the reviews, and the targets a team starting with this year gives beside them."""
    review = _file(report)
    return {TARGETS: review.targets, "reviews": review.reviews}


KIND = SectionKind(
    KEY,
    KpiReviewFile,
    "year/kpi_review.md.j2",
    "kpi_review.yaml",
    store=lambda section, facts: facts,
    page=_page,
    present=lambda r, s: bool(reviews(r)),
    facts=_facts,
    data=_data,
    read=_read,
    order=4,
    unique=(TARGETS,),
    needs_previous_year=True,  # … or the stand-in of its own targets (starting with this year)
    requires=("kpis",),
    entries_are="kpis",
    form_checks=review_checks.inline_checks,
    site_checks=review_checks.site_checks,
    starter_from=_starter,
)
