"""Imported by the chart pool's fork server: matplotlib, the fonts and their metrics, loaded once.

Each worker is forked from that server, so it starts with all of this in memory instead of
spending half a second of its own loading it. A small chart is drawn here too: matplotlib fills
its font lookups, glyph and SVG caches on first use, and each worker would otherwise pay for
that on its first real chart.

The fork server leaves once the build and all the workers are gone (reportgen.emit.chart_pool),
but it only looks once this module is loaded. Meanwhile it watches the build itself, so that a
build killed now leaves nothing behind either. And it leaves at once, without the few tenths of
a second Python would spend unwinding matplotlib: nothing in it is to be saved. Both only in the
fork server: imported anywhere else, this module only loads matplotlib.
"""

import atexit
import os
import sys
import threading
from multiprocessing import forkserver

from reportgen.charts.spec import ChartSpec, DataTable
from reportgen.charts.theme import THEMES

BUILD_VARIABLE = "REPORTGEN_BUILD_PID"  # set by reportgen.emit.chart_pool: the build may be dead before we read it


def _load() -> None:
    # Imported here, not at the top: importing matplotlib is most of the fork server's start, and
    # the build is watched meanwhile.
    from reportgen.charts.draw.render import prepare, render

    prepare()
    render(
        ChartSpec(
            path="warm-up",
            kind="durations",
            title="가 Aa 1",
            alt="",
            table=DataTable((), ()),
            data={"bars": [{"label": "가나 Aa", "weeks": 1.0, "text": "1주"}], "average": 1.0, "average_label": "1"},
        ),
        THEMES[0],
    )


def _in_fork_server() -> bool:
    """Whether multiprocessing's fork server is importing this module (its `main` is on the stack)."""
    frame = sys._getframe()
    while frame is not None and frame.f_code is not forkserver.main.__code__:
        frame = frame.f_back
    return frame is not None


def _build() -> int:
    """The build's process id, as the chart pool names it: were the build dead already, our parent is another."""
    named = os.environ.get(BUILD_VARIABLE, "")
    return int(named) if named.isdigit() else os.getppid()


def _exit_if_orphaned(build: int, loaded: threading.Event) -> None:
    # A dead process's children are handed to another one: our parent is no longer the build.
    while not loaded.wait(0.1):
        if os.getppid() != build:
            os._exit(0)


def _end_now() -> None:
    sys.stderr.flush()  # what Python would still have done that matters: the rest is freeing memory
    os._exit(0)


_loaded = threading.Event()
_watch = threading.Thread(target=_exit_if_orphaned, args=(_build(), _loaded), daemon=True)
if _in_fork_server():
    atexit.register(_end_now)  # the workers never run it: they leave by os._exit
    _watch.start()
try:
    _load()
finally:
    _loaded.set()
    if _watch.is_alive():
        _watch.join()  # ended before the fork server forks a worker: forking a threaded process can hang
