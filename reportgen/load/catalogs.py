"""The headings and labels the site generates, per language: a language is its catalog file.

The catalogs are YAML beside this module (`labels/<language>.yaml`), and a team's own in
`content/labels/<language>.yaml`: one there either lays single keys over a packaged catalog or
adds a language of its own. Each holds the labels and a `language:` block (load/language.py).
A key a catalog lacks falls back to the reference catalog (validation warns). A team may also
override single labels in its site settings (`labels:`); `labels()` merges those over the catalog.

A label that varies with a count is a mapping of CLDR plural categories
(`{by: count, one: "{count} project", other: "{count} projects"}`); it reaches the code as a
`Plural`, text that picks its form by Babel's plural rule when it is filled in.
"""

from __future__ import annotations

import contextlib
import functools
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportgen.load.language import LanguageSettings, settings_from
from reportgen.load.loader import load_packaged
from reportgen.load.locations import CATALOG_DIR

# The complete catalog: the others are checked against it, and it serves when a language is unknown.
REFERENCE = "en"
LANGUAGE_BLOCK = "language"
TEAM_FOLDER = "labels"  # content/labels/<language>.yaml
PLURAL_BY = "by"  # in a plural label: the placeholder whose number picks the form
# A catalog's file name: a BCP 47 language with an optional region or script (ja, pt-BR, zh-Hant).
CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
_NUMBER = re.compile(r"\d[\d.,\u00a0\u202f\s]*")


class CatalogError(ValueError):
    """A label catalog in the package is malformed: a packaging mistake, not a content error."""


class Plural(str):
    """A label with one text per CLDR plural category. As text it is its `other` form (what the
    placeholder checks read); `format` picks the form the number in `by` asks for."""

    forms: dict[str, str]
    by: str
    locale: str

    def __new__(cls, forms: Mapping[str, str], by: str, locale: str) -> Plural:
        text = super().__new__(cls, forms["other"])
        text.forms, text.by, text.locale = dict(forms), by, locale
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # the chart pool and the caches pickle labels
        return (Plural, (self.forms, self.by, self.locale))

    def form(self, value: object) -> str:
        return self.forms.get(plural_category(value, self.locale), self.forms["other"])

    def format(self, *args: object, **values: object) -> str:
        return self.form(values.get(self.by)).format(*args, **values)


def plural_category(value: object, locale: str) -> str:
    """CLDR's plural category of a count (or of the first number in a formatted one: "3", "1,234", "8개")."""
    # Babel's locale data, only once a plural label is filled in: a warm build may fill none.
    from babel import Locale, UnknownLocaleError
    from babel.numbers import NumberFormatError, parse_decimal  # likewise

    number: Any = value
    if isinstance(value, str):
        found = _NUMBER.search(value)
        if found is None:
            return "other"
        try:
            number = parse_decimal(found.group(0).strip(), locale=locale)
        except NumberFormatError:
            return "other"
    if not isinstance(number, (int, float)) and not hasattr(number, "as_tuple"):
        return "other"
    try:
        return str(Locale.parse(locale).plural_form(number))
    except (UnknownLocaleError, ValueError):
        return "other"


_team_dir: Path | None = None
_team_state: tuple[tuple[str, int, int], ...] = ()


def use_team_catalogs(content_dir: Path | None) -> None:
    """Read a team's catalogs from `content_dir/labels/` from now on (None: the packaged ones only)."""
    global _team_dir, _team_state
    folder = content_dir / TEAM_FOLDER if content_dir is not None else None
    state = _state(folder)
    if folder == _team_dir and state == _team_state:
        return  # the same files as last time (serve rebuilds on every save: re-read only what changed)
    _team_dir, _team_state = folder, state
    forget()


def _state(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    if folder is None or not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.glob("*.yaml")):
        with contextlib.suppress(OSError):
            stat = path.stat()
            found.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def forget() -> None:
    """Read every catalog afresh on next use (a catalog file changed: serve, tests)."""
    for cached in (languages, raw_catalog, catalog, language_settings, team_catalog_files):
        cached.cache_clear()


