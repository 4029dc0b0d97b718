"""The whole-site snapshot: the generated tree of the sample content, as files a reviewer can diff.

Pages and data files are kept as they are; the stylesheet is a static file of the package, not
generated, and is not copied here. Charts are listed by path in `charts.txt`
instead: their pixels are checked against PNG baselines (tests/test_charts.py), and their
SVG bytes change with every matplotlib release.

Regenerate with `make snapshots` (python -m tests.snapshot), then review `git diff tests/snapshots`.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_tree
from reportgen.emit.store import ChartCache
from reportgen.load.mkdocs_config import find_config, read_config

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "snapshots" / "sample"
CHART_LIST = "charts.txt"
# Each snapshotted project: its content folder (the mkdocs.yml beside it names the site).
PROJECTS = {"sample": REPO / "content", "sre-team": REPO / "examples" / "sre-team" / "content"}


def snapshot_files(cache_dir: Path | None = None, project: str = "sample") -> dict[str, bytes]:
    content = PROJECTS[project]
    # Without the repository the notes would link the facts to: mkdocs.yml takes it from the
    # environment (CI sets REPORTGEN_REPO_URL), and a snapshot may not depend on where it runs.
    config = find_config(content)
    mkdocs = read_config(config, content.parent)[0] if config is not None else None
    validated = load_site(content, content.parent, dataclasses.replace(mkdocs, sources=None) if mkdocs else None)
    assert validated.site is not None, validated.problems
    tree = build_tree(validated.site, REPO / "site_templates", ChartCache(cache_dir))
    files = {f.path: f.content for f in tree.files if not f.path.endswith(".svg")}
    charts = sorted(f.path for f in tree.files if f.path.endswith(".svg"))
    files[CHART_LIST] = "".join(f"{path}\n" for path in charts).encode()
    return files


def read_snapshot(project: str = "sample") -> dict[str, bytes]:
    folder = SNAPSHOT.parent / project
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> None:
    for project in PROJECTS:
        folder = SNAPSHOT.parent / project
        files = snapshot_files(project=project)
        shutil.rmtree(folder, ignore_errors=True)
        for path, content in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        print(f"wrote {len(files)} files to {folder.relative_to(REPO)}")


if __name__ == "__main__":
    main()
