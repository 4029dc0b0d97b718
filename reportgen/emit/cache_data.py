"""What the build cache stores, as plain data and back: a whole tree, a year's validated facts, a
year's rendered pages. Each is a JSON header and raw byte blobs (store.BundleStore); nothing is code.

Reading back checks every value's type and shape, and charts with svg_check: an entry that does not
read back is discarded (one of UNREADABLE is raised) and built again. Writing stores only what reads
back exactly as it was (JSON keeps no tuple, and pydantic's equality takes 1 for 1.0).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from reportgen.emit.svg_check import is_safe_svg
from reportgen.emit.tree import GeneratedFile, GeneratedTree, NavEntry, RenderStats
from reportgen.load.loader import Document
from reportgen.load.problems import Problem, Severity

if TYPE_CHECKING:
    from reportgen.charts.spec import ChartSpec
    from reportgen.emit.site_tree import YearOutput
    from reportgen.model.facts import Report
    from reportgen.sections.kind import Section, YearFiles

Loaded = tuple["Report | None", list[Problem], "YearFiles"]  # what check.years.load_year gives


# What a stored entry that fails to decode raises: it is then discarded, never shown as a traceback.
UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


def _plain(value: Any) -> bool:
    """Made only of what JSON gives back exactly as it was: str-keyed dicts, lists, text, numbers,
    booleans and None (not tuples, not subclasses)."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(v) for v in value)
    return kind in (str, int, float, bool) or value is None


def _strings(value: Any) -> list[str]:
    if type(value) is not list or not all(type(v) is str for v in value):
        raise ValueError("not a list of text")
    return value


def _text_map(value: Any) -> dict[str, str]:
    if type(value) is not dict or not all(type(k) is str and type(v) is str for k, v in value.items()):
        raise ValueError("not a map of text")
    return value


def _nav(value: Any) -> list[NavEntry]:
    """A navigation as mkdocs.yml writes it: [{title: path}, {title: [entries]}, ...]."""
    if type(value) is not list:
        raise ValueError("not a navigation")
    for entry in value:
        if type(entry) is not dict or len(entry) != 1:
            raise ValueError("not a navigation entry")
        ((title, target),) = entry.items()
        if type(title) is not str:
            raise ValueError("not a navigation entry")
        if type(target) is str:
            _path(target)
        else:
            _nav(target)
    return value


def _path(value: Any) -> str:
    """A path inside the docs tree, as the build makes them: relative, POSIX, never leaving the tree."""
    pure = PurePosixPath(value) if type(value) is str else None
    if pure is None or pure.is_absolute() or not pure.parts or ".." in pure.parts or "\\" in value or ":" in value:
        raise ValueError(f"not a docs-tree path: {value!r}")
    return value


def _files(paths: Any, blobs: list[bytes]) -> list[GeneratedFile]:
    """Generated files, each published as it is: a chart only if it can only draw."""
    paths = [_path(p) for p in _strings(paths)]
    if len(paths) != len(blobs):
        raise ValueError("not one blob per file")
    for path, content in zip(paths, blobs, strict=True):
        if path.endswith(".svg") and not is_safe_svg(content):
            raise ValueError(f"{path}: a chart that could do more than draw")
    return [GeneratedFile(path, content) for path, content in zip(paths, blobs, strict=True)]


def _problems_data(problems: list[Problem]) -> list[list[Any]]:
    return [[p.file, p.line, p.col, p.message, p.hint, p.severity.value, p.code] for p in problems]


def _problems(value: Any) -> list[Problem]:
    if type(value) is not list:
        raise ValueError("not a list of problems")
    found = []
    for entry in value:
        if type(entry) is not list or len(entry) != 7:
            raise ValueError("not a problem")
        file, line, col, message, hint, severity, code = entry
        if not (type(line) is int and type(col) is int and all(type(t) is str for t in (file, message, hint))):
            raise ValueError("not a problem")
        found.append(Problem(file, line, col, message, hint, Severity(severity), code=code))  # an unknown code raises
    return found


# ---- a whole tree: its files' bytes, its navigation, its warnings


def tree_data(
    tree: GeneratedTree, problems: list[Problem], extra: dict[str, Any]
) -> tuple[dict[str, Any], list[bytes]] | None:
    """A tree as a header and blobs, or None if JSON would not give it back as it is."""
    if not (_plain(tree.nav) and _plain(extra) and _plain(tree.sources)):
        return None
    header = {
        "files": [f.path for f in tree.files],
        "nav": tree.nav,
        "sources": tree.sources,
        # A stored tree drew no chart and rendered no page when it is served: it says so.
        "charts": tree.chart_stats.all(),
        "problems": _problems_data(problems),
        "extra": extra,
    }
    return header, [f.content for f in tree.files]


def tree_from(head: Mapping[str, Any], blobs: list[bytes]) -> tuple[GeneratedTree, list[Problem], dict[str, Any]]:
    """`tree_data` read back. Raises one of UNREADABLE for anything else."""
    tree = GeneratedTree(_files(head["files"], blobs), _nav(head["nav"]), _text_map(head["sources"]))
    tree.chart_stats = RenderStats(cached=_strings(head["charts"]))
    extra = head["extra"]
    if type(extra) is not dict or type(extra.get("search_label")) is not str:
        raise ValueError("not the build's details")
    return tree, _problems(head["problems"]), extra


# ---- a year's validated facts as plain data: each file's JSON, typed again by its model when read


