"""Ready-made records sections: incidents, change requests and test runs, declared once here.

A team lists one by its key in `sections:` (`- incidents`) and gets its columns, figures (MTTR,
lead time, test runs) and page without declaring them. They are records sections like any a team
declares: the declarations are YAML files beside this module, read with the same model.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from reportgen.load.loader import load_packaged
from reportgen.load.locations import READY_DIR
from reportgen.model.declarations import SectionDeclaration

# DORA's four keys, from the ready-made `deployments` and `incidents`: a site that has all four and
# names no headline leads with them (render/cards.py).
FOUR_KEYS = ("deployment_frequency", "deploy_lead_time", "change_failure_rate", "mttr")


@functools.cache
def ready_sections() -> Mapping[str, SectionDeclaration]:
    """The ready-made declarations by key, read once per process."""
    found = {}
    for path in sorted(READY_DIR.glob("*.yaml")):
        declaration = SectionDeclaration.model_validate(load_packaged(path))
        found[declaration.key] = declaration
    return found


def ready(entry: SectionDeclaration) -> SectionDeclaration | None:
    """The ready-made declaration a bare `sections:` entry names, with the team's titles over its own."""
    found = ready_sections().get(entry.key) if entry.kind is None else None
    if found is None:
        return None
    # The team's titles over its own, and how the team's tool exports its records (`source:`).
    return found.model_copy(update={"title": {**found.title, **entry.title}, "source": entry.source or found.source})
