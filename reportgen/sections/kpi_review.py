"""This year's results against the KPI targets last year set: one row per target, reviewed or not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.derive import units
from reportgen.derive.kpis import Verdict, kpi_actuals, kpi_baseline, kpi_verdict, verdict_label
from reportgen.derive.metrics import Registry, year_metrics
from reportgen.load.loader import Document, load_packaged
from reportgen.load.locations import STARTERS
from reportgen.load.problems import Problem, Severity, suggest
from reportgen.model.facts import KpiReview, KpiReviewFile, KpisFile, KpiTarget, Report
from reportgen.sections.kind import REPORT_FILE, Section, SectionKind, YearFiles, of_kind
from reportgen.sections.kpis import kind as kpis_kind
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target

if TYPE_CHECKING:  # the page formatter, passed in by new-year
    from reportgen.render.pages import Formatter

KEY = "kpi_review"


def reviews(report: Report) -> tuple[KpiReview, ...]:
    return report.sections.get(KEY, ())


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
    actuals = actuals_for(previous, report, registry)
    baselines = year_metrics(previous, registry)
    rows = []
    for kpi in targets.quantitative:
        review = by_kpi.get(kpi.id)
        actual = actuals.get(kpi.id)
        result = review.result if review is not None else None
        rows.append(ReviewRow(kpi, kpi_baseline(kpi, baselines), actual, kpi_verdict(kpi, actual), result))
    return rows


def _page(pages: Any, section: Section) -> dict[str, Any]:
    fmt, t = pages.fmt, pages.fmt.labels
    previous_metrics = year_metrics(pages.previous, fmt.registry)
    rows = []
    for row in review_rows(pages.report, pages.previous, fmt.registry):
        shown = kpis_kind.target_row(fmt, row.kpi, previous_metrics)
        shown["actual"] = kpi_actual_text(fmt, row.kpi, row.actual)
        shown["verdict"] = verdict_label(t, row.verdict)
        shown["result"] = row.result or t["none"]
        rows.append(shown)
    return {"rows": rows}


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


# ---- checks across years: a year's review against the targets its previous year set


def _repeated(review: KpiReviewFile, doc: Document) -> tuple[list[Problem], dict[str, int]]:
    """A KPI reviewed twice would show two verdicts for one target."""
    problems, seen = [], {}
    for index, entry in enumerate(review.reviews):
        if entry.kpi in seen:
            line, col = doc.where(("reviews", seen[entry.kpi], "kpi"))
            problems.append(
                doc.problem(
                    ("reviews", index, "kpi"),
                    f"the KPI '{entry.kpi}' is reviewed twice (also at line {line}, column {col})",
                    "keep one entry per KPI: merge the two into the first and remove this one",
                    code="listed-twice",
                )
            )
        else:
            seen[entry.kpi] = index
    return problems, seen


def _entry_problems(index: int, entry: KpiReview, kpi: KpiTarget, doc: Document) -> list[Problem]:
    problems = []
    if kpi.unit is not None and units.is_count(kpi.unit) and (entry.actual or 0) < 0:
        problems.append(
            doc.problem(
                ("reviews", index, "actual"),
                f"the actual {entry.actual:g} of '{entry.kpi}' is negative, but it counts {kpi.unit}",
                "a count is 0 or more: correct the actual",
                code="negative-count",
            )
        )
    if kpi.actual_metric is None and entry.actual is None and kpi.target is not None:
        problems.append(
            doc.problem(
                ("reviews", index),
                f"the review of '{entry.kpi}' has no actual",
                f"add 'actual:' with the figure this year reached against the target {kpi.target:g}; "
                "until then its verdict is 'no data'",
                severity=Severity.WARNING,
                code="missing-actual",
            )
        )
    return problems


def review_problems(
    review: KpiReviewFile, doc: Document, targets: dict[str, KpiTarget], targets_file: str = "kpis.yaml"
) -> list[Problem]:
    """A review as `new-year` wrote it, with nothing filled in, reports nothing; say so. A KPI reviewed
    twice would show two verdicts for one target; a KPI not reviewed at all silently has none."""
    problems, seen = _repeated(review, doc)
    for kpi_id, index in seen.items():
        kpi = targets.get(kpi_id)
        if kpi is not None:
            problems += _entry_problems(index, review.reviews[index], kpi, doc)
    for kpi_id, kpi in targets.items():
        if kpi_id not in seen:
            problems.append(
                doc.problem(
                    ("reviews",),
                    f"the KPI '{kpi_id}' ({kpi.metric}) set in {targets_file} has no entry in this review",
                    f"add '- kpi: {kpi_id}' under 'reviews:' with 'result:' (and 'actual:' where the figure "
                    "is not derived); until then its verdict is 'no data'",
                    key=True,
                    severity=Severity.WARNING,
                    code="unreviewed-kpi",
                )
            )
    entries = [review.reviews[index] for index in seen.values()]
    filled = any(entry.result is not None or entry.actual is not None for entry in entries)
    if review.reviews and not filled:
        problems.append(
            doc.problem(
                (),
                "this KPI review is not filled in: no entry has an actual or a result",
                "for each KPI, add 'actual:' (where the figure is not derived) and 'result:' (one line on how it went)",
                severity=Severity.WARNING,
                code="review-not-filled",
            )
        )
    return problems


def _missing(number: int, year: YearFiles, previous: YearFiles | None, file: str) -> list[Problem]:
    """Last year set numeric targets for this year, and this year has no review of them at all."""
    kpis_section = of_kind(previous.sections, kpis_kind.KIND) if previous is not None else None
    targets, targets_doc = previous.of(kpis_section) if previous is not None else (None, None)
    report_doc = year.docs.get(REPORT_FILE)
    if targets is None or targets_doc is None or not targets.quantitative or report_doc is None:
        return []
    return [
        report_doc.problem(
            ("year",),
            f"{targets_doc.display} sets {len(targets.quantitative)} KPI target(s) for {number}, "
            f"but content/{number}/{file} is missing",
            f"add {file} with one '- kpi: <id>' entry per target, as `reportgen new-year` writes it",
            severity=Severity.WARNING,
            code="missing-review",
        )
    ]


def _against_targets(review: KpiReviewFile, doc: Document, by_id: dict[str, KpiTarget], where: str) -> list[Problem]:
    """Each entry names a target of last year's, and types no actual that the facts derive."""
    problems = []
    for index, entry in enumerate(review.reviews):
        kpi = by_id.get(entry.kpi)
        if kpi is None:
            hint = suggest(entry.kpi, by_id) or f"use the id of a quantitative target in {where}"
            problems.append(
                doc.problem(
                    ("reviews", index, "kpi"),
                    f"unknown KPI '{entry.kpi}' (targets are in {where})",
                    hint,
                    code="unknown-kpi",
                )
            )
        elif kpi.actual_metric is not None and entry.actual is not None:
            problems.append(
                doc.problem(
                    ("reviews", index, "actual"),
                    f"the actual of '{entry.kpi}' is derived from this year's facts ({kpi.actual_metric})",
                    "remove 'actual'; the site computes it",
                    code="derived-actual",
                )
            )
    return problems


