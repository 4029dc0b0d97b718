"""The generated docs tree as plain data: what the plugin hands MkDocs and `build --out` writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NavEntry = dict[str, Any]  # {title: path} or {title: [entries]}, as mkdocs.yml writes it


@dataclass
class RenderStats:
    rendered: list[str] = field(default_factory=list)  # chart files drawn by matplotlib in this build
    cached: list[str] = field(default_factory=list)  # chart files served from the cache

    def all(self) -> list[str]:
        return sorted(self.rendered + self.cached)


@dataclass
class BuildStats:
    """What a build did per year: validated or rendered afresh, or reused from the year caches."""

    validated: list[str] = field(default_factory=list)  # year folders validated afresh
    rendered: list[str] = field(default_factory=list)  # years whose pages were rendered afresh
    cached: list[str] = field(default_factory=list)  # years whose pages came from the cache


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # POSIX path inside the docs tree
    content: bytes


@dataclass
class GeneratedTree:
    files: list[GeneratedFile] = field(default_factory=list)
    nav: list[NavEntry] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # page path -> content file holding its facts
    chart_stats: RenderStats = field(default_factory=RenderStats)
    build_stats: BuildStats = field(default_factory=BuildStats)  # not stored: a stored tree did no work

    def add(self, path: str, content: str | bytes, source: str | None = None) -> None:
        self.files.append(GeneratedFile(path, content.encode("utf-8") if isinstance(content, str) else content))
        if source is not None:
            self.sources[path] = source
