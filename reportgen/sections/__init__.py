"""The section registry: every kind of section a year may have, each in one place with its file
model, template, page context, assembly, checks of meaning, diff facts, CSV and starter.

May import: load, model, derive.
"""
