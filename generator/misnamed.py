"""A key meant as another field: one mistake, reported once, with what is inside it.

`item:` written for the required `title:` is one error (the unknown key, with the
suggestion), not also "missing required field 'title'". A misnamed section (`launch:` for
`launch_plan:`) is read again under the suggested name, so the mistakes inside it are
reported in the same run instead of after the PM fixed the name.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.explain import explain, suggestion
from generator.load import Document, Loc
from generator.problems import Problem


def explain_all(document: Document, model: type[BaseModel], details: list[ErrorDetails],
                subject: str, *, renamed: bool = False) -> list[Problem]:
    """Every pydantic error of a document as Problems, a misnamed field counted once."""
    missing: dict[Loc, list[str]] = {}
    for detail in details:
        if detail["type"] == "missing":
            missing.setdefault(tuple(detail["loc"][:-1]), []).append(str(detail["loc"][-1]))
    meant: set[Loc] = set()
    problems: list[Problem] = []
    for detail in details:
        loc: Loc = tuple(detail["loc"])
        if detail["type"] != "extra_forbidden" or loc[-1] == "audience":
            continue
        choice = suggestion(model, loc, detail.get("input"), tuple(missing.get(loc[:-1], ())))
        if choice is None or choice in _keys_at(document.data, loc[:-1]):
            continue
        meant.add((*loc[:-1], choice))
        if not renamed and isinstance(detail.get("input"), dict | list):
            problems += _inside_renamed(document, model, loc, choice, subject)
    for detail in details:
        if detail["type"] == "missing" and tuple(detail["loc"]) in meant:
            continue
        problems.append(explain(document, model, detail, subject, missing))
    return problems


def _inside_renamed(document: Document, model: type[BaseModel], loc: Loc, choice: str,
                    subject: str) -> list[Problem]:
    """The errors inside a misnamed section, found by reading it under `choice`."""
    copy = _renamed(document, loc, choice)
    try:
        model.model_validate(copy.data)
    except ValidationError as error:
        inside = (*loc[:-1], choice)
        details = [detail for detail in error.errors(include_url=False)
                   if tuple(detail["loc"])[:len(inside)] == inside
                   and tuple(detail["loc"]) != inside]
        return explain_all(copy, model, details, subject, renamed=True)
    return []


def _renamed(document: Document, loc: Loc, choice: str) -> Document:
    """A copy of the document with the key at `loc` renamed to `choice`."""
    root_data: Any = copy.copy(document.data)
    root_source = dataclasses.replace(document.source, children=dict(document.source.children
                                                                     or {}))
    data, source = root_data, root_source
    for part in loc[:-1]:
        data[part] = copy.copy(data[part])
        child = source.children[part]  # type: ignore[index]
        child = dataclasses.replace(child, children=dict(child.children or {}))
        source.children[part] = child  # type: ignore[index]
        data, source = data[part], child
    data[choice] = data.pop(loc[-1])
    source.children[choice] = source.children.pop(loc[-1])  # type: ignore[union-attr]
    return Document(document.path, document.name, root_data, root_source)


def _keys_at(data: Any, loc: Loc) -> set[str]:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return set()
    return set(data) if isinstance(data, dict) else set()
