"""`reportgen init` and one source for settings: a team starts from an empty folder, MkDocs names the site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.check.validate import load_site
from reportgen.cli.commands import main
from reportgen.emit.site_tree import build_pages
from reportgen.load.mkdocs_config import MkdocsSettings

from .conftest import CONTENT, REPO, copy_project, run_mkdocs

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# What a reader or a program gets from the site; the theme's own bundled assets (lunr.ko.js) aside.
SITE_URL_WARNING = 'warning: mkdocs.yml has no site_url from the workflow: add site_url: !ENV [REPORTGEN_SITE_URL, ""]'
SITE_TEXT = ("*.html", "*.json", "*.csv", "*.svg", "*.xml", "*.md", "*.js")


def _init(folder: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["init", "--folder", str(folder), *args])
    assert result.exit_code == 0, result.output


def hangul_in(folder: Path, patterns: tuple[str, ...] = ("*",)) -> list[str]:
    found = []
    for pattern in patterns:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "assets/javascripts/lunr" not in path.as_posix():
                text = path.read_text(encoding="utf-8", errors="ignore")
                if HANGUL.search(text):
                    found.append(path.relative_to(folder).as_posix())
    return found


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`reportgen init --language en`, then `new-year`, in an empty folder: no docs/, built strictly."""
    folder = tmp_path_factory.mktemp("english")
    _init(folder, "--language", "en", "--team", "Platform SRE", "--year", "2024")
    result = CliRunner().invoke(main, ["new-year", "2025", "--content", str(folder / "content")])
    assert result.exit_code == 0, result.output
    built = run_mkdocs(folder, "build", "--strict")
    assert built.returncode == 0, built.stderr
    return folder


def test_init_writes_a_project_and_a_first_year(english: Path) -> None:
    assert sorted(p.name for p in english.iterdir() if not p.name.startswith(".")) == [
        "content",
        "mkdocs.yml",
        "requirements.txt",  # with .github/: publishing (tests/test_init_publish.py)
        "site",
    ]
    assert sorted(p.name for p in (english / "content" / "2024").iterdir()) == [
        "achievements.yaml",
        "impact.yaml",
        "infrastructure.yaml",
        "kpis.yaml",
        "operations.yaml",
        "projects.yaml",
        "reliability.yaml",
        "report.yaml",
        "services.yaml",
    ]
    # No KPI targets in 2024, so 2025 has nothing to review.
    assert not (english / "content" / "2025" / "kpi_review.yaml").exists()
    assert (english / "content" / "site.yaml").read_text(encoding="utf-8").splitlines()[3] == 'team: "Platform SRE"'


def test_a_year_without_targets_has_no_empty_kpi_page(english: Path) -> None:
    # The starter kpis.yaml has no targets: no page of an empty table, no link to one.
    pages = sorted(
        p.relative_to(english / "site" / "2024").as_posix() for p in (english / "site" / "2024").rglob("*.html")
    )
    assert pages == ["index.html", "print/index.html"]
    assert "kpis/" not in (english / "site" / "2024" / "index.html").read_text(encoding="utf-8")


