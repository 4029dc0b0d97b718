"""Exact values: numbers print as written or at their precision, never rounded across a target; units read
the way each language writes them."""

from __future__ import annotations

import pytest

from reportgen.derive.units import spellings, unit_key
from reportgen.load.catalogs import catalog, labels, languages
from reportgen.model.facts import KpiTarget
from reportgen.render.pages import Formatter
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target

KO = Formatter("ko", labels("ko"))
EN = Formatter("en", labels("en"))


def _kpi(**fields: object) -> KpiTarget:
    return KpiTarget.model_validate({"id": "k", "metric": "m", "direction": "higher", **fields})


@pytest.mark.parametrize(
    ("kpi", "baseline", "target"),
    [
        (_kpi(unit="%", baseline=99.97, target=99.99), "99.97%", "99.99%"),
        (_kpi(unit="%", baseline=99.97, target=99.95, direction="lower"), "99.97%", "99.95%"),
        (_kpi(unit="%", baseline=62, target=80), "62%", "80%"),
        (_kpi(unit="ms", baseline=1250.5, target=800), "1,250.5ms", "800ms"),
    ],
)
def test_typed_kpi_values_print_every_digit_they_were_written_with(kpi: KpiTarget, baseline: str, target: str) -> None:
    assert (kpi_baseline_text(KO, kpi, kpi.baseline), kpi_target(KO, kpi)) == (baseline, target)


@pytest.mark.parametrize(
    ("actual", "target", "shown"),
    [
        (99.86, 99.9, "99.86%"),  # an SLO of 99.9 missed at 99.86 never reads 99.9
        (79.96, 80, "79.96%"),
        (80.04, 80, "80.04%"),
        (57.142857, 80, "57.1%"),  # far from the target: the metric's one decimal
        (80.0, 80, "80%"),
    ],
)
def test_a_derived_value_is_never_rounded_across_its_target(actual: float, target: float, shown: str) -> None:
    kpi = _kpi(unit="%", baseline_from="on_time_rate", target=target)
    assert kpi_actual_text(KO, kpi, actual) == shown


@pytest.mark.parametrize(
    ("unit", "ko", "en"),
    [
        ("min", "58분", "58 min"),
        ("minutes", "58분", "58 min"),
        ("시간", "58시간", "58 h"),
        ("%", "58%", "58%"),
        ("pp", "58%p", "58 pp"),
        ("$", "$58", "$58"),
        ("원", "58원", "₩58"),
        ("$k/yr", "$58k/yr", "$58k/yr"),  # outside the vocabulary: a leading currency sign goes first
        ("req/s", "58 req/s", "58 req/s"),  # a word in Latin letters: after a space
        ("대", "58대", "58대"),  # as written
    ],
)
def test_units_read_the_way_each_language_writes_them(unit: str, ko: str, en: str) -> None:
    assert (KO.measure(58, unit), EN.measure(58, unit)) == (ko, en)


def test_every_unit_in_the_vocabulary_has_a_label_in_every_language() -> None:
    keys = {unit_key(spelling) for spelling in spellings()}
    for language in languages():
        missing = sorted(k for k in keys if k is not None and k not in catalog(language))
        assert missing == [], f"{language} lacks {missing}"
