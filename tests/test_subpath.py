"""The site published under a subpath, as GitHub project Pages serve it (/<repository>/): with
site_url from the publish workflow, the 404 page's assets load from any missing address, and
sitemap.xml lists every page. Unset, site_url is empty and a local preview serves at /."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from mkdocs.config import load_config

from .conftest import BIN, REPO, copy_project

MOUNT = "/perf-report/"


class _Pages(http.server.SimpleHTTPRequestHandler):
    """GitHub Pages for one project: the site under MOUNT, and 404.html for any missing address."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self.path.startswith(MOUNT):
            self.send_error(404)
            return None
        self.path = "/" + self.path.removeprefix(MOUNT)
        target = Path(self.translate_path(self.path))
        if not (target.is_file() or (target / "index.html").is_file()):
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample built as the publish workflow builds it, served under /perf-report/."""
    project = copy_project(tmp_path_factory.mktemp("pages"))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Pages, directory=str(project / "site"))
    )
    root = f"http://127.0.0.1:{server.server_address[1]}{MOUNT}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REPORTGEN_SITE_URL": root.rstrip("/")}
    built = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, project / "site"
    finally:
        server.shutdown()
        server.server_close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_404_pages_assets_load_from_a_missing_address(published: tuple[str, Path]) -> None:
    root, site = published
    missing = root + "2023/no/such/page/"
    assert _status(missing) == 404
    html = (site / "404.html").read_text(encoding="utf-8")
    assets = re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+\.(?:css|js))"', html)
    assert any("reportgen.css" in a for a in assets) and any("main" in a for a in assets), assets
    for asset in assets:
        url = urljoin(missing, asset)
        assert url.startswith(root), url  # never the server's root, where project Pages have nothing
        assert _status(url) == 200, url


def test_the_sitemap_lists_every_page(published: tuple[str, Path]) -> None:
    root, site = published
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = {unquote(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}  # Hangul paths, percent-encoded
    pages = {
        root + page.parent.relative_to(site).as_posix().removeprefix(".") + ("/" if page.parent != site else "")
        for page in site.rglob("index.html")
    }
    pages = {page.replace(MOUNT + "/", MOUNT) for page in pages}
    assert pages and listed == pages
    assert all(_status(loc) == 200 for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap))


def test_site_url_is_empty_unless_the_workflow_sets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for config in (REPO / "mkdocs.yml", *sorted((REPO / "reportgen" / "cli" / "starters").glob("*/mkdocs.yml"))):
        assert 'site_url: !ENV [REPORTGEN_SITE_URL, ""]' in config.read_text(encoding="utf-8"), config
    monkeypatch.delenv("REPORTGEN_SITE_URL", raising=False)
    assert load_config(str(REPO / "mkdocs.yml")).site_url == ""  # mkdocs serve then serves at /
    monkeypatch.setenv("REPORTGEN_SITE_URL", "https://backend-team.github.io/perf-report")
    assert load_config(str(REPO / "mkdocs.yml")).site_url == "https://backend-team.github.io/perf-report/"
