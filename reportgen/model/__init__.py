"""The typed facts (frozen, strict, closed pydantic models), the site's settings and a team's
declarations of its own sections, and the field types and link rules they share.

May import: load.
"""
