"""The registries: sections, metrics and label catalogs are data that every stage loops over."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from reportgen.check.validate import load_site
from reportgen.cli.schema import render_schemas
from reportgen.derive.metrics import year_metrics
from reportgen.derive.units import UNIT_LABELS
from reportgen.emit.site_tree import build_pages
from reportgen.load.catalogs import CATALOG_DIR, catalog, labels, languages, placeholders
from reportgen.load.locations import default_templates_dir
from reportgen.sections.kind import Section
from reportgen.sections.registry import BUILTIN, DEFAULT_SECTIONS, KINDS

from .conftest import CONTENT, REPO
from .helpers import only

# ---- label catalogs


def test_both_catalogs_have_the_same_keys() -> None:
    ko, en = catalog("ko"), catalog("en")
    assert sorted(set(ko) - set(en)) == [], "labels missing from en.yaml"
    assert sorted(set(en) - set(ko)) == [], "labels missing from ko.yaml"


def test_a_missing_key_is_caught(tmp_path: Path) -> None:
    # The comparison above is real: a catalog without one key differs from the other.
    en = yaml.safe_load((CATALOG_DIR / "en.yaml").read_text(encoding="utf-8"))
    del en["impact"]
    assert set(catalog("ko")) - set(en) == {"impact"}


@pytest.mark.parametrize("key", sorted(catalog("ko")))
def test_each_label_has_the_same_placeholders_in_every_language(key: str) -> None:
    assert placeholders(catalog("ko")[key]) == placeholders(catalog("en")[key])


def test_catalogs_are_yaml_in_the_package() -> None:
    assert sorted(p.name for p in CATALOG_DIR.glob("*.yaml")) == sorted(f"{lang}.yaml" for lang in languages())
    assert catalog("ko")["impact"] == "비즈니스 임팩트"
    assert catalog("en")["impact"] == "Business impact"


def test_english_catalog_has_no_hangul() -> None:
    hangul = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
    assert [k for k, v in catalog("en").items() if hangul.search(v)] == []


def test_every_label_key_the_registries_name_exists() -> None:
    keys = set(catalog("ko"))
    named = {s.label for s in DEFAULT_SECTIONS} | {m.label for m in BUILTIN.values()}
    named |= {m.note for m in BUILTIN.values() if m.note} | set(UNIT_LABELS.values())
    assert sorted(named - keys) == []


def test_overrides_are_laid_over_the_catalog() -> None:
    table = labels("en", {"impact": "Customer impact"})
    assert (table["impact"], table["projects"]) == ("Customer impact", "Projects")
    assert catalog("en")["impact"] == "Business impact"  # the shipped catalog is untouched


# ---- section registry


def test_each_section_is_declared_once() -> None:
    for attribute in ("key", "file", "page"):
        values = [getattr(s, attribute) for s in DEFAULT_SECTIONS]
        assert len(values) == len(set(values)), f"duplicate section {attribute}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_has_a_template_and_a_page_builder(kind: str) -> None:
    assert (default_templates_dir() / KINDS[kind].template).is_file()
    assert callable(KINDS[kind].page)


def test_the_sample_reads_its_groups_sections_by_key(sample_report: object) -> None:
    kinds = {s.key: s.kind for s in DEFAULT_SECTIONS}
    held = sample_report.sections  # type: ignore[attr-defined]
    groups = {key: value for key, value in held.items() if kinds[key] is KINDS["groups"]}
    assert list(groups) == ["infrastructure", "reliability", "operations", "impact"]  # in reading order
    assert [g.id for g in groups["infrastructure"]] == ["servers", "deployment-automation", "network-security"]


SECURITY = Section(
    "security", KINDS["groups"], "security.yaml", "security.md", "impact", titles={"ko": "보안", "en": "Security"}
)


@pytest.fixture
def with_security(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """One more built-in section, added as one registry entry: the sample plus content/2023/security.yaml."""
    import reportgen.sections.registry

    monkeypatch.setattr(reportgen.sections.registry, "DEFAULT_SECTIONS", (*DEFAULT_SECTIONS, SECURITY))
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "2023" / "security.yaml").write_text(
        "groups:\n  - id: audits\n    title: 감사\n    items:\n      - 연간 보안 감사 완료\n", encoding="utf-8"
    )
    return content


def test_a_new_section_entry_is_validated_rendered_and_listed(with_security: Path, tmp_path: Path) -> None:
    validated = load_site(with_security, tmp_path)
    assert validated.site is not None, validated.problems
    report = validated.site.reports[0]
    assert [g.id for g in report.sections["security"]] == ["audits"]
    tree, _ = build_pages(validated.site)
    files = {f.path: f.content.decode() for f in tree.files}
    assert files["2023/security.md"].splitlines()[:3] == ["# 보안", "", "## 감사"]
    assert "- 연간 보안 감사 완료" in files["2023/security.md"].splitlines()
    assert "- [보안](security.md)" in files["2023/index.md"].splitlines()  # the overview's list of sections
    year_nav = next(entry["2023년 개요"] for entry in tree.nav if "2023년 개요" in entry)
    assert {"보안": "2023/security.md"} in year_nav
    assert "# 보안" in files["2023/print.md"].replace("## 보안", "# 보안")  # in the print page, demoted


def test_a_new_section_entry_is_checked_like_the_others(with_security: Path, tmp_path: Path) -> None:
    (with_security / "2023" / "security.yaml").write_text(
        "groups:\n  - id: a\n    title: A\n    items: [x]\n  - id: a\n    title: B\n    items:\n"
        "      - text: y\n        project: nope\n",
        encoding="utf-8",
    )
    problems = load_site(with_security, tmp_path).errors
    assert [(p.file, p.line, p.col, p.message) for p in problems] == [
        ("content/2023/security.yaml", 5, 9, "duplicate id 'a'"),
        (
            "content/2023/security.yaml",
            9,
            18,
            "unknown project 'nope' (projects are defined in content/2023/projects.yaml)",
        ),
    ]


def test_a_new_section_entry_is_in_diff_and_scaffold(with_security: Path, tmp_path: Path) -> None:
    from reportgen.cli.scaffold import new_year
    from reportgen.diff.site_diff import compare

    base = load_site(CONTENT, REPO).site
    head = load_site(with_security, tmp_path).site
    assert base is not None and head is not None
    assert [(c.year, c.where, c.before, c.after) for c in compare(base, head).facts] == [
        (2023, ("security", "감사"), None, (("items", "연간 보안 감사 완료"),))
    ]
    written = [p.name for p in new_year(with_security, 2024)]
    assert "security.yaml" in written
    assert (with_security / "2024" / "security.yaml").read_text(encoding="utf-8").splitlines()[1] == (
        "# 보안: 제목이 있는 항목 묶음."
    )


def test_a_file_no_section_declares_is_refused_with_the_list(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "2023" / "outages.yaml").write_text("x: 1\n", encoding="utf-8")
    problem = only(load_site(content, tmp_path).errors)
    assert (problem.file, problem.message) == ("content/2023/outages.yaml", "unexpected file 'outages.yaml'")
    assert problem.hint.startswith("expected one of: report.yaml, projects.yaml, achievements.yaml")


def test_a_file_of_a_section_the_site_leaves_out_says_how_to_resolve_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "2023" / "incidents.yaml").write_text("records: []\n", encoding="utf-8")
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "sections: [projects, kpis]\n", encoding="utf-8")
    found = {p.file.removeprefix("content/2023/"): (p.message, p.hint) for p in load_site(content, tmp_path).errors}
    assert found["incidents.yaml"] == (
        "unexpected file 'incidents.yaml'",
        "'incidents' is a ready-made section: add 'incidents' to site.yaml's sections:, or delete this file",
    )
    assert found["achievements.yaml"] == (
        "unexpected file 'achievements.yaml'",
        "site.yaml's sections: leave out 'achievements'; delete this file, or add 'achievements' there",
    )


# ---- metric registry


def test_every_card_and_trend_names_a_metric() -> None:
    for name in (*BUILTIN.defaults("overview"), *BUILTIN.defaults("home"), *BUILTIN.defaults("trend")):
        assert name in BUILTIN.year_names()


def test_metric_values_come_from_the_registry(sample_report: object) -> None:
    m = year_metrics(sample_report, BUILTIN)  # type: ignore[arg-type]
    assert {name: m.value(name) for name in BUILTIN.year_names()} == {
        "project_count": 8,
        "completed_count": 5,
        "on_time_count": 5,
        "delayed_count": 3,
        "known_delivery_count": 8,
        "on_time_rate": 62.5,
        "longest_weeks": 38,
        "average_weeks": pytest.approx(148 / 7),
        "dated_project_count": 7,
        "service_count": 4,
    }


def test_an_unknown_baseline_metric_is_refused_with_a_did_you_mean(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    kpis = content / "2023" / "kpis.yaml"
    kpis.write_text(
        kpis.read_text(encoding="utf-8").replace("baseline_from: on_time_rate", "baseline_from: on_time_rat"),
        encoding="utf-8",
    )
    problem = only(load_site(content, tmp_path).errors)
    assert (problem.file, problem.line, problem.col) == ("content/2023/kpis.yaml", 13, 20)
    assert problem.hint == "did you mean 'on_time_rate'?"


def test_an_unknown_declared_metric_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    report = content / "2023" / "report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("metric: project_count", "metric: projects_count"),
        encoding="utf-8",
    )
    problem = only(load_site(content, tmp_path).errors)
    assert (problem.message, problem.hint) == ("unknown metric 'projects_count'", "did you mean 'project_count'?")


def test_the_schema_lists_the_registrys_metric_names() -> None:
    import json

    kpis = json.loads(render_schemas()["kpis.schema.json"])
    branch = kpis["$defs"]["KpiTarget"]["properties"]["baseline_from"]["anyOf"][0]
    assert branch["enum"] == list(BUILTIN.year_names())


# ---- team label overrides


def _with_settings(tmp_path: Path, extra: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return content


def _line_after_sample(number: int) -> int:
    """The line number of the `number`th line appended to the sample's site.yaml."""
    return len((CONTENT / "site.yaml").read_text(encoding="utf-8").splitlines()) + number


