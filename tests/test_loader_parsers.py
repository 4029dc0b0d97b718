"""The loader parses with libyaml when it can; the nodes, positions and refused tags must be exactly
those of PyYAML's Python parser, which still reports every error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from benchmarks.synthetic import year_files
from reportgen.load import loader

from .conftest import REPO

SNIPPETS = [
    'name: 네이버 프로젝트\nresults:\n  - 클라이언트 요구사항 충족\n  - "따옴표: 안"\n',
    "text: |\n  첫 줄\n    들여쓴 줄\n\n  끝\nfolded: >-\n  접힌\n  문장\n",
    "items:\n  - H100 GPU 서버 2대 설치\n    - NAS 용량 증설 (120TB)\n",  # folded into the first item
    "flow: {a: 1, b: [x, 'y', \"z\"]}\nempty: []\nnone: ~\n",
    "tags: !!python/object/apply:os.system [touch pwned]\nok: !!str 2023\ncustom: !mine x\n",
    "start: 2023-03-06\nrate: 62.5\nflag: yes\noctal: 017\ntime: 1:30\n",
    "# comment only line\nkey: value # trailing\n'quoted key': 1\n? complex\n: value\n",
    "long: this plain scalar\n  continues on the next line\n  and the next\n",
    'emoji: "\\U0001F600 😀"\nmixed: Aloha 고객사 — 2단계\n',
]
BROKEN = [
    "a: b: c\n",
    "a: &x 1\nb: *x\n",
    "- [" * 70 + "\n",
    "key: 'unterminated\n",
    "a: 1\na:\n  - x\n - y\n",
    "---\na: 1\n---\nb: 2\n",
]


def _walk(node: yaml.Node, bad: dict[int, str]) -> Iterator[tuple[object, ...]]:
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    yield (type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column, node.end_mark.line,
           node.end_mark.column, getattr(node, "style", None), value, bad.get(id(node)))  # fmt: skip
    children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else []
    children += node.value if isinstance(node, yaml.SequenceNode) else []
    for child in children:
        yield from _walk(child, bad)


def _pure(text: str) -> list[tuple[object, ...]]:
    parser = loader._PureLoader(text)
    try:
        node = parser.get_single_node()
        return list(_walk(node, parser.bad_tags))
    finally:
        parser.dispose()


def _texts() -> list[str]:
    files = [*REPO.glob("content/**/*.yaml"), *REPO.glob("examples/**/*.yaml")]
    files += [*REPO.glob("reportgen/labels/*.yaml"), *REPO.glob("reportgen/ready/*.yaml")]  # not starters: templates
    texts = [path.read_text(encoding="utf-8") for path in sorted(files)]
    texts += [yaml.safe_dump(data, allow_unicode=True) for data in year_files(2020, 100, 1).values()]
    return texts + SNIPPETS


def test_libyaml_is_the_parser_in_use() -> None:
    assert loader._FastLoader is not None  # PyYAML's wheels ship it; without it builds are slower, not wrong


@pytest.mark.parametrize("text", _texts())
def test_both_parsers_compose_the_same_nodes_at_the_same_places(text: str) -> None:
    node, bad = loader.compose(text)
    assert node is not None
    assert list(_walk(node, bad)) == _pure(text)


@pytest.mark.parametrize("text", BROKEN)
def test_an_error_is_pyyamls_own(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as fast:
        loader.compose(text)
    with pytest.raises(yaml.YAMLError) as pure:
        _pure(text)
    assert str(fast.value) == str(pure.value)


def test_a_folded_list_item_is_still_found_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(SNIPPETS[2], encoding="utf-8")
    _, problems = loader.load_document(path, "x.yaml")
    assert [(p.line, p.col) for p in problems] == [(3, 5)]
