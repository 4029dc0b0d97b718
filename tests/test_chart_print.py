"""Charts on paper (issue 22, part 2): in `reportgen pdf`, no chart text under 7 pt.

WeasyPrint ignores the @media rule inside a chart's SVG, so paper shows the wide drawing. Its
texts' sizes are in the SVG's own units (data-font-size); the PDF draws the image at a width of
its own, read from WeasyPrint's laid-out pages as the PDF is written. A text's printed size is
its size times that width (in pt) over the viewBox's width.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner

from reportgen.cli.commands import main

from .conftest import copy_project

LEAST_PT = 7.0
PX_TO_PT = 0.75  # CSS px to pt: WeasyPrint lays out in CSS px, the PDF is in pt


def _wide_sizes(svg: str) -> list[float]:
    """The data-font-size of each text of the wide drawing (the one paper shows)."""
    wide = svg.split('<g class="reportgen-narrow"', 1)[0]
    return [float(v) for v in re.findall(r'data-font-size="([0-9.]+)"', wide)]


def _printed_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float, float]]:
    """(chart file, smallest text in pt, drawn width in pt) of each chart the year's PDF draws."""
    from weasyprint.document import Document
    from weasyprint.formatting_structure.boxes import ReplacedBox
    from weasyprint.images import SVGImage

    found: list[tuple[str, float, float]] = []
    original = Document.write_pdf

    def write_pdf(self: Document, *args: object, **kwargs: object) -> object:
        for page in self.pages:
            for box in page._page_box.descendants():
                if isinstance(box, ReplacedBox) and isinstance(box.replacement, SVGImage):
                    url = box.replacement._base_url
                    if "/charts/" not in url:
                        continue
                    svg = Path(unquote(urlparse(url).path)).read_text(encoding="utf-8")
                    viewbox = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))  # type: ignore[union-attr]
                    sizes = _wide_sizes(svg)
                    assert sizes, f"{url}: no text carries a data-font-size"
                    width = box.width * PX_TO_PT
                    found.append((url.rsplit("/", 1)[1], min(sizes) * width / viewbox, width))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Document, "write_pdf", write_pdf)
    project = copy_project(tmp_path / "project")
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["pdf", "2023", "--config", str(project / "mkdocs.yml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return found


def test_no_printed_chart_text_is_under_7pt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    charts = _printed_charts(tmp_path, monkeypatch)
    assert {name.split(".")[0] for name, _, _ in charts} >= {"timeline", "delivery", "durations"}
    small = [(name, round(pt, 2)) for name, pt, _ in charts if pt < LEAST_PT]
    assert small == [], f"chart text under {LEAST_PT} pt on paper: {small}"