def test_a_team_renames_a_section_everywhere(tmp_path: Path) -> None:
    content = _with_settings(tmp_path, "labels:\n  impact: 고객 임팩트\n  total_projects: 프로젝트 수\n")
    validated = load_site(content, tmp_path)
    assert validated.site is not None, validated.problems
    tree, _ = build_pages(validated.site)
    files = {f.path: f.content.decode() for f in tree.files}
    assert files["2023/impact.md"].splitlines()[0] == "# 고객 임팩트"
    assert "- [고객 임팩트](impact.md)" in files["2023/index.md"].splitlines()
    assert "# 고객 임팩트" in files["2023/print.md"].replace("## 고객 임팩트", "# 고객 임팩트")
    year_nav = next(entry["2023년 개요"] for entry in tree.nav if "2023년 개요" in entry)
    assert {"고객 임팩트": "2023/impact.md"} in year_nav
    assert files["index.md"].splitlines().count("    프로젝트 수") == 1  # the home page's card


def test_an_unknown_label_override_is_an_error_with_a_hint(tmp_path: Path) -> None:
    content = _with_settings(tmp_path, "labels:\n  impcat: 고객 임팩트\n")
    problem = only(load_site(content, tmp_path).errors)
    assert (problem.file, problem.line, problem.col) == ("content/site.yaml", _line_after_sample(2), 3)
    assert (problem.message, problem.hint) == ("unknown label 'impcat'", "did you mean 'impact'?")


