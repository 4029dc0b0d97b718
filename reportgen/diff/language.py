"""The language a diff is written in: the head's, decided as the build decides it (load_site and
mkdocs_config.resolve), from the MkDocs config beside the head's content, whether the head is the
working tree, a git revision (whose copy brings its config along) or a folder, or from --config."""

from __future__ import annotations

from pathlib import Path

from reportgen.load.mkdocs_config import MkdocsSettings, find_config, read_config
from reportgen.load.problems import Problem


def head_config(head_dir: Path, config: Path | None, root: Path) -> tuple[MkdocsSettings | None, list[Problem], bool]:
    """The MkDocs settings the head is read with, its problems, and whether a config was found.

    Without one, the settings say nothing, and the build's rule makes the site English (unless
    site.yaml states a language): the diff is then English and says why on its first line."""
    path = config if config is not None else find_config(head_dir)
    if path is None:
        return MkdocsSettings(file=""), [], False
    settings, problems = read_config(path, root)
    return settings, problems, True
