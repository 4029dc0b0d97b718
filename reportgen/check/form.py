"""Checks of form: a content file read against its model, pydantic's errors turned into problems
at the file:line:col of the value, with a hint that says what to write instead."""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.load.loader import Document, KeyPath, Reported, load_document
from reportgen.load.problems import Problem, display_path, not_one_of, suggest


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `tuple[Project, ...] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        current = _inner_model(field.annotation) if field else None
    return current


def _data_path(loc: tuple[Any, ...], doc: Document, model: type[BaseModel]) -> KeyPath:
    """Pydantic's error location as a path into the YAML data, minus the union-branch tags it inserts."""
    path: KeyPath = ()
    for part in loc:
        candidate = (*path, part)
        owner = _model_at(model, path)
        if candidate in doc.positions or candidate in doc.key_positions or (owner and part in owner.model_fields):
            path = candidate
    return path


def _problem_from_error(error: Any, doc: Document, model: type[BaseModel]) -> Problem:
    loc = _data_path(tuple(error["loc"]), doc, model)
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        key = str(loc[-1])
        hint = suggest(key, owner.model_fields) if owner else ""
        allowed = ", ".join(owner.model_fields) if owner else ""
        return doc.problem(loc, f"unknown key '{key}'", hint or f"allowed keys: {allowed}", key=True)
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required field '{loc[-1]}'", f"add '{loc[-1]}:' here")
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
        given = error.get("input")
        if isinstance(given, Reported):  # `no`, `on`, `yes`: YAML 1.1 would read a yes/no value
            return doc.problem(
                loc, f"'{given}' is ambiguous: YAML reads it as a yes/no value", f"write one of {expected}"
            )
        return doc.problem(loc, *not_one_of(given, expected, choices))
    if kind == "int_type" and isinstance(error.get("input"), float):  # 17.0 in a column of whole numbers
        given = error["input"]
        whole = f"write {int(given)}" if given.is_integer() else "round it to a whole number"
        return doc.problem(loc, f"expected a whole number, got {given!r}", whole)
    if kind in {"int_type", "float_type"}:
        given = error.get("input")
        quoted_number = isinstance(given, str) and given.strip().lstrip("-").replace(".", "", 1).isdigit()
        hint = "remove the quotes" if quoted_number else "write a plain number, e.g. 62"
        return doc.problem(loc, f"expected a number, got {given!r}", hint)
    given = error.get("input")
    if kind in {"tuple_type", "list_type"} and isinstance(given, str):
        parts = [part.strip() for part in given.split(",") if part.strip()]
        example = "[" + ", ".join(parts) + "]" if len(parts) > 1 else f"[{given.strip()}]"
        return doc.problem(
            loc,
            f"expected a list, got the text '{given}'",
            f"write a YAML list such as {example}, or one '- item' per line",
        )
    if kind.startswith("datetime") and isinstance(given, str):
        digits = [int(d) for d in re.findall(r"\d+", given)]
        example = "2024-03-04 09:30"
        if len(digits) >= 3 and len(str(digits[0])) == 4:  # the day as written, and its time if it has one
            time = digits[3:5]
            hour, minute = (time[0] if time else 9), (time[1] if len(time) > 1 else 0)
            example = f"{digits[0]}-{digits[1]:02d}-{digits[2]:02d} {hour:02d}:{minute:02d}"
        return doc.problem(
            loc,
            f"'{given}' is not a date and time",
            f"write dates and times as YYYY-MM-DD HH:MM, e.g. {example}",
        )
    if kind.startswith("date") and isinstance(given, str):
        digits = re.findall(r"\d+", given)
        example = (
            f"{digits[0]}-{int(digits[1]):02d}-{int(digits[2]):02d}"
            if len(digits) == 3 and len(digits[0]) == 4
            else "2024-03-04"
        )
        return doc.problem(loc, f"'{given}' is not a date", f"write dates as YYYY-MM-DD, e.g. {example}")
    if kind in {
        "string_type",
        "bool_type",
        "date_type",
        "tuple_type",
        "model_type",
        "dict_type",
        "list_type",
    }:
        shown = type(given).__name__ if isinstance(given, (dict, list)) else repr(given)
        hint = "quote the value if it is meant as text" if kind == "string_type" else "check the value's type"
        return doc.problem(loc, f"{message}, got {shown}", hint)
    bounds = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than"}
    if kind in {*bounds, "less_than"}:  # a declared min/max (a percentage up to 100, a count from 0)
        ctx = error.get("ctx", {})
        limit = next(iter(ctx.values()), "")
        bound = bounds.get(kind, "less than")
        field = f"'{loc[-1]}'" if loc and isinstance(loc[-1], str) else "the value"
        return doc.problem(
            loc,
            f"{given!r} is out of range: {field} is {bound} {limit}",
            "correct the value; the column's range is declared with 'min' and 'max'"
            if loc and loc[0] == "records"
            else "correct the value",
        )
    if kind == "string_pattern_mismatch":
        return doc.problem(
            loc,
            f"'{error.get('input')}' is not a valid id",
            "ids use lowercase letters, digits and hyphens, e.g. 'naver-sdk'",
        )
    if "before the start date" in message:
        return doc.problem(loc, message, "check both dates; a project ends on or after the day it starts")
    if kind == "too_short":
        return doc.problem(loc, message, "add at least one entry, or remove the key")
    if kind == "string_too_long":
        return doc.problem(loc, f"'{given}' is too long ({message.lower()})", "shorten it")
    if message.startswith("Input should be "):  # pydantic's own wording, said the way the other messages are
        return doc.problem(
            loc, f"expected {message.removeprefix('Input should be ')}, got {given!r}", "correct the value"
        )
    return doc.problem(loc, message, "")


def _typo_target(error: Any, doc: Document, model: type[BaseModel]) -> tuple[KeyPath, str] | None:
    """For an unknown key that looks like a misspelt field: (where, the field it was meant to be)."""
    loc = _data_path(tuple(error["loc"]), doc, model)
    owner = _model_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1, cutoff=0.6) if owner else []
    return (loc[:-1], close[0]) if close else None


def _validate_document(doc: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    # A misspelt key also leaves its field missing; the "did you mean" already says all there is to say.
    misspelt = {_typo_target(e, doc, model) for e in errors if e["type"] == "extra_forbidden"}
    located = [(e, _data_path(tuple(e["loc"]), doc, model)) for e in errors]
    problems: list[Problem] = []
    for error, loc in located:
        if error["type"] == "missing" and (loc[:-1], loc[-1]) in misspelt:
            continue
        if isinstance(error.get("input"), Reported) and error["type"] != "literal_error":
            continue  # the loader already said what is wrong with this value; a choice field says it better
        # A list left empty only because its entries were invalid is not also "too short".
        if error["type"] == "too_short" and any(other[: len(loc)] == loc and other != loc for _, other in located):
            continue
        problem = _problem_from_error(error, doc, model)
        if problem not in problems:  # a union (int | float) fails once per branch
            problems.append(problem)
    return None, problems


def load_file(
    path: Path, root: Path, model: type[BaseModel]
) -> tuple[Document | None, BaseModel | None, list[Problem]]:
    doc, problems = load_document(path, display_path(path, root))
    if doc is None:
        return None, None, problems
    facts, more = _validate_document(doc, model)
    # Where the schema restated a value the loader refused (with the choices it allows), keep the restatement.
    restated = {(p.line, p.col) for p in more}
    problems = [p for p in problems if (p.line, p.col) not in restated] + more
    return doc, (facts if not problems else None), problems
