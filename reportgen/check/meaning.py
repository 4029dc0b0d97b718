"""Checks of meaning: facts that are well formed but cannot all be true, or that change a figure unnoticed.

They run on a year that passed the checks of form, and report at the positions the loader kept.
An error is a fact that would make a derived figure wrong; a warning is one a person must decide on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from reportgen.derive import aggregations, metrics, units
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, Severity
from reportgen.model.declarations import Column, SectionDeclaration
from reportgen.model.facts import KpiReviewFile, KpisFile, KpiTarget, Project, Report


def _same_name(name: str) -> str:
    """Names that a reader would take for the same project: case, width and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _delivery_problems(doc: Document, index: int, project: Project) -> Iterator[Problem]:
    if project.status == "cancelled" and project.delivery in ("on_time", "delayed"):
        yield doc.problem(
            ("projects", index, "delivery"),
            f"project '{project.name}' is cancelled but its delivery is '{project.delivery}'",
            "a cancelled project was not delivered: remove 'delivery' (or write 'delivery: unknown'), "
            "or correct the status",
        )
    if project.status == "in_progress" and project.delivery == "on_time":
        yield doc.problem(
            ("projects", index, "delivery"),
            f"project '{project.name}' is still in progress but its delivery is 'on_time'",
            "an unfinished project has not been delivered on time yet: write 'delivery: unknown', "
            "or 'delivery: delayed' if it is already late",
        )
    if project.status == "completed" and "delivery" not in project.model_fields_set:
        yield doc.problem(
            ("projects", index, "status"),
            f"project '{project.name}' is completed but has no delivery outcome",
            "add 'delivery: on_time' or 'delivery: delayed'; until then it is left out of the on-time rate",
            severity=Severity.WARNING,
        )
    elif project.status == "completed" and project.delivery == "unknown":
        yield doc.problem(
            ("projects", index, "delivery"),
            f"project '{project.name}' is completed but its delivery is 'unknown'",
            "write 'delivery: on_time' or 'delivery: delayed' if it is known; "
            "until then it is left out of the on-time rate",
            severity=Severity.WARNING,
        )


def _date_problems(doc: Document, index: int, project: Project, year: int) -> Iterator[Problem]:
    if project.spans_years:
        start, end = project.start, project.end
        if start is not None and end is not None and not start.year <= year <= end.year:
            yield doc.problem(
                ("projects", index, "spans_years"),
                f"project '{project.name}' runs from {start} to {end}, which does not touch {year}",
                f"correct the dates, or move the project to the report of the year it ran in; "
                f"'spans_years' is for a project that runs in {year} and beyond it",
                severity=Severity.WARNING,
            )
        return
    for field in ("start", "end"):
        day: date | None = getattr(project, field)
        if day is not None and day.year != year:
            yield doc.problem(
                ("projects", index, field),
                f"project '{project.name}' {'starts' if field == 'start' else 'ends'} on {day}, outside {year}",
                "correct the date, or add 'spans_years: true' to the project if it really runs across years",
                severity=Severity.WARNING,
            )


def _lists(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, list[Any]]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _lists(value, (*path, key))
    elif isinstance(data, list):
        yield path, data
        for index, value in enumerate(data):
            yield from _lists(value, (*path, index))


def _text_of(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("text"), str) and set(entry) <= {"text", "project"}:
        return entry["text"]
    return None


def _name_field(entry: Any) -> str | None:
    """The field a reader knows an entry by: its name; for an entry with an id (an achievement, a
    group, a KPI), its title or the KPI's metric. Two entries by one name are one thing counted twice."""
    if not isinstance(entry, dict):
        return None
    fields = ("name", "title", "metric") if "id" in entry else ("name",)
    return next((f for f in fields if isinstance(entry.get(f), str)), None)


