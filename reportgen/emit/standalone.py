"""A standalone copy of the project that builds without the reportgen plugin.

`reportgen export --out DIR` writes DIR/mkdocs.yml (the project's config with the plugin
removed and the navigation written out), DIR/docs/ (the generated pages, charts and data
files with the hand-written pages) and DIR/overrides/ (reportgen's theme fixes). Plain
`mkdocs build` builds it, and so does any MkDocs-compatible builder that ignores plugins,
such as Zensical: the route off mkdocs-material when it reaches its end of life.

The copy is updated file by file (never replaced as a folder), so that a builder's
`serve` watching DIR picks up each change; what fails to generate is never written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from reportgen.emit.generate import Generated, generate
from reportgen.emit.output import _safe_target, check_not_inside
from reportgen.emit.store import atomic_write
from reportgen.load.catalogs import language_settings, languages
from reportgen.load.language import interface_language
from reportgen.load.language_css import page_stylesheet
from reportgen.load.locations import THEME_OVERRIDES
from reportgen.load.reading import in_folder
from reportgen.render.theme_text import PRINTED_SETTINGS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "reportgen"
STYLESHEET = "assets/reportgen.css"
DOCS = "docs"
OVERRIDES = "overrides"
EDIT_FEATURE = "content.action.edit"
MANIFEST = ".reportgen-export"  # the files the last export wrote: ours to replace or remove
THEME = THEME_OVERRIDES
_STATS_SWITCH = '{%- if reportgen_repository_stats %} data-md-component="source"{% endif %}'


class ExportError(ValueError):
    """The project cannot be exported as asked; the message says why."""


@dataclass(frozen=True)
class _Tagged:
    """A YAML value with a tag we keep as written (!ENV, !!python/...), for MkDocs to resolve."""

    tag: str
    value: Any


class _RawLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    value: Any
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return _Tagged(node.tag, value)


_RawLoader.add_multi_constructor("!", _construct_tagged)
_RawLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _RawDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_RawDumper.add_representer(_Tagged, _represent_tagged)


@dataclass
class Export:
    """What an export writes: every file of the standalone project, by its path in DIR."""

    files: dict[str, bytes]
    generated: Generated


def _without_plugin(plugins: Any) -> list[Any]:
    kept = []
    for entry in plugins or []:
        name = entry if isinstance(entry, str) else next(iter(entry), None) if isinstance(entry, dict) else None
        if name != PLUGIN:
            kept.append(entry)
    return kept


def _folder_files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def prepare(config_file: Path) -> Export:
    """Generate the standalone project in memory. Raises ContentError, BuildError or ExportError."""
    config_file = config_file.resolve()
    raw, config = _read_config(config_file)
    options = config.plugins[PLUGIN].config
    root = config_file.parent
    content, templates = root / options.content_dir, root / options.templates_dir
    generated = generate(content, templates, root / options.cache_dir, root)
    tree = generated.tree
    hand_written = _hand_written(config, [f.path for f in tree.files], content)
    custom_dir = _theme_of(raw).get("custom_dir")  # read before the export points it at its own overrides
    _without_reportgen(raw, tree.nav, [uri for uri in hand_written if uri.endswith(".md")])

    files = _overrides(root, custom_dir, options.repository_stats)
    for uri, content_bytes in hand_written.items():
        files[f"{DOCS}/{uri}"] = content_bytes
    for generated_file in tree.files:
        files[f"{DOCS}/{generated_file.path}"] = generated_file.content
    files[f"{DOCS}/{STYLESHEET}"] = page_stylesheet()
    header = "# Written by `reportgen export`: the project without the reportgen plugin. Rewritten on each export.\n"
    files["mkdocs.yml"] = (
        header + yaml.dump(raw, Dumper=_RawDumper, allow_unicode=True, sort_keys=False, width=1000)
    ).encode()
    return Export(files, generated)


def _read_config(config_file: Path) -> tuple[dict[str, Any], MkDocsConfig]:
    """The config as written (tags kept, to be written out again) and as MkDocs reads it."""
    if not config_file.is_file():
        raise ExportError(f"{config_file} not found (pass the project's mkdocs.yml with --config)")
    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_RawLoader)  # a SafeLoader that keeps tags
    if not isinstance(raw, dict):
        raise ExportError(f"{config_file} is not a MkDocs configuration")
    if "INHERIT" in raw:
        raise ExportError(f"{config_file} inherits another file (INHERIT); export a configuration without it")
    config = load_config(str(config_file))
    if PLUGIN not in config.plugins:
        raise ExportError(f"{config_file} does not use the reportgen plugin; there is nothing to export")
    return raw, config


def _hand_written(config: MkDocsConfig, generated: list[str], content: Path) -> dict[str, bytes]:
    """The files of docs/ by their path in it; none may stand where a generated page goes. The facts'
    own folder (docs_dir: content, as init writes it) is data: none of its files is copied as it is."""
    hand_written = {
        f.src_uri: Path(f.abs_src_path).read_bytes()
        for f in get_files(config)
        # Dotfiles and exclude_docs stay out, and so does every file of the content folder.
        if f.abs_src_path is not None and not f.inclusion.is_excluded() and not in_folder(f.abs_src_path, content)
    }
    clashes = sorted(path for path in generated if path in hand_written)
    if clashes:
        raise ExportError(f"docs/ has pages where generated pages go: {', '.join(clashes)} (rename or remove them)")
    return hand_written


def _theme_of(raw: dict[str, Any]) -> dict[str, Any]:
    theme = raw.get("theme")
    return {"name": theme} if isinstance(theme, str) else dict(theme or {})


def _without_reportgen(raw: dict[str, Any], nav: list[Any], pages: list[str]) -> None:
    """Rewrite the config as written to build the exported copy without the plugin."""
    raw["plugins"] = _without_plugin(raw.get("plugins"))
    for name in PRINTED_SETTINGS:
        if isinstance(raw.get(name), str):
            # Printed unescaped by the theme, and no plugin escapes them in a plain build: written escaped.
            # A bare '&' is left, since the theme's attributes escape it again ("R&D" stays "R&D").
            raw[name] = raw[name].replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    raw["docs_dir"] = DOCS
    raw.pop("site_dir", None)  # builds into DIR/site
    if raw.get("nav") is None:
        # The generated report first, then the hand-written pages in file order, as the plugin does.
        raw["nav"] = [*nav, *pages]
    raw["extra_css"] = [*(raw.get("extra_css") or []), STYLESHEET]
    # The plugin points each generated page's edit button at its YAML; a plain build would point
    # it at the exported Markdown, which is not in the repository. No edit buttons rather than broken ones.
    raw["edit_uri"] = ""
    theme = _theme_of(raw)
    theme["custom_dir"] = OVERRIDES
    if isinstance(language := theme.get("language"), str) and language in languages():
        # Material's interface language: without the plugin, a catalog's language Material lacks is its English.
        theme["language"] = interface_language(language_settings(language))
    if isinstance(theme.get("features"), list):
        # Zensical ignores the empty edit_uri and links each page to repo_url + its Markdown
        # path, which is not in the repository; without the feature no builder shows the button.
        theme["features"] = [feature for feature in theme["features"] if feature != EDIT_FEATURE]
    if theme.get("name") == "material":
        # Zensical's default look ("modern") drops the palette's primary colour and the section
        # titles in the sidebar; "classic" keeps Material's. MkDocs ignores the option.
        theme.setdefault("variant", "classic")
    raw["theme"] = theme


def _overrides(root: Path, custom_dir: Any, repository_stats: bool) -> dict[str, bytes]:
    """DIR/overrides/: reportgen's theme fixes, then the project's own custom_dir on top."""
    files: dict[str, bytes] = {}
    for path, content_bytes in _folder_files(THEME).items():
        if path == "partials/source.html":
            switch = ' data-md-component="source"' if repository_stats else ""
            content_bytes = content_bytes.replace(_STATS_SWITCH.encode(), switch.encode())
        files[f"{OVERRIDES}/{path}"] = content_bytes
    if isinstance(custom_dir, str):
        for path, content_bytes in _folder_files(root / custom_dir).items():
            files[f"{OVERRIDES}/{path}"] = content_bytes  # the project's own overrides win, as in the plugin build
    return files


def check_target(out: Path, sources: list[Path]) -> None:
    """Write only into a folder an export wrote before, or an empty one, and never among its sources
    (inside docs/ the next export would copy the last one into itself)."""
    content, *others = sources
    check_not_inside(out, content, "the export folder")
    for source in others:
        if source.is_dir() and out.resolve().is_relative_to(source.resolve()):
            raise ExportError(f"the export folder {out} is inside {source}, which the export reads; choose another")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        raise ExportError(f"{out} exists and was not written by `reportgen export`; choose a new or empty folder")


def write(export: Export, out: Path) -> list[str]:
    """Bring `out` up to date: changed files are replaced one by one, files the last export wrote
    and this one does not are removed, and nothing else in `out` is touched. Returns the changed paths."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    before = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    targets = {path: _safe_target(out, path) for path in export.files}  # all checked before any write
    # Claim the folder before the first file lands: an export interrupted halfway (Ctrl-C, a
    # stopped --watch) still leaves a folder the next export recognises, takes back and tidies.
    claimed = "".join(f"{path}\n" for path in sorted(set(before) | set(export.files))).encode()
    if not manifest.is_file() or manifest.read_bytes() != claimed:
        atomic_write(manifest, claimed)
    changed = []
    for path, content in export.files.items():
        target = targets[path]
        if not target.is_file() or target.read_bytes() != content:
            atomic_write(target, content)
            changed.append(path)
    for stale in sorted(set(before) - set(export.files)):
        try:
            target = _safe_target(out, stale)
        except ValueError:
            continue  # a manifest line that is not ours to follow
        if target.is_file():
            target.unlink()
            changed.append(stale)
            _remove_empty_parents(target.parent, out)
    atomic_write(manifest, "".join(f"{path}\n" for path in sorted(export.files)).encode())
    return changed


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def signature(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of every file under `paths`: cheap to poll."""
    entries = []
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for candidate in candidates:
            try:
                stat = candidate.stat()
            except OSError:
                continue
            if candidate.is_file():
                entries.append((candidate.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def watch(paths: list[Path], run_export: Callable[[], object], *, interval: float = 0.5) -> None:
    """Call `run_export` now and whenever a file under `paths` changes. Runs until interrupted."""
    last = signature(paths)
    run_export()
    while True:
        time.sleep(interval)
        now = signature(paths)
        if now != last:  # taken before the export: an edit made during it triggers another
            last = now
            run_export()


def inputs(config_file: Path) -> list[Path]:
    """What an export reads: the config, the facts, the templates, docs/ and the theme overrides."""
    config = load_config(str(config_file))
    if PLUGIN not in config.plugins:
        raise ExportError(f"{config_file} does not use the reportgen plugin; there is nothing to export")
    options = config.plugins[PLUGIN].config
    root = config_file.resolve().parent
    paths = [config_file.resolve(), root / options.content_dir, root / options.templates_dir, Path(config.docs_dir)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths
