"""The MkDocs plugin: thin glue that hands the generated tree to MkDocs, its theme fixes, and the
page `mkdocs serve` shows while the facts have problems.

May import: load … emit.
"""
