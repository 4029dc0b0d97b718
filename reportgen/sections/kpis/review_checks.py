"""The KPI review's checks: each entry against the targets it reviews (last year's kpis.yaml, or the
review's own `targets:` for a team starting with this year), the targets given there, and a year
that leaves last year's numeric targets without any review."""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.derive import units
from reportgen.derive.kpis import Verdict, kpi_verdicts
from reportgen.derive.metrics import YearMetrics, year_metrics
from reportgen.load.loader import Document
from reportgen.load.problems import Problem, Severity, suggest
from reportgen.model.facts import KpiReview, KpiReviewFile, KpisFile, KpiTarget
from reportgen.sections.kind import REPORT_FILE, Section, YearCheck, YearFiles, of_kind
from reportgen.sections.kpis import checks as kpis_checks
from reportgen.sections.kpis import kind as kpis_kind

TARGETS = "targets"  # the key of last year's targets in kpi_review.yaml (starting with this year)


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


# A verdict as validate's messages say it (the site says it in its own language).
VERDICT_WORDS = {"met": "met", "missed": "missed", "no_data": "no data", "not_measurable": "not measurable"}


def _unreviewed(kpi_id: str, kpi: KpiTarget, verdict: Verdict | None) -> tuple[str, str]:
    """Why a KPI without an entry still has the verdict it has, and what to add: the verdict is the
    one the site and data.json show (derive.kpis.kpi_verdicts), never a guess."""
    add = f"add '- kpi: {kpi_id}' under 'reviews:' with 'result:'"
    if kpi.actual_metric is not None and verdict is not None:
        return (
            f"; the site judges it on {kpi.actual_metric} alone: {VERDICT_WORDS[verdict]}",
            f"{add}, one line on how it went",
        )
    return "", f"{add} and 'actual:'; until then its verdict is '{VERDICT_WORDS['no_data']}'"


def review_problems(
    review: KpiReviewFile,
    doc: Document,
    targets: dict[str, KpiTarget],
    targets_file: str = "kpis.yaml",
    verdicts: Mapping[str, Verdict] | None = None,
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
            said, hint = _unreviewed(kpi_id, kpi, (verdicts or {}).get(kpi_id))
            problems.append(
                doc.problem(
                    ("reviews",),
                    f"the KPI '{kpi_id}' ({kpi.metric}) set in {targets_file} has no entry in this review{said}",
                    hint,
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


def inline_checks(check: YearCheck, section: Section | None) -> list[Problem]:
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
            f"type last year's figure with 'baseline:'; to take this year's actual from {kpi.baseline_from}, "
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


def _verdicts(targets: KpisFile, year: YearFiles, review: KpiReviewFile) -> dict[str, Verdict]:
    """The verdicts the site gives last year's targets in this year, from the year as assembled."""
    if year.report is None:
        return {}
    from reportgen.sections.registry import site_metrics  # the registry imports every kind, this one's too

    registry = site_metrics(year.sections)
    if any(kpi.actual_metric not in registry for kpi in targets.quantitative if kpi.actual_metric is not None):
        return {}  # a figure the settings do not declare (or settings that failed): reported where it is named
    figures = year_metrics(year.report, registry)
    return {kpi_id: verdict for kpi_id, (_, verdict) in kpi_verdicts(targets, figures, review.reviews).items()}


def site_checks(years: dict[int, YearFiles], section: Section) -> list[Problem]:
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
        problems += review_problems(review, doc, by_id, targets_doc.display, _verdicts(targets, year, review))
    return problems
