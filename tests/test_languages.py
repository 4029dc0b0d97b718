"""The languages reportgen writes are its label catalogs (reportgen/labels/<lang>.yaml), declared nowhere else."""

from __future__ import annotations

import ast
import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

import reportgen
from reportgen.load import catalogs
from reportgen.load.catalogs import REFERENCE, languages
from reportgen.load.mkdocs_config import MkdocsSettings, resolve
from reportgen.mkdocs.serve_errors import site_language
from reportgen.model.declarations import Titled
from reportgen.model.facts import SiteSettings

PACKAGE = Path(reportgen.__file__).parent


def language_lists(source: str, codes: set[str]) -> list[int]:
    """The lines of `source` holding a tuple, list, set or Literal of two or more of `codes`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "Literal[" in node.value:
            with contextlib.suppress(SyntaxError):  # a quoted annotation: "Literal['ko', 'en']"
                found += [node.lineno for _ in language_lists(node.value, codes)]
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            named = [e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in codes]
            if len(named) >= 2:
                found.append(node.lineno)
    return found


@pytest.mark.parametrize(
    "source",
    [
        'LANGUAGES = ("ko", "en")',
        'Language = Literal["ko", "en"]',
        "x: \"Literal['en', 'ko']\" = \"ko\"",
        '@click.option("--language", type=click.Choice(["en", "ko"]))\ndef f() -> None: ...',
        'ok = language in {"en", "ko", "fr"}',
    ],
)
def test_the_scan_finds_a_written_list(source: str) -> None:
    assert language_lists(source, {"en", "ko"}) == [1]


def test_the_scan_lets_single_codes_and_other_lists_be() -> None:
    source = 'REFERENCE = "en"\ndefault: str = "ko"\nSIZES = ("a4", "letter")\npair = ("en", "Business")\n'
    assert language_lists(source, {"en", "ko"}) == []


def test_no_module_writes_a_list_of_languages() -> None:
    codes = set(languages())
    assert len(codes) >= 2, "the scan needs the shipped catalogs"
    written = {
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in language_lists(path.read_text(encoding="utf-8"), codes)
    }
    assert written == set(), "languages are the catalogs found by load/catalogs.py's languages(); use it"


@pytest.fixture
def catalogs_with_xx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A catalog folder of en.yaml and a copy named xx.yaml; the caches forget the real one before and after."""
    shutil.copy(catalogs.CATALOG_DIR / f"{REFERENCE}.yaml", tmp_path / f"{REFERENCE}.yaml")
    shutil.copy(catalogs.CATALOG_DIR / f"{REFERENCE}.yaml", tmp_path / "xx.yaml")
    monkeypatch.setattr(catalogs, "CATALOG_DIR", tmp_path)
    catalogs.forget()
    yield tmp_path
    catalogs.forget()


@pytest.mark.usefixtures("catalogs_with_xx")
def test_a_new_catalog_is_a_new_language() -> None:
    assert languages() == ("xx", "en")  # the translations, then the reference
    assert SiteSettings(language="xx").language == "xx"
    assert Titled(title={"xx": "Incidents"}).title == {"xx": "Incidents"}
    assert site_language("xx") == "xx"
    assert SiteSettings.model_json_schema()["properties"]["language"]["enum"] == ["xx", "en"]
    assert catalogs.catalog("xx")["impact"] == "Business impact"


@pytest.mark.usefixtures("catalogs_with_xx")
def test_a_language_without_a_catalog_is_refused_as_a_choice() -> None:
    with pytest.raises(ValidationError) as refused:
        SiteSettings(language="yy")
    [error] = refused.value.errors(include_url=False)
    assert (error["type"], error["msg"], error["ctx"]) == (
        "literal_error",
        "Input should be 'xx' or 'en'",
        {"expected": "'xx' or 'en'"},
    )
    with pytest.raises(ValidationError, match="Input should be 'xx' or 'en'"):
        Titled(title={"ko": "장애"})  # a shipped language, but not in this folder
    _, problems = resolve(SiteSettings(), None, MkdocsSettings(language="yy"))
    assert [(p.message, p.hint) for p in problems] == [
        (
            "theme.language 'yy' is not a language reportgen writes",
            "use xx or en"
            ", or add its catalog as content/labels/yy.yaml (a translated copy of reportgen/labels/en.yaml)",
        )
    ]
    assert site_language("yy") == REFERENCE
