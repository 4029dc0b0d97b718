"""Charts drawn on every core: a process pool whose workers load matplotlib as they start.

The pool is started before the facts are validated, so that importing matplotlib (about half a
second) overlaps reportgen's and MkDocs's own work. Workers draw the light variant of each chart
the cache lacks and hand back its SVG; the main process stores it and recolours the dark one.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import THEMES
from reportgen.emit.chart_files import ChartFiles, cache_key, render_all
from reportgen.emit.store import ChartCache

# Imported once by the fork server, before it forks the workers: they start with matplotlib loaded.
PRELOAD = ["reportgen.charts.draw.preload"]


def _start_worker() -> None:
    # Imported in the worker only: the drawing code loads matplotlib, which the build's own process must not.
    from reportgen.charts.draw.render import prepare

    prepare()  # matplotlib, the fonts, their glyph tables and widths (already loaded by the fork server)


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool start them all now."""


def _draw(spec: ChartSpec) -> bytes:
    from reportgen.charts.draw.render import render  # heavy (matplotlib): in the worker only, as above

    return render(spec, THEMES[0])


WORKERS_VARIABLE = "REPORTGEN_CHART_WORKERS"  # how many drawing processes; 0 draws in the build's own process


def workers() -> int:
    """One worker per core the build may use, unless REPORTGEN_CHART_WORKERS says otherwise."""
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting.isdigit():
        return int(setting)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    # A fork server rather than fork: `mkdocs serve` has threads, and forking a threaded process can hang.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class ChartPool:
    """Draws the charts a build needs, in parallel, into the chart cache."""

    def __init__(self, cache_dir: Path | None, count: int | None = None) -> None:
        self.cache = ChartCache(cache_dir)
        self.workers = count or workers()
        self.executor = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_start_worker)
        self.specs: list[ChartSpec] = []
        self.futures: dict[str, Future[bytes]] = {}
        self._submitting: threading.Thread | None = None  # hands the charts to the workers once they are up
        # Starting the workers waits until the fork server has loaded matplotlib: do it on a thread,
        # so that the build goes on meanwhile.
        self._starting = threading.Thread(target=self._start_workers, daemon=True)
        self._starting.start()

    def _start_workers(self) -> None:
        try:
            for _ in range(self.workers):
                self.executor.submit(_ready)
        except (BrokenProcessPool, RuntimeError):
            pass  # a broken or stopped pool: `result` draws in this process instead

    def missing(self, specs: list[ChartSpec]) -> list[ChartSpec]:
        """The charts whose light variant the cache lacks (the others are recoloured from it)."""
        return [spec for spec in specs if self.cache.get(cache_key(spec, THEMES[0])) is None]

    def start(self, specs: list[ChartSpec]) -> None:
        """Begin drawing what `specs` need; `result` collects them. Returns at once."""
        self.specs = specs
        # The biggest first, so that no worker is left with a long chart at the end.
        missing = sorted(self.missing(specs), key=lambda s: -len(repr(s.data)))

        def submit() -> None:
            self._starting.join()  # the workers are up: matplotlib is loaded
            try:
                for spec in missing:
                    self.futures[spec.path] = self.executor.submit(_draw, spec)
            except (BrokenProcessPool, RuntimeError):
                self.futures.clear()  # drawn in this process by `result`

        self._submitting = threading.Thread(target=submit, daemon=True)
        self._submitting.start()

    def result(self) -> ChartFiles:
        """Wait for the drawing; raises ChartError (from the worker) if a chart cannot be drawn."""
        if self._submitting is not None:
            self._submitting.join()
        try:
            drawn = {path: future.result() for path, future in self.futures.items()}
        except BrokenProcessPool:
            # A worker could not start or died (e.g. killed for memory): draw here instead, slower but sure.
            drawn = {}
        finally:
            self.stop()
        return render_all(self.specs, self.cache, drawn)

    def stop(self) -> None:
        """End the workers; drawing not yet begun is cancelled."""
        self._starting.join()
        if self._submitting is not None:
            self._submitting.join()
        self.executor.shutdown(wait=False, cancel_futures=True)
