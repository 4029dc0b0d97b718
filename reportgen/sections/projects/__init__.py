"""The projects section (kind.py), the readings of its facts every stage shares (facts.py), and a
project across years (years.py): one id in two consecutive years is one project."""

from reportgen.sections.projects.facts import KEY, continuation, counted_weeks, project, projects
from reportgen.sections.projects.kind import KIND

__all__ = ["KEY", "KIND", "continuation", "counted_weeks", "project", "projects"]
