"""What a chart shows, as plain data: enough to draw it, describe it in words and tabulate it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.derive.metrics import Metric
    from reportgen.render.pages import Formatter


@dataclass(frozen=True)
class DataTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Where each cell links, by row ("" for none): docs paths from the site's root (a trend point's note).
    links: tuple[tuple[str, ...], ...] = ()


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


def axis_hints(metric: Metric, fmt: Formatter) -> dict[str, Any]:
    """What a figure's value axis needs: whole-number ticks for a count, no tick past 100 for a percentage,
    and its numbers in the site's language with the figure's unit (see `scale`)."""
    return {"integer": metric.kind == "count", "percent": metric.unit == "percent", "scale": scale(fmt, metric.unit)}


def scale(fmt: Formatter, unit: str | None) -> dict[str, Any]:
    """How a value axis writes its ticks: the site's language, and the unit as a pattern around "{value}"
    ("{value}원", "${value}"), so the drawing code prints 1억 1,330만 원 and never 1e+08."""
    from reportgen.derive.units import with_unit  # here: the drawing worker imports this module
    from reportgen.load.catalogs import language_settings  # likewise

    pattern = with_unit("{value}", unit, fmt.labels) if unit else ""
    # A long unit would crowd the axis out of its panel: the value labels beside the marks still carry it.
    short = 0 < len(pattern) - len("{value}") <= UNIT_ON_AXIS
    found = {"language": fmt.locale, "unit": pattern if short else ""}  # Babel's locale: a worker knows no team catalog
    myriads = language_settings(fmt.language).myriads
    return {**found, "myriads": list(myriads)} if myriads else found


UNIT_ON_AXIS = 8  # the most characters a unit may add to the axis's last tick
