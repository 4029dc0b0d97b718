"""The typed facts. Frozen, strict, and closed: an unknown key is an error, not a silent extra."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue

from reportgen.load.codes import Invalid
from reportgen.model.declarations import Language, SectionDeclaration
from reportgen.model.fields import Id, Number, Text, Url
from reportgen.model.sources import TimeZone

__all__ = ["Id", "Number", "Text", "Url"]  # the shared field types, where the models have always offered them


class Facts(BaseModel):
    # Strictness lives in the field types (StrictStr, StrictInt): tuples must still accept YAML lists.
    model_config = ConfigDict(extra="forbid", frozen=True)


Year = Annotated[StrictInt, Field(ge=1900, le=2999)]


Status = Literal["completed", "in_progress", "cancelled", "unknown"]
Delivery = Literal["on_time", "delayed", "unknown"]
ServiceStatus = Literal["designed", "built", "deployed"]
Direction = Literal["higher", "lower"]


# The name of a derived figure. Which names exist is the metric registry's business
# (reportgen.derive.metrics); validation checks each name against it, with a did-you-mean.
MetricRef = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
# A label key in the catalogs (reportgen/labels/*.yaml).
LabelKey = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class Item(Facts):
    """One line of a list. A plain string in YAML is shorthand for `{text: ...}`."""

    text: Text
    project: Id | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string", "minLength": 1, "pattern": r"\S"}, handler(core_schema)]}


class Link(Facts):
    """A link a reader can follow: http(s), mailto, or a relative link to a generated page."""

    title: Text
    url: Url


class SiteSettings(Facts):
    """content/site.yaml. Title, description and language belong in mkdocs.yml (site_name,
    site_description, theme.language); here they only serve a project without MkDocs."""

    team: Text | None = None  # the team's name: on the printed report's cover
    title: Text | None = None
    language: Language = "ko"
    description: Text | None = None
    # Any label of the site's language, reworded: `labels: {impact: Customer impact}`.
    labels: dict[LabelKey, Text] = Field(default_factory=dict)
    # Which sections a year has, in reading order, and the team's own (None: the built-in list).
    sections: tuple[SectionDeclaration, ...] | None = None
    # The metrics shown as cards on the overview and home pages (None: the built-in cards).
    headline: tuple[MetricRef, ...] | None = None
    paper: Literal["a4", "letter"] = "a4"  # the printed report's paper size
    # The team's time zone (an IANA name): a time an export writes with an offset or Z is read in it.
    timezone: TimeZone | None = None


# A field name of the model that holds it (checked there), for `inferred:`.
FieldName = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


Inferred = dict[FieldName, Text]


class Provenance(Facts):
    """Facts that may say which of their values the team inferred rather than read in the source.

    `inferred: {delivery: "<why>"}` maps a field name to the reasoning, in words. One mapping on the
    object (not a `<field>_inferred` per field) works for any field, present and future, is checked
    against the model's own fields, and keeps the value itself a plain value for every reader.
    """

    # Each subclass declares `inferred: Inferred = Field(default_factory=dict)` as its last field, so it
    # reads last in data.json and the schema; the check below is shared.
    if TYPE_CHECKING:
        inferred: Inferred

    @field_validator("inferred", check_fields=False)
    @classmethod
    def _names_own_fields(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = sorted(name for name in cls.model_fields if name not in ("inferred", "id"))
        unknown = [name for name in value if name not in allowed]
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not a field here (inferred: names one of {', '.join(allowed)})")
        return value


class Summary(Facts):
    """The year in the team's own words: what went well, what fell short, what comes next.

    Shown first on the overview and the home page, marked as the team's words. Only what the
    team says: the site adds its own sentence of figures beside it, marked as generated.
    """

    highlights: tuple[Text, ...] = ()
    shortfalls: tuple[Text, ...] = ()
    focus: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _says_something(self) -> Summary:
        if not (self.highlights or self.shortfalls or self.focus):
            raise ValueError("give at least one of 'highlights', 'shortfalls' or 'focus', or leave 'summary' out")
        return self


class DeclaredFigure(Facts):
    """A figure as the source document states it, kept to be checked against the derived one."""

    metric: MetricRef
    value: Number
    approx: StrictBool = False
    project: Id | None = None  # for a figure of one project (validation checks which metrics need it)
    source: Text


class ReportFile(Facts):
    year: Year
    title: Text
    # A year still being written: the day its facts run to. A rate per week or month is over the
    # year up to this day (else the whole year), so the figure never depends on the day of a build.
    as_of: date | None = None
    source: Text | None = None
    summary: Summary | None = None
    declared: tuple[DeclaredFigure, ...] = ()

    @field_validator("as_of")
    @classmethod
    def _as_of_in_the_year(cls, as_of: date | None, info: ValidationInfo) -> date | None:
        year = info.data.get("year")
        if as_of is not None and year is not None and as_of.year != year:
            raise Invalid("outside-year", f"as_of {as_of} is outside {year}, the report's year")
        return as_of


class Project(Provenance):
    id: Id
    name: Text
    start: date | None = None
    end: date | None = None
    duration_note: Text | None = None
    # A project that runs across years says so; otherwise dates outside the report's year are flagged.
    spans_years: StrictBool = False
    status: Status = "unknown"
    delivery: Delivery = "unknown"
    tags: tuple[Text, ...] = ()
    links: tuple[Link, ...] = ()
    inferred: Inferred = Field(default_factory=dict)

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise Invalid("end-before-start", f"the end date {end} is before the start date {start}")
        return end

    @model_validator(mode="after")
    def _both_dates_or_neither(self) -> Project:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both 'start' and 'end', or neither (use duration_note for undated work)")
        return self


class ProjectsFile(Facts):
    projects: tuple[Project, ...]


class Action(Facts):
    label: Text
    text: Text


class Achievement(Provenance):
    id: Id
    project: Id
    title: Text
    problem: tuple[Text, ...] = Field(min_length=1)
    actions: tuple[Action, ...] = Field(min_length=1)
    results: tuple[Text, ...] = Field(min_length=1)
    technologies: tuple[Text, ...] = ()
    links: tuple[Link, ...] = ()
    inferred: Inferred = Field(default_factory=dict)


class AchievementsFile(Facts):
    achievements: tuple[Achievement, ...]


class ItemGroup(Facts):
    id: Id
    title: Text
    label: Text | None = None
    items: tuple[Item, ...] = Field(min_length=1)


class GroupsFile(Facts):
    """The file of every section of the groups kind (infrastructure, reliability, operations, impact, …)."""

    groups: tuple[ItemGroup, ...]


class Service(Provenance):
    id: Id
    name: Text
    status: ServiceStatus
    detail: Text
    project: Id | None = None
    links: tuple[Link, ...] = ()
    inferred: Inferred = Field(default_factory=dict)


class ServicesFile(Facts):
    services: tuple[Service, ...] = ()
    performance_tests: tuple[Item, ...] = ()


class KpiTarget(Facts):
    id: Id
    metric: Text
    description: Text | None = None
    unit: Text | None = None
    baseline: Number | None = None
    baseline_from: MetricRef | None = None
    # The figure next year's actual is taken from (default: baseline_from's); e.g. a typed baseline
    # of 3 hours with `actual_from: mttr`, derived from next year's incidents.
    actual_from: MetricRef | None = None
    target: Number | None = None
    target_text: Text | None = None
    direction: Direction

    @property
    def actual_metric(self) -> str | None:
        """The metric next year's actual is derived from, if it is derived."""
        return self.actual_from or self.baseline_from

    @model_validator(mode="after")
    def _one_baseline_and_a_target(self) -> KpiTarget:
        if self.baseline is not None and self.baseline_from is not None:
            raise ValueError("give 'baseline' or 'baseline_from', not both")
        if self.target is None and self.target_text is None:
            raise ValueError("give a numeric 'target' or a qualitative 'target_text'")
        return self


