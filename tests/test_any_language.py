"""Any language is one catalog file: Japanese ships, a team adds German with content/labels/de.yaml,
and the catalogs are checked against English (issue 21)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from matplotlib.text import Text

from reportgen.charts import catalog as chart_catalog
from reportgen.charts.draw.render import draw, styled
from reportgen.charts.theme import THEMES
from reportgen.check.validate import load_site
from reportgen.cli.commands import main
from reportgen.emit import site_tree
from reportgen.load import catalogs
from reportgen.load.catalogs import REFERENCE, catalog, labels, languages, use_team_catalogs
from reportgen.load.fonts import missing
from reportgen.load.language_css import language_rules
from reportgen.model.fields import parse_duration
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter
from reportgen.sections.registry import site_metrics, site_sections

from .conftest import REPO, run_mkdocs

DE_TEAM = REPO / "tests" / "fixtures" / "de-team"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA = re.compile(r"[\u3040-\u30ff]")


@pytest.fixture(autouse=True)
def packaged_catalogs_after() -> Iterator[None]:
    """A test that reads a team's catalogs leaves the packaged ones for the next test."""
    yield
    use_team_catalogs(None)


def _problems(content: Path, root: Path, *, glyphs: bool = False) -> list[tuple[str, int, int, str, str, str]]:
    validated = load_site(content, root, glyphs=glyphs)
    return [(p.file, p.line, p.col, p.severity.value, p.code, p.message) for p in validated.problems]


def _first_context(content: Path, root: Path) -> YearContext:
    """The first year's context, as the build makes it (emit/site_tree.py)."""
    validated = load_site(content, root)
    assert validated.site is not None, validated.problems
    site = validated.site
    sections = site_sections(site.settings)
    fmt = Formatter(site.settings.language, labels(site.settings.language), site_metrics(sections))
    return site_tree._contexts(site, sections, fmt)[0]


def _article_text(page: Path, *, notes: bool = True) -> str:
    """The article's words; `notes=False`: without the figures' collapsed notes of how they were computed
    (which name the team's ids and files)."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    if not notes:
        text = re.sub(r'<details class="reportgen-working\b.*?</details>', " ", text, flags=re.S)
    # A sentence's figure links to its note, and is part of its sentence: "[2件](…)を" reads "2件を".
    text = re.sub(r'<a href="#working--[a-z0-9_]+">([^<]*)</a>', r"\1", text)
    found = re.search(r"<article\b.*?</article>", text, re.S)
    assert found is not None, page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


# ---- the packaged catalogs


def test_the_languages_are_the_packaged_catalogs() -> None:
    assert languages() == ("ja", "ko", "en")


@pytest.mark.parametrize("code", ["ja", "ko", "en"])
def test_a_packaged_catalog_passes_the_checks_a_teams_catalog_gets(tmp_path: Path, code: str) -> None:
    """Copied into a team's folder under a new name, it is complete: no problem, no warning."""
    content = tmp_path / "content"
    shutil.copytree(DE_TEAM / "content", content)
    (content / "labels" / "de.yaml").unlink()
    text = (catalogs.CATALOG_DIR / f"{code}.yaml").read_text(encoding="utf-8")
    (content / "labels" / "xx.yaml").write_text(text, encoding="utf-8")
    assert [p for p in _problems(content, tmp_path) if p[0].startswith("content/labels")] == []


def test_japanese_has_every_key_with_the_placeholders_of_english() -> None:
    english, japanese = catalog(REFERENCE), catalog("ja")
    raw = yaml.safe_load((catalogs.CATALOG_DIR / "ja.yaml").read_text(encoding="utf-8"))
    assert set(raw) - {"language"} == set(english)
    for key, text in english.items():
        assert catalogs.placeholders(japanese[key]) == catalogs.placeholders(text), key


def test_counts_follow_the_plural_rules_of_the_locale() -> None:
    english, korean = catalog("en"), catalog("ko")
    assert (
        english["summary_inferred"].format(count=1, fields="x") == "These figures include 1 value the team inferred: x."
    )
    assert (
        english["summary_inferred"].format(count=3, fields="x")
        == "These figures include 3 values the team inferred: x."
    )
    assert english["span_week"].format(value="1") == "1 week"
    assert english["span_week"].format(value="1.5") == "1.5 weeks"
    assert korean["summary_inferred"].format(count=1, fields="x") == korean["summary_inferred"].format(
        count=1, fields="x"
    )
    assert korean["summary_inferred"].format(count=1, fields="x") == "이 수치에는 팀이 추정한 x 값 1건이 들어 있습니다."


