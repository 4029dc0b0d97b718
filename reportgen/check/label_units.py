"""A label that writes a unit its placeholder already brings: "{project_count}件" prints "4件件".

A figure's placeholder (one named after a metric: {project_count}, {average_weeks}) arrives
formatted with its unit, by the unit's label in the same catalog ("{value}件"). The unit word
written again next to it doubles it.
"""

from __future__ import annotations

from reportgen.derive.units import unit_key
from reportgen.load.catalogs import catalog


def _affixes(pattern: str) -> tuple[str, str]:
    before, _, after = pattern.partition("{value}")
    return before.strip(), after.strip()


def doubled_units(text: str, language: str) -> list[str]:
    """What `text` doubles, one sentence per placeholder ("{project_count} is followed by 件, which it brings")."""
    from reportgen.sections.registry import BUILTIN  # the metric registry: heavy, and only validation asks

    labels = catalog(language)
    found = []
    for name, metric in BUILTIN.items():
        key = unit_key(metric.unit) if metric.unit else None
        if key is None or "{" + name + "}" not in text:
            continue
        before, after = _affixes(labels[key])
        _, _, rest = text.partition("{" + name + "}")
        head = text.partition("{" + name + "}")[0]
        if after and rest.lstrip().startswith(after):
            found.append(f"{{{name}}} is followed by '{after}', which it brings")
        elif before and head.rstrip().endswith(before):
            found.append(f"{{{name}}} comes after '{before}', which it brings")
    return found
