"""Renders the Markdown pages from the Jinja2 templates in site_templates/.

Every value a template prints passes through one hook (`finalize`), which escapes it
as literal text unless the code marked it as trusted Markdown. Templates cannot forget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from reportgen.derive.metrics import YearMetrics
from reportgen.derive.numbers import decimal_places, places_keeping_order
from reportgen.derive.units import with_unit
from reportgen.load.catalogs import language_settings
from reportgen.load.locations import default_templates_dir
from reportgen.load.problems import BuildError
from reportgen.model.markdown_text import Markdown, escape_markdown, link
from reportgen.render.across import across_years
from reportgen.sections.registry import BUILTIN


def _finalize(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises UndefinedError, naming the undefined variable
    if value is None:
        raise TypeError("a template printed None; test for missing values before printing them")
    if isinstance(value, bool) or not isinstance(value, (str, int, float, date)):
        raise TypeError(f"a template printed a {type(value).__name__}; format it first")
    return escape_markdown(str(value))


class Formatter:
    """Numbers, dates and labels in the site's language, as plain text for the templates."""

    def __init__(
        self,
        language: str,
        labels: dict[str, str],
        registry: Mapping[str, Any] | None = None,
        targets: Mapping[str, Sequence[float]] | None = None,
        sources: str | None = None,
    ) -> None:
        self.language = language
        self.locale = language_settings(language).babel_locale  # Babel's: numbers, plural forms, dates
        self.labels = labels
        self._registry = registry
        # The KPI targets set on each figure (metrics.metric_targets): wherever the figure prints,
        # it is never rounded onto or across one of them (66.67 against a 66.7 target reads 66.67).
        self.targets = targets or {}
        # Where the repository shows a content file (Site.sources): a figure's note links the facts there.
        self.sources = sources

    def number(self, value: float, precision: int = 1) -> str:
        """At most `precision` decimal places, without trailing zeros: 38.0 -> 38, 21.14 -> 21.1."""
        pattern = "#,##0" + ("." + "#" * precision if precision > 0 else "")
        return format_decimal(round(value, precision), format=pattern, locale=self.locale)

    def written(self, value: float) -> str:
        """A number as it was written in YAML: 99.97 stays 99.97, never 100."""
        return self.number(value, decimal_places(value))

    def measure(
        self, value: float | None, unit: str | None, precision: int | None = None, *, against: Sequence[float] = ()
    ) -> str:
        """A value beside its unit (a name of the unit vocabulary, or a team's own spelling).

        With `precision` None the value prints as written; otherwise at that many decimals, and as many
        more as it takes for the rounded value to stand on the same side of each of `against` (a
        target) as the value itself: 79.96 against 80 reads 79.96, not 80.
        """
        if value is None:
            return self.labels["none"]
        shown = decimal_places(value) if precision is None else places_keeping_order(value, against, precision)
        return with_unit(self.number(value, shown), unit, self.labels)

    @property
    def registry(self) -> Mapping[str, Any]:
        return self._registry if self._registry is not None else BUILTIN

    def metric(self, name: str, value: float | None) -> str:
        """A derived figure, with the unit and precision the metric registry gives it."""
        found = self.registry[name]
        return self.measure(value, found.unit, found.precision, against=self.targets.get(name, ()))

    def figure(self, name: str, year: YearMetrics, *, across: bool = False) -> str:
        """A year's figure as `metric` shows it, or "no data" where the year has no facts for it
        (its section's file is not there): never a 0 nor the "—" of a figure the facts leave undefined.
        `across`: as a view over several years counts it (a project across two years counts once)."""
        if name in year.missing:
            return self.labels["no_data"]
        return self.metric(name, year.over_years(name) if across else year.value(name))

    def names(self, listed: Sequence[str]) -> str:
        """Names joined so that each reads as one ("A and B", "A 및 B"), quoted when a name holds a comma."""
        if any(mark in name for name in listed for mark in (",", "、")):
            listed = [self.labels["name_quoted"].format(name=name) for name in listed]
        return format_list(list(listed), locale=self.locale)

    def metric_label(self, name: str) -> str:
        return str(self.registry[name].title(self.labels, self.language))

    def weeks(self, value: float | None) -> str:
        return self.labels["none"] if value is None else self.labels["weeks_unit"].format(value=self.number(value))

    def percent(self, value: float | None) -> str:
        return self.labels["none"] if value is None else f"{self.number(value)}%"

    def count(self, value: int) -> str:
        return self.labels["count_unit"].format(value=value)

    def date(self, value: date | None) -> str:
        """A date in a table: ISO, which sorts as text and reads the same in every language."""
        return self.labels["none"] if value is None else value.isoformat()

    def spoken_date(self, value: date) -> str:
        """A date in a sentence, as the locale writes it: "February 10, 2024", "2024年2月10日"."""
        return format_date(value, format="long", locale=self.locale)


def make_environment(overrides: Path | None, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """`bytecode_dir` keeps compiled templates between builds (keyed by each template's source,
    so an edited template is compiled again): a rebuild then compiles only what changed."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and overrides.is_dir() and overrides.resolve() != default_templates_dir():
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.FileSystemLoader(default_templates_dir()))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,  # the output is Markdown; _finalize does the escaping
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(bytecode_dir),
    )


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only cache folder only makes the build slower
    return jinja2.FileSystemBytecodeCache(str(folder))


def links(entries: tuple[Any, ...], rebase: Callable[[str], str] = lambda url: url) -> Markdown:
    """Links from YAML. Their URLs were checked by the model (reportgen.model.links); titles are escaped.

    `rebase` turns a relative URL (relative to the year's folder) into one relative to the page.
    """
    return Markdown(", ".join(f"[{escape_markdown(e.title)}](<{_target(e.url, rebase)}>)" for e in entries))


def _target(url: str, rebase: Callable[[str], str]) -> str:
    return url if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", url) else rebase(url)


def strong(text: str) -> Markdown:
    return Markdown(f"**{escape_markdown(text)}**")


def _template_line(exc: BaseException) -> tuple[str, int]:
    """The template file and line an error was raised at (Jinja puts template frames in the traceback)."""
    found = ("", 0)
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def render(env: jinja2.Environment, template: str, **context: Any) -> str:
    try:
        helpers = {"link": link, "links": links, "strong": strong, "across_years": across_years}
        return env.get_template(template).render({**helpers, **context})
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except (jinja2.TemplateError, TypeError) as exc:
        file, line = _template_line(exc)
        where = f"{file}:{line}" if file else template
        raise BuildError(f"{where}: {exc} (while rendering {template}; check the template)") from None