def loaded_data(loaded: Loaded, sections: tuple[Section, ...]) -> tuple[dict[str, Any], list[bytes]] | None:
    """`loaded` as a header and blobs, or None if reading them back would not give it exactly."""
    from reportgen.sections.registry import year_files  # the model (pydantic): only a year validated afresh

    report, problems, year = loaded
    models = year_files(sections)
    names = sorted(year.files)
    if any(type(year.files[name]) is not models.get(name) for name in names):
        return None
    blobs = [year.files[name].model_dump_json(exclude_unset=True).encode() for name in names]
    header = {
        "report": report is not None,
        "files": names,
        "failed": sorted(year.failed),
        "problems": _problems_data(problems),
        "docs": {name: _doc_data(doc) for name, doc in year.docs.items()},
    }
    try:
        again = loaded_from(header, blobs, sections)
    except UNREADABLE:
        return None
    # Pydantic's equality ignores int against float; the files' JSON tells them apart.
    same_json = all(
        again[2].files[name].model_dump_json(exclude_unset=True).encode() == blob
        for name, blob in zip(names, blobs, strict=True)
    )
    if not same_json or again[0] != report or again[1] != problems or again[2].files != year.files:
        return None
    if again[2].failed != year.failed or any(_doc_data(d) != _doc_data(year.docs[n]) for n, d in again[2].docs.items()):
        return None
    return header, blobs


def loaded_from(head: Mapping[str, Any], blobs: list[bytes], sections: tuple[Section, ...]) -> Loaded:
    from reportgen.sections.kind import REPORT_FILE, YearFiles  # the model, likewise
    from reportgen.sections.registry import assemble, year_files  # the model, likewise

    models = year_files(sections)
    names = _strings(head["files"])
    if len(names) != len(blobs):
        raise ValueError("not one blob per file")
    files = {name: models[name].model_validate_json(blob) for name, blob in zip(names, blobs, strict=True)}
    docs = head["docs"]
    if type(docs) is not dict:
        raise ValueError("not documents")
    year = YearFiles(sections, {name: _doc(name, d) for name, d in docs.items()}, files, set(_strings(head["failed"])))
    # The report is assembled from the files, as load_year assembles it.
    if type(head["report"]) is not bool:
        raise ValueError("not a year")
    report = assemble(files[REPORT_FILE], sections, files, year.docs) if head["report"] else None
    return report, _problems(head["problems"]), year


def _doc_data(doc: Document) -> dict[str, Any]:
    """What the checks across years read of a document: its name and where each value is. Its data
    is not kept: only the checks of the year's own loading read it, and they have run."""
    return {
        "path": str(doc.path),
        "display": doc.display,
        "positions": _places_data(doc.positions),
        "keys": _places_data(doc.key_positions),
    }


def _places_data(places: Mapping[tuple[str | int, ...], tuple[int, int]]) -> list[list[Any]]:
    # Three columns (paths, lines, columns): read back and checked with C loops (map, zip), not one per value.
    return [[list(path) for path in places], [line for line, _ in places.values()], [col for _, col in places.values()]]


def _doc(name: str, value: Any) -> Document:
    if type(value) is not dict or type(value["path"]) is not str or type(value["display"]) is not str:
        raise ValueError(f"not a document: {name}")
    return Document(Path(value["path"]), value["display"], None, _places(value["positions"]), _places(value["keys"]))


def _places(value: Any) -> dict[tuple[str | int, ...], tuple[int, int]]:
    paths, lines, cols = value
    if type(paths) is not list or not set(map(type, paths)) <= {list} or not len(paths) == len(lines) == len(cols):
        raise ValueError("not positions")
    if not set(map(type, lines)) | set(map(type, cols)) <= {int}:
        raise ValueError("not positions")
    if not set(map(type, itertools.chain.from_iterable(paths))) <= {str, int}:
        raise ValueError("not positions")
    return dict(zip(map(tuple, paths), zip(lines, cols, strict=True), strict=True))


# ---- a year's rendered share of the tree: its files' bytes, its navigation, its charts' specs


def output_data(output: YearOutput) -> tuple[dict[str, Any], list[bytes]] | None:
    specs = [
        [s.path, s.kind, s.title, s.alt, list(s.table.headers), [list(r) for r in s.table.rows], s.data]
        for s in output.specs
    ]
    if not (_plain(output.nav) and _plain(specs) and _plain(output.sources)):
        return None
    header = {"files": [f.path for f in output.files], "sources": output.sources, "nav": output.nav, "specs": specs}
    blobs = [f.content for f in output.files]
    try:
        if output_from(header, blobs) != output:
            return None
    except UNREADABLE:
        return None
    return header, blobs


def output_from(head: Mapping[str, Any], blobs: list[bytes]) -> YearOutput:
    from reportgen.emit.site_tree import YearOutput  # heavy (jinja2): only when a year is built

    (nav,) = _nav([head["nav"]])
    return YearOutput(_files(head["files"], blobs), _text_map(head["sources"]), nav, [_spec(s) for s in head["specs"]])


def _spec(value: Any) -> ChartSpec:
    from reportgen.charts.spec import ChartSpec, DataTable  # the chart code: only when a year is built

    path, kind, title, alt, headers, rows, data = value
    if not all(type(t) is str for t in (path, kind, title, alt)) or type(data) is not dict or type(rows) is not list:
        raise ValueError("not a chart")
    table = DataTable(tuple(_strings(headers)), tuple(tuple(_strings(row)) for row in rows))
    return ChartSpec(_path(path), kind, title, alt, table, data)
