"""Property: any Unicode text in a text field builds, and reaches the page literally."""

from __future__ import annotations

import functools
import unicodedata

import markdown
from hypothesis import example, given
from hypothesis import strategies as st
from mkdocs.config import load_config

from reportgen.charts.draw.fonts import missing_glyphs
from reportgen.emit.site_tree import build_pages
from reportgen.model.facts import Site, SiteSettings
from reportgen.model.slugs import SlugAllocator
from reportgen.sections.registry import DEFAULT_SECTIONS, report_from_data

from .conftest import REPO, visible_text

# Control characters are rejected by validation (a separate test); surrogates cannot be encoded.
TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=60).filter(str.strip)
# A project's name is also drawn in charts, where a character no chart font has is a build error by design.
DRAWABLE_TEXT = TEXT.filter(lambda text: not missing_glyphs(text))


@functools.cache
def _markdown() -> markdown.Markdown:
    """Python-Markdown configured exactly as mkdocs.yml configures it."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def _page_text(name: str, title: str) -> tuple[str, str]:
    report = report_from_data(
        {
            "year": 2023,
            "title": title,
            "projects": [{"id": "p", "name": name, "start": "2023-01-02", "end": "2023-02-06"}],
            "achievements": [
                {
                    "id": "a",
                    "project": "p",
                    "title": title,
                    "problem": [title],
                    "actions": [{"label": title, "text": title}],
                    "results": [name],
                }
            ],
        },
        DEFAULT_SECTIONS,
    )
    site = Site(settings=SiteSettings(team="팀", title="제목"), reports=(report,))
    tree, _ = build_pages(site)  # the pages only: drawing charts would make each example ~20x slower
    pages = {f.path: f.content.decode() for f in tree.files if f.path.endswith(".md")}
    converter = _markdown()
    projects = visible_text(converter.reset().convert(pages["2023/projects.md"]))
    # The achievement's own page, at the path the product allocates for it. A title such as "INDEX"
    # gets a suffix (n-index.md): only the section's own page is achievements/index.md.
    own = [path for path in pages if path.startswith("2023/achievements/") and path != "2023/achievements/index.md"]
    assert own == [f"2023/achievements/{SlugAllocator(reserved={'index'}).allocate(f'{name} — {title}')}.md"]
    return projects, visible_text(converter.reset().convert(pages[own[0]]))


def _expected(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# How many examples, and whether they are random, comes from the profile (tests/hypothesis_profiles.py).
@given(name=DRAWABLE_TEXT, title=TEXT)
@example(name="0", title="INDEX")  # once broke the test's own page lookup (issue 9)
@example(name="index", title="-")  # a slug that is exactly the section's index
def test_any_text_builds_and_appears_literally(name: str, title: str) -> None:
    projects, achievement = _page_text(name, title)
    assert _expected(name) in projects
    assert _expected(name) in achievement
    assert _expected(title) in achievement
