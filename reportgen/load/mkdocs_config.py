"""One source for each setting: the site's title, description and language come from the MkDocs
config (site_name, site_description, theme.language), as mkdocs-material's own plugins read them;
content/site.yaml holds only what MkDocs has no place for (team, sections, headline, labels).

A site.yaml may still state title, description or language for use without MkDocs; where the
MkDocs config states them too, the MkDocs config wins and a differing value is a warning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import yaml

from reportgen.load.catalogs import language_settings, languages
from reportgen.load.language import interface_language
from reportgen.load.loader import FAST_SAFE_LOADER
from reportgen.load.problems import Problem, Severity, display_path

if TYPE_CHECKING:  # a warm build reads the MkDocs settings without importing pydantic
    from reportgen.load.loader import Document
    from reportgen.model.facts import SiteSettings

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class MkdocsSettings:
    """What the MkDocs config says about the site; None where it says nothing."""

    title: str | None = None
    description: str | None = None
    language: str | None = None
    file: str = "mkdocs.yml"  # for messages
    language_at: tuple[int, int] = (1, 1)  # where theme.language is written in it (line, column)
    search: tuple[str, ...] | None = None  # plugins.search.lang, where it is written
    search_at: tuple[int, int] = (1, 1)
    # Where the repository shows a content file: repo_url joined with edit_uri (http(s) only), to which
    # a file's path from the project root is added; None where either is not set.
    sources: str | None = None


def repository_base(repo_url: Any, edit_uri: Any) -> str | None:
    """repo_url + edit_uri, as MkDocs joins them for a page's edit link, or None: a figure's note links
    each file it names there, never to a scheme other than http(s)."""
    if not isinstance(repo_url, str) or not isinstance(edit_uri, str) or not repo_url.strip() or not edit_uri.strip():
        return None
    base = urljoin(repo_url.strip().rstrip("/") + "/", edit_uri.strip().lstrip("/").rstrip("/") + "/")
    return base if urlsplit(base).scheme in ("http", "https") and urlsplit(base).netloc else None


class _TolerantLoader(FAST_SAFE_LOADER):  # type: ignore[valid-type,misc]
    """Reads an mkdocs.yml safely: its !relative and !!python/... values become None, never run; an
    !ENV value is read as MkDocs reads it (the first variable set, else the default), as text."""


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> str | None:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: so `reportgen build` and `export` see the
    repo_url the plugin's MkDocs build sees (CI sets REPORTGEN_REPO_URL)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [str(node.value)], None
    elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        items = [str(n.value) for n in node.value]
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    else:
        return None
    return next((os.environ[name] for name in names if name in os.environ), default)


_TolerantLoader.add_multi_constructor("!", _ignore)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)
_TolerantLoader.add_constructor("!ENV", _environment)


def key_position(path: Path, keys: tuple[str, ...]) -> tuple[int, int]:
    """Where the value at `keys` is written in a YAML file (1-based line, column), or (1, 1).

    A key may name an entry of a list of one-key mappings, as MkDocs writes its plugins."""
    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return (1, 1)
    for key in keys:
        if isinstance(node, yaml.SequenceNode):  # `- reportgen: {...}` in a list
            node = next((item for item in node.value if isinstance(item, yaml.MappingNode)
                         and any(k.value == key for k, _ in item.value)), None)  # fmt: skip
        if not isinstance(node, yaml.MappingNode):
            return (1, 1)
        node = next((value for k, value in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if node is None:
            return (1, 1)
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _config_data(path: Path) -> Any:
    """An mkdocs.yml as plain data; raises yaml.YAMLError, OSError or UnicodeDecodeError."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)


def _search_languages(data: dict[str, Any]) -> tuple[str, ...] | None:
    """plugins.search.lang, where mkdocs.yml writes it (`- search: {lang: [ja, en]}`)."""
    plugins = data.get("plugins")
    entries = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    for entry in entries:
        options = entry.get("search") if isinstance(entry, dict) else None
        lang = options.get("lang") if isinstance(options, dict) else None
        if isinstance(lang, str):
            return (lang,)
        if isinstance(lang, list) and all(isinstance(code, str) for code in lang):
            return tuple(lang)
    return None


def _theme_language(data: dict[str, Any]) -> Any:
    theme = data.get("theme")
    return theme.get("language") if isinstance(theme, dict) else None


def config_gaps(path: Path, language: str) -> list[str]:
    """What a team's own mkdocs.yml lacks for the report `reportgen init` just wrote beside it."""
    try:
        data: Any = _config_data(path)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return [f"{path.name} cannot be read; check its YAML"]
    data = data if isinstance(data, dict) else {}
    plugins = data.get("plugins") or []
    names = [next(iter(p), "") if isinstance(p, dict) else p for p in plugins] if isinstance(plugins, list) else []
    gaps = []
    if "reportgen" not in names:
        gaps.append(
            f"{path.name} does not use the reportgen plugin: "
            "add '- reportgen' under plugins:, or the site has no report"
        )
    written = _theme_language(data)
    if written != language:
        now = f"'{written}'" if written else "not set (English)"
        gaps.append(f"{path.name}'s theme.language is {now}, so the site is not in '{language}': set it to {language}")
    return gaps


