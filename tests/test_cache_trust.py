"""The build cache is untrusted input: CI restores it, and a commit could hold one. It can neither run
nor publish what reportgen did not write, and a cache that cannot be used never stops a build.

Every entry here is forged the way an attacker would: its bytes changed and its sidecar checksum made
to match, whatever the store's format, so that only the content's own checks stand in the way.
"""

from __future__ import annotations

import ast
import errno
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reportgen.emit import store
from reportgen.emit.generate import Generated, generate

from .conftest import CONTENT, REPO, copy_project, run_mkdocs
from .helpers import invoke

TEMPLATES = REPO / "site_templates"
SIDECAR = ".sha256"


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's charts, drawn once: a chart's key does not depend on where the project is."""
    folder = tmp_path_factory.mktemp("charts")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    generate(content, TEMPLATES, folder / "cache", folder)
    return folder / "cache" / "charts"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample site built without any cache: what every build below must give."""
    folder = tmp_path_factory.mktemp("clean")
    shutil.copytree(CONTENT, folder / "content")
    return _files(generate(folder / "content", TEMPLATES, None, folder))


@pytest.fixture
def project(tmp_path: Path, charts: Path) -> Path:
    """A copy of the sample content, its cache filled by one build (trees, years, charts)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(charts, tmp_path / "cache" / "charts")
    generate(tmp_path / "content", TEMPLATES, tmp_path / "cache", tmp_path)
    return tmp_path


def _files(generated: Generated) -> dict[str, bytes]:
    return {f.path: f.content for f in generated.tree.files}


def _build(project: Path) -> Generated:
    return generate(project / "content", TEMPLATES, project / "cache", project)


def _written(out: Path, clean: dict[str, bytes]) -> dict[str, bytes]:
    """What `build --out` wrote of the generated files (it adds the stylesheet and its marker)."""
    return {path: (out / path).read_bytes() for path in clean if (out / path).is_file()}


def _entries(folder: Path) -> list[Path]:
    """The store's entries under `folder`: each file with a checksum beside it."""
    return sorted(p for p in folder.rglob("*") if p.suffix != SIDECAR and p.with_suffix(SIDECAR).is_file())


def _forge(entry: Path, content: bytes) -> None:
    """Replace an entry's bytes, and make its sidecar's checksum match them, in whatever form the
    sidecar has: the checksum alone, or the key and the checksum."""
    sidecar = entry.with_suffix(SIDECAR)
    old, new = hashlib.sha256(entry.read_bytes()).hexdigest(), hashlib.sha256(content).hexdigest()
    text = sidecar.read_text(encoding="ascii")
    assert old in text, f"{sidecar} does not hold its entry's checksum"
    entry.write_bytes(content)
    sidecar.write_text(text.replace(old, new), encoding="ascii")


# ---- the cache holds no code


def test_no_module_of_reportgen_imports_a_deserialiser_that_runs_code() -> None:
    # pickle, marshal and shelve rebuild objects by running what the bytes say: a forged cache entry
    # would run as this build's user, with its tokens.
    forbidden = {"pickle", "_pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle"}
    found = []
    for module in sorted((REPO / "reportgen").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{module.relative_to(REPO)}: {name}" for name in names if name.split(".")[0] in forbidden]
    assert found == []


def test_the_cache_holds_only_plain_data_charts_and_checksums(project: Path) -> None:
    override = project / "templates" / "year" / "groups.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ title }}\n", encoding="utf-8")
    generate(project / "content", project / "templates", project / "cache", project)  # templates compiled
    kinds = {p.suffix for p in (project / "cache").rglob("*") if p.is_file()}
    assert kinds == {".bundle", ".svg", SIDECAR}  # no pickle, no compiled template (marshal)
    for entry in (project / "cache").rglob("*.bundle"):
        assert entry.read_bytes().startswith(b"reportgen-cache 1\n")


def test_a_forged_pickle_with_a_matching_checksum_is_never_loaded(project: Path, clean: dict[str, bytes]) -> None:
    marker = project / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (exec, (f"__import__('pathlib').Path({str(marker)!r}).write_text('the cache ran code')",))

    forged = pickle.dumps(Payload())
    entries = _entries(project / "cache" / "trees") + _entries(project / "cache" / "years")
    assert entries
    for entry in entries:
        _forge(entry, forged)
    try:
        built = _build(project)
    finally:
        assert not marker.exists(), "a forged cache entry ran code"
    assert not built.from_cache
    assert _files(built) == clean
    assert _files(_build(project)) == clean  # stored anew: the next build is served from the cache
    assert _build(project).from_cache


