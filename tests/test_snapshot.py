"""The whole generated tree of the sample content, compared with the committed snapshot.

Regenerate after an intended change with `make snapshots`, then review `git diff tests/snapshots`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .snapshot import PROJECTS, read_snapshot, snapshot_files


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_generated_tree_matches_the_snapshot(tmp_path: Path, project: str) -> None:
    generated, expected = snapshot_files(tmp_path / "cache", project), read_snapshot(project)
    assert sorted(generated) == sorted(expected), "files differ; run `make snapshots` and review the diff"
    for path, content in expected.items():
        assert generated[path].decode() == content.decode(), f"{path} differs; run `make snapshots` and review"
