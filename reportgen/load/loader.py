"""YAML text to plain documents that remember where each value came from.

PyYAML is used only to parse; the conversion to Python values is ours, so that
the YAML safety rules (no aliases, no duplicate keys, no silent type guessing)
are enforced in one place and every value keeps its file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.load.problems import Problem
from reportgen.load.reading import decode, read_content

MAX_FILE_BYTES = 1024 * 1024

Location = tuple[int, int]  # 1-based line and column
KeyPath = tuple[str | int, ...]

# YAML 1.1 reads many spellings as numbers (017 is octal, 1:30 is 90, 1_000 and 0x3E8 are 1000),
# which is rarely what a person meant. Only plain decimal numbers are accepted.
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")
MAX_DEPTH = 64
_PLAIN_BOOLS = {"true", "false"}
_CORE = "tag:yaml.org,2002:"
# An explicit tag may only restate a plain type; `!!python/...`, `!!binary`, `!!set` and custom tags are refused.
_ALLOWED_EXPLICIT_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}


@dataclass
class Document:
    """One YAML file: its data, and the source position of every key and value."""

    path: Path
    display: str
    data: Any
    positions: dict[KeyPath, Location] = field(default_factory=dict)
    key_positions: dict[KeyPath, Location] = field(default_factory=dict)
    # Fields its every entry lacks, already reported once where the file names its fields (an
    # export's header): not reported again entry by entry.
    missing: frozenset[str] = frozenset()

    def where(self, path: KeyPath, *, key: bool = False) -> Location:
        """The position of `path`, or of its nearest ancestor that exists."""
        table = self.key_positions if key else self.positions
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.positions:
                return self.positions[prefix]
        return (1, 1)

    def problem(
        self, path: KeyPath, message: str, hint: str = "", *, code: str, key: bool = False, **kw: Any
    ) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.display, line, col, message, hint, code=code, **kw)


class Reported(str):
    """A value the loader has already reported as a problem; the schema should not report it again."""


def _mark(node: yaml.Node) -> Location:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Turns a composed node graph into plain values, collecting problems as it goes."""

    def __init__(self, doc: Document, lines: list[str], bad_tags: dict[int, str]) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self._scalars = yaml.SafeLoader("")
        self._lines = lines
        self._bad_tags = bad_tags  # id(node) -> the explicit tag as written

    def _fail(self, node: yaml.Node, message: str, hint: str, code: str) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.doc.display, line, col, message, hint, code=code))

    def convert(self, node: yaml.Node, path: KeyPath) -> Any:
        self.doc.positions[path] = _mark(node)
        if len(path) > MAX_DEPTH:
            self._fail(
                node, f"nested more than {MAX_DEPTH} levels deep", "content files are a few levels deep", "too-deep"
            )
            return Reported("")
        if id(node) in self._bad_tags:
            tag = self._bad_tags[id(node)]
            return self._reject(
                node,
                f"the YAML tag '{tag}' is not allowed",
                "remove the tag; content files hold plain text, numbers, dates, lists and mappings",
                "yaml-tag",
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(
                    key_node, "a mapping key must be plain text", "write the key as a simple word", "complex-key"
                )
                continue
            key = str(key_node.value)
            if key in first_seen:
                line, _ = first_seen[key]
                self._fail(
                    key_node,
                    f"duplicate key '{key}' (first defined at line {line})",
                    "remove one of the two; YAML would silently keep only the last",
                    "duplicate-key",
                )
                continue
            first_seen[key] = _mark(key_node)
            self.doc.key_positions[(*path, key)] = _mark(key_node)
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _folded_list_line(self, node: yaml.ScalarNode) -> Location | None:
        """Where a plain scalar swallowed a line that was meant as a new list item, if it did.

        YAML folds a more-indented `- next item` into the text above it ("A - next item"), so a list
        loses an entry without a word.
        """
        if node.style is not None or node.end_mark.line == node.start_mark.line:
            return None
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            line = self._lines[number] if number < len(self._lines) else ""
            stripped = line.lstrip(" ")
            if stripped.startswith("- ") or stripped == "-":
                return (number + 1, len(line) - len(stripped) + 1)
        return None

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        tag = node.tag
        folded = self._folded_list_line(node)
        if folded is not None:
            line, col = folded
            self.problems.append(
                Problem(
                    self.doc.display,
                    line,
                    col,
                    f"this '- ' line is read as part of the text above it ('{text}'), not as a new list item",
                    "start the '- ' at the same column as the item above to make it a separate item, "
                    "or quote the whole text if the dash belongs to it",
                    code="folded-list-item",
                )
            )
            return Reported(text)
        if tag == _CORE + "str":
            return text
        if (tag == "tag:yaml.org,2002:int" and not _PLAIN_INT.match(text)) or (
            tag == "tag:yaml.org,2002:float" and not _PLAIN_FLOAT.match(text)
        ):
            return self._reject(
                node,
                f"'{text}' is ambiguous: YAML reads it as a number in a special notation",
                f"quote it as text ('{text}'), or write a plain decimal number such as 1000 or 62.5",
                "ambiguous-number",
            )
        if tag == "tag:yaml.org,2002:bool" and text.lower() not in _PLAIN_BOOLS:
            return self._reject(
                node,
                f"'{text}' is ambiguous: YAML reads it as a yes/no value",
                f"quote it as text ('{text}'), or write true or false",
                "ambiguous-bool",
            )
        try:
            return self._scalars.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            if tag == "tag:yaml.org,2002:timestamp":
                return self._reject(
                    node,
                    f"'{text}' is not a valid date ({exc})",
                    "use a real calendar date as YYYY-MM-DD",
                    "invalid-date",
                )
            return self._reject(
                node, f"cannot read '{text}': {exc}", "quote it if it is meant as text", "unreadable-value"
            )

    def _reject(self, node: yaml.Node, message: str, hint: str, code: str) -> Reported:
        """Report a value once, here; the schema will see it is Reported and stay quiet."""
        self._fail(node, message, hint, code)
        return Reported(node.value if isinstance(node, yaml.ScalarNode) else "")


class _Refused(yaml.composer.ComposerError):
    """What a guard below refuses, with the code and hint it is reported by: decided by this class, not its wording."""

    def __init__(self, message: str, mark: yaml.Mark, code: str, hint: str) -> None:
        super().__init__(None, None, message, mark)
        self.code, self.hint = code, hint


class _Guarded:
    """Rejects anchors and aliases, which can expand into enormous documents, and deep nesting,
    which would exhaust Python's recursion limit before any of our checks ran; notes explicit tags."""

    _depth = 0
    bad_tags: dict[int, str]

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            message = "anchors and aliases (&name, *name) are not allowed"
            raise _Refused(message, event.start_mark, "yaml-alias", "copy the value instead of referring to it")
        if self._depth >= MAX_DEPTH:
            message, hint = (
                f"nested more than {MAX_DEPTH} levels deep",
                "content files are a few levels deep; check the brackets",
            )
            raise _Refused(message, event.start_mark, "too-deep", hint)
        # A tag written in the file (`!!python/object`, `!custom`), not one YAML resolved by itself.
        explicit = getattr(event, "tag", None)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1
        if explicit not in (None, "!") and node.tag not in _ALLOWED_EXPLICIT_TAGS:
            self.bad_tags[id(node)] = node.tag.replace(_CORE, "!!", 1)
        return node

    def get_single_node(self) -> Any:
        """PyYAML's Composer.get_single_node, with a second document refused as a _Refused of its own."""
        self.get_event()  # type: ignore[attr-defined]  # the stream's start
        document = None
        if not self.check_event(yaml.StreamEndEvent):  # type: ignore[attr-defined]
            document = self.compose_document()  # type: ignore[attr-defined]
        if not self.check_event(yaml.StreamEndEvent):  # type: ignore[attr-defined]
            second = self.get_event().start_mark  # type: ignore[attr-defined]
            hint = "remove the '---' separator or split the file"
            raise _Refused("more than one YAML document in this file", second, "multiple-documents", hint)
        self.get_event()  # type: ignore[attr-defined]  # the stream's end
        return document


class _PureLoader(_Guarded, yaml.SafeLoader):
    """PyYAML's own parser, in Python: its error messages and positions are the ones we report."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.bad_tags = {}


# For YAML this package ships (label catalogs, ready-made sections, starters) and the MkDocs
# config: libyaml's safe loader when PyYAML has it. Content files go through load_document.
FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_packaged(path: Path) -> Any:
    """A YAML file this package ships (a catalog, a ready-made section, a starter's words)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_SAFE_LOADER)


try:  # libyaml's parser, shipped in PyYAML's wheels: about 8x faster on a 100-project file
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _FastLoader = None
else:

    class _FastLoader(_Guarded, yaml.composer.Composer, CParser, yaml.resolver.Resolver):  # type: ignore[no-redef]
        """libyaml's events composed by PyYAML's Python composer, so the guards above still apply
        node by node. Used only for files that parse: an error is reported by _PureLoader."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.bad_tags = {}

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node = super().compose_scalar_node(anchor)
            node.style = node.style or None  # libyaml says "" for a plain scalar, PyYAML None
            return node


def compose(text: str) -> tuple[yaml.Node | None, dict[int, str]]:
    """The node graph of one YAML document and its refused explicit tags; raises yaml.YAMLError."""
    if _FastLoader is not None:
        fast = _FastLoader(text)
        try:
            return fast.get_single_node(), fast.bad_tags
        except yaml.YAMLError:
            pass  # parse again below: PyYAML's messages and positions are the ones the tests and users know
        finally:
            fast.dispose()
    loader = _PureLoader(text)
    try:
        return loader.get_single_node(), loader.bad_tags
    finally:
        loader.dispose()


def _tab_problems(text: str, display: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            problems.append(
                Problem(
                    display,
                    number,
                    line.index("\t") + 1,
                    "tab character",
                    "indent with spaces; YAML does not allow tabs for indentation",
                    code="tab",
                )
            )
    return problems


def _at(display: str, exc: yaml.MarkedYAMLError, message: str, hint: str, code: str) -> Problem:
    """A parse error at its problem's mark, else its context's."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(display, line, col, message, hint, code=code)


def load_document(path: Path, display: str, folder: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file (inside `folder`, if given): the document, or None and what stops it loading."""
    raw, refused = read_content(path, display, folder, MAX_FILE_BYTES)
    if raw is None:
        return None, refused
    text, problems = decode(raw, display, MAX_FILE_BYTES)
    if text is None:
        return None, problems
    return document_from_text(text, path, display)


def document_from_text(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """YAML text (as `load_document` read it, or as `reportgen import` is about to write it) as a document."""
    problems = _tab_problems(text, display)
    if problems:
        return None, problems
    try:
        node, bad_tags = compose(text)
    except _Refused as exc:
        return None, [_at(display, exc, exc.problem, exc.hint, exc.code)]
    except yaml.composer.ComposerError as exc:  # PyYAML's own, about anchors (an alias to nothing, one anchor twice)
        hint = "copy the value instead of referring to it"
        return None, [_at(display, exc, exc.problem or "invalid YAML", hint, "yaml-alias")]
    except yaml.MarkedYAMLError as exc:
        detail = exc.problem or exc.context or "invalid YAML"
        hint = "check the indentation and quoting around this position"
        return None, [_at(display, exc, f"YAML syntax error: {detail}", hint, "yaml-syntax")]
    if node is None:
        return None, [Problem(display, 1, 1, "file is empty", "add the facts, or delete the file", code="empty-file")]
    doc = Document(path=path, display=display, data=None)
    converter = _Converter(doc, text.splitlines(), bad_tags)
    doc.data = converter.convert(node, ())
    return doc, converter.problems
