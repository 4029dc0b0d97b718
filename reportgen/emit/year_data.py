"""Each year's facts and derived figures as data files: JSON for programs, CSV for spreadsheets."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from reportgen.derive.metrics import Registry, disagreements, year_metrics
from reportgen.derive.weeks import project_weeks
from reportgen.emit.working_data import working_data
from reportgen.load.catalogs import labels
from reportgen.model.facts import Places, Report
from reportgen.sections import kpi_review, projects
from reportgen.sections.kind import Section
from reportgen.sections.registry import BUILTIN, DEFAULT_SECTIONS, report_data, report_from_data

FORMAT = "reportgen-year"
# Bump when a reader of an older file would misread a newer one.
# 2: the groups sections moved under facts.groups (by section key); metrics hold every registry figure.
# 3: `working`, how each figure was computed (rule, counted, left out; verdicts; stated figures).
FORMAT_VERSION = 3


def year_data(
    report: Report,
    previous: Report | None = None,
    registry: Registry = BUILTIN,
    sections: tuple[Section, ...] = DEFAULT_SECTIONS,
    t: Mapping[str, str] | None = None,
    language: str = "en",
) -> dict[str, Any]:
    """The year as data; `t` and `language`: the site's labels, in which `working` words each rule."""
    figures = year_metrics(report, registry)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "year": report.year,
        "facts": report_data(report, sections),
        "metrics": {**figures.values, **figures.extras},
        "project_weeks": {p.id: project_weeks(p) for p in projects.projects(report)},
        "disagreements": [
            {
                "metric": d.figure.metric,
                "project": d.figure.project,
                "stated": d.figure.value,
                "derived": d.derived,
                "source": d.figure.source,
            }
            for d in disagreements(report, figures, registry)
        ],
        kpi_review.KEY: kpi_review.review_data(report, previous, registry),
        "working": working_data(report, previous, registry, t or labels(language), language),
    }


def year_json(
    report: Report,
    previous: Report | None = None,
    registry: Registry = BUILTIN,
    sections: tuple[Section, ...] = DEFAULT_SECTIONS,
    t: Mapping[str, str] | None = None,
    language: str = "en",
) -> bytes:
    data = year_data(report, previous, registry, sections, t, language)
    return (_dumps(data) + "\n").encode("utf-8")


def _dumps(data: dict[str, Any]) -> str:
    """The year as indented JSON, but each figure's working on one line: indented, the working alone
    would be larger than the facts it explains (and one line a figure diffs line by line)."""
    inline: dict[str, str] = {}

    def mark(value: Any) -> str:
        key = f"\0working-{len(inline)}\0"
        inline[json.dumps(key)] = json.dumps(value, ensure_ascii=False)
        return key

    working = {name: mark(entry) for name, entry in data["working"].items()}
    text = json.dumps({**data, "working": working}, ensure_ascii=False, indent=2)
    for key, compact in inline.items():
        text = text.replace(key, compact, 1)
    return text


def report_from_json(content: bytes, sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> Report:
    """Read a year back; refuses a file of another format or a newer version.

    Each section of `sections` (the site's; by default the built-in ones) comes back typed, a
    records section's rows too (datetimes, durations).
    """
    data = json.loads(content)
    if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"not a {FORMAT} file of version {FORMAT_VERSION}")
    report = report_from_data(data["facts"], sections)
    # Where each section's entries are written: the working's `source:<section>` entries.
    found = {key.removeprefix("source:"): entry for key, entry in data["working"].items() if key.startswith("source:")}
    return (
        report.model_copy(update={"places": {key: Places(**entry) for key, entry in found.items()}})
        if found
        else report
    )
