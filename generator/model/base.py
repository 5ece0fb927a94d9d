"""The building blocks every product file is made of: text, dates, money, percentages."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from generator.quarters import PATTERN as QUARTER_PATTERN
from generator.quarters import Quarter

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Model(BaseModel):
    """Strict about field names (a typo is an error), lenient about how scalars are typed."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        str_min_length=1,
        use_attribute_docstrings=True,
        validate_default=False,
    )
    computed: ClassVar[dict[str, str]] = {}
    """Names a PM may type that the site computes instead, with what from: typed, they are
    an error saying so."""


class ShortForm(Model):
    """An object a PM may also write as its one text field alone: `- Book a pilot` in a
    list of calls to action means `- text: Book a pilot`. Subclasses name that field."""

    text_field: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {cls.text_field: value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        text = {key: value for key, value in schema["properties"][cls.text_field].items()
                if key != "title"}
        text["description"] = f"just the {cls.text_field}"
        return {"anyOf": [text, schema]}


class MarkdownField:
    """Marks a text field that may contain Markdown formatting (sanitized before use)."""


class MarkdownSource(str):
    """Markdown that is safe to insert into a page as it is (sanitized, or built by us)."""


Markdown = Annotated[str, MarkdownField()]
"""Text that may use Markdown: **bold**, lists, links."""


class Audience(StrEnum):
    """Who may read it. Anything not marked `public` stays on the internal site."""

    public = "public"
    internal = "internal"


AudienceFlag = Annotated[Audience, Field(description="public or internal (the default)")]


def _date(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real date (check the month and day)") from None
    return value


Date = Annotated[
    date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


def _quarter(value: Any) -> Any:
    return Quarter.parse(value) if isinstance(value, str) else value


QuarterName = Annotated[
    Quarter,
    BeforeValidator(_quarter),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": QUARTER_PATTERN,
                    "description": "a quarter, e.g. 2026-Q3"}),
]

_MONEY = re.compile(r"^\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([kKmMbB])?$")
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9}


def money_amount(value: Any) -> Any:
    if isinstance(value, str):
        match = _MONEY.match(value.strip())
        if not match:
            raise ValueError(f"'{value}' is not an amount; write a number such as 1250000, "
                             "1.25M or 450k")
        number = float(match.group(1).replace(",", ""))
        return number * _SCALE.get((match.group(2) or "").lower(), 1)
    return value


Money = Annotated[
    float,
    BeforeValidator(money_amount),
    Field(ge=0),
    WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\$?\s*[0-9][0-9,]*(\.[0-9]+)?\s*[kKmMbB]?$"},
    ], "description": "an amount such as 1250000, 1.25M or 450k"}),
]

Percent = Annotated[float, Field(ge=0, le=100, description="a percentage from 0 to 100")]

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]

TextList = list[str]
