"""JSON Schemas of the content files, so editors can autocomplete and flag mistakes as people type."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reportgen.check.validate import SITE_FILE
from reportgen.derive.aggregations import AGGREGATIONS
from reportgen.derive.metrics import Registry
from reportgen.load.catalogs import catalog, languages
from reportgen.model.declarations import MetricDeclaration, SectionDeclaration
from reportgen.model.facts import DeclaredFigure, KpiTarget, SiteSettings
from reportgen.sections.kind import Section
from reportgen.sections.registry import DECLARABLE, DEFAULT_SECTIONS, site_metrics, year_files

SCHEMA_DIR = ".schemas"  # inside the content folder; dot-folders are not years
HEADER_PREFIX = "# yaml-language-server: $schema="


def _files(sections: tuple[Section, ...]) -> dict[str, type[BaseModel]]:
    return {SITE_FILE: SiteSettings, **year_files(sections)}


def schema_name(content_file: str, sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> str:
    """The schema file for a content file name: one per model, shared where files share a shape."""
    declared = next((s for s in sections if s.file == content_file and s.file_model is not None), None)
    if declared is not None:
        return f"{declared.key}.schema.json"  # a records section's own columns
    model = _files(sections)[content_file]
    return f"{model.__name__.removesuffix('File').lower()}.schema.json"


def _string_branch(schema: dict[str, Any], model: type[BaseModel], field: str) -> dict[str, Any]:
    """The string schema of `model.field` inside a file's schema (its `str | None` union unwrapped)."""
    definition = schema if schema.get("title") == model.__name__ else schema["$defs"][model.__name__]
    # A model written in a short form too (a section as its bare key) is a union: take the object.
    definition = next((b for b in definition.get("anyOf", [definition]) if "properties" in b), definition)
    prop = definition["properties"][field]
    return next((branch for branch in prop.get("anyOf", [prop]) if branch.get("type") == "string"), prop)


def _name_registry_entries(schema: dict[str, Any], model: type[BaseModel], registry: Registry) -> None:
    """Editors suggest the names the registries know: metrics (the team's own among them, wherever a
    metric name goes), aggregations, label keys."""
    if model is SiteSettings:
        keys = sorted({key for language in languages() for key in catalog(language)})
        schema["properties"]["labels"]["propertyNames"] = {"enum": keys}
        headline = next(b for b in schema["properties"]["headline"]["anyOf"] if b.get("type") == "array")
        headline["items"]["enum"] = list(registry.year_names())
    defs = {**schema.get("$defs", {}), schema.get("title"): schema}
    if DeclaredFigure.__name__ in defs:
        _string_branch(schema, DeclaredFigure, "metric")["enum"] = list(registry)
    if MetricDeclaration.__name__ in defs:
        _string_branch(schema, MetricDeclaration, "of")["enum"] = list(AGGREGATIONS)
    if SectionDeclaration.__name__ in defs:
        _string_branch(schema, SectionDeclaration, "kind")["enum"] = list(DECLARABLE)
    if KpiTarget.__name__ in defs:
        for field in ("baseline_from", "actual_from"):
            _string_branch(schema, KpiTarget, field)["enum"] = list(registry.year_names())


def schemas(sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> dict[str, dict[str, Any]]:
    result = {}
    registry = site_metrics(sections)
    for content_file, model in _files(sections).items():
        schema = model.model_json_schema()
        _name_registry_entries(schema, model, registry)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        result[schema_name(content_file, sections)] = schema
    return result


def render_schemas(sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> dict[str, bytes]:
    return {
        name: (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        for name, schema in schemas(sections).items()
    }


def header_for(content_dir: Path, content_file: Path, sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> str:
    """The first line of a content file: where its schema is, relative to the file."""
    relative = content_file.parent.relative_to(content_dir).as_posix()
    target = posixpath.relpath(f"{SCHEMA_DIR}/{schema_name(content_file.name, sections)}", relative)
    return HEADER_PREFIX + target


def write_schemas(out_dir: Path, sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_schemas(sections).items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    return written
