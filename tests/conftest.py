"""Shared fixtures: the repository's paths, and the sample site built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportgen.model import Report
from reportgen.validate import load_site

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEED = REPO / "seeds" / "000_7c6edc8692e6e654.txt"
BIN = Path(sys.executable).parent


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "mkdocs"), *args], cwd=project, env=env, text=True, capture_output=True, timeout=300
    )


def copy_project(destination: Path) -> Path:
    """A copy of the sample project (config, content, templates) that a test may edit."""
    for name in ("content", "site_templates", "docs"):
        shutil.copytree(REPO / name, destination / name)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


class _TextExtractor(HTMLParser):
    """The text a reader sees: everything outside <script> and <style>, tags removed."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built with `mkdocs build --strict`; returns the site folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def sample_report() -> Report:
    validated = load_site(CONTENT, REPO)
    assert validated.site is not None, validated.problems
    return validated.site.reports[0]
