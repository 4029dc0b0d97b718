"""Charts: pixels against baselines, glyphs, literal text, reproducible bytes and the cache."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from matplotlib.image import imread

from reportgen.charts.draw.fonts import ChartError, font_paths
from reportgen.charts.draw.render import render
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import DARK, LIGHT, THEMES
from reportgen.check.validate import load_site
from reportgen.emit.chart_files import render_all
from reportgen.emit.site_tree import build_tree
from reportgen.emit.store import ChartCache

from .chart_fixtures import FORMS, baseline_path, fixture_site, fixture_specs
from .conftest import CONTENT, REPO, copy_project, run_mkdocs

KINDS = ["timeline", "durations", "delivery", "kpis", "trends"]


@pytest.fixture(scope="module")
def specs() -> dict[str, ChartSpec]:
    return fixture_specs()


# A pixel "differs" when a channel moves by more than this; antialiasing noise stays below it.
CHANNEL_STEP = 8 / 255


def _difference(expected: Path, actual: Path) -> str | None:
    """None when the images match pixel for pixel (within CHANNEL_STEP), else what differs.

    An RMS tolerance lets a changed digit or syllable through (8주 -> 9주 is RMS 1.67 of 255);
    counting changed pixels does not.
    """
    a, b = imread(str(expected)), imread(str(actual))
    if a.shape != b.shape:
        return f"the size changed from {a.shape[1]}x{a.shape[0]} to {b.shape[1]}x{b.shape[0]}"
    changed = int((abs(a - b).max(axis=2) > CHANNEL_STEP).sum())
    return f"{changed} pixels differ" if changed else None


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.name)
@pytest.mark.parametrize("kind", KINDS)
def test_chart_matches_its_baseline(
    kind: str, theme: object, form: str, specs: dict[str, ChartSpec], tmp_path: Path
) -> None:
    actual = tmp_path / f"{kind}.png"
    actual.write_bytes(render(specs[kind], theme, "png", form))  # type: ignore[arg-type]
    difference = _difference(baseline_path(kind, theme.name, form), actual)  # type: ignore[attr-defined]
    assert difference is None, f"{difference}\nif the change is intended: make chart-baselines, and look at the PNGs"


def _with_bar_text(spec: ChartSpec, old: str, new: str) -> ChartSpec:
    key = "text" if spec.kind == "durations" else "end"  # the timeline draws dates, not weeks
    bars = [dict(bar, **{key: new}) if bar[key] == old else bar for bar in spec.data["bars"]]
    assert bars != spec.data["bars"], f"no bar reads {old}"
    return dataclasses.replace(spec, data=dict(spec.data, bars=bars))


@pytest.mark.parametrize(
    ("kind", "old", "new"),
    [("durations", "8주", "9주"), ("timeline", "2022-06-27", "2022-07-04"), ("durations", "label", "")],
)
def test_the_baseline_comparison_catches_a_changed_digit_or_syllable(
    kind: str, old: str, new: str, specs: dict[str, ChartSpec], tmp_path: Path
) -> None:
    if old == "label":  # one Hangul syllable of a project name: 결제 -> 결재
        bars = [dict(b, label=b["label"].replace("결제", "결재")) for b in specs[kind].data["bars"]]
        assert bars != specs[kind].data["bars"]
        changed = dataclasses.replace(specs[kind], data=dict(specs[kind].data, bars=bars))
    else:
        changed = _with_bar_text(specs[kind], old, new)
    actual = tmp_path / f"{kind}.png"
    actual.write_bytes(render(changed, LIGHT, "png"))
    assert _difference(baseline_path(kind, "light"), actual) is not None


def test_light_and_dark_variants_differ(specs: dict[str, ChartSpec]) -> None:
    assert render(specs["durations"], LIGHT) != render(specs["durations"], DARK)


@pytest.mark.parametrize("kind", KINDS)
def test_the_published_dark_variant_is_exactly_the_chart_drawn_dark(kind: str, specs: dict[str, ChartSpec]) -> None:
    # The pipeline draws each chart once and recolours it; that must equal drawing it in the dark theme.
    published = render_all([specs[kind]], ChartCache(None)).files[specs[kind].file("dark")]
    assert _canonical_ids(published) == _canonical_ids(render(specs[kind], DARK))


def _canonical_ids(svg: bytes) -> bytes:
    """The SVG with matplotlib's marker and hatch ids (hashes that include the colour) numbered in order."""
    names: dict[bytes, bytes] = {}
    return re.sub(rb"\b[mh][0-9a-f]{10}\b", lambda m: names.setdefault(m[0], b"id%d" % len(names)), svg)


def test_svg_is_byte_identical_from_run_to_run_and_carries_no_date(specs: dict[str, ChartSpec]) -> None:
    first, second = render(specs["timeline"], LIGHT), render(specs["timeline"], LIGHT)
    assert first == second
    assert b"<dc:date>" not in first


def _with_label(spec: ChartSpec, label: str) -> ChartSpec:
    bars = [dict(spec.data["bars"][0], label=label), *spec.data["bars"][1:]]
    return dataclasses.replace(spec, data=dict(spec.data, bars=bars))


def test_a_label_outside_the_font_fails_naming_the_label_and_character(specs: dict[str, ChartSpec]) -> None:
    with pytest.raises(ChartError) as error:
        render(_with_label(specs["durations"], "배포 🚀 자동화"), LIGHT)
    assert "'배포 🚀 자동화' lacks '🚀' (U+1F680)" in str(error.value)


