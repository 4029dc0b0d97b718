"""JSON Schemas of the content files, so editors can autocomplete and flag mistakes as people type."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import SiteSettings
from .validate import SECTION_FILES, SITE_FILE

SCHEMA_DIR = ".schemas"  # inside the content folder; dot-folders are not years
HEADER_PREFIX = "# yaml-language-server: $schema="


def schema_name(content_file: str) -> str:
    """The schema file for a content file name: one per model, shared where files share a shape."""
    model = _model(content_file)
    return f"{model.__name__.removesuffix('File').lower()}.schema.json"


def _model(content_file: str) -> type[BaseModel]:
    return SiteSettings if content_file == SITE_FILE else SECTION_FILES[content_file]


def schemas() -> dict[str, dict[str, Any]]:
    result = {}
    for content_file in (SITE_FILE, *SECTION_FILES):
        schema = _model(content_file).model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        result[schema_name(content_file)] = schema
    return result


def render_schemas() -> dict[str, bytes]:
    return {
        name: (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        for name, schema in schemas().items()
    }


def header_for(content_dir: Path, content_file: Path) -> str:
    """The first line of a content file: where its schema is, relative to the file."""
    relative = content_file.parent.relative_to(content_dir).as_posix()
    target = posixpath.relpath(f"{SCHEMA_DIR}/{schema_name(content_file.name)}", relative)
    return HEADER_PREFIX + target


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_schemas().items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    return written
