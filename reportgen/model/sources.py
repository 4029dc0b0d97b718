"""How a records section reads the files a team's tools export (CSV or JSON): the `source:` block
of its declaration, and the team's time zone that times with an offset are read in.

By default an export's field (a CSV header, a JSON object's key) is the column of the same key.
`source:` says otherwise, column by column:

    source:
      columns:
        id: number                              # the field a column is read from, in short
        opened: {from: createdAt}
        author: {from: author.login}            # a dotted path into a JSON object
        result: {from: conclusion, values: {SUCCESS: success, FAILURE: failed}}
        day: {from: "Created At", format: "%m/%d/%Y"}
      ignore: [url, labels]                     # fields of the export that are dropped
      rows: workflow_runs                       # JSON: where the list is in the export's object

Only what the declaration names reaches the site; any other field of the export is an error.
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, model_validator

from reportgen.load.codes import Invalid
from reportgen.model.fields import Text

# The pattern of declarations.Key (a column's key), which cannot be imported here: declarations imports this module.
ColumnKey = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
# A field of the export: a CSV header as written ("Created At"), or a dotted path into a JSON object.
FieldName = Annotated[Text, Field(max_length=200)]


def _a_format(value: str) -> str:
    if "%" not in value:
        raise ValueError(f"'{value}' is not a date format; write it with strftime codes, e.g. %m/%d/%Y %H:%M")
    return value


DateFormat = Annotated[Text, Field(max_length=100), AfterValidator(_a_format)]


class _Declared(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSource(_Declared):
    """Where one column is in the export, and how the export writes its values."""

    # `from` is a Python keyword: the field is named from_ and written `from:`.
    from_: FieldName | None = Field(default=None, alias="from")
    # An export's values onto the column's (choices, mostly); null drops a value (`N/A: null`).
    values: dict[StrictStr, StrictStr | None] = Field(default_factory=dict)
    format: DateFormat | None = None  # date and datetime columns: how the export writes them (strptime)

    @model_validator(mode="before")
    @classmethod
    def _short(cls, value: Any) -> Any:
        return {"from": value} if isinstance(value, str) else value


class SourceDeclaration(_Declared):
    columns: dict[ColumnKey, FieldSource] = Field(default_factory=dict)  # by column key (or `id`)
    ignore: tuple[FieldName, ...] = ()  # fields of the export that are dropped
    rows: FieldName | None = None  # JSON: the dotted path to the list of records in the export's object

    def field(self, key: str) -> str:
        """The export's field a column (or `id`) is read from."""
        found = self.columns.get(key)
        return found.from_ if found is not None and found.from_ is not None else key


NO_SOURCE = SourceDeclaration()  # a section without `source:`: every field is the column of its name


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA names this machine knows (the tzdata package, else the system's zoneinfo)."""
    return frozenset(zoneinfo.available_timezones())


def _time_zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError, OSError):
        close = difflib.get_close_matches(value, sorted(time_zones()), n=1, cutoff=0.6)
        also = f" (did you mean '{close[0]}'?)" if close else ""
        raise Invalid("unknown-timezone", f"'{value}' is not a time zone{also}") from None
    return value


# The team's time zone, an IANA name (Asia/Seoul, Europe/Berlin): the clock its times are shown in.
TimeZone = Annotated[StrictStr, Field(max_length=64), AfterValidator(_time_zone)]
