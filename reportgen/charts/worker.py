"""Draws charts in a separate process, so that a cold build's chart drawing overlaps MkDocs's own work.

Started before the facts are even validated, it spends the wait importing matplotlib. It then
reads the chart specs as JSON on stdin, draws the ones missing from the chart cache into it, and
answers with one JSON line: {"ok": true} or {"error": "..."}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..store import ChartCache
from .pipeline import render_all
from .spec import ChartSpec, DataTable


def spec_to_json(spec: ChartSpec) -> dict[str, Any]:
    return {
        "path": spec.path,
        "kind": spec.kind,
        "title": spec.title,
        "alt": spec.alt,
        "table": {"headers": list(spec.table.headers), "rows": [list(row) for row in spec.table.rows]},
        "data": spec.data,
    }


def spec_from_json(data: dict[str, Any]) -> ChartSpec:
    table = DataTable(tuple(data["table"]["headers"]), tuple(tuple(row) for row in data["table"]["rows"]))
    return ChartSpec(data["path"], data["kind"], data["title"], data["alt"], table, data["data"])


def main() -> int:
    cache = ChartCache(Path(sys.argv[1]))
    from .render import prepare

    prepare()  # matplotlib and the fonts load while the build reads the facts

    specs = [spec_from_json(item) for item in json.loads(sys.stdin.read() or "[]")]
    try:
        render_all(specs, cache)
    except Exception as exc:  # reported to the build, which fails with this message
        print(json.dumps({"error": str(exc)}))
        return 1
    print(json.dumps({"ok": True}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