def test_dates_in_sentences_follow_the_locale_and_tables_keep_iso() -> None:
    day = date(2024, 2, 10)
    spoken = {code: Formatter(code, dict(catalog(code))).spoken_date(day) for code in ("en", "ko", "ja")}
    assert spoken == {"en": "February 10, 2024", "ko": "2024년 2월 10일", "ja": "2024年2月10日"}
    assert Formatter("ja", dict(catalog("ja"))).date(day) == "2024-02-10"


def test_line_breaking_is_keep_all_for_korean_only() -> None:
    rules = language_rules()
    blocks = dict(re.findall(r"\.md-typeset(:lang\(\w+\))? \{\n(.*?)\}", rules, re.S))
    assert blocks[""] == "  word-break: normal;\n  line-break: auto;\n  overflow-wrap: break-word;\n"
    assert blocks[":lang(ko)"] == "  word-break: keep-all;\n  line-break: auto;\n  overflow-wrap: break-word;\n"
    assert blocks[":lang(ja)"] == "  word-break: normal;\n  line-break: strict;\n  overflow-wrap: break-word;\n"
    fonts = dict(re.findall(r":root(:lang\(\w+\))? \{\n  --md-text-font: ([^;]*);", rules))
    assert fonts[":lang(ja)"].startswith('"Hiragino Kaku Gothic ProN"')
    # English and Korean keep the stack main had (its table widths are measured with it).
    stack = '"Pretendard", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR", "NanumGothic", '
    assert fonts[""] == fonts[":lang(ko)"] == stack + 'system-ui, -apple-system, "Segoe UI", sans-serif'


