"""What the seed document says, as located expectations for the generated report.

The facts are parsed from `seeds/000_….txt` itself, never copied from `content/`: a wrong fact in
the content then disagrees with the seed. Each expectation says in which section, under which
headings, and in which form (a whole list, or table rows read by column) a reader must find it.

API (small on purpose, so the HTML tests and the PDF tests can share it):

- `seed_facts(seed=SEED) -> SeedFacts`: the parsed seed (projects, achievements, groups, services,
  KPIs, headline figures), for tests that want the facts themselves;
- `expectations(facts=None) -> list[Expectation]`: what the report must show, in report order;
- `by_section(expectations) -> dict[str, list[Expectation]]`: the same, grouped by section key
  (`overview`, `projects`, `achievements`, `infrastructure`, …), for checking one section at a time;
- `achievement_headings(facts) -> list[str]`: each achievement's page title, in the seed's order;
- `Expectation.texts()`: the whole texts to find (list items; each table row's cells), for readers
  of formats without HTML structure, such as the PDF's text.

An `Expectation` is a `ListExpectation` (the items of the one list, or the one card grid, directly
under a heading, compared whole and in order), a `TableExpectation` (the rows of the one table
directly under a heading, each found by its first cell, and the given columns compared cell by
cell) or a `ParagraphExpectation` (the whole paragraph just after a given lead-in paragraph).
`path` is the chain of headings that leads to the place, outermost first; its first element is the
heading of the page that holds it on the site. The print page nests the same headings one level
deeper, so a place is found by the end of its heading chain; `print_path`, when set, is where the
print page holds it instead (the headline cards stand on its cover). `box`, when set, is the title
of the note that holds it anywhere in the section of `path` (the declared-figure differences stand
in the collapsed "팀 메모" note at the end of the overview, printed open); without it, a fact
counts only outside every box (not, say, in the data table beneath a chart).

Where the site deliberately shows something other than the seed's words, the rule is written
below next to the parsing: derived figures instead of stated ones, the interface's Korean labels
instead of the seed's English section labels (WORDS), and one name per project.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_7c6edc8692e6e654.txt"

# The interface words a Korean reader sees (content/site.yaml: language ko). Kept here, not read from
# reportgen, so that a wrong label in the product fails the test instead of moving with it.
WORDS = {
    "projects": "프로젝트",
    "achievements": "기술 성과",
    "infrastructure": "인프라 & DevOps",
    "reliability": "시스템 안정성",
    "operations": "팀 운영",
    "services": "서비스 & 성능 테스트",
    "kpis": "{year} KPI 목표",
    "impact": "비즈니스 임팩트",
    "problem": "문제",
    "actions": "조치",
    "results": "결과",
    "service_list": "서비스 및 API",
    "performance_tests": "성능 테스트",
    "quantitative": "정량 목표",
    "quality": "품질 목표",
    "project": "프로젝트",
    "start": "시작",
    "end": "종료",
    "weeks": "기간(주)",
    "status": "상태",
    "delivery": "일정",
    "service": "서비스",
    "detail": "내용",
    "related_project": "관련 프로젝트",
    "metric": "지표",
    "baseline": "기준값",
    "target": "목표",
    "figure": "수치",
    "stated": "원문",
    "derived": "계산값",
    "none": "—",
    "status_completed": "완료",
    "status_unknown": "—",
    "delivery_on_time": "준수",
    "delivery_delayed": "지연",
    "service_deployed": "배포 완료",
    "service_built": "제작 완료",
    "service_designed": "설계 완료",
    "weeks_value": "{value}주",
    "percent_value": "{value}%",
    "card_total": "{total}개 전체 프로젝트",
    "card_rate": "{rate} 일정 준수율",
    "card_delayed": "{delayed}건 지연",
    "card_longest": "{weeks} 최장 기간",
    "card_average": "{weeks} 평균 기간",
    "card_note": "{card} · {note}",
    "card_target": "{year} 목표(팀의 말, 수치 목표 없음): “{target}”",
    "card_inferred": "추정 {count}건 포함",
    "duration_note_mark": "기간 메모",
    "card_stated": "원문: {stated}",
    "average": "평균 기간",
    "overview": "{year}년 개요",
    "print_title": "{title} — 연간 보고서",
    "team_notes": "팀 메모",
    "generated_mark": "수치로 본 한 해 · 사실 데이터에서 자동으로 만든 문장입니다.",
    "generated": (
        "{year}년에는 프로젝트 {total}개를 수행했고, 일정 결과가 기록된 {known}개 중 {on_time}건이 일정을 지켰습니다"
        "(일정 준수율 {rate}). {inferred}가장 긴 프로젝트({weeks})는 {names}입니다."
    ),
    "generated_inferred": "이 수치에는 팀이 추정한 일정 값 {count}건이 들어 있습니다. ",
    "inferred": "{value} 추정 {note}",
    "achievement_line": "{heading}: {result}",
}

# The seed's chapters of titled groups, and the section that shows each.
GROUP_CHAPTERS = {
    "Infrastructure & DevOps Metrics": "infrastructure",
    "System Reliability Improvements": "reliability",
    "Team Collaboration & Operations": "operations",
    "Business Impact Summary": "impact",
}

# A service's status is the furthest stage its detail names (the seed has no status column).
SERVICE_STAGES = (("배포", "deployed"), ("제작", "built"), ("설계", "designed"))


# --- the seed's facts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    name: str
    start: dt.date | None
    end: dt.date | None
    stated_weeks: int | None  # the seed's "38주"; None for "Various"
    duration_note: str  # what the seed writes instead of dates ("Various"), else ""
    status: str  # completed | unknown
    delivery: str = ""  # on_time | delayed, filled in from the seed's counts
    delivery_inferred: bool = False  # the seed says nothing of this project's delivery ("-")


@dataclass(frozen=True)
class Achievement:
    project: str  # the project's name as the projects table spells it
    title: str
    problem: tuple[str, ...]
    actions: tuple[tuple[str, str], ...]  # (label, text)
    results: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    title: str
    items: tuple[str, ...]
    label: str = ""  # a lead-in such as "Server Installations"


@dataclass(frozen=True)
class Service:
    name: str
    detail: str
    status: str  # deployed | built | designed


@dataclass(frozen=True)
class Kpi:
    metric: str
    stated_baseline: float | None  # "62% → …" gives 62
    target: str


@dataclass
class SeedFacts:
    year: int
    title: str
    stated: dict[str, float] = field(default_factory=dict)  # headline figures as the seed states them
    approx: set[str] = field(default_factory=set)  # which of them the seed marks with "~"
    projects: list[Project] = field(default_factory=list)
    achievements: list[Achievement] = field(default_factory=list)
    groups: dict[str, list[Group]] = field(default_factory=lambda: defaultdict(list))
    services: list[Service] = field(default_factory=list)
    performance_tests: list[str] = field(default_factory=list)
    kpi_year: int = 0
    kpis: list[Kpi] = field(default_factory=list)
    quality_goals: list[str] = field(default_factory=list)

    def project(self, phrase: str) -> Project:
        """The project a phrase names: its exact name, or its name followed by a word ("DNA+ 프로젝트")."""
        exact = [p for p in self.projects if p.name == phrase]
        prefixed = [p for p in self.projects if phrase.startswith(p.name + " ")]
        found = exact or sorted(prefixed, key=lambda p: -len(p.name))
        assert found, f"the seed names a project {phrase!r} that its projects table does not list"
        return found[0]

    def weeks(self, project: Project) -> int | None:
        """Whole weeks between the dates, as the site derives them."""
        if project.start is None or project.end is None:
            return None
        return (project.end - project.start).days // 7


@dataclass
class _Bullet:
    text: str
    children: list[_Bullet] = field(default_factory=list)

    @property
    def label(self) -> str:
        match = re.match(r"\*\*(.+?)\*\*:\s*(.*)$", self.text)
        return match.group(1) if match else ""

    @property
    def value(self) -> str:
        match = re.match(r"\*\*(.+?)\*\*:\s*(.*)$", self.text)
        return match.group(2) if match else self.text


@dataclass
class _Part:
    """One heading of the seed, with its bullets and table rows."""

    level: int
    title: str
    bullets: list[_Bullet] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _parts(text: str) -> list[_Part]:
    parts: list[_Part] = []
    stack: list[tuple[int, _Bullet]] = []  # (indent, bullet) of the open bullets
    for line in text.splitlines():
        if heading := re.match(r"(#+)\s+(.*)$", line):
            parts.append(_Part(len(heading.group(1)), heading.group(2).strip()))
            stack = []
        elif bullet := re.match(r"(\s*)- (.*)$", line):
            indent, item = len(bullet.group(1)), _Bullet(bullet.group(2).strip())
            while stack and stack[-1][0] >= indent:
                stack.pop()
            (stack[-1][1].children if stack else parts[-1].bullets).append(item)
            stack.append((indent, item))
        elif line.strip().startswith("|") and not re.fullmatch(r"\|[-|\s]+\|", line.strip()):
            parts[-1].rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return parts


def _date(year: int, month_day: str) -> dt.date:
    month, day = month_day.split(".")
    return dt.date(year, int(month), int(day))


def seed_facts(seed: Path = SEED) -> SeedFacts:
    parts = _parts(seed.read_text(encoding="utf-8"))
    title = parts[0].title
    year_match = re.search(r"\b(\d{4})\b", title)
    assert year_match, f"no year in the seed's title {title!r}"
    facts = SeedFacts(year=int(year_match.group(1)), title=title)
    chapter = ""
    for index, part in enumerate(parts):
        if part.level == 2:
            chapter = part.title
        if part.title == "Overall Project Performance":
            _headline(facts, part)
        elif part.title == "Project Timeline Overview":
            facts.projects = [_project(facts.year, row) for row in part.rows[1:]]
        elif chapter == "Technical Performance Achievements" and part.level == 3:
            facts.achievements.append(_achievement(part, parts[index + 1 :]))
        elif chapter in GROUP_CHAPTERS and part.level == 3:
            facts.groups[GROUP_CHAPTERS[chapter]].append(_group(part))
        elif part.title == "API Development":
            facts.services = [_service(b) for b in part.bullets]
        elif part.title == "Performance Testing":
            facts.performance_tests = [b.text for b in part.bullets]
        elif part.title == "Quantitative Goals":
            kpi_year = re.match(r"(\d{4}) KPI", chapter)
            assert kpi_year, chapter
            facts.kpi_year = int(kpi_year.group(1))
            facts.kpis = [_kpi(b) for b in part.bullets]
        elif part.title == "Quality Goals":
            facts.quality_goals = [b.text for b in part.bullets]
    _assign_delivery(facts)
    # The achievements name their projects; resolve each to the table's spelling.
    facts.achievements = [
        Achievement(facts.project(a.project).name, a.title, a.problem, a.actions, a.results) for a in facts.achievements
    ]
    assert facts.projects and facts.achievements and facts.services and facts.kpis, "the seed's layout changed"
    return facts


def _number(text: str) -> tuple[float, bool]:
    match = re.search(r"(~?)(\d+(?:\.\d+)?)", text)
    assert match, text
    return float(match.group(2)), bool(match.group(1))


def _headline(facts: SeedFacts, part: _Part) -> None:
    names = {
        "Total Projects": "project_count",
        "On-Time Completion": "on_time_count",
        "Delayed Projects": "delayed_count",
        "Longest": "longest_weeks",
        "Average": "average_weeks",
    }
    for bullet in [b for top in part.bullets for b in (top, *top.children)]:
        label = bullet.label or bullet.text.split(":", 1)[0]
        value = bullet.value if bullet.label else bullet.text.split(":", 1)[-1]
        if label in names:
            facts.stated[names[label]], approx = _number(value)
            if approx:
                facts.approx.add(names[label])
        if label == "On-Time Completion" and (rate := re.search(r"(\d+)%", value)):
            facts.stated["on_time_rate"] = float(rate.group(1))


def _project(year: int, row: list[str]) -> Project:
    name, duration, status = row
    dated = re.fullmatch(r"(\d+)주 \((\d\d\.\d\d)~(\d\d\.\d\d)\)", duration)
    # "Completed" is the only status the seed writes; "-" says nothing, which the site shows as unknown.
    status_key = {"Completed": "completed", "-": "unknown"}[status]
    if dated:
        start, end = _date(year, dated.group(2)), _date(year, dated.group(3))
        return Project(name, start, end, int(dated.group(1)), "", status_key)
    return Project(name, None, None, None, duration, status_key)


def _assign_delivery(facts: SeedFacts) -> None:
    """The seed counts on-time and delayed projects without naming them. The projects it marks
    Completed are the on-time ones and the rest are delayed: the only reading that matches both
    counts (checked here, so a seed where it does not hold fails loudly instead of guessing)."""
    completed = [p for p in facts.projects if p.status == "completed"]
    assert len(completed) == facts.stated["on_time_count"], "the seed's on-time count no longer matches"
    assert len(facts.projects) - len(completed) == facts.stated["delayed_count"], "the delayed count no longer matches"
    # A project the seed marks "-" has its delivery read from the counts alone: the site marks it inferred.
    facts.projects = [
        Project(p.name, p.start, p.end, p.stated_weeks, p.duration_note, p.status, _delivery(p), p.status == "unknown")
        for p in facts.projects
    ]


def _delivery(project: Project) -> str:
    return "on_time" if project.status == "completed" else "delayed"


def _achievement(part: _Part, following: list[_Part]) -> Achievement:
    heading = re.sub(r"^\d+\.\s*", "", part.title)
    project, title = (piece.strip() for piece in heading.split(" - ", 1))
    problem: list[str] = []
    actions: list[tuple[str, str]] = []
    results: list[str] = []
    for sub in following:
        if sub.level <= part.level:
            break
        if sub.title == "Problem":
            problem += [b.text for b in sub.bullets]
        for bullet in sub.bullets if sub.title == "Impact" else []:
            if bullet.label == "Result":
                results += [child.text for child in bullet.children]
            else:
                actions.append((bullet.label, bullet.value))
    return Achievement(project, title, tuple(problem), tuple(actions), tuple(results))


def _group(part: _Part) -> Group:
    if len(part.bullets) == 1 and part.bullets[0].children:  # "- **Server Installations**:" and its items
        lead = part.bullets[0]
        return Group(part.title, tuple(child.text for child in lead.children), lead.label)
    return Group(part.title, tuple(b.text for b in part.bullets))


def _service(bullet: _Bullet) -> Service:
    status = next((key for word, key in SERVICE_STAGES if word in bullet.value), None)
    assert status, f"no stage word in the service detail {bullet.value!r}"
    return Service(bullet.label, bullet.value, status)


def _kpi(bullet: _Bullet) -> Kpi:
    baseline = re.fullmatch(r"(\d+(?:\.\d+)?)% → (.+)", bullet.value)
    if baseline:
        return Kpi(bullet.label, float(baseline.group(1)), baseline.group(2))
    return Kpi(bullet.label, None, bullet.value)


# --- what the report must show -------------------------------------------------------------------


@dataclass(frozen=True)
class ListExpectation:
    """The one list directly under `path` has exactly these items (whole, in order); `lead`, when
    set, is the whole text of the paragraph just before it."""

    section: str
    path: tuple[str, ...]
    items: tuple[str, ...]
    lead: str = ""
    kind: str = "list"  # or "cards": the items of a card grid
    box: str = ""
    print_path: tuple[str, ...] = ()

    def texts(self) -> list[str]:
        """The whole texts a reader must find, in order (for readers of other formats, such as PDF text)."""
        return [*([self.lead] if self.lead else []), *self.items]


@dataclass(frozen=True)
class TableExpectation:
    """The one table directly under `path` (outside chart-data boxes) has these rows, in order, each
    named by its first cell; in each row, every column given has exactly the value given."""

    section: str
    path: tuple[str, ...]
    key_column: str
    rows: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (first cell, ((column, value), …))
    box: str = ""
    print_path: tuple[str, ...] = ()

    def texts(self) -> list[list[str]]:
        """Each row's expected cells, its first cell first, in order."""
        return [[key, *(value for _, value in cells)] for key, cells in self.rows]