def test_english_init_writes_english_comments(english: Path) -> None:
    assert hangul_in(english / "content") == []
    assert hangul_in(english, ("mkdocs.yml",)) == []
    lines = (english / "content" / "2025" / "achievements.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "# Technical achievements, each as problem / actions / results."


def test_an_english_site_has_no_hangul_anywhere(english: Path) -> None:
    site = english / "site"
    assert (site / "2024" / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    assert hangul_in(site, SITE_TEXT) == []


def test_the_hangul_check_finds_hangul(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>일정</p>", encoding="utf-8")
    assert hangul_in(tmp_path, SITE_TEXT) == ["a.html"]


def test_the_site_is_named_by_mkdocs_yml(english: Path) -> None:
    html = (english / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Platform SRE yearly report</title>" in html
    assert '<html lang="en"' in html


def test_korean_init_writes_korean_comments(tmp_path: Path) -> None:
    _init(tmp_path, "--language", "ko", "--year", "2024")
    lines = (tmp_path / "content" / "2024" / "projects.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "# 올해의 프로젝트. 기간(주), 건수, 일정 준수율은 이 사실들에서 계산됩니다."
    site = (tmp_path / "content" / "site.yaml").read_text(encoding="utf-8").splitlines()
    assert "team: null  # 팀 이름: 인쇄본 표지에 쓰입니다" in site  # no --team: the comment in the site's language too
    validated = load_site(tmp_path / "content", tmp_path)
    assert validated.site is not None and validated.site.settings.language == "ko"


def test_init_never_overwrites_a_project(tmp_path: Path) -> None:
    _init(tmp_path, "--language", "en", "--year", "2024")
    before = (tmp_path / "content" / "site.yaml").read_bytes()
    config = (tmp_path / "mkdocs.yml").read_bytes()
    # Run again on the project: the facts and mkdocs.yml stay; only the publishing files are
    # looked at again (tests/test_init_publish.py).
    result = CliRunner().invoke(main, ["init", "--folder", str(tmp_path), "--language", "ko", "--year", "2030"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == f"{tmp_path / 'content'} and mkdocs.yml are kept as they were"
    assert (tmp_path / "content" / "site.yaml").read_bytes() == before
    assert (tmp_path / "mkdocs.yml").read_bytes() == config
    assert not (tmp_path / "content" / "2030").exists()


def test_init_refuses_a_year_that_exists(tmp_path: Path) -> None:
    (tmp_path / "content" / "2024").mkdir(parents=True)
    result = CliRunner().invoke(main, ["init", "--folder", str(tmp_path), "--language", "en", "--year", "2024"])
    assert result.exit_code == 1
    assert "already exists; init never overwrites a project" in result.stderr


def test_init_keeps_an_existing_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Ours\ntheme:\n  name: material\n  language: en\nplugins: [reportgen]\n")
    result = CliRunner().invoke(main, ["init", "--folder", str(tmp_path), "--language", "en", "--year", "2024"])
    assert result.exit_code == 0
    assert config.read_text() == "site_name: Ours\ntheme:\n  name: material\n  language: en\nplugins: [reportgen]\n"
    # It has the plugin and the language: only the published address is missing.
    assert [line for line in result.stderr.splitlines() if line.startswith("warning: mkdocs.yml")] == [SITE_URL_WARNING]


def test_init_beside_a_config_without_the_plugin_says_what_to_add(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Ours\ntheme:\n  name: material\nplugins:\n  - search\n")
    result = CliRunner().invoke(main, ["init", "--folder", str(tmp_path), "--language", "ko", "--year", "2024"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: mkdocs.yml")]
    assert warnings == [
        SITE_URL_WARNING,
        "warning: mkdocs.yml does not use the reportgen plugin: add '- reportgen' under plugins:, "
        "or the site has no report",
        "warning: mkdocs.yml's theme.language is not set (English), so the site is not in 'ko': set it to ko",
    ]
    assert result.stderr.splitlines()[-1].endswith("fix mkdocs.yml as said above, then run `reportgen serve`")


def test_new_year_starts_a_team_with_no_year_yet(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("team: T\nlanguage: en\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new-year", "2024", "--content", str(content)])
    assert result.exit_code == 0, result.output
    validated = load_site(content, tmp_path)
    assert validated.errors == [] and validated.site is not None
    assert [r.year for r in validated.site.reports] == [2024]


# ---- one source for settings


def test_title_description_and_language_come_from_mkdocs(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    mkdocs = MkdocsSettings(title="Backend yearly", description="About us", language="en")
    validated = load_site(tmp_path / "content", tmp_path, mkdocs)
    assert validated.site is not None
    settings = validated.site.settings
    assert (settings.title, settings.description, settings.language) == ("Backend yearly", "About us", "en")
    tree, _ = build_pages(validated.site)
    home = next(f.content.decode() for f in tree.files if f.path == "index.md").splitlines()
    assert home[:3] == ["# Backend yearly", "", "About us"]


def test_the_sample_reads_its_title_from_its_mkdocs_yml() -> None:
    validated = load_site(CONTENT, REPO)
    assert validated.site is not None
    assert validated.site.settings.title == "백엔드팀 연간 성과"
    assert validated.site.settings.description is not None
    assert validated.site.settings.description.startswith("백엔드팀의 연간 성과 보고서. ")


def test_a_title_written_twice_differently_is_a_warning(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "site.yaml").write_text("team: T\ntitle: Old name\n", encoding="utf-8")
    mkdocs = MkdocsSettings(title="New name", language="ko")
    validated = load_site(tmp_path / "content", tmp_path, mkdocs)
    assert validated.site is not None and validated.site.settings.title == "New name"
    [problem] = [p for p in validated.problems if p.file == "content/site.yaml"]
    assert (problem.file, problem.line, problem.col, problem.severity.value) == ("content/site.yaml", 2, 1, "warning")
    assert problem.message == "'title' differs from site_name in mkdocs.yml ('New name'), which the site uses"


def test_a_language_reportgen_does_not_write_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    validated = load_site(tmp_path / "content", tmp_path, MkdocsSettings(title="X", language="de", file="mkdocs.yml"))
    assert [(p.file, p.message, p.hint) for p in validated.errors] == [
        (
            "mkdocs.yml",
            "theme.language 'de' is not a language reportgen writes",
            "use ja, ko or en"
            ", or add its catalog as content/labels/de.yaml (a translated copy of reportgen/labels/en.yaml)",
        )
    ]


def test_mkdocs_yml_mistakes_are_reported_where_they_are_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    lines = good.splitlines()
    language = next(i for i, line in enumerate(lines) if line.strip() == "language: ko") + 1
    folder = next(i for i, line in enumerate(lines) if line.strip() == "content_dir: content") + 1
    config.write_text(good.replace("  language: ko\n", "  language: fr\n"), encoding="utf-8")
    built = run_mkdocs(project, "build")
    expected = (
        f"mkdocs.yml:{language}:13: theme.language 'fr' is not a language reportgen writes (use ja, ko or en,"
        " or add its catalog as content/labels/fr.yaml (a translated copy of reportgen/labels/en.yaml))"
    )
    assert expected in built.stderr.splitlines()
    config.write_text(good.replace("content_dir: content\n", "content_dir: contnt\n"), encoding="utf-8")
    built = run_mkdocs(project, "build")
    assert built.returncode != 0 and "Traceback" not in built.stderr
    assert (
        f"mkdocs.yml:{folder}:20: the content folder 'contnt' does not exist (set the reportgen plugin's "
        "content_dir in mkdocs.yml to the folder that holds site.yaml and the years)"
    ) in built.stderr.splitlines()


def test_a_project_without_docs_folder_builds(tmp_path: Path) -> None:
    """The sample's content and mkdocs.yml alone, with docs_dir pointing at content/ as init writes it."""
    shutil.copytree(CONTENT, tmp_path / "content")
    config = (
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("docs_dir: docs\n", "docs_dir: content\nexclude_docs: |\n  *.yaml\n  *.yml\n")
    )
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs(tmp_path, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "2023" / "projects" / "index.html").is_file()
    assert not list((tmp_path / "site").rglob("*.yaml")), "the facts are sources, not site files"
    assert not (tmp_path / "docs").exists()
