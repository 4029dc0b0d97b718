"""Times `mkdocs build` with the reportgen plugin against a plain MkDocs build of the same pages.

For each site, these variants, each a fresh `mkdocs build` subprocess, interleaved run by run
across both sites (sample a, b, c, synthetic a, b, c, e, then again):

  a  the plugin, with empty caches (every chart drawn by matplotlib)
  b  the plugin, with warm caches and nothing changed
  c  plain MkDocs (no reportgen plugin) on the tree `reportgen build` wrote, with the same nav
  e  (synthetic only) the plugin, with warm caches, after a comment was added to one year's projects.yaml

The four cases the issue sets aims for are ratios of these medians: sample a/c, synthetic a/c,
synthetic e/c, and b/c on both sites.

Every build runs a snapshot of reportgen/ and the sample project taken at the start, so edits to the
repository while the benchmark runs do not mix two versions of the code into one set of numbers.

Usage: .venv/bin/python -m benchmarks.run [--runs 5] [--sites sample,synthetic]
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

if not __package__:  # run as `python benchmarks/run.py`: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write_content

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's mkdocs and reportgen, next to this interpreter
RESULTS = REPO / "benchmarks" / "results.md"
PLUGIN_VIEW = REPO / "benchmarks" / "plugin_view.py"
SNAPSHOT = ("reportgen", "site_templates", "content", "docs", "mkdocs.yml")  # the code and the sample project
VARIANTS = {
    "a": "plugin, empty caches (cold)",
    "b": "plugin, warm caches, nothing changed",
    "c": "plain MkDocs, same tree and nav",
    "e": "plugin, warm caches, one projects.yaml edited (a comment)",
}
# The most each plugin variant may take, as a multiple of c: (site, variant) -> aim.
TARGETS = {("sample", "a"): 1.8, ("synthetic", "a"): 2.5, ("synthetic", "e"): 1.2}
TARGETS |= {("sample", "b"): 1.1, ("synthetic", "b"): 1.1}
EDITED = "projects.yaml"  # variant e edits this file of the middle year
PEAK_FILE = "REPORTGEN_BENCH_PEAK_FILE"
PEAK_RECORDER = f"""import atexit, os

def _record(path=os.environ.get({PEAK_FILE!r})):
    try:
        with open("/proc/self/status") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(path, "w") as out:
            out.write(peak)
    except (OSError, StopIteration, TypeError):
        pass

if os.environ.get({PEAK_FILE!r}):
    os.environ.pop({PEAK_FILE!r})  # the build's own children do not overwrite it
    atexit.register(_record)
