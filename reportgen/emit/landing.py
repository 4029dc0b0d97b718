"""Links that land on a row: a figure's note links each record to its row's anchor, but a team's own
template may leave the anchors out (`templates_dir`). Over the whole generated tree, a note's link
to an anchor its page does not hold becomes plain text, so a team's template never breaks a strict
build, and every link a note keeps lands on its row."""

from __future__ import annotations

import posixpath
import re

from reportgen.emit.tree import GeneratedFile

_IDS = re.compile(r'\bid="([^"]+)"')
# A Markdown link with an anchor; its text is escaped Markdown (`\]` may stand in it).
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)#\s]*)#([^)\s]+)\)")
# The lines figures' notes stand on: a card's note, the KPI blocks' items (verdicts, baselines),
# and the lines that link to a note: a generated sentence (a figure's, the inferred values'), a trend's row.
_NOTE = (
    'class="reportgen-working',
    'id="kpi_review--working-',
    "#working--",
    "--inferred)",
    "#kpis--baseline-",
    'id="kpis--baseline-',
)


def _kept(line: str, here: str, ids: dict[str, set[str]]) -> str:
    def link(found: re.Match[str]) -> str:
        text, page, anchor = found.groups()
        if "://" in page:  # a file in the repository (a note's source line), not a row of the site
            return found.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), page)) if page else here
        return found.group(0) if anchor in ids.get(target, set()) else text

    return _LINK.sub(link, line)


def keep_landing(files: list[GeneratedFile]) -> list[GeneratedFile]:
    """The tree with each note's link to a missing anchor made plain text."""
    pages = {f.path: f.content.decode("utf-8") for f in files if f.path.endswith(".md")}
    ids = {path: set(_IDS.findall(text)) for path, text in pages.items()}
    found = []
    for f in files:
        text = pages.get(f.path)
        if text is None or not any(mark in text for mark in _NOTE):
            found.append(f)
            continue
        lines = [_kept(line, f.path, ids) if any(m in line for m in _NOTE) else line for line in text.split("\n")]
        found.append(GeneratedFile(f.path, "\n".join(lines).encode("utf-8")))
    return found
