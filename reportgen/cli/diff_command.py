"""`reportgen diff`: every figure and fact that changes between two revisions (or two content folders)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from reportgen.check.validate import Validated, load_site
from reportgen.cli.git_branch import default_base
from reportgen.cli.output import report, say
from reportgen.diff.language import head_config
from reportgen.diff.printing import to_markdown, to_text
from reportgen.diff.revisions import Sides, both_sides, code_changed
from reportgen.diff.site_diff import compare
from reportgen.load.catalogs import labels
from reportgen.load.problems import one_line
from reportgen.model.facts import Site

# The link the PR workflow passes: the uploaded artifact's page on GitHub, printed as a Markdown autolink.
SITE_URL = re.compile(r"https://[^\s<>]+")


@click.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--base-dir",
    type=click.Path(path_type=Path),
    help="Compare against this content folder instead of a git revision.",
)
@click.option(
    "--head-dir",
    type=click.Path(path_type=Path),
    help="Compare this content folder instead of HEAD or the working tree's content.",
)
@click.option(
    "--content",
    "content_dir",
    default="content",
    type=click.Path(path_type=Path),
    show_default=True,
    help="Where the content lives in the repository, for git revisions; the working tree's is the default HEAD.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="text for a terminal; markdown for a pull request's job summary.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The MkDocs config whose theme.language the diff is written in "
    "(default: the head's, beside its content folder); for folders outside a project.",
)
@click.option(
    "--site-url",
    help="A link to the built site for reviewers, the markdown summary's last line (https only).",
)
def diff(
    base: str | None,
    head: str | None,
    base_dir: Path | None,
    head_dir: Path | None,
    content_dir: Path,
    output_format: str,
    config_file: Path | None,
    site_url: str | None,
) -> None:
    """Show every figure and fact that changes from BASE to HEAD. BASE and HEAD are git revisions
    (BASE defaults to the repository's default branch, origin's; HEAD to the working tree's
    content); compare content folders with --base-dir and --head-dir. The output says which each
    side was. It is written in the head's site language (its MkDocs theme.language). Exits 0 even
    when figures changed."""
    if site_url is not None and not SITE_URL.fullmatch(site_url):
        say(f"error: --site-url {one_line(site_url)} is not an https link: pass the artifact's URL as GitHub gives it")
        sys.exit(2)
    if base is None and base_dir is None:  # the repository's default branch, as the pull request's check compares
        base = default_base(content_dir.parent if content_dir.parent.is_dir() else Path.cwd())
    sides = Sides(base, head, base_dir, head_dir, content_dir)
    try:
        with both_sides(sides) as ((before_dir, before_source), (after_dir, after_source)):
            base_site, head_site, found = _sites(before_dir, after_dir, config_file)
            changes = compare(base_site, head_site)
            t = labels(head_site.settings.language, head_site.settings.labels)
            code = code_changed(sides, before_source, after_source)
            if output_format == "markdown":
                printed = to_markdown(changes, t, (before_source, after_source), code, site_url)
            else:
                printed = to_text(changes, t, (before_source, after_source), code)
            if not found and head_site.settings.language == "en":  # nothing chose the language: say so
                printed = t["diff_no_config"] + "\n\n" + printed
            click.echo(printed, nl=False)
    except ValueError as exc:  # git's errors among them, each one line
        say(f"error: {exc}")
        sys.exit(2)


def _sites(before_dir: Path, after_dir: Path, config_file: Path | None) -> tuple[Site, Site, bool]:
    """Both sides loaded under the head's MkDocs settings (and whether a config was found); exits
    with the problems when either side's content, or the head's config, has errors."""
    mkdocs, config_problems, found = head_config(after_dir, config_file, Path.cwd())
    if mkdocs is None:
        report(Validated(None, config_problems), "human")
        sys.exit(1)
    # Both sides under the head's settings: the diff reads in one language, and a base's own
    # config (which the head may have fixed) is not the pull request's to answer for.
    before = load_site(before_dir, before_dir.parent, mkdocs)
    after = load_site(after_dir, after_dir.parent, mkdocs)
    broken = [(name, v) for name, v in (("BASE", before), ("HEAD", after)) if v.site is None]
    for name, validated in broken:
        say(f"{name} has content errors:")
        report(validated, "human")
    if broken:
        sys.exit(1)
    assert before.site is not None and after.site is not None
    return before.site, after.site, found
