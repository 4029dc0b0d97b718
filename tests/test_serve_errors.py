"""`mkdocs serve` with broken facts: the preview answers with the problem list, then recovers."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from reportgen.load.problems import Problem, Severity
from reportgen.mkdocs.serve_errors import build_error_problem, error_page, site_language

from .conftest import copy_project, run_mkdocs
from .helpers import mkdocs_serve

DEADLINE = 60  # seconds: a hang (MkDocs's own behaviour) never answers at all
KO_TITLE = "미리보기를 만들 수 없습니다"
EN_TITLE = "The preview cannot be built"


class _Problems(HTMLParser):
    """The page's <h1>, and each problem item's text and the tags found inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.items: list[str] = []
        self.tags_in_items: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "li"):
            self._in = tag
            if tag == "li":
                self.items.append("")
        elif self._in == "li":
            self.tags_in_items.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h1":
            self.title += data
        elif self._in == "li":
            self.items[-1] += data


def _parse(html: str) -> _Problems:
    parser = _Problems()
    parser.feed(html)
    return parser


def _get(url: str) -> tuple[int, str]:
    """One request that must answer within a few seconds: the preview may not hang."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(url: str, text: str) -> tuple[int, str]:
    deadline = time.monotonic() + DEADLINE
    status, body = 0, ""
    while time.monotonic() < deadline:
        try:
            status, body = _get(url)
            if text in body:
                return status, body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {DEADLINE}s; last answer {status}: {body[:500]}")


def _insert_after(path: Path, anchor: str, text: str) -> int:
    """Insert `text` after the line `anchor`; returns the 1-based line number of the inserted text."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(anchor + "\n")
    lines.insert(index + 1, text)
    path.write_text("".join(lines), encoding="utf-8")
    return index + 2


def test_a_broken_edit_shows_its_problem_in_every_page_and_the_fix_brings_the_site_back(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    projects = project / "content" / "2023" / "projects.yaml"
    original = projects.read_text(encoding="utf-8")
    with mkdocs_serve(project) as root:
        page = root + "2023/projects/"
        _wait_for(page, "GABIA IDC")
        # A hostile key: its name reaches the page only as text.
        line = _insert_after(projects, "  - id: others", "    <b>boom</b>: 1\n")
        status, body = _wait_for(page, f"content/2023/projects.yaml:{line}:5")
        assert status == 200
        found = _parse(body)
        assert found.title == KO_TITLE  # the site's language (site.yaml says ko)
        assert found.items == [
            f"content/2023/projects.yaml:{line}:5 unknown key '<b>boom</b>' "
            "(allowed keys: id, name, start, end, duration_note, spans_years, status, delivery, tags, links, inferred)"
        ]
        assert found.tags_in_items == ["code", "span", "span"]  # no <b> from the YAML
        assert "livereload" in body  # MkDocs's script: the fixed site replaces this page by itself
        # Every address answers with the problem: another generated page, the home page, and
        # an address that does not exist (404, reloading itself).
        for other in ("", "2023/", "2023/kpis/"):
            assert _parse(_get(root + other)[1]).items == found.items, other
        status, missing = _get(root + "no-such-page/")
        assert status == 404
        assert _parse(missing).items == found.items
        assert '<meta http-equiv="refresh" content="2">' in missing
        projects.write_text(original, encoding="utf-8")
        status, body = _wait_for(page, "GABIA IDC")
        assert status == 200
        assert KO_TITLE not in body
        assert _get(root + "no-such-page/")[0] == 404
        assert KO_TITLE not in _get(root + "no-such-page/")[1]


def test_serve_starts_on_broken_settings_and_still_speaks_the_sites_language(tmp_path: Path) -> None:
    # The language is mkdocs.yml's (theme.language), which MkDocs has read: broken site settings
    # do not take it away. A language without labels falls back to English (tested below).
    project = copy_project(tmp_path)
    settings = project / "content" / "site.yaml"
    original = settings.read_text(encoding="utf-8")
    line = _insert_after(settings, "team: 백엔드팀", "title: [unclosed\n")
    with mkdocs_serve(project) as root:
        _, body = _wait_for(root, KO_TITLE)
        found = _parse(body)
        assert found.title == KO_TITLE
        # The error (where the unclosed flow sequence is found to break), then the sample's one warning.
        assert [item.split(" ", 1)[0] for item in found.items] == [
            f"content/site.yaml:{line + 2}:1",  # the parser finds the list unclosed at the end of the file
            "content/2023/report.yaml:25:12",
        ]
        assert found.items[0].startswith(f"content/site.yaml:{line + 2}:1 YAML syntax error: ")
        assert found.items[1].startswith("content/2023/report.yaml:25:12 경고: declared average_weeks is ~20 ")
        settings.write_text(original, encoding="utf-8")
        _, body = _wait_for(root, "백엔드팀 연간 성과")
        assert KO_TITLE not in body


def test_a_broken_template_is_shown_with_its_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    template = project / "site_templates" / "year" / "projects.md.j2"
    template.write_text("{% if %}\n", encoding="utf-8")
    with mkdocs_serve(project) as root:
        _, body = _wait_for(root, KO_TITLE)
        (item,) = _parse(body).items
        assert item == (
            "site_templates/year/projects.md.j2:1:1 template syntax error: "
            "Expected an expression, got 'end of statement block'"
        )


def test_build_still_fails_on_broken_facts(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    projects = project / "content" / "2023" / "projects.yaml"
    line = _insert_after(projects, "  - id: others", "    nmae: x\n")
    for args in (("build",), ("build", "--strict")):
        result = run_mkdocs(project, *args)
        assert result.returncode == 1, args
        assert f"content/2023/projects.yaml:{line}:5: unknown key 'nmae' (did you mean 'name'?)" in result.stderr
        assert not (project / "site" / "index.html").exists()


def test_the_error_page_keeps_every_text_as_text() -> None:
    hostile = '<script>alert(1)</script> & "q" <img src=x onerror=alert(2)>'
    problems = [
        Problem("content/<x>.yaml", 3, 7, hostile, hint=hostile, severity=Severity.WARNING, code="invalid-value"),
        Problem("content/a.yaml", 1, 2, "first", code="unknown-key"),
    ]
    found = _parse(error_page(problems, "en"))
    assert found.title == EN_TITLE
    assert found.items == [
        "content/a.yaml:1:2 first",
        f"content/<x>.yaml:3:7 warning: {hostile} ({hostile})",  # errors first, then warnings
    ]
    assert found.tags_in_items == ["code", "span", "code", "strong", "span", "span"]


def test_an_unknown_language_falls_back_to_english() -> None:
    # The language is MkDocs's theme.language, which MkDocs has read before the plugin runs.
    assert site_language("ko") == "ko"
    assert site_language("xx") == "en"
    assert site_language(None) == "en"
    assert site_language(["ko"]) == "en"


def test_a_build_error_message_becomes_a_located_item(tmp_path: Path) -> None:
    message = f"{tmp_path}/site_templates/x.md.j2:4: template syntax error: boom"
    assert build_error_problem(message, tmp_path) == Problem(
        "site_templates/x.md.j2", 4, 1, "template syntax error: boom", code="build-failed"
    )
    problem = build_error_problem("chart 'a': failed", tmp_path)
    assert problem == Problem("", 0, 0, "chart 'a': failed", code="build-failed")
    assert problem.code == "build-failed"
