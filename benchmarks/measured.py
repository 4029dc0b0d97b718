"""What run.py measures: one build, a variant's runs, a site's variants under one revision of the code."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.snapshot import Snapshot

VARIANTS = {
    "a": "plugin, empty caches (cold)",
    "b": "plugin, warm caches, nothing changed",
    "c": "plain MkDocs, same tree and nav",
    "e": "plugin, warm caches, one projects.yaml edited (a comment)",
}
PLAIN = "c"


@dataclass(frozen=True)
class Measurement:
    seconds: float
    max_rss_kib: int  # the mkdocs process's own VmHWM (ru_maxrss from os.wait4 if it wrote none)
    charts_drawn: int | None  # from the plugin's log; None without the plugin
    reportgen_dir: str  # the reportgen package the build imported; empty when it imported none


@dataclass
class Variant:
    key: str
    project: Path
    before: Callable[[], None] = lambda: None  # runs before each build, outside the timing
    runs: list[Measurement] = field(default_factory=list)
    warm: bool = False  # a warm-cache variant: a run that had to draw charts is not one of its runs

    @property
    def counted(self) -> list[Measurement]:
        return [m for m in self.runs if not (self.warm and m.charts_drawn)]

    @property
    def excluded(self) -> int:
        return len(self.runs) - len(self.counted)

    # NaN when no run counts (every warm run drew charts): the table shows it, the notes say why.
    @property
    def median(self) -> float:
        return statistics.median(m.seconds for m in self.counted) if self.counted else math.nan

    @property
    def peak_mib(self) -> float:
        return max((m.max_rss_kib for m in self.counted), default=math.nan) / 1024


@dataclass
class SiteBench:
    name: str
    variants: dict[str, Variant]
    size: str  # what the site holds, for the report
    snapshot: Snapshot  # the code every build of this site runs
    notes: list[str] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return self.snapshot.env

    def ratio(self, key: str) -> float:
        return self.variants[key].median / self.variants[PLAIN].median
