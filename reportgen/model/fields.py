"""The field types every content file shares: text, links, ids and numbers, with their safety rules.

Kept apart from the models so that both the facts (model.py) and the site's declarations
(declarations.py) use the very same rules.
"""

from __future__ import annotations

import functools
import re
import typing
import unicodedata
from datetime import timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, StrictFloat, StrictInt, StrictStr
from pydantic.fields import FieldInfo

from reportgen.load.catalogs import catalog, languages
from reportgen.model.links import URL_PATTERN, check_url


def _nfc(text: str) -> str:
    # macOS editors may save Hangul decomposed (NFD); compare and slug on one form.
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        raise ValueError("text is empty")
    control = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n"), None)
    if control is not None:
        raise ValueError(f"text contains the control character U+{ord(control):04X}; remove it")
    # A lone surrogate ("\ud800" in a quoted YAML string) is no character: no page or file can hold it.
    surrogate = next((c for c in text if unicodedata.category(c) == "Cs"), None)
    if surrogate is not None:
        raise ValueError(f"text contains U+{ord(surrogate):04X}, half of a character that cannot be written; remove it")
    return text


# json_schema_extra only informs editors (reportgen schema); the validators above decide.
Text = Annotated[StrictStr, AfterValidator(_nfc), Field(json_schema_extra={"minLength": 1, "pattern": r"\S"})]
Url = Annotated[StrictStr, AfterValidator(check_url), Field(json_schema_extra={"pattern": URL_PATTERN})]
Id = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
# A record's id, in the form its tool gives it (INC-101, D-001, PROJ-42, 2024.03): letters, digits
# and - _ . with the case kept. Unique without regard to case (check/years.py), and never a path.
RECORD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
RecordId = Annotated[StrictStr, Field(pattern=RECORD_ID_PATTERN, max_length=64)]
Number = StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)]
# A field that names a project by id (any `project:`, or a records column of type project): the
# check that every reference names a project of the year looks for fields marked like this.
PROJECT_REF = "project-ref"


def is_project_ref(model: type[BaseModel], field: str) -> bool:
    info = model.model_fields.get(field)
    extra = info.json_schema_extra if info is not None else None
    return field == "project" or (isinstance(extra, dict) and extra.get("x-reportgen") == PROJECT_REF)


def same_name(name: str) -> str:
    """Names that a reader would take for the same project: case, width and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class DeclaredRange:
    """Marks a field whose least and greatest value a team declared (a records column's `min:`/`max:`)."""


def is_declared_range(info: FieldInfo) -> bool:
    """Whether the field's bounds are a team's declared ones (an optional column keeps them in its union)."""
    marks = list(info.metadata)
    pending = [info.annotation]
    while pending:
        annotation = pending.pop()
        marks += getattr(annotation, "__metadata__", ())
        pending += typing.get_args(annotation)
    return any(isinstance(mark, DeclaredRange) for mark in marks)


_UNITS = {"days": "days_unit", "hours": "hours_unit", "minutes": "minutes_unit"}  # in the order people write them
_SHORT = {"days": ["d"], "hours": ["h"], "minutes": ["m", "min"]}


@functools.cache
def _duration_pattern(found: tuple[str, ...]) -> re.Pattern[str]:
    """Days, hours and minutes, each a number and a unit word: d, h, m(in), or a catalog's own
    (1시간 30분, 2일). The words come from every language's catalog, so a site in one language
    reads the others' too; none is a word of another unit."""
    parts = []
    for unit, label in _UNITS.items():
        words = set(_SHORT[unit])
        for language in found:  # the languages of the catalogs found, a team's own too
            word = catalog(language)[label].replace("{value}", "").strip()
            if word:
                words.add(word)
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        parts.append(rf"(?:(\d+(?:\.\d+)?)\s*(?:{alternatives}))?\s*")
    return re.compile(r"^\s*" + "".join(parts) + "$")


def parse_duration(value: Any) -> Any:
    """`90m`, `1h 30m`, `2h`, `1.5h`, `3d`, `1시간 30분`: a team writes durations as people do."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str) and value.startswith("P"):
        return value  # ISO 8601 (PT1H30M), as data.json writes durations; pydantic reads it
    if not isinstance(value, str):
        raise ValueError(f"expected a duration such as 45m, 1h 30m or 2d, got {value!r}")
    match = _duration_pattern(languages()).match(value)
    if not match or not any(match.groups()):
        raise ValueError(f"'{value}' is not a duration; write it as 45m, 1h 30m or 2d")
    days, hours, minutes = (float(part) if part else 0.0 for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)
