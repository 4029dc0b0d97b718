"""The workflows use each action's current major, pinned by commit, and cache pip and the chart cache."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = {"pr.yml": "check", "publish.yml": "build"}

# Read from each action's own repository (its newest release tag and the commit it points at).
# All run on Node.js 24 (`runs.using: node24`; upload-pages-artifact is composite around upload-artifact),
# but configure-pages: its newest release, v5.0.0, and its main branch still say node20.
CURRENT = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/cache": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
}
USES = re.compile(r"uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


def _text(name: str) -> str:
    return (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8")


def _steps(name: str) -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load(_text(name))["jobs"][WORKFLOWS[name]]["steps"]


@pytest.mark.parametrize("name", WORKFLOWS)
def test_every_action_is_at_its_current_major(name: str) -> None:
    pins = [USES.search(line.strip()) for line in _text(name).splitlines() if "uses:" in line]
    assert pins and all(pins)
    for pin in pins:
        assert pin is not None
        action, sha, version = pin.groups()
        assert (sha, version) == CURRENT[action], action


@pytest.mark.parametrize("name", WORKFLOWS)
def test_pip_downloads_are_cached_on_the_lock(name: str) -> None:
    (setup,) = [s for s in _steps(name) if s.get("uses", "").startswith("actions/setup-python@")]
    # The lock fixes the versions: after `make lock` the cache must miss. The pull-request check
    # runs `make test`, which also installs the Makefile's pinned Zensical.
    paths = ".ci/constraints.txt\npyproject.toml\n" + ("Makefile\n" if name == "pr.yml" else "")
    version = "${{ matrix.python }}" if name == "pr.yml" else "3.11"
    assert setup["with"] == {"python-version": version, "cache": "pip", "cache-dependency-path": paths}


def test_npm_downloads_are_cached_on_the_npm_lock() -> None:
    caches = [s for s in _steps("pr.yml") if s.get("uses", "").startswith("actions/cache@")]
    npm = [c["with"] for c in caches if c["with"]["path"] == "~/.npm"]
    assert npm == [{"path": "~/.npm", "key": "npm-${{ runner.os }}-${{ hashFiles('tests/package-lock.json') }}"}]


@pytest.mark.parametrize("name", WORKFLOWS)
def test_the_chart_and_page_cache_is_keyed_on_reportgens_version_and_the_inputs(name: str) -> None:
    steps = _steps(name)
    order = [s.get("id") or s.get("name") or s.get("uses", "").split("@")[0] for s in steps]
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@") and s["with"]["path"] != "~/.npm"]
    version = next(s for s in steps if s.get("id") == "reportgen")
    assert "importlib.metadata import version" in version["run"] and '"reportgen-site"' in version["run"]
    code = "${{ hashFiles('reportgen/**', 'pyproject.toml', '.ci/constraints.txt') }}"
    python = "${{ steps.python.outputs.python-version }}"
    prefix = f"reportgen-${{{{ runner.os }}}}-{python}-${{{{ steps.reportgen.outputs.version }}}}-{code}-"
    assert cache["with"] == {
        "path": ".cache/reportgen",
        "key": prefix + "${{ hashFiles('content/**', 'site_templates/**') }}",
        "restore-keys": prefix,
    }
    # Installed, then versioned, then restored, before the first build uses the cache.
    assert order.index("Install") < order.index("reportgen") < len(order) - order[::-1].index("actions/cache") - 1
    assert len(order) - order[::-1].index("actions/cache") - 1 < order.index("Build the site")
