"""Every figure shows its working: data.json's `working`, checked against sets computed independently.

The expected sets are worked out here from the YAML itself (PyYAML, no reportgen code), by the rules
the README states, so a change to an aggregation or a built-in figure that moves what a figure counts
fails here, whatever reportgen's own code says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.check.validate import load_site
from reportgen.derive.aggregations import AGGREGATIONS
from reportgen.derive.working import REASONS, anchors, slug
from reportgen.emit.working_data import counted_ids
from reportgen.emit.year_data import FORMAT_VERSION, year_data
from reportgen.load.catalogs import labels, languages
from reportgen.sections.kpi_review import previous_year
from reportgen.sections.registry import site_metrics, site_sections
from tests.records_site import write_sev1_site

REPO = Path(__file__).resolve().parent.parent
SITES = {"sample": (REPO / "content", "ko"), "sre-team": (REPO / "examples" / "sre-team" / "content", "en")}


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def _built(content: Path, language: str) -> dict[int, dict[str, Any]]:
    """Each year's data.json as the site writes it."""
    validated = load_site(content, content.parent)
    assert validated.site is not None, validated.problems
    sections = site_sections(validated.site.settings)
    registry = site_metrics(sections)
    by_year = {r.year: r for r in validated.site.reports}
    return {
        r.year: year_data(r, previous_year(r, by_year), registry, sections, labels(language), language)
        for r in validated.site.reports
    }


def _projects_expected(projects: list[dict[str, Any]]) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Built-in figures: name -> (counted ids, id -> reason), by the README's rules."""
    status = {p["id"]: p.get("status", "unknown") for p in projects}
    delivery = {p["id"]: p.get("delivery", "unknown") for p in projects}
    dated = {p["id"]: p.get("start") is not None and p.get("end") is not None for p in projects}
    ids = list(status)

    def split(why: dict[str, str | None]) -> tuple[list[str], dict[str, str]]:
        return [i for i in ids if why[i] is None], {i: r for i, r in why.items() if r is not None}

    def duration(i: str) -> str | None:
        if status[i] == "cancelled":
            return "cancelled"
        if status[i] == "in_progress":
            return "in_progress"
        return None if dated[i] else "no_dates"

    known = split({i: None if delivery[i] in ("on_time", "delayed") else "unknown_delivery" for i in ids})
    durations = split({i: duration(i) for i in ids})
    return {
        "project_count": (ids, {}),
        "completed_count": split({i: None if status[i] == "completed" else "other_status" for i in ids}),
        "on_time_count": split({i: None if delivery[i] == "on_time" else "other_delivery" for i in ids}),
        "delayed_count": split({i: None if delivery[i] == "delayed" else "other_delivery" for i in ids}),
        "known_delivery_count": known,
        "on_time_rate": known,
        "longest_weeks": durations,
        "average_weeks": durations,
        "dated_project_count": durations,
    }