def find_config(content_dir: Path) -> Path | None:
    """The MkDocs config of the project a content folder belongs to: beside the content folder."""
    for name in CONFIG_NAMES:
        candidate = content_dir.parent / name
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path, root: Path) -> tuple[MkdocsSettings | None, list[Problem]]:
    shown = display_path(path, root)
    try:
        data: Any = _config_data(path)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        return None, [
            Problem(
                shown, 1, 1, f"cannot read the MkDocs config: {exc}", "check its YAML", code="mkdocs-config-unreadable"
            )
        ]
    if not isinstance(data, dict):
        return None, [
            Problem(
                shown,
                1,
                1,
                "the MkDocs config is not a mapping",
                "start from `reportgen init`",
                code="mkdocs-config-not-mapping",
            )
        ]
    language = _theme_language(data)
    search = _search_languages(data)
    return (
        MkdocsSettings(
            title=_text(data.get("site_name")),
            description=_text(data.get("site_description")),
            language=_text(language),
            file=shown,
            language_at=key_position(path, ("theme", "language")) if language is not None else (1, 1),
            search=search,
            search_at=key_position(path, ("plugins", "search", "lang")) if search is not None else (1, 1),
            sources=repository_base(data.get("repo_url"), data.get("edit_uri")),
        ),
        [],
    )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def resolve(
    settings: SiteSettings, doc: Document | None, mkdocs: MkdocsSettings | None
) -> tuple[SiteSettings, list[Problem]]:
    """The settings the site is built with: the MkDocs config's title, description and language over site.yaml's."""
    if mkdocs is None:
        return _titled(settings), []
    problems: list[Problem] = []
    stated = settings.model_fields_set
    update: dict[str, Any] = {}
    for field, value in (("title", mkdocs.title), ("description", mkdocs.description)):
        if value is None:
            continue
        if doc is not None and field in stated and getattr(settings, field) != value:
            problems.append(_both(doc, field, value, mkdocs))
        update[field] = value
    if mkdocs.language is not None:
        if mkdocs.language not in languages():
            problems.append(
                Problem(
                    mkdocs.file,
                    *mkdocs.language_at,
                    f"theme.language '{mkdocs.language}' is not a language reportgen writes",
                    f"use {_either(languages())}, or add its catalog as content/labels/{mkdocs.language}.yaml"
                    " (a translated copy of reportgen/labels/en.yaml)",
                    code="unknown-language",
                )
            )
        else:
            if doc is not None and "language" in stated and settings.language != mkdocs.language:
                problems.append(_both(doc, "language", mkdocs.language, mkdocs))
            update["language"] = mkdocs.language
            problems += _interface_note(mkdocs) + _search_note(mkdocs)
    elif "language" not in stated:
        update["language"] = "en"  # mkdocs-material's default, so the site and the theme agree
    return _titled(settings.model_copy(update=update)), problems


def _interface_note(mkdocs: MkdocsSettings) -> list[Problem]:
    """A note where Material has no interface text for the site's language: the site is built with its English."""
    spoken = language_settings(str(mkdocs.language))
    if interface_language(spoken) == (spoken.material or ""):
        return []
    return [
        Problem(
            mkdocs.file,
            *mkdocs.language_at,
            f"Material has no interface text for '{mkdocs.language}': its search box and buttons are in English",
            "the pages are in the catalog's language; set language.material in the catalog if Material has a close one",
            severity=Severity.WARNING,
            code="material-language",
        )
    ]


def _search_note(mkdocs: MkdocsSettings) -> list[Problem]:
    """A warning where Material's search is told other languages than the catalog's: its words go unfound."""
    wanted = language_settings(str(mkdocs.language)).search
    lacking = [code for code in wanted if mkdocs.search is not None and code not in mkdocs.search]
    if not lacking:
        return []
    listed = ", ".join(mkdocs.search or ())
    both = ", ".join(dict.fromkeys((*wanted, *(mkdocs.search or ()))))
    return [
        Problem(
            mkdocs.file,
            *mkdocs.search_at,
            f"plugins.search.lang [{listed}] lacks {', '.join(lacking)}: search does not find the site's words",
            f"write lang: [{both}], as the catalog's language.search",
            severity=Severity.WARNING,
            code="search-language",
        )
    ]


def _either(choices: tuple[str, ...]) -> str:
    """Choices as a sentence says them: "ko or en", "de, ko or en"."""
    return f"{', '.join(choices[:-1])} or {choices[-1]}" if len(choices) > 1 else "".join(choices)


def _titled(settings: SiteSettings) -> SiteSettings:
    """Without a title anywhere (site.yaml used alone), the site is named after the team."""
    if settings.title is not None:
        return settings
    return settings.model_copy(update={"title": settings.team or "Reports"})


def _both(doc: Document, field: str, value: str, mkdocs: MkdocsSettings) -> Problem:
    source = {"title": "site_name", "description": "site_description", "language": "theme.language"}[field]
    return doc.problem(
        (field,),
        f"'{field}' differs from {source} in {mkdocs.file} ('{value}'), which the site uses",
        f"remove '{field}' here; {mkdocs.file} is the one place for it",
        severity=Severity.WARNING,
        key=True,
        code="setting-overridden",
    )
