"""The words a diff is printed with, all from the site's label catalog: sections, fields and choice
values as the site labels them, figures by their titles, KPI figures by both their years."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.diff.walk import Described, Entry
from reportgen.load.catalogs import fill
from reportgen.load.problems import one_line

if TYPE_CHECKING:  # annotations only: site_diff imports printing, which imports this module
    from reportgen.diff.site_diff import FactChange, FigureChange, SiteDiff

SITE_FILE = "site.yaml"
# Fields whose values name a figure by its metric name: shown by the figure's title.
METRIC_FIELDS = ("baseline_from", "actual_from", "metric_name")
# Steps of a path that only hold a section's entries: a group's items, a review's reviews.
HOLDERS = ("items", "reviews")


class Names:
    """Names for keys and values, from the site's labels: a section, a field, a choice, a figure."""

    def __init__(self, diff: SiteDiff, t: dict[str, str]) -> None:
        self.diff, self.t = diff, t

    def label(self, key: str, year: int | None, section: str = "") -> str:
        if isinstance(key, Entry):
            return str(key)
        column = self.diff.column_titles.get(section, {}).get(key)
        if column is not None:  # a records section's field: the title its declaration gives it
            return column
        name = {"report": "report_title", "declared": "stated_figures", "inferred": "inferred_title"}.get(key, key)
        # A field's label is its own key, or the summary's or a fact field's (summary_focus, field_delivery).
        found = next((self.t[k] for k in (name, f"summary_{name}", f"field_{name}") if k in self.t), key)
        return fill(found, year=year) if year is not None else found

    def value(self, field: str, text: str, section: str) -> str:
        """A field's value as the site shows it: a choice by its label, a metric name by its figure's title."""
        choices = self.diff.choice_labels.get(section, {}).get(field)
        if choices is not None:  # a records section's choice column
            return choices.get(text, text)
        if field in METRIC_FIELDS:
            return self.diff.metric_titles.get(text, text)
        if field == "direction":
            return self.t.get(text, text)
        if text in ("True", "False"):  # a flag (spans_years, approx), as a word of the site's language
            return self.t[f"diff_{text.lower()}"]
        # A choice's label is keyed by its field (delivery_on_time), or by what one entry of the
        # section is (service_designed, for a service's status), as the templates key them.
        keys = (f"{field}_{text}", f"{section.removesuffix('s')}_{text}")
        return next((self.t[k] for k in keys if k in self.t), text)

    def kpi(self, change: FigureChange) -> str:
        """A KPI by its declaration's title and both its years: "2024 · Mean time to restore (set in 2023)"."""
        row = change.kpi
        assert row is not None
        return fill(self.t["diff_kpi"], year=row.judged, title=row.title, set_year=row.set_in)

    def figure(self, change: FigureChange) -> str:
        row = change.kpi
        if row is None:
            return one_line(change.moved.name)
        return one_line(f"{self.kpi(change)}: {self.label(row.part, row.judged)}")

    def where(self, change: FactChange) -> str:
        if change.year is None:  # a setting: named by its keys in site.yaml, as the author wrote them
            return " › ".join(change.where)
        section, *rest = change.where
        steps = [self.diff.section_titles.get((change.year, section)) or self.label(section, change.year)]
        # A group's one list ("items"), a review's ("reviews") and a list named like its section
        # read as the section's own.
        steps += [self.label(step, change.year, section) for step in rest if step not in (*HOLDERS, section)]
        if section == "report" and rest == ["source"]:  # the report's own source is its source document
            steps[1] = self.t["source_document"]
        names = self.diff.entry_names.get((change.year, section))
        if names is not None and len(steps) > 1:  # an entry named by another's id: a review by its KPI's
            steps[1] = names.get(steps[1], steps[1])
        return " › ".join(steps)

    def fact(self, change: FactChange) -> str:
        """One fact's change on a line: where it is, then what it was and what it is."""
        return one_line(self._fact(change))

    def _fact(self, change: FactChange) -> str:
        where = self.where(change)
        if change.reordered:
            return f"{where}: {self.t['diff_order_changed']}"
        section = "" if change.year is None else change.where[0]
        field = change.where[-1] if change.where else ""
        before, after = (self.described(v, change.year, section, field) for v in (change.before, change.after))
        if change.before is None:
            return f"{where}: {after}"
        if change.after is None:
            return f"{where}: {before}"
        return f"{where}: {before} → {after}"

    def described(self, value: Described | None, year: int | None, section: str, field: str = "") -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return self.value(field, value, section) if year is not None else value
        if year is None:  # a setting's fields, by their keys in site.yaml
            return "; ".join(f"{k}: {text}" for k, text in value)
        return "; ".join(f"{self.label(k, year, section)}: {self.value(k, text, section)}" for k, text in value)

    @staticmethod
    def year(change: FactChange) -> str:
        return SITE_FILE if change.year is None else str(change.year)