@functools.cache
def team_catalog_files() -> dict[str, Path]:
    """The team's catalog files, by language (those whose name is a language code)."""
    if _team_dir is None or not _team_dir.is_dir():
        return {}
    return {p.stem: p for p in sorted(_team_dir.glob("*.yaml")) if CODE.match(p.stem) and p.is_file()}


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages reportgen writes: one per catalog found, packaged or the team's.

    Sorted, with the reference last: the order every message, hint and schema has listed them in."""
    found = sorted({path.stem for path in CATALOG_DIR.glob("*.yaml")} | set(team_catalog_files()))
    return tuple(sorted(found, key=lambda code: code == REFERENCE))  # a stable sort: only the reference moves


@functools.cache
def raw_catalog(language: str, team: bool = False) -> Mapping[str, Any]:
    """One catalog file as YAML data: the packaged one, or (`team`) the team's; {} where there is none.
    A team's file is read under the content rules (check/catalog_check.py reports what it refuses)."""
    if team:
        path = team_catalog_files().get(language)
        if path is None:
            return {}
        # The content reader (sizes, aliases, duplicates); here, as only a team's catalog needs it.
        from reportgen.load.loader import load_document

        doc, _ = load_document(path, path.name, path.parent.parent)
        return doc.data if doc is not None and isinstance(doc.data, dict) else {}
    path = CATALOG_DIR / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = load_packaged(path)
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: a catalog is a mapping of `key: text`")
    return data


def _label(key: str, value: Any, locale: str) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("other"), str):
        forms = {k: v for k, v in value.items() if k != PLURAL_BY and isinstance(v, str)}
        by = value.get(PLURAL_BY)
        return Plural(forms, by if isinstance(by, str) else "count", locale)
    return None


@functools.cache
def catalog(language: str) -> Mapping[str, str]:
    """The labels of one language: the reference's, under the packaged catalog's, under the team's."""
    if language not in languages():
        raise CatalogError(f"no label catalog for language '{language}' (expected one of {', '.join(languages())})")
    locale = language_settings(language).babel_locale
    table: dict[str, str] = {}
    layers = [raw_catalog(REFERENCE), raw_catalog(language), raw_catalog(language, team=True)]
    for index, layer in enumerate(layers):
        layer_locale = "en" if index == 0 and language != REFERENCE else locale
        for key, value in layer.items():
            if key == LANGUAGE_BLOCK:
                continue
            text = _label(key, value, layer_locale)
            if text is None and index < 2:
                raise CatalogError(f"{CATALOG_DIR / language}.yaml: '{key}' must be text or plural forms")
            if text is not None:
                table[key] = text
    return table


@functools.cache
def language_settings(language: str) -> LanguageSettings:
    """The `language:` block of a language's catalog (the team's fields over the packaged ones)."""
    blocks = [raw_catalog(language).get(LANGUAGE_BLOCK), raw_catalog(language, team=True).get(LANGUAGE_BLOCK)]
    return settings_from(language, [b for b in blocks if isinstance(b, dict)])


def all_unit_spellings() -> dict[str, str]:
    """How a team may write a unit in any language's words (`주`, `週`, `week`) -> the unit."""
    found: dict[str, str] = {}
    for language in languages():
        found.update(language_settings(language).unit_spellings)
    return found


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a label, which the code fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def formatted(text: str) -> str | None:
    """The first placeholder of a label that formats or converts its value (`{year:>9}`, `{value!r}`),
    or None. A team's label is plain text with plain placeholders: a format could ask for a page of
    gigabytes (`{year:>30000000}`) or fail at render (`{value:.2f}` of a text), so it is refused."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None  # a stray brace: the placeholder check reports it
    for _, name, spec, conversion in parsed:
        if name is not None and (spec or conversion):
            return "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    return None


def fill(text: str, **values: object) -> str:
    """A label with its placeholders filled in. A label without placeholders is printed as written."""
    try:
        return text.format(**values) if placeholders(text) else text
    except (KeyError, IndexError, ValueError, AttributeError):
        return text  # validation refuses such an override; a shipped label never gets here


def label_forms(text: str) -> list[str]:
    """Every text of a label: its plural forms, or itself."""
    return list(text.forms.values()) if isinstance(text, Plural) else [text]


def labels(language: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The labels of `language`, with a team's overrides (checked by validation) laid over them."""
    table = dict(catalog(language))
    if overrides:
        table.update(overrides)
    return table


def in_language(texts: Mapping[str, str], language: str) -> str:
    """A text a team wrote per language: in the site's language, else the first it gave, else ""."""
    return texts.get(language) or next(iter(texts.values()), "")


def labelled(labels: Mapping[str, str | Mapping[str, str]], key: str, language: str) -> str:
    """A key (a choice) as a team labels it: one label for every language, or one per language
    (`{sev1: SEV1, rolled_back: {ko: 롤백, en: Rolled back}}`); else the key itself."""
    label = labels.get(key)
    if label is None:
        return key
    return label if isinstance(label, str) else in_language(label, language) or key
