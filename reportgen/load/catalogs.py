"""The headings and labels the site generates, per interface language.

The text lives in YAML catalogs beside this module (`labels/<language>.yaml`), so a translator
or a team lead changes wording without touching Python. A team overrides single labels in its
site settings (`labels:`); `labels()` merges those over the catalog.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping

from reportgen.load.loader import load_packaged
from reportgen.load.locations import CATALOG_DIR

# The complete catalog: the others are checked against it, and it serves when a language is unknown.
REFERENCE = "en"


class CatalogError(ValueError):
    """A label catalog in the package is malformed: a packaging mistake, not a content error."""


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages reportgen writes: one per label catalog shipped, so adding a catalog adds a language.

    Sorted, with the reference last: the order every message, hint and schema has listed them in."""
    found = sorted(path.stem for path in CATALOG_DIR.glob("*.yaml"))
    return tuple(sorted(found, key=lambda code: code == REFERENCE))  # a stable sort: only the reference moves


@functools.cache
def catalog(language: str) -> Mapping[str, str]:
    """The shipped labels of one language, read once per process."""
    path = CATALOG_DIR / f"{language}.yaml"
    if language not in languages() or not path.is_file():
        raise CatalogError(f"no label catalog for language '{language}' (expected one of {', '.join(languages())})")
    data = load_packaged(path)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise CatalogError(f"{path}: every entry must be `key: text`")
    return data


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
