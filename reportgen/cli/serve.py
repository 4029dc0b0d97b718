"""`reportgen serve`: MkDocs's live preview with the plugin, after a look at the port.

The same server as `mkdocs serve` (MkDocs's own serve function, so the plugin's error page and
its watching of content/ work as they do there), started only when the port is free.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from mkdocs.exceptions import ConfigurationError

from reportgen.cli.output import say
from reportgen.emit.site_swap import mkdocs_messages
from reportgen.mkdocs.serve_port import port_taken, taken_line


def serve_site(config_file: Path, host: str, port: int) -> int:
    """Serve the site of `config_file` on host:port until Ctrl-C; returns the exit status."""
    if port_taken(host, port):
        say(f"error: {taken_line(host, port, 'reportgen serve --port {port}')}")
        return 1
    if not config_file.is_file():
        say(f"error: no {config_file} here; run reportgen serve in the project's folder (or pass --config)")
        return 1
    # mkdocs<2 is pinned (pyproject.toml): Material's notice about MkDocs 2 concerns nothing here.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve  # imported when serving: it loads the livereload server

    try:
        with mkdocs_messages(say):
            serve(config_file=str(config_file), dev_addr=f"{host}:{port}", livereload=True)
    except ConfigurationError as exc:
        say(f"error: {config_file}: {exc}")
        return 1
    except click.ClickException as exc:  # MkDocs's Abort: the plugin has said why, in one line
        say("error: " + exc.format_message().removeprefix("Error: ").strip())
        return 1
    return 0
