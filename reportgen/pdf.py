"""`reportgen pdf YEAR`: the printable annual report as a PDF, printed by headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium(explicit: str | None = None) -> str:
    """The browser to print with: --chromium, $CHROMIUM, or the first one on PATH."""
    for candidate in (explicit, os.environ.get("CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise ValueError("no Chromium found: install Debian's chromium, or pass --chromium PATH (or set $CHROMIUM)")


def build_site(config_file: Path, site_dir: Path) -> None:
    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def print_pdf(page: Path, out: Path, chromium: str) -> None:
    """Print one built HTML page to `out` (written whole, or not at all)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as profile:
        partial = out.with_name(f".{out.name}.partial")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={partial}",
            page.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        if result.returncode != 0 or not partial.is_file():
            partial.unlink(missing_ok=True)
            raise ValueError(f"Chromium could not print {page}: {result.stderr.strip()[-500:]}")
        os.replace(partial, out)


def year_pdf(year: int, config_file: Path, out: Path, chromium: str | None = None) -> Path:
    browser = find_chromium(chromium)
    with tempfile.TemporaryDirectory(prefix="reportgen-site-") as site_dir:
        build_site(config_file, Path(site_dir))
        page = Path(site_dir) / str(year) / "print" / "index.html"
        if not page.is_file():
            raise ValueError(f"there is no report for {year} in the content")
        print_pdf(page, out, browser)
    return out
