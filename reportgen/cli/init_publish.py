"""What `reportgen init` writes for publishing: the pull request check, the publish workflow, a
Dependabot config, and a pinned requirements.txt for the team's site (templates in publish_templates/).

Each file starts with a checksum of what init wrote. Running init again replaces a file whose
checksum still matches (the team has not changed it), and for one the team has changed, shows
the difference instead of overwriting it.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from reportgen.cli.git_branch import default_branch
from reportgen.load.locations import DISTRIBUTION, PACKAGE

TEMPLATES = Path(__file__).resolve().parent / "publish_templates"
# Where each file goes in the team's repository, from which template.
FILES = {
    ".github/workflows/report-check.yml": "report-check.yml",
    ".github/workflows/report-publish.yml": "report-publish.yml",
    ".github/dependabot.yml": "dependabot.yml",
    "requirements.txt": "requirements.txt",
}
PLACEHOLDER = "SET-ME-to-a-git-URL-at-a-tag-or-SHA-or-a-wheel-URL"
MARK = "# reportgen-init-sha256:"
HEADER = "# Written by reportgen init. While the checksum below matches, init run again updates this file.\n"
_GIT = re.compile(r"^git\+(https|ssh|file)://[^\s@]+(\.git)?@[\w./-]+$")
_WHEEL = re.compile(r"^(https|file)://\S+\.whl$")


@dataclass(frozen=True)
class PublishOptions:
    source: str | None = None  # where the workflows install reportgen from (--reportgen-source)


def check_source(source: str) -> str:
    """A source pip can install reportgen from in CI: a git URL at a tag or SHA, or a wheel's URL."""
    if _GIT.match(source) or _WHEEL.match(source):
        return source
    raise ValueError(
        f"--reportgen-source {source!r} is neither a git URL at a tag or SHA "
        "(git+https://github.com/OWNER/REPOSITORY.git@v0.1.0) nor a wheel's URL (https://…/reportgen_site-….whl)"
    )


def _requirements(name: str) -> list[str]:
    try:
        return metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        if canonicalize_name(name) != canonicalize_name(DISTRIBUTION):
            raise
        # A checkout run from its source tree (PYTHONPATH): the dependencies its pyproject.toml declares.
        pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
        return list(pyproject["project"]["dependencies"])


def pins() -> list[str]:
    """`name==version` for every package reportgen needs, as installed here, in name order."""
    found: dict[str, str] = {}
    waiting = [DISTRIBUTION]
    while waiting:
        for line in _requirements(waiting.pop()):
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue  # another platform's, or an extra's
            name = canonicalize_name(requirement.name)
            if name in found:
                continue
            try:
                found[name] = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                continue  # not installed here: pip resolves it in CI
            waiting.append(requirement.name)
    return [f"{name}=={version}" for name, version in sorted(found.items())]


def _source_in(requirements: Path) -> str | None:
    """The source an earlier init wrote, kept when init runs again without --reportgen-source."""
    if not requirements.is_file():
        return None
    for line in requirements.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{DISTRIBUTION} @ ") and PLACEHOLDER not in line:
            return line.split(" @ ", 1)[1].strip()
    return None


def render(folder: Path, options: PublishOptions) -> dict[str, str]:
    """The publishing files' texts, by path in the repository, each with its checksum header."""
    source = options.source or _source_in(folder / "requirements.txt")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    install = (TEMPLATES / "install-steps.yml").read_text(encoding="utf-8")
    values = {
        "@INSTALL@\n": install,
        "@DISTRIBUTION@": DISTRIBUTION,
        "@BRANCH@": default_branch(folder),
        "@PYTHON@": python,
        "@SOURCE_WHAT@": "this source:" if source else "a source to set here\n# (reportgen init --reportgen-source):",
        "@SOURCE@": source or PLACEHOLDER,
        "@PINS@": "\n".join(p for p in pins() if not p.startswith(f"{DISTRIBUTION}==")),
    }
    texts = {}
    for path, template in FILES.items():
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        texts[path] = with_checksum(text)
    return texts


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def with_checksum(body: str) -> str:
    return f"{HEADER}{MARK} {_digest(body)}\n{body}"


def unchanged_since_init(text: str) -> bool:
    """Whether a file is as init wrote it: its checksum line matches the rest."""
    lines = text.split("\n", 2)
    if len(lines) < 3 or lines[0] + "\n" != HEADER or not lines[1].startswith(MARK):
        return False
    return lines[1].removeprefix(MARK).strip() == _digest(lines[2])


def _diff(old: str, new: str, path: str) -> Iterable[str]:
    return difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{path} (yours)", f"{path} (init's now)"
    )


def write_publish(folder: Path, options: PublishOptions, say: Callable[[str], None]) -> list[Path]:
    """Write the publishing files; returns those written. One the team changed is kept as it is,
    and what init would write now is shown as a diff."""
    written = []
    for relative, text in render(folder, options).items():
        path = folder / relative
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if current is not None and not unchanged_since_init(current):
            say(f"kept {path}: it was changed since init wrote it; what init would write now:")
            for line in _diff(current, text, relative):
                say(line.rstrip("\n"))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def next_steps(folder: Path, say: Callable[[str], None]) -> None:
    """What is left to do by hand once the files are pushed, and what init could not do for the team."""
    requirements = folder / "requirements.txt"
    if requirements.is_file() and PLACEHOLDER in requirements.read_text(encoding="utf-8"):
        say(
            "warning: requirements.txt does not say where reportgen comes from: replace its SET-ME line, "
            "or run reportgen init --reportgen-source URL again (a git URL at a tag or SHA, or a wheel URL)"
        )
    config = folder / "mkdocs.yml"
    if config.is_file() and "REPORTGEN_SITE_URL" not in config.read_text(encoding="utf-8"):
        say('warning: mkdocs.yml has no site_url from the workflow: add site_url: !ENV [REPORTGEN_SITE_URL, ""]')
    say("publishing: once pushed to GitHub, set Settings > Pages > Source to GitHub Actions (the one manual step)")
