"""A built page's article as located blocks: each list, table and paragraph with the headings above it.

`read_blocks(html)` gives the blocks of the page's <article> (navigation, header and footer are
never read), in document order. `find(blocks, path)` gives the blocks that stand directly under
the one heading whose chain ends with `path` (with `within=True`, also those under its
subheadings), and fails when no heading or more than one matches.
Text is what a reader sees: tags removed, whitespace collapsed, permalink signs dropped.

A block also says in which titled box it stands (`box`): a collapsible `<details>` (its
`<summary>`) or an admonition (its title), e.g. "차트 데이터" under a chart or the "팀 메모" note.
The box is named by the title a reader sees, so the same place is found whether the box is
collapsed (the web page) or printed open (the print page). A list in a card grid
(`<div class="grid cards">`) is of kind "cards": a reader sees cards, not a bulleted list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BREAKS = {"p", "div", "br", "hr", "li", "td", "th", "tr", "ul", "ol", "table", "summary", "details"}


@dataclass
class Block:
    kind: str  # "list", "cards", "table" or "paragraph"
    chain: tuple[str, ...]  # the headings above it, outermost first
    in_details: bool  # inside a collapsible <details> (collapsed on the web page)
    items: list[str] = field(default_factory=list)  # list: each item's text; paragraph: one text
    header: list[str] = field(default_factory=list)  # table: the header cells
    rows: list[list[str]] = field(default_factory=list)  # table: the body rows' cells
    links: list[str] = field(default_factory=list)  # list: each item's first link target ("" if none)
    link_texts: list[str] = field(default_factory=list)  # list: each item's first link text ("" if none)
    box: str = ""  # the title of the innermost <details> or admonition it stands in ("" if none)

    @property
    def text(self) -> str:
        return " ".join(self.items)


def _clean(text: str) -> str:
    return " ".join(text.replace("¶", " ").split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []
        self.all_chains: list[tuple[str, ...]] = []
        self._article = 0
        self._skip = 0  # inside <script>, <style> or a heading's permalink
        self._details = 0
        self._note = 0  # inside a figure's note of how it was computed (checked by tests/test_working.py)
        self._heading: tuple[int, list[str]] | None = None
        self._list_depth = 0
        self._list: Block | None = None
        self._item: list[str] | None = None
        self._table: Block | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._paragraph: list[str] | None = None
        self._divs: list[str] = []  # each open <div>: "admonition", "cards" or ""
        self._boxes: list[list[str]] = []  # the title of each open <details> or admonition
        self._title: list[str] | None = None  # inside a <summary> or an admonition's title
        self._link: list[str] | None = None  # inside an item's first link

    @property
    def chain(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.headings)

    @property
    def box(self) -> str:
        return _clean("".join(self._boxes[-1])) if self._boxes else ""

    def _sink(self) -> list[str] | None:
        """Where text goes now: the open heading or box title, else the innermost cell, item or paragraph."""
        if self._heading is not None:
            return self._heading[1]
        if self._title is not None:
            return self._title
        for sink in (self._cell, self._item, self._paragraph):
            if sink is not None:
                return sink
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "article":
            self._article += 1
        if not self._article:
            return
        if self._note or (tag == "details" and "reportgen-working" in (attributes.get("class") or "").split()):
            self._note += tag == "details"
            return
        if tag in ("script", "style") or (tag == "a" and "headerlink" in (attributes.get("class") or "")):
            self._skip += 1
            return
        if tag in _BREAKS and (sink := self._sink()) is not None:
            sink.append(" ")
        classes = (attributes.get("class") or "").split()
        if tag == "details":
            self._details += 1
            self._boxes.append([])
        elif tag == "summary" and self._boxes:
            self._title = self._boxes[-1]
        elif tag == "div":
            kind = "admonition" if "admonition" in classes else "cards" if {"grid", "cards"} <= set(classes) else ""
            self._divs.append(kind)
            if kind == "admonition":
                self._boxes.append([])
        elif tag == "p" and "admonition-title" in classes and self._divs and self._divs[-1] == "admonition":
            self._title = self._boxes[-1]
        elif tag in _HEADINGS:
            self._heading = (int(tag[1]), [])
        elif tag in ("ul", "ol"):
            self._list_depth += 1
            if self._list_depth == 1 and self._table is None:
                kind = "cards" if "cards" in self._divs else "list"
                self._list = Block(kind, self.chain, self._details > 0, box=self.box)
        elif tag == "li" and self._list_depth == 1 and self._list is not None:
            self._item = []
            self._list.links.append("")
            self._list.link_texts.append("")
        elif tag == "a" and self._item is not None and self._list is not None and not self._list.links[-1]:
            self._list.links[-1] = attributes.get("href") or ""
            self._link = []
        elif tag == "table":
            self._table = Block("table", self.chain, self._details > 0, box=self.box)
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "p" and self._list_depth == 0 and self._table is None:
            self._paragraph = []

    def handle_endtag(self, tag: str) -> None:
        if not self._article:
            return
        if self._note:
            self._note -= tag == "details"
            return
        if self._skip:
            if tag in ("script", "style", "a"):
                self._skip -= 1
            return
        if tag in _BREAKS and (sink := self._sink()) is not None:
            sink.append(" ")
        if tag == "article":
            self._article -= 1
        elif tag == "details":
            self._details -= 1
            self._boxes.pop()
        elif tag == "summary" or (tag == "p" and self._title is not None):
            self._title = None
        elif tag == "div" and self._divs:
            if self._divs.pop() == "admonition":
                self._boxes.pop()
        elif tag == "a" and self._link is not None and self._list is not None:
            self._list.link_texts[-1] = _clean("".join(self._link))
            self._link = None
        elif tag in _HEADINGS and self._heading is not None:
            level, parts = self._heading
            self._heading = None
            while self.headings and self.headings[-1][0] >= level:
                self.headings.pop()
            self.headings.append((level, _clean("".join(parts))))
            self.all_chains.append(self.chain)
        elif tag in ("ul", "ol"):
            self._list_depth -= 1
            if self._list_depth == 0 and self._list is not None:
                self.blocks.append(self._list)
                self._list = None
        elif tag == "li" and self._list_depth == 1 and self._item is not None and self._list is not None:
            self._list.items.append(_clean("".join(self._item)))
            self._item = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_clean("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if not self._table.header:
                self._table.header = self._row
            else:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.blocks.append(self._table)
            self._table = None
        elif tag == "p" and self._paragraph is not None:
            text = _clean("".join(self._paragraph))
            if text:
                self.blocks.append(Block("paragraph", self.chain, self._details > 0, items=[text], box=self.box))
            self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self._article and not self._skip and not self._note and (sink := self._sink()) is not None:
            sink.append(data)
            if self._link is not None:
                self._link.append(data)


@dataclass
class PageBlocks:
    blocks: list[Block]
    chains: list[tuple[str, ...]]  # every heading's chain, in document order

    @property
    def title(self) -> str:
        return self.chains[0][0] if self.chains else ""


def read_blocks(html: str) -> PageBlocks:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return PageBlocks(reader.blocks, reader.all_chains)


def find(page: PageBlocks, path: tuple[str, ...], *, within: bool = False) -> list[Block]:
    """The blocks directly under the one heading whose chain ends with `path`; with `within`,
    also the blocks under its subheadings (its whole section)."""
    matches = sorted({chain for chain in page.chains if chain[-len(path) :] == path})
    assert len(matches) == 1, f"expected one heading {' > '.join(path)!r}, found {len(matches)}: {matches}"
    (chain,) = matches
    return [b for b in page.blocks if b.chain == chain or (within and b.chain[: len(chain)] == chain)]
