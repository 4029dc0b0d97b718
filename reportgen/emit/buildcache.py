"""Kept between builds, so that unchanged work is not done again: whole trees, and each year's share.

- The tree cache serves the whole generated tree when no input changed. Its key is a digest of
  every input: the content files, the templates (the project's and the bundled ones), reportgen's
  own code and the versions of the libraries that shape the output. Nothing heavy is imported
  here: a build that hits it never loads pydantic or matplotlib.
- The year caches serve what one year costs when only another year changed: a year's validated
  facts (keyed by its folder's files) and its rendered pages (keyed by the facts they show). An edit
  to one year's file then revalidates and re-renders that year, and the pages that summarise all
  years (home, trends), and nothing else.

The cache is restored from CI's cache, so it is read as untrusted input. Nothing in it is code:
each entry is plain data (cache_data: JSON and raw bytes) naming the key it was written for, kept
only if reading it back gives exactly what was stored. A cached chart is published only if it can
only draw (svg_check). An entry that fails any check is discarded and built again. A cache folder
that git tracks, or that lies in the content folder, could be forged by a commit: it is not used at
all (store.usable_cache), nor is one that cannot be written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.emit.cache_data import (
    UNREADABLE,
    loaded_data,
    loaded_from,
    output_data,
    output_from,
    tree_data,
    tree_from,
)
from reportgen.emit.store import SIDECAR, BundleStore, ContentStore
from reportgen.emit.tree import BuildStats, GeneratedTree
from reportgen.load.catalogs import TEAM_FOLDER
from reportgen.load.loader import MAX_FILE_BYTES
from reportgen.load.locations import PACKAGE, default_templates_dir
from reportgen.load.problems import Problem
from reportgen.load.reading import refusal

if TYPE_CHECKING:
    from reportgen.emit.site_tree import YearOutput
    from reportgen.model.facts import Report, SiteSettings
    from reportgen.render.context import YearContext

TREE_FORMAT = "4"  # bump when the stored shape changes (4: bundles of plain data, no pickle)
YEAR_FORMAT = "1"  # likewise, for the year caches
LIBRARIES = ("jinja2", "pydantic", "babel", "matplotlib", "koreanize-matplotlib")
KEEP_TREES = 8  # older entries are removed: each is the whole site
KEEP_YEARS = 200  # per year cache: a few versions of each year of a large site


def _folder(digest: Any, folder: Path, inside: Path | None = None) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + _bytes(path, inside) + b"\0")


def _bytes(path: Path, inside: Path | None) -> bytes:
    """A file's bytes for a digest; for a content file the reading rules refuse (a link out of the
    content folder, an oversized file), its refusal instead: validation reports it, and nothing is read."""
    if inside is None:
        return path.read_bytes()
    refused = refusal(path, path.name, inside, MAX_FILE_BYTES)
    return refused.message.encode() if refused is not None else path.read_bytes()


@dataclasses.dataclass(frozen=True)
class Inputs:
    """Digests of what the generated tree depends on, read once per build."""

    static: str  # templates, reportgen's code, library versions
    content: str  # the whole content folder, and what the MkDocs config says of the site
    years: dict[str, str]  # year folder name -> digest of its files
    settings: str  # what every year's validation depends on: site.yaml and the MkDocs config

    @property
    def whole(self) -> str:
        return hashlib.sha256(f"{TREE_FORMAT}\0{self.static}\0{self.content}".encode()).hexdigest()


def read_inputs(content_dir: Path, templates_dir: Path, config: str = "") -> Inputs:
    """`config`: what the MkDocs config says of the site (title, language), as text."""
    static = hashlib.sha256()
    # In this repository the project's templates are the bundled ones: read each folder once.
    for folder in dict.fromkeys(f.resolve() for f in (templates_dir, default_templates_dir(), PACKAGE)):
        static.update(str(folder).encode() + b"\0")
        _folder(static, folder)
    for library in LIBRARIES:
        static.update(f"{library}=={metadata.version(library)}\0".encode())
    content = hashlib.sha256(str(content_dir.resolve()).encode() + b"\0" + config.encode() + b"\0")
    settings = hashlib.sha256(config.encode() + b"\0")
    years: dict[str, str] = {}
    if content_dir.is_dir():
        for path in sorted(content_dir.iterdir()):
            if path.is_dir():
                year = hashlib.sha256()
                _folder(year, path, content_dir)
                years[path.name] = year.hexdigest()
                content.update(f"{path.name}/\0{years[path.name]}\0".encode())
                if path.name == TEAM_FOLDER:  # the team's catalogs word every year's pages (load/catalogs.py)
                    static.update(f"{TEAM_FOLDER}/\0{years[path.name]}\0".encode())
            elif path.is_file():
                entry = path.name.encode() + b"\0" + _bytes(path, content_dir) + b"\0"
                content.update(entry)
                settings.update(entry)
    return Inputs(static.hexdigest(), content.hexdigest(), years, settings.hexdigest())


# ---- the stores


def _prune(store: ContentStore, keep: int) -> None:
    """Keep the `keep` newest entries. Best effort: a folder that cannot be listed or changed is left."""
    root = store.root
    assert root is not None
    try:
        entries = []
        for path in root.rglob("*"):
            if path.suffix == store.suffix:
                entries.append(path)
            elif path.suffix == ".pickle":  # left by an older reportgen, and never read
                path.unlink(missing_ok=True)
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[keep:]:
            stale.unlink(missing_ok=True)
            stale.with_suffix(SIDECAR).unlink(missing_ok=True)
    except OSError:
        pass


class TreeCache:
    """Whole trees: a bundle of the files' bytes (loaded as they are, no base64) under a JSON header
    of their paths, the navigation and the build's warnings."""

    def __init__(self, root: Path) -> None:
        self.bundles = BundleStore(root / "trees", "tree")

    def get(self, key: str) -> tuple[GeneratedTree, list[Problem], dict[str, Any]] | None:
        found = self.bundles.get(key)
        if found is None:
            return None
        try:
            return tree_from(*found)
        except UNREADABLE:
            return None  # forged or from another version: built again

    def put(self, key: str, tree: GeneratedTree, problems: list[Problem], extra: dict[str, Any]) -> None:
        if (stored := tree_data(tree, problems, extra)) is not None:
            self.bundles.put(key, *stored)
            _prune(self.bundles.store, KEEP_TREES)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class YearCache:
    """One year's validated facts and rendered pages, each reused while its own inputs stay the same."""

    def __init__(self, root: Path, inputs: Inputs) -> None:
        self.validated = BundleStore(root / "years" / "validated", "validated year")
        self.rendered = BundleStore(root / "years" / "rendered", "rendered year")
        self.inputs = inputs
        self.stats = BuildStats()
        self.settings = ""  # the site settings, as JSON: every page shows the site's language and names
        self._stored: list[ContentStore] = []

    def load(self, folder: Path, root: Path, load: Callable[[Path, Path], Any]) -> Any:
        """validate.load_site's year loader: the year's folder, validated again only if its files changed."""
        digest = self.inputs.years.get(folder.name)
        # The site's sections, which type each file again: validate.load_site passes load_year with them.
        sections = getattr(load, "keywords", {}).get("sections")
        # The site settings declare the sections a year's files are validated against.
        key = _digest(
            YEAR_FORMAT,
            self.inputs.static,
            self.inputs.settings,
            str(folder.resolve()),
            str(root.resolve()),
            digest or "",
        )
        if digest is not None and sections is not None and (found := self.validated.get(key)) is not None:
            try:
                return loaded_from(*found, sections)
            except UNREADABLE:
                pass  # forged or damaged: validated again, and stored anew
        self.stats.validated.append(folder.name)
        loaded = load(folder, root)
        if digest is not None and sections is not None and (stored := loaded_data(loaded, sections)) is not None:
            self.validated.put(key, *stored)
            self._stored.append(self.validated.store)
        return loaded

    def use_settings(self, settings: SiteSettings) -> None:
        self.settings = settings.model_dump_json()

    def build(
        self, ctx: YearContext, previous: Report | None, earlier: list[YearContext], make: Callable[[], YearOutput]
    ) -> YearOutput:
        """site.build_pages's year builder: the year's pages, rendered again only if what they show changed."""
        key = _digest(YEAR_FORMAT, self.inputs.static, self.settings, *_year_inputs(ctx, previous, earlier))
        year = str(ctx.report.year)
        if (found := self.rendered.get(key)) is not None:
            try:
                output = output_from(*found)
            except UNREADABLE:
                pass  # forged or damaged: rendered again
            else:
                self.stats.cached.append(year)
                return output
        self.stats.rendered.append(year)
        output = make()
        if (stored := output_data(output)) is not None:
            self.rendered.put(key, *stored)
            self._stored.append(self.rendered.store)
        return output

    def prune(self) -> None:
        for store in dict.fromkeys(self._stored):
            _prune(store, KEEP_YEARS)


