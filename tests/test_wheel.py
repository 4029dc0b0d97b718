"""reportgen used from another repository: installed from its wheel into a fresh virtual environment,
a project of only mkdocs.yml and content/, and the same project under Backstage TechDocs (techdocs-core).

The environment (reportgen's dependencies plus techdocs-core 1.7.1 and its pins) is built once and
cached under .cache/venvs/; the first run needs the package registry and takes a few minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO
from .test_init import SITE_TEXT, hangul_in
from .venvs import TECHDOCS, build_wheel, venv_with


@pytest.fixture(scope="module")
def techdocs_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheel = build_wheel(tmp_path_factory.mktemp("wheel"))
    return venv_with(TECHDOCS, wheel)


def _run(bin_dir: Path, tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)  # reportgen from the wheel, never a checkout on the path
    return subprocess.run([str(bin_dir / tool), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _add_techdocs(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    assert "\n  - reportgen\n" in text
    config.write_text(text.replace("\n  - reportgen\n", "\n  - techdocs-core\n  - reportgen\n"), encoding="utf-8")


def test_the_environment_has_techdocs_pins_and_the_wheel(techdocs_bin: Path, tmp_path: Path) -> None:
    listed = _run(techdocs_bin, "python", "-m", "pip", "list", "--format=freeze", cwd=tmp_path).stdout.splitlines()
    versions = dict(line.split("==") for line in listed if "==" in line)
    assert versions["mkdocs-material"] == "9.7.7"
    assert versions["pymdown-extensions"] == "11.0.1"
    assert tuple(int(part) for part in versions["Markdown"].split(".")[:2]) < (3, 11)
    location = _run(techdocs_bin, "python", "-c", "import reportgen; print(reportgen.__file__)", cwd=tmp_path)
    # From the wheel in the environment's site-packages, not from this checkout's reportgen/.
    assert Path(location.stdout.strip()).parent.parent.name == "site-packages", location.stdout
    assert versions["reportgen-site"]  # the distribution's name, not the unrelated "reportgen"
    version = _run(techdocs_bin, "python", "-m", "reportgen", "--version", cwd=tmp_path)
    assert version.stdout == f"reportgen {versions['reportgen-site']} (reportgen-site)\n", version.stderr


def test_init_from_the_wheel_builds_strictly_with_and_without_techdocs(techdocs_bin: Path, tmp_path: Path) -> None:
    init = _run(
        techdocs_bin, "reportgen", "init", "--language", "en", "--team", "Platform SRE", "--year", "2024", cwd=tmp_path
    )
    assert init.returncode == 0, init.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".github", "content", "mkdocs.yml", "requirements.txt"]
    plain = _run(techdocs_bin, "mkdocs", "build", "--strict", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert hangul_in(tmp_path / "site", SITE_TEXT) == []
    _add_techdocs(tmp_path / "mkdocs.yml")
    shutil.rmtree(tmp_path / "site")
    techdocs = _run(techdocs_bin, "mkdocs", "build", "--strict", cwd=tmp_path)
    assert techdocs.returncode == 0, techdocs.stderr
    assert (tmp_path / "site" / "2024" / "index.html").is_file()
    assert hangul_in(tmp_path / "site", SITE_TEXT) == []


def test_the_example_team_builds_under_techdocs(techdocs_bin: Path, tmp_path: Path) -> None:
    example = REPO / "examples" / "sre-team"
    shutil.copytree(example / "content", tmp_path / "content")
    shutil.copy(example / "mkdocs.yml", tmp_path / "mkdocs.yml")
    _add_techdocs(tmp_path / "mkdocs.yml")
    result = _run(techdocs_bin, "mkdocs", "build", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "2024" / "incidents" / "index.html").read_text(encoding="utf-8")
    assert "Queue backlog after a deploy" in page
    assert (tmp_path / "site" / "2024" / "charts" / "incidents-mttr.light.svg").is_file()
