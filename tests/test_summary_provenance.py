"""Issue 15 without a browser: the summary, inferred values, and their place in validate, data.json and diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reportgen.check.validate import load_site
from reportgen.derive.metrics import year_metrics
from reportgen.diff.printing import to_text
from reportgen.diff.site_diff import compare
from reportgen.emit.site_tree import build_pages
from reportgen.emit.year_data import year_data
from reportgen.load.catalogs import labels
from reportgen.model.facts import Project, Report
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter
from reportgen.render.summary import figure_sentences
from reportgen.sections.projects import projects as projects_of
from reportgen.sections.registry import BUILTIN, DEFAULT_SECTIONS

from .conftest import CONTENT
from .helpers import invoke

REASON_START = "원문은 지연 3건이라고만 하고 어느 프로젝트인지 밝히지 않습니다."


def _copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def test_sample_summary_holds_only_the_seed_words() -> None:
    site = load_site(CONTENT).site
    assert site is not None
    summary = site.reports[0].summary
    assert summary is not None
    seed = (CONTENT.parent / "seeds" / "000_7c6edc8692e6e654.txt").read_text(encoding="utf-8")
    seed_lines = [line.strip().lstrip("- ").replace("**", "") for line in seed.splitlines()]
    for line in summary.highlights + summary.shortfalls + summary.focus:
        assert any(line == s or s.endswith(line) or line.replace(" 프로젝트", "") == s for s in seed_lines), line
    assert "2인 백엔드 팀 운영 효율화" in summary.highlights
    assert summary.shortfalls == ("배포 일정 준수율: 62% → 목표 향상 필요",)


def _ctx(report: Report, language: str, kinds: tuple[str, ...], **more: object) -> YearContext:
    """A year's context in `language`, for a site whose sections are those of `kinds`."""
    sections = tuple(s for s in DEFAULT_SECTIONS if s.kind.name in kinds)
    fmt = Formatter(language, labels(language))
    return YearContext(report, year_metrics(report, BUILTIN), fmt, sections=sections, **more)  # type: ignore[arg-type]


def _uninferred(report: Report) -> Report:
    """The same year with no value marked as inferred."""
    plain = tuple(p.model_copy(update={"inferred": {}}) for p in projects_of(report))
    return report.model_copy(update={"sections": {**report.sections, "projects": plain}})


def test_generated_sentences_in_both_languages() -> None:
    site = load_site(CONTENT).site
    assert site is not None
    report = site.reports[0]
    expected = {
        "ko": [
            "2023년에는 프로젝트 8개를 수행했고, 일정 결과가 기록된 8개 중 5건이 일정을 지켰습니다(일정 준수율 62.5%).",
            "가장 긴 프로젝트(38주)는 네이버 프로젝트 및 수자원 공사입니다.",  # two names, joined as two
        ],
        "en": [
            "In 2023 the team ran 8 projects; 5 of the 8 with a recorded delivery finished on time "
            "(on-time rate 62.5%).",
            "The longest (38 wk): 네이버 프로젝트 and 수자원 공사.",
        ],
    }
    for language, sentences in expected.items():
        got = figure_sentences(_ctx(_uninferred(report), language, ("projects",)), None)
        assert got == sentences
    # Given the report, the sentence quoting the on-time figures says three deliveries were inferred;
    # the sentence on durations reads no inferred field and gets no such note.
    got = figure_sentences(_ctx(report, "ko", ("projects",)), None)
    assert got == [expected["ko"][0], "이 수치에는 팀이 추정한 일정 값 3건이 들어 있습니다.", expected["ko"][1]]
    got = figure_sentences(_ctx(report, "en", ("projects",)), None)
    assert got[1] == "These figures include 3 values the team inferred: Delivery."
    # Compared with a previous year whose figures differ; a team without projects gets no project sentence.
    earlier = report.model_copy(update={"sections": {**report.sections, "projects": projects_of(report)[:4]}})
    previous = year_metrics(earlier, BUILTIN)
    compared = _ctx(_uninferred(report), "ko", ("projects",), followed=("project_count", "on_time_rate"))
    got = figure_sentences(compared, previous)
    assert got[-1] == "2022년 대비: 전체 프로젝트 4개 → 8개, 일정 준수율 100% → 62.5%."
    no_projects = _ctx(report, "ko", ("services",), headline=("service_count",))
    assert figure_sentences(no_projects, None) == ["서비스 및 API 4개."]