def _record_ids(section: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """By the README's rule: the id, else the unique column, else the first text column that tells
    the rows apart (these sites' records never fall through to a fingerprint)."""
    unnamed = [r for r in rows if r.get("id") is None]
    texts = [c["key"] for c in section["columns"] if c["type"] == "text"]
    apart = [k for k in texts if len({r.get(k) for r in unnamed}) == len(unnamed) and all(r.get(k) for r in unnamed)]
    naming = next((c["key"] for c in section["columns"] if c.get("unique")), None) or (apart[0] if apart else None)
    assert naming is not None or not unnamed, f"{section['key']}: records this test cannot name"
    return [str(r["id"] if r.get("id") is not None else r[naming]) for r in rows]


def _records_expected(section: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, tuple[list[str], dict]]:
    """A records section's figures, for the aggregations and conditions the examples declare."""
    ids = _record_ids(section, rows)
    found: dict[str, tuple[list[str], dict]] = {}

    def split(why: list[str | None]) -> tuple[list[str], dict[str, str]]:
        return [i for i, w in zip(ids, why, strict=True) if w is None], {
            i: w for i, w in zip(ids, why, strict=True) if w is not None
        }

    for metric in section["metrics"]:
        where = metric.get("where")
        if metric["of"] == "count_by":
            column = next(c for c in section["columns"] if c["key"] == metric["column"])
            for choice in column["choices"]:
                why = [None if r.get(metric["column"]) == choice else "where_not_met" for r in rows]
                found[f"{metric['name']}_{choice}"] = split(why)
            continue
        if metric["of"] == "share":  # counted: every record (no `among`); `where` is what it counts
            assert "among" not in metric
            found[metric["name"]] = split([None] * len(rows))
            continue
        assert where is None, "extend this test's reading of conditions"
        needs = [metric[k] for k in ("column", "start", "end") if k in metric]
        found[metric["name"]] = split(
            [None if all(r.get(k) is not None for k in needs) else "empty_cell" for r in rows]
        )
    return found


@pytest.mark.parametrize("site", sorted(SITES))
def test_every_figure_counts_what_the_yaml_says(site: str) -> None:
    content, language = SITES[site]
    built = _built(content, language)
    settings = _yaml(content / "site.yaml")
    declared = [s for s in settings.get("sections", []) if isinstance(s, dict) and s.get("kind") == "records"]
    checked = 0
    for year, data in built.items():
        assert data["format_version"] == FORMAT_VERSION == 3
        folder = content / str(year)
        expected: dict[str, tuple[list[str], dict]] = {}
        projects = _yaml(folder / "projects.yaml")
        if projects is not None:
            expected.update(_projects_expected(projects["projects"]))
        services = _yaml(folder / "services.yaml")
        if services is not None:
            expected["service_count"] = ([s["id"] for s in services["services"]], {})
        for section in declared:
            rows = _yaml(folder / f"{section['key']}.yaml")
            if rows is not None:
                expected.update(_records_expected(section, rows["records"]))
        working = {k: v for k, v in data["working"].items() if ":" not in k}
        assert sorted(working) == sorted(expected), year
        for name, (counted, left) in expected.items():
            entry = working[name]
            assert counted_ids(data["working"], name) == counted, (year, name)
            grouped = entry.get("left_out", {})
            assert {i: reason for reason, ids in grouped.items() for i in ids} == left, (year, name)
            assert list(grouped) == [code for code in REASONS if code in grouped]  # in the registry's order
            if entry["rule"]["aggregation"] == "count":  # a count is how many it counted
                assert data["metrics"][name] == len(counted), (year, name)
            checked += 1
    assert checked >= 10


def test_a_filtered_figure_counts_its_records_and_names_the_rest(tmp_path: Path) -> None:
    rows = [  # after INC-101 to INC-103: not SEV1, SEV1 but never resolved, not SEV1
        "{id: INC-104, severity: sev3, detected: 2024-01-04 10:00, resolved: 2024-01-04 10:30}",
        "{id: INC-105, severity: sev1, detected: 2024-01-05 10:00}",
        "{id: INC-106, severity: sev2, detected: 2024-01-06 10:00, resolved: 2024-01-06 10:10}",
    ]
    content = write_sev1_site(tmp_path, ["sev1", "sev2", "sev3"], rows, labels={"sev1": "SEV1"})
    data = _built(content, "en")[2024]
    entry = data["working"]["sev1_mttr"]
    assert data["metrics"]["sev1_mttr"] == 54.0  # (60 + 48) / 2, not over all six
    assert entry["counted"] == ["INC-101", "INC-103"]
    assert entry["left_out"] == {"where_not_met": ["INC-102", "INC-104", "INC-106"], "empty_cell": ["INC-105"]}
    assert entry["text"] == "Mean of Resolved − Detected, over records where Severity is SEV1, in minutes"
    assert entry["rule"] == {
        "aggregation": "mean_between",
        "of": "tickets",
        "options": {
            "start": "detected",
            "end": "resolved",
            "where": {"column": "severity", "equals": "sev1"},
            "unit": "minutes",
        },
    }


# One declaration per aggregation, with every option it reads set to a value its description must name.
def _declarations() -> list[tuple[str, dict[str, Any], list[str]]]:
    where = {"column": "kind", "equals": "alpha"}
    values: dict[str, tuple[Any, str]] = {
        "column": ("amount", "Amount"),
        "over": ("total", "Total"),
        "start": ("opened", "Opened"),
        "end": ("closed", "Closed"),
        "percentile": (95, "95"),
        "per": ("month", "@per_word_month"),
        "date": ("opened_on", "Opened on"),
        "where": (where, "Kind"),
        "among": ({"column": "kind", "in": ["beta", "gamma"]}, "gamma"),
        "unit": ("days", "@unit_word_days"),
        "precision": (3, "3"),
    }
    found = []
    for name, aggregation in AGGREGATIONS.items():
        metric: dict[str, Any] = {"name": "f", "of": name}
        named = []
        for option in aggregation.reads:
            if name == "count_by" and option == "column":
                metric["column"], _ = ("kind", "Kind")
                named.append("Kind")
                continue
            metric[option], shown = values[option]
            named.append(shown)
        found.append((name, metric, named))
    return found


@pytest.mark.parametrize("language", languages())
@pytest.mark.parametrize(("name", "metric", "named"), _declarations(), ids=[d[0] for d in _declarations()])
def test_every_aggregation_describes_each_option_it_reads(
    name: str, metric: dict[str, Any], named: list[str], language: str
) -> None:
    from reportgen.model.declarations import SectionDeclaration

    section = SectionDeclaration.model_validate(
        {
            "key": "things",
            "kind": "records",
            "columns": [
                {
                    "key": "kind",
                    "type": "choice",
                    "choices": ["alpha", "beta", "gamma"],
                    "title": {"en": "Kind", "ko": "Kind"},
                },
                {"key": "amount", "type": "number", "title": {"en": "Amount", "ko": "Amount"}},
                {"key": "total", "type": "number", "title": {"en": "Total", "ko": "Total"}},
                {"key": "opened", "type": "datetime", "title": {"en": "Opened", "ko": "Opened"}},
                {"key": "closed", "type": "datetime", "title": {"en": "Closed", "ko": "Closed"}},
                {"key": "opened_on", "type": "date", "title": {"en": "Opened on", "ko": "Opened on"}},
            ],
            "metrics": [metric],
        }
    )
    t = labels(language)
    declaration = section.metrics[0]
    text = AGGREGATIONS[name].describe(declaration, section, t, language)
    for shown in named:
        word = t[shown[1:]] if shown.startswith("@") else shown
        assert word in text, (name, shown, text)
    assert "{" not in text and text.strip() == text
    if "where" in AGGREGATIONS[name].reads:
        assert "alpha" in text


def test_no_aggregation_without_a_description() -> None:
    from reportgen.derive.aggregations import Aggregation

    with pytest.raises(TypeError, match="describe"):
        Aggregation("nothing", lambda m, s, r: None, ("where",))  # type: ignore[call-arg]


def test_every_reason_has_words_in_every_language() -> None:
    for language in languages():
        t = labels(language)
        assert all(t[key].strip() for key in REASONS.values())


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["INC-101", "inc 102", "서비스 A"], ["incidents-inc-101", "incidents-inc-102", "incidents-서비스-a"]),
        (["INC-101", "inc_101", "Inc.101"], ["incidents-inc-101", "incidents-inc-101-2", "incidents-inc-101-3"]),
    ],
)
def test_anchors_are_slugged_and_unique(ids: list[str], expected: list[str]) -> None:
    assert anchors("incidents", ids) == expected
    assert slug("서비스\u1100\u1161") == slug("서비스가")  # NFD as macOS writes it is the same anchor


