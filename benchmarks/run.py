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

With --base REV, a second snapshot is taken from that commit with `git archive`, and every variant
of every site is built once with each revision per run, in alternating order: the report gives
both revisions' ratios to plain MkDocs and how the plugin's medians moved (issue #18: within 5%).

Usage: .venv/bin/python -m benchmarks.run [--runs 5] [--sites sample,synthetic] [--base REV]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

if not __package__:  # run as `python benchmarks/run.py`: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measured import PLAIN, Measurement, SiteBench, Variant
from benchmarks.report import load, report, report_pair
from benchmarks.snapshot import PEAK_FILE, Snapshot, take_revision, take_snapshot
from benchmarks.synthetic import write_content

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's mkdocs, next to this interpreter
RESULTS = REPO / "benchmarks" / "results.md"
PLUGIN_VIEW = REPO / "benchmarks" / "plugin_view.py"
EDITED = "projects.yaml"  # variant e edits this file of the middle year
DRAWN = re.compile(r"reportgen: (\d+) chart\(s\) rendered")  # the plugin's summary line


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
    peak, _, imported = (peak_path.read_text() if peak_path.is_file() else "").partition("\n")
    rss_kib = int(peak) if peak else usage.ru_maxrss
    drawn = DRAWN.search(log_path.read_text(encoding="utf-8"))
    return Measurement(seconds, rss_kib, int(drawn.group(1)) if drawn else None, imported)


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
    command = [*snapshot.cli, "build", "--content", str(content), "--templates", str(templates)]
    _run([*command, "--cache", str(cache), "--out", str(generated)], plugin_project, snapshot.env)
    docs = plugin_project / base.get("docs_dir", "docs")
    shutil.copytree(docs, generated, dirs_exist_ok=True)
    command = [sys.executable, str(PLUGIN_VIEW), str(content), str(templates), str(cache)]
    view = json.loads(_run(command, plugin_project, snapshot.env))
    if Path(view["reportgen"]) != snapshot.package.resolve():
        raise RuntimeError(f"the builds import reportgen from {view['reportgen']}, not from {snapshot.package}")
    if not Path(view["entry_point"]).is_relative_to(snapshot.package.resolve()):
        raise RuntimeError(f"MkDocs would load the plugin from {view['entry_point']}, not from {snapshot.package}")
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


def _edit_variant(project: Path) -> Variant:
    years_found = sorted(p for p in (project / "content").iterdir() if p.is_dir())
    target = years_found[len(years_found) // 2] / EDITED
    original = target.read_bytes()
    counter = iter(range(1, 1_000_000))

    def edit() -> None:
        # A new comment each time: the file's digest changes, its facts do not.
        target.write_bytes(original + f"# edited for run {next(counter)}\n".encode())

    return Variant("e", project, before=edit, warm=True)


def setup_site(name: str, root: Path, snapshot: Snapshot, synthetic: Path | None) -> SiteBench:
    """A site's variants under one snapshot; the synthetic content is written once and shared."""
    content = snapshot.root / "content" if name == "sample" else synthetic
    assert content is not None
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
        variants["e"] = _edit_variant(_copy_project(snapshot.root, root / "e-edited", content))
    return SiteBench(name, variants, size, snapshot)


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


def _build(bench: SiteBench, variant: Variant) -> Measurement:
    variant.before()
    measurement = mkdocs_build(variant.project, bench.env)
    # Each revision's build must run its own code: the snapshot's entry points and package, no other.
    expected = "" if variant.key == PLAIN else str(bench.snapshot.package.resolve())
    if measurement.reportgen_dir != expected:
        raise RuntimeError(
            f"{bench.name} {variant.key} ({bench.snapshot.label}) imported reportgen from "
            f"{measurement.reportgen_dir or 'nowhere'}, not {expected or 'nowhere'}"
        )
    return measurement


def _in_turn(site: list[SiteBench], run: int, index: int) -> list[SiteBench]:
    # Base and new take turns going first, from one variant to the next and from one run to the next.
    return site if (run + index) % 2 == 0 else site[::-1]


def _pairs(revisions: list[list[SiteBench]]) -> list[tuple[int, list[SiteBench], str]]:
    """(index, the site under each revision, variant key) in the order every run builds them."""
    order = []
    for site in zip(*revisions, strict=True):
        order += [(len(order), list(site), key) for key in site[0].variants]
    return order


def measure(revisions: list[list[SiteBench]], runs: int) -> None:
    """Interleaved builds of every variant, site and revision (one revision: the plain benchmark)."""
    pairs = _pairs(revisions)
    # One unmeasured build of each variant: it fills the warm caches, and first-run costs (bytecode,
    # disk cache) land on none of the measured runs.
    for _, site, key in pairs:
        for bench in site:
            _build(bench, bench.variants[key])
    for bench in (bench for benches in revisions for bench in benches):
        bench.notes.append(same_site(bench.variants["b"].project / "site", bench.variants["c"].project / "site"))
    for run in range(1, runs + 1):
        for index, site, key in pairs:  # sample a, b, c, synthetic a, b, c, e, ...: noise hits all alike
            for bench in _in_turn(site, run, index):
                bench.variants[key].runs.append(_build(bench, bench.variants[key]))
            if key == next(reversed(site[0].variants)):
                print(f"  {site[0].name} run {run}/{runs}: {_times(site)}", flush=True)
    for bench in (bench for benches in revisions for bench in benches):
        _add_notes(bench)


def _times(site: list[SiteBench]) -> str:
    """The run's times of a site: `a 1.41s` alone, `a 1.38/1.41s` (base/new) with --base."""
    last = {key: "/".join(f"{b.variants[key].runs[-1].seconds:.2f}" for b in site) for key in site[0].variants}
    return ", ".join(f"{key} {seconds}s" for key, seconds in last.items())


def _add_notes(bench: SiteBench) -> None:
    for variant in bench.variants.values():
        if count := _warnings(variant.project):
            bench.notes.append(f"variant {variant.key} logged {count} WARNING line(s)")
        if variant.excluded:
            # Should not happen with the snapshot; it would mean the cache key is not stable between builds.
            bench.notes.append(
                f"variant {variant.key}: {variant.excluded} run(s) drew charts despite the warm cache "
                "and are left out of its figures"
            )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured builds per variant and site")
    parser.add_argument("--sites", default="sample,synthetic", help="comma-separated: sample, synthetic")
    parser.add_argument("--years", type=int, default=10, help="synthetic site: years")
    parser.add_argument("--projects", type=int, default=100, help="synthetic site: projects per year")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    parser.add_argument("--base", metavar="REV", help="also build this commit's code, interleaved, and compare")
    args = parser.parse_args(argv)
    args.sites = [s.strip() for s in args.sites.split(",") if s.strip()]
    if unknown := set(args.sites) - {"sample", "synthetic"}:
        parser.error(f"unknown site(s): {', '.join(sorted(unknown))}")
    return args


def _set_up(args: argparse.Namespace, work: Path) -> list[list[SiteBench]]:
    """The sites under each revision: [new], or [base, new] with --base."""
    snapshots = [take_snapshot(work)]
    if args.base:
        snapshots.insert(0, take_revision(work, args.base))
    synthetic = None
    if "synthetic" in args.sites:
        synthetic = write_content(work / "synthetic-content", years=args.years, projects=args.projects)
    revisions = []
    for snapshot in snapshots:
        benches = []
        for name in args.sites:
            # The single-revision layout (work/<site>) stays as it was; --base adds a level per revision.
            root = work / snapshot.label / name if args.base else work / name
            print(f"{name}: setting up {snapshot.label} in {root}", flush=True)
            benches.append(setup_site(name, root, snapshot, synthetic))
        revisions.append(benches)
    return revisions


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    started, before = time.perf_counter(), load()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    try:
        revisions = _set_up(args, work)
        measure(revisions, args.runs)
    finally:
        if args.keep:
            print(f"kept the projects in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    if args.base:
        text = report_pair(*revisions, args.runs, elapsed, before)
    else:
        text = report(revisions[0], args.runs, elapsed, revisions[0][0].snapshot, before)
    print("\n" + text)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
