"""`reportgen --version`: the installed distribution's version, looked up only when asked."""

from __future__ import annotations

import tomllib
from importlib import metadata

import click

from reportgen.load.locations import DISTRIBUTION, PACKAGE


def version() -> str:
    """reportgen's version: the installed distribution's, or a checkout's pyproject.toml's when it runs
    from the source tree without being installed (PYTHONPATH)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pyproject = PACKAGE.parent / "pyproject.toml"
        if pyproject.is_file():
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        return "unknown"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"reportgen {version()} ({DISTRIBUTION})")
    ctx.exit()


version_option = click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,  # before the subcommand is looked for
    callback=_print_version,
    help="Print reportgen's version and exit.",
)
