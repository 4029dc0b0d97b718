"""The one order for "the longest N" projects, shared by the timeline and the durations chart."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.model.facts import Project

MAX_BARS = 20  # bars per chart; every project stays in the chart's data table


def longest_first(projects: tuple[Project, ...] | list[Project]) -> list[tuple[Project, int]]:
    """Each dated project with its weeks, longest first; equal weeks by start date, then by name.

    Both charts cut their bars to the first MAX_BARS of this order, so when weeks tie at the cut
    they still draw the same projects."""
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.derive.weeks import project_weeks

    weeks = [(p, w) for p in projects if (w := project_weeks(p)) is not None]
    return sorted(weeks, key=lambda item: (-item[1], item[0].start or date.max, item[0].name))
