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
from reportgen.model.facts import KpiTarget
from reportgen.model.markdown_text import Markdown, escape_markdown
from reportgen.sections.kpis.text import kpi_actual_text, kpi_target

BOUND = {"higher": "≥", "lower": "≤"}  # the side of its target an actual meets it on


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
