"""How reportgen is packaged: its distribution name, `python -m reportgen`, `--version`, the metadata
a package index shows, and py.typed. The wheel itself is installed by tests/test_wheel.py."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli.commands import main
from reportgen.load.locations import DISTRIBUTION

from .conftest import REPO
from .venvs import build_wheel

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_is_not_named_like_the_unrelated_reportgen() -> None:
    assert PYPROJECT["name"] == DISTRIBUTION == "reportgen-site"
    # The command and the import name stay reportgen.
    assert PYPROJECT["scripts"] == {"reportgen": "reportgen.cli.commands:main"}


def test_version_names_the_distribution() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"reportgen {PYPROJECT['version']} (reportgen-site)\n"


def test_python_dash_m_reportgen_runs_the_command() -> None:
    env_path = str(REPO)
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "--version"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": ""},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("reportgen ")
    helped = subprocess.run(
        [sys.executable, "-m", "reportgen", "--help"], capture_output=True, text=True, env={"PYTHONPATH": env_path}
    )
    assert helped.stdout.startswith("Usage: reportgen ")  # named as the command, not as __main__.py


def test_the_python_versions_tested_are_the_ones_declared() -> None:
    declared = sorted(c.rsplit(" ", 1)[1] for c in PYPROJECT["classifiers"] if c.count("::") == 2 and "3." in c)
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    assert declared == ["3.11", "3.12", "3.13"]
    assert workflow["jobs"]["check"]["strategy"]["matrix"]["python"] == declared
    assert PYPROJECT["requires-python"] == ">=3.11"


def test_the_extensions_mkdocs_yml_names_are_declared() -> None:
    # mkdocs.yml loads pymdownx.details and pymdownx.slugs itself: not only through the theme.
    assert any(d.startswith("pymdown-extensions>=10.2,<14") for d in PYPROJECT["dependencies"])
    assert "pymdownx." in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_its_metadata_and_py_typed(wheel: Path) -> None:
    assert wheel.name.startswith("reportgen_site-")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
    assert {"reportgen/py.typed", "reportgen/__main__.py"} <= set(names)
    assert metadata["Name"] == "reportgen-site"
    assert metadata["Requires-Python"] == ">=3.11"
    assert "Programming Language :: Python :: 3.13" in metadata.get_all("Classifier")
    assert "Typing :: Typed" in metadata.get_all("Classifier")
    assert any(url.startswith("Source, https://") for url in metadata.get_all("Project-URL"))
    assert any(r.startswith("pymdown-extensions") for r in metadata.get_all("Requires-Dist"))