def test_an_entry_written_for_another_key_is_not_served(project: Path) -> None:
    """An attacker cannot make a forged tree from scratch pass, but can copy a real entry: one
    written for other content, its checksum made to match, under the key of this content."""
    (before,) = _entries(project / "cache" / "trees")
    report = project / "content" / "2023" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("title: ", "title: 새 ", 1), encoding="utf-8")
    edited = _build(project)
    assert not edited.from_cache
    (after,) = [p for p in _entries(project / "cache" / "trees") if p != before]
    _forge(after, before.read_bytes())
    again = _build(project)
    assert _files(again) == _files(edited)
    assert not again.from_cache


# ---- a cached chart is published only if it can only draw

# Each replaces the metadata block every matplotlib SVG has, at the same length, so that the
# forgery fits wherever the chart is stored (a chart entry, the bytes of a stored tree).
ATTACKS = {
    "script": b"<script>alert(1)</script>",
    "event attribute": b'<g onload="alert(1)"></g>',
    "foreignObject": b'<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">alert(1)</body></foreignObject>',
    "external href": b'<use xlink:href="https://evil.example/alert(1).svg#a"/>',
    "external url()": b'<rect style="fill: url(https://evil.example/alert(1))"/>',
    "stylesheet": b'<style>@import "https://evil.example/alert(1).css";</style>',
}


def _metadata(svg: bytes) -> bytes:
    start = svg.index(b"<metadata>")
    return svg[start : svg.index(b"</metadata>") + len(b"</metadata>")]


def _attack(entry: Path, attack: bytes) -> bool:
    content = entry.read_bytes()
    if b"<metadata>" not in content:
        return False
    forged = content
    while b"<metadata>" in forged:  # every chart of a stored tree
        block = _metadata(forged)
        assert len(attack) <= len(block)
        forged = forged.replace(block, attack.ljust(len(block)), 1)
    _forge(entry, forged)
    return True


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("path", ["chart cache", "tree cache"])
def test_a_forged_chart_is_drawn_again_not_published(
    project: Path, clean: dict[str, bytes], attack: str, path: str
) -> None:
    if path == "chart cache":
        shutil.rmtree(project / "cache" / "trees")  # the charts are read from their own entries
    forged = [entry for entry in _entries(project / "cache") if _attack(entry, ATTACKS[attack])]
    assert len(forged) >= 6
    built = _build(project)
    published = [content for name, content in _files(built).items() if name.endswith(".svg")]
    assert published and not any(b"alert(1)" in content for content in published)
    assert _files(built) == clean
    assert len(built.tree.chart_stats.rendered) == 6  # each was drawn again


