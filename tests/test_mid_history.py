"""Starting with this year (issue 20, part 8): last year's targets in this year's kpi_review.yaml.

A team whose first report is 2024 has the targets the 2023 report set, but not the 2023 facts.
kpi_review.yaml carries those targets itself (`targets:`); 2023 then stands in for the review
only and is never a year of the site: not in the nav, the trends or the sentences. And `new-year`
after `init` leaves a project that validates without a single warning.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.derive.kpis import kpi_verdict
from reportgen.diff.printing import to_text
from reportgen.diff.site_diff import compare
from reportgen.emit.site_tree import build_pages
from reportgen.load.catalogs import labels
from reportgen.load.problems import Problem
from reportgen.model.facts import KpiTarget, Site

from .conftest import REPO, run_mkdocs
from .helpers import invoke

EXAMPLE = REPO / "examples" / "sre-team"
TWO_YEARS = REPO / "tests" / "fixtures" / "two-years"

# The targets the SRE example's 2023 kpis.yaml sets, as a team starting with 2024 types them:
# a baseline typed (there are no 2023 facts to derive it from), the actual derived from 2024's.
REVIEW = """\
targets:
  - id: mttr
    metric: Mean time to restore
    unit: " h"
    baseline: 3
    actual_from: mttr
    target: 2
    direction: lower
  - id: incidents
    metric: Incidents
    baseline: 3
    actual_from: incident_count
    target: 2
    direction: lower
reviews:
  - kpi: mttr
    result: Runbooks for the top ten alerts
  - kpi: incidents
    result: No SEV1 this year