"""
DRAWN = re.compile(r"reportgen: (\d+) chart\(s\) rendered")  # the plugin's summary line


@dataclass(frozen=True)
class Measurement:
    seconds: float
    max_rss_kib: int  # ru_maxrss of the mkdocs process itself, from os.wait4
    charts_drawn: int | None  # from the plugin's log; None without the plugin


@dataclass
class Variant:
    key: str
    project: Path
    before: Callable[[], None] = lambda: None  # runs before each build, outside the timing
    runs: list[Measurement] = field(default_factory=list)
    warm: bool = False  # a warm-cache variant: a run that had to draw charts is not one of its runs

    @property
    def counted(self) -> list[Measurement]:
        return [m for m in self.runs if not (self.warm and m.charts_drawn)]

    @property
    def excluded(self) -> int:
        return len(self.runs) - len(self.counted)

    # NaN when no run counts (every warm run drew charts): the table shows it, the notes say why.
    @property
    def median(self) -> float:
        return statistics.median(m.seconds for m in self.counted) if self.counted else math.nan

    @property
    def peak_mib(self) -> float:
        return max((m.max_rss_kib for m in self.counted), default=math.nan) / 1024


@dataclass(frozen=True)
class Snapshot:
    """A copy of the code and the sample project; the subprocesses import reportgen from it."""

    root: Path
    version: str  # the commit it was taken from, and whether the tree had uncommitted changes

    @property
    def env(self) -> dict[str, str]:
        # PYTHONPATH comes before site-packages and the editable install's path, so this copy wins.
        return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(self.root)}


def take_snapshot(work: Path) -> Snapshot:
    root = work / "code"
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    # Each build's own peak memory, written at exit (Linux): see mkdocs_build.
    (root / "sitecustomize.py").write_text(PEAK_RECORDER, encoding="utf-8")
    # Bytecode up front, as an installed package has it: with PYTHONDONTWRITEBYTECODE set, every
    # build would otherwise compile reportgen from source, a cost plain MkDocs never pays.
    if not compileall.compile_dir(root / "reportgen", quiet=1):
        raise RuntimeError(f"reportgen does not compile; the snapshot in {root} caught it mid-edit?")
    return Snapshot(root, code_version())


@dataclass
class SiteBench:
    name: str
    variants: dict[str, Variant]
    size: str  # what the site holds, for the report
    env: dict[str, str]  # the environment every build of this site runs in
    notes: list[str] = field(default_factory=list)


# ---- running mkdocs ---------------------------------------------------------------------------


def mkdocs_build(project: Path, env: dict[str, str]) -> Measurement:
    """One `mkdocs build` in a fresh process: wall time, and the peak RSS of that process alone."""
    log_path = project / "build.log"
    with log_path.open("wb") as log:
        peak_path = project / "peak-rss.txt"
        peak_path.unlink(missing_ok=True)
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "build"],
            cwd=project,
            env={**env, PEAK_FILE: str(peak_path)},
            stdout=log,
            stderr=log,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{log_path.read_text(encoding='utf-8')[-3000:]}")
    # ru_maxrss would count the memory of this script, which the child had before exec; the
    # child's own VmHWM (written by the snapshot's sitecustomize at exit) does not.
    rss_kib = int(peak_path.read_text()) if peak_path.is_file() else usage.ru_maxrss
    drawn = DRAWN.search(log_path.read_text(encoding="utf-8"))
    return Measurement(seconds, rss_kib, int(drawn.group(1)) if drawn else None)


def _warnings(project: Path) -> int:
    return sum("WARNING" in line for line in (project / "build.log").read_text(encoding="utf-8").splitlines())


# ---- setting up the projects ------------------------------------------------------------------


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plugin settings; tags such as !!python/object/apply become None."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _reportgen_settings(project: Path) -> dict[str, Any]:
    """The reportgen plugin's settings in a project's mkdocs.yml, and that whole config."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_LenientLoader)
    for entry in config.get("plugins", []):
        if _plugin_name(entry) == "reportgen":
            settings = {} if isinstance(entry, str) else (entry["reportgen"] or {})
            return {"config": config, **settings}
    raise ValueError(f"{project / 'mkdocs.yml'} does not use the reportgen plugin")


def _copy_project(source: Path, destination: Path, content: Path) -> Path:
    destination.mkdir(parents=True)
    shutil.copy(source / "mkdocs.yml", destination / "mkdocs.yml")
    for name in ("site_templates", "docs"):
        shutil.copytree(source / name, destination / name)
    shutil.copytree(content, destination / "content")
    return destination


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _hand_written(docs: Path) -> list[str]:
    # The plugin lists docs/ pages after the report; docs/ of the sample holds only .gitkeep.
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def _theme_override(base: dict[str, Any], theme_dir: str | None) -> dict[str, Any]:
    """The plugin's own theme templates as a custom_dir, since the plugin adds them to the theme."""
    theme = base.get("theme") or {}
    if theme_dir is None or isinstance(theme, str) or theme.get("custom_dir"):
        return {}  # a project's own custom_dir would leave no place for a second folder in plain MkDocs
    return {"theme": {"custom_dir": theme_dir}}  # INHERIT merges this into the base's theme settings


def plain_project(plugin_project: Path, destination: Path, snapshot: Snapshot) -> tuple[Path, str]:
    """A project that builds the same pages without the plugin: the written tree, the same config and nav.

    Returns the project and a description of the generated site.
    """
    settings = _reportgen_settings(plugin_project)
    base = settings["config"]
    content = plugin_project / settings.get("content_dir", "content")
    templates = plugin_project / settings.get("templates_dir", "site_templates")
    destination.mkdir(parents=True)
    generated, cache = destination / "generated", destination / ".cache" / "reportgen"
    command = [str(BIN / "reportgen"), "build", "--content", str(content), "--templates", str(templates)]
    _run([*command, "--cache", str(cache), "--out", str(generated)], plugin_project, snapshot.env)
    docs = plugin_project / base.get("docs_dir", "docs")
    shutil.copytree(docs, generated, dirs_exist_ok=True)
    command = [sys.executable, str(PLUGIN_VIEW), str(content), str(templates), str(cache)]
    view = json.loads(_run(command, plugin_project, snapshot.env))
    if Path(view["reportgen"]) != snapshot.root / "reportgen":
        raise RuntimeError(f"the builds import reportgen from {view['reportgen']}, not from the snapshot")
    # INHERIT keeps every other setting (theme, extensions, the slugify tag) from the very same file.
    shutil.copy(plugin_project / "mkdocs.yml", destination / "base.yml")
    overrides = {
        "INHERIT": "base.yml",
        "docs_dir": "generated",
        "plugins": [p for p in base.get("plugins", []) if _plugin_name(p) != "reportgen"],
        "extra_css": [*base.get("extra_css", []), view["stylesheet"]],
        "nav": [*view["nav"], *_hand_written(docs)],  # the nav exactly as the plugin builds it
        **_theme_override(base, view["theme_dir"]),
    }
    text = yaml.safe_dump(overrides, allow_unicode=True, sort_keys=False, width=120)
    (destination / "mkdocs.yml").write_text(text, encoding="utf-8")
    size = f"{view['years']} year(s), {view['projects']} projects, {view['pages']} pages, {view['charts']} SVG charts"
    return destination, size


