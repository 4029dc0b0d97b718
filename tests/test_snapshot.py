"""The whole generated tree of the sample content, compared with the committed snapshot.

Regenerate after an intended change with `make snapshots`, then review `git diff tests/snapshots`.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main

from .conftest import CONTENT, REPO

SNAPSHOT = REPO / "tests" / "snapshots" / "sample"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_tree_matches_the_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--content", str(CONTENT), "--templates", str(REPO / "site_templates"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    generated, expected = _tree(out), _tree(SNAPSHOT)
    assert sorted(generated) == sorted(expected), "files differ; run `make snapshots` and review the diff"
    for path, content in expected.items():
        assert generated[path].decode() == content.decode(), f"{path} differs; run `make snapshots` and review"