"""


def starting_with_2024(folder: Path, review: str = REVIEW) -> Path:
    """The SRE example without its 2023, the targets 2023 set given in 2024's review, and a 2025
    made from 2024. Returns the content folder."""
    content = folder / "content"
    shutil.copytree(EXAMPLE / "content", content)
    shutil.copy(EXAMPLE / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.rmtree(content / "2023")
    (content / "2024" / "kpi_review.yaml").write_text(review, encoding="utf-8")
    (content / "2025").mkdir()
    for name in ("report.yaml", "projects.yaml", "incidents.yaml", "slos.yaml", "cost_savings.yaml"):
        text = (content / "2024" / name).read_text(encoding="utf-8")
        if name == "projects.yaml":  # other projects than 2024's: the same id would continue one across years
            text = re.sub(r"(?m)^(  - id: )(\S+)$", r"\1\2-next", text)
        (content / "2025" / name).write_text(text.replace("2024", "2025"), encoding="utf-8")
    return content


def _problems(content: Path) -> list[Problem]:
    return load_site(content, content.parent).problems


def _site(content: Path) -> Site:
    validated = load_site(content, content.parent)
    assert validated.site is not None, [p.for_people() for p in validated.problems]
    assert validated.problems == [], [p.for_people() for p in validated.problems]
    return validated.site


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mid-history")
    starting_with_2024(folder)
    return folder


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    return _site(project / "content")


@pytest.fixture(scope="module")
def built(site: Site) -> tuple[dict[str, str], list]:  # type: ignore[type-arg]
    tree, specs = build_pages(site)
    return {f.path: f.content.decode("utf-8") for f in tree.files}, specs


def test_the_review_judges_the_targets_it_carries(built: tuple[dict[str, str], list]) -> None:  # type: ignore[type-arg]
    pages, _ = built
    review = pages["2024/kpi-review.md"]
    # MTTR 1 h, strictly under its target of at most 2 h: met, as lower is better.
    met = "✓ Met · [How this was computed](#kpi_review--working-{})"  # linked to its comparison under the table
    assert (
        f"| Mean time to restore | 3 h | 2 h | 1 h | {met.format('mttr')} | Runbooks for the top ten alerts |" in review
    )
    assert f"| Incidents | 3 | 2 | 2 | {met.format('incidents')} | No SEV1 this year |" in review
    data = json.loads(pages["2024/data.json"])
    assert [(r["kpi"], r["baseline"], r["actual"], r["verdict"]) for r in data["kpi_review"]] == [
        ("mttr", 3, 1.0, "met"),
        ("incidents", 3, 2, "met"),
    ]
    assert [kpi["id"] for kpi in data["facts"]["kpi_review_targets"]] == ["mttr", "incidents"]
    assert "MTTR · [2024 target: 2 h (✓ Met)](kpi-review.md)" in pages["2024/index.md"]


def test_a_lower_is_better_kpi_strictly_under_its_target_is_met() -> None:
    kpi = KpiTarget(id="mttr", metric="MTTR", baseline=3, target=2, direction="lower")
    assert kpi_verdict(kpi, 1.5) == "met"
    assert kpi_verdict(kpi, 2.5) == "missed"


def test_last_year_is_no_year_of_the_site(built: tuple[dict[str, str], list]) -> None:  # type: ignore[type-arg]
    pages, specs = built
    assert not any(path.startswith("2023/") for path in pages)
    trend = next(spec for spec in specs if spec.path == "charts/trends")
    assert trend.data["years"] == ["2024", "2025"]
    assert not any("Compared with" in line for line in pages["2024/index.md"].splitlines())
    assert not any("2023" in text for path, text in pages.items() if path.endswith(".md"))


def test_the_built_site_has_no_2023_in_its_nav(project: Path) -> None:
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert sorted(p.name for p in site.iterdir() if p.name.isdigit()) == ["2024", "2025"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="2024/"' in home and 'href="2025/"' in home
    assert "2023" not in home


def test_targets_given_twice_are_an_error_at_the_key(tmp_path: Path) -> None:
    content = starting_with_2024(tmp_path)
    shutil.copytree(EXAMPLE / "content" / "2023", content / "2023")  # 2023 is in the content after all
    found = [p for p in _problems(content) if p.code == "targets-twice"]
    assert [(p.file, p.line, p.col) for p in found] == [("content/2024/kpi_review.yaml", 1, 1)]
    assert "content/2023/kpis.yaml" in found[0].message


def test_inline_targets_cannot_derive_a_baseline(tmp_path: Path) -> None:
    content = starting_with_2024(
        tmp_path, REVIEW.replace("    baseline: 3\n    actual_from: mttr\n", "    baseline_from: mttr\n")
    )
    found = [(p.line, p.col, p.code) for p in _problems(content)]
    assert found == [(5, 20, "no-previous-facts")]  # at the baseline_from


def test_inline_targets_are_checked_as_kpis_yaml_targets_are(tmp_path: Path) -> None:
    review = REVIEW.replace("actual_from: incident_count", "actual_from: incident_cout").replace(
        "id: incidents", "id: mttr"
    )
    found = sorted((p.line, p.col, p.code) for p in _problems(starting_with_2024(tmp_path, review)))
    assert (9, 9, "duplicate-id") in found
    assert (12, 18, "unknown-metric") in found


def test_a_review_without_any_targets_says_where_they_may_go(tmp_path: Path) -> None:
    content = starting_with_2024(tmp_path, "reviews:\n  - kpi: mttr\n    result: Runbooks\n")
    (problem,) = _problems(content)
    assert problem.code == "no-targets"
    assert "under 'targets:'" in problem.hint


def test_diff_shows_an_edited_inline_target(tmp_path: Path, site: Site) -> None:
    head = _site(starting_with_2024(tmp_path, REVIEW.replace("    target: 2\n", "    target: 0.5\n", 1)))
    printed = to_text(compare(site, head), labels("en"))
    assert (
        "  2024  2024 · Mean time to restore (set in 2023): Verdict: ✓ Met → ✗ Missed  [2024/kpi-review/]\n" in printed
    )
    assert "  2024  2024 KPI results › Last year's targets › Mean time to restore › Target: 2 → 0.5\n" in printed


# ---- new-year


def _validate(content: Path) -> str:
    result = invoke("validate", str(content))
    assert result.exit_code == 0, result.output
    return result.output


def test_init_then_new_year_validates_without_a_warning(tmp_path: Path) -> None:
    assert invoke("init", "--folder", str(tmp_path), "--language", "en", "--year", "2024").exit_code == 0
    assert invoke("new-year", "2025", "--content", str(tmp_path / "content")).exit_code == 0
    assert not (tmp_path / "content" / "2025" / "kpi_review.yaml").exists()
    assert _validate(tmp_path / "content").splitlines() == ["0 error(s), 0 warning(s)"]


def test_text_only_targets_miss_no_review(tmp_path: Path) -> None:
    """Targets of text only get no verdict: a year without a review of them leaves none without one."""
    assert invoke("init", "--folder", str(tmp_path), "--language", "en", "--year", "2024").exit_code == 0
    kpis = tmp_path / "content" / "2024" / "kpis.yaml"
    kpis.write_text(
        "year: 2025\nquantitative:\n  - id: docs\n    metric: Docs\n    target_text: better\n    direction: higher\n",
        encoding="utf-8",
    )
    assert invoke("new-year", "2025", "--content", str(tmp_path / "content")).exit_code == 0
    (tmp_path / "content" / "2025" / "kpi_review.yaml").unlink()  # its results are the team's to give, or not
    assert _validate(tmp_path / "content").splitlines() == ["0 error(s), 0 warning(s)"]


def test_new_year_prints_the_figures_as_the_site_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(TWO_YEARS, content)
    shutil.rmtree(content / "2023")
    assert invoke("new-year", "2023", "--content", str(content)).exit_code == 0
    review = (content / "2023" / "kpi_review.yaml").read_text(encoding="utf-8")
    assert "# 일정 준수율: 기준값 66.7%, 목표 80%" in review  # not 66.66666666666667
    assert "# MTTR: 기준값 48시간, 목표 24시간" in review
