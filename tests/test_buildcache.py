"""The tree cache: an unchanged project is served whole, without reportgen's heavy imports."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from reportgen.emit.generate import generate

from .conftest import CONTENT, REPO

TEMPLATES = REPO / "site_templates"


def _project(tmp_path: Path) -> tuple[Path, Path]:
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(CONTENT, content)
    templates.mkdir()
    return content, templates


def test_an_unchanged_project_is_served_from_the_cache_without_heavy_imports(tmp_path: Path) -> None:
    content, templates = _project(tmp_path)
    cold = generate(content, templates, tmp_path / "cache", tmp_path)
    assert not cold.from_cache and len(cold.tree.chart_stats.rendered) == 6
    script = (
        "import sys; from pathlib import Path\n"
        "from reportgen.emit.generate import generate\n"
        f"g = generate(Path({str(content)!r}), Path({str(templates)!r}), Path({str(tmp_path / 'cache')!r}), "
        f"Path({str(tmp_path)!r}))\n"
        "print(g.from_cache, len(g.tree.files), [p.message[:29] for p in g.problems])\n"
        "print(sorted(m for m in ('pydantic', 'matplotlib', 'jinja2', 'babel') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    hit, imported = result.stdout.splitlines()
    assert hit == f"True {len(cold.tree.files)} ['declared average_weeks is ~20']"  # the warning is kept
    assert imported == "[]"


def test_the_cached_tree_is_the_tree(tmp_path: Path) -> None:
    content, templates = _project(tmp_path)
    cold = generate(content, templates, tmp_path / "cache", tmp_path)
    warm = generate(content, templates, tmp_path / "cache", tmp_path)
    assert warm.from_cache
    assert (warm.tree.files, warm.tree.nav, warm.tree.sources) == (cold.tree.files, cold.tree.nav, cold.tree.sources)
    assert warm.search_label == cold.search_label == "검색"


def test_a_changed_fact_or_template_is_generated_again(tmp_path: Path) -> None:
    content, templates = _project(tmp_path)
    generate(content, templates, tmp_path / "cache", tmp_path)
    projects = content / "2023" / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace("GABIA IDC", "가비아 IDC"), encoding="utf-8")
    changed = generate(content, templates, tmp_path / "cache", tmp_path)
    assert not changed.from_cache
    assert "가비아 IDC" in next(f.content.decode() for f in changed.tree.files if f.path == "2023/projects.md")
    (templates / "year").mkdir()
    (templates / "year" / "groups.md.j2").write_text("# {{ title }} (재정의)\n", encoding="utf-8")
    overridden = generate(content, templates, tmp_path / "cache", tmp_path)
    assert not overridden.from_cache
    impact = next(f.content.decode() for f in overridden.tree.files if f.path == "2023/impact.md")
    assert impact == "# 비즈니스 임팩트 (재정의)\n"
    # Compiled templates are code (marshal): none is kept in the cache, which CI restores and could be forged.
    assert not (tmp_path / "cache" / "templates").exists()
    # The same template edited again: nothing of the old text is used.
    (templates / "year" / "groups.md.j2").write_text("# {{ title }} (다시)\n", encoding="utf-8")
    again = generate(content, templates, tmp_path / "cache", tmp_path)
    assert (
        next(f.content.decode() for f in again.tree.files if f.path == "2023/impact.md") == "# 비즈니스 임팩트 (다시)\n"
    )


def test_a_corrupt_tree_entry_is_rebuilt_not_served(tmp_path: Path) -> None:
    content, templates = _project(tmp_path)
    cold = generate(content, templates, tmp_path / "cache", tmp_path)
    (entry,) = (tmp_path / "cache" / "trees").rglob("*.bundle")
    entry.write_bytes(entry.read_bytes()[:1000])
    again = generate(content, templates, tmp_path / "cache", tmp_path)
    assert not again.from_cache
    assert again.tree.files == cold.tree.files


def test_background_drawing_gives_the_same_charts_as_drawing_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, templates = _project(tmp_path)
    with monkeypatch.context() as in_process:
        in_process.setenv("REPORTGEN_CHART_WORKERS", "0")
        inline = generate(content, templates, tmp_path / "inline", tmp_path)
    background = generate(content, templates, tmp_path / "background", tmp_path, background=True)
    assert background.pending is not None
    charts = background.pending()
    assert sorted(c.path for c in charts) == sorted(background.pending_paths)
    assert {c.path: c.content for c in charts} == {
        f.path: f.content for f in inline.tree.files if f.path in background.pending_paths
    }
    assert len(background.tree.chart_stats.rendered) == 6
    # The tree is complete and cached once the charts are in: the next build is a cache hit.
    assert generate(content, templates, tmp_path / "background", tmp_path, background=True).from_cache


def test_a_cancelled_background_drawing_leaves_no_process_behind(tmp_path: Path) -> None:
    content, templates = _project(tmp_path)
    generated = generate(content, templates, tmp_path / "cache", tmp_path, background=True)
    assert generated.cancel is not None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        generated.cancel()  # as after a failed build
        del generated
        gc.collect()  # a running child or an open pipe would warn here, as it is collected
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def _synthetic(tmp_path: Path) -> Path:
    from benchmarks.synthetic import write_content

    return write_content(tmp_path / "content", years=3, projects=8)


def _years(generated: object) -> tuple[list[str], list[str], list[str]]:
    stats = generated.tree.build_stats  # type: ignore[attr-defined]
    return sorted(stats.validated), sorted(stats.rendered), sorted(stats.cached)


def test_an_edit_to_one_year_validates_and_renders_that_year_alone(tmp_path: Path) -> None:
    content, cache = _synthetic(tmp_path), tmp_path / "cache"
    cold = generate(content, TEMPLATES, cache, tmp_path)
    assert _years(cold) == (["2015", "2016", "2017"], ["2015", "2016", "2017"], [])
    projects = content / "2016" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")

    projects.write_text(text + "# a comment changes the file, not the facts\n", encoding="utf-8")
    commented = generate(content, TEMPLATES, cache, tmp_path)
    assert not commented.from_cache
    assert _years(commented) == (["2016"], [], ["2015", "2016", "2017"])
    assert commented.tree.chart_stats.rendered == []

    # A completed project: the durations chart draws it (a cancelled one would be in the timeline only).
    projects.write_text(text.replace("name: 회원 시스템 통합 2", "name: 회원 시스템 통합 이"), encoding="utf-8")
    renamed = generate(content, TEMPLATES, cache, tmp_path)
    assert _years(renamed) == (["2016"], ["2016"], ["2015", "2017"])
    # The name is drawn in the timeline and the durations only; no other year's chart, nor the trends.
    assert sorted(renamed.tree.chart_stats.rendered) == [
        f"2016/charts/{kind}.{theme}.svg" for kind in ("durations", "timeline") for theme in ("dark", "light")
    ]
    # What the years' caches served is what a build from nothing gives.
    fresh = generate(content, TEMPLATES, None, tmp_path)
    assert {f.path: f.content for f in renamed.tree.files} == {f.path: f.content for f in fresh.tree.files}
    assert renamed.tree.nav == fresh.tree.nav


def test_a_team_with_records_sections_revalidates_only_the_edited_year(tmp_path: Path) -> None:
    example = CONTENT.parent / "examples" / "sre-team"
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(example / "content", content)
    shutil.copy(example / "mkdocs.yml", tmp_path / "mkdocs.yml")
    cold = generate(content, TEMPLATES, cache, tmp_path)
    assert _years(cold)[0] == ["2023", "2024"]
    incidents = content / "2024" / "incidents.yaml"
    incidents.write_text(
        incidents.read_text(encoding="utf-8").replace("DNS resolver timeouts", "DNS resolver time-outs"),
        encoding="utf-8",
    )
    edited = generate(content, TEMPLATES, cache, tmp_path)
    assert _years(edited)[0] == ["2024"]  # 2023's validated facts came from the cache
    fresh = generate(content, TEMPLATES, None, tmp_path)
    assert {f.path: f.content for f in edited.tree.files} == {f.path: f.content for f in fresh.tree.files}
    assert edited.problems == fresh.problems
