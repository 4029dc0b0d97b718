"""Issue 25: the PR check tells a reviewer the truth. The two-year case (a KPI id reused by the next
year's goal under another title), one verdict for one KPI everywhere, defaults compared as values,
baseline moves that say why (and warn only when in use), verdict changes first, and each row's page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from reportgen.check.validate import load_site
from reportgen.cli.commands import main
from reportgen.emit.site_tree import build_pages
from tests.diff_repos import KO_EDITS, ROOT, SRE_EDITS, edit, git, git_repo, site_copy

OLD_TITLE, NEW_TITLE = "Mean time to restore", "Time to restore, all severities (2025 goal)"
JUDGED_2024 = f"2024 · {OLD_TITLE} (set in 2023)"
JUDGED_2025 = f"2025 · {NEW_TITLE} (set in 2024)"
QUEUE_BACKLOG = "Incidents › Queue backlog after a deploy"  # the 2024 incident the edit lengthens


def _diff(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["diff", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def _two_years(tmp_path: Path, output: str) -> tuple[Path, list[str]]:
    """The issue's case: the SRE example with 2024's goal for 2025 committed, then a 2024 incident
    four hours longer in the working tree, diffed against HEAD."""
    repo = git_repo(tmp_path / "repo", "en")
    edit(repo, SRE_EDITS)
    return repo, _diff("HEAD", "--content", str(repo / "content"), "--format", output)


def _table(lines: list[str]) -> list[list[str]]:
    start = lines.index("| Year | Figure | Before | After | Page |") + 2
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in lines[start:end]]


def test_each_kpi_row_carries_its_own_declarations_title_and_both_years(tmp_path: Path) -> None:
    _, lines = _two_years(tmp_path, "markdown")
    assert _table(lines) == [
        ["2024", "MTTR", "1 h", "3 h", "`2024/incidents/`"],
        [
            "2024",
            f"{JUDGED_2025}: Baseline (derived from MTTR, moved by: {QUEUE_BACKLOG} › Resolved)",
            "1 h",
            "3 h",
            "`2024/kpis/`",
        ],
        ["2024", f"{JUDGED_2024}: 2024 actual", "1 h", "3 h", "`2024/kpi-review/`"],
        ["2024", f"{JUDGED_2024}: Verdict", "✓ Met", "✗ Missed", "`2024/kpi-review/`"],
    ]
    # No row mixes the two declarations: the 2025 title never beside 2023, nor 2023's beside 2025.
    rows = [line for line in lines if line.startswith("| 2024 |") or line.startswith("- ")]
    assert not [r for r in rows if NEW_TITLE in r and "set in 2023" in r]
    assert not [r for r in rows if f"· {OLD_TITLE}" in r and "set in 2024" in r]
    # 2025, the year the moved baseline is judged in, has no facts yet: listed, not warned about.
    assert "> [!WARNING]" not in lines


def test_the_verdict_change_comes_first_once_with_both_actuals(tmp_path: Path) -> None:
    _, lines = _two_years(tmp_path, "markdown")
    verdicts = lines.index("## Verdicts that changed")
    assert verdicts < lines.index("## Figures that changed")
    listed = lines[verdicts + 2 : lines.index("## Figures that changed") - 1]
    assert listed == [f"- {JUDGED_2024}: ✓ Met → ✗ Missed (target 2 h; actual 1 h → 3 h)"]
    _, text = _two_years(tmp_path / "text", "text")
    assert text[text.index("Verdicts that changed:") + 1 : text.index("Figures that changed:")] == [
        f"  {JUDGED_2024}: ✓ Met → ✗ Missed (target 2 h; actual 1 h → 3 h)",
        "",
    ]


def test_a_title_renamed_is_a_fact_change_and_the_rows_take_the_heads_title(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", "en")
    edit(repo, [*SRE_EDITS, ("2023/kpis.yaml", f"metric: {OLD_TITLE}", "metric: MTTR, every severity")])
    lines = _diff("HEAD", "--content", str(repo / "content"))
    renamed = "  2023  2024 KPI targets › Quantitative goals › MTTR, every severity › Metric"
    assert f"{renamed}: {OLD_TITLE} → MTTR, every severity" in lines
    verdict = "  2024  2024 · MTTR, every severity (set in 2023): Verdict: ✓ Met → ✗ Missed  [2024/kpi-review/]"
    assert verdict in lines
    assert not [line for line in lines if f"· {OLD_TITLE}" in line]


def _page_paths(lines: list[str]) -> list[str]:
    return [m for line in lines for m in re.findall(r"  \[(\d{4}/[^\]]*)\]", line)]


def test_each_figure_rows_page_is_a_page_of_the_built_site(tmp_path: Path) -> None:
    repo, lines = _two_years(tmp_path, "text")
    paths = _page_paths(lines)
    assert paths == ["2024/incidents/", "2024/kpis/", "2024/kpi-review/", "2024/kpi-review/"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    built = tmp_path / "built"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(built)], cwd=repo, env=env, check=True, timeout=300
    )
    assert [p for p in paths if not (built / p / "index.html").is_file()] == []
    # And each page shows the figure the row names, as the row's "after" says it.
    review = (built / "2024" / "kpi-review" / "index.html").read_text(encoding="utf-8")
    assert "✗ Missed" in review and OLD_TITLE in review and NEW_TITLE not in review


def test_a_choice_set_to_its_default_and_back_is_one_change_each_way(tmp_path: Path) -> None:
    base, head = site_copy(tmp_path / "base", "ko"), site_copy(tmp_path / "head", "ko")
    old = "    status: completed\n    delivery: on_time\n    tags: [이미지"
    edit(head, [("2023/projects.yaml", old, old.replace("on_time", "unknown"))])
    there = _diff("--base-dir", str(base / "content"), "--head-dir", str(head / "content"))
    back = _diff("--base-dir", str(head / "content"), "--head-dir", str(base / "content"))
    for lines, change in ((there, "준수 → 미확인"), (back, "미확인 → 준수")):
        facts = lines[lines.index("바뀐 사실:") + 1 :]
        assert facts == [f"  2023  프로젝트 › 네이버 프로젝트 › 일정: {change}"]
        assert "삭제된 사실:" not in lines and "추가된 사실:" not in lines


def test_a_derived_baseline_moved_by_its_facts_and_one_edited_in_the_file_say_so_differently(tmp_path: Path) -> None:
    base = site_copy(tmp_path / "base", "en")
    moved = site_copy(tmp_path / "moved", "en")
    # A 2023 incident three hours longer: 2023's MTTR is the baseline 2024 (with facts) is judged against.
    edit(moved, [("2023/incidents.yaml", "resolved: 2023-07-03 03:35:00", "resolved: 2023-07-03 06:35:00")])
    lines = _diff("--base-dir", str(base / "content"), "--head-dir", str(moved / "content"), "--format", "markdown")
    derived = "derived from MTTR, moved by: Incidents › Primary database failover stalled › Resolved"
    row = f"| 2023 | 2024 · {OLD_TITLE} (set in 2023): Baseline ({derived}) | 3 h | 4 h | `2023/kpis/` |"
    assert row in lines
    warning = lines.index("> [!WARNING]")
    assert lines[warning + 2 : warning + 3] == [f"> - 2024 · {OLD_TITLE} (set in 2023): Baseline: 3 h → 4 h"]
    # A typed baseline of the year being written (2024 sets it for 2025, which has no facts): edited, no warning.
    typed = site_copy(tmp_path / "typed", "en")
    edit(typed, [("2024/kpis.yaml", "    baseline_from: mttr\n", "    baseline: 1.5\n")])
    retyped = site_copy(tmp_path / "retyped", "en")
    edit(retyped, [("2024/kpis.yaml", "    baseline_from: mttr\n", "    baseline: 2.5\n")])
    lines = _diff("--base-dir", str(typed / "content"), "--head-dir", str(retyped / "content"), "--format", "markdown")
    assert f"| 2024 | {JUDGED_2025}: Baseline (edited in the file) | 1.5 h | 2.5 h | `2024/kpis/` |" in lines
    assert "> [!WARNING]" not in lines


def _unreviewed(root: Path, *, third: bool) -> Path:
    """The SRE example whose 2024 review leaves out the (derived) incidents KPI; `third`: a third
    2024 incident, which takes the count over the target of 2."""
    site = site_copy(root, "en")
    edit(site, [("2024/kpi_review.yaml", "  - kpi: incidents\n    result: No SEV1 this year\n", "")])
    if third:
        incidents = site / "content" / "2024" / "incidents.yaml"
        more = "  - {id: inc-2024-03, title: Cache stampede, severity: sev3, detected: 2024-11-02 10:00:00}\n"
        incidents.write_text(incidents.read_text(encoding="utf-8") + more, encoding="utf-8")
    return site


def _everywhere(site: Path) -> tuple[str, str, str]:
    """The incidents KPI's 2024 verdict on the review page, in data.json and in validate's warning."""
    validated = load_site(site / "content", site)
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    pages = {f.path: f.content.decode("utf-8") for f in tree.files}
    (row,) = [line for line in pages["2024/kpi-review.md"].splitlines() if line.startswith("| Incidents |")]
    data = {r["kpi"]: r["verdict"] for r in json.loads(pages["2024/data.json"])["kpi_review"]}
    (warning,) = [p.message for p in validated.problems if p.code == "unreviewed-kpi"]
    # The row's verdict, before its link to how it was computed.
    return row.split(" | ")[4].split(" · ")[0], data["incidents"], warning.rsplit(": ", 1)[1]


def test_a_kpi_without_a_review_entry_has_one_verdict_everywhere(tmp_path: Path) -> None:
    base, head = _unreviewed(tmp_path / "base", third=False), _unreviewed(tmp_path / "head", third=True)
    assert _everywhere(base) == ("✓ Met", "met", "met")
    assert _everywhere(head) == ("✗ Missed", "missed", "missed")
    lines = _diff("--base-dir", str(base / "content"), "--head-dir", str(head / "content"))
    assert lines[lines.index("Verdicts that changed:") + 1] == (
        "  2024 · Incidents (set in 2023): ✓ Met → ✗ Missed (target 2; actual 2 → 3)"
    )


def test_a_site_link_that_is_not_https_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    base = site_copy(tmp_path / "base", "en")
    for link in ("javascript:alert(1)", "http://example.com/site", "https://example.com/a b"):
        result = CliRunner().invoke(
            main, ["diff", "--base-dir", str(base / "content"), "--format", "markdown", "--site-url", link]
        )
        assert result.exit_code == 2 and result.stdout == ""
        assert "is not an https link" in result.stderr


def test_the_site_link_is_the_summarys_last_line_in_the_sites_language(tmp_path: Path) -> None:
    base = site_copy(tmp_path / "base", "en")
    url = "https://github.com/o/r/actions/runs/7/artifacts/9"
    lines = _diff("--base-dir", str(base / "content"), "--head-dir", str(base / "content"), "--format", "markdown")
    assert lines[-1] == "No fact changed."
    linked = _diff(
        "--base-dir", str(base / "content"), "--head-dir", str(base / "content"), "--format", "markdown",
        "--site-url", url,
    )  # fmt: skip
    assert linked[-3:] == ["---", "", f"The built site for this pull request (download it from the run): <{url}>"]


def test_a_config_that_is_not_there_is_refused(tmp_path: Path) -> None:
    base = site_copy(tmp_path / "base", "en")
    result = CliRunner().invoke(
        main, ["diff", "--base-dir", str(base / "content"), "--config", str(tmp_path / "mkdocs.yml")]
    )
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_a_hostile_kpi_title_stays_text_in_every_row_and_in_the_verdict_list(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", "en")
    hostile = "MTTR | <img src=x onerror=alert(1)> *bold*"
    edit(repo, [("2023/kpis.yaml", f"metric: {OLD_TITLE}", f'metric: "{hostile}"')], "a hostile title")
    edit(repo, SRE_EDITS)
    lines = _diff("HEAD", "--content", str(repo / "content"), "--format", "markdown")
    rows = _table(lines)
    assert [len(row) for row in rows] == [5] * len(rows)  # no cell split by the title's "|"
    assert not [line for line in lines if "<img" in line or "*bold*" in line]
    escaped = "MTTR \\| &lt;img src=x onerror=alert(1)&gt; \\*bold\\*"
    verdicts = lines[lines.index("## Verdicts that changed") + 2]
    assert verdicts.startswith(f"- 2024 · {escaped} (set in 2023): ✓ Met → ✗ Missed")


def test_the_korean_samples_rows_name_pages_of_its_generated_tree(tmp_path: Path) -> None:
    base, head = site_copy(tmp_path / "base", "ko"), site_copy(tmp_path / "head", "ko")
    edit(head, KO_EDITS)
    lines = _diff("--base-dir", str(base / "content"), "--head-dir", str(head / "content"))
    paths = _page_paths(lines)
    assert sorted(set(paths)) == ["2023/kpis/", "2023/projects/"]
    validated = load_site(head / "content", head)
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    pages = {f.path for f in tree.files}
    # MkDocs serves docs/2023/projects.md at 2023/projects/ (and a folder's index.md at the folder).
    assert [p for p in paths if f"{p[:-1]}.md" not in pages and f"{p}index.md" not in pages] == []


def test_a_revisions_config_linked_out_of_the_tree_is_one_line_and_never_read(tmp_path: Path) -> None:
    """A pull request that replaces mkdocs.yml with a link to a file elsewhere on the runner."""
    repo = git_repo(tmp_path / "repo", "en")
    (repo / "mkdocs.yml").unlink()
    (repo / "mkdocs.yml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a config linked out of the tree")
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD", "--content", str(repo / "content")])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: git revision 'HEAD' ({git(repo, 'rev-parse', '--short=7', 'HEAD')}) holds a file that is not "
        "read: 'mkdocs.yml' is a link to an absolute path"
    ]