def setup_site(name: str, work: Path, snapshot: Snapshot, years: int, projects: int) -> SiteBench:
    root = work / name
    if name == "sample":
        content = snapshot.root / "content"
    else:
        content = write_content(root / "synthetic-content", years=years, projects=projects)
    cold = _copy_project(snapshot.root, root / "a-cold", content)
    warm = _copy_project(snapshot.root, root / "b-warm", content)
    plain, size = plain_project(warm, root / "c-plain", snapshot)
    cold_cache = cold / _reportgen_settings(cold).get("cache_dir", ".cache/reportgen")
    variants = {
        "a": Variant("a", cold, before=lambda: shutil.rmtree(cold_cache, ignore_errors=True)),
        "b": Variant("b", warm, warm=True),
        "c": Variant("c", plain),
    }
    if name != "sample":
        edited = _copy_project(snapshot.root, root / "e-edited", content)
        years_found = sorted(p for p in (edited / "content").iterdir() if p.is_dir())
        target = years_found[len(years_found) // 2] / EDITED
        original = target.read_bytes()
        counter = iter(range(1, 1_000_000))

        def edit() -> None:
            # A new comment each time: the file's digest changes, its facts do not.
            target.write_bytes(original + f"# edited for run {next(counter)}\n".encode())

        variants["e"] = Variant("e", edited, before=edit, warm=True)
    return SiteBench(name, variants, size, snapshot.env)


# ---- measuring --------------------------------------------------------------------------------


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _same_search_entries(left: bytes, right: bytes) -> bool:
    # The plugin adds its pages after docs/ is read, so the index lists the same entries in another order.
    docs = [sorted(json.dumps(d, sort_keys=True) for d in json.loads(side)["docs"]) for side in (left, right)]
    return docs[0] == docs[1]


def same_site(left: Path, right: Path) -> str:
    """Compares two built sites file by file: shows that c builds exactly what a and b build."""
    ours, theirs = _files(left), _files(right)
    differ = sorted(path for path in ours.keys() & theirs.keys() if ours[path] != theirs[path])
    only = sorted(ours.keys() ^ theirs.keys())
    text = f"b and c built {len(ours)} and {len(theirs)} files; {len(ours) - len(differ) - len(only)} byte-identical"
    index = "search/search_index.json"
    if index in differ and _same_search_entries(ours[index], theirs[index]):
        differ.remove(index)
        text += f", and {index} has the same entries in another order"
    if differ:
        text += f"; {len(differ)} differ, e.g. {', '.join(differ[:3])}"
    if only:
        text += f"; {len(only)} only in one, e.g. {', '.join(only[:3])}"
    return text


def measure(benches: list[SiteBench], runs: int) -> None:
    # One unmeasured build of each variant: it fills the warm caches, and first-run costs (bytecode,
    # disk cache) land on none of the measured runs.
    for bench in benches:
        for variant in bench.variants.values():
            variant.before()
            mkdocs_build(variant.project, bench.env)
        bench.notes.append(same_site(bench.variants["b"].project / "site", bench.variants["c"].project / "site"))
    for run in range(1, runs + 1):
        for bench in benches:  # sample a, b, c, synthetic a, b, c, e, ...: noise hits every variant alike
            for variant in bench.variants.values():
                variant.before()
                variant.runs.append(mkdocs_build(variant.project, bench.env))
            times = ", ".join(_last(v) for v in bench.variants.values())
            print(f"  {bench.name} run {run}/{runs}: {times}", flush=True)
    for bench in benches:
        for variant in bench.variants.values():
            if count := _warnings(variant.project):
                bench.notes.append(f"variant {variant.key} logged {count} WARNING line(s)")
            if variant.excluded:
                # Should not happen with the snapshot; it would mean the cache key is not stable between builds.
                bench.notes.append(
                    f"variant {variant.key}: {variant.excluded} run(s) drew charts despite the warm cache "
                    "and are left out of its figures"
                )


def _last(variant: Variant) -> str:
    return f"{variant.key} {variant.runs[-1].seconds:.2f}s"


# ---- reporting --------------------------------------------------------------------------------


def _load() -> str:
    # Other work on the machine during the run shows here; the interleaving spreads it over all variants.
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> str:
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "matplotlib"))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"nproc {cpus}, {platform.machine()} {platform.system()}, Python {platform.python_version()}, {versions}"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it: the numbers belong to that code."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--", "reportgen", "site_templates")
    return commit + (" plus uncommitted changes to reportgen/ or site_templates/" if dirty else "")