def test_summary_is_validated_and_an_empty_one_is_refused(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    report = content / "2023" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    start = text.index("summary:\n")
    report.write_text(text[:start] + "summary: {}\n", encoding="utf-8")
    problems = load_site(content).errors
    assert [(Path(p.file).name, p.message) for p in problems] == [
        ("report.yaml", "give at least one of 'highlights', 'shortfalls' or 'focus', or leave 'summary' out")
    ]
    report.write_text(text[:start] + "summary:\n  highlight: [x]\n", encoding="utf-8")
    (problem,) = load_site(content).errors
    assert (Path(problem.file).name, problem.line, problem.message.split(" (")[0]) == (
        "report.yaml",
        text[:start].count("\n") + 2,
        "unknown key 'highlight'",
    )


def test_inferred_names_a_field_of_its_own_fact() -> None:
    project = Project(id="a", name="A", delivery="delayed", inferred={"delivery": "counted"})
    assert project.inferred == {"delivery": "counted"}
    try:
        Project(id="a", name="A", inferred={"colour": "why"})
    except ValueError as error:
        assert "'colour' is not a field here" in str(error)
    else:
        raise AssertionError("an inferred field that does not exist was accepted")


def test_data_json_carries_the_inferred_flags_and_the_summary() -> None:
    site = load_site(CONTENT).site
    assert site is not None
    data = json.loads(json.dumps(year_data(site.reports[0])))
    flagged = {p["id"]: p["inferred"] for p in data["facts"]["projects"] if p["inferred"]}
    assert list(flagged) == ["gabia-idc", "aloha", "others"]
    assert all(
        list(reasons) == ["delivery"] and reasons["delivery"].startswith(REASON_START) for reasons in flagged.values()
    )
    assert data["facts"]["summary"]["shortfalls"] == ["배포 일정 준수율: 62% → 목표 향상 필요"]


def test_validate_lists_inferred_values() -> None:
    result = invoke("validate", "--inferred", str(CONTENT))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "2023 projects gabia-idc (GABIA IDC)",
        "2023 projects aloha (Aloha)",
        "2023 projects others (Others)",
    ]
    assert all(line.split(": ", 2)[1] == "delivery = delayed" for line in lines)
    assert "3 inferred value(s)" in result.stderr
    assert "inferred" not in invoke("validate", str(CONTENT)).stdout


def test_diff_shows_summary_and_inference_changes(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    report = content / "2023" / "report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("    - 2인 백엔드 팀 운영 효율화\n", ""), encoding="utf-8"
    )
    projects = content / "2023" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    start = text.index("    inferred:\n", text.index("id: aloha"))
    end = text.index("\n", text.index("      delivery:", start)) + 1
    projects.write_text(text[:start] + text[end:], encoding="utf-8")
    base, head = load_site(CONTENT).site, load_site(content).site
    assert base is not None and head is not None
    reason = projects_of(base.reports[0])[6].inferred["delivery"]
    assert to_text(compare(base, head), labels("ko")).splitlines() == [
        "삭제된 사실:",
        "  2023  보고서 › 요약 › 잘한 점 › #4: 2인 백엔드 팀 운영 효율화",
        f"  2023  프로젝트 › Aloha › 추정한 값 › 일정: {reason}",
    ]


