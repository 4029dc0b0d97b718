"""A project across years (issue 20, part 9): one id in two consecutive years is one project.

A small site in a temporary folder: Billing runs from October 2023 to February 2024, listed in
2023 as in progress and in 2024 with its outcome. It counts once over several years, its weeks
count in 2024 only, each year's page names the other, the timeline points its bar past the
year's edge, and new-year carries it over. Inconsistent entries are reported at their position.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import matplotlib.dates as mdates
import pytest

from reportgen.charts.draw.render import render
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import DARK, LIGHT
from reportgen.check.validate import load_site
from reportgen.cli.scaffold import new_year
from reportgen.derive.metrics import YearMetrics, year_metrics
from reportgen.emit.generate import generate
from reportgen.emit.site_tree import build_pages
from reportgen.load.catalogs import labels
from reportgen.load.problems import Problem, Severity
from reportgen.model.facts import Site
from reportgen.sections.projects import projects
from reportgen.sections.registry import BUILTIN

from .chart_checks import inspect
from .conftest import CONTENT, REPO

EN = labels("en")

SITE = "team: Platform\nlanguage: {language}\ntitle: Platform reports\nsections: [projects]\n"
SEARCH = """  - id: search
    name: Search
    start: 2023-02-06
    end: 2023-05-29
    status: completed
    delivery: on_time
"""
BILLING_2023 = """  - id: billing
    name: Billing
    start: 2023-10-02
    end: 2024-02-12
    status: in_progress
    delivery: delayed
"""
BILLING_2024 = """  - id: billing
    name: Billing
    start: 2023-10-02
    end: 2024-02-12
    status: completed
    delivery: delayed
"""
AUDIT = """  - id: audit
    name: Audit
    start: 2024-03-04
    end: 2024-04-29
    status: completed
    delivery: on_time
"""
LEGACY = """  - id: legacy
    name: Legacy
    start: 2024-01-08
    end: 2024-06-24
    status: cancelled
