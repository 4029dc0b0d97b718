"""Whole generated trees, kept between builds, so that an unchanged project skips reportgen's work.

The key is a digest of every input: the content files, the templates (the project's and the
bundled ones), reportgen's own code and the versions of the libraries that shape the output.
Nothing heavy is imported here: a build that hits the cache never loads pydantic or matplotlib.
"""

from __future__ import annotations

import dataclasses
import hashlib
from importlib import metadata
from pathlib import Path
from typing import Any

from .locations import PACKAGE, default_templates_dir
from .problems import Problem, Severity
from .store import ContentStore
from .tree import GeneratedTree

TREE_FORMAT = "1"  # bump when the stored shape changes
LIBRARIES = ("jinja2", "pydantic", "babel", "matplotlib", "koreanize-matplotlib")
KEEP_TREES = 8  # older entries are removed: each is the whole site


def _add_folder(digest: Any, folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def inputs_digest(content_dir: Path, templates_dir: Path) -> str:
    """A digest of everything the generated tree depends on."""
    digest = hashlib.sha256(f"{TREE_FORMAT}\0".encode())
    # In this repository the project's templates are the bundled ones: read each folder once.
    folders = dict.fromkeys(f.resolve() for f in (content_dir, templates_dir, default_templates_dir(), PACKAGE))
    for folder in folders:
        digest.update(str(folder).encode() + b"\0")
        _add_folder(digest, folder)
    for library in LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\0".encode())
    return digest.hexdigest()


class TreeCache:
    def __init__(self, root: Path) -> None:
        self.store = ContentStore(root / "trees", ".json")

    def get(self, key: str) -> tuple[GeneratedTree, list[Problem], dict[str, Any]] | None:
        content = self.store.get(key)
        if content is None:
            return None
        tree, extra = GeneratedTree.from_json(content)
        problems = [Problem(**{**p, "severity": Severity(p["severity"])}) for p in extra.pop("problems")]
        return tree, problems, extra

    def put(self, key: str, tree: GeneratedTree, problems: list[Problem], extra: dict[str, Any]) -> None:
        payload = {"problems": [dataclasses.asdict(p) for p in problems], **extra}
        self.store.put(key, tree.to_json(payload))
        self._prune()

    def _prune(self) -> None:
        root = self.store.root
        assert root is not None
        entries = sorted(root.rglob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[KEEP_TREES:]:
            stale.unlink(missing_ok=True)
            stale.with_suffix(".sha256").unlink(missing_ok=True)
