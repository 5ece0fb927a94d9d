"""Pydantic's validation errors, rewritten as plain sentences that point at the YAML."""

from __future__ import annotations

import difflib
import enum
import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from generator.load import Document, Loc
from generator.problems import Problem


def explain(document: Document, model: type[BaseModel], error: ErrorDetails,
            subject: str, missing: dict[Loc, list[str]] | None = None) -> Problem:
    """One pydantic error as a Problem at the line and column it is about.

    `subject` names the file's object for top-level messages, e.g. "product 'atlas'";
    `missing` holds the required fields missing, by place, for better guesses.
    """
    loc: Loc = tuple(part for part in error["loc"] if part != "[key]")
    on_key = "[key]" in error["loc"]
    kind = error["type"]
    value = error.get("input")
    where = path_text(loc)

    if kind == "extra_forbidden":
        name = str(loc[-1])
        parent = path_text(loc[:-1]) or subject
        owner = model_at(model, loc[:-1])
        allowed = field_names(owner)
        computed = getattr(owner, "computed", {})
        message = f"unknown field '{name}' in {parent}"
        if name == "audience":
            message = (f"'audience' cannot be set in {parent}: it is always internal; "
                       "remove the line")
        elif name in computed:
            message = (f"{path_text(loc)}: computed from {computed[name]}, never typed; "
                       "remove the line")
        elif (match := suggestion(model, loc, value,
                                  tuple((missing or {}).get(loc[:-1], ())))):
            message += f" (did you mean '{match}'?)"
        elif allowed:
            message += f" (fields here: {', '.join(allowed)})"
        return document.problem(loc, message, key=True)

    if kind == "missing":
        name = str(loc[-1])
        parent = path_text(loc[:-1]) or subject
        message = f"missing required field '{name}' in {parent}; add a line '{name}: ...'"
        choices = _choices(_field_type(model, loc))
        if choices:
            message += f" (one of {', '.join(choices)})"
        return document.problem(loc[:-1], message)

    if kind in {"model_type", "model_attributes_type", "dict_type"} and value is not None:
        inner = model_at(model, loc)
        if inner is not None:
            required = [name for name, info in inner.model_fields.items() if info.is_required()]
            which = (f"with at least {', '.join(required)}" if required else
                     f"such as {', '.join(list(inner.model_fields)[:6])}")
            message = f"expected fields ('name: value' lines) {which}; found {_kind_of(value)}"
            return document.problem(loc, f"{where}: {message}" if where else message)

    message = describe(kind, value, error, on_key)
    return document.problem(loc, f"{where}: {message}" if where else message, key=on_key)


def describe(kind: str, value: Any, error: ErrorDetails, on_key: bool) -> str:
    """What is wrong with a value and what to write instead."""
    context = error.get("ctx") or {}
    shown = _shown(value)
    if value is None and kind.endswith("_type"):
        return "is empty; write a value or remove the line"
    if kind in {"enum", "literal_error"}:
        options = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        message = f"{shown} is not one of {', '.join(options)}"
        if isinstance(value, str) and value.lower() in options and value not in options:
            message += f"; write it in lower case: {value.lower()}"
        return message
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    if kind in {"string_type", "str_type"}:
        message = f"expected text, found {_kind_of(value)}"
        if isinstance(value, dict) and len(value) == 1:
            key, text = next(iter(value.items()))
            if isinstance(text, str):
                message += (f"; text that contains ': ' must be in quotes: "
                            f"\"{key}: {text}\"")
        return message
    if kind == "list_type":
        return f"expected a list (one '- item' per line), found {_kind_of(value)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected fields ('name: value' lines), found {_kind_of(value)}"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type"}:
        return f"{shown} is not a number"
    if kind == "int_from_float":
        return f"{shown} is not a whole number"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"{value} is too small; it must be at least {_number(context, 'ge', 'gt')}"
    if kind in {"less_than_equal", "less_than"}:
        return f"{value} is too large; it must be at most {_number(context, 'le', 'lt')}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{shown} is not true or false"
    if kind == "string_too_short":
        return "is empty; write a value or remove the line"
    if kind == "too_short":
        return f"needs at least {context.get('min_length', 1)} item(s)"
    if kind == "string_pattern_mismatch":
        return (f"{shown} is not a valid id; ids are lowercase letters, digits and hyphens, "
                "like 'acme-cloud'")
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing"}:
        return f"{shown} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"
    return error["msg"]


SUGGESTION_CUTOFF = 0.8


def suggestion(model: type[BaseModel], loc: Loc, value: Any,
               missing: tuple[str, ...] = ()) -> str | None:
    """The field an unknown key at `loc` was meant to be, or None when no guess is right.

    A key holding fields or a list is compared with the sections (fields that hold more
    fields), a key holding text with the other fields. A required field missing from the
    same place is a likely meaning of any unknown key there, at a lower bar.
    """
    name = str(loc[-1])
    parent = model_at(model, loc[:-1])
    if parent is None:
        return None
    section = isinstance(value, dict | list) and not _is_text_list(value)
    fields = [field for field, info in parent.model_fields.items()
              if _holds_fields(info.annotation) == section]
    prefixed = [field for field in fields if len(name) >= 4 and field.startswith(name)]
    if len(prefixed) == 1:
        return prefixed[0]
    match = difflib.get_close_matches(name, fields, n=1, cutoff=SUGGESTION_CUTOFF)
    if match:
        return match[0]
    if missing:
        match = difflib.get_close_matches(name, missing, n=1, cutoff=0.6)
        return match[0] if match else (missing[0] if len(missing) == 1 else None)
    return None


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _holds_fields(annotation: Any) -> bool:
    target = _unwrap(annotation)
    return _is_model(target) or _is_model(_item_type(target)) or (
        typing.get_origin(target) is dict)


def _field_type(model: type[BaseModel], loc: Loc) -> Any:
    parent = model_at(model, loc[:-1])
    info = parent.model_fields.get(str(loc[-1])) if parent is not None else None
    return _unwrap(info.annotation) if info is not None else None


def _choices(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def path_text(loc: Loc) -> str:
    """`('competitors', 1, 'competitor')` -> `competitors[1].competitor`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def model_at(model: type[BaseModel] | None, loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the value at `loc`, if that value is a model."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if _is_model(current) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        else:
            current = _item_type(current)
    current = _unwrap(current)
    return current if _is_model(current) else None


def field_names(model: type[BaseModel] | None) -> list[str]:
    return list(model.model_fields) if model else []


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _unwrap(annotation: Any) -> Any:
    """Optional[X], Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _item_type(annotation: Any) -> Any:
    """list[X] -> X, dict[K, X] -> X."""
    annotation = _unwrap(annotation)
    arguments = typing.get_args(annotation)
    return _unwrap(arguments[-1]) if arguments else None


def _number(context: dict[str, Any], *names: str) -> str:
    limit = next(context[name] for name in names if name in context)
    return f"{limit:g}" if isinstance(limit, float) else str(limit)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}...'"
    return _kind_of(value)


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "fields ('name: value' lines)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    return repr(value)
