"""A records section's columns: the pydantic model of its file, built from what the team declared,
so records are validated like every other file (file:line:col, did-you-mean, types).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, create_model

from reportgen.model.declarations import Column, SectionDeclaration
from reportgen.model.facts import Facts, Id, Number, Text, Url
from reportgen.model.fields import PROJECT_REF, DeclaredRange, RecordId, parse_duration


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
