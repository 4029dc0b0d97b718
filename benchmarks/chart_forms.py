"""What the narrow drawing costs (issue 22): each chart of a synthetic site drawn as one wide SVG (as
before the narrow drawings), and as `render_files` draws it now (the wide and the narrow drawing in
one SVG, and the print file), in one process, the two interleaved chart by chart.

    .venv/bin/python -m benchmarks.chart_forms --years 10 --projects 100 --runs 3

Prints the median seconds per kind and in all, and the ratio. The cold build's whole cost is
measured by `benchmarks.run`; this isolates the drawing, which the chart pool spreads over the cores.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from benchmarks.synthetic import write_content
    from reportgen.charts.draw.render import _save, draw, prepare, render_files, styled
    from reportgen.charts.theme import LIGHT
    from reportgen.check.validate import load_site
    from tests.chart_fixtures import site_specs

    with tempfile.TemporaryDirectory() as folder:
        content = write_content(Path(folder) / "content", years=args.years, projects=args.projects)
        site = load_site(content, Path(folder)).site
    assert site is not None
    specs = site_specs(site)
    prepare()

    def wide_only(spec: object) -> None:
        with styled(LIGHT):
            _save(spec, draw(spec, LIGHT), "svg")  # type: ignore[arg-type]

    def both(spec: object) -> None:
        render_files(spec, LIGHT)  # type: ignore[arg-type]

    times: dict[str, dict[str, list[float]]] = {"wide": defaultdict(list), "forms": defaultdict(list)}
    for _ in range(args.runs):
        for spec in specs:
            for name, drawing in (("wide", wide_only), ("forms", both)):
                start = time.perf_counter()
                drawing(spec)
                times[name][spec.kind].append(time.perf_counter() - start)
    print(f"{len(specs)} charts ({args.years} years x {args.projects} projects), {args.runs} runs, median seconds")
    print(f"{'kind':<12}{'wide only':>12}{'both + print':>14}{'ratio':>8}")
    totals = {"wide": 0.0, "forms": 0.0}
    for kind in sorted(times["wide"]):
        per_run = {name: statistics.median(times[name][kind]) * len(times[name][kind]) / args.runs for name in totals}
        for name in totals:
            totals[name] += per_run[name]
        print(f"{kind:<12}{per_run['wide']:>12.3f}{per_run['forms']:>14.3f}{per_run['forms'] / per_run['wide']:>8.2f}")
    print(f"{'all':<12}{totals['wide']:>12.3f}{totals['forms']:>14.3f}{totals['forms'] / totals['wide']:>8.2f}")


if __name__ == "__main__":
    main()