def repeated_entries(doc: Document) -> list[Problem]:
    """The same entry twice in one list, in any file: a named entry (a project, a service) twice is
    counted twice, an error; the same line of text twice is a copy a person should look at."""
    problems = []
    for path, entries in _lists(doc.data):
        if path == ("records",):
            continue  # rows of a records section: checked against their declared columns (record_problems)
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            field = _name_field(entry)
            named = field is not None
            text = entry[field] if field is not None else _text_of(entry)
            if text is None:
                continue
            key = _same_name(text)
            if field == "title" and isinstance(entry.get("project"), str):
                key += "\n" + entry["project"]  # one title for two projects' achievements names two things
            if key not in seen:
                seen[key] = index
                continue
            if field is not None and entry.get("id") is not None and entries[seen[key]].get("id") == entry["id"]:
                continue  # a copy under the same id: the duplicate id is the error reported
            where = (*path, index, field) if field is not None else (*path, index)
            line, col = doc.where((*path, seen[key], field) if field is not None else (*path, seen[key]))
            problems.append(
                doc.problem(
                    where,
                    f"'{text}' is listed twice (also at line {line}, column {col})",
                    "list it once: remove the copy, or tell the two apart"
                    + ("; each entry is counted in the figures" if named else ""),
                    severity=Severity.ERROR if named else Severity.WARNING,
                )
            )
    return problems


def project_problems(report: Report, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    for index, project in enumerate(report.projects):
        problems += _delivery_problems(doc, index, project)
        problems += _date_problems(doc, index, project, report.year)
    return problems


def _wrong_side(kpi: KpiTarget, baseline: float | None) -> bool:
    if kpi.target is None or baseline is None:
        return False
    return kpi.target < baseline if kpi.direction == "higher" else kpi.target > baseline


def counts_things(kpi: KpiTarget, registry: metrics.Registry) -> bool:
    """Whether a KPI's figures are counts (its unit, or else its metric's, says so): never negative."""
    if kpi.unit is not None:
        return units.is_count(kpi.unit)
    found = registry.get(kpi.actual_metric or "")
    return found is not None and units.is_count(found.unit)


def _negative_counts(index: int, kpi: KpiTarget, doc: Document, registry: metrics.Registry) -> Iterator[Problem]:
    if not counts_things(kpi, registry):
        return
    for field in ("baseline", "target"):
        value = getattr(kpi, field)
        if value is not None and value < 0:
            yield doc.problem(
                ("quantitative", index, field),
                f"the {field} {value:g} of '{kpi.metric}' is negative, but it counts things",
                f"a count is 0 or more: correct the {field}, or the unit if it is not a count",
            )


def kpi_problems(
    report: Report, doc: Document, registry: metrics.Registry = metrics.METRICS, *, derived: bool = True
) -> list[Problem]:
    """A target that would be a step backwards for its own direction is a typo in one of the three.
    `derived` false: the year's figures are incomplete (a file failed), so derived baselines wait."""
    targets: KpisFile | None = report.kpis
    if targets is None:
        return []
    figures = metrics.year_metrics(report, registry)
    problems: list[Problem] = []
    for index, kpi in enumerate(targets.quantitative):
        problems += _negative_counts(index, kpi, doc, registry)
        if kpi.baseline_from is not None and (kpi.baseline_from not in registry or not derived):
            continue  # an unknown metric name is reported where it is checked, against the registry
        baseline = metrics.kpi_baseline(kpi, figures)
        if _wrong_side(kpi, baseline):
            better = "higher" if kpi.direction == "higher" else "lower"
            side = "below" if kpi.direction == "higher" else "above"
            problems.append(
                doc.problem(
                    ("quantitative", index, "target"),
                    f"the target {kpi.target:g} of '{kpi.metric}' is {side} its baseline {baseline:g}, "
                    f"but {better} is better (direction: {kpi.direction})",
                    "correct the target, the baseline or the direction",
                )
            )
    return problems


def review_problems(
    review: KpiReviewFile, doc: Document, targets: dict[str, KpiTarget], targets_file: str = "kpis.yaml"
) -> list[Problem]:
    """A review as `new-year` wrote it, with nothing filled in, reports nothing; say so. A KPI reviewed
    twice would show two verdicts for one target; a KPI not reviewed at all silently has none."""
    problems = []
    filled = False
    seen: dict[str, int] = {}
    for index, entry in enumerate(review.reviews):
        if entry.kpi in seen:
            line, col = doc.where(("reviews", seen[entry.kpi], "kpi"))
            problems.append(
                doc.problem(
                    ("reviews", index, "kpi"),
                    f"the KPI '{entry.kpi}' is reviewed twice (also at line {line}, column {col})",
                    "keep one entry per KPI: merge the two into the first and remove this one",
                )
            )
            continue
        seen[entry.kpi] = index
        kpi = targets.get(entry.kpi)
        if kpi is not None and kpi.unit is not None and units.is_count(kpi.unit) and (entry.actual or 0) < 0:
            problems.append(
                doc.problem(
                    ("reviews", index, "actual"),
                    f"the actual {entry.actual:g} of '{entry.kpi}' is negative, but it counts {kpi.unit}",
                    "a count is 0 or more: correct the actual",
                )
            )
        derived = kpi is not None and kpi.actual_metric is not None
        filled = filled or entry.result is not None or entry.actual is not None
        if kpi is not None and not derived and entry.actual is None and kpi.target is not None:
            problems.append(
                doc.problem(
                    ("reviews", index),
                    f"the review of '{entry.kpi}' has no actual",
                    f"add 'actual:' with the figure this year reached against the target {kpi.target:g}; "
                    "until then its verdict is 'no data'",
                    severity=Severity.WARNING,
                )
            )
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
                )
            )
    if review.reviews and not filled:
        problems.append(
            doc.problem(
                (),
                "this KPI review is not filled in: no entry has an actual or a result",
                "for each KPI, add 'actual:' (where the figure is not derived) and 'result:' (one line on how it went)",
                severity=Severity.WARNING,
            )
        )
    return problems