def _target(site: str, key: str, ratio: float) -> str:
    aim = TARGETS.get((site, key))
    if aim is None:
        return "—"
    return f"≤ {aim} {'met' if ratio <= aim else 'MISSED'}"


CASES = [  # the four cases: (name, site, variant)
    ("sample, cold (empty caches)", "sample", "a"),
    ("synthetic, cold", "synthetic", "a"),
    ("synthetic, one projects file edited (a comment)", "synthetic", "e"),
    ("warm, sample", "sample", "b"),
    ("warm, synthetic", "synthetic", "b"),
]


def cases(benches: list[SiteBench]) -> str:
    """The aims of the issue, each as a ratio of medians from the same interleaved run."""
    by_name = {bench.name: bench for bench in benches}
    lines = ["| case | ratio to plain MkDocs | aim |", "| --- | ---: | --- |"]
    for name, site, key in CASES:
        bench = by_name.get(site)
        if bench is None or key not in bench.variants:
            continue
        ratio = bench.variants[key].median / bench.variants["c"].median
        lines.append(f"| {name} | {ratio:.2f}× | {_target(site, key, ratio)} |")
    return "\n".join(lines)


def table(benches: list[SiteBench]) -> str:
    lines = [
        "| site | variant | median wall (s) | min–max (s) | ratio to c | target | peak RSS (MiB) |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for bench in benches:
        plain = bench.variants["c"].median
        for key, variant in bench.variants.items():
            times = [m.seconds for m in variant.counted] or [math.nan]
            ratio = variant.median / plain
            lines.append(
                f"| {bench.name} | {key}: {VARIANTS[key]} | {variant.median:.2f} | {min(times):.2f}–{max(times):.2f} "
                f"| {ratio:.2f} | {_target(bench.name, key, ratio)} | {variant.peak_mib:.0f} |"
            )
    return "\n".join(lines)


def report(benches: list[SiteBench], runs: int, elapsed: float, snapshot: Snapshot, load: str) -> str:
    now = code_version()
    code = snapshot.version + ("" if now == snapshot.version else f" (the repository moved on to {now} meanwhile)")
    parts = [
        "# Build benchmark results",
        "",
        f"- date: {datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"- machine: {machine()}",
        f"- code: a snapshot of {code}",
        f"- measured runs per variant: {runs} (after one unmeasured build each), interleaved across both sites",
        "- wall time: the whole `mkdocs build` process, start-up included; "
        "peak RSS: the VmHWM of that process at exit (chart workers not included)",
        f"- the whole benchmark took {elapsed / 60:.1f} min; load average before {load}, after {_load()}",
        "",
        cases(benches),
        "",
        "Where the time goes when an aim is missed: [profile.md](profile.md), measured by hand.",
        "",
        table(benches),
        "",
    ]
    for bench in benches:
        parts.append(f"**{bench.name}**: {bench.size}.")
        parts += [f"- {note}" for note in bench.notes]
        parts.append("")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured builds per variant and site")
    parser.add_argument("--sites", default="sample,synthetic", help="comma-separated: sample, synthetic")
    parser.add_argument("--years", type=int, default=10, help="synthetic site: years")
    parser.add_argument("--projects", type=int, default=100, help="synthetic site: projects per year")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    args = parser.parse_args(argv)
    sites = [s.strip() for s in args.sites.split(",") if s.strip()]
    if unknown := set(sites) - {"sample", "synthetic"}:
        parser.error(f"unknown site(s): {', '.join(sorted(unknown))}")
    started, load = time.perf_counter(), _load()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    try:
        snapshot = take_snapshot(work)
        benches = []
        for name in sites:
            print(f"{name}: setting up in {work / name}", flush=True)
            benches.append(setup_site(name, work, snapshot, args.years, args.projects))
        measure(benches, args.runs)
    finally:
        if args.keep:
            print(f"kept the projects in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    text = report(benches, args.runs, time.perf_counter() - started, snapshot, load)
    print("\n" + text)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
