"""Markdown pages from the facts: the formatter, the one escaping rule, the Jinja environment,
page drafts, headline cards, the year in words, inferred-value notes, the print page.

May import: load, model, derive, sections, check.
"""