# ---- Japanese from init


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`reportgen init --language ja`, a year of projects whose names need kanji NanumGothic lacks, built strictly."""
    folder = tmp_path_factory.mktemp("japanese")
    result = CliRunner().invoke(
        main, ["init", "--folder", str(folder), "--language", "ja", "--team", "決済チーム", "--year", "2024"]
    )
    assert result.exit_code == 0, result.output
    projects = folder / "content" / "2024" / "projects.yaml"
    facts = (
        "projects:\n"
        "  - {id: sdk, name: 決済SDKの更新, start: 2024-01-08, end: 2024-03-29, status: completed, delivery: on_time}\n"
        "  - {id: latency, name: 遅延監視, start: 2024-02-05, end: 2024-06-28, status: completed, delivery: delayed}\n"
    )
    projects.write_text(projects.read_text(encoding="utf-8").replace("projects: []\n", facts), encoding="utf-8")
    built = run_mkdocs(folder, "build", "--strict")
    assert built.returncode == 0, built.stderr
    return folder


def test_init_ja_writes_japanese_starters(japanese: Path) -> None:
    config = (japanese / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  language: ja\n" in config
    assert "      lang: [ja, en]\n" in config
    assert "        name: ダークモードに切り替え\n" in config
    for path in sorted((japanese / "content").rglob("*.yaml")):
        comments = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# ") and "$schema" not in line
        ]
        assert comments and all(KANA.search(line) or re.search(r"[\u4e00-\u9fff]", line) for line in comments[:1]), path
        assert not HANGUL.search(path.read_text(encoding="utf-8")), path


def test_init_ja_builds_a_japanese_site(japanese: Path) -> None:
    site = japanese / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja" class="no-js">' in home
    overview = _article_text(site / "2024" / "index.html")
    assert "2024年はプロジェクト2件を実施した。" in overview
    assert "納期遵守率" in overview and "決済SDKの更新" in overview
    # No English of reportgen's: what is left in Latin letters is the team's own (SDK) and KPI, CSV, JSON;
    # the notes name the team's ids and files (sdk, content/2024/projects.yaml), in Japanese words.
    words = _article_text(site / "2024" / "index.html", notes=False)
    assert set(re.findall(r"[A-Za-z]{2,}", words)) <= {"SDK", "KPI", "CSV", "JSON"}
    assert "算出方法 規則: その年のファイルにあるプロジェクトの件数" in overview
    not_found = _article_text(site / "404.html")
    assert (
        not_found
        == "404 — ページが見つからない このアドレスにはページがない。報告書のページはナビゲーションから開ける。"
    )
    for page in sorted(site.rglob("*.html")):
        assert not HANGUL.search(_article_text(page)) if "<article" in page.read_text(encoding="utf-8") else True, page


def test_init_ja_validates_without_a_glyph_problem(japanese: Path) -> None:
    assert _problems(japanese / "content", japanese, glyphs=True) == []


def test_the_japanese_charts_draw_kanji_with_ipaex_first(japanese: Path) -> None:
    [timeline, *_] = chart_catalog.overview_charts(_first_context(japanese / "content", japanese))
    assert timeline.data["fonts"] == ["IPAexGothic", "DejaVu Sans", "NanumGothic"]
    with styled(THEMES[0], tuple(timeline.data["fonts"])):
        canvas = draw(timeline, THEMES[0])
        texts = [t.get_text() for t in canvas.fig.findobj(Text)]
    assert "決済SDKの更新" in texts and "遅延監視" in texts


# ---- a team's own language: German, with no Python


def test_a_complete_team_catalog_validates_without_a_warning(tmp_path: Path) -> None:
    assert _problems(DE_TEAM / "content", DE_TEAM, glyphs=True) == []
    assert languages() == ("de", "ja", "ko", "en")


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("german")
    shutil.copytree(DE_TEAM, folder, dirs_exist_ok=True)
    built = run_mkdocs(folder, "build", "--strict")
    assert built.returncode == 0, built.stderr
    return folder


def test_the_german_site_speaks_german(german: Path) -> None:
    site = german / "site"
    assert '<html lang="de" class="no-js">' in (site / "index.html").read_text(encoding="utf-8")
    overview = _article_text(site / "2024" / "index.html", notes=False)
    # The figures first (issue 22), then the year in words.
    assert overview.startswith(
        "Überblick 2024 ¶ 1 Projekte 100 % Termintreue 1.234,5 € Gesamtkosten "
        "Das Jahr in Zahlen · Aus den Fakten erzeugt. 2024 hat das Team 1 Projekt durchgeführt;"
    )
    assert "1.234,5 € Gesamtkosten" in overview  # Babel's German number format
    costs = _article_text(site / "2024" / "costs" / "index.html")
    assert "1 Server 1.000,25 € 2 Lizenzen 234,25 €" in costs
    assert _article_text(site / "404.html").startswith("404 — Seite nicht gefunden")


def test_the_german_chart_axis_writes_german_numbers(german: Path) -> None:
    ctx = _first_context(german / "content", german)
    spec = chart_catalog.section_charts(ctx, [ctx])["costs"]
    with styled(THEMES[0], tuple(spec.data["fonts"])):
        canvas = draw(spec, THEMES[0])
        ticks = [t.get_text() for ax in canvas.fig.axes for t in (*ax.get_yticklabels(), *ax.get_xticklabels())]
    # The value axis of the cost bars: German grouping, the unit once at the scale's end.
    assert [t for t in ticks if t] == ["0", "500", "1.000 €"], ticks


# ---- the checks of a team's catalog


def _team_catalog(tmp_path: Path, edit: dict[str, object], drop: tuple[str, ...] = ()) -> Path:
    shutil.copytree(DE_TEAM, tmp_path, dirs_exist_ok=True)
    content = tmp_path / "content"
    path = content / "labels" / "de.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in drop:
        del data[key]
    for key, value in edit.items():
        if key.startswith("language."):
            data["language"][key.split(".", 1)[1]] = value
        else:
            data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return content


def _line_of(content: Path, key: str) -> int:
    lines = (content / "labels" / "de.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.lstrip().startswith(f"{key}:"))


def test_a_missing_key_falls_back_to_english_with_a_warning(tmp_path: Path) -> None:
    content = _team_catalog(tmp_path, {}, drop=("home", "impact"))
    assert [p for p in _problems(content, tmp_path) if p[4] == "catalog-missing-key"] == [
        (
            "content/labels/de.yaml",
            1,
            1,
            "warning",
            "catalog-missing-key",
            "label 'home' is missing from content/labels/de.yaml; the English text is used",
        ),
        (
            "content/labels/de.yaml",
            1,
            1,
            "warning",
            "catalog-missing-key",
            "label 'impact' is missing from content/labels/de.yaml; the English text is used",
        ),
    ]
    assert catalog("de")["home"] == "Home" and catalog("de")["overview"] == "Überblick"


def test_a_wrong_placeholder_is_an_error_at_its_line(tmp_path: Path) -> None:
    content = _team_catalog(tmp_path, {"kpis": "KPI-Ziele {jahr}"})
    line = _line_of(content, "kpis")
    assert [p for p in _problems(content, tmp_path) if p[0].startswith("content/labels")] == [
        (
            "content/labels/de.yaml",
            line,
            7,
            "error",
            "label-placeholders",
            "label 'kpis' does not have the placeholders of en.yaml",
        ),
    ]


def test_a_label_that_doubles_its_unit_is_an_error(tmp_path: Path) -> None:
    content = _team_catalog(
        tmp_path,
        {
            "projects_unit": "{value} Stk.",
            "home_totals": "{first}–{last}: {project_count} Stk. Projekte, {on_time_rate}, {average_weeks}.",
        },
    )
    line = _line_of(content, "home_totals")
    assert [p for p in _problems(content, tmp_path) if p[0].startswith("content/labels")] == [
        (
            "content/labels/de.yaml",
            line,
            14,
            "error",
            "catalog-doubled-unit",
            "label 'home_totals': {project_count} is followed by 'Stk.', which it brings",
        ),
    ]


def test_a_site_yaml_override_that_doubles_its_unit_is_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DE_TEAM / "content", content)
    shutil.rmtree(content / "labels")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (DE_TEAM / "mkdocs.yml").read_text(encoding="utf-8").replace("language: de", "language: ja"), encoding="utf-8"
    )
    site = content / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("{de:", "{ja:")
        + "labels:\n  home_totals: '合計：{project_count}件、{on_time_rate}、{average_weeks}、{first}〜{last}'\n",
        encoding="utf-8",
    )
    assert [p[2:5] for p in _problems(content, tmp_path) if p[4] == "catalog-doubled-unit"] == [
        (16, "error", "catalog-doubled-unit")
    ]


def test_fonts_outside_the_allowlist_and_right_to_left_are_refused(tmp_path: Path) -> None:
    content = _team_catalog(
        tmp_path,
        {
            "language.page_font": ["Noto Sans", 'x"; } body { background: url(https://evil.example/x)'],
            "language.chart_fonts": ["../../evil.ttf"],
            "language.direction": "rtl",
        },
    )
    found = [(p[3], p[4], p[5]) for p in _problems(content, tmp_path) if p[0].startswith("content/labels")]
    assert found == [
        ("error", "catalog-language", "direction 'rtl' is not supported"),
        ("error", "catalog-font", "'x\"; } body { background: url(https://evil.example/x)' is not a font name"),
        ("error", "catalog-font", "'../../evil.ttf' is not a packaged font"),
    ]
    assert "evil" not in language_rules()


def test_plural_forms_use_the_categories_of_the_locale(tmp_path: Path) -> None:
    content = _team_catalog(tmp_path, {"chart_undated": {"one": "{count} Projekt", "few": "{count} Projekte"}})
    found = [(p[4], p[5]) for p in _problems(content, tmp_path) if p[0].startswith("content/labels")]
    assert found == [("catalog-plural", "plural label 'chart_undated' has no 'other' form")]


# ---- the glyph check


def test_every_missing_glyph_is_listed_at_once_with_its_place(tmp_path: Path) -> None:
    shutil.copytree(DE_TEAM, tmp_path, dirs_exist_ok=True)
    content = tmp_path / "content"
    projects = content / "2024" / "projects.yaml"
    projects.write_text(
        projects.read_text(encoding="utf-8").replace("Neuer Bezahlvorgang", "Neuer 決済 Vorgang"), encoding="utf-8"
    )
    costs = content / "2024" / "costs.yaml"
    costs.write_text(costs.read_text(encoding="utf-8").replace("Lizenzen", "Lizenzen 𠀀"), encoding="utf-8")
    found = [p for p in _problems(content, tmp_path, glyphs=True) if p[4] == "glyph-missing"]
    assert found == [
        (
            "content/2024/costs.yaml",
            3,
            12,
            "warning",
            "glyph-missing",
            "the fonts of 'de' (DejaVu Sans) have no glyph for '𠀀' (U+20000)",
        ),
        (
            "content/2024/projects.yaml",
            3,
            11,
            "warning",
            "glyph-missing",
            "the fonts of 'de' (DejaVu Sans) have no glyph for '決' (U+6C7A), '済' (U+6E08)",
        ),
    ]


def test_a_language_material_lacks_builds_with_materials_english(tmp_path: Path) -> None:
    """Klingon, written with German's number and date rules: the page says lang="tlh", Material's
    buttons stay English, and validate says so once."""
    shutil.copytree(DE_TEAM, tmp_path, dirs_exist_ok=True)
    labels_dir = tmp_path / "content" / "labels"
    text = (labels_dir / "de.yaml").read_text(encoding="utf-8")
    (labels_dir / "de.yaml").unlink()
    (labels_dir / "tlh.yaml").write_text(text.replace("  material: de\n", "  material: null\n"), encoding="utf-8")
    site = tmp_path / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("{de:", "{tlh:"), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: de", "language: tlh"), encoding="utf-8")
    assert [(p[0], p[1], p[3], p[4]) for p in _problems(tmp_path / "content", tmp_path)] == [
        ("mkdocs.yml", 10, "warning", "material-language")
    ]
    built = run_mkdocs(tmp_path, "build", "--strict")
    assert built.returncode == 0, built.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="tlh" class="no-js">' in home
    assert 'placeholder="Search"' in home  # Material's English
    assert "1.234,5 € Gesamtkosten" in _article_text(tmp_path / "site" / "index.html")


def test_new_year_in_japanese(japanese: Path, tmp_path: Path) -> None:
    shutil.copytree(japanese / "content", tmp_path / "content")
    shutil.copy(japanese / "mkdocs.yml", tmp_path / "mkdocs.yml")  # theme.language: ja
    result = CliRunner().invoke(main, ["new-year", "2025", "--content", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output
    projects = (tmp_path / "content" / "2025" / "projects.yaml").read_text(encoding="utf-8")
    assert "# 今年のプロジェクト。期間（週）、件数、納期遵守率はこれらの事実から算出される。\n" in projects
    assert not HANGUL.search(projects)


def test_the_japanese_pdf_embeds_ipaex_and_keeps_the_kanji(japanese: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["pdf", "2024", "--config", str(japanese / "mkdocs.yml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert sorted(re.findall(r"^[A-Z]{6}\+(\S+)", fonts, re.M)) == ["Report-IPAexGothic", "Report-IPAexGothic-Bold"]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "決済SDKの更新" in text and "遅延監視" in text


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("language.locale", "xx", "Babel has no locale 'xx'"),
        ("language.keep_words", "가-힣](?:a+)+[", "keep_words is a set of characters"),
        ("language.line_break", "anywhere", "line_break 'anywhere' is not a rule"),
        ("language.search", ["de", "klingon"], "Material's search has no language klingon"),
        ("language.material", "klingon", "Material has no interface language 'klingon'"),
        ("language.unit_spellings", {"Stunden": "hour"}, "'hour' is not a unit"),
        ("language.startr", {}, "unknown language setting 'startr'"),
    ],
)
def test_a_language_setting_is_honoured_or_refused(tmp_path: Path, setting: str, value: object, message: str) -> None:
    content = _team_catalog(tmp_path, {setting: value})
    assert [p[5] for p in _problems(content, tmp_path) if p[0].startswith("content/labels")] == [message]


def test_a_teams_catalog_reaches_the_pages_as_text(tmp_path: Path) -> None:
    """A hostile catalog: its labels are printed as text in the page, the navigation, the 404 page
    and the chart's description, never run as markup."""
    hostile = "<img src=x onerror=alert(1)>"
    _team_catalog(tmp_path, {"overview": hostile, "year_overview": "{year} " + hostile, "not_found_title": hostile})
    built = run_mkdocs(tmp_path, "build", "--strict")
    assert built.returncode == 0, built.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert pages and not [p.name for p in pages if "<img src=x" in p.read_text(encoding="utf-8")]
    overview = (tmp_path / "site" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "2024 &lt;img src=x onerror=alert(1)&gt;" in overview
    assert "404 — &lt;img src=x onerror=alert(1)&gt;" in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")


def _jis_x_0208() -> str:
    """Every character of JIS X 0208 (kana, kanji, symbols), through Python's EUC-JP codec."""
    found = []
    for row in range(0x21, 0x7F):
        for cell in range(0x21, 0x7F):
            try:
                found.append(bytes([row | 0x80, cell | 0x80]).decode("euc_jp"))
            except UnicodeDecodeError:
                continue
    return "".join(found)


@pytest.mark.parametrize("code", ["ja", "ko", "en"])
def test_every_packaged_language_draws_the_minimum_repertoire(code: str) -> None:
    """Hangul syllables, kana, the JIS X 0208 kanji, Latin, digits and ₩ ¥ € $ %, in charts and the PDF."""
    hangul = "".join(chr(c) for c in range(0xAC00, 0xD7A4))
    latin = "".join(chr(c) for c in range(0x21, 0x7F))
    repertoire = hangul + _jis_x_0208() + latin + "₩¥€$%"
    spoken = catalogs.language_settings(code)
    assert missing(repertoire, spoken.chart_fonts) == ""
    assert missing(repertoire, spoken.pdf_fonts) == ""


def test_init_accepts_a_language_the_team_brings(tmp_path: Path) -> None:
    (tmp_path / "content" / "labels").mkdir(parents=True)
    shutil.copy(DE_TEAM / "content" / "labels" / "de.yaml", tmp_path / "content" / "labels" / "de.yaml")
    result = CliRunner().invoke(main, ["init", "--folder", str(tmp_path), "--language", "de", "--year", "2024"])
    assert result.exit_code == 0, result.output
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  language: de\n" in config and "      lang: [de]\n" in config
    refused = CliRunner().invoke(main, ["init", "--folder", str(tmp_path / "fr"), "--language", "fr"])
    where = tmp_path / "fr" / "content" / "labels" / "fr.yaml"
    assert (refused.exit_code, refused.output.splitlines()) == (
        2,
        [f"error: no catalog for language 'fr': use en, ja, ko, or add {where}"],
    )
    assert not (tmp_path / "fr").exists()


def test_an_edited_team_catalog_is_not_served_from_the_caches(tmp_path: Path) -> None:
    shutil.copytree(DE_TEAM, tmp_path, dirs_exist_ok=True)
    runner = CliRunner()
    args = ["build", "--out", str(tmp_path / "out"), "--content", str(tmp_path / "content")]
    args += ["--cache", str(tmp_path / "cache")]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "out" / "2024" / "index.md").read_text(encoding="utf-8").startswith("# Überblick 2024")
    catalog_file = tmp_path / "content" / "labels" / "de.yaml"
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text.replace("year_overview: 'Überblick {year}'", "year_overview: 'Jahr {year}'"))
    again = runner.invoke(main, args)
    assert again.exit_code == 0, again.output
    assert (tmp_path / "out" / "2024" / "index.md").read_text(encoding="utf-8").startswith("# Jahr 2024")