@dataclass(frozen=True)
class ParagraphExpectation:
    """Directly under `path`, the paragraph just after the one paragraph `lead` has the whole text `text`."""

    section: str
    path: tuple[str, ...]
    text: str
    lead: str
    box: str = ""
    print_path: tuple[str, ...] = ()

    def texts(self) -> list[str]:
        return [self.lead, self.text]


Expectation = ListExpectation | TableExpectation | ParagraphExpectation


def _fmt_weeks(value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return WORDS["weeks_value"].format(value=text)


def _fmt_percent(value: float) -> str:
    return WORDS["percent_value"].format(value=f"{value:.1f}".removesuffix(".0"))


def _agrees(stated: float, derived: float) -> bool:
    """A whole number stated in the seed agrees with a derived one it rounds (either way)."""
    return stated == derived or (stated.is_integer() and math.floor(derived) <= stated <= math.ceil(derived))


def expectations(facts: SeedFacts | None = None) -> list[Expectation]:
    f = facts or seed_facts()
    return [
        *_overview(f),
        _projects_table(f),
        *_achievement_lists(f),
        *_group_lists(f),
        *_service_expectations(f),
        *_kpi_expectations(f),
    ]


def by_section(found: list[Expectation]) -> dict[str, list[Expectation]]:
    sections: dict[str, list[Expectation]] = defaultdict(list)
    for expectation in found:
        sections[expectation.section].append(expectation)
    return dict(sections)


def _overview(f: SeedFacts) -> list[Expectation]:
    """The overview page (titled by its year) says the figures in a generated sentence, then shows
    them as headline cards derived from the projects; a card resting on inferred deliveries says how
    many, the on-time card carries the next year's target, and the average card the seed's own
    figure where it differs. The collapsed team note lists each stated figure the cards do not
    reproduce. The print page shows the cards on its cover."""
    total = len(f.projects)
    on_time = sum(p.delivery == "on_time" for p in f.projects)
    delayed = sum(p.delivery == "delayed" for p in f.projects)
    dated = [(p, f.weeks(p)) for p in f.projects if f.weeks(p) is not None]
    longest = max(weeks for _, weeks in dated if weeks is not None)
    average = sum(weeks for _, weeks in dated if weeks is not None) / len(dated)
    rate = 100 * on_time / (on_time + delayed)
    named = [p.name for p, weeks in dated if weeks == longest]
    longest_names = ", ".join(named[:-1]) + " 및 " + named[-1] if len(named) > 1 else named[0]
    derived = {
        "project_count": total,
        "on_time_count": on_time,
        "on_time_rate": rate,
        "delayed_count": delayed,
        "longest_weeks": longest,
        "average_weeks": average,
    }
    differences = []
    stated_average = ""
    for metric, value in f.stated.items():
        if not _agrees(value, derived[metric]):
            assert metric == "average_weeks", f"write how the site labels a stated {metric} that differs"
            stated_average = ("~" if metric in f.approx else "") + _fmt_weeks(value)
            differences.append(
                (WORDS["average"], ((WORDS["stated"], stated_average), (WORDS["derived"], _fmt_weeks(average))))
            )
    for project in f.projects:
        assert project.stated_weeks is None or project.stated_weeks == f.weeks(project), project
    # The KPI the seed sets on the on-time rate (its stated baseline is that rate) is shown beside it.
    (target,) = [k.target for k in f.kpis if k.stated_baseline is not None and _agrees(k.stated_baseline, rate)]
    inferred = sum(p.delivery_inferred for p in f.projects)
    inferred_delayed = sum(p.delivery_inferred and p.delivery == "delayed" for p in f.projects)

    def card(text: str, *notes: str) -> str:
        for note in notes:
            text = WORDS["card_note"].format(card=text, note=note) if note else text
        return text

    def inferred_note(count: int) -> str:
        return WORDS["card_inferred"].format(count=count) if count else ""

    cards = (
        card(WORDS["card_total"].format(total=total)),
        card(
            WORDS["card_rate"].format(rate=_fmt_percent(rate)),
            WORDS["card_target"].format(year=f.kpi_year, target=target),
            inferred_note(inferred),
        ),
        card(WORDS["card_delayed"].format(delayed=delayed), inferred_note(inferred_delayed)),
        card(WORDS["card_longest"].format(weeks=_fmt_weeks(longest))),
        card(
            WORDS["card_average"].format(weeks=_fmt_weeks(round(average, 1))),
            WORDS["card_stated"].format(stated=stated_average) if stated_average else "",
        ),
    )
    sentence = WORDS["generated"].format(
        year=f.year,
        total=total,
        known=on_time + delayed,
        on_time=on_time,
        rate=_fmt_percent(rate),
        names=longest_names,
        weeks=_fmt_weeks(longest),
        inferred=WORDS["generated_inferred"].format(count=inferred) if inferred else "",
    )
    page = (WORDS["overview"].format(year=f.year),)
    cover = (WORDS["print_title"].format(title=f.title),)
    return [
        ParagraphExpectation("overview", page, sentence, WORDS["generated_mark"]),
        ListExpectation("overview", page, cards, kind="cards", print_path=cover),
        TableExpectation("overview", page, WORDS["figure"], tuple(differences), box=WORDS["team_notes"]),
    ]


def _projects_table(f: SeedFacts) -> TableExpectation:
    rows = []
    for p in f.projects:
        weeks = f.weeks(p)
        rows.append(
            (
                p.name,
                (
                    (WORDS["start"], p.start.isoformat() if p.start else WORDS["none"]),
                    (WORDS["end"], p.end.isoformat() if p.end else WORDS["none"]),
                    # A duration in words is a note under the table; its cell holds the note's mark.
                    (WORDS["weeks"], _fmt_weeks(weeks) if weeks is not None else WORDS["duration_note_mark"]),
                    (WORDS["status"], WORDS[f"status_{p.status}"]),
                    (WORDS["delivery"], _delivery_cell(p)),
                ),
            )
        )
    return TableExpectation("projects", (WORDS["projects"],), WORDS["project"], tuple(rows))


def _delivery_cell(p: Project) -> str:
    """An inferred delivery carries the inferred mark with its note's number. Every inferred delivery
    of the seed rests on the one reasoning (its counts), so all share the first note."""
    value = WORDS[f"delivery_{p.delivery}"]
    return WORDS["inferred"].format(value=value, note=1) if p.delivery_inferred else value


def achievement_headings(f: SeedFacts) -> list[str]:
    """Each achievement's page title: its project's name and its title."""
    return [f"{a.project} — {a.title}" for a in f.achievements]


def _achievement_lists(f: SeedFacts) -> list[Expectation]:
    """The section's index names each achievement with its first result as its one-line result."""
    headings = achievement_headings(f)
    index = tuple(
        WORDS["achievement_line"].format(heading=h, result=a.results[0])
        for h, a in zip(headings, f.achievements, strict=True)
    )
    found: list[Expectation] = [ListExpectation("achievements", (WORDS["achievements"],), index)]
    for heading, a in zip(headings, f.achievements, strict=True):
        found += [
            ListExpectation("achievements", (heading, WORDS["problem"]), a.problem),
            ListExpectation("achievements", (heading, WORDS["actions"]), tuple(f"{k}: {v}" for k, v in a.actions)),
            ListExpectation("achievements", (heading, WORDS["results"]), a.results),
        ]
    return found


def _group_lists(f: SeedFacts) -> list[Expectation]:
    found: list[Expectation] = []
    for section in GROUP_CHAPTERS.values():
        for group in f.groups[section]:
            found.append(
                ListExpectation(
                    section, (WORDS[section], group.title), tuple(_item(f, i) for i in group.items), group.label
                )
            )
    return found


def _item(f: SeedFacts, text: str) -> str:
    """An item that begins with a project's name is led by the name the projects table uses."""
    head, sep, rest = text.partition(": ")
    if sep and any(head == p.name or head.startswith(p.name + " ") for p in f.projects):
        return f"{f.project(head).name}: {rest}"
    return text


def _service_expectations(f: SeedFacts) -> list[Expectation]:
    def related(name: str) -> str:
        # A service named after a project ("Aloha API") belongs to it.
        owners = [p.name for p in f.projects if name.startswith(p.name + " ")]
        return owners[0] if owners else WORDS["none"]

    rows = tuple(
        (
            s.name,
            (
                (WORDS["status"], WORDS[f"service_{s.status}"]),
                (WORDS["detail"], s.detail),
                (WORDS["related_project"], related(s.name)),
            ),
        )
        for s in f.services
    )
    return [
        TableExpectation("services", (WORDS["services"], WORDS["service_list"]), WORDS["service"], rows),
        ListExpectation("services", (WORDS["services"], WORDS["performance_tests"]), tuple(f.performance_tests)),
    ]


def _kpi_expectations(f: SeedFacts) -> list[Expectation]:
    """The one baseline the seed states (62%, the on-time rate) is shown as the derived rate."""
    on_time = sum(p.delivery == "on_time" for p in f.projects)
    known = sum(p.delivery in ("on_time", "delayed") for p in f.projects)
    rate = 100 * on_time / known
    rows = []
    for kpi in f.kpis:
        if kpi.stated_baseline is None:
            baseline = WORDS["none"]
        else:
            assert _agrees(kpi.stated_baseline, rate), f"{kpi.metric}: a baseline that is not the on-time rate"
            baseline = _fmt_percent(rate)
        rows.append((kpi.metric, ((WORDS["baseline"], baseline), (WORDS["target"], kpi.target))))
    heading = WORDS["kpis"].format(year=f.kpi_year)
    return [
        TableExpectation("kpis", (heading, WORDS["quantitative"]), WORDS["metric"], tuple(rows)),
        ListExpectation("kpis", (heading, WORDS["quality"]), tuple(f.quality_goals)),
    ]
