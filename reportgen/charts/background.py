"""Charts drawn by a worker process while MkDocs builds the pages (see worker.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ..store import ChartCache
from .fonts import ChartError
from .pipeline import ChartFiles, cache_key, render_all
from .spec import ChartSpec
from .theme import THEMES
from .worker import spec_to_json


class ChartWorker:
    """A worker process, started early so that matplotlib loads while the facts are validated."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache = ChartCache(cache_dir)
        # A file, not a pipe, for stderr: nobody reads it until the end, and a full pipe would block the worker.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115  (lives as long as the worker)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reportgen.charts.worker", str(cache_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
        )
        self.specs: list[ChartSpec] = []
        self.drawn: list[str] = []

    def missing(self, specs: list[ChartSpec]) -> list[str]:
        """The chart files the cache lacks."""
        return [spec.file(t.name) for spec in specs for t in THEMES if self.cache.get(cache_key(spec, t)) is None]

    def start(self, specs: list[ChartSpec], missing: list[str]) -> None:
        """Hand the worker the charts to draw; it draws `missing`, the ones the cache lacks."""
        self.specs, self.drawn = specs, missing
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps([spec_to_json(s) for s in specs], ensure_ascii=False).encode())
        self.process.stdin.close()

    def stop(self) -> None:
        """Not needed after all (every chart was cached, or the build failed): end the worker unused."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()

    def result(self) -> ChartFiles:
        """Wait for the worker; then every chart comes from the cache it filled."""
        assert self.process.stdout is not None
        with self.process.stdout:
            out = self.process.stdout.read()
        self.process.wait()
        self.errors.seek(0)
        err = self.errors.read()
        self.errors.close()
        if self.process.returncode != 0:
            answer = out.decode(errors="replace").strip().splitlines()
            message = json.loads(answer[-1]).get("error") if answer and answer[-1].startswith("{") else None
            raise ChartError(message or f"the chart worker failed: {err.decode(errors='replace').strip()[-800:]}")
        charts = render_all(self.specs, self.cache)  # all from the cache now: no matplotlib here
        charts.stats.rendered = self.drawn  # drawn for this build, by the worker
        charts.stats.cached = [path for path in charts.stats.cached if path not in self.drawn]
        return charts
