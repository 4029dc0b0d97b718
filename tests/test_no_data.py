"""No data is not zero (issue 20, part 7): a section a year has no file for gives "no data" everywhere.

The fixture is the SRE example grown to three years, whose middle year, 2024, has neither an
incidents file (a team's records section) nor a projects file (a built-in one). Its figures must
read "no data" on the cards and the home table, break the trend lines, drop out of the sentence
comparing 2025 with 2024, give its KPI reviewed against them the verdict "no data", be null in
data.json and read "No data" in `diff`. A file with no rows is a real zero.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest

from reportgen.charts.spec import ChartSpec
from reportgen.check.validate import load_site
from reportgen.derive.metrics import year_metrics
from reportgen.diff.printing import to_text
from reportgen.diff.site_diff import compare
from reportgen.emit.site_tree import build_pages
from reportgen.load.catalogs import labels
from reportgen.model.facts import Site
from reportgen.sections.registry import site_metrics, site_sections

from .chart_checks import inspect
from .conftest import REPO

EXAMPLE = REPO / "examples" / "sre-team"
LATER = ("report.yaml", "projects.yaml", "incidents.yaml", "slos.yaml")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def three_years(folder: Path, *, without: tuple[str, ...] = ("incidents.yaml", "projects.yaml")) -> Path:
    """The SRE example's 2023 and 2024, and a 2025 made from 2024 (fewer on-call pages); 2024 then
    loses the files `without`. Returns the content folder."""
    content = folder / "content"
    shutil.copytree(EXAMPLE / "content", content)
    shutil.copy(EXAMPLE / "mkdocs.yml", folder / "mkdocs.yml")
    (content / "2025").mkdir()
    for name in LATER:
        text = (content / "2024" / name).read_text(encoding="utf-8")
        if name == "projects.yaml":  # other projects than 2024's: the same id would continue one across years
            text = re.sub(r"(?m)^(  - id: )(\S+)$", r"\1\2-next", text)
        (content / "2025" / name).write_text(text.replace("2024", "2025"), encoding="utf-8")
    _edit(content / "2025" / "slos.yaml", "on_call_pages: 22", "on_call_pages: 12")
    for name in without:
        (content / "2024" / name).unlink()
    return content


def _site(content: Path) -> Site:
    validated = load_site(content, content.parent)
    assert validated.site is not None, validated.problems
    assert validated.problems == []
    return validated.site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _site(three_years(tmp_path_factory.mktemp("three-years")))


@pytest.fixture(scope="module")
def built(site: Site) -> tuple[dict[str, str], list[ChartSpec]]:
    tree, specs = build_pages(site)
    return {f.path: f.content.decode("utf-8") for f in tree.files}, specs


@pytest.fixture(scope="module")
def pages(built: tuple[dict[str, str], list[ChartSpec]]) -> dict[str, str]:
    return built[0]


def _cards(page: str) -> dict[str, str]:
    """Each headline card of a page: its caption (up to a link) -> its figure."""
    found = re.findall(r"-   \*\*(.+?)\*\*\n\n    ---\n\n    ([^·\n]+)", page)
    return {caption.strip(): value for value, caption in found}


def _spec(built: tuple[dict[str, str], list[ChartSpec]], path: str) -> ChartSpec:
    return next(spec for spec in built[1] if spec.path == path)


def test_the_middle_year_has_no_data_where_it_has_no_file(site: Site) -> None:
    registry = site_metrics(site_sections(site.settings))
    middle = year_metrics(site.reports[1], registry)
    assert {"incident_count", "mttr", "sev1_share", "project_count", "on_time_rate"} <= middle.missing
    assert middle.value("incident_count") is None and middle.value("project_count") is None
    assert middle.value("on_call_pages") == 31  # its SLOs file is there
    assert "on_call_pages" not in middle.missing


def test_its_cards_say_no_data(pages: dict[str, str]) -> None:
    cards = _cards(pages["2024/index.md"])
    assert cards["Incidents"] == "No data"  # a team's records section
    assert cards["MTTR"] == "No data"
    assert cards["Reliability projects"] == "No data"  # a built-in section
    assert cards["On-call pages"] == "31"
    assert "**0**" not in pages["2024/index.md"]


def test_the_home_table_says_no_data(pages: dict[str, str]) -> None:
    row = next(line for line in pages["index.md"].splitlines() if line.startswith("| [2024]"))
    assert row == "| [2024](2024/index.md) | Platform SRE — 2024 | No data | No data | No data | 31 |"


def test_the_trends_have_a_gap_not_a_zero(built: tuple[dict[str, str], list[ChartSpec]]) -> None:
    trend = _spec(built, "charts/trends")
    incidents = trend.data["panels"][0]
    assert (incidents["label"], incidents["values"], incidents["texts"]) == (
        "Incidents",
        [3, None, 2],
        ["3", "No data", "2"],
    )
    assert trend.table.rows[1] == ("2024", "No data", "No data", "No data", "31")
    assert "Incidents 2023 3, 2024 No data, 2025 2" in trend.alt


def test_the_records_chart_breaks_its_line_at_the_year_without_data(
    built: tuple[dict[str, str], list[ChartSpec]],
) -> None:
    chart = _spec(built, "2025/charts/incidents-mttr")
    assert (chart.data["values"], chart.data["texts"]) == ([3.0, None, 1.0], ["3 h", "No data", "1 h"])
    assert chart.table.rows[1] == ("2024", "No data")
    drawn = inspect(chart)
    gap = next(t for t in drawn.texts if t.gid == "gap-0-1")  # said at the foot of its year
    assert gap.text == "No data"
    middle = (gap.box.x0 + gap.box.x1) / 2
    # No stretch of line crosses 2024: the line is drawn as a point on each side of the gap.
    for path, _ in drawn.lines:
        assert not any(a[0] < middle < b[0] for a, b in itertools.pairwise(path)), path
    assert len(drawn.lines) == 2


def test_the_comparison_with_last_year_skips_figures_without_data(pages: dict[str, str]) -> None:
    sentence = next(line for line in pages["2025/index.md"].splitlines() if "Compared with 2024" in line)
    # This year's figure links to its note (its card's, or one after the sentences, before </p>), and
    # last year's to its note on last year's overview.
    last, this = "[31](../2024/index.md#working--on_call_pages)", "[21](#working--on_call_pages)"
    assert sentence.split("</p>")[0].endswith(f"Compared with 2024: On-call pages {last} → {this}.")
    assert "Incidents" not in sentence and "Reliability projects" not in sentence


def test_a_kpi_judged_on_a_figure_without_data_has_the_verdict_no_data(pages: dict[str, str]) -> None:
    review = pages["2024/kpi-review.md"]
    # Not 0, which would meet ≤ 2; both targets share the verdict, said once above the table.
    assert "\nEvery target: No data.\n" in review
    lines = review.splitlines()
    link = "[How this was computed](#kpi_review--working-incidents)"
    incidents = "[3](../2023/kpis.md#kpis--baseline-incidents)"  # the baseline links to its working
    assert f"| Incidents | {incidents} | 2 | — · {link} | No SEV1 this year |" in lines
    assert (
        "| Mean time to restore | [3 h](../2023/kpis.md#kpis--baseline-mttr) | 2 h | — · "
        "[How this was computed](#kpi_review--working-mttr) "
        "| Runbooks for the top ten alerts |"
    ) in lines
    verdicts = {
        row["kpi"]: (row["actual"], row["verdict"]) for row in json.loads(pages["2024/data.json"])["kpi_review"]
    }
    assert verdicts == {"mttr": (None, "no_data"), "incidents": (None, "no_data")}
    assert _cards(pages["2024/index.md"])["Incidents"] == "No data"
    assert "2024 target: 2 (No data)" in pages["2024/index.md"]


def test_data_json_holds_null_for_a_section_without_a_file(pages: dict[str, str]) -> None:
    data = json.loads(pages["2024/data.json"])
    assert data["metrics"]["incident_count"] is None
    assert data["metrics"]["mttr"] is None
    assert data["metrics"]["project_count"] is None
    assert data["metrics"]["unknown_delivery_count"] is None
    assert data["metrics"]["on_call_pages"] == 31
    assert data["facts"]["projects"] is None
    assert "incidents" not in data["facts"]["records"] and "slos" in data["facts"]["records"]


def test_diff_says_no_data_when_a_file_goes(tmp_path: Path) -> None:
    base = _site(three_years(tmp_path / "base", without=()))
    head = _site(three_years(tmp_path / "head", without=("incidents.yaml",)))
    printed = to_text(compare(base, head), labels("en"))
    # The incidents page is gone with its file: the figures read "no data" on the year's own page.
    assert "  2024  Incidents: 2 → No data  [2024/]\n" in printed
    assert "  2024  MTTR: 1 h → No data  [2024/]\n" in printed
    assert "  2024  2024 · Incidents (set in 2023): Verdict: ✓ Met → No data  [2024/kpi-review/]\n" in printed


def test_a_file_with_no_rows_is_a_real_zero(tmp_path: Path) -> None:
    content = three_years(tmp_path, without=("projects.yaml",))
    (content / "2024" / "incidents.yaml").write_text("records: []\n", encoding="utf-8")
    tree, _ = build_pages(_site(content))
    pages = {f.path: f.content.decode("utf-8") for f in tree.files}
    cards = _cards(pages["2024/index.md"])
    assert cards["Incidents"] == "0"  # a file without incidents: none happened
    assert cards["Reliability projects"] == "No data"  # no file: nothing was recorded
    data = json.loads(pages["2024/data.json"])
    assert data["metrics"]["incident_count"] == 0 and data["facts"]["records"]["incidents"] == []
    verdicts = {row["kpi"]: row["verdict"] for row in data["kpi_review"]}
    assert verdicts["incidents"] == "met"  # 0 incidents against a target of at most 2


def test_the_korean_label_for_no_data() -> None:
    assert labels("ko")["no_data"] == "자료 없음"
    assert labels("en")["no_data"] == "No data"