def test_overview_markdown_puts_the_summary_first_and_notes_last() -> None:
    site = load_site(CONTENT).site
    assert site is not None
    tree, _ = build_pages(site)
    page = next(f.content for f in tree.files if f.path == "2023/index.md").decode()
    order = [
        page.index("# 2023년 개요\n"),
        page.index('<div class="grid cards reportgen-cards"'),  # figures first, then the sentence, then the team
        page.index('data-source="generated"'),
        page.index('data-source="team"'),
        page.index("![", 0),
        page.index('id="reportgen-team-notes"'),
    ]
    assert order == sorted(order)
    assert "!!! warning" not in page
    # Visible text (not image alt text, not the collapsed chart data): the sentence and its card, no third copy.
    visible = [line for line in page.splitlines() if not line.startswith(("![", "    |"))]
    assert sum(line.count("62.5%") for line in visible) == 2
    card_captions = [line.strip() for line in page.splitlines() if line.startswith("    ") and " · [" in line]
    assert card_captions[:3] == [
        # The inferred mark lands on the notes that give the reasons, under the projects table.
        "일정 준수율 · [2024 목표(팀의 말, 수치 목표 없음): “목표 향상 필요”](kpis.md)"
        " · [추정 3건 포함](projects.md#projects--inferred)",
        "지연 · [추정 3건 포함](projects.md#projects--inferred)",
        "평균 기간 · [원문: ~20주](#reportgen-team-notes)",
    ]
    home = next(f.content for f in tree.files if f.path == "index.md").decode()
    home_lines = [line.strip() for line in home.splitlines()]
    target = "[2024 목표(팀의 말, 수치 목표 없음): “목표 향상 필요”](2023/kpis.md)"
    assert f"일정 준수율 · {target} · [추정 3건 포함](2023/projects.md#projects--inferred)" in home_lines
    assert "평균 기간 · [원문: ~20주](2023/index.md#reportgen-team-notes)" in home_lines


def test_summary_lines_and_reasons_stay_text(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    report = content / "2023" / "report.yaml"
    hostile = "<script>alert(1)</script> [x](javascript:alert(2)) **b**"
    report.write_text(
        report.read_text(encoding="utf-8").replace("    - 2인 백엔드 팀 운영 효율화", f'    - "{hostile}"'),
        encoding="utf-8",
    )
    projects = content / "2023" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(
        text.replace("      delivery: 원문은", "      delivery: <img src=x onerror=alert(3)> | 원문은", 1)
    )
    site = load_site(content).site
    assert site is not None
    tree, _ = build_pages(site)
    pages = {f.path: f.content.decode() for f in tree.files}
    team_lines = [line for line in pages["2023/index.md"].splitlines() if "alert(1)" in line]
    assert team_lines == [r"- &lt;script&gt;alert(1)&lt;/script&gt; \[x\](javascript:alert(2)) \*\*b\*\*"]
    notes = [
        line
        for line in pages["2023/projects.md"].splitlines()
        if '<span id="projects--inferred-' in line  # a note, not a table row (its anchor is a reportgen-row)
    ]
    # A different reason is a note of its own: GABIA IDC's is note 1, the shared one of Aloha and Others note 2.
    assert notes[0].startswith(
        '1. <span id="projects--inferred-1"></span>추정: GABIA IDC의 일정: '
        "&lt;img src=x onerror=alert(3)&gt; \\| 원문은"
    )
    assert notes[1].startswith('2. <span id="projects--inferred-2"></span>추정: Aloha, Others의 일정: 원문은')


def test_next_year_shows_last_years_target_beside_its_figure() -> None:
    site = load_site(CONTENT.parent / "examples" / "sre-team" / "content").site
    assert site is not None
    tree, _ = build_pages(site)
    page = next(f.content for f in tree.files if f.path == "2024/index.md").decode()
    captions = [line.strip() for line in page.splitlines() if line.startswith("    ") and " · [" in line]
    assert captions == [
        # last year's figure, and last year's target with how it turned out
        "Incidents · 2023: [3](../2023/index.md#working--incident_count) · [2024 target: 2 (✓ Met)](kpi-review.md)",
        "MTTR · 2023: [3 h](../2023/index.md#working--mttr) · [2024 target: 2 h (✓ Met)](kpi-review.md)",
    ]
    first = next(f.content for f in tree.files if f.path == "2023/index.md").decode()
    assert "    MTTR · [2024 target: 2 h](kpis.md)\n" in first


def test_names_are_joined_so_that_each_reads_as_one() -> None:
    ko, en = Formatter("ko", labels("ko")), Formatter("en", labels("en"))
    assert ko.names(["네이버 프로젝트", "수자원 공사"]) == "네이버 프로젝트 및 수자원 공사"
    assert en.names(["Naver", "Water", "DNA+"]) == "Naver, Water, and DNA+"
    assert en.names(["Solo"]) == "Solo"
    # A name that holds the separator is quoted, so "A, B" stays one name.
    assert ko.names(["검색, 추천", "결제"]) == "‘검색, 추천’ 및 ‘결제’"
    assert en.names(["Search, ranking", "Billing"]) == "“Search, ranking” and “Billing”"