def _site_checks(years: dict[int, YearFiles], section: Section) -> list[Problem]:
    """A year's kpi_review.yaml reports against the targets its previous year set."""
    problems = []
    for number, year in years.items():
        review: KpiReviewFile | None
        review, doc = year.of(section)
        if section.file not in year.docs and section.file not in year.failed:
            problems += _missing(number, year, years.get(number - 1), section.file)
        if review is None or doc is None:
            continue
        previous = years.get(number - 1)
        kpis_section = of_kind(year.sections, kpis_kind.KIND)
        targets: KpisFile | None
        targets, targets_doc = previous.of(kpis_section) if previous else (None, None)
        if previous is not None and kpis_section is not None and kpis_section.file in previous.failed:
            continue  # last year's targets have their own errors
        if targets is None or targets_doc is None:
            problems.append(
                doc.problem(
                    (),
                    f"there are no KPI targets for {number} to review",
                    f"add content/{number - 1}/{kpis_section.file if kpis_section else 'kpis.yaml'} "
                    f"with year: {number}, or remove this file",
                    code="no-targets",
                )
            )
            continue
        by_id = {kpi.id: kpi for kpi in targets.quantitative}
        problems += _against_targets(review, doc, by_id, targets_doc.display)
        problems += review_problems(review, doc, by_id, targets_doc.display)
    return problems


def _starter(language: str, year: int, latest: Report | None, registry: Registry, fmt: Formatter) -> str | None:
    """Last year's targets, carried over as the KPIs this year reports against; nothing to write
    when the year does not follow one with numeric targets. Figures print as the site prints them."""
    targets = kpis(latest) if latest is not None else None
    if latest is None or latest.year != year - 1 or targets is None or not targets.quantitative:
        return None
    lines_for = load_packaged(STARTERS / language / "kpi_review.yaml")
    lines = [lines_for["header"].format(year=year, previous=latest.year), "reviews:"]
    figures = year_metrics(latest, registry)
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
    return {"kpi_reviews": [r.model_dump(mode="json") for r in reviews(report)]}


def _read(facts: Mapping[str, Any], section: Section) -> tuple[KpiReview, ...]:
    return KpiReviewFile.model_validate({"reviews": facts.get("kpi_reviews", [])}).reviews


KIND = SectionKind(
    KEY,
    KpiReviewFile,
    "year/kpi_review.md.j2",
    "kpi_review.yaml",
    store=lambda section, facts: facts.reviews,
    empty=(),
    page=_page,
    present=lambda r, s: bool(reviews(r)),
    facts=lambda r, s: reviews(r),
    data=_data,
    read=_read,
    order=4,
    needs_previous_year=True,
    requires=("kpis",),
    entries_are="kpis",
    site_checks=_site_checks,
    starter_from=_starter,
)
