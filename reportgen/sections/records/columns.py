"""A records section's columns: the pydantic model of its file, built from what the team declared,
so records are validated like every other file (file:line:col, did-you-mean, types).
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, create_model

from reportgen.load.catalogs import catalog, languages
from reportgen.model.declarations import Column, SectionDeclaration
from reportgen.model.facts import Facts, Id, Number, Text, Url
from reportgen.model.fields import PROJECT_REF, DeclaredRange, RecordId

_UNITS = {"days": "days_unit", "hours": "hours_unit", "minutes": "minutes_unit"}  # in the order people write them
_SHORT = {"days": ["d"], "hours": ["h"], "minutes": ["m", "min"]}


@functools.cache
def _duration_pattern() -> re.Pattern[str]:
    """Days, hours and minutes, each a number and a unit word: d, h, m(in), or a catalog's own
    (1시간 30분, 2일). The words come from every language's catalog, so a site in one language
    reads the others' too; none is a word of another unit."""
    parts = []
    for unit, label in _UNITS.items():
        words = set(_SHORT[unit])
        for language in languages():
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
    match = _duration_pattern().match(value)
    if not match or not any(match.groups()):
        raise ValueError(f"'{value}' is not a duration; write it as 45m, 1h 30m or 2d")
    days, hours, minutes = (float(part) if part else 0.0 for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def _datetime_only(value: Any) -> Any:
    # pydantic would read 1700000000 as a Unix time; a typed number is a mistake here, not a time.
    if isinstance(value, datetime | str):
        return value
    if isinstance(value, date):
        raise ValueError(f"{value} has no time of day; write it as {value}T09:00 or {value} 09:00:00")
    raise ValueError(f"expected a date and time such as 2024-03-04 09:30, got {value!r}")


def _as_written(value: datetime) -> datetime:
    """Times are shown and compared as written, in the team's own clock. One with an offset would
    have to be moved to some zone to sit beside the others, changing the time the reader sees
    (10:00+09:00 showed as 01:00), so it is refused with what to write instead."""
    if value.tzinfo is not None:
        local = value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
        raise ValueError(f"'{value.isoformat()}' has a time zone; write the team's local time without it, e.g. {local}")
    return value


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
DateTime = Annotated[datetime, BeforeValidator(_datetime_only), AfterValidator(_as_written)]
# A project reference: the cross-file check looks for fields marked like this.
ProjectRef = Id


def _column_type(column: Column) -> Any:
    types: dict[str, Any] = {
        "text": Text,
        "number": Number,
        "integer": Annotated[int, Field(strict=True)],
        "date": date,
        "datetime": DateTime,
        "duration": Duration,
        "link": Url,
        "project": ProjectRef,
    }
    if column.type == "choice":
        return Literal[column.choices] if column.choices else Text  # type: ignore[valid-type]
    if column.min is not None or column.max is not None:  # checked at the value, like every type
        return Annotated[types[column.type], Field(ge=column.min, le=column.max), DeclaredRange()]
    return types[column.type]


def file_model(declaration: SectionDeclaration) -> type[BaseModel]:
    """The model of a records section's file: `records:` a list of rows with the declared columns."""
    fields: dict[str, Any] = {"id": (RecordId | None, None)}  # as the team's tool writes it (INC-101)
    for column in declaration.columns:
        kind = _column_type(column)
        # The marker sits on the field itself, where the cross-file check looks for project references.
        extra = {"x-reportgen": PROJECT_REF} if column.type == "project" else None
        default = Field(... if column.required else None, json_schema_extra=extra)
        fields[column.key] = (kind if column.required else kind | None, default)
    name = "".join(part.capitalize() for part in declaration.key.split("_"))
    row = create_model(f"{name}Record", __base__=Facts, **fields)
    return create_model(f"{name}File", __base__=Facts, records=(tuple[row, ...], ()))  # type: ignore[valid-type]
