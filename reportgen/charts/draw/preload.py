"""Imported by the chart pool's fork server: matplotlib, the fonts and their metrics, loaded once.

Each worker is forked from that server, so it starts with all of this in memory instead of
spending half a second of its own loading it. A small chart is drawn here too: matplotlib fills
its font lookups, glyph and SVG caches on first use, and each worker would otherwise pay for
that on its first real chart.
"""

from reportgen.charts.draw.render import prepare, render
from reportgen.charts.spec import ChartSpec, DataTable
from reportgen.charts.theme import THEMES

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