class KpisFile(Facts):
    year: Year
    quantitative: tuple[KpiTarget, ...] = ()
    quality: tuple[Item, ...] = ()


class KpiReview(Facts):
    """How this year did against a KPI target set in last year's report (by its id there)."""

    kpi: Id
    actual: Number | None = None  # only for KPIs whose figure is not derived (no baseline_from)
    result: Text | None = None


class KpiReviewFile(Facts):
    # Last year's targets for this year, given here when last year's report is not in the content
    # (a team starting with this year): kpis.yaml's fields, with typed baselines.
    targets: tuple[KpiTarget, ...] = ()
    reviews: tuple[KpiReview, ...] = ()


class Continued(Facts):
    """The entries of a section that the years beside it list too, under the same id: one entry that
    runs across years (a project from October to February). Found when the site is assembled from all
    its years (check/validate.py), never written in YAML."""

    from_previous: tuple[Id, ...] = ()  # listed the year before too: it continues from there
    into_next: tuple[Id, ...] = ()  # listed the year after too: it continues into it, and counts there


class Places(Facts):
    """Where a section's entries are written (sections/places.py): its file, as the repository holds it,
    and each entry's line there, by id; in an export (CSV, JSON), also its row (1: the first record)."""

    file: str
    lines: dict[str, int] = Field(default_factory=dict)
    rows: dict[str, int] = Field(default_factory=dict)  # only an export's


class Report(Facts):
    """One year's facts, assembled from the files of content/<year>/."""

    year: Year
    title: Text
    as_of: date | None = None
    source: Text | None = None
    summary: Summary | None = None
    declared: tuple[DeclaredFigure, ...] = ()
    # Each section of the year by its key, as its kind keeps it (reportgen/sections/): the
    # projects, a groups section's groups, a records section's rows, and so on.
    sections: dict[str, Any] = Field(default_factory=dict)
    # Which entries the neighbouring years share with this one, by section key (see Continued). Part of
    # the year's facts as its pages see them, so a page saying "continues into 2024" is rebuilt with 2024.
    continued: dict[str, Continued] = Field(default_factory=dict)
    # Where each section's entries are written, by section key: not a fact but where the facts are,
    # for a figure's note (render/working_note.py) and data.json's working.
    places: dict[str, Places] = Field(default_factory=dict)

    def continues_into_next(self, key: str) -> frozenset[str]:
        found = self.continued.get(key)
        return frozenset(found.into_next) if found is not None else frozenset()

    def continues_from_previous(self, key: str) -> frozenset[str]:
        found = self.continued.get(key)
        return frozenset(found.from_previous) if found is not None else frozenset()

    def counted_once(self) -> Report:
        """The year as figures over several years count it (the home page's table and totals, the
        trends): an entry that continues into the next year is left out here, as it counts there."""
        leaving = {key: self.continues_into_next(key) for key in self.continued}
        if not any(leaving.values()):
            return self
        sections = {
            key: tuple(e for e in value if e.id not in leaving[key]) if leaving.get(key) else value
            for key, value in self.sections.items()
        }
        return self.model_copy(update={"sections": sections})


class Site(Facts):
    settings: SiteSettings
    reports: tuple[Report, ...]  # oldest first
    # Where the repository shows a content file (load/mkdocs_config.py repository_base), or None.
    sources: str | None = None
