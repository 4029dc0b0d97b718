"""Every source of text the settings give, times every place text ends up: it arrives as text.

The facts are poisoned field by field in test_hostile.py and test_browser_hostile.py. Here the
sources are the settings a pull request can change (every label of the catalog, the team's name,
the declared sections' titles, columns, units and figures) and the values of mkdocs.yml that the
theme prints (site_name, site_description, copyright). Each gets the same payload, which would
inject an element, an attribute, a link or a fetch if it ever became markup. Both lists are
written out below: a new source or sink is one line.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from xml.etree import ElementTree

import pytest
import yaml

from reportgen.load.catalogs import catalog, placeholders

from .conftest import BIN, REPO, copy_project, run_mkdocs
from .helpers import invoke

# One payload for every source: an element with a handler, an attr_list, Markdown links (script,
# a foreign site with a handler), emphasis and an image fetched from a server the test runs.
PAYLOAD = (
    '<img src=x onerror=alert(1)> {: onclick="alert(3)" } [x](javascript:alert(4)) '
    "**b** [y](https://e.com){onmouseover=alert(5)} ![p](http://127.0.0.1:PORT/f.png)"
)
PRINTED_SETTINGS = ("site_name", "site_description", "copyright")  # mkdocs.yml: printed by the theme


def _label(text: str, port: int) -> str:
    """The payload as a label override: the label's own placeholders kept, literal braces doubled."""
    kept = " ".join("{" + name + "}" for name in sorted(placeholders(text)))
    literal = PAYLOAD.replace("PORT", str(port)).replace("{", "{{").replace("}", "}}")
    return f"{kept} {literal}".strip()


def _poison_titles(value: Any, payload: str) -> Any:
    """Every title, unit and choice-free text of a section declaration, with the payload added."""
    if isinstance(value, list):
        return [_poison_titles(item, payload) for item in value]
    if not isinstance(value, dict):
        return value
    poisoned = {}
    for key, item in value.items():
        if key == "title" and isinstance(item, dict):
            poisoned[key] = {language: f"{text} {payload}" for language, text in item.items()}
        elif key == "unit" and isinstance(item, str) and "type" in value:  # a column's unit, as written
            poisoned[key] = f"{item} {payload}"
        else:
            poisoned[key] = _poison_titles(item, payload)
    return poisoned


# The sources: how each puts the payload into a project (its folder, the payload, the server's port).
Source = Callable[[Path, str, int], None]


def _labels(project: Path, payload: str, port: int) -> None:
    site = project / "content" / "site.yaml"
    data = yaml.safe_load(site.read_text(encoding="utf-8")) or {}
    language = re.findall(r"^  language: (\w+)$", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[0]
    data["labels"] = {key: _label(text, port) for key, text in catalog(language).items()}
    site.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _team_and_sections(project: Path, payload: str, port: int) -> None:
    site = project / "content" / "site.yaml"
    data = yaml.safe_load(site.read_text(encoding="utf-8")) or {}
    data["team"] = f"{data.get('team', 'Team')} {payload}"
    if "sections" in data:
        data["sections"] = _poison_titles(data["sections"], payload)
    site.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _mkdocs_settings(project: Path, payload: str, port: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name in PRINTED_SETTINGS:
        line = f"{name}: {json.dumps(f'{name.upper()} {payload}', ensure_ascii=False)}"
        text, found = re.subn(rf"^{name}: .*$", line.replace("\\", "\\\\"), text, count=1, flags=re.M)
        if not found:
            text += f"\n{line}\n"
    config.write_text(text, encoding="utf-8")


SOURCES: dict[str, Source] = {
    "every label": _labels,
    "team and section declarations": _team_and_sections,
    "mkdocs.yml's printed settings": _mkdocs_settings,
}
PROJECTS = {"sample": None, "sre-team example": REPO / "examples" / "sre-team"}


class _Fetches(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]]  # each fixture's own subclass gives its own list

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module", params=list(PROJECTS))
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A project with every source poisoned, built with --strict, and a server counting fetches."""
    fetches = type("Fetches", (_Fetches,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), fetches)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    project = tmp_path_factory.mktemp("sinks")
    example = PROJECTS[request.param]
    if example is None:
        copy_project(project)
    else:
        shutil.copytree(example, project, dirs_exist_ok=True)
        shutil.copytree(REPO / "site_templates", project / "site_templates")
    payload = PAYLOAD.replace("PORT", str(port))
    for poison in SOURCES.values():
        poison(project, payload, port)
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    yield {"project": project, "site": project / "site", "port": port, "fetched": fetches.seen, "build": result}
    server.shutdown()
    server.server_close()


class _Injected(HTMLParser):
    """Anything the payload would create as markup: its elements, handlers, links and emphasis."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._strong = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.lstrip("_").startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src") and value and re.match(r"\s*(javascript:|https://e\.com|http://127)", value):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "img" and values.get("src") in ("x", "p"):
            self.found.append("<img src=x>")
        self._strong = tag == "strong"

    def handle_data(self, data: str) -> None:
        if self._strong and data == "b":
            self.found.append("<strong>b</strong>")
        self._strong = False


def _injected(html: str) -> list[str]:
    parser = _Injected()
    parser.feed(html)
    return parser.found


