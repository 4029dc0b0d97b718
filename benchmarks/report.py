"""The Markdown results of run.py: the issue's cases, the per-variant table, and with --base the comparison."""

from __future__ import annotations

import math
import os
import platform
from datetime import datetime
from importlib import metadata

from benchmarks.measured import PLAIN, VARIANTS, SiteBench
from benchmarks.snapshot import Snapshot, code_version

# The most each plugin variant may take, as a multiple of c: (site, variant) -> aim.
TARGETS = {("sample", "a"): 1.8, ("synthetic", "a"): 2.5, ("synthetic", "e"): 1.2}
TARGETS |= {("sample", "b"): 1.1, ("synthetic", "b"): 1.1}
CASES = [  # the four cases: (name, site, variant)
    ("sample, cold (empty caches)", "sample", "a"),
    ("synthetic, cold", "synthetic", "a"),
    ("synthetic, one projects file edited (a comment)", "synthetic", "e"),
    ("warm, sample", "sample", "b"),
    ("warm, synthetic", "synthetic", "b"),
]
PROFILE_NOTE = "Where the time goes when an aim is missed: [profile.md](profile.md), measured by hand."
TOLERANCE = 5.0  # %: issue #18 allows the plugin's medians to move this much from the base's


def load() -> str:
    # Other work on the machine during the run shows here; the interleaving spreads it over all variants.
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> str:
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "matplotlib"))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"nproc {cpus}, {platform.machine()} {platform.system()}, Python {platform.python_version()}, {versions}"


def _target(site: str, key: str, ratio: float) -> str:
    aim = TARGETS.get((site, key))
    if aim is None:
        return "—"
    return f"≤ {aim} {'met' if ratio <= aim else 'MISSED'}"


def cases(benches: list[SiteBench]) -> str:
    """The aims of the issue, each as a ratio of medians from the same interleaved run."""
    by_name = {bench.name: bench for bench in benches}
    lines = ["| case | ratio to plain MkDocs | aim |", "| --- | ---: | --- |"]
    for name, site, key in CASES:
        bench = by_name.get(site)
        if bench is None or key not in bench.variants:
            continue
        ratio = bench.ratio(key)
        lines.append(f"| {name} | {ratio:.2f}× | {_target(site, key, ratio)} |")
    return "\n".join(lines)


def table(benches: list[SiteBench]) -> str:
    lines = [
        "| site | variant | median wall (s) | min–max (s) | ratio to c | target | peak RSS (MiB) |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for bench in benches:
        for key, variant in bench.variants.items():
            times = [m.seconds for m in variant.counted] or [math.nan]
            ratio = bench.ratio(key)
            lines.append(
                f"| {bench.name} | {key}: {VARIANTS[key]} | {variant.median:.2f} | {min(times):.2f}–{max(times):.2f} "
                f"| {ratio:.2f} | {_target(bench.name, key, ratio)} | {variant.peak_mib:.0f} |"
            )
    return "\n".join(lines)


def _verdict(change: float) -> str:
    if math.isnan(change):
        return "no figure"
    if change > TOLERANCE:
        return f"SLOWER by more than {TOLERANCE:.0f}%"
    return f"within {TOLERANCE:.0f}%" if change >= -TOLERANCE else f"faster by more than {TOLERANCE:.0f}%"


def comparison(base: list[SiteBench], new: list[SiteBench]) -> str:
    """Per site and case: both ratios to plain MkDocs, and how the plugin's median moved (new/base − 1)."""
    lines = [
        "| site | case | base: ratio to c | new: ratio to c | median base → new (s) | change | verdict |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for before, after in zip(base, new, strict=True):
        for key, variant in after.variants.items():
            old, now = before.variants[key].median, variant.median
            change = (now / old - 1) * 100
            # c runs the same MkDocs on each revision's tree: its change shows what noise alone does.
            verdict = "(the floor: noise)" if key == PLAIN else _verdict(change)
            ratios = "1.00 | 1.00" if key == PLAIN else f"{before.ratio(key):.2f} | {after.ratio(key):.2f}"
            lines.append(
                f"| {after.name} | {key}: {VARIANTS[key]} | {ratios} | {old:.2f} → {now:.2f} | {change:+.1f}% "
                f"| {verdict} |"
            )
    return "\n".join(lines)


def _code(snapshot: Snapshot) -> str:
    now = code_version()
    return snapshot.version + ("" if now == snapshot.version else f" (the repository moved on to {now} meanwhile)")


def _notes(benches: list[SiteBench], label: str = "") -> list[str]:
    parts = []
    for bench in benches:
        parts.append(f"**{bench.name}**{label}: {bench.size}.")
        parts += [f"- {note}" for note in bench.notes]
        parts.append("")
    return parts


def _header(runs: int, elapsed: float, before: str, code: list[str], interleaved: str) -> list[str]:
    return [
        f"- date: {datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"- machine: {machine()}",
        *code,
        f"- measured runs per variant: {runs} (after one unmeasured build each), interleaved {interleaved}",
        "- wall time: the whole `mkdocs build` process, start-up included; "
        "peak RSS: the VmHWM of that process at exit (chart workers not included)",
        f"- the whole benchmark took {elapsed / 60:.1f} min; load average before {before}, after {load()}",
        "",
    ]


def report(benches: list[SiteBench], runs: int, elapsed: float, snapshot: Snapshot, before: str) -> str:
    code = [f"- code: a snapshot of {_code(snapshot)}"]
    parts = ["# Build benchmark results", "", *_header(runs, elapsed, before, code, "across both sites")]
    parts += [
        cases(benches),
        "",
        "Where the time goes when an aim is missed: [profile.md](profile.md), measured by hand.",
    ]
    parts += ["", table(benches), "", *_notes(benches)]
    return "\n".join(parts)


def report_pair(base: list[SiteBench], new: list[SiteBench], runs: int, elapsed: float, before: str) -> str:
    """The --base results: the comparison first, then each revision's own figures."""
    code = [
        f"- new code: a snapshot of {_code(new[0].snapshot)}",
        f"- base code: `git archive` of {base[0].snapshot.version}",
    ]
    interleaved = "across both sites and both revisions (each variant built with base and new in alternating order)"
    parts = ["# Build benchmark results: base against new", "", *_header(runs, elapsed, before, code, interleaved)]
    parts += [f"## Before and after (the plugin's medians within {TOLERANCE:.0f}% of the base's)", ""]
    parts += [comparison(base, new), ""]
    for label, benches in (("new", new), ("base", base)):
        parts += [f"## {label}: the issue's cases", "", cases(benches), "", table(benches), ""]
        parts += _notes(benches, f" ({label})")
    parts += [PROFILE_NOTE, ""]
    return "\n".join(parts)
