"""How each KPI verdict was reached, for the block under the review table ("How these were computed").

The verdict is the one rule of derive/kpis.py (`kpi_verdict`), not a second comparison: this module
only words it, "actual 84 min, target ≤ 90 min (lower is better) → ✓ Met", with the actual shown
unrounded where rounding would carry it across the target (sections/kpis/text.py), and adds the
working of the figure the actual is derived from.
"""

from __future__ import annotations

from typing import Any

from reportgen.derive.kpis import kpi_verdict, verdict_label
from reportgen.derive.working import note_anchor, slug
from reportgen.load.catalogs import fill
from reportgen.model.facts import KpiTarget, Report
from reportgen.model.markdown_text import Markdown, escape_markdown
from reportgen.sections.kpis.facts import KEY, target_year
from reportgen.sections.kpis.text import kpi_actual_text, kpi_target
from reportgen.sections.places import facts_words, file_link, line_link

BOUND = {"higher": "≥", "lower": "≤"}
_STAND_IN = "reportgenbaselinesource"  # the side of its target an actual meets it on


def working_anchor(section_key: str, kpi: KpiTarget) -> str:
    return note_anchor(section_key, f"working-{slug(kpi.id)}")


def verdict_text(fmt: Any, kpi: KpiTarget, actual: float | None) -> str:
    t = fmt.labels
    target = f"{BOUND[kpi.direction]} {kpi_target(fmt, kpi)}" if kpi.target is not None else kpi_target(fmt, kpi)
    return fill(
        t["working_verdict"],
        actual=kpi_actual_text(fmt, kpi, actual),
        target=target,
        direction=t[kpi.direction],
        verdict=verdict_label(t, kpi_verdict(kpi, actual)),
    )


def verdict_entry(pages: Any, section_key: str, kpi: KpiTarget, actual: float | None, lines: Any) -> Markdown:
    """One item of the block: the row's anchor, the KPI, its comparison, and its figure's working
    (`lines`: the note's lines of a metric over `pages.report`, render/working_note.py)."""
    anchor = f'<span class="reportgen-row" id="{working_anchor(section_key, kpi)}"></span>'
    text = f"{anchor}**{escape_markdown(kpi.metric)}**: {escape_markdown(verdict_text(pages.fmt, kpi, actual))}"
    found = lines(kpi.actual_metric) if kpi.actual_metric else []
    return Markdown(text + "".join(f"<br>{line}" for line in found))


def baseline_anchor(kpi: KpiTarget) -> str:
    """The anchor of a baseline's working on its year's KPI page (`kpis--baseline-<id>`)."""
    return note_anchor(KEY, f"baseline-{slug(kpi.id)}")


def baseline_entry(pages: Any, kpi: KpiTarget, baseline: str, lines: Any) -> Markdown:
    """One item of the KPI page's block: where a baseline comes from. A derived one names the figure
    of the year it is taken from and gives that figure's working (`lines`); a typed one the line of
    kpis.yaml it is written on. A target judged the next year adds its comparison."""
    fmt, report = pages.fmt, pages.report
    t = fmt.labels
    anchor = f'<span class="reportgen-row" id="{baseline_anchor(kpi)}"></span>'
    if kpi.baseline_from is not None:
        label = fmt.metric_label(kpi.baseline_from)
        words = fill(t["working_baseline_from"], baseline=baseline, figure=label, year=report.year)
        found = [escape_markdown(words), *lines(kpi.baseline_from)]
    else:
        found = [escape_markdown(fill(t["working_baseline_typed"], baseline=baseline)), *_written(fmt, report, kpi)]
    if kpi.target is not None and pages.kpi_actuals:  # the next year has reported: how it turned out
        actual = pages.kpi_actuals.get(kpi.id)
        judged = fill(t["working_judged"], year=target_year(report), comparison=verdict_text(fmt, kpi, actual))
        found.append(escape_markdown(judged))
    return Markdown(f"{anchor}**{escape_markdown(kpi.metric)}**: " + "<br>".join(found))


def _written(fmt: Any, report: Report, kpi: KpiTarget) -> list[str]:
    """Where a typed baseline is written: the file and line, linked to the repository where the site names one."""
    place = report.places.get(KEY)
    if place is None or kpi.id not in place.lines:
        return []
    file, url = file_link(place, fmt.sources)
    return [facts_words(fmt.labels, Markdown(f"{file}: {line_link(place, kpi.id, fmt.labels, url)}"))]
