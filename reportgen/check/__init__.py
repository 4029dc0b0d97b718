"""Content files to a validated Site: form errors (pydantic's, located and hinted), the checks of
meaning, and the settings checks; every problem found is reported at once.

May import: load, model, derive, sections.
"""
