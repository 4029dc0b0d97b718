"""The README's "Pull requests" example is the real job summary of the sample's report PR, current."""

from __future__ import annotations

from tests import readme_diff


def test_the_readmes_pull_request_summary_is_current() -> None:
    readme = readme_diff.README.read_text(encoding="utf-8")
    assert readme_diff.current(readme) == readme_diff.block(readme_diff.summary()), (
        "regenerate it: PYTHONPATH=. .venv/bin/python -m tests.readme_diff"
    )


def test_the_example_ends_with_the_link_to_the_built_site_in_the_sites_language() -> None:
    lines = readme_diff.summary().splitlines()
    assert lines[0].startswith("- 기준: git 리비전 HEAD~1 (")
    assert lines[-1] == f"이 풀 리퀘스트로 빌드한 사이트 (실행 결과에서 내려받기): <{readme_diff.SITE_URL}>"
