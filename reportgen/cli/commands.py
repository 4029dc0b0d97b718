"""The `reportgen` command: validate the facts, build the generated tree."""

from __future__ import annotations

import contextlib
import errno
import signal
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from mkdocs.exceptions import ConfigurationError, PluginError

from reportgen.check.validate import Validated, load_settings, load_site
from reportgen.cli import importing
from reportgen.cli.about import version_option
from reportgen.cli.diff_command import diff
from reportgen.cli.init_publish import PublishOptions, check_source, next_steps
from reportgen.cli.output import list_inferred, report, say
from reportgen.cli.scaffold import init_project, new_year
from reportgen.cli.schema import SCHEMA_DIR, render_schemas, write_schemas
from reportgen.cli.serve import serve_site
from reportgen.emit import standalone
from reportgen.emit.faults import os_error_line
from reportgen.emit.generate import generate
from reportgen.emit.output import check_not_inside, check_replaceable, write_tree
from reportgen.emit.pdf import year_pdf
from reportgen.emit.site_swap import SiteError, build_site, mkdocs_messages
from reportgen.emit.tree import GeneratedFile
from reportgen.load import codes
from reportgen.load.catalogs import languages, use_team_catalogs
from reportgen.load.language_css import page_stylesheet
from reportgen.load.mkdocs_config import config_gaps, find_config
from reportgen.load.problems import BuildError, ContentError
from reportgen.mkdocs.plugin import STYLESHEET
from reportgen.sections.registry import site_sections


class _Commands(click.Group):
    """The commands; a file operation that fails in any of them (a full disk, a read-only folder) ends
    it with one line and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # a closed pipe (`| head`): click ends quietly
            say(f"error: {os_error_line(exc)}")
            sys.exit(1)


@click.group(cls=_Commands)
@version_option
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn a team's yearly facts (YAML) into a performance report site."""
    # Stopped by a process manager or CI (SIGTERM) as by Ctrl-C: the chart pool is given up, files
    # being written are finished or removed, and click ends with "Aborted!", not a traceback.
    # Not `serve`: MkDocs's server threads outlive an interrupt there; SIGTERM's default ends it at once.
    if ctx.invoked_subcommand != "serve":
        signal.signal(signal.SIGTERM, _interrupt)


main.add_command(diff)


@main.command()
@click.argument("content_dir", default="content", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "github", "json"]),
    default="human",
    help="'github' prints GitHub Actions annotations; 'json' one JSON document of the problems and their codes.",
)
@click.option("--inferred", is_flag=True, help="Also list every value the team marked as inferred, with its reason.")
def validate(content_dir: Path, output_format: str, inferred: bool) -> None:
    """Check all content and print every problem at once. Exits 1 if there are errors."""
    validated = load_site(content_dir, glyphs=True)
    report(validated, output_format)
    if inferred and validated.site is not None:
        list_inferred(validated.site, err=output_format == "json")  # stdout holds the JSON document alone
    sys.exit(1 if validated.errors else 0)


@main.command(name="codes")
def codes_command() -> None:
    """Print the table of problem codes (Markdown), as the README lists them."""
    click.echo(codes.markdown(), nl=False)


@main.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the generated docs tree to (replaced as a whole).",
)
@click.option("--content", "content_dir", default="content", type=click.Path(path_type=Path), show_default=True)
@click.option(
    "--templates",
    "templates_dir",
    default="site_templates",
    type=click.Path(path_type=Path),
    show_default=True,
    help="Templates that override the bundled ones.",
)
@click.option(
    "--cache",
    "cache_dir",
    default=".cache/reportgen",
    type=click.Path(path_type=Path),
    show_default=True,
    help="Where rendered charts are kept between builds.",
)
@click.option("--no-cache", is_flag=True, help="Render every chart, and keep none.")
def build(out_dir: Path, content_dir: Path, templates_dir: Path, cache_dir: Path, no_cache: bool) -> None:
    """Write the generated Markdown tree, the same one the MkDocs plugin serves."""
    try:
        check_not_inside(out_dir, content_dir, "the output folder")
        check_replaceable(out_dir.resolve())
        if not no_cache:
            check_not_inside(cache_dir, content_dir, "the chart cache")
    except ValueError as exc:
        say(f"error: {exc}")
        sys.exit(2)
    try:
        generated = generate(content_dir, templates_dir, None if no_cache else cache_dir, Path.cwd())
    except ContentError as exc:
        report(Validated(None, exc.problems), "human")
        sys.exit(1)
    except BuildError as exc:
        say(f"error: {exc}")
        sys.exit(1)
    if generated.problems:
        report(Validated(None, generated.problems), "human")
    tree = generated.tree
    css = page_stylesheet()
    try:
        write_tree([*tree.files, GeneratedFile(STYLESHEET, css)], out_dir)
    except OSError as exc:
        kept = f"; {out_dir} is left as it was" if out_dir.exists() else ""
        say(f"error: {os_error_line(exc, out_dir, writing=True)}{kept}")
        sys.exit(1)
    stats = tree.chart_stats
    click.echo(
        f"wrote {len(tree.files) + 1} files to {out_dir} "
        f"({len(stats.rendered)} chart(s) rendered, {len(stats.cached)} from the cache)",
        err=True,
    )


