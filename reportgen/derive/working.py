"""A figure's working: the rule that made it, the records it counted and those it left out, by reason.

Every metric of the registry has one (`Metric.working`); a records figure's is computed here from its
aggregation, over the same rows and by the same condition (`meets`) as its value, so the note beside a
figure can never describe a different set than the one the figure was computed over. The reasons a
record is left out are codes of one registry, `REASONS`, each with its words in the catalogs.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.derive.aggregations import Aggregation, Records
from reportgen.derive.conditions import meets
from reportgen.derive.describe import Labels, column_title, condition_text
from reportgen.derive.series import day_of
from reportgen.load.catalogs import fill
from reportgen.model.declarations import MetricDeclaration, SectionDeclaration

# Why a record is left out of a figure: code -> its label key (whose {placeholders} the figure fills).
REASONS: dict[str, str] = {
    "where_not_met": "reason_where_not_met",  # the figure's `where` does not keep it
    "among_not_met": "reason_among_not_met",  # a share's `among` does not keep it
    "empty_cell": "reason_empty_cell",  # a cell the figure reads is empty
    "no_date": "reason_no_date",  # a rate: the record has no date to place it in the year
    "outside_span": "reason_outside_span",  # a rate: dated outside the year (or after its as_of day)
    "cancelled": "reason_cancelled",  # a duration: a cancelled project never ran its course
    "in_progress": "reason_in_progress",  # a duration: a project still running counts in the year it ends
    "no_dates": "reason_no_dates",  # a duration: a project without both dates
    "unknown_delivery": "reason_unknown_delivery",  # the on-time rate: delivery outcome unknown
    "other_status": "reason_other_status",  # a count of one status: the project has another
    "other_delivery": "reason_other_delivery",  # a count of one outcome: the project has another
}


@dataclass(frozen=True)
class Left:
    id: str
    reason: str  # a code of REASONS


@dataclass(frozen=True)
class Working:
    section: str  # the key of the section whose entries it counted (its page holds their rows)
    rule: Mapping[str, Any]  # structured: aggregation, of, column, options
    text: str  # the rule in the site's words
    counted: tuple[str, ...]  # ids of the entries it is computed over
    left_out: tuple[Left, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)  # reason code -> its words for this figure
    met: tuple[str, ...] | None = None  # a share: the counted entries meeting its `where`

    @property
    def total(self) -> int:
        return len(self.counted) + len(self.left_out)

    def by_reason(self) -> list[tuple[str, list[str]]]:
        """The left-out ids grouped by reason, in the order of REASONS."""
        groups: dict[str, list[str]] = {}
        for left in self.left_out:
            groups.setdefault(left.reason, []).append(left.id)
        return [(code, groups[code]) for code in REASONS if code in groups]


def slug(text: str) -> str:
    """An id as an anchor: NFC, lower case, each run of other than letters and digits one hyphen;
    Hangul and other letters are kept (`INC-101` -> `inc-101`, `서비스 A` -> `서비스-a`)."""
    normal = unicodedata.normalize("NFC", text).casefold()
    out, dash = [], False
    for char in normal:
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-") or "row"


def anchors(section_key: str, ids: Sequence[str]) -> list[str]:
    """Each entry's anchor on its page, `<section key>-<slug of its id>`: unique, so an id that slugs like
    an earlier one gets the first free -2, -3 (in table order), never the anchor another id slugs to."""
    bases = [f"{section_key}-{slug(entry)}" for entry in ids]
    taken = set(bases)  # an id that slugs to `x-2` keeps it: the suffixes go around it
    seen: set[str] = set()
    found = []
    for base in bases:
        anchor, number = base, 1
        while anchor in seen or (number > 1 and anchor in taken):
            number += 1
            anchor = f"{base}-{number}"
        seen.add(anchor)
        found.append(anchor)
    return found


def note_anchor(prefix: str, name: str) -> str:
    """The anchor of a note on a page (an inferred-value note, a figure's working), `<prefix>--<name>`.
    A row's anchor can never be one: a slug holds no run of two hyphens, nor starts with one."""
    return f"{prefix}--{name}"


def record_ids(section: SectionDeclaration, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """How each record is named, so that its name (and anchor) stays with it when rows are re-ordered:
    its `id`; else its first `unique` column's value; else the first text column whose values name
    every row apart; else its cells' fingerprint, after its first text if it has one
    (`Disk full · 3f2a9c1`). Only identical records share a name (their anchors take -2, -3)."""
    unique = next((c.key for c in section.columns if c.unique), None)
    texts = [c.key for c in section.columns if c.type == "text"]
    naming = unique or next((key for key in texts if _names_apart(rows, key)), None)
    found = []
    for row in rows:
        named = row.get("id") if row.get("id") is not None else row.get(naming) if naming else None
        found.append(str(named) if named is not None else _fingerprinted(row, texts))
    return found


def _names_apart(rows: Sequence[Mapping[str, Any]], key: str) -> bool:
    values = [row.get(key) for row in rows if row.get("id") is None]
    return None not in values and "" not in values and len(set(values)) == len(values)


def _fingerprinted(row: Mapping[str, Any], texts: Sequence[str]) -> str:
    cells = json.dumps({k: v for k, v in row.items() if v is not None}, sort_keys=True, default=str)
    mark = hashlib.sha1(cells.encode(), usedforsecurity=False).hexdigest()[:7]
    first = next((str(row[key]) for key in texts if row.get(key)), None)
    return f"{first} · {mark}" if first else mark


def _reads(aggregation: Aggregation, metric: MetricDeclaration) -> list[str]:
    """The cells a record must have to count: the columns the aggregation reads, but a rate's date."""
    return [key for option in aggregation.columns if option != "date" and (key := getattr(metric, option)) is not None]


def _why(aggregation: Aggregation, metric: MetricDeclaration, row: Mapping[str, Any], records: Records) -> str | None:
    condition = getattr(metric, aggregation.filter)
    if condition is not None and not meets(dict(row), condition):
        return "where_not_met" if aggregation.filter == "where" else "among_not_met"
    if aggregation.per_period:
        day = day_of(row.get(metric.date or ""))
        if day is None:
            return "no_date"
        if not records.first <= day <= records.last:
            return "outside_span"
    if any(row.get(key) is None for key in _reads(aggregation, metric)):
        return "empty_cell"
    return None


def rule_of(aggregation: Aggregation, metric: MetricDeclaration, section_key: str) -> dict[str, Any]:
    """The rule as data: the aggregation, the section it is of, its column and the options it reads."""
    options = {
        option: value.model_dump(mode="json", by_alias=True, exclude_none=True)
        if hasattr(value, "model_dump")
        else value
        for option in aggregation.reads
        if option != "column" and (value := getattr(metric, option)) is not None
    }
    return {"aggregation": aggregation.name, "of": section_key, "column": metric.column, "options": options}


def records_working(
    aggregation: Aggregation,
    metric: MetricDeclaration,
    section: SectionDeclaration,
    records: Records,
    t: Labels,
    language: str,
) -> Working:
    """The working of a records figure over the rows `records` holds."""
    ids = record_ids(section, records.rows)
    counted, left = [], []
    for entry, row in zip(ids, records.rows, strict=True):
        why = _why(aggregation, metric, row, records)
        if why is None:
            counted.append(entry)
        else:
            left.append(Left(entry, why))
    met = None
    if aggregation.filter == "among":  # a share: which of those counted meet what it counts
        kept = {e for e, row in zip(ids, records.rows, strict=True) if meets(dict(row), metric.where)}
        met = tuple(e for e in counted if e in kept)
    reasons = _reason_words(aggregation, metric, section, records, t, language)
    text = aggregation.describe(metric, section, t, language)
    rule = rule_of(aggregation, metric, section.key)
    return Working(section.key, rule, text, tuple(counted), tuple(left), reasons, met)


def _reason_words(
    aggregation: Aggregation,
    metric: MetricDeclaration,
    section: SectionDeclaration,
    records: Records,
    t: Labels,
    language: str,
) -> dict[str, str]:
    condition = getattr(metric, aggregation.filter)
    negated = condition_text(condition, section, t, language, negate=True) if condition is not None else ""
    columns = t["cond_or"].join(column_title(section, key, language) for key in _reads(aggregation, metric))
    date = column_title(section, metric.date, language)
    return {
        "where_not_met": negated,
        "among_not_met": negated,
        "empty_cell": fill(t["reason_empty_cell"], columns=columns),
        "no_date": fill(t["reason_no_date"], date=date),
        "outside_span": fill(t["reason_outside_span"], first=records.first.isoformat(), last=records.last.isoformat()),
    }


def reason_words(working: Working, code: str, t: Labels) -> str:
    """A reason in the site's words: as the figure words it, else its catalog label."""
    return working.reasons.get(code) or t[REASONS[code]]
