"""`reportgen build --out DIR` replaces DIR whole, or not at all."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.charts.draw import render as chart_render
from reportgen.cli.commands import main
from reportgen.emit import output

from .conftest import CONTENT


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(out: Path, cache: Path) -> Any:
    return CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--out", str(out), "--cache", str(cache)])


@pytest.fixture
def previous_output(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    out = tmp_path / "out"
    assert _build(out, tmp_path / "cache").exit_code == 0
    (out / "keep-me.txt").write_text("a file from the previous build\n", encoding="utf-8")
    return out, _digest(out)


def test_a_chart_failing_halfway_leaves_the_previous_output_byte_identical(
    previous_output: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous_output
    drawn: list[str] = []

    def fail_on_the_second(fig: Any, data: dict[str, Any], theme: Any) -> None:
        drawn.append("x")
        if len(drawn) == 2:  # delivery is drawn, then durations fails
            raise chart_render.ChartError("chart 'durations': drawing failed")

    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "0")  # drawn in this process, where the patch applies
    monkeypatch.setitem(chart_render.DRAWERS, "durations", fail_on_the_second)
    monkeypatch.setitem(chart_render.DRAWERS, "delivery", fail_on_the_second)
    result = _build(out, tmp_path / "empty-cache")
    assert result.exit_code == 1
    assert "drawing failed" in result.output
    assert _digest(out) == before


def test_an_interrupted_write_leaves_the_previous_output_and_no_debris(
    previous_output: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous_output
    real_target = output._safe_target
    calls: list[str] = []

    def interrupt_halfway(root: Path, relative: str) -> Path:
        calls.append(relative)
        if len(calls) == 8:
            raise KeyboardInterrupt  # as if the person pressed Ctrl-C mid-write
        return real_target(root, relative)

    monkeypatch.setattr(output, "_safe_target", interrupt_halfway)
    result = _build(out, tmp_path / "cache")
    assert result.exit_code == 1
    assert "Aborted!" in result.output  # click's answer to Ctrl-C
    assert _digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["cache", "out"]  # no staging folder left behind


def test_a_successful_build_replaces_the_whole_folder(
    previous_output: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    out, _ = previous_output
    assert _build(out, tmp_path / "cache").exit_code == 0
    assert not (out / "keep-me.txt").exists()
    assert (out / "2023" / "projects.md").is_file()
    assert (out / "2023" / "charts" / "timeline.dark.svg").is_file()


def test_written_files_and_trees_get_the_usual_modes(tmp_path: Path) -> None:
    """mkstemp and mkdtemp make private files (0600) and folders (0700): a web server running as
    another user could not read an export. Files get 0666 less the umask, or the mode they replace."""
    import os
    import stat

    from reportgen.emit.output import write_tree
    from reportgen.emit.store import atomic_write
    from reportgen.emit.tree import GeneratedFile

    old = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.txt"
        atomic_write(fresh, b"x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        kept = tmp_path / "kept.txt"
        kept.write_bytes(b"old")
        kept.chmod(0o604)
        atomic_write(kept, b"new")
        assert (stat.S_IMODE(kept.stat().st_mode), kept.read_bytes()) == (0o604, b"new")
        out = tmp_path / "out"
        write_tree([GeneratedFile("2023/index.md", b"# x\n")], out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o750
        assert stat.S_IMODE((out / "2023" / "index.md").stat().st_mode) == 0o640
    finally:
        os.umask(old)
