"""The README's "Pull requests" example is the real job summary of the sample's report PR, current."""

from __future__ import annotations

import re

from tests import readme_diff

# The two commits' ids depend on every byte of the sample (its schemas too, which other changes
# regenerate): they are compared as commit ids, the rest word for word.
COMMIT = re.compile(r"\(([0-9a-f]{7})\)")


def test_the_readmes_pull_request_summary_is_current() -> None:
    readme = readme_diff.README.read_text(encoding="utf-8")
    now = readme_diff.block(readme_diff.summary())
    assert COMMIT.sub("(commit)", readme_diff.current(readme)) == COMMIT.sub("(commit)", now), (
        "regenerate it: PYTHONPATH=. .venv/bin/python -m tests.readme_diff"
    )
    assert len(COMMIT.findall(now)) == 2  # the base's and the head's


def test_the_example_ends_with_the_link_to_the_built_site_in_the_sites_language() -> None:
    lines = readme_diff.summary().splitlines()
    assert lines[0].startswith("- 기준: git 리비전 HEAD~1 (")
    assert lines[-1] == f"이 풀 리퀘스트로 빌드한 사이트 (실행 결과에서 내려받기): <{readme_diff.SITE_URL}>"