@pytest.mark.parametrize(
    ("actual", "target", "direction", "precision", "expected", "verdict"),
    [
        # Equal to its target: met, whichever way is better.
        (2, 2, "lower", 0, "actual 2, target ≤ 2 (lower is better) → ✓ Met", "met"),
        (90.0, 90, "higher", 1, "actual 90%, target ≥ 90% (higher is better) → ✓ Met", "met"),
        # 99.86 against 99.9 must not read 99.9 (which would look met): shown unrounded, and missed.
        (99.86, 99.9, "higher", 1, "actual 99.86%, target ≥ 99.9% (higher is better) → ✗ Missed", "missed"),
        (99.94, 99.9, "higher", 1, "actual 99.94%, target ≥ 99.9% (higher is better) → ✓ Met", "met"),
    ],
)
def test_a_verdict_says_its_exact_comparison_at_the_boundary(
    actual: float, target: float, direction: str, precision: int, expected: str, verdict: str
) -> None:
    from reportgen.derive.kpis import kpi_verdict
    from reportgen.derive.metrics import Metric, Registry
    from reportgen.emit.working_data import verdict_entry
    from reportgen.model.facts import KpiTarget
    from reportgen.render.pages import Formatter
    from reportgen.sections.kpi_review import ReviewRow
    from reportgen.sections.kpis.working import verdict_text

    unit = "%" if precision else None
    figure = Metric("f", lambda r: None, "number", precision, unit or "count", "", working=lambda r, t, lang: None)
    fmt = Formatter("en", labels("en"), Registry([figure]))
    kpi = KpiTarget(id="k", metric="F", baseline_from="f", target=target, direction=direction, unit=unit)
    assert verdict_text(fmt, kpi, actual) == expected
    row = ReviewRow(kpi, None, actual, kpi_verdict(kpi, actual), None)
    entry = verdict_entry(row)
    assert (entry["actual"], entry["target"], entry["verdict"]) == (actual, target, verdict)
    assert entry["comparison"] == ("actual >= target" if direction == "higher" else "actual <= target")


def test_the_readme_lists_every_reason_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| code | the record is left out because |") :].split("\n\n", 1)[0]
    listed = [line.split("`")[1] for line in table.splitlines()[2:]]
    assert listed == list(REASONS)
