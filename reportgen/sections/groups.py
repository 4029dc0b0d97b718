"""Groups sections: titled lists of items (infrastructure, reliability, operations, impact, and a team's own)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportgen.model.facts import GroupsFile, ItemGroup, Report
from reportgen.sections.kind import Section, SectionKind

NAME = "groups"


def groups(report: Report, section: Section) -> tuple[ItemGroup, ...]:
    return report.sections.get(section.key) or ()  # None: the year has no file for it


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    # Every section of the kind, by its key, as data.json has always held them.
    return {
        NAME: {
            s.key: [g.model_dump(mode="json") for g in groups(report, s)]
            for s in sections
            if s.kind is KIND and report.sections.get(s.key) is not None
        }
    }


def _read(facts: Mapping[str, Any], section: Section) -> tuple[ItemGroup, ...]:
    found = facts.get(NAME, {}).get(section.key)
    return None if found is None else GroupsFile.model_validate({NAME: found}).groups


KIND = SectionKind(
    NAME,
    GroupsFile,
    "year/groups.md.j2",
    "groups.yaml",
    store=lambda section, facts: facts.groups,
    page=lambda pages, section: {"group_list": groups(pages.report, section)},
    present=lambda r, s: bool(groups(r, s)),
    facts=lambda r, s: groups(r, s),
    data=_data,
    read=_read,
    order=5,
    unique=("groups",),
    declarable=True,
)