def kpi_unit_problems(targets: KpisFile, doc: Document, registry: metrics.Registry) -> list[Problem]:
    """A KPI that takes its figures from a metric takes its unit too: another unit would relabel
    the numbers (lead time in days printed as hours), and two metrics of different units compare nothing."""
    problems = []
    for index, kpi in enumerate(targets.quantitative):
        named = [(f, getattr(kpi, f)) for f in ("baseline_from", "actual_from") if getattr(kpi, f) is not None]
        found = [(f, name, registry[name]) for f, name in named if name in registry]
        if kpi.unit is not None:
            typo = units.close_spelling(kpi.unit)
            if typo is not None and not found:
                problems.append(_unit_typo(doc, ("quantitative", index, "unit"), kpi.unit, typo))
        if kpi.unit is not None:
            for _, name, metric in found:
                if metric.unit != "number" and not units.same_unit(kpi.unit, metric.unit):
                    problems.append(
                        doc.problem(
                            ("quantitative", index, "unit"),
                            f"the unit '{kpi.unit}' of '{kpi.metric}' contradicts its metric {name}, "
                            f"which is in {metric.unit}",
                            f"remove 'unit', which comes from {name}, or write '{units.shown(metric.unit)}'",
                        )
                    )
                    break
        if len(found) == 2 and not units.same_unit(found[0][2].unit, found[1][2].unit):
            (_, first, before), (_, second, after) = found
            problems.append(
                doc.problem(
                    ("quantitative", index, "actual_from"),
                    f"the baseline of '{kpi.metric}' comes from {first} (in {before.unit}) "
                    f"but its actual from {second} (in {after.unit}): they cannot be compared",
                    "take both from metrics of one unit, or type the baseline with 'baseline:'",
                )
            )
    return problems


def _unit_typo(doc: Document, path: KeyPath, unit: str, close: str) -> Problem:
    return doc.problem(
        path,
        f"the unit '{unit}' is not one reportgen knows; it will be printed as written",
        f"did you mean '{close}'? (a team's own unit is fine as it is)",
        severity=Severity.WARNING,
    )


