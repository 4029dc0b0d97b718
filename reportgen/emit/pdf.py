"""`reportgen pdf YEAR`: the printable annual report as a PDF, laid out by WeasyPrint.

The site's print page (reportgen.render.print_page) is the document: its article is taken from the built
page and set in a print shell (reportgen/assets/print.css) with CSS Paged Media: A4 or Letter
pages, the report's title as a running header, "page N of M" in the footer, page numbers in the
contents (target-counter), one section per page, and an outline from the headings.

Why WeasyPrint and not Chromium with a paged-media polyfill: it implements these features itself,
so there is no JavaScript pagination to wait for; it stamps no dates, so the same input gives the
same bytes; it embeds exactly the fonts the stylesheet names; it writes the title, author and
language into the PDF; and it is a Python package, so `make pdf` needs no Node.js or browser.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from mkdocs.commands.build import build
from mkdocs.config import load_config

from reportgen.check.validate import load_site
from reportgen.emit.pdf_fonts import font_faces, font_files, font_stacks
from reportgen.emit.print_document import PrintSettings, check_glyphs, document_html, text_width
from reportgen.load.catalogs import labels
from reportgen.load.locations import PACKAGE
from reportgen.load.problems import format_problems

PRINT_CSS = "assets/print.css"
PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def build_site(config_file: Path, site_dir: Path) -> Path:
    """Build the site into `site_dir`; returns the content folder the reportgen plugin read."""
    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    plugin = config.plugins.get("reportgen")
    if plugin is None:
        raise ValueError(f"{config_file} does not use the reportgen plugin (add it under plugins:)")
    return Path(config.config_file_path).resolve().parent / plugin.config.content_dir


def print_settings(content_dir: Path, year: int) -> PrintSettings:
    """The PDF's metadata and paper, from the content the site was built from."""
    validated = load_site(content_dir)
    if validated.site is None:
        raise ValueError("the content has errors\n" + format_problems(validated.problems))
    settings = validated.site.settings
    report = next((r for r in validated.site.reports if r.year == year), None)
    if report is None:
        raise ValueError(f"there is no report for {year} in the content")
    title = labels(settings.language)["print_title"].format(title=report.title)
    return PrintSettings(title=title, author=settings.team, language=settings.language, paper=settings.paper)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def _counter_content(label: str, names: dict[str, str]) -> str:
    """A localised label with {placeholders} as CSS `content`: quoted text and counters."""
    parts = re.split("(" + "|".join(re.escape(n) for n in names) + ")", label)
    return " ".join(names.get(part) or _css_string(part) for part in parts if part)


# The share of the running header a title may take when it is too long to be shown whole beside
# the section's name (print.css keeps a title whole otherwise).
TITLE_SHARE = 0.6
HEADER_SIZE, HEADER_WIDTH = 7.5, 493.0  # points: print.css's running header type, the text width


def page_css(paper: str, page_of: str, page_ref: str | None = None, title: str = "") -> str:
    """The settings the stylesheet cannot know: the paper size, the localised "page N of M" and, for a
    reference to another section (print_page: the projects table), the localised "page N" after it.
    A title too long for the running header is given its share of the line, cut short there."""
    content = _counter_content(page_of, {"{page}": "counter(page)", "{pages}": "counter(pages)"})
    css = (
        f"@page {{ size: {PAGE_SIZES[paper]}; @bottom-center {{ content: {content}; }} }}\n"
        f"@page wide {{ size: {PAGE_SIZES[paper]} landscape; }}\n"
    )
    if page_ref is not None:
        target = _counter_content(page_ref, {"{page}": "target-counter(attr(href url), page)"})
        css += f'.reportgen-page-ref::after {{ content: " (" {target} ")"; }}\n'
    if text_width(title, HEADER_SIZE) > TITLE_SHARE * HEADER_WIDTH:
        css += (
            f"@page {{ @top-left {{ width: {TITLE_SHARE * 100:g}%; white-space: normal; overflow-wrap: anywhere; "
            "max-lines: 1; block-ellipsis: auto; } }\n"
        )
    return css


class _Problems(logging.Handler):
    """Collects what WeasyPrint warns about while it lays out the report."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _local_fetcher(site: Path, language: str) -> Any:
    """WeasyPrint's fetcher, held to the built site and the report's own fonts and stylesheet: a URL
    in a page (`![x](http://127.0.0.1/...)`, `file:///etc/passwd`) is refused, never requested."""
    from weasyprint.urls import URLFetcher  # heavy; only `reportgen pdf` needs it

    allowed = [site.resolve(), PACKAGE.resolve(), *(path.resolve() for path in font_files(language))]

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" and not parsed.netloc else None
            if path is None or not any(path == root or path.is_relative_to(root) for root in allowed):
                raise ValueError(f"the PDF loads nothing from outside the built site: {url} was not fetched")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=["file", "data"], allow_redirects=False)


def write_pdf(page: Path, out: Path, settings: PrintSettings, site: Path) -> None:
    """Lay out one built print page as a PDF at `out` (written whole, or not at all). It may load
    the files of `site`, the built site it belongs to, and nothing else."""
    from weasyprint import CSS, HTML  # heavy; only `reportgen pdf` needs it
    from weasyprint.text.fonts import FontConfiguration  # heavy, likewise

    fonts = FontConfiguration()
    fetcher = _local_fetcher(site, settings.language)
    t = labels(settings.language)
    css = package_files("reportgen").joinpath(PRINT_CSS).read_text(encoding="utf-8")
    page_rules = page_css(settings.paper, t["page_of"], t["page_ref"], settings.title)
    faces, stacks = font_faces(settings.language), font_stacks(settings.language)
    sheets = (faces, css, stacks, page_rules)
    stylesheets = [CSS(string=text, font_config=fonts, url_fetcher=fetcher) for text in sheets]
    document = document_html(page.read_text(encoding="utf-8"), settings, page.parent)
    check_glyphs(document, settings.language)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    problems = _Problems()
    engine = logging.getLogger("weasyprint")
    engine.addHandler(problems)
    try:
        HTML(string=document, base_url=page.resolve().as_uri(), url_fetcher=fetcher).write_pdf(
            partial, stylesheets=stylesheets, font_config=fonts, pdf_tags=True
        )
        if problems.messages:  # a chart that failed to load, a rule the engine ignored: not a report to hand over
            raise ValueError(f"the PDF of {page} was not laid out cleanly: " + "; ".join(problems.messages))
        os.replace(partial, out)
    finally:
        engine.removeHandler(problems)
        partial.unlink(missing_ok=True)


def year_pdf(year: int, config_file: Path, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="reportgen-site-") as site_dir:
        content_dir = build_site(config_file, Path(site_dir))
        settings = print_settings(content_dir, year)
        page = Path(site_dir) / str(year) / "print" / "index.html"
        if not page.is_file():
            raise ValueError(f"there is no report for {year} in the content")
        write_pdf(page, out, settings, Path(site_dir))
    return out
