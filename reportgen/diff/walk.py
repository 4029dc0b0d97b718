"""Two trees of facts walked into differences: list entries matched by id, by a natural key or by
their text, so that an edit reads as one change. Plain data in, year-less `Difference`s out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# The fields that name an entry of a list, so that an edit is matched to the entry it edits.
IDENTITY_FIELDS = ("id", "kpi", "key")
# The fields that say what an entry is, for a reader of the diff.
SUMMARY_FIELDS = ("name", "title", "metric", "text", "kpi", "id", "key")
# An entry without an id is matched to one with another key when at least this share of its fields agree.
SIMILAR = 0.5


# Values that say nothing about an added or removed entry: a field left out, an empty list.
EMPTY: tuple[Any, ...] = (None, [], (), {}, "")

# An added or removed entry: its fields and their text, labelled only when printed; or plain text.
Described = str | tuple[tuple[str, str], ...]


class Entry(str):
    """A step of a path that names an entry (its name, key or "#2"), printed as written, never as a label."""


@dataclass(frozen=True)
class Difference:
    """One fact added, removed or changed, where it stands in its tree: (section, entry, field, ...).

    `reordered` says a list holds the same entries in another order (then `before` and `after` are None)."""

    where: tuple[str, ...]  # readable steps: a section key, an entry's name, a field, "#2" for the second item
    before: Described | None  # None: added
    after: Described | None  # None: removed
    reordered: bool = False


def _summary(value: Any) -> str:
    if isinstance(value, dict):
        for name in SUMMARY_FIELDS:
            if isinstance(value.get(name), str):
                return value[name]
        return ", ".join(f"{k}: {_summary(v)}" for k, v in value.items() if v not in (None, [], ()))
    if isinstance(value, list):
        return ", ".join(_summary(v) for v in value)
    return str(value)


def _describe(value: Any, key: str | None = None) -> Described:
    """An added or removed entry in full: its fields, less the name its place already shows."""
    if isinstance(value, dict):
        shown = _name(value, key) if key is not None else _summary(value)
        hidden = {*IDENTITY_FIELDS, *([key] if key else [])}
        fields = tuple((k, _summary(v)) for k, v in value.items() if k not in hidden and v != shown and v not in EMPTY)
        return fields or shown
    return _summary(value)


def _unique_strings(entries: list[Any], field: str) -> bool:
    values = [v.get(field) for v in entries]
    return all(isinstance(v, str) and v for v in values) and len(set(values)) == len(values)


def _list_key(old: list[Any], new: list[Any]) -> str | None:
    """The field that names each entry of both lists: an id, else a natural key such as a service's
    name or a group's title (the first text field whose values are present and unique on each side)."""
    entries = [*old, *new]
    if not entries or not all(isinstance(v, dict) for v in entries):
        return None
    candidates = [*IDENTITY_FIELDS, *SUMMARY_FIELDS, *dict.fromkeys(k for v in entries for k in v)]
    for name in dict.fromkeys(candidates):
        if _unique_strings(old, name) and _unique_strings(new, name):
            return name
    return None


def _similar(a: Any, b: Any, key: str) -> bool:
    """Two entries that differ in their key but agree on most other fields: one entry renamed."""
    fields = ({*a} | {*b}) - {key}
    return bool(fields) and sum(a.get(f) == b.get(f) for f in fields) / len(fields) >= SIMILAR


def walk(old: Any, new: Any, where: tuple[str, ...] = ()) -> Iterator[Difference]:
    """Every difference between two documents of facts: list entries are matched by id, else by a
    natural key, else by their text, so that an insertion reads as one added entry, an edit as one
    change, and a reorder as one line, never as a removal and an addition of the same text."""
    if old == new:
        return
    if (old is None and isinstance(new, (dict, list))) or (new is None and isinstance(old, (dict, list))):
        # A whole file or list added or removed: its entries one by one, not as one long line.
        empty = type(new if old is None else old)()
        yield from walk(empty if old is None else old, empty if new is None else new, where)
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            yield from walk(old.get(key), new.get(key), (*where, key))
    elif isinstance(old, list) and isinstance(new, list):
        key = _list_key(old, new)
        yield from _walk_keyed(old, new, where, key) if key else _walk_items(old, new, where)
    elif old in (None, [], ()):
        yield Difference(where, None, _describe(new))
    elif new in (None, [], ()):
        yield Difference(where, _describe(old), None)
    else:
        yield Difference(where, _summary(old), _summary(new))


