"""Where a cold `mkdocs build` of the sample spends its time, and what some levers would save.

Builds scratch copies of the code (snapshot.py), never reportgen/ itself: one with timestamps
added at the points of the two paths (the build's own process; the chart pool's fork server
and workers), and copies with one lever each applied on top. Every copy's cold build, and plain
MkDocs on the same pages (run.py's variant c), are built in turn, run by run, like run.py does.

    .venv/bin/python -m benchmarks.cold_profile --runs 7

Prints, per variant, the median wall time, its ratio to plain MkDocs, and the median time of
each event (seconds since the `mkdocs` process started) with the CPU seconds of its process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

if not __package__:  # run as `python benchmarks/cold_profile.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import BIN, setup_site
from benchmarks.snapshot import Snapshot, take_snapshot

TRACE_FILE = "REPORTGEN_TRACE_FILE"
# Put next to the copy of reportgen: mark() appends "event<TAB>wall since the mkdocs process
# started<TAB>CPU of this process" (the start is passed on to the fork server in the environment).
TRACER = f"""import os, time

def _start():
    with open("/proc/self/stat") as stat:
        ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
    return ticks / os.sysconf("SC_CLK_TCK")

def mark(event):
    path = os.environ.get({TRACE_FILE!r})
    if not path:
        return
    start = float(os.environ.setdefault("REPORTGEN_TRACE_T0", str(_start())))
    now = time.clock_gettime(time.CLOCK_BOOTTIME) - start
    with open(path, "a") as out:
        out.write(f"{{event}}\\t{{now:.3f}}\\t{{time.process_time():.3f}}\\n")
"""
# (file, what, what instead): the events of the two paths, each a line added before or after one.
PLUGIN, PRELOAD, POOL = "mkdocs/plugin.py", "charts/preload.py", "emit/chart_pool.py"
MARKS = [
    (
        PLUGIN,
        "\nlog = logging",
        '\nimport atexit\n\nimport _trace\n\n_trace.mark("1 plugin imported")\n'
        'atexit.register(_trace.mark, "9 exit")\nlog = logging',
    ),
    (PLUGIN, "        self.root = Path(config", '        _trace.mark("2 on_config")\n        self.root = Path(config'),
    (
        PLUGIN,
        "        self.tree, self.search_label,",
        '        _trace.mark("3 pages generated")\n        self.tree, self.search_label,',
    ),
    (
        PLUGIN,
        "        try:\n            charts = self",
        '        _trace.mark("6 mkdocs done")\n        try:\n            charts = self',
    ),
    (
        PLUGIN,
        "        for chart in charts:\n",
        '        _trace.mark("8 charts in hand")\n        for chart in charts:\n',
    ),
    (
        PRELOAD,
        "from reportgen.charts.render",
        'import _trace\n\n_trace.mark("4 fork server up")\nfrom reportgen.charts.render',
    ),
    (PRELOAD, "\nrender(\n", '\n_trace.mark("5 matplotlib loaded")\nrender(\n'),
    (
        POOL,
        "    return render(spec, THEMES[0])",
        '    svg = render(spec, THEMES[0])\n    _trace.mark("7 last chart drawn")\n    return svg',
    ),
    (POOL, "\nimport multiprocessing", "\nimport _trace\nimport multiprocessing"),
]


def _patch(root: Path, file: str, old: str, new: str) -> None:
    path = root / "reportgen" / file
    source = path.read_text(encoding="utf-8")
    if source.count(old) != 1:
        raise SystemExit(f"{path}: {old!r} is not there once; update MARKS")
    path.write_text(source.replace(old, new), encoding="utf-8")


def no_warm_up(root: Path) -> None:
    """Lever: the fork server loads matplotlib and the fonts but draws no warm-up chart."""
    path = root / "reportgen" / "charts" / "preload.py"
    source = path.read_text(encoding="utf-8")
    path.write_text(source[: source.index("\nrender(\n")], encoding="utf-8")


def traced(work: Path, name: str, lever: Callable[[Path], None] | None = None) -> Snapshot:
    snapshot = take_snapshot(work / name)
    (snapshot.root / "_trace.py").write_text(TRACER, encoding="utf-8")
    for mark in MARKS:
        _patch(snapshot.root, *mark)
    if lever is not None:
        lever(snapshot.root)
    return snapshot


Build = tuple[Path, dict[str, str], bool]  # project, environment, keep the chart cache


def _empty_cache(project: Path, keep_charts: bool) -> None:
    cache = project / ".cache" / "reportgen"
    for entry in cache.iterdir() if cache.is_dir() else []:
        if not (keep_charts and entry.name == "charts"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def build(variant: Build, trace: Path) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """Wall seconds, CPU seconds of the mkdocs process itself, and the events of the trace."""
    project, env, keep_charts = variant
    trace.unlink(missing_ok=True)
    _empty_cache(project, keep_charts)
    start = time.perf_counter()
    process = subprocess.Popen([str(BIN / "mkdocs"), "build", "-q"], cwd=project, env={**env, TRACE_FILE: str(trace)})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        raise SystemExit(f"mkdocs build failed in {project}")
    events: dict[str, tuple[float, float]] = {}
    for line in trace.read_text().splitlines() if trace.is_file() else []:
        event, wall, cpu = line.split("\t")
        events[event] = (float(wall), float(cpu))  # the last of a repeated event (the last chart) stays
    return seconds, usage.ru_utime + usage.ru_stime, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-profile-"))
    try:
        as_is = traced(work, "as-is")
        light = traced(work, "no-warm-up", no_warm_up)
        sample = setup_site("sample", work / "sample", as_is, None)
        cold, env = sample.variants["a"].project, as_is.env
        variants: dict[str, Build] = {
            "c plain MkDocs": (sample.variants["c"].project, env, False),
            "a as is (2 workers)": (cold, env, False),
            "a 1 worker": (cold, {**env, "REPORTGEN_CHART_WORKERS": "1"}, False),
            "a no pool (draw in the build)": (cold, {**env, "REPORTGEN_CHART_WORKERS": "0"}, False),
            "a charts cached, rest cold": (cold, env, True),  # follows a build that drew them
        }
        light_sample = setup_site("sample", work / "sample-light", light, None)
        variants["a no warm-up chart"] = (light_sample.variants["a"].project, light.env, False)
        measure(variants, args.runs, work / "trace.txt")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(variants: dict[str, Build], runs: int, trace: Path) -> None:
    walls: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, list[float]] = defaultdict(list)
    events: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for variant in variants.values():  # unmeasured first builds
        build(variant, trace)
    for run in range(runs):
        for name, variant in variants.items():
            seconds, cpu, marks = build(variant, trace)
            walls[name].append(seconds)
            cpus[name].append(cpu)
            for event, value in marks.items():
                events[name][event].append(value)
        print(
            f"run {run + 1}/{runs}: " + ", ".join(f"{n.split()[0]} {w[-1]:.2f}" for n, w in walls.items()), flush=True
        )
    plain = statistics.median(walls["c plain MkDocs"])
    print(f"\nload average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, times in walls.items():
        median = statistics.median(times)
        print(
            f"\n{name}: median {median:.2f} s ({min(times):.2f}–{max(times):.2f}), {median / plain:.2f}× plain; "
            f"CPU of the mkdocs process {statistics.median(cpus[name]):.2f} s"
        )
        for event, values in sorted(events[name].items()):
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            print(f"  {event:<28} {wall:5.2f} s   (CPU of its process so far {cpu:.2f} s)")


if __name__ == "__main__":
    main()