@main.command()
@click.option("--content", "content_dir", default="content", type=click.Path(path_type=Path), show_default=True)
@click.option("--check", is_flag=True, help="Only check that the schemas in the content folder are up to date.")
def schema(content_dir: Path, check: bool) -> None:
    """Write JSON Schemas of the content files into CONTENT/.schemas, for editors."""
    out_dir = content_dir / SCHEMA_DIR
    sections = site_sections(load_settings(content_dir))  # a team's records sections have their own schemas
    if check:
        stale = [name for name, content in render_schemas(sections).items() if _read(out_dir / name) != content]
        if stale:
            say(f"out of date in {out_dir}: {', '.join(stale)} (run `reportgen schema`)")
            sys.exit(1)
        say(f"schemas in {out_dir} are up to date")
        return
    for path in write_schemas(out_dir, sections):
        say(f"wrote {path}")


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


@main.command("new-year")
@click.argument("year", type=int)
@click.option("--content", "content_dir", default="content", type=click.Path(path_type=Path), show_default=True)
def new_year_command(year: int, content_dir: Path) -> None:
    """Start content/YEAR from the latest year: empty facts with commented examples, and last
    year's KPI targets carried over to report against."""
    try:
        written = new_year(content_dir, year)
    except ValueError as exc:
        say(f"error: {exc}")
        sys.exit(1)
    for path in written:
        say(f"wrote {path}")
    say(f"next: fill in {content_dir / str(year)}/projects.yaml, then run `reportgen validate`")


@main.command("import")
@click.argument("section")
@click.argument("export", type=click.Path(path_type=Path))
@click.option("--content", "content_dir", default="content", type=click.Path(path_type=Path), show_default=True)
@click.option("--replace", is_flag=True, help="Take the export's values for records the year holds otherwise.")
def import_command(section: str, export: Path, content_dir: Path, replace: bool) -> None:
    """Split EXPORT (a CSV or JSON export of the team's tool) into the year files of records
    section SECTION, by its first date column, merged by id with what they hold. Changed records
    are listed and need --replace; no record is ever dropped. Then validates the content."""
    root = Path.cwd()
    try:
        imported = importing.import_export(content_dir, section, export, replace=replace, root=root)
    except ContentError as exc:
        report(Validated(None, exc.problems), "human")
        say("nothing written")
        sys.exit(1)
    except (importing.ImportRefused, OSError) as exc:
        say(f"error: {exc}")
        sys.exit(1)
    for line in importing.describe(imported, root, replace):
        say(line)
    if imported.changed and not replace:
        say("records the export gives otherwise than the year holds them (run again with --replace to take them):")
        for line in importing.describe_changes(imported.changed):
            say(line)
        say("nothing written")
        sys.exit(1)
    for path in imported.comments_lost:
        say(f"warning: {path} was written anew; its comments are not kept")
    if not imported.written:
        say("nothing to write: the year files hold the export's records already")
    for path in imported.written:
        say(f"wrote {path}")
    validated = load_site(content_dir)
    report(validated, "human")
    sys.exit(1 if validated.errors else 0)


@main.command()
@click.option(
    "--language",
    required=True,
    # The shipped catalogs, alphabetical; a team's own (FOLDER/content/labels/<lang>.yaml) is accepted too.
    help=f"The site's language: {', '.join(sorted(languages()))}, or one of content/labels/<lang>.yaml.",
)
@click.option("--team", help="The team's name: the site's title and the printed report's cover.")
@click.option("--year", type=int, default=None, help="The first year to report on (default: this year).")
@click.option("--folder", type=click.Path(path_type=Path), default=".", show_default=True)
@click.option(
    "--reportgen-source",
    help="Where the workflows install reportgen from: a git URL at a tag or SHA, or a wheel's URL.",
)
def init(language: str, team: str | None, year: int | None, folder: Path, reportgen_source: str | None) -> None:
    """Start a team's report in an empty folder: mkdocs.yml (unless there is one), content/site.yaml
    and a first year with commented examples in LANGUAGE, the pull request check and the publish
    workflow. Never overwrites: run again, it updates only the publishing files the team has not changed."""
    first = year or date.today().year
    use_team_catalogs(folder / "content")  # a team's own language, if it brought its catalog
    if language not in languages():
        shipped = ", ".join(sorted(languages()))
        where = folder / "content" / "labels" / f"{language}.yaml"
        say(f"error: no catalog for language '{language}': use {shipped}, or add {where}")
        sys.exit(2)
    folder.mkdir(parents=True, exist_ok=True)  # `--folder new-team` need not exist yet
    again = (folder / "content" / "site.yaml").is_file()
    try:
        publish = PublishOptions(check_source(reportgen_source) if reportgen_source else None)
        written = init_project(folder, language, team, first, publish)
    except ValueError as exc:
        say(f"error: {exc}")
        sys.exit(1)
    for path in written:
        say(f"{'updated' if again else 'wrote'} {path}")
    next_steps(folder, say)
    if again:
        say(f"{folder / 'content'} and mkdocs.yml are kept as they were")
        return
    config = find_config(folder / "content")
    gaps = config_gaps(config, language) if config is not None and config not in written else []
    for gap in gaps:  # a team's own mkdocs.yml, kept as it was
        say(f"warning: {gap}")
    then = "fix mkdocs.yml as said above, then" if gaps else "then"
    say(f"next: fill in content/{first}/projects.yaml, {then} run `reportgen serve`")


