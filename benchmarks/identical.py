"""Proof that a change of structure changes no output: every byte of both sites, before and after.

`snapshot DIR` builds the sample and examples/sre-team from a copy of the repository, with cold
caches, through every route a user takes, and writes a digest of every file they produce:

- `reportgen build --out` (the generated tree, SVG bytes included);
- `mkdocs build --strict` (the HTML site; sitemap dates, which carry the build day, are blanked);
- `reportgen pdf YEAR` for each year, as the PDF's bytes and as `pdftotext -layout`;
- `reportgen validate` and `reportgen validate --format github` (what a lead reads).

`compare A B` lists every file whose bytes differ, and exits 1 if any does. Only the CLI is run,
never an import, so the script works across any move of reportgen's modules:

    .venv/bin/python -m benchmarks.identical snapshot /tmp/before      # at the base commit
    .venv/bin/python -m benchmarks.identical snapshot /tmp/after       # after the change
    .venv/bin/python -m benchmarks.identical compare /tmp/before /tmp/after
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SITES = {"sample": Path("."), "sre-team": Path("examples/sre-team")}
_SITEMAP_DATE = re.compile(rb"<lastmod>[^<]*</lastmod>")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, check=False)


def _digests(folder: Path, prefix: str, into: dict[str, str]) -> None:
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if path.name == "sitemap.xml":
            content = _SITEMAP_DATE.sub(b"<lastmod/>", content)
        if path.name == "sitemap.xml.gz":
            continue  # gzip of the above, with the build's date inside
        into[f"{prefix}/{path.relative_to(folder).as_posix()}"] = hashlib.sha256(content).hexdigest()


def _text(into: dict[str, str], key: str, content: bytes) -> None:
    into[key] = hashlib.sha256(content).hexdigest()


def snapshot(out: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-identical-") as scratch:
        copy = Path(scratch) / "repo"
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", ".cache", "site", "node_modules"))
        env = {
            **os.environ,
            "PYTHONPATH": str(copy),
            "NO_MKDOCS_2_WARNING": "1",
            "REPORTGEN_REPO_URL": "https://x.test/r",
        }
        for name, where in SITES.items():
            project = copy / where
            _text(found, f"{name}/validate.txt", _run([str(BIN / "reportgen"), "validate"], project, env).stderr)
            github = _run([str(BIN / "reportgen"), "validate", "--format", "github"], project, env)
            _text(found, f"{name}/validate-github.txt", github.stdout)
            tree = Path(scratch) / f"{name}-tree"
            built = _run([str(BIN / "reportgen"), "build", "--out", str(tree), "--no-cache"], project, env)
            if built.returncode != 0:
                raise SystemExit(f"{name}: reportgen build failed:\n{built.stderr.decode()}")
            _digests(tree, f"{name}/tree", found)
            site = Path(scratch) / f"{name}-site"
            mk = _run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], project, env)
            if mk.returncode != 0:
                raise SystemExit(f"{name}: mkdocs build failed:\n{mk.stderr.decode()}")
            _digests(site, f"{name}/site", found)
            years = sorted(p.name for p in (project / "content").iterdir() if p.name.isdigit())
            for year in years:
                pdf = Path(scratch) / f"{name}-{year}.pdf"
                made = _run([str(BIN / "reportgen"), "pdf", year, "--out", str(pdf)], project, env)
                if made.returncode != 0:
                    raise SystemExit(f"{name}: reportgen pdf {year} failed:\n{made.stderr.decode()}")
                _text(found, f"{name}/pdf/{year}.pdf", pdf.read_bytes())
                text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
                (out / f"{name}-{year}.txt").write_bytes(text.stdout)
                _text(found, f"{name}/pdf/{year}.txt", text.stdout)
    (out / "digests.json").write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
    return found


def compare(before: Path, after: Path) -> int:
    old = json.loads((before / "digests.json").read_text())
    new = json.loads((after / "digests.json").read_text())
    differ = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    gone, came = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    for label, keys in (("differs", differ), ("only before", gone), ("only after", came)):
        for key in keys:
            print(f"{label}: {key}")
    print(f"{len(old)} files before, {len(new)} after; {len(differ) + len(gone) + len(came)} differ")
    return 1 if differ or gone or came else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("snapshot").add_argument("out", type=Path)
    both = sub.add_parser("compare")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        found = snapshot(args.out)
        print(f"{len(found)} files digested into {args.out / 'digests.json'}")
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
