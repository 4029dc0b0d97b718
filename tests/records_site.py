"""A small site with one records section `tickets`, written to a folder, for the tests of declared figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportgen.check.validate import Validated, load_site
from reportgen.derive import metrics
from reportgen.sections.registry import site_metrics, site_sections

Figures = list[tuple[str, float | None, str, int | None]]  # (name, value, unit, precision) of each figure


def write_site(
    tmp_path: Path,
    columns: list[dict[str, Any]],
    metrics_yaml: str,
    records: list[str],
    report: str = "year: 2024\ntitle: T\n",
) -> Path:
    """content/ with site.yaml (one column a line from line 6, then `    metrics:` and `metrics_yaml`),
    2024/report.yaml and, given records, 2024/tickets.yaml (one record a line from line 2)."""
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True, exist_ok=True)
    head = "language: en\nsections:\n  - key: tickets\n    kind: records\n    columns:\n"
    listed = "".join(f"      - {json.dumps(column)}\n" for column in columns)  # JSON is YAML
    (content / "site.yaml").write_text(head + listed + "    metrics:\n" + metrics_yaml, encoding="utf-8")
    (content / "2024" / "report.yaml").write_text(report, encoding="utf-8")
    if records:  # none: no file, as a year without such records has
        rows = "records:\n" + "".join(f"  - {row}\n" for row in records)
        (content / "2024" / "tickets.yaml").write_text(rows, encoding="utf-8")
    return content


# A figure over some records only, so its note names the ones it leaves out and why.
SEV1_MTTR = (
    "      - {name: sev1_mttr, of: mean_between, start: detected, end: resolved, unit: minutes,"
    " where: {column: severity, equals: sev1}, title: {en: SEV1 MTTR}}\n"
)
# The records every such site starts with: two SEV1 (60 and 48 minutes) around one that is not.
SEV1_FIRST_ROWS = [
    "{id: INC-101, severity: sev1, detected: 2024-01-01 10:00, resolved: 2024-01-01 11:00}",
    "{id: INC-102, severity: sev2, detected: 2024-01-02 10:00, resolved: 2024-01-02 12:00}",
    "{id: INC-103, severity: sev1, detected: 2024-01-03 10:00, resolved: 2024-01-03 10:48}",
]


def write_sev1_site(
    tmp_path: Path, choices: list[str], more_rows: list[str], labels: dict[str, str] | None = None
) -> Path:
    """A site whose one figure is SEV1_MTTR: tickets with a severity (`choices`, shown by `labels`),
    detected and resolved; the records SEV1_FIRST_ROWS and then `more_rows` (INC-104 on, lines 5 on)."""
    severity: dict[str, Any] = {"key": "severity", "type": "choice", "choices": choices}
    if labels is not None:
        severity["labels"] = labels
    columns = [
        {**severity, "title": {"en": "Severity"}},
        {"key": "detected", "type": "datetime", "title": {"en": "Detected"}},
        {"key": "resolved", "type": "datetime", "title": {"en": "Resolved"}},
    ]
    return write_site(tmp_path, columns, SEV1_MTTR, [*SEV1_FIRST_ROWS, *more_rows])


def load(content: Path) -> Validated:
    return load_site(content, content.parent)


def figures_of(validated: Validated) -> Figures:
    """The section's figures in 2024, rounded past binary noise so a figure worked out by hand compares equal."""
    assert validated.site is not None, [p.for_people() for p in validated.problems]
    registry = site_metrics(site_sections(validated.site.settings))
    year = metrics.year_metrics(validated.site.reports[0], registry)
    ours = [m for m in registry.values() if m.section == "tickets"]
    return [(m.name, _rounded(year.value(m.name)), m.unit, m.precision) for m in ours]


def values_of(validated: Validated) -> dict[str, float | None]:
    return {name: value for name, value, _, _ in figures_of(validated)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 9)
