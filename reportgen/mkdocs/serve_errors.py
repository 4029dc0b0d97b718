"""The page `mkdocs serve` shows while the facts or templates cannot be built.

MkDocs 1.6 keeps a browser's request open until a rebuild succeeds, so a typo in the YAML
looks like a hung preview. During serve the plugin builds this page instead (at every page's
address) and the problems stay visible in the browser until the file is fixed, as Hugo does.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from reportgen.load.catalogs import REFERENCE, catalog, languages
from reportgen.load.problems import Problem, Severity, display_path

SITE_FILE = "site.yaml"

_STYLE = """
body { font-family: system-ui, "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", NanumGothic, sans-serif;
       margin: 0; color: #1f2328; background: #fff; line-height: 1.5; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { color: #b42318; font-size: 1.6rem; }
ol { padding-left: 1.5rem; }
li { margin: 0 0 .9rem; }
.where { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-weight: 600;
         background: #fff1f0; padding: .1rem .3rem; border-radius: .2rem; overflow-wrap: anywhere; }
.warning .where { background: #fff8c5; }
.hint { display: block; color: #57606a; }
.message { overflow-wrap: anywhere; white-space: pre-wrap; }
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; } h1 { color: #ff7b72; }
  .where { background: #3d1d1d; } .warning .where { background: #3b2e00; } .hint { color: #9198a1; }
}
"""


def site_language(language: object) -> str:
    """The interface language MkDocs is configured with (theme.language), or English when it is
    not one whose labels ship: the page must be readable whatever is broken."""
    return language if isinstance(language, str) and language in languages() else REFERENCE


def build_error_problem(message: str, root: Path) -> Problem:
    """A template or chart failure as one item of the list; its message already names the place."""
    where, _, rest = message.partition(": ")
    file, _, line = where.rpartition(":")
    if file and line.isdigit() and rest:
        return Problem(display_path(Path(file), root), int(line), 1, rest, code="build-failed")
    return Problem("", 0, 0, message, code="build-failed")


def _item(problem: Problem, t: dict[str, str]) -> str:
    where = f"{problem.file}:{problem.line}:{problem.col}" if problem.file else ""
    warning = problem.severity is Severity.WARNING
    parts = [f'<code class="where">{escape(where)}</code> ' if where else ""]
    if warning:
        parts.append(f"<strong>{escape(t['serve_error_warning'])}</strong> ")
    parts.append(f'<span class="message">{escape(problem.message)}</span>')
    if problem.hint:
        parts.append(f'<span class="hint"> ({escape(problem.hint)})</span>')  # as the terminal prints it
    return f'<li class="{"warning" if warning else "error"}">{"".join(parts)}</li>'


def error_page(problems: list[Problem], language: str, *, reload_seconds: int | None = None) -> str:
    """A whole HTML page listing `problems`, every piece of their text escaped.

    `reload_seconds` makes the page reload itself: the 404 page gets no live-reload script
    from MkDocs, so it polls for the fixed site on its own.
    """
    t = catalog(site_language(language))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    ordered = [*errors, *(p for p in problems if p.severity is not Severity.ERROR)]
    refresh = f'<meta http-equiv="refresh" content="{reload_seconds}">' if reload_seconds else ""
    items = "\n".join(_item(problem, t) for problem in ordered)
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{refresh}<title>{escape(t['serve_error_title'])}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<main role="alert">\n<h1>{escape(t["serve_error_title"])}</h1>\n'
        f"<p>{escape(t['serve_error_count'].format(count=len(errors)))}</p>\n"
        f'<ol class="problems">\n{items}\n</ol>\n'
        f"<p>{escape(t['serve_error_reload'])}</p>\n</main>\n</body>\n</html>\n"
    )