def test_the_korean_sample_has_a_korean_404_page(built_site: Path) -> None:
    assert _article_text(built_site / "404.html") == (
        "404 — 페이지를 찾을 수 없습니다 이 주소에는 페이지가 없습니다. 보고서의 페이지는 탐색 메뉴에 있습니다."
    )
    assert '<html lang="ko" class="no-js">' in (built_site / "404.html").read_text(encoding="utf-8")


def test_durations_read_the_words_of_every_catalog_found() -> None:
    assert parse_duration("1時間 30分") == timedelta(hours=1, minutes=30)
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration("1 Std. 30 Min.")  # German is no catalog here
    use_team_catalogs(DE_TEAM / "content")
    assert parse_duration("1 Std. 30 Min.") == timedelta(hours=1, minutes=30)


def test_search_set_to_other_languages_than_the_catalogs_is_a_warning(japanese: Path, tmp_path: Path) -> None:
    """The lead's case: a Japanese site whose search is told [en] finds nothing for 監視."""
    shutil.copytree(japanese / "content", tmp_path / "content")
    config = (japanese / "mkdocs.yml").read_text(encoding="utf-8").replace("lang: [ja, en]", "lang: [en]")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    line = next(i for i, text in enumerate(config.splitlines(), start=1) if "lang: [en]" in text)
    validated = load_site(tmp_path / "content", tmp_path)
    assert [(p.file, p.line, p.col, p.severity.value, p.code, p.message, p.hint) for p in validated.problems] == [
        (
            "mkdocs.yml",
            line,
            13,
            "warning",
            "search-language",
            "plugins.search.lang [en] lacks ja: search does not find the site's words",
            "write lang: [ja, en], as the catalog's language.search",
        )
    ]


def test_language_settings_of_the_wrong_type_are_refused_not_a_traceback(tmp_path: Path) -> None:
    content = _team_catalog(
        tmp_path, {"language.search": 5, "language.chart_fonts": "IPAexGothic", "language.material": ["de"]}
    )
    found = [(p[4], p[5]) for p in _problems(content, tmp_path) if p[0].startswith("content/labels")]
    assert found == [
        ("wrong-type", "language.material is a word or null"),
        ("wrong-type", "language.search is a list of names"),
        ("wrong-type", "language.chart_fonts is a list of names"),
    ]
