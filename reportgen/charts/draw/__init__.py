"""The drawing side of the charts: matplotlib turns a chart's spec into its SVG. The spec side,
one level up, says what to draw from the facts and never imports matplotlib (test_chart_split.py).

One module per chart kind with its `draw(canvas, data, title)`; `render` finds it by the kind its
spec module names, and draws inside `layout`'s measured canvas with the `fonts`. `recolor` makes
the dark variant from the light SVG; `preload` is what the drawing pool's fork server imports.
matplotlib is imported only when something is drawn or measured, never on import.

May import: the spec side (reportgen.charts), and every stage the charts may import.
"""