# --- the sinks ----------------------------------------------------------------------------------


def sink_every_page(hostile: dict[str, Any]) -> None:
    """Page bodies, the nav, <title>, <meta>, the header and footer, the 404 page and the print page."""
    pages = sorted(hostile["site"].rglob("*.html"))
    assert len(pages) >= 8
    found = {p.relative_to(hostile["site"]).as_posix(): _injected(p.read_text(encoding="utf-8")) for p in pages}
    assert {page: items for page, items in found.items() if items} == {}


def sink_title_meta_and_header(hostile: dict[str, Any]) -> None:
    home = (hostile["site"] / "index.html").read_text(encoding="utf-8")
    escaped = "&lt;img src=x onerror=alert(1)&gt; {: onclick=&#34;alert(3)&#34; }"
    (title,) = re.findall(r"<title>(.*?)</title>", home)
    assert title.startswith(f"SITE_NAME {escaped}")
    (description,) = re.findall(r'<meta name="description" content="([^"]*)">', home)
    assert description.startswith(f"SITE_DESCRIPTION {escaped.replace('&gt;', '&gt;')}")
    (footer,) = re.findall(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', home, re.S)
    assert footer.startswith(f"COPYRIGHT {escaped}")
    header = re.search(r'<span class="md-ellipsis">\s*(SITE_NAME[^<]*)', home)
    assert header is not None and header[1].startswith(f"SITE_NAME {escaped}")


def sink_search_index(hostile: dict[str, Any]) -> None:
    index = json.loads((hostile["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [doc["location"] for doc in index["docs"] if _injected(doc["text"]) or _injected(doc["title"])] == []


def sink_svg(hostile: dict[str, Any]) -> None:
    """Each chart's elements and attributes: the payload may only be text (a <title>, a <desc>)."""
    charts = sorted(hostile["site"].rglob("*.svg"))
    assert charts
    for chart in charts:
        tree = ElementTree.parse(chart)  # the DOCTYPE names a DTD that is never fetched
        tags = {element.tag.rpartition("}")[2] for element in tree.iter()}
        assert not tags & {"script", "foreignObject", "image", "a"}, chart
        attributes = [(name.rpartition("}")[2], value) for element in tree.iter() for name, value in element.items()]
        assert [name for name, _ in attributes if name.startswith("on")] == [], chart
        assert [value for name, value in attributes if name == "href" and not value.startswith("#")] == [], chart


def sink_csv(hostile: dict[str, Any]) -> None:
    tables = sorted(hostile["site"].rglob("*.csv"))
    assert tables
    for table in tables:
        for row in csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))):
            assert [cell for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")] == [], table


def sink_data_json(hostile: dict[str, Any]) -> None:
    """data.json keeps the exact text a team wrote: the team's name, poisoned, as it is."""
    files = sorted(hostile["site"].rglob("data.json"))
    assert files
    written = yaml.safe_load((hostile["project"] / "content" / "site.yaml").read_text(encoding="utf-8"))["team"]
    assert any(json.loads(f.read_text(encoding="utf-8")).get("team") == written for f in files) or all(
        "team" not in json.loads(f.read_text(encoding="utf-8")) for f in files
    )


def sink_cli_output(hostile: dict[str, Any]) -> None:
    """The human output that CI logs: the build's and validate's, never a workflow command."""
    validate = invoke("validate", str(hostile["project"] / "content"))
    lines = (hostile["build"].stderr + validate.output).splitlines()
    assert [line for line in lines if line.startswith("::")] == []


def sink_pdf(hostile: dict[str, Any]) -> None:
    """The printed report: laid out, with nothing fetched from the server the labels name."""
    project = hostile["project"]
    year = min(int(p.name) for p in (project / "content").iterdir() if p.name.isdigit())
    out = project / "report.pdf"
    result = subprocess.run(
        [str(BIN / "reportgen"), "pdf", str(year), "--out", str(out)], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "alert(1)" in text  # the payload is printed, as text
    assert hostile["fetched"] == []


SINKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "every page": sink_every_page,
    "<title>, <meta>, header and footer": sink_title_meta_and_header,
    "search index": sink_search_index,
    "SVG charts": sink_svg,
    "CSV downloads": sink_csv,
    "data.json": sink_data_json,
    "CLI output": sink_cli_output,
    "PDF": sink_pdf,
}


@pytest.mark.parametrize("sink", list(SINKS))
def test_every_settings_source_reaches_each_sink_as_text(hostile: dict[str, Any], sink: str) -> None:
    SINKS[sink](hostile)


def test_the_export_prints_mkdocs_settings_as_text(hostile: dict[str, Any], tmp_path: Path) -> None:
    """`reportgen export` builds without the plugin, so its mkdocs.yml carries the settings escaped."""
    out = tmp_path / "export"
    result = invoke("export", "--out", str(out), "--config", str(hostile["project"] / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    built = run_mkdocs(out, "build", "--strict")
    assert built.returncode == 0, built.stderr
    home = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert _injected(home) == []
    (title,) = re.findall(r"<title>(.*?)</title>", home)
    assert title.startswith("SITE_NAME &lt;img src=x onerror=alert(1)&gt;")
