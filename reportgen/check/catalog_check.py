"""A team's catalogs (content/labels/<lang>.yaml), checked against the English one.

A team's catalog is content, under the same rules as its facts: read by the content loader, its
text only ever printed as text, its fonts names from an allowlist (load/fonts.py: packaged files
for charts and the PDF, plain family names for pages; never a url() or a file of the team's).
Every label is checked for the placeholders the English one has; a key it lacks falls back to
English, with a warning naming the key and the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from babel import Locale

from reportgen.check.catalog_language import language_block_problems
from reportgen.check.label_units import doubled_units
from reportgen.load.catalogs import (
    LANGUAGE_BLOCK,
    PLURAL_BY,
    REFERENCE,
    TEAM_FOLDER,
    formatted,
    label_forms,
    language_settings,
    placeholders,
    raw_catalog,
    team_catalog_files,
)
from reportgen.load.loader import Document, load_document
from reportgen.load.locations import CATALOG_DIR
from reportgen.load.problems import Problem, Severity, display_path, suggest


def catalog_problems(content_dir: Path, root: Path) -> list[Problem]:
    """Every problem of the team's catalogs, and each label a new language lacks."""
    folder = content_dir / TEAM_FOLDER
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    found = team_catalog_files()
    for path in sorted(folder.iterdir()):
        if path.stem not in found or path.suffix != ".yaml":
            hint = "name a catalog by its language, e.g. content/labels/de.yaml"
            display = display_path(path, root)
            problems.append(Problem(display, 1, 1, f"'{path.name}' is not a catalog", hint, code="unexpected-file"))
    for code, path in found.items():
        doc, loaded = load_document(path, display_path(path, root), content_dir)
        problems += loaded
        if doc is not None:
            problems += list(_catalog(doc, code))
    return problems


def _catalog(doc: Document, code: str) -> Iterator[Problem]:
    if not isinstance(doc.data, dict):
        yield doc.problem(
            (), "a catalog is a mapping of `key: text`", "start from reportgen/labels/en.yaml", code="wrong-type"
        )
        return
    reference = {k: v for k, v in raw_catalog(REFERENCE).items() if k != LANGUAGE_BLOCK}
    yield from language_block_problems(doc, code, doc.data.get(LANGUAGE_BLOCK))
    for key, value in doc.data.items():
        if key == LANGUAGE_BLOCK:
            continue
        if key not in reference:
            hint = suggest(str(key), reference) or f"the keys are those of {CATALOG_DIR.name}/{REFERENCE}.yaml"
            yield doc.problem((key,), f"unknown label '{key}'", hint, key=True, code="unknown-label")
            continue
        yield from _label(doc, code, str(key), value, reference[key])
    if not (CATALOG_DIR / f"{code}.yaml").is_file():  # a language of the team's own: it must be complete
        for key in reference:
            if key not in doc.data:
                yield doc.problem(
                    (),
                    f"label '{key}' is missing from {doc.display}; the English text is used",
                    f"add {key}: with its translation of {REFERENCE}.yaml's",
                    code="catalog-missing-key",
                    severity=Severity.WARNING,
                )


def _forms(value: Any) -> dict[str, str] | None:
    if isinstance(value, str):
        return {"other": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items() if k != PLURAL_BY}
    return None


def _label(doc: Document, code: str, key: str, value: Any, english: Any) -> Iterator[Problem]:
    forms = _forms(value)
    if forms is None:
        hint = "write text, or plural forms such as {one: '{count} project', other: '{count} projects'}"
        yield doc.problem((key,), f"label '{key}' is neither text nor plural forms", hint, code="wrong-type")
        return
    expected = set().union(*(placeholders(t) for t in label_forms(_english(english))))
    by = value.get(PLURAL_BY, "count") if isinstance(value, dict) else None
    if isinstance(value, dict):
        yield from _plural(doc, code, key, forms, by, expected)
    for category, text in forms.items():
        where = (key, category) if isinstance(value, dict) else (key,)
        spec = formatted(text)
        if spec is not None:
            hint = "write each placeholder as {name}, without a format or conversion"
            yield doc.problem(where, f"label '{key}' formats a placeholder ('{spec}')", hint, code="label-format")
            continue
        try:
            found = placeholders(text)
        except ValueError:
            found = {"{"}
        may_omit = {by} if by and category != "other" else set()
        if found - expected or (expected - may_omit) - found:
            listed = ", ".join("{" + n + "}" for n in sorted(expected)) or "none"
            yield doc.problem(
                where,
                f"label '{key}' does not have the placeholders of {REFERENCE}.yaml",
                f"use exactly {listed}",
                code="label-placeholders",
            )
            continue
        for doubled in doubled_units(text, code):
            yield doc.problem(where, f"label '{key}': {doubled}", "drop the unit after it", code="catalog-doubled-unit")


def _english(value: Any) -> str:
    forms = _forms(value) or {"other": ""}
    return forms.get("other", "")


def _plural(
    doc: Document, code: str, key: str, forms: Mapping[str, str], by: Any, expected: set[str]
) -> Iterator[Problem]:
    locale = language_settings(code).babel_locale
    allowed = set(Locale.parse(locale).plural_form.tags) | {"other"}
    wrong = sorted(set(forms) - allowed)
    if "other" not in forms or wrong:
        listed = ", ".join(sorted(allowed))
        message = (
            f"plural label '{key}' has no 'other' form"
            if "other" not in forms
            else (f"plural label '{key}' has categories {locale} does not use: {', '.join(wrong)}")
        )
        yield doc.problem((key,), message, f"use {listed}", code="catalog-plural")
    if not isinstance(by, str) or by not in expected:
        hint = f"set by: to one of {', '.join(sorted(expected))}" if expected else "a label without a count is text"
        yield doc.problem(
            (key,), f"plural label '{key}' counts by '{by}', which it is not given", hint, code="catalog-plural"
        )