def test_a_dollar_sign_is_drawn_literally_not_as_math(specs: dict[str, ChartSpec]) -> None:
    # With mathtext, "$\frac{$" raises and "$5M to $7M" loses its dollar signs.
    svg = render(_with_label(specs["durations"], r"R&D $\frac{$ $5M to $7M"), LIGHT).decode()
    assert _glyph_id("$") in svg
    assert _glyph_id("\\") in svg


def _glyph_id(char: str) -> str:
    """The id matplotlib gives a glyph's outline in an SVG: the font's name and the glyph's index."""
    with TTFont(str(font_paths()[0])) as font:
        return f'id="NanumGothic-{font.getGlyphID(font.getBestCmap()[ord(char)]):x}"'


def test_latin_letters_missing_from_nanumgothic_fall_back_to_dejavu(specs: dict[str, ChartSpec]) -> None:
    svg = render(_with_label(specs["durations"], "Ã 데이터"), LIGHT).decode()
    assert 'id="DejaVuSans-' in svg
    assert 'id="NanumGothic-' in svg


def test_build_fails_with_the_label_when_a_glyph_is_missing(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    projects = project / "content" / "2023" / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace("name: Aloha", "name: Aloha 🌺"), encoding="utf-8")
    result = run_mkdocs(project, "build")
    assert result.returncode == 1
    assert "'Aloha 🌺' lacks '🌺' (U+1F33A)" in result.stderr
    assert "Traceback" not in result.stderr


def _sample_charts(cache: ChartCache, content: Path = CONTENT) -> list[str]:
    validated = load_site(content, REPO)
    assert validated.site is not None
    return build_tree(validated.site, REPO / "site_templates", cache).chart_stats.rendered


def test_second_build_renders_no_chart(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path / "cache")
    assert (
        len(_sample_charts(cache)) == 6
    )  # 3 charts (services is a table, the KPIs have no numeric target), light and dark
    assert _sample_charts(cache) == []


def test_changing_one_date_rerenders_only_the_charts_that_use_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    copy_project(tmp_path)
    cache = ChartCache(tmp_path / "cache")
    _sample_charts(cache, content)
    projects = content / "2023" / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace("end: 2023-12-18", "end: 2023-12-25"), "utf-8")
    assert sorted(_sample_charts(cache, content)) == [
        "2023/charts/durations.dark.svg",
        "2023/charts/durations.light.svg",
        "2023/charts/timeline.dark.svg",
        "2023/charts/timeline.light.svg",
    ]


def test_a_corrupt_cache_entry_is_rebuilt_not_served(tmp_path: Path, specs: dict[str, ChartSpec]) -> None:
    cache = ChartCache(tmp_path / "cache")
    good = render_all([specs["delivery"]], cache).files
    for entry in (tmp_path / "cache").rglob("*.svg"):
        entry.write_bytes(entry.read_bytes()[:200])  # a torn write
    again = render_all([specs["delivery"]], cache)
    assert len(again.stats.rendered) == 2
    assert again.files == good


def test_a_warm_build_does_not_import_matplotlib(tmp_path: Path) -> None:
    _sample_charts(ChartCache(tmp_path / "cache"))
    script = (
        "import sys; from pathlib import Path\n"
        "from reportgen.check.validate import load_site; from reportgen.emit.site_tree import build_tree\n"
        "from reportgen.emit.store import ChartCache\n"
        f"site = load_site(Path({str(CONTENT)!r})).site\n"
        f"tree = build_tree(site, None, ChartCache(Path({str(tmp_path / 'cache')!r})))\n"
        "assert tree.chart_stats.rendered == [], tree.chart_stats\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_mkdocs_keeps_the_cache_outside_the_docs_tree(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert run_mkdocs(project, "build", "--strict").returncode == 0
    # The 3 charts' light and dark variants and their print files.
    assert len(list((project / ".cache" / "reportgen").rglob("*.svg"))) == 9
    assert not list((project / "docs").rglob("*.svg"))
    result = run_mkdocs(project, "build", "--strict")
    assert "0 chart(s) rendered, 6 from the cache" in result.stderr


def test_trends_appear_on_the_home_page_once_there_are_two_years(tmp_path: Path) -> None:
    site = fixture_site()
    tree = build_tree(site, REPO / "site_templates", ChartCache(tmp_path / "cache"))
    home = next(f.content.decode() for f in tree.files if f.path == "index.md")
    assert "![2022년부터 2023년까지의 추이 차트." in home
    assert "(charts/trends.light.svg#only-light)" in home
    assert "charts/trends.dark.svg" in {f.path for f in tree.files}


def test_the_sample_home_page_has_no_trend_chart_with_one_year(tmp_path: Path) -> None:
    validated = load_site(CONTENT, REPO)
    assert validated.site is not None
    tree = build_tree(validated.site, REPO / "site_templates", ChartCache(tmp_path / "cache"))
    assert not any(f.path.startswith("charts/") for f in tree.files)


def test_kpi_chart_shows_the_next_years_actual(specs: dict[str, ChartSpec]) -> None:
    on_time = specs["kpis"].data["rows"][0]
    assert (round(on_time["baseline"], 1), on_time["target"], round(on_time["actual"], 1)) == (66.7, 80, 66.7)
    assert specs["kpis"].table.rows[0] == ("일정 준수율", "66.7%", "80%", "66.7% (✗ 미달)")


def test_alt_text_states_the_key_figures(specs: dict[str, ChartSpec]) -> None:
    assert specs["delivery"].alt == (
        "프로젝트 4개의 일정 결과 도넛 차트. 준수 2건, 지연 1건, 미확인 1건. 일정 준수율 66.7%. "
        "결과가 확인된 3건 중 2건 준수."
    )
    assert "최장 30주 (결제 시스템)" in specs["durations"].alt
