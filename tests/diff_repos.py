"""Sites in git repositories of their own, for the tests of `reportgen diff` (issue 25): the Korean
sample and the English SRE example with a second year of KPIs (the two-year case)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRE_TEAM = ROOT / "examples" / "sre-team"  # an English site with records sections declared in site.yaml
TWO_YEARS = ROOT / "tests" / "fixtures" / "diff-two-years"

# The Korean sample: a project's delivery set to its default, a service's status moved on.
KO_EDITS = [
    ("2023/projects.yaml", "    status: completed\n    delivery: on_time\n    tags: [이미지", None),
    ("2023/services.yaml", "    status: designed\n", "    status: built\n"),
]
KO_EDITS[0] = (KO_EDITS[0][0], KO_EDITS[0][1], KO_EDITS[0][1].replace("on_time", "unknown"))
# The two-year case: a 2024 incident four hours longer moves 2024's MTTR, the 2024 actual and verdict
# of the KPI 2023 set, and the baseline of the 2025 goal 2024 sets.
SRE_EDITS = [("2024/incidents.yaml", "resolved: 2024-02-10 15:30:00", "resolved: 2024-02-10 19:30:00")]


def site_copy(path: Path, site: str) -> Path:
    """A copy of a whole site ("ko": the sample; "en": the SRE example with 2024's KPIs for 2025)."""
    if site == "ko":
        shutil.copytree(ROOT / "content", path / "content")
        shutil.copy(ROOT / "mkdocs.yml", path / "mkdocs.yml")
    else:
        shutil.copytree(SRE_TEAM, path)
        shutil.copy(TWO_YEARS / "kpis-2025.yaml", path / "content" / "2024" / "kpis.yaml")
    return path


def git(repo: Path, *args: str) -> str:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(repo),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        # Fixed dates: the same commits give the same SHAs, so a printed diff can be compared.
        "GIT_AUTHOR_DATE": "2024-01-15T09:00:00+09:00",
        "GIT_COMMITTER_DATE": "2024-01-15T09:00:00+09:00",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def committed(path: Path, message: str = "the site") -> Path:
    """The folder `path` made a repository of its own, its files committed on main with `message`."""
    git(path, "init", "-q", "-b", "main")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", message)
    return path


def git_repo(path: Path, site: str) -> Path:
    """`site` copied to `path` and committed as a repository of its own, on main."""
    return committed(site_copy(path, site))


def edit(repo: Path, edits: list[tuple[str, str, str]], message: str | None = None) -> None:
    """Each (file under content/, text, replacement), the text found once; committed with `message`."""
    for relative, old, new in edits:
        path = repo / "content" / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    if message is not None:
        git(repo, "commit", "-q", "-am", message)
