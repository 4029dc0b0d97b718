"""Charts, in two sides. Here, the specs: what each chart shows, built from the facts as plain
data (no matplotlib). In `draw/`, the drawing: matplotlib turns a spec into its SVG, and is
imported nowhere else (tests/test_chart_split.py checks both).

One spec module per chart kind, with its KIND and its `build(...)`; `catalog` says which charts a
page gets. Caching and the drawing pool are emit's.

May import: load, model, derive, sections, check, render.
"""