def _walk_keyed(old: list[Any], new: list[Any], where: tuple[str, ...], key: str) -> Iterator[Difference]:
    before = {v[key]: v for v in old}
    after = {v[key]: v for v in new}
    old_keys, new_keys = list(before), list(after)
    gone = [i for i, k in enumerate(old_keys) if k not in after]
    came = [j for j, k in enumerate(new_keys) if k not in before]
    # An entry whose key changed but whose other fields mostly did not, in the same place: one entry renamed.
    renamed = {
        new_keys[j]: old_keys[i]
        for i, j in _same_place(gone, came)
        if _similar(before[old_keys[i]], after[new_keys[j]], key)
    }
    for k, entry in after.items():
        step = Entry(_name(entry, key))
        if k in before or k in renamed:
            yield from walk(before[renamed.get(k, k)], entry, (*where, step))
        else:
            yield Difference((*where, step), None, _describe(entry, key))
    replaced = set(renamed.values())
    for i in gone:
        if old_keys[i] not in replaced:
            entry = before[old_keys[i]]
            yield Difference((*where, Entry(_name(entry, key))), _describe(entry, key), None)
    if [k for k in old_keys if k in after] != [k for k in new_keys if k in before]:
        yield Difference(where, None, None, reordered=True)


def _same_place(gone: list[int], came: list[int]) -> Iterator[tuple[int, int]]:
    """Pairs of an entry that left (its position on the old side) and one that came (on the new side)
    between the same kept neighbours: those with as many kept entries before them, in their order.
    Both lists are ascending; this is linear, so a long list costs no more than its length."""
    waiting: dict[int, list[int]] = {}
    for n, j in enumerate(came):  # j - n: how many kept entries stand before the n-th added one
        waiting.setdefault(j - n, []).append(j)
    taken: dict[int, int] = {}
    for n, i in enumerate(gone):
        anchor, queue = i - n, waiting.get(i - n, [])
        if taken.get(anchor, 0) < len(queue):
            yield i, queue[taken.get(anchor, 0)]
            taken[anchor] = taken.get(anchor, 0) + 1


def _name(entry: dict[str, Any], key: str) -> str:
    """How an entry is named in a path: its name or title where it has one, else its key."""
    summary = next((entry[f] for f in SUMMARY_FIELDS if isinstance(entry.get(f), str)), None)
    return summary if summary is not None else str(entry[key])


def _walk_items(old: list[Any], new: list[Any], where: tuple[str, ...]) -> Iterator[Difference]:
    """Entries without a key, matched by their text. An entry found on both sides is the same entry,
    wherever it stands; one that left and one that came between the same neighbours are one edit."""
    old_texts, new_texts = [repr(v) for v in old], [repr(v) for v in new]
    gone, came = _unmatched(old_texts, new_texts), _unmatched(new_texts, old_texts)
    pairs = dict(_same_place(gone, came))
    edited = set(pairs.values())
    for i in gone:
        if i in pairs:
            yield from walk(old[i], new[pairs[i]], (*where, Entry(f"#{pairs[i] + 1}")))
        else:
            yield Difference((*where, Entry(f"#{i + 1}")), _describe(old[i]), None)
    for j in came:
        if j not in edited:
            yield Difference((*where, Entry(f"#{j + 1}")), None, _describe(new[j]))
    left, arrived = set(gone), set(came)
    kept_old = [t for i, t in enumerate(old_texts) if i not in left]
    kept_new = [t for j, t in enumerate(new_texts) if j not in arrived]
    if kept_old != kept_new:
        yield Difference(where, None, None, reordered=True)


def _unmatched(texts: list[str], others: list[str]) -> list[int]:
    """The positions in `texts` of the entries `others` does not hold (as many of each as it lacks)."""
    extra = Counter(texts) - Counter(others)
    found = []
    for i, text in enumerate(texts):
        if extra[text] > 0:
            extra[text] -= 1
            found.append(i)
    return found