def _year_inputs(ctx: YearContext, previous: Report | None, earlier: list[YearContext]) -> list[str]:
    """Everything a year's pages show: its facts, the next year's KPI actuals, last year's KPI targets,
    and the earlier years' rows of any section charted across years."""
    # Imported here, as they are heavy: a warm build imports this module and must load neither pydantic
    # nor the model (this runs only when a year is built).
    from pydantic_core import to_json

    from reportgen.derive.kpis import kpi_baseline  # the model, likewise
    from reportgen.derive.metrics import year_metrics  # the model, likewise
    from reportgen.sections.kpis.facts import kpis  # the model, likewise

    parts = [ctx.report.model_dump_json(), json.dumps(ctx.kpi_actuals, sort_keys=True)]
    # Any year's KPI targets decide how many decimals this year's figures print with.
    parts.append(json.dumps(sorted(ctx.fmt.targets.items())))
    parts.append(json.dumps(ctx.fmt.sources))  # where the notes link each content file
    charted = [s.key for s in ctx.sections if s.declaration is not None and s.declaration.chart is not None]
    if charted:
        parts += [to_json([c.report.year, [c.report.sections.get(key) for key in charted]]).decode() for c in earlier]
    targets = kpis(previous) if previous is not None else None
    if previous is not None and targets is not None:
        figures = year_metrics(previous, ctx.fmt.registry)
        baselines = [kpi_baseline(kpi, figures) for kpi in targets.quantitative]
        parts += [targets.model_dump_json(), json.dumps(baselines)]
    else:
        parts.append("no previous targets" if previous is None else "previous year without targets")
    return parts
