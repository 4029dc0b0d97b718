"""Charts drawn on every core: a process pool whose workers load matplotlib as they start.

The pool is started before the facts are validated, so that importing matplotlib (about half a
second) overlaps reportgen's and MkDocs's own work. Workers draw the light variant of each chart
the cache lacks and hand back its SVG; the main process stores it and recolours the dark one.

No process of the pool outlives the build, even a build stopped by SIGKILL, which runs no
`finally` and no `atexit`: the processes watch the build, through pipes that close when it dies.

- Each worker watches, on a thread of its own (`_watch_build`), the pipe multiprocessing keeps
  open for `parent_process()`, and the pool's *lifeline*: a pipe whose sending end only the build
  holds, and closes when it gives up on its charts (`ChartPool.stop`, in a failed or interrupted
  build; at the latest as Python exits, `_stop_pools`). Once the build is dead, the worker exits
  at once. While it lives, a worker exits only where it cannot be half-way through sending a
  chart back, which would leave the pool waiting for the rest forever: while drawing one, or
  before drawing the next. An idle one is ended by the pool's shutdown.
- The fork server leaves once the build and every worker are gone: multiprocessing gives each of
  them the sending end of its "alive" pipe. Until it has loaded matplotlib and reads that pipe,
  it watches its parent, the build, instead (reportgen.charts.draw.preload).
- multiprocessing's resource tracker leaves once its own pipe closes, which the build and the
  workers hold.

Ctrl-C reaches every process of the terminal's group; only the build acts on it (`_keep_ctrl_c_away`).
Pipes and os.getppid behave so on every POSIX system; on Windows (spawned workers) the lifeline
is a named pipe, which breaks as well when the build dies, and the parent is watched by its handle.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import weakref
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from pathlib import Path

from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import THEMES
from reportgen.emit.chart_files import ChartFiles, cache_key, print_key, render_all
from reportgen.emit.store import ChartCache

# Imported once by the fork server, before it forks the workers: they start with matplotlib loaded.
PRELOAD = ["reportgen.charts.draw.preload"]
BUILD_VARIABLE = "REPORTGEN_BUILD_PID"  # read by PRELOAD, which names it too: the charts may not import this module


def _keep_ctrl_c_away() -> None:
    """Block SIGINT in this thread, and so in the processes it starts, which inherit the blocked
    signal through fork and exec: the fork server, and the workers it forks.

    Ctrl-C reaches every process of the terminal's group, and only the build is to decide what it
    means (it stops its pool). A fork server or a worker interrupted while Python starts would die
    of it, printing a traceback; multiprocessing protects its resource tracker the same way."""
    if hasattr(signal, "pthread_sigmask"):
        resource_tracker.ensure_running()  # first: starting it unblocks SIGINT in the thread that does
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _start_worker(lifeline: Connection) -> None:
    threading.Thread(target=_watch_build, args=(lifeline,), name="watch-build", daemon=True).start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as `_keep_ctrl_c_away`, where signals cannot be blocked
    # Imported in the worker only: the drawing code loads matplotlib, which the build's own process must not.
    from reportgen.charts.draw.render import prepare

    prepare()  # matplotlib, the fonts, their glyph tables and widths (already loaded by the fork server)


class _Worker:
    """A worker's state, shared by its main thread (drawing) and the thread that watches the build."""

    lock = threading.Lock()
    drawing = False
    given_up = False  # by the build: no chart is to be started any more


