"""The typed facts. Frozen, strict, and closed: an unknown key is an error, not a silent extra."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue

from .links import URL_PATTERN, check_url


def _nfc(text: str) -> str:
    # macOS editors may save Hangul decomposed (NFD); compare and slug on one form.
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        raise ValueError("text is empty")
    control = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if control is not None:
        raise ValueError(f"text contains the control character U+{ord(control):04X}; remove it")
    return text


# json_schema_extra only informs editors (reportgen schema); the validators above decide.
Text = Annotated[StrictStr, AfterValidator(_nfc), Field(json_schema_extra={"minLength": 1, "pattern": r"\S"})]
Url = Annotated[StrictStr, AfterValidator(check_url), Field(json_schema_extra={"pattern": URL_PATTERN})]
Id = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]


class Facts(BaseModel):
    # Strictness lives in the field types (StrictStr, StrictInt): tuples must still accept YAML lists.
    model_config = ConfigDict(extra="forbid", frozen=True)


Number = StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)]
Year = Annotated[StrictInt, Field(ge=1900, le=2999)]


Status = Literal["completed", "in_progress", "cancelled", "unknown"]
Delivery = Literal["on_time", "delayed", "unknown"]
ServiceStatus = Literal["designed", "built", "deployed"]
Direction = Literal["higher", "lower"]


# Figures that are derived from the facts and may be declared, compared or targeted.
HeadlineMetric = Literal[
    "project_count",
    "on_time_count",
    "delayed_count",
    "on_time_rate",
    "longest_weeks",
    "average_weeks",
]
# A declared figure may also state one project's weeks.
MetricName = HeadlineMetric | Literal["project_weeks"]


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
    team: Text
    title: Text
    language: Literal["ko", "en"] = "ko"
    description: Text | None = None
    paper: Literal["a4", "letter"] = "a4"  # the printed report's paper size


class DeclaredFigure(Facts):
    """A figure as the source document states it, kept to be checked against the derived one."""

    metric: MetricName
    value: Number
    approx: StrictBool = False
    project: Id | None = None
    source: Text

    @model_validator(mode="after")
    def _project_only_for_project_weeks(self) -> DeclaredFigure:
        if (self.metric == "project_weeks") != (self.project is not None):
            raise ValueError("'project' is required for project_weeks and only for it")
        return self


class ReportFile(Facts):
    year: Year
    title: Text
    source: Text | None = None
    declared: tuple[DeclaredFigure, ...] = ()


class Project(Facts):
    id: Id
    name: Text
    start: date | None = None
    end: date | None = None
    duration_note: Text | None = None
    status: Status = "unknown"
    delivery: Delivery = "unknown"
    tags: tuple[Text, ...] = ()
    links: tuple[Link, ...] = ()

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"the end date {end} is before the start date {start}")
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


class Achievement(Facts):
    id: Id
    project: Id
    title: Text
    problem: tuple[Text, ...] = Field(min_length=1)
    actions: tuple[Action, ...] = Field(min_length=1)
    results: tuple[Text, ...] = Field(min_length=1)
    technologies: tuple[Text, ...] = ()
    links: tuple[Link, ...] = ()


class AchievementsFile(Facts):
    achievements: tuple[Achievement, ...]


class ItemGroup(Facts):
    id: Id
    title: Text
    label: Text | None = None
    items: tuple[Item, ...] = Field(min_length=1)


class GroupsFile(Facts):
    """The shape shared by infrastructure, reliability, operations and impact."""

    groups: tuple[ItemGroup, ...]


class Service(Facts):
    id: Id
    name: Text
    status: ServiceStatus
    detail: Text
    project: Id | None = None
    links: tuple[Link, ...] = ()


class ServicesFile(Facts):
    services: tuple[Service, ...] = ()
    performance_tests: tuple[Item, ...] = ()


class KpiTarget(Facts):
    id: Id
    metric: Text
    description: Text | None = None
    unit: Text | None = None
    baseline: Number | None = None
    baseline_from: HeadlineMetric | None = None
    target: Number | None = None
    target_text: Text | None = None
    direction: Direction

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
    reviews: tuple[KpiReview, ...] = ()


class Report(Facts):
    """One year's facts, assembled from the files of content/<year>/."""

    year: Year
    title: Text
    source: Text | None = None
    declared: tuple[DeclaredFigure, ...] = ()
    projects: tuple[Project, ...] = ()
    achievements: tuple[Achievement, ...] = ()
    infrastructure: tuple[ItemGroup, ...] = ()
    reliability: tuple[ItemGroup, ...] = ()
    operations: tuple[ItemGroup, ...] = ()
    services: tuple[Service, ...] = ()
    performance_tests: tuple[Item, ...] = ()
    kpis: KpisFile | None = None
    kpi_reviews: tuple[KpiReview, ...] = ()
    impact: tuple[ItemGroup, ...] = ()

    def project(self, project_id: str) -> Project:
        return next(p for p in self.projects if p.id == project_id)


class Site(Facts):
    settings: SiteSettings
    reports: tuple[Report, ...]  # oldest first
