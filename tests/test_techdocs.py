"""Backstage TechDocs as a route of its own: techdocs-core resets theme.palette to {}, so Material
would show both variants of each chart; the plugin then adds a stylesheet of its own that shows the
light one, whatever Material's palette attributes say. With `use_material_search: true`, the
search stays Material's, in the site's language (techdocs-core's default is English-only lunr).

techdocs-core pins older Material, Markdown and pymdown-extensions than .ci/constraints.txt, so
it is built in its own cached environment (tests/venvs.py; the pin is pyproject.toml's `techdocs` extra).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reportgen.mkdocs.plugin import ONE_VARIANT, has_scheme

from .conftest import copy_project, run_mkdocs, served
from .venvs import TECHDOCS, build_wheel, venv_with

CHART = re.compile(r'<img[^>]+src="([^"]*charts/[^"#]+)\.(light|dark)\.svg#only-(light|dark)"')


def _without_palette(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    start, end = text.index("  palette:\n"), text.index("\nplugins:")
    config.write_text(text[:start] + text[end:], encoding="utf-8")


def _with_techdocs(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    assert "\n  - reportgen:\n" in text
    # Material's search, not techdocs-core's default lunr (English, min_search_length 3).
    techdocs = "\n  - techdocs-core:\n      use_material_search: true\n  - reportgen:\n"
    config.write_text(text.replace("\n  - reportgen:\n", techdocs), encoding="utf-8")


def test_a_palette_names_a_scheme_or_not() -> None:
    assert has_scheme([{"scheme": "default"}, {"scheme": "slate"}]) and has_scheme({"scheme": "slate"})
    assert not has_scheme({}) and not has_scheme(None) and not has_scheme([{"primary": "indigo"}])


def test_without_a_scheme_the_light_charts_alone_are_shown(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    _without_palette(project / "mkdocs.yml")
    built = run_mkdocs(project, "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "2023" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{ONE_VARIANT}"' in page
    css = (project / "site" / ONE_VARIANT).read_text(encoding="utf-8")
    assert 'img[src$="#only-dark"]' in css and "data-md-color" not in css


def test_with_a_scheme_the_palette_chooses(built_site: Path) -> None:
    assert ONE_VARIANT not in (built_site / "2023" / "index.html").read_text(encoding="utf-8")
    assert not (built_site / ONE_VARIANT).exists()


@pytest.fixture(scope="module")
def techdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built with techdocs-core, from reportgen's wheel."""
    bin_dir = venv_with(TECHDOCS, build_wheel(tmp_path_factory.mktemp("wheel")))
    project = copy_project(tmp_path_factory.mktemp("techdocs"))
    _with_techdocs(project / "mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)  # reportgen from the wheel, not this checkout
    result = subprocess.run(
        [str(bin_dir / "mkdocs"), "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_techdocs_links_the_one_variant_stylesheet_and_keeps_korean_search(techdocs_site: Path) -> None:
    page = (techdocs_site / "2023" / "index.html").read_text(encoding="utf-8")
    assert "data-md-color-scheme" not in page  # the palette is gone
    assert ONE_VARIANT in page
    charts = CHART.findall(page)
    assert charts and {(name, variant) for name, variant, _ in charts} == {
        (name, variant) for name, _, _ in charts for variant in ("light", "dark")
    }
    index = json.loads((techdocs_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ko", "en"]  # as mkdocs.yml's search: says, not techdocs-core's en


@pytest.fixture(scope="module")
def techdocs_url(techdocs_site: Path) -> Iterator[str]:
    with served(techdocs_site) as url:
        yield url


def test_under_techdocs_korean_search_finds_a_word_by_its_prefix(page: Page, techdocs_url: str) -> None:
    page.goto(techdocs_url)
    page.locator(".md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text("검색어를 입력하세요", timeout=15000)
    page.keyboard.type("병목")
    page.keyboard.press("End")  # Hangul arrives composed, without key events: a keystroke runs the query
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    expect(page.locator(".md-search-result")).to_contain_text("네이버 프로젝트")


def test_under_techdocs_each_chart_shows_once(page: Page, techdocs_url: str, techdocs_site: Path) -> None:
    with_charts = [
        html.parent.relative_to(techdocs_site).as_posix() + "/"
        for html in sorted(techdocs_site.rglob("index.html"))
        if "#only-light" in html.read_text(encoding="utf-8")
    ]
    assert "2023/" in with_charts
    for path in with_charts:
        page.goto(techdocs_url + path.removeprefix("./"))
        charts = page.locator('img[src*="charts/"]')
        expect(charts.first).to_be_attached()
        shown = [str(img.get_attribute("src")) for img in charts.all() if img.is_visible()]
        names = [re.sub(r"\.(light|dark|print)\.svg#only-(light|dark)$", "", src) for src in shown]
        assert shown and len(names) == len(set(names)), shown
        # The print page shows each chart's print file, the light wide drawing alone (emit/chart_files.py).
        light = ".print.svg#only-light" if path.endswith("print/") else ".light.svg#only-light"
        assert all(src.endswith(light) for src in shown), shown
