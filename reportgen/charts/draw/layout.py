"""Measured text and a hand-made layout: every chart is sized from its labels, and never collapses.

matplotlib's constrained layout measures by drawing the whole figure, then gives up (and fails
the build) when a label is wider than the figure. Here each label is first fitted to the room it
may take (at most two lines, then an ellipsis), the figure's height follows from the rows it
holds, and the axes are placed in points. The figure is then drawn once, to SVG.

All lengths are in points (1/72 inch). The SVG is shown at 96 CSS px per inch, so a 7-inch chart
is 672 px wide, which fits mkdocs-material's content column at 1280 px without being scaled down.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from babel.numbers import format_compact_decimal, format_decimal
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from reportgen.charts.draw.fonts import reference_fonts
from reportgen.charts.theme import Theme

PT = 72.0  # points per inch
WIDTH = 7.0 * PT  # a chart as wide as the content column: its text is shown at its drawn size
# The smallest chart text. At 96 px per inch, 10 pt is 13.3 px: no smaller than the theme's small
# print (0.64rem = 12.8 px at 1280 px), since the chart is never scaled down at the content width.
SMALL = 10.0
VALUE = 10.0  # numbers drawn on bars and points
TITLE = 12.5
LINE = 1.25  # line height, as a multiple of the font size
PAD = 6.0  # between a label and what it labels, and around the figure's edge
ELLIPSIS = "…"
MAX_LINES = 2
MIN_PLOT = 64.0  # the least height of a plot, however few its rows


@dataclass(frozen=True)
class Fitted:
    """A label as drawn: the full text, and the lines it was wrapped or shortened to."""

    full: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def shortened(self) -> bool:
        return "".join(self.lines).replace(" ", "") != self.full.replace(" ", "").replace("\n", "")


class Measure:
    """Text widths from the chart fonts, per character and cached: fitting 250 labels stays cheap."""

    def __init__(self, fonts: tuple[str, ...]) -> None:
        # Measured at 100 pt, where hinting and whole-pixel rounding cost under 1%.
        self._renderer = RendererAgg(10, 10, 72)
        self._font = FontProperties(family=list(fonts), size=100)
        self._chars: dict[str, float] = {}

    def _char(self, char: str) -> float:
        width = self._chars.get(char)
        if width is None:
            # The advance of a character at 1 pt, measured between two bars so that spaces count too.
            bar = self._renderer.get_text_width_height_descent("||", self._font.copy(), ismath=False)[0]
            both = self._renderer.get_text_width_height_descent(f"|{char}|", self._font.copy(), ismath=False)[0]
            width = self._chars[char] = (both - bar) / 100.0
        return width

    def _unit(self, text: str) -> float:
        return sum(self._char(c) for c in text)

    def width(self, text: str, size: float) -> float:
        """The widest line of `text` at `size`, with a small margin for kerning and rounding."""
        return max((self._unit(line) for line in text.split("\n")), default=0.0) * size * 1.03 + 0.5

    def fit(self, text: str, width: float, size: float, lines: int = MAX_LINES) -> Fitted:
        """`text` in at most `lines` lines of `width`: wrapped at spaces, else anywhere; then an ellipsis."""
        text = " ".join(text.split())  # a label is one paragraph: newlines and runs of spaces become one space
        room = max(width / (size * 1.03) - 0.1, self._unit(ELLIPSIS) * 2)
        out: list[str] = []
        rest = text
        while rest and len(out) < lines:
            line, rest = self._line(rest, room)
            out.append(line)
        if rest:
            last = out[-1]
            while last and self._unit(last.rstrip() + ELLIPSIS) > room:
                last = last[:-1]
            out[-1] = last.rstrip() + ELLIPSIS
        return Fitted(text, tuple(out) or ("",))

    def fit_keeping(self, text: str, keep: str, width: float, size: float, lines: int = MAX_LINES) -> Fitted:
        """`text`, then `keep` (a count), in at most `lines` lines: only `text` is ever shortened."""
        full = " ".join(f"{text} {keep}".split())
        fitted = self.fit(full, width, size, lines)
        if not keep or not fitted.shortened:
            return fitted
        words = " ".join(text.split())

        def trial(n: int) -> Fitted:
            return self.fit(f"{words[:n].rstrip()}{ELLIPSIS} {keep}", width, size, lines)

        low, high = 0, len(words)  # the longest start of the label that fits with its count
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if not trial(mid).shortened else (low, mid - 1)
        return Fitted(full, trial(low).lines)

    def _line(self, text: str, room: float) -> tuple[str, str]:
        """The longest first line of `text` that fits `room`, breaking at a space where one fits."""
        used, end = 0.0, 0
        for end, char in enumerate(text):  # noqa: B007  (end is used after the loop)
            used += self._char(char)
            if used > room:
                break
        else:
            return text, ""
        space = text.rfind(" ", 0, end + 1)
        # At a space, unless that would leave most of the line empty (a long word without spaces).
        cut = space if space > 0 and space >= end / 2 else max(end, 1)
        return text[:cut].rstrip(), text[cut:].lstrip()


@functools.cache
def measure(fonts: tuple[str, ...] | None = None) -> Measure:
    """The text widths of the chart fonts `fonts` (the reference catalog's when None)."""
    return Measure(fonts or reference_fonts())


def text_height(lines: int, size: float) -> float:
    return size * (1 + LINE * (lines - 1)) + size * 0.3  # the descent below the last line


@dataclass
class Canvas:
    """A figure drawn in points, and the full text of every label it had to shorten."""

    fig: Any
    theme: Theme
    width: float = WIDTH
    height: float = 0.0
    extra: float = 0.0  # height for the plots to take: the chart's other drawing is taller (forms.py)
    titles: dict[str, str] = field(default_factory=dict)  # gid -> full text, for the SVG's <title>
    m: Measure = field(default_factory=measure)
    _title: Fitted = Fitted("", ("",))  # set by `title`, drawn by `draw_title` once the height is known

    def size(self, height: float) -> None:
        self.height = height
        self.fig.set_size_inches(self.width / PT, height / PT)

    def axes(self, left: float, bottom: float, width: float, height: float) -> Any:
        """An axes placed in points from the figure's bottom-left corner."""
        W, H = self.width, self.height
        return self.fig.add_axes((left / W, bottom / H, width / W, height / H))

    def label(self, artist: Any, gid: str, fitted: Fitted | None = None) -> Any:
        artist.set_gid(gid)
        if fitted is not None and fitted.shortened:
            self.titles[gid] = fitted.full
        return artist

    def text(self, x: float, y: float, fitted: Fitted | str, gid: str, size: float = SMALL, **kwargs: Any) -> Any:
        """Text at (x, y) in points from the figure's bottom-left corner."""
        shown = fitted.text if isinstance(fitted, Fitted) else fitted
        kwargs.setdefault("color", self.theme.text)
        artist = self.fig.text(x / self.width, y / self.height, shown, fontsize=size, linespacing=LINE, **kwargs)
        return self.label(artist, gid, fitted if isinstance(fitted, Fitted) else None)

    def title(self, title: str) -> float:
        """Fits the chart's title to the width; returns the height it takes at the top.

        An empty title takes only a margin: the page's heading names the chart, once."""
        if not title:
            self._title = Fitted("", ("",))
            return PAD
        fitted = self.m.fit(title, self.width - 2 * PAD, TITLE)
        self._title = fitted
        return text_height(len(fitted.lines), TITLE) + PAD * 2

    def draw_title(self) -> None:
        if self._title.text:
            self.text(PAD, self.height - PAD, self._title, "title", TITLE, va="top", ha="left")

    def _legend_rows(self, items: list[LegendItem], width: float) -> tuple[list[tuple[float, float, Fitted]], float]:
        """(x offset, top offset, label) of each legend entry, wrapping to a new row within `width`; and
        the legend's height. An entry takes up to two lines; its count is never cut, only its label."""
        placed: list[tuple[float, float, Fitted]] = []
        x, row_top, row_h = 0.0, 0.0, 0.0
        for _, _, label, keep in items:
            fitted = self.m.fit_keeping(label, keep, width - LEGEND_KEY - 4, SMALL)
            need = LEGEND_KEY + 4 + self.m.width(fitted.text, SMALL)
            if x > 0 and x + need > width:
                x, row_top, row_h = 0.0, row_top + row_h, 0.0
            placed.append((x, row_top, fitted))
            row_h = max(row_h, SMALL * LINE * len(fitted.lines) + 4)
            x += need + SMALL * 1.2
        return placed, row_top + row_h

    def legend_height(self, items: list[LegendItem], width: float) -> float:
        return self._legend_rows(items, width)[1]

    def legend(
        self, items: list[LegendItem], left: float, top: float, width: float, hatches: dict[str, str] | None = None
    ) -> None:
        """Colour keys with their labels, in rows that wrap within `width`, below `top`.

        `items` are (gid, colour, label, count): the count is kept whole when the label is shortened.
        `hatches` (by gid) patterns a key as its marks are patterned, so that it reads without colour.
        Drawn by hand, so that its extent is known before drawing.
        """
        for (gid, colour, _, _), (x, row_top, fitted) in zip(items, self._legend_rows(items, width)[0], strict=True):
            middle = top - row_top - LEGEND_ROW / 2  # of the entry's first line
            key = Rectangle(
                ((left + x) / self.width, (middle - LEGEND_KEY / 2) / self.height),
                LEGEND_KEY / self.width,
                LEGEND_KEY / self.height,
                facecolor=colour,
                edgecolor=self.theme.on_accent if (hatches or {}).get(gid) else colour,
                linewidth=0,
                hatch=(hatches or {}).get(gid),
                transform=self.fig.transFigure,
            )
            self.fig.add_artist(key)
            if len(fitted.lines) == 1:
                self.text(left + x + LEGEND_KEY + 4, middle, fitted, gid, va="center_baseline", ha="left")
            else:
                self.text(left + x + LEGEND_KEY + 4, top - row_top - 2, fitted, gid, va="top", ha="left")


LegendItem = tuple[str, str, str, str]  # gid, colour, label, a count kept whole ("" for none)
LEGEND_KEY = SMALL * 0.9
LEGEND_ROW = SMALL * LINE + 4


def add_titles(svg: bytes, titles: dict[str, str]) -> bytes:
    """A <title> with the full text inside each shortened label's group: readers see it on hover."""
    for gid, full in titles.items():
        # '#' as a character reference: recolor.py rewrites anything that looks like a colour.
        safe = escape(full).replace("#", "&#35;").encode()
        opening = b'<g id="' + gid.encode() + b'">'
        svg = svg.replace(opening, opening + b"<title>" + safe + b"</title>", 1)
    return svg


def headroom(values: list[float], plot: float, above: float, low: float = 0.0) -> float:
    """The smallest axis top so that `above` points fit over the highest value in a `plot`-point axis."""
    high = max([*values, low])
    share = max(plot - above, plot * 0.2) / plot
    return low + (high - low) / share if high > low else low + 1


@dataclass(frozen=True)
class Rows:
    """Labelled rows of a horizontal chart: the fitted labels, the room they take and each row's height."""

    labels: list[Fitted]
    width: float  # of the widest label, plus its padding
    height: float  # of one row

    @classmethod
    def fit(cls, c: Canvas, labels: list[str], share: float = 0.34) -> Rows:
        fitted = [c.m.fit(label, c.width * share, SMALL) for label in labels]
        lines = max((len(f.lines) for f in fitted), default=1)
        width = max((c.m.width(f.text, SMALL) for f in fitted), default=0.0)
        return cls(fitted, width + 2 * PAD, max(text_height(lines, SMALL) + 6, 20.0))

    @property
    def plot_height(self) -> float:
        """All rows, and no less than a readable plot when there are only one or two."""
        return max(self.height * len(self.labels), MIN_PLOT)

    def draw(self, c: Canvas, ax: Any) -> None:
        """Each label right-aligned beside its row (rows are numbered from 0 in data units)."""
        for row, fitted in enumerate(self.labels):
            artist = ax.annotate(
                fitted.text,
                (0, row),
                xycoords=("axes fraction", "data"),
                xytext=(-PAD, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=SMALL,
                linespacing=LINE,
                color=c.theme.text,
            )
            c.label(artist, f"label-{row}", fitted)


def room_for_values(c: Canvas, ends: list[float], texts: list[str], plot: float, low: float = 0.0) -> float:
    """The axis end that leaves room for each value's text right of its bar end, in a `plot`-point axis."""
    top = low
    for end, text in zip(ends, texts, strict=True):
        room = plot - PAD / 2 - c.m.width(text, VALUE) - 2
        top = max(top, low + (end - low) * plot / max(room, plot * 0.3))
    return top if top > low else low + 1


def value_text(
    c: Canvas, ax: Any, x: float, y: float, text: str, gid: str, above: bool = False, color: str | None = None
) -> Any:
    """A value's text at (x, y), in data units: right of it (a bar's end), or centred just `above` it."""
    artist = ax.annotate(
        text,
        (x, y),
        xytext=(0, 2) if above else (PAD / 2, 0),
        textcoords="offset points",
        ha="center" if above else "left",
        va="bottom" if above else "center",
        fontsize=VALUE,
        color=color or c.theme.text,
    )
    return c.label(artist, gid)


def number_ticks(
    ax: Any,
    axis: str,
    low: float,
    high: float,
    integer: bool = False,
    bins: int = 5,
    scale: dict[str, Any] | None = None,
) -> None:
    """Round ticks inside [low, high], labelled as `tick_labels` writes them."""
    locator = MaxNLocator(nbins=bins, integer=integer, steps=[1, 2, 2.5, 5, 10])
    ticks = [t for t in locator.tick_values(low, high) if low <= t <= high]
    getattr(ax, f"set_{axis}ticks")(ticks, labels=tick_labels(ticks, scale), fontsize=SMALL)


def axis_number(value: float, locale: str = "en", myriads: Sequence[str] = ()) -> str:
    """A tick value in the site's locale, never in scientific notation (1e+08): 113.3M in English,
    1억 1,330만 in Korean (`myriads`: the words of 10^4, 10^8, 10^12, from the catalog); small values
    keep their decimals (0.25), grouped (1,500)."""
    if abs(value) < 10_000:
        return format_decimal(round(value, 6), format="#,##0.######", locale=locale)
    if myriads:
        sign, rest, parts = "-" if value < 0 else "", round(abs(value)), []
        for power, word in reversed(list(enumerate(myriads, start=1))):
            unit = 10_000**power
            if rest >= unit:
                parts.append(format_decimal(rest // unit, format="#,##0", locale=locale) + word)
                rest %= unit
        if rest:
            parts.append(format_decimal(rest, format="#,##0", locale=locale))
        return sign + " ".join(parts)
    return str(format_compact_decimal(value, format_type="short", locale=locale, fraction_digits=2))


def tick_labels(ticks: list[float], scale: dict[str, Any] | None = None) -> list[str]:
    """Each tick's number in the chart's language; the highest also carries the unit (its pattern
    "{value}원", "${value}"), once, as a reader looks for it at the end of the scale."""
    scale = scale or {}
    myriads = scale.get("myriads") or ()
    labels = [axis_number(t, scale.get("language", "en"), myriads) for t in ticks]
    if labels and scale.get("unit"):
        labels[-1] = scale["unit"].replace("{value}", labels[-1])
    return labels


def tidy(ax: Any, theme: Theme, grid: str = "x", keep: tuple[str, ...] = ("bottom",)) -> None:
    ax.grid(axis=grid, color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(side in keep)


def tick_band() -> float:
    """The height of a row of tick labels under an axis, ticks included."""
    return 3.5 + 3.5 + text_height(1, SMALL)


def note_band(c: Canvas, note: str | None) -> tuple[Fitted | None, float]:
    if not note:
        return None, 0.0
    fitted = c.m.fit(note, c.width - 2 * PAD, SMALL)
    return fitted, text_height(len(fitted.lines), SMALL) + PAD


def centred(c: Canvas, x: float, width: float) -> str:
    """Horizontal alignment for text of `width` centred at x (figure points), kept inside the canvas."""
    if x - width / 2 < PAD:
        return "left"
    if x + width / 2 > c.width - PAD:
        return "right"
    return "center"
