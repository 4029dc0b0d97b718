"""This year's results against the KPI targets last year set: one row per target, reviewed or not.

Last year's targets are in last year's kpis.yaml. A team starting with this year, whose last year's
report is not in the content, gives them in this year's kpi_review.yaml instead (`targets:`); last
year then stands in for the review only (`standing_in`): its targets, no facts, never a year of the site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportgen.derive import units
from reportgen.derive.kpis import Verdict, kpi_actuals, kpi_baseline, kpi_verdict, verdict_label
from reportgen.derive.metrics import Registry, YearMetrics, year_metrics
from reportgen.load.catalogs import labels
from reportgen.load.loader import Document, load_packaged
from reportgen.load.locations import STARTERS
from reportgen.load.problems import Problem, Severity, suggest
from reportgen.model.facts import KpiReview, KpiReviewFile, KpisFile, KpiTarget, Report
from reportgen.sections.kind import REPORT_FILE, Section, SectionKind, YearCheck, YearFiles, of_kind
from reportgen.sections.kpis import checks as kpis_checks
from reportgen.sections.kpis import kind as kpis_kind
from reportgen.sections.kpis.facts import KEY as KPIS_KEY
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target

KEY = "kpi_review"
TARGETS = "targets"  # the key of last year's targets in kpi_review.yaml (starting with this year)
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
    """Last year set numeric targets for this year, and this year has no review of them at all.
    Targets of text only are not judged, so there is nothing a missing review leaves without a verdict."""
    kpis_section = of_kind(previous.sections, kpis_kind.KIND) if previous is not None else None
    targets, targets_doc = previous.of(kpis_section) if previous is not None else (None, None)
    report_doc = year.docs.get(REPORT_FILE)
    if targets is None or targets_doc is None or report_doc is None:
        return []
    numeric = [kpi for kpi in targets.quantitative if kpi.target is not None]
    if not numeric:
        return []
    return [
        report_doc.problem(
            ("year",),
            f"{targets_doc.display} sets {len(numeric)} numeric KPI target(s) for {number}, "
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


def _targets_twice(number: int, doc: Document, previous: YearFiles, targets_file: str) -> Problem:
    """Last year's report is in the content: its kpis.yaml is the one place of its targets."""
    has_file = targets_file in previous.docs or targets_file in previous.failed
    where = f"content/{number - 1}/{targets_file}"
    return doc.problem(
        (TARGETS,),
        f"last year's targets are given here, but {number - 1}'s report is in the content"
        + (f" and sets them in {where}" if has_file else ""),
        f"remove '{TARGETS}:' here"
        + ("" if has_file else f" and move them to {where} (with year: {number})")
        + f"; '{TARGETS}:' is for a team starting with {number}, whose {number - 1} report is not in the content",
        key=True,
        code="targets-twice",
    )


def _inline_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    """Last year's targets given in the review (starting with this year): there are no facts of last
    year to derive a baseline from, and the rest is checked as kpis.yaml's targets are."""
    review, doc = check.year.of(section)
    if review is None or doc is None or not review.targets:
        return []
    name = check.folder.name
    if name.isdigit() and (check.folder.parent / str(int(name) - 1)).is_dir():
        return []  # last year is in the content: the targets belong there (`targets-twice`, across years)
    problems = [
        doc.problem(
            (TARGETS, index, "baseline_from"),
            f"the baseline of '{kpi.metric}' is taken from {kpi.baseline_from}, "
            "but last year's facts are not in the content to derive it from",
            f"type last year's figure with 'baseline:'; to take next year's actual from {kpi.baseline_from}, "
            f"write 'actual_from: {kpi.baseline_from}'",
            code="no-previous-facts",
        )
        for index, kpi in enumerate(review.targets)
        if kpi.baseline_from is not None
    ]
    if check.settings_ok:
        problems += kpis_checks.named_metrics(review.targets, doc, check.registry, TARGETS)
    # No figures of last year: only typed baselines are compared with their targets.
    none = YearMetrics({})
    problems += kpis_checks.target_problems(review.targets, doc, check.registry, none, TARGETS, derived=False)
    problems += kpis_checks.kpi_unit_problems(review.targets, doc, check.registry, TARGETS)
    return problems


def _site_checks(years: dict[int, YearFiles], section: Section) -> list[Problem]:
    """A year's kpi_review.yaml reports against the targets its previous year set: in last year's
    kpis.yaml, or, for a team starting with this year, in the review's own `targets:`."""
    problems = []
    for number, year in years.items():
        review: KpiReviewFile | None
        review, doc = year.of(section)
        previous = years.get(number - 1)
        if section.file not in year.docs and section.file not in year.failed:
            problems += _missing(number, year, previous, section.file)
        if review is None or doc is None:
            continue
        kpis_section = of_kind(year.sections, kpis_kind.KIND)
        targets_file = kpis_section.file if kpis_section else "kpis.yaml"
        if review.targets and previous is not None:
            problems.append(_targets_twice(number, doc, previous, targets_file))
        elif review.targets:
            by_id = {kpi.id: kpi for kpi in reversed(review.targets)}  # the first of one id, as reviews
            where = f"'{TARGETS}:' of {doc.display}"
            problems += _against_targets(review, doc, by_id, where)
            problems += review_problems(review, doc, by_id, where)
            continue
        targets: KpisFile | None
        targets, targets_doc = previous.of(kpis_section) if previous else (None, None)
        if previous is not None and kpis_section is not None and kpis_section.file in previous.failed:
            continue  # last year's targets have their own errors
        if targets is None or targets_doc is None:
            if not review.targets:
                problems.append(
                    doc.problem(
                        (),
                        f"there are no KPI targets for {number} to review",
                        f"add content/{number - 1}/{targets_file} with year: {number}; or, starting with "
                        f"{number}, give last year's targets here under '{TARGETS}:'; or remove this file",
                        code="no-targets",
                    )
                )
            continue
        by_id = {kpi.id: kpi for kpi in targets.quantitative}
        problems += _against_targets(review, doc, by_id, targets_doc.display)
        problems += review_problems(review, doc, by_id, targets_doc.display)
    return problems


def _starter(language: str, year: int, latest: Report | None, registry: Registry) -> str | None:
    """Last year's targets, carried over as the KPIs this year reports against; nothing to write
    when the year does not follow one with numeric targets (text-only targets get no verdict)."""
    targets = kpis(latest) if latest is not None else None
    if latest is None or latest.year != year - 1 or targets is None:
        return None
    if not any(kpi.target is not None for kpi in targets.quantitative):
        return None
    lines_for = load_packaged(STARTERS / language / "kpi_review.yaml")
    lines = [lines_for["header"].format(year=year, previous=latest.year), "reviews:"]
    figures = year_metrics(latest, registry)
    # The figures as the site prints them (66.7%, not 66.66666666666667). Imported here: the page
    # formatter imports the section registry, which imports this module.
    from reportgen.render.pages import Formatter

    fmt = Formatter(language, labels(language), registry)
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
    form_checks=_inline_checks,
    site_checks=_site_checks,
    starter_from=_starter,
)
