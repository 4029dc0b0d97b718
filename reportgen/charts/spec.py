"""What a chart shows, as plain data: enough to draw it, describe it in words and tabulate it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.derive.metrics import Metric


@dataclass(frozen=True)
class DataTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ChartSpec:
    """One chart. `data` is all the drawing code may use; it is hashed for the cache key."""

    path: str  # docs-tree path without the theme suffix, e.g. "2023/charts/timeline"
    kind: str  # selects the drawing function
    title: str
    alt: str  # what a screen reader says: what the chart shows and its key figures
    table: DataTable
    data: dict[str, Any] = field(default_factory=dict)

    def file(self, theme: str) -> str:
        return f"{self.path}.{theme}.svg"

    def labels(self) -> list[str]:
        """Every string the chart will draw, for the glyph check."""
        found: list[str] = [self.title]

        def walk(value: Any) -> None:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)

        walk(self.data)
        return found

    def digest(self, *extra: str) -> str:
        payload = json.dumps([self.kind, self.title, self.data, *extra], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def axis_hints(metric: Metric) -> dict[str, bool]:
    """What a figure's value axis needs: whole-number ticks for a count, no tick past 100 for a percentage."""
    return {"integer": metric.kind == "count", "percent": metric.unit == "percent"}
