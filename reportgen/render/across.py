"""Figures over all the years at once, for the home page: a project listed in consecutive years counts once.

Each year is taken as figures over several years count it (Report.counted_once): a project that
continues into the next year is left out of the earlier year and counted in the later one. The
years' projects together are then one list, from which the registry's figures are derived as for
a year (the total count, the on-time rate, the average weeks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reportgen.load.catalogs import fill, placeholders
from reportgen.model.facts import Report
from reportgen.model.markdown_text import escape_markdown
from reportgen.render.working_note import note
from reportgen.sections import projects

if TYPE_CHECKING:  # the formatter is passed in by the template; importing it here would be circular
    from reportgen.render.pages import Formatter


def all_years(reports: Sequence[Report]) -> Report:
    """Every year's projects as one year's, each project once (the last year that lists it keeps it)."""
    listed = tuple(p for r in reports for p in projects.projects(r.counted_once()))
    return Report(year=reports[-1].year, title=reports[-1].title, sections={projects.KEY: listed})


def across_years(
    years: Sequence[Mapping[str, Any]], fmt: Formatter, columns: Sequence[Mapping[str, str]]
) -> dict[str, str] | None:
    """The home page's totals over all years, and the rule they follow when a project runs across years.

    `years` are the home page's entries (each with its `report`), `columns` the figures its table
    follows. None with a single year (its row is the total), when the table follows no figure of
    the projects (a team that follows its incidents), or without any project: no data is not zero."""
    reports = [entry["report"] for entry in years]
    followed = {fmt.registry[column["name"]].source for column in columns}
    if len(reports) < 2 or projects.KIND.name not in followed:
        return None
    merged = all_years(reports)
    if not projects.projects(merged):
        return None
    t = fmt.labels
    values: dict[str, str] = {"first": str(reports[0].year), "last": str(reports[-1].year)}
    for name in placeholders(t["home_totals"]) - set(values):
        value = fmt.registry[name].compute(merged)
        values[name] = fmt.metric(name, value)
    continued = any(r.continues_into_next(projects.KEY) for r in reports)
    totals = t["home_totals"].format(**values)
    return {"totals": totals, "rule": t["across_years_rule"] if continued else "", "working": _per_year(reports, fmt)}


def _per_year(reports: Sequence[Report], fmt: Formatter) -> str:
    """The totals' note: for each figure, its rule and how many projects each year adds to it."""
    t, found = fmt.labels, []
    for name in placeholders(t["home_totals"]) - {"first", "last"}:
        workings = [(r.year, fmt.registry[name].working(r.counted_once(), t, fmt.language)) for r in reports]
        years = ", ".join(f"{year}: {len(w.counted)}" for year, w in workings if w is not None)
        rule = next((w.text for _, w in workings if w is not None), "")
        found.append(escape_markdown(f"{fmt.metric_label(name)}: {rule}. " + fill(t["working_years"], years=years)))
    return note(sorted(found), t) if found else ""