def column_unit_problems(declarations: Sequence[tuple[KeyPath, Column]], doc: Document) -> list[Problem]:
    """A declared column's unit that looks like a typo of a known one."""
    problems = []
    for path, column in declarations:
        if column.unit is not None and (close := units.close_spelling(column.unit)) is not None:
            problems.append(_unit_typo(doc, (*path, "unit"), column.unit, close))
    return problems


# ---- records


def _record_name(declaration: SectionDeclaration, row: BaseModel, index: int) -> str:
    """How a message names a record: its id, else its first text (a title, a service), else its place."""
    if getattr(row, "id", None):
        return f"'{row.id}'"  # type: ignore[attr-defined]
    for column in declaration.columns:
        value = getattr(row, column.key, None)
        if column.type == "text" and value is not None:
            return f"'{value}'"
    return f"#{index + 1}"


def _ends(declaration: SectionDeclaration) -> dict[str, str]:
    """The datetime columns a figure measures to, with the column it measures from."""
    return {end: start for start, end in aggregations.spans(declaration) if start and end}


def _record_dates(
    declaration: SectionDeclaration, rows: Sequence[BaseModel], doc: Document, year: int
) -> Iterator[Problem]:
    dated = [c.key for c in declaration.columns if c.type in ("date", "datetime")]
    ends = _ends(declaration)
    for index, row in enumerate(rows):
        for key in dated:
            value = getattr(row, key, None)
            if value is None or value.year == year:
                continue
            began = getattr(row, ends.get(key, ""), None)
            if began is not None and began.year == year and value.year == year + 1:
                continue  # started in the year and ended after New Year: it belongs here
            shown = value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else str(value)
            yield doc.problem(
                ("records", index, key),
                f"{declaration.key} record {_record_name(declaration, row, index)}: {key} {shown} is outside {year}",
                f"correct the date, or move the record to content/{value.year}/ if it belongs to that year",
                severity=Severity.WARNING,
            )


def _record_copies(declaration: SectionDeclaration, rows: Sequence[BaseModel], doc: Document) -> Iterator[Problem]:
    """The same record twice (every column but the id equal), or a value twice in a column declared
    `unique` (one SLO per service): each copy is counted in the figures."""
    keys = [c.key for c in declaration.columns]
    unique = [c.key for c in declaration.columns if c.unique]
    seen_rows: dict[tuple[Any, ...], int] = {}
    seen_values: dict[tuple[str, Any], int] = {}
    for index, row in enumerate(rows):
        values = tuple(getattr(row, key, None) for key in keys)
        first = seen_rows.get(values)
        row_id = getattr(row, "id", None)
        if first is not None and row_id is not None and getattr(rows[first], "id", None) == row_id:
            continue  # a copy under the same id: the duplicate id is the error reported
        if values in seen_rows:
            line, col = doc.where(("records", seen_rows[values]))
            yield doc.problem(
                ("records", index),
                f"{declaration.key} record {_record_name(declaration, row, index)} repeats the one at line {line}, "
                f"column {col} (every column but the id is the same)",
                "list it once: remove the copy, or correct the value that tells the two apart; "
                "each record is counted in the figures",
            )
            continue
        seen_rows[values] = index
        for key in unique:
            value = getattr(row, key, None)
            if value is None:
                continue
            marker = (key, _same_name(value) if isinstance(value, str) else value)
            if marker in seen_values:
                line, col = doc.where(("records", seen_values[marker], key))
                yield doc.problem(
                    ("records", index, key),
                    f"{key} '{value}' is listed twice (also at line {line}, column {col})",
                    f"'{key}' is unique in {declaration.key}: merge the two records into one",
                )
            else:
                seen_values[marker] = index


def record_problems(declaration: SectionDeclaration, facts: Any, doc: Document, year: int) -> list[Problem]:
    if declaration.kind != "records":
        return []
    rows = getattr(facts, "records", ())
    return [*_record_dates(declaration, rows, doc, year), *_record_copies(declaration, rows, doc)]
