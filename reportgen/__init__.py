"""reportgen: a team's yearly facts, as YAML, turned into a browsable MkDocs performance site.

One package per stage of the pipeline, in the order the data flows. A package may import from
the packages above it in this list, never from one below (tests/test_layout.py checks this):

    load      files to documents with positions; Problem; the MkDocs config; packaged YAML and catalogs
    model     the typed facts and the site's settings and declarations (pydantic)
    derive    figures as pure functions of the facts: the metric registry, aggregations, numbers, units
    sections  the section registry: one module per kind, each with everything about that kind
    check     files to a validated Site: form errors, then the checks of meaning, all problems at once
    render    Markdown pages: the formatter, escaping, templates, cards, summaries, the print page
    charts    chart specs from the facts, and their drawing (the only place matplotlib is imported)
    emit      the generated tree, data files, caches, `build --out`, `export`, the PDF
    mkdocs    the MkDocs plugin: thin glue, theme fixes, the page serve shows on errors
    diff      what a change to the facts does to the figures, for a reviewer
    cli       the `reportgen` command, scaffolding (`init`, `new-year`) and editor schemas

`derive` stands before `check` because meaning is checked against derived figures (a stated
figure against the one the facts give); the data still flows form → derive → meaning → render.
"""
