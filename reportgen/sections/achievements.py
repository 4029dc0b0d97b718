"""The technical achievements: each one's problem, actions and results, on a page of its own."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from reportgen.derive.metrics import recorded
from reportgen.model.facts import Achievement, AchievementsFile, Report
from reportgen.model.slugs import SlugAllocator
from reportgen.sections import projects
from reportgen.sections.anchors import all_anchors, row_anchor
from reportgen.sections.kind import Section, SectionKind, SubPage

KEY = "achievements"


def achievements(report: Report) -> tuple[Achievement, ...]:
    return report.sections.get(KEY) or ()  # None: the year has no file for them


def _entries(report: Report, section: Section) -> list[tuple[str, str, Achievement]]:
    """(heading, path inside the year, achievement) of each achievement, with unique slugs."""
    folder = posixpath.dirname(section.page)
    slugs = SlugAllocator(reserved={"index"})  # the section's own page is its folder's index
    found = []
    for achievement in achievements(report):
        heading = f"{projects.project(report, achievement.project).name} — {achievement.title}"
        found.append((heading, f"{folder}/{slugs.allocate(heading)}.md", achievement))
    return found


def _page(pages: Any, section: Section) -> dict[str, Any]:
    entries = _entries(pages.report, section)
    anchors = all_anchors(pages.report, section)
    return {
        "achievements": [
            {"heading": h, "path": path, "result": a.results[0], "anchor": row_anchor(anchor)}
            for (h, path, a), anchor in zip(entries, anchors, strict=True)
        ]
    }


def _subpages(report: Report, section: Section) -> list[SubPage]:
    return [
        SubPage(
            heading,
            path,
            "year/achievement.md.j2",
            {"heading": heading, "achievement": a, "project": projects.project(report, a.project)},
        )
        for heading, path, a in _entries(report, section)
    ]


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    # null: the year has no achievements file, where [] is a file without achievements.
    return {KEY: [a.model_dump(mode="json") for a in achievements(report)] if recorded(report, KEY) else None}


def _read(facts: Mapping[str, Any], section: Section) -> tuple[Achievement, ...] | None:
    found = facts.get(KEY)
    return None if found is None else AchievementsFile.model_validate({KEY: found}).achievements


KIND = SectionKind(
    KEY,
    AchievementsFile,
    "year/achievements.md.j2",
    "achievements.yaml",
    store=lambda section, facts: facts.achievements,
    page=_page,
    present=lambda r, s: bool(achievements(r)),
    facts=lambda r, s: achievements(r),
    data=_data,
    read=_read,
    order=1,
    unique=("achievements",),
    subpages=_subpages,
    requires=("projects",),
    entries=lambda report, section: [(a.id, True) for a in achievements(report)],
)
