"""Draws one chart with matplotlib, by the drawing of its spec's kind.

Only what draws imports this module (the chart pool's workers, or a build drawing in its own
process), so matplotlib is imported at its top; the rest of reportgen never imports it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib
import matplotlib.backends.backend_svg  # loaded with the module, not on the first savefig
from matplotlib import font_manager
from matplotlib.figure import Figure

from reportgen.charts import delivery, durations, kpis, records, timeline, trends
from reportgen.charts.draw import delivery as draw_delivery
from reportgen.charts.draw import durations as draw_durations
from reportgen.charts.draw import kpis as draw_kpis
from reportgen.charts.draw import records as draw_records
from reportgen.charts.draw import timeline as draw_timeline
from reportgen.charts.draw import trends as draw_trends
from reportgen.charts.draw.fonts import ChartError, check_labels, font_paths, missing_glyphs, spec_fonts
from reportgen.charts.draw.forms import NARROW, Form, combine, mark_sizes, sized
from reportgen.charts.draw.layout import WIDTH, Canvas, add_titles, measure
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import Theme

Drawer = Callable[[Canvas, dict[str, Any], str], None]

# Each kind is named once, by its spec module; the drawing of a spec is found by that name.
DRAWERS: dict[str, Drawer] = {
    timeline.KIND: draw_timeline.draw,
    durations.KIND: draw_durations.draw,
    delivery.KIND: draw_delivery.draw,
    kpis.KIND: draw_kpis.draw,
    trends.KIND: draw_trends.draw,
    records.KIND: draw_records.draw,
}


@functools.cache
def _register_font() -> None:
    for path in font_paths():
        font_manager.fontManager.addfont(str(path))


def _style(theme: Theme, fonts: tuple[str, ...]) -> dict[str, Any]:
    return {
        "font.family": list(fonts),
        "axes.unicode_minus": False,  # NanumGothic has no U+2212; use the ASCII hyphen-minus
        "text.parse_math": False,  # "$5M" from YAML is money, not math
        "svg.fonttype": "path",  # glyphs travel inside the SVG: the chart looks the same everywhere
        "svg.hashsalt": "reportgen",  # stable ids, so the same data gives the same bytes
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.edgecolor": theme.grid,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.text,
        "ytick.labelcolor": theme.text,
        "axes.facecolor": "none",
        "figure.facecolor": "none",
        "savefig.transparent": True,
    }


def prepare() -> None:
    """Load what drawing needs (the fonts, their glyph tables and widths) ahead of time."""
    _register_font()
    missing_glyphs("")
    measure()


@contextlib.contextmanager
def styled(theme: Theme, fonts: tuple[str, ...] | None = None) -> Iterator[None]:
    """The chart style, with matplotlib's warnings (a missing glyph draws a box) as errors."""
    _register_font()
    with matplotlib.rc_context(_style(theme, fonts or spec_fonts({}))), warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def draw(spec: ChartSpec, theme: Theme, width: float = WIDTH, extra: float = 0.0) -> Canvas:
    """The chart as a figure `width` points wide, laid out but not saved. Call it inside `styled(theme)`.

    `extra`: points of height for its plots to take, beyond what they need."""
    fonts = spec_fonts(spec.data)
    check_labels(spec.path, spec.labels(), fonts)
    canvas = Canvas(Figure(), theme, width=width, extra=extra, m=measure(fonts))
    try:
        # The page's heading names the chart: drawn inside the image too, the title would stand twice.
        DRAWERS[spec.kind](canvas, spec.data, "")
    except UserWarning as exc:
        raise ChartError(f"chart '{spec.path}': {exc}") from exc
    return canvas


def _forms(spec: ChartSpec, theme: Theme) -> tuple[Canvas, Canvas, Canvas]:
    """The wide and the narrow drawing, laid out to one height once the narrow one is scaled to the
    wide one's width; and the wide one at its own height (the same canvas when it needed no more)."""
    alone = wide = draw(spec, theme)
    narrow = draw(spec, theme, NARROW)
    scale = wide.width / narrow.width
    if narrow.height * scale > wide.height + 0.5:
        wide = draw(spec, theme, extra=narrow.height * scale - wide.height)
    elif wide.height > narrow.height * scale + 0.5:
        narrow = draw(spec, theme, NARROW, extra=wide.height / scale - narrow.height)
    return wide, narrow, alone


def _save(spec: ChartSpec, canvas: Canvas, file_format: str) -> bytes:
    buffer = io.BytesIO()
    metadata = {"Date": None, "Creator": None} if file_format == "svg" else {"Software": None}
    try:
        canvas.fig.savefig(buffer, format=file_format, metadata=metadata, dpi=100)
    except UserWarning as exc:
        raise ChartError(f"chart '{spec.path}': {exc}") from exc
    content = buffer.getvalue()
    return add_titles(content, canvas.titles) if file_format == "svg" else content


def render_files(spec: ChartSpec, theme: Theme) -> dict[str, bytes]:
    """The chart's files drawn in `theme`. "screen": its wide and narrow drawings in one SVG (forms.py).
    "print": the wide one alone, at its own height: paper shows no narrow drawing, and the box the
    narrow one needs would only shrink the printed chart."""
    with styled(theme, spec_fonts(spec.data)):
        wide, narrow, alone = _forms(spec, theme)
        sizes = [mark_sizes(canvas.fig) for canvas in (wide, narrow)]
        saved = [
            Form(_save(spec, canvas, "svg"), canvas.width, canvas.height, found)
            for canvas, found in zip((wide, narrow), sizes, strict=True)
        ]
        if alone is not wide:  # laid out taller for the narrow drawing's sake: saved at its own height too
            printed = Form(_save(spec, alone, "svg"), alone.width, alone.height, mark_sizes(alone.fig))
        else:
            printed = saved[0]
    return {"screen": combine(*saved), "print": sized(printed)}


def render(spec: ChartSpec, theme: Theme, file_format: str = "svg", form: str = "wide") -> bytes:
    """The chart's screen SVG (both drawings, see `render_files`), or a PNG of one `form`."""
    if file_format == "svg":
        return render_files(spec, theme)["screen"]
    with styled(theme, spec_fonts(spec.data)):
        wide, narrow, _ = _forms(spec, theme)
        return _save(spec, narrow if form == "narrow" else wide, file_format)
