"""What a team declares about its sections in site.yaml: which sections, their titles, and the
shape of its own *groups* and *records* sections, with the figures derived from records.

These are models of the settings only; reportgen/sections/records/ turns a declaration into the model
of its file and into metrics of the registry.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from reportgen.load.catalogs import languages
from reportgen.model.fields import Number, Text, parse_duration
from reportgen.model.sources import SourceDeclaration


def _language(value: object) -> str:
    """A language with a label catalog. Anything else fails as a Literal of the found languages would
    (type, wording and context alike), so validation's message and did-you-mean stay what they were."""
    found = languages()
    if isinstance(value, str) and value in found:
        return found[found.index(value)]
    quoted = [f"'{code}'" for code in found]
    expected = f"{', '.join(quoted[:-1])} or {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)
    raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})


class _Catalogued:
    """Checked against the catalogs when validating, not fixed at import, so a new catalog is a new language."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(_language)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"enum": list(languages()), "type": "string"}  # editors offer the languages, as for a Literal


Language = Annotated[str, _Catalogued]
Key = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Choice = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
Name = Annotated[Text, Field(max_length=200)]

ColumnType = Literal["text", "number", "integer", "date", "datetime", "duration", "choice", "link", "project"]
# How a duration (or a difference of two datetimes) is shown.
DurationUnit = Literal["minutes", "hours", "days"]
# A name of the aggregation registry (derive/aggregations.py), which the model stands before:
# check/settings_check.py checks it, with the message a list of choices would give.
Aggregate = StrictStr


class Declared(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Titled(Declared):
    title: dict[Language, Name] = Field(default_factory=dict)  # per language: {en: Incidents, ko: 장애}


class Column(Titled):
    key: Key
    type: ColumnType
    required: StrictBool = False
    unit: Name | None = None  # number: printed after the value, as written ("ms", "$k")
    choices: tuple[Choice, ...] = ()  # choice: the allowed values
    # choice: how a choice reads on the pages, for all languages or per language
    # (`labels: {sev1: SEV1, rollback: {ko: 롤백, en: Rollback}}`); the key is what data.json keeps.
    labels: dict[Choice, Name | dict[Language, Name]] = Field(default_factory=dict)
    # number, integer: the least and greatest value that can be true (a percentage 0-100, a count >= 0)
    min: Number | None = None
    max: Number | None = None
    unique: StrictBool = False  # no two records share a value here (one SLO per service)

    @model_validator(mode="after")
    def _bounds(self) -> Column:
        if (self.min is not None or self.max is not None) and self.type not in ("number", "integer"):
            raise ValueError(f"'min' and 'max' are for number and integer columns, not {self.type}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'min' ({self.min:g}) is greater than 'max' ({self.max:g})")
        return self


class ColumnRef(Declared):
    """Another column of the same record, as a condition's bound: `at_least: {column: objective}`."""

    column: Key


# A value a condition compares a cell with: a choice or a text, or a whole number.
Value = Text | StrictInt
_TIMEDELTA: TypeAdapter[timedelta] = TypeAdapter(timedelta)
_BOUND_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "description": "a date (2024-03-01), a date and time, or a duration such as 1h 30m"},
        {
            "type": "object",
            "properties": {"column": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}},
            "required": ["column"],
            "additionalProperties": False,
            "description": "another column of the same record",
        },
    ]
}


