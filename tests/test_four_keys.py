"""DORA's four keys from the files a team's tools export (issue 20): the ready-made `deployments`
section read from a CI system's CSV export, pull requests from `gh pr list --json`, and incidents.

The example (examples/platform-team) has three years; 2022 predates the CI export and has no
deployments file. Every expected figure below is worked out by hand from its files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_pages
from reportgen.model.facts import Site

from .conftest import REPO, run_mkdocs

EXAMPLE = REPO / "examples" / "platform-team"


@pytest.fixture(scope="module")
def site() -> Site:
    validated = load_site(EXAMPLE / "content", EXAMPLE)
    assert validated.site is not None, validated.problems
    assert validated.problems == []  # every file validates with no warning
    return validated.site


@pytest.fixture(scope="module")
def pages(site: Site) -> dict[str, str]:
    tree, _ = build_pages(site)
    return {f.path: f.content.decode("utf-8") for f in tree.files}


def _cards(page: str) -> list[tuple[str, str]]:
    """The headline cards of a page, in order: (caption, figure)."""
    found = re.findall(r"-   \*\*(.+?)\*\*\n\n    ---\n\n    ([^·\n]+)", page)
    return [(caption.strip(), value) for value, caption in found]


def test_a_site_with_deployments_and_incidents_leads_with_the_four_keys(pages: dict[str, str]) -> None:
    assert _cards(pages["2024/index.md"])[:4] == [
        ("Deployment frequency", "0.3/wk"),  # 16 deployments over 366 / 7 = 52.3 weeks
        ("Lead time for changes (median)", "19 h"),  # the middle two of 16 leads, 18 h and 20 h
        ("Change failure rate", "12.5%"),  # one FAILURE and one ROLLBACK of 16
        ("MTTR", "1 h"),  # 75 and 40 minutes
    ]
    assert _cards(pages["2023/index.md"])[:4] == [
        ("Deployment frequency", "0.2/wk"),  # 12 over 52.1 weeks
        ("Lead time for changes (median)", "19 h"),  # 6, 20, 30, 9, 48, 14, 26, 8, 12, 36, 18, 24
        ("Change failure rate", "16.7%"),  # 2 of 12
        ("MTTR", "1.6 h"),  # 100, 45 and 150 minutes
    ]


def test_a_year_before_the_ci_export_has_no_deployment_figures_not_zero(pages: dict[str, str]) -> None:
    assert _cards(pages["2022/index.md"])[:4] == [
        ("Deployment frequency", "No data"),
        ("Lead time for changes (median)", "No data"),
        ("Change failure rate", "No data"),
        ("MTTR", "2 h"),  # 150 and 90 minutes
    ]
    assert "2022/deployments.md" not in pages  # no page of a section the year has no file for


def test_exports_keep_the_tools_ids_and_read_times_in_the_teams_clock(site: Site) -> None:
    report = next(r for r in site.reports if r.year == 2024)
    deployments = report.sections["deployments"]
    assert [(d["id"], d["result"]) for d in deployments[4:6]] == [("D-24005", "success"), ("D-24006", "failed")]
    first = report.sections["pull_requests"][0]
    # gh writes 2024-01-05T08:00:00Z; Berlin is an hour ahead in January.
    assert (first["id"], first["opened"].isoformat(), first["author"]) == ("211", "2024-01-05T09:00:00", "kim")


def test_the_example_builds_strict_and_publishes_no_source_file(tmp_path: Path) -> None:
    project = tmp_path / "platform-team"
    shutil.copytree(EXAMPLE, project)
    shutil.copytree(REPO / "site_templates", project / "site_templates")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not list(site.rglob("pull_requests.json"))
    header = (site / "2024" / "deployments.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "id,service,deployed,result,committed"  # the declared columns, not the CI's headers
