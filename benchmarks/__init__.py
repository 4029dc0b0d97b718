"""Build-time benchmarks for reportgen: synthetic content and a timing harness around `mkdocs build`."""
