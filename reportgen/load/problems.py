"""One Problem type for everything that can be wrong with the content."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportgen.load.codes import check_code


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem: where it is, what is wrong, and what to do about it."""

    file: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    # Which kind of problem (reportgen/load/codes.py); last and not compared, so problems sort and
    # deduplicate by place and wording as before.
    code: str = field(kw_only=True, compare=False)

    def __post_init__(self) -> None:
        check_code(self.code)

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    def for_people(self) -> str:
        """One line: a fact quoted in a message cannot start a line of its own in a terminal or a CI log."""
        hint = f" ({self.hint})" if self.hint else ""
        label = "" if self.severity is Severity.ERROR else "warning: "
        return safe_line(f"{self.file}:{self.line}:{self.col}: {label}{self.message}{hint}")

    def for_github(self) -> str:
        text = _github_escape(self.message + (f" ({self.hint})" if self.hint else ""))
        file = _github_escape(self.file, properties=True)
        return f"::{self.severity.value} file={file},line={self.line},col={self.col}::{text}"


def _github_escape(text: str, *, properties: bool = False) -> str:
    """Workflow commands give %, CR and LF a meaning everywhere, and ':' and ',' in property values."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


# Line breaks and control characters in a fact stay visible, and can neither break a line nor drive a terminal.
_SHOWN = {"\n": " ↵ ", "\r": "", "\t": " "}


def one_line(text: str) -> str:
    return "".join(_shown(c) for c in text)


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return _SHOWN.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}" if 0xD800 <= code <= 0xDFFF else char  # half a character: no terminal can print it


def safe_line(text: str) -> str:
    """A line for people that GitHub Actions cannot read as a workflow command (`::error ...`):
    one line, and never starting with `::` (only `--format github` writes those, escaped)."""
    line = one_line(text)
    return " " + line if line.startswith("::") else line


class BuildError(Exception):
    """The site cannot be built (a broken template, an undrawable chart); the message says where and why."""


class ContentError(Exception):
    """Raised when the content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    lines = [p.for_people() for p in sorted(problems)]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as people should see it: relative to the working directory where possible."""
    base = root or Path.cwd()
    try:
        # The folder resolved, the name as it is: a link is named where it stands, not where it leads.
        return (path.parent.resolve() / path.name).relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def suggest(word: str, choices: Iterable[str]) -> str:
    """The hint for a name that is not one of `choices`: the closest, if one is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def not_one_of(given: object, expected: str, choices: Sequence[str]) -> tuple[str, str]:
    """The message and hint for a value outside a list of choices; `expected` lists them as pydantic does."""
    hint = suggest(given, choices) if isinstance(given, str) else ""
    return f"'{given}' is not one of {expected}", hint or "use one of the listed values"
