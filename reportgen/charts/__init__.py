"""Charts: what to draw, as specs built from the facts (no matplotlib), and the drawing itself.

Each chart kind's module builds its spec; `render` and `layout` draw it, and are the only
modules that import matplotlib (only when called). Caching and the drawing pool are emit's.

May import: load, model, derive, sections, check, render.
"""
