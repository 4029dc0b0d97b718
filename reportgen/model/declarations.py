"""What a team declares about its sections in site.yaml: which sections, their titles, and the
shape of its own *groups* and *records* sections, with the figures derived from records.

These are models of the settings only; reportgen/sections/records/ turns a declaration into the model
of its file and into metrics of the registry.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from reportgen.load.catalogs import languages
from reportgen.model.fields import Number, Text
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


class Condition(Declared):
    """Which records a `share` (or a filtered count) counts: a choice equal to a value, or a number within a bound."""

    column: Key
    equals: Choice | None = None
    at_least: Number | None = None
    at_most: Number | None = None


class MetricDeclaration(Titled):
    name: Key
    of: Aggregate
    column: Key | None = None  # count_by, sum, mean, min, max, percentile
    start: Key | None = None  # mean_between: the earlier datetime column
    end: Key | None = None  # mean_between: the later one
    percentile: Annotated[Number, Field(ge=0, le=100)] | None = None
    where: Condition | None = None  # count and share
    unit: DurationUnit | None = None  # for durations: how they read (default hours)
    precision: Annotated[StrictInt, Field(ge=0, le=6)] | None = None


class ChartDeclaration(Declared):
    metric: Key  # one of the section's metrics
    type: Literal["bar", "line"] = "bar"


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