"""


def write_site(folder: Path, years: dict[int, str], language: str = "en") -> Path:
    """content/ with site.yaml and, per year, report.yaml and projects.yaml (`years`: year -> entries)."""
    content = folder / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(SITE.format(language=language), encoding="utf-8")
    for year, entries in years.items():
        (content / str(year)).mkdir()
        (content / str(year) / "report.yaml").write_text(f"year: {year}\ntitle: Platform {year}\n", encoding="utf-8")
        (content / str(year) / "projects.yaml").write_text("projects:\n" + entries, encoding="utf-8")
    return content


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    return write_site(tmp_path, {2023: SEARCH + BILLING_2023, 2024: BILLING_2024 + AUDIT + LEGACY})


def site_of(content: Path) -> Site:
    validated = load_site(content, content.parent)
    assert validated.problems == [], "\n".join(p.for_people() for p in validated.problems)
    assert validated.site is not None
    return validated.site


def pages(site: Site) -> tuple[dict[str, str], dict[str, ChartSpec]]:
    tree, specs = build_pages(site)
    return {f.path: f.content.decode() for f in tree.files}, {s.path: s for s in specs}


def figures(site: Site) -> dict[int, YearMetrics]:
    return {r.year: year_metrics(r, BUILTIN) for r in site.reports}


def problems_of(content: Path) -> list[Problem]:
    return load_site(content, content.parent).problems


def line_of(content: Path, relative: str, text: str, occurrence: int = 1, after: str = "") -> int:
    """The line number of the `occurrence`-th line that reads `text` (after the first line reading `after`)."""
    lines = (content / relative).read_text(encoding="utf-8").splitlines()
    start = lines.index(after) if after else 0
    found = [number for number, line in enumerate(lines, 1) if line == text and number > start]
    return found[occurrence - 1]


# ---- figures


def test_the_carried_project_counts_once_in_the_home_pages_table_totals_and_trends(two_years: Path) -> None:
    files, specs = pages(site_of(two_years))
    home = files["index.md"]
    # 2023 as figures over several years count it: Billing continues into 2024 and counts there.
    assert "| [2023](2023/index.md) | Platform 2023 | 1 | 100% | 16 wk |" in home
    assert "| [2024](2024/index.md) | Platform 2024 | 3 | 50% | 13.5 wk |" in home
    # Search, Billing, Audit, Legacy; on time 2 of 3 with an outcome; weeks 16, 19, 8 (Legacy was cancelled).
    totals = "2023–2024 in all: 4 projects, on-time rate 66.7%, average duration 14.3 wk."
    assert f"{totals} {EN['across_years_rule']}" in home
    trends = specs["charts/trends"]
    panels = {p["label"]: p["values"] for p in trends.data["panels"]}
    assert panels[EN["total_projects"]] == [1, 3]
    assert panels[EN["on_time_rate"]] == [100, 50]
    assert "Projects 2023 1, 2024 3" in trends.alt
    # The 2024 summary compares with 2023 as the home page does: Billing is 2024's.
    # 2023 counted across years (1) is not 2023's own figure (2): the sentence carries its own note for it.
    compared = "Compared with 2023: Projects [1](#working--project_count-2023) → [3](#working--project_count)"
    assert compared in files["2024/index.md"]


def test_each_year_page_keeps_its_own_figures(two_years: Path) -> None:
    by_year = figures(site_of(two_years))
    assert by_year[2023].value("project_count") == 2  # 2023 ran Billing too
    assert by_year[2023].value("delayed_count") == 1  # already late in 2023
    assert by_year[2023].over_years("project_count") == 1


def test_the_duration_counts_in_the_year_it_ends_and_never_for_cancelled_or_in_progress(two_years: Path) -> None:
    site = site_of(two_years)
    by_year = figures(site)
    assert (by_year[2023].value("longest_weeks"), by_year[2023].value("average_weeks")) == (16, 16)
    assert by_year[2023].value("dated_project_count") == 1  # Billing is in progress at the end of 2023
    assert (by_year[2024].value("longest_weeks"), by_year[2024].value("average_weeks")) == (19, 13.5)
    assert by_year[2024].value("dated_project_count") == 2  # Legacy (24 weeks) was cancelled
    assert by_year[2024].extras["longest_projects"] == ["Billing"]
    files, specs = pages(site)
    assert [row[0] for row in specs["2024/charts/durations"].table.rows] == ["Billing", "Audit"]
    assert [row[0] for row in specs["2023/charts/durations"].table.rows] == ["Search"]
    for year in (2023, 2024):  # the rule, beside the figures it makes
        page = files[f"{year}/projects.md"]
        figures_line = next(line for line in page.splitlines() if line.startswith(EN["longest"] + ":"))
        assert page.splitlines()[page.splitlines().index(figures_line) + 1] == EN["duration_rule"]


def test_three_years_count_a_project_in_progress_through_the_middle_once(tmp_path: Path) -> None:
    ledger = "  - id: ledger\n    name: Ledger\n    start: 2023-11-06\n    end: 2025-02-24\n"
    content = write_site(
        tmp_path,
        {
            2023: SEARCH + ledger + "    status: in_progress\n",
            2024: ledger + "    status: in_progress\n" + AUDIT,
            2025: ledger + "    status: completed\n    delivery: on_time\n",
        },
    )
    site = site_of(content)
    by_year = figures(site)
    assert [by_year[y].over_years("project_count") for y in (2023, 2024, 2025)] == [1, 1, 1]
    assert [by_year[y].value("longest_weeks") for y in (2023, 2024, 2025)] == [16, 8, 68]
    files, _ = pages(site)
    assert "2023–2025 in all: 3 projects" in files["index.md"]
    # The totals' note says how many each year adds: Ledger counts once, in 2025, where it ends.
    lines = re.findall(r'<span class="reportgen-working__line">(.*?)</span>', files["index.md"])
    assert "Projects: Number of projects in the year's file. Per year: 2023: 1, 2024: 1, 2025: 1" in lines
    assert (
        '| <span class="reportgen-row" id="projects-ledger"></span>Ledger | 2023-11-06'
        " | 2025-02-24 | 68 wk | In progress · continues from 2023 · continues into 2025 |"
        in (files["2024/projects.md"])
    )


# ---- pages and the timeline


def test_each_years_page_says_it_continues_from_or_into_the_other(two_years: Path) -> None:
    files, _ = pages(site_of(two_years))
    anchor = '<span class="reportgen-row" id="projects-billing"></span>'
    row_2023 = (
        f"| {anchor}Billing | 2023-10-02 | 2024-02-12 | 19 wk | In progress · continues into 2024 | Delayed | — |"
    )
    row_2024 = f"| {anchor}Billing | 2023-10-02 | 2024-02-12 | 19 wk | Completed · continues from 2023 | Delayed | — |"
    assert row_2023 in files["2023/projects.md"].splitlines()
    assert row_2024 in files["2024/projects.md"].splitlines()
    assert "continues" not in files["2023/projects.md"].replace(row_2023, "").replace(EN["duration_rule"], "")
    facts = json.loads(files["2023/data.json"])["facts"]
    assert "continued" not in facts  # derived from the other year, not a fact of this one


def test_the_timeline_points_a_bar_past_the_years_edge_in_its_alt_text_table_and_drawing(two_years: Path) -> None:
    _, specs = pages(site_of(two_years))
    timeline = specs["2023/charts/timeline"]
    assert [b.get("into") for b in timeline.data["bars"]] == [None, 2024]
    assert "Billing 10-02~2024-02-12 (19 wk, Delayed, continues into 2024)" in timeline.alt
    assert timeline.table.rows[1][2] == "2024-02-12 (continues into 2024)"
    later = specs["2024/charts/timeline"]
    assert [b.get("from") for b in later.data["bars"]] == [2023, None, None]
    assert "Billing 2023-10-02~02-12 (19 wk, Delayed, continues from 2023)" in later.alt
    assert later.table.rows[0][1] == "2023-10-02 (continues from 2023)"
    for spec, mark in ((timeline, 'id="continues-into-1"'), (later, 'id="continues-from-0"')):
        for theme in (LIGHT, DARK):
            assert mark in render(spec, theme).decode()
        drawn = inspect(spec)
        assert drawn.overlaps() == [] and drawn.outside() == [] and drawn.crossings() == []
    # The square part of the bar stops short of 31 December: the point reaches it.
    assert inspect(timeline).bars[1][1] < mdates.date2num(date(2023, 12, 31))


def test_a_year_page_is_built_again_when_the_next_year_carries_its_project(tmp_path: Path) -> None:
    content = write_site(tmp_path, {2023: SEARCH + BILLING_2023})
    cache = tmp_path / "cache"
    generate(content, REPO / "site_templates", cache, tmp_path)
    (content / "2024").mkdir()
    (content / "2024" / "report.yaml").write_text("year: 2024\ntitle: Platform 2024\n", encoding="utf-8")
    (content / "2024" / "projects.yaml").write_text("projects:\n" + BILLING_2024, encoding="utf-8")
    warm = generate(content, REPO / "site_templates", cache, tmp_path)
    fresh = generate(content, REPO / "site_templates", None, tmp_path)
    served = {f.path: f.content for f in warm.tree.files}
    assert served == {f.path: f.content for f in fresh.tree.files}
    assert "In progress · continues into 2024" in served["2023/projects.md"].decode()


# ---- new-year


@pytest.mark.parametrize("language", ["en", "ko"])
def test_new_year_carries_projects_in_progress_and_the_result_validates_without_a_warning(
    tmp_path: Path, language: str
) -> None:
    content = write_site(tmp_path, {2023: SEARCH + BILLING_2023}, language)
    new_year(content, 2024)
    text = (content / "2024" / "projects.yaml").read_text(encoding="utf-8")
    assert '  - id: billing\n    name: "Billing"\n    start: 2023-10-02\n    end: 2024-02-12\n' in text
    assert "    status: in_progress\n    delivery: delayed\n" in text
    assert "id: search" not in text  # completed in 2023: not carried
    site = site_of(content)  # no error, no warning
    (carried,) = projects(site.reports[-1])
    assert (carried.id, carried.start, carried.end, carried.status) == (
        "billing",
        date(2023, 10, 2),
        date(2024, 2, 12),
        "in_progress",
    )
    assert site.reports[0].continues_into_next("projects") == {"billing"}


def test_new_year_prints_kpi_baselines_as_the_site_prints_them(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    projects_file = content / "2023" / "projects.yaml"
    text = projects_file.read_text(encoding="utf-8")
    old = "    duration_note: Various\n    status: unknown\n    delivery: delayed\n"
    assert text.count(old) == 1
    projects_file.write_text(text.replace(old, old.replace("delayed", "unknown")), encoding="utf-8")
    new_year(content, 2024)  # 5 on time of 7 with an outcome: 71.42857142857143 %
    review = (content / "2024" / "kpi_review.yaml").read_text(encoding="utf-8")
    assert "# 배포 일정 준수율: 기준값 71.4%, 목표 목표 향상 필요" in review
    assert "71.428" not in review


# ---- checks across years


def test_another_start_date_in_the_next_year_is_an_error_at_its_position(two_years: Path) -> None:
    path = two_years / "2024" / "projects.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("start: 2023-10-02", "start: 2023-10-09"), "utf-8")
    found = [p for p in problems_of(two_years) if p.code == "continued-start-differs"]
    assert [(p.file, p.line, p.col, p.severity) for p in found] == [
        (
            "content/2024/projects.yaml",
            line_of(two_years, "2024/projects.yaml", "    start: 2023-10-09"),
            12,
            Severity.ERROR,
        )
    ]
    assert "write 'start: 2023-10-02' as at content/2023/projects.yaml:" in found[0].hint
    assert load_site(two_years, two_years.parent).site is None


def test_an_earlier_entry_not_in_progress_is_an_error_at_its_status(two_years: Path) -> None:
    path = two_years / "2023" / "projects.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: in_progress", "status: completed"), "utf-8")
    found = [p for p in problems_of(two_years) if p.code == "continued-not-in-progress"]
    line = line_of(two_years, "2023/projects.yaml", "    status: completed", 2)
    assert [(p.file, p.line, p.col, p.severity) for p in found] == [
        ("content/2023/projects.yaml", line, 13, Severity.ERROR)
    ]
    assert "give it an id of its own" in found[0].hint


def test_another_name_is_a_warning_and_a_project_the_next_year_drops_is_one_too(two_years: Path) -> None:
    path = two_years / "2024" / "projects.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Billing", "name: Billing v2"), "utf-8")
    (renamed,) = problems_of(two_years)
    assert (renamed.code, renamed.severity, renamed.file) == (
        "continued-name-differs",
        Severity.WARNING,
        "content/2024/projects.yaml",
    )
    assert (renamed.line, renamed.col) == (line_of(two_years, "2024/projects.yaml", "    name: Billing v2"), 11)
    path.write_text(text.replace("  - id: billing\n", "  - id: billing-2024\n"), "utf-8")
    found = {(p.code, p.file, p.line) for p in problems_of(two_years)}
    assert found == {
        (
            "not-continued",
            "content/2023/projects.yaml",
            line_of(two_years, "2023/projects.yaml", "    end: 2024-02-12"),
        ),
        (
            "outside-year",
            "content/2024/projects.yaml",
            line_of(two_years, "2024/projects.yaml", "    start: 2023-10-02"),
        ),
    }


def test_a_start_before_the_year_is_warned_unless_the_year_before_lists_the_project(two_years: Path) -> None:
    assert problems_of(two_years) == []  # Billing starts in 2023: 2023 lists it
    shutil.rmtree(two_years / "2023")
    (warned,) = problems_of(two_years)
    assert (warned.code, warned.severity, warned.file) == (
        "outside-year",
        Severity.WARNING,
        "content/2024/projects.yaml",
    )
    assert warned.message == "project 'Billing' starts on 2023-10-02, outside 2024"
    assert "list it there too under the same id" in warned.hint and "spans_years: true" in warned.hint


def test_a_project_ending_after_the_year_is_warned_unless_it_is_in_progress(tmp_path: Path) -> None:
    content = write_site(tmp_path, {2023: SEARCH + BILLING_2023})
    assert problems_of(content) == []  # in progress, planned into 2024, which is not written yet
    path = content / "2023" / "projects.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: in_progress", "status: unknown"), "utf-8")
    (ended,) = problems_of(content)
    assert (ended.code, ended.file, ended.line) == (
        "outside-year",
        "content/2023/projects.yaml",
        line_of(content, "2023/projects.yaml", "    end: 2024-02-12"),
    )
    assert "'status: in_progress' here" in ended.hint


# ---- a cancelled project's delivery


@pytest.mark.parametrize("delivery", ["delayed", "on_time"])
def test_a_cancelled_project_with_a_delivery_is_an_error_at_its_delivery(tmp_path: Path, delivery: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    before = {(p.code, p.line) for p in problems_of(content)}
    path = content / "2023" / "projects.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    end: 2023-12-18\n    status: unknown\n    delivery: delayed\n"
    assert text.count(old) == 1  # Aloha
    path.write_text(
        text.replace(old, f"    end: 2023-12-18\n    status: cancelled\n    delivery: {delivery}\n"), "utf-8"
    )
    # (on_time also changes the on-time figures the sample declares: those warnings are not this check's)
    new = [p for p in problems_of(content) if (p.code, p.line) not in before and p.code != "declared-differs"]
    assert [(p.code, p.severity, p.file, p.line, p.col) for p in new] == [
        (
            "delivery-contradicts-status",
            Severity.ERROR,
            "content/2023/projects.yaml",
            line_of(content, "2023/projects.yaml", f"    delivery: {delivery}", after="    name: Aloha"),
            15,
        )
    ]
    assert new[0].message == f"project 'Aloha' is cancelled but its delivery is '{delivery}'"