@pytest.mark.parametrize("text", ["'{years} KPI'", "'{year.__class__}'", "'{year'"])
def test_a_label_override_may_only_use_the_placeholders_the_site_fills(tmp_path: Path, text: str) -> None:
    content = _with_settings(tmp_path, f"labels:\n  kpis: {text}\n")
    problem = only(load_site(content, tmp_path).errors)
    assert (problem.line, problem.message) == (
        _line_after_sample(2),
        "label 'kpis' uses placeholders the site does not fill in",
    )
    assert problem.hint.startswith("it may use {year}")


@pytest.mark.parametrize(
    ("key", "text", "shown"),
    [
        ("kpis", "'{year:>30000000}'", "{year:>30000000}"),  # would write gigabytes of spaces
        ("hours_unit", "'{value:.2f} h'", "{value:.2f}"),  # would fail at render: the value is text
        ("kpis", "'{year!r} KPI'", "{year!r}"),
    ],
)
def test_a_label_override_may_not_format_its_placeholders(tmp_path: Path, key: str, text: str, shown: str) -> None:
    content = _with_settings(tmp_path, f"labels:\n  {key}: {text}\n")
    problem = only(load_site(content, tmp_path).errors)
    assert (problem.file, problem.line, problem.col, problem.code) == (
        "content/site.yaml",
        _line_after_sample(2),
        len(f"  {key}: ") + 1,
        "label-format",
    )
    assert problem.message == f"label '{key}' formats a placeholder ('{shown}')"


def test_each_kind_declares_the_kinds_it_depends_on() -> None:
    """A kind whose module reads another kind's facts (its accessor) says so in `requires`, and
    requires only kinds that exist: kpi_review needs kpis, a project reference needs projects."""
    import ast
    import importlib

    modules = {kind.name: importlib.import_module(kind.page.__module__) for kind in KINDS.values()}
    kind_of_module = {module.__name__: name for name, module in modules.items()}
    for name, kind in KINDS.items():
        assert set(kind.requires) <= set(KINDS), f"{name} requires an unknown kind"
        package = modules[name].__name__.rsplit(".", 1)[0] if modules[name].__name__.endswith(".kind") else None
        files = [modules[name].__file__]
        if package is not None:  # a kind that is a package: every module of it
            files = [str(p) for p in Path(modules[name].__file__).parent.glob("*.py")]
        used = set()
        for file in files:
            for node in ast.walk(ast.parse(Path(file).read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                    used |= {kind_of_module[t] for t in targets if t in kind_of_module}
                    used |= {kind_of_module[t + ".kind"] for t in targets if t + ".kind" in kind_of_module}
        assert used - {name} <= set(kind.requires), f"{name} reads {sorted(used - {name})} but requires {kind.requires}"