def _watch_build(lifeline: Connection) -> None:
    build = multiprocessing.parent_process()  # the process that started this worker
    # Nothing is ever sent on the lifeline: it becomes readable only once the build has closed it.
    multiprocessing.connection.wait([lifeline] if build is None else [lifeline, build.sentinel])
    with _Worker.lock:
        _Worker.given_up = True
        if _Worker.drawing:
            # Mid-chart, so no answer of this worker's is on its way. Not sys.exit, which would end
            # this thread only; and nothing to clean up.
            os._exit(0)
    if build is not None:
        build.join()  # between charts, perhaps sending one back: it goes on until the build is gone
    os._exit(0)


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool start them all now."""


def _draw(spec: ChartSpec) -> dict[str, bytes]:
    from reportgen.charts.draw.render import render_files  # heavy (matplotlib): in the worker only, as above

    with _Worker.lock:
        if _Worker.given_up:
            os._exit(0)  # the build gave up on its charts: end now rather than draw this one
        _Worker.drawing = True
    try:
        return render_files(spec, THEMES[0])
    finally:
        with _Worker.lock:
            _Worker.drawing = False


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
        # Whose death the fork server watches while it loads matplotlib (reportgen.charts.draw.preload):
        # its parent, the build, may have died before it even reads that.
        os.environ[BUILD_VARIABLE] = str(os.getpid())
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


_POOLS: weakref.WeakSet[ChartPool] = weakref.WeakSet()


def _stop_pools() -> None:
    """Give up on the charts no build will collect any more: it is leaving, on Ctrl-C or an error
    that skipped `ChartPool.stop` (MkDocs tells plugins of no KeyboardInterrupt)."""
    for pool in list(_POOLS):
        pool.stop()


# When Python exits, concurrent.futures waits until each pool has drawn every chart it was given,
# before the `atexit` functions run. CPython's hook for code that must come first (the one
# concurrent.futures itself uses) calls the last registered first: this one.
(getattr(threading, "_register_atexit", None) or atexit.register)(_stop_pools)


class ChartPool:
    """Draws the charts a build needs, in parallel, into the chart cache."""

    def __init__(self, cache_dir: Path | None, count: int | None = None) -> None:
        self.cache = ChartCache(cache_dir)
        self.workers = count or workers()
        self._context = context = _context()
        # Each worker is handed the receiving end as it starts; the sending end stays in this process
        # alone (a pipe's descriptors are not inheritable: no process started from here gets them).
        receiving, self._lifeline = context.Pipe(duplex=False)
        self.executor = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(receiving,)
        )
        self.specs: list[ChartSpec] = []
        self.futures: dict[str, Future[dict[str, bytes]]] = {}
        self._collected = False  # every chart handed back: the workers may be let go gently
        self._submitting: threading.Thread | None = None  # hands the charts to the workers once they are up
        # Starting the workers waits until the fork server has loaded matplotlib: do it on a thread,
        # so that the build goes on meanwhile.
        self._starting = threading.Thread(target=self._start_workers, daemon=True)
        self._starting.start()
        _POOLS.add(self)

    def _start_workers(self) -> None:
        _keep_ctrl_c_away()
        probe = None
        try:
            if self._context.get_start_method() == "forkserver":
                # Wait for the fork server to load matplotlib by starting a process of our own, which it
                # forks once it has. Starting a worker waits for that too, but holding the pool's lock,
                # which `stop` would then have to wait for.
                probe = self._context.Process(target=_ready, daemon=True)
                probe.start()
            for _ in range(self.workers):
                self.executor.submit(_ready)
        except (BrokenProcessPool, RuntimeError, OSError, EOFError):
            # A broken or stopped pool, or a fork server that died: `result` draws in this process instead.
            pass
        finally:
            if probe is not None and probe.pid is not None:
                probe.join()
                probe.close()

    def missing(self, specs: list[ChartSpec]) -> list[ChartSpec]:
        """The charts whose light variant or print file the cache lacks (the others are recoloured from it)."""
        return [
            spec
            for spec in specs
            if self.cache.get(cache_key(spec, THEMES[0])) is None or self.cache.get(print_key(spec)) is None
        ]

    def start(self, specs: list[ChartSpec]) -> None:
        """Begin drawing what `specs` need; `result` collects them. Returns at once."""
        self.specs = specs
        # The biggest first, so that no worker is left with a long chart at the end.
        missing = sorted(self.missing(specs), key=lambda s: -len(repr(s.data)))

        def submit() -> None:
            _keep_ctrl_c_away()  # should a worker need starting again
            self._starting.join()  # the workers are up: matplotlib is loaded
            try:
                for spec in missing:
                    self.futures[spec.path] = self.executor.submit(_draw, spec)
            except (BrokenProcessPool, RuntimeError, OSError, EOFError):
                self.futures.clear()  # drawn in this process by `result`

        self._submitting = threading.Thread(target=submit, daemon=True)
        self._submitting.start()

    def result(self) -> ChartFiles:
        """Wait for the drawing; raises ChartError (from the worker) if a chart cannot be drawn."""
        if self._submitting is not None:
            self._submitting.join()
        try:
            drawn = {path: future.result() for path, future in self.futures.items()}
            self._collected = True
        except BrokenProcessPool:
            # A worker could not start or died (e.g. killed for memory): draw here instead, slower but sure.
            drawn = {}
        finally:
            self.stop()
        return render_all(self.specs, self.cache, drawn)

    def stop(self) -> None:
        """End the workers. Unless they have handed back every chart (the build failed, was
        interrupted, or needed none), at once: the charts being drawn are given up."""
        if not self._collected:
            self._lifeline.close()  # a worker drawing exits now, the others before their next chart
            # Without waiting for the threads. Shutting down takes the pool's lock, which no thread
            # holds for long: no worker starts afterwards, and each running one is sent its end.
            self.executor.shutdown(wait=False, cancel_futures=True)
            return
        self._starting.join()
        if self._submitting is not None:
            self._submitting.join()
        self.executor.shutdown(wait=False, cancel_futures=True)
