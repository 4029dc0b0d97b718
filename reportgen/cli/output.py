"""What the commands print for people and for CI: messages on stderr, made safe, and validation's report."""

from __future__ import annotations

import json

import click

from reportgen.check.validate import Validated
from reportgen.load.problems import safe_line
from reportgen.model.facts import Site
from reportgen.render.provenance import inferred_facts


def say(text: str) -> None:
    """A message for people, on stderr: each line made safe (a fact quoted in it cannot start a line
    that a CI log reads as a workflow command)."""
    click.echo("\n".join(safe_line(line) for line in text.split("\n")), err=True)


def report(validated: Validated, output_format: str) -> None:
    if output_format == "json":
        report_json(validated)
        return
    for problem in validated.problems:
        line = problem.for_github() if output_format == "github" else problem.for_people()
        click.echo(line, err=output_format != "github")
    errors = len(validated.errors)
    warnings = len(validated.problems) - errors
    if output_format != "github":
        say(f"{errors} error(s), {warnings} warning(s)")


def report_json(validated: Validated) -> None:
    """One JSON document on stdout: every problem with its code, and the counts."""
    errors = len(validated.errors)
    document = {
        "problems": [problem.as_json() for problem in validated.problems],
        "errors": errors,
        "warnings": len(validated.problems) - errors,
    }
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def list_inferred(site: Site, *, err: bool = False) -> None:
    """One line per inferred value: where it is, what it says, and why the team inferred it."""
    found = [(report.year, fact) for report in site.reports for fact in inferred_facts(report)]
    for year, fact in found:
        line = f"{year} {fact.collection} {fact.id} ({fact.subject}): {fact.field} = {fact.value}: {fact.reason}"
        click.echo(safe_line(line), err=err)
    say(f"{len(found)} inferred value(s)")
