"""Checks of form: a content file read against its model, pydantic's errors turned into problems
at the file:line:col of the value, with a hint that says what to write instead."""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.load.loader import Document, KeyPath, Reported, load_document
from reportgen.load.problems import Problem, display_path, not_one_of, suggest
from reportgen.model.fields import RECORD_ID_PATTERN, is_declared_range


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `tuple[Project, ...] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    """A model's fields as a file writes them: by alias where one is given (`from:` for from_)."""
    return [info.alias or name for name, info in model.model_fields.items()]


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
        if candidate in doc.positions or candidate in doc.key_positions or (owner and part in _field_names(owner)):
            path = candidate
    return path


@dataclass(frozen=True)
class _Error:
    """One of pydantic's errors, located in the YAML it came from."""

    raw: Any  # pydantic's error dict
    doc: Document
    model: type[BaseModel]
    loc: KeyPath

    @property
    def kind(self) -> str:
        return str(self.raw["type"])

    @property
    def given(self) -> Any:
        return self.raw.get("input")

    @property
    def ctx(self) -> dict[str, Any]:
        return self.raw.get("ctx", {})

    @property
    def message(self) -> str:
        return str(self.raw["msg"]).removeprefix("Value error, ")

    def problem(self, message: str, hint: str, code: str, *, key: bool = False) -> Problem:
        return self.doc.problem(self.loc, message, hint, code=code, key=key)


def _unknown_key(e: _Error) -> Problem:
    owner = _model_at(e.model, e.loc[:-1])
    key = str(e.loc[-1])
    hint = suggest(key, _field_names(owner)) if owner else ""
    allowed = ", ".join(_field_names(owner)) if owner else ""
    return e.problem(f"unknown key '{key}'", hint or f"allowed keys: {allowed}", "unknown-key", key=True)


def _missing(e: _Error) -> Problem:
    name = e.loc[-1]
    return e.doc.problem(e.loc[:-1], f"missing required field '{name}'", f"add '{name}:' here", code="missing-field")


def _literal(e: _Error) -> Problem:
    expected = str(e.ctx.get("expected", ""))
    choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
    if isinstance(e.given, Reported):  # `no`, `on`, `yes`: YAML 1.1 would read a yes/no value
        message = f"'{e.given}' is ambiguous: YAML reads it as a yes/no value"
        return e.problem(message, f"write one of {expected}", "ambiguous-bool")
    return e.problem(*not_one_of(e.given, expected, choices), "not-a-choice")


def _number(e: _Error) -> Problem:
    given = e.given
    if e.kind == "int_type" and isinstance(given, float):  # 17.0 in a column of whole numbers
        whole = f"write {int(given)}" if given.is_integer() else "round it to a whole number"
        return e.problem(f"expected a whole number, got {given!r}", whole, "not-whole-number")
    quoted_number = isinstance(given, str) and given.strip().lstrip("-").replace(".", "", 1).isdigit()
    hint = "remove the quotes" if quoted_number else "write a plain number, e.g. 62"
    return e.problem(f"expected a number, got {given!r}", hint, "not-a-number")


def _list(e: _Error) -> Problem:
    given = e.given
    if not isinstance(given, str):
        return _wrong_type(e)
    parts = [part.strip() for part in given.split(",") if part.strip()]
    example = "[" + ", ".join(parts) + "]" if len(parts) > 1 else f"[{given.strip()}]"
    hint = f"write a YAML list such as {example}, or one '- item' per line"
    return e.problem(f"expected a list, got the text '{given}'", hint, "not-a-list")


def _datetime(e: _Error) -> Problem:
    given = e.given
    if not isinstance(given, str):
        return _otherwise(e)
    digits = [int(d) for d in re.findall(r"\d+", given)]
    example = "2024-03-04 09:30"
    if len(digits) >= 3 and len(str(digits[0])) == 4:  # the day as written, and its time if it has one
        time = digits[3:5]
        hour, minute = (time[0] if time else 9), (time[1] if len(time) > 1 else 0)
        example = f"{digits[0]}-{digits[1]:02d}-{digits[2]:02d} {hour:02d}:{minute:02d}"
    hint = f"write dates and times as YYYY-MM-DD HH:MM, e.g. {example}"
    return e.problem(f"'{given}' is not a date and time", hint, "invalid-datetime")


def _date(e: _Error) -> Problem:
    given = e.given
    if not isinstance(given, str):
        return _wrong_type(e) if e.kind == "date_type" else _otherwise(e)
    digits = re.findall(r"\d+", given)
    example = (
        f"{digits[0]}-{int(digits[1]):02d}-{int(digits[2]):02d}"
        if len(digits) == 3 and len(digits[0]) == 4
        else "2024-03-04"
    )
    return e.problem(f"'{given}' is not a date", f"write dates as YYYY-MM-DD, e.g. {example}", "invalid-date")


def _wrong_type(e: _Error) -> Problem:
    given = e.given
    shown = type(given).__name__ if isinstance(given, (dict, list)) else repr(given)
    hint = "quote the value if it is meant as text" if e.kind == "string_type" else "check the value's type"
    return e.problem(f"{e.message}, got {shown}", hint, "wrong-type")


_BOUNDS = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than"}


def _out_of_range(e: _Error) -> Problem:
    """A declared min/max (a percentage up to 100, a count from 0)."""
    limit = next(iter(e.ctx.values()), "")
    bound = _BOUNDS.get(e.kind, "less than")
    loc = e.loc
    field = f"'{loc[-1]}'" if loc and isinstance(loc[-1], str) else "the value"
    owner = _model_at(e.model, loc[:-1]) if loc else None
    info = owner.model_fields.get(str(loc[-1])) if owner is not None else None
    declared = info is not None and is_declared_range(info)
    hint = "correct the value; the column's range is declared with 'min' and 'max'" if declared else "correct the value"
    return e.problem(f"{e.given!r} is out of range: {field} is {bound} {limit}", hint, "out-of-range")


def _bad_id(e: _Error) -> Problem:
    if e.ctx.get("pattern") == RECORD_ID_PATTERN:
        hint = "a record's id uses letters, digits, '-', '_' and '.', as its tool writes it, e.g. 'INC-101'"
    else:
        hint = "ids use lowercase letters, digits and hyphens, e.g. 'naver-sdk'"
    return e.problem(f"'{e.given}' is not a valid id", hint, "invalid-id")


# The hint for a validator's refusal, by the code it attached (reportgen.load.codes.Invalid).
_REFUSAL_HINTS = {
    "end-before-start": "check both dates; a project ends on or after the day it starts",
    "outside-year": "write the day this year's facts run to, a date within the report's year",
    "unknown-timezone": "write an IANA time zone name, such as Asia/Seoul, Europe/Berlin or UTC",
}


def _refused(e: _Error) -> Problem:
    """A ValueError of one of our validators: its message as it is, its code if it attached one."""
    code = getattr(e.ctx.get("error"), "code", "invalid-value")
    return e.problem(e.message, _REFUSAL_HINTS.get(code, ""), code)


def _too_short(e: _Error) -> Problem:
    return e.problem(e.message, "add at least one entry, or remove the key", "empty-list")


def _too_long(e: _Error) -> Problem:
    return e.problem(f"'{e.given}' is too long ({e.message.lower()})", "shorten it", "too-long")


# pydantic's error types whose message says "Input should be ...": said the way the other messages are.
_REWORDED = frozenset(
    [
        "model_attributes_type",
        "dataclass_type",
        "dataclass_exact_type",
        "named_tuple_type",
        "none_required",
        "multiple_of",
        "finite_number",
        "iterable_type",
        "string_unicode",
        "enum",
        "frozen_dict_type",
        "ordered_dict_type",
        "counter_type",
        "mapping_type",
        "deque_type",
        "set_type",
        "bool_parsing",
        "int_parsing",
        "int_from_float",
        "float_parsing",
        "bytes_type",
        "missing_sentinel_error",
        "ellipsis_error",
        "date_parsing",
        "date_from_datetime_parsing",
        "time_type",
        "time_parsing",
        "datetime_type",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "datetime_past",
        "datetime_future",
        "time_delta_type",
        "time_delta_parsing",
        "frozen_set_type",
        "is_instance_of",
        "is_subclass_of",
        "callable_type",
        "url_parsing",
        "uuid_parsing",
        "decimal_parsing",
        "complex_type",
        "complex_str_parsing",
    ]
)


def _otherwise(e: _Error) -> Problem:
    if e.kind in _REWORDED:
        expected = str(e.raw["msg"]).removeprefix("Input should be ")
        return e.problem(f"expected {expected}, got {e.given!r}", "correct the value", "wrong-type")
    return e.problem(e.message, "", "invalid-value")


_BY_TYPE: dict[str, typing.Callable[[_Error], Problem]] = {
    "extra_forbidden": _unknown_key,
    "missing": _missing,
    "literal_error": _literal,
    "int_type": _number,
    "float_type": _number,
    "tuple_type": _list,
    "list_type": _list,
    **dict.fromkeys(("string_type", "bool_type", "model_type", "dict_type"), _wrong_type),
    **dict.fromkeys((*_BOUNDS, "less_than"), _out_of_range),
    "string_pattern_mismatch": _bad_id,
    "value_error": _refused,
    "too_short": _too_short,
    "string_too_long": _too_long,
}


def _problem_from_error(error: Any, doc: Document, model: type[BaseModel]) -> Problem:
    """pydantic's error as a problem, chosen by its type: date and datetime types by their family."""
    e = _Error(error, doc, model, _data_path(tuple(error["loc"]), doc, model))
    handler = _BY_TYPE.get(e.kind)
    if handler is None:
        family = _datetime if e.kind.startswith("datetime") else _date if e.kind.startswith("date") else None
        handler = family or _otherwise
    return handler(e)


def _typo_target(error: Any, doc: Document, model: type[BaseModel]) -> tuple[KeyPath, str] | None:
    """For an unknown key that looks like a misspelt field: (where, the field it was meant to be)."""
    loc = _data_path(tuple(error["loc"]), doc, model)
    owner = _model_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), _field_names(owner), n=1, cutoff=0.6) if owner else []
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
        if error["type"] == "missing" and ((loc[:-1], loc[-1]) in misspelt or loc[-1] in doc.missing):
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
    path: Path, root: Path, model: type[BaseModel], folder: Path | None = None
) -> tuple[Document | None, BaseModel | None, list[Problem]]:
    """One content file read (only from inside `folder`, the content folder) and checked against its model."""
    doc, problems = load_document(path, display_path(path, root), folder)
    return checked(doc, problems, model)


def checked(
    doc: Document | None, problems: list[Problem], model: type[BaseModel]
) -> tuple[Document | None, BaseModel | None, list[Problem]]:
    """A loaded document (and what its loading found) checked against its model."""
    if doc is None:
        return None, None, problems
    facts, more = _validate_document(doc, model)
    # Where the schema restated a value the loader refused (with the choices it allows), keep the restatement.
    restated = {(p.line, p.col) for p in more}
    problems = [p for p in problems if (p.line, p.col) not in restated] + more
    return doc, (facts if not problems else None), problems