@main.command()
@click.argument("year", type=int)
@click.option("--config", "config_file", default="mkdocs.yml", type=click.Path(path_type=Path), show_default=True)
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Defaults to report-YEAR.pdf.")
def pdf(year: int, config_file: Path, out_file: Path | None) -> None:
    """Lay out YEAR's annual report as a PDF: cover, contents, every section with its charts (A4 or Letter)."""
    out = out_file or Path(f"report-{year}.pdf")
    try:
        year_pdf(year, config_file, out)
    except (ValueError, BuildError, PluginError) as exc:
        say(f"error: {exc}")
        sys.exit(1)
    except OSError as exc:
        say(f"error: {os_error_line(exc, out)}")
        sys.exit(1)
    say(f"wrote {out}")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--config", "config_file", default="mkdocs.yml", type=click.Path(path_type=Path), show_default=True)
def serve(port: int, host: str, config_file: Path) -> None:
    """Preview the site on http://HOST:PORT while you edit: pages follow each save, and problems in
    the facts show in the page. A taken port is said at once, with a free one to use instead."""
    sys.exit(serve_site(config_file, host, port))


@main.command("site")
@click.option("--config", "config_file", default="mkdocs.yml", type=click.Path(path_type=Path), show_default=True)
@click.option("--site-dir", type=click.Path(path_type=Path), help="Build there instead of the config's site_dir.")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Fail on MkDocs's warnings.")
def site_command(config_file: Path, site_dir: Path | None, strict: bool) -> None:
    """Build the site with MkDocs, as `mkdocs build --strict` does, but beside site/, and swap it in
    whole: a build that fails or is stopped leaves the previous site as it was, and a second build
    of the same site while one runs stops at once."""
    try:
        with mkdocs_messages(say):
            target = build_site(config_file, strict=strict, site_dir=site_dir)
    except (SiteError, ConfigurationError) as exc:
        say(f"error: {exc}")
        sys.exit(1)
    say(f"built {target}")


@main.command("export")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for the standalone project (mkdocs.yml, docs/, overrides/).",
)
@click.option("--config", "config_file", default="mkdocs.yml", type=click.Path(path_type=Path), show_default=True)
@click.option("--watch", is_flag=True, help="Export again whenever the facts, templates, docs or config change.")
def export_command(out_dir: Path, config_file: Path, watch: bool) -> None:
    """Write a standalone copy of the site's project: the config without the reportgen plugin and
    with the navigation written out, and docs/ with the generated pages. Plain `mkdocs build` and
    Zensical build it."""
    try:
        paths = standalone.inputs(config_file)
        standalone.check_target(out_dir.resolve(), paths[1:])
    except (ValueError, PluginError, ConfigurationError) as exc:
        say(f"error: {exc}")
        sys.exit(2)

    def run() -> bool:
        try:
            export = standalone.prepare(config_file)
        except ContentError as exc:
            report(Validated(None, exc.problems), "human")
            say(f"{out_dir} is left as it was")
            return False
        except (BuildError, ValueError, PluginError, ConfigurationError) as exc:
            say(f"error: {exc}")
            return False
        except OSError as exc:  # reported, and --watch goes on
            say(f"error: {os_error_line(exc)}")
            return False
        if export.generated.problems:
            report(Validated(None, export.generated.problems), "human")
        try:
            changed = standalone.write(export, out_dir)
        except OSError as exc:  # each file is replaced whole: those not yet written are as they were
            say(f"error: {os_error_line(exc, out_dir, writing=True)}")
            return False
        click.echo(
            f"{out_dir}: {len(changed)} of {len(export.files)} files changed; "
            f"build it with `mkdocs build -f {out_dir / 'mkdocs.yml'}` or `zensical build -f {out_dir / 'mkdocs.yml'}`",
            err=True,
        )
        return True

    if not watch:
        sys.exit(0 if run() else 1)
    say(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C to stop)")
    # Stopped by a process manager (SIGTERM) as by Ctrl-C: a file being written is finished or
    # its temporary copy removed, rather than left half-way in the folder.
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        standalone.watch(paths, run)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
