"""What a build writes: the whole generated tree, the data files, the chart and year caches,
`reportgen build --out`, `reportgen export`, and the PDF.

May import: every stage above it (load … charts).
"""