def _bound(value: object) -> object:
    """A bound: a number, a date, a date and time, a duration as people write it (1h 30m), or another
    column of the record. One message for a value that is none of them, where a union would give five;
    the settings check then matches the bound with the tested column's type."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    if isinstance(value, date):  # YAML reads 2024-03-01 as a date, 2024-03-01 09:00 as a date and time
        return value
    if isinstance(value, dict):
        try:
            return ColumnRef.model_validate(value)
        except ValidationError:
            raise ValueError("a bound naming another column is written {column: key}") from None
    if isinstance(value, str):
        moment = _moment(value)
        if moment is not None:
            return moment
        try:
            parsed = parse_duration(value)
            return parsed if isinstance(parsed, timedelta) else _TIMEDELTA.validate_python(parsed)
        except (ValueError, ValidationError):
            pass
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    raise ValueError(f"{shown} is not a number, a date or a duration such as 1h 30m")


def _moment(text: str) -> date | None:
    """A date and time as records write it, `2024-03-12 22:00` (YAML reads it as text without seconds)."""
    if not _MOMENT.match(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date and time") from None
    if moment.tzinfo is not None:  # records are in the team's own clock, and so are their bounds
        raise ValueError(f"'{text}' has a time zone; write the team's local time without it")
    return moment


_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")
Bound = Annotated[Any, PlainValidator(_bound), WithJsonSchema(_BOUND_SCHEMA)]


class Condition(Declared):
    """Which records a figure counts. A test of one column, `{column: severity, equals: sev1}`, or
    conditions combined, `{all: [...]}` / `{any: [...]}`. A test of one column holds one test, or a
    lower and an upper bound together (a range). A record whose tested cell is empty meets no test
    but `empty: true`; nor does one whose bound column is empty."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    column: Key | None = None
    equals: Value | None = None
    in_: Annotated[tuple[Value, ...], Field(min_length=1)] | None = Field(default=None, alias="in")
    not_in: Annotated[tuple[Value, ...], Field(min_length=1)] | None = None
    at_least: Bound | None = None
    at_most: Bound | None = None
    above: Bound | None = None
    below: Bound | None = None
    empty: StrictBool | None = None
    all: Annotated[tuple[Condition, ...], Field(min_length=1)] | None = None
    any: Annotated[tuple[Condition, ...], Field(min_length=1)] | None = None


# The tests of one column, as written in YAML; the bounds of a range.
TESTS = ("equals", "in", "not_in", "at_least", "at_most", "above", "below", "empty")
LOWER, UPPER = ("at_least", "above"), ("at_most", "below")
Period = Literal["week", "month", "quarter"]


class MetricDeclaration(Titled):
    """One declared figure. Which fields an aggregation reads is its `reads` (derive/aggregations.py);
    the settings check refuses any other field given."""

    name: Key
    of: Aggregate
    column: Key | None = None  # the column aggregated (a sum's, a mean's, a ratio's numerator, ...)
    over: Key | None = None  # ratio: the column whose sum divides
    start: Key | None = None  # mean_between: the earlier datetime column
    end: Key | None = None  # mean_between: the later one
    percentile: Annotated[Number, Field(ge=0, le=100)] | None = None
    per: Period | None = None  # rate: a count or sum per week, month or quarter
    date: Key | None = None  # rate: the date or datetime column that places a record in the year
    where: Condition | None = None  # which records count (share: those it is the share of)
    among: Condition | None = None  # share: the records it is a share among (default: all)
    unit: DurationUnit | None = None  # for durations: how they read (default hours)
    precision: Annotated[StrictInt, Field(ge=0, le=6)] | None = None


# What a records section's chart runs along: the years, the periods of its year, or its records.
ChartBy = Literal["year", "month", "quarter", "week", "record"]


class ChartDeclaration(Declared):
    """A records section's chart. `by: year` (the default): one of its figures over the years, or a
    count by choice in the year. `by: month | quarter | week`: a figure for each period of the year,
    computed over the records its `date` column places there. `by: record`: a number `column`'s value
    in each record, named by its `label` column. Which fields each `by` reads, the settings check says."""

    metric: Key | None = None  # one of the section's metrics (by year or period)
    type: Literal["bar", "line"] = "bar"
    by: ChartBy = "year"
    date: Key | None = None  # by period: the date or datetime column (default: the figure's, else the first)
    column: Key | None = None  # by record: the number, integer or duration column drawn
    label: Key | None = None  # by record: the column naming each record (default: its id)


class SectionDeclaration(Titled):
    """One entry of `sections:`. A bare key names a built-in section; `kind` declares a team's own."""

    key: Key
    kind: StrictStr | None = None  # a kind a team may declare (checked against the registry)
    columns: tuple[Column, ...] = ()
    metrics: tuple[MetricDeclaration, ...] = ()
    chart: ChartDeclaration | None = None
    source: SourceDeclaration | None = None  # records: how an export (CSV, JSON) of the team's tool is read

    @model_validator(mode="before")
    @classmethod
    def _bare_key(cls, value: Any) -> Any:
        return {"key": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}, handler(core_schema)]}