def test_a_truncated_or_garbled_entry_is_rebuilt(project: Path, clean: dict[str, bytes]) -> None:
    entries = _entries(project / "cache")
    for index, entry in enumerate(entries):
        content = entry.read_bytes()
        if index % 2:
            _forge(entry, content[: len(content) // 2])  # a torn write, its checksum matching
        else:
            entry.write_bytes(b"\x00" + content[1:])  # a flipped byte, its checksum not
    built = _build(project)
    assert not built.from_cache
    assert _files(built) == clean


def test_an_entry_that_is_a_pipe_is_not_read(project: Path) -> None:
    """A cache restored from a tar can hold a FIFO where an entry was: reading it would wait forever."""
    (tree,) = _entries(project / "cache" / "trees")
    tree.unlink()
    os.mkfifo(tree)
    script = (
        "from pathlib import Path\n"
        "from reportgen.emit.generate import generate\n"
        f"p = Path({str(project)!r})\n"
        f"g = generate(p / 'content', Path({str(TEMPLATES)!r}), p / 'cache', p)\n"
        "print(g.from_cache)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# ---- a cache that a change could forge is refused


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
    subprocess.run(command, cwd=folder, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("how", ["a file in it", "a link to it"])
def test_a_cache_folder_that_git_tracks_is_refused(
    tmp_path: Path, clean: dict[str, bytes], how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    _git(tmp_path, "init", "-q", ".")
    if how == "a file in it":
        (tmp_path / ".cache" / "reportgen").mkdir(parents=True)
        (tmp_path / ".cache" / "reportgen" / "README").write_text("committed\n", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / ".cache").symlink_to("elsewhere")
    _git(tmp_path, "add", "-f", ".cache")
    _git(tmp_path, "commit", "-q", "-m", "a cache")
    before = sorted(p.name for p in (tmp_path / ".cache").resolve().rglob("*"))

    monkeypatch.chdir(tmp_path)
    result = invoke("build", "--out", "out", "--templates", str(TEMPLATES))
    assert result.exit_code == 0, result.stderr
    (refused,) = [line for line in result.stderr.splitlines() if "build cache" in line]
    # Named as the build names it: through the link, where the cache would have been.
    folder = ".cache/reportgen" if how == "a file in it" else "elsewhere/reportgen"
    assert refused == (
        f"{folder}:1:1: warning: the build cache folder is tracked by git, so a commit could forge it; "
        "building without the cache (use a folder of its own that git ignores, outside the content folder, "
        "e.g. .cache/reportgen (reportgen build --cache, or the plugin's cache_dir))"
    )
    assert sorted(p.name for p in (tmp_path / ".cache").resolve().rglob("*")) == before  # neither read nor written
    assert _written(tmp_path / "out", clean) == clean


def test_a_cache_folder_in_the_content_folder_is_refused(tmp_path: Path, clean: dict[str, bytes]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    built = generate(content, TEMPLATES, content / ".cache", tmp_path)
    assert [(p.code, p.severity.value, p.file) for p in built.problems if "cache" in p.code] == [
        ("cache-refused", "warning", "content/.cache")
    ]
    assert not (content / ".cache").exists()  # nothing written among the facts
    assert _files(built) == clean
    # A cache folder that holds the content folder is refused too: the content could forge it.
    holding = generate(content, TEMPLATES, tmp_path, tmp_path)
    assert [p.code for p in holding.problems if "cache" in p.code] == ["cache-refused"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


# ---- a cache that cannot be written: one warning, a build without it, never a traceback


def _unwritable(tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    if how == "under a file":
        # Works as root too: no permission stops root, but a file cannot hold a folder.
        (tmp_path / "cache-file").write_text("not a folder\n", encoding="utf-8")
        return tmp_path / "cache-file" / "reportgen"
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o500)
    if os.geteuid() == 0:
        # No permission stops root (CI runs the tests as root): the folder refuses as a read-only one would.
        real_mkdir = Path.mkdir

        def refuse(self: Path, *args: Any, **kwargs: Any) -> None:
            if self.is_relative_to(folder) and self != folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", refuse)
    return folder / "reportgen"


@pytest.mark.parametrize("how", ["under a file", "read-only folder"])
def test_a_cache_that_cannot_be_made_gives_one_warning_and_a_build(
    tmp_path: Path, clean: dict[str, bytes], how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    cache = _unwritable(tmp_path, how, monkeypatch)
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "--out", "out", "--templates", str(TEMPLATES), "--cache", str(cache))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "build cache" in line]
    assert len(warnings) == 1
    assert "warning: the build cache cannot be written (" in warnings[0]
    assert warnings[0].endswith(
        "building without it (free some disk space or make the folder writable; the site is the same, "
        "only slower to build)"
    )
    assert _written(tmp_path / "out", clean) == clean


def test_the_plugin_builds_without_a_cache_it_cannot_make(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "cache-file").write_text("not a folder\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      templates_dir: site_templates\n",
            "      templates_dir: site_templates\n      cache_dir: cache-file/reportgen\n",
        ),
        encoding="utf-8",
    )
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "build cache" in line]
    assert len(lines) == 1 and "cache-file/reportgen:1:1: warning: the build cache cannot be written" in lines[0]
    assert len(list((project / "site").rglob("*.svg"))) == 9  # 3 charts: light, dark and print files


def _full_disk(monkeypatch: pytest.MonkeyPatch, only: str = "") -> None:
    """Every cache write (or every one to a name ending in `only`) fails as on a full disk."""
    write = store.atomic_write

    def full(path: Path, content: bytes) -> None:
        if path.name.endswith(only):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        write(path, content)

    monkeypatch.setattr(store, "atomic_write", full)


def test_a_full_disk_gives_one_warning_and_a_build(
    tmp_path: Path, clean: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    _full_disk(monkeypatch)
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "--out", "out", "--templates", str(TEMPLATES), "--cache", "cache")
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "build cache" in line] == [
        "cache:1:1: warning: the build cache cannot be written (No space left on device); building without it "
        "(free some disk space or make the folder writable; the site is the same, only slower to build)"
    ]
    assert _written(tmp_path / "out", clean) == clean


@pytest.mark.parametrize("background", [False, True])
def test_a_disk_that_fills_during_the_build_gives_one_warning_and_the_build(
    tmp_path: Path, clean: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, background: bool
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    _full_disk(monkeypatch, only=".svg")  # the folder can be made; the charts cannot be kept
    built = generate(tmp_path / "content", TEMPLATES, tmp_path / "cache", tmp_path, background=background)
    if built.pending is not None:
        built.pending()
    assert [p.code for p in built.problems if "cache" in p.code] == ["cache-unwritable"]
    assert _files(built) == clean
