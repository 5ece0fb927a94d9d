"""Why a product is worth building: what it costs, what it earns, and the decision taken."""

from __future__ import annotations

import typing
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from generator.model.base import Markdown, Model, Money, money_amount

Year = Annotated[int, Field(ge=1900, le=2200)]
_AMOUNT = next(meta.json_schema for meta in typing.get_args(Money)
               if isinstance(meta, WithJsonSchema))
PER_YEAR = {"type": "object", "propertyNames": {"pattern": r"^\d{4}$"},
            "additionalProperties": _AMOUNT}


class Decision(StrEnum):
    build = "build"
    buy = "buy"
    partner = "partner"


class BusinessCase(Model):
    computed = {name: "the investment, revenue and costs" for name in (
        "payback", "payback_months", "payback_years", "payback_period", "margin",
        "margin_percent", "gross_margin", "profit", "roi")}

    summary: Markdown
    decision: Decision
    """build, buy or partner."""
    reason: Markdown
    """Why that decision, and not the other two."""
    investment: Money
    """What it takes before the first sale: development, acquisition or partner fees."""
    revenue: Annotated[dict[Year, Money], Field(min_length=1), WithJsonSchema(
        {**PER_YEAR, "minProperties": 1, "description": "expected revenue per year, "
         "e.g. 2027: 1.5M"})]
    """Expected revenue per year, e.g. `2027: 1.5M`."""
    costs: Annotated[dict[Year, Money], BeforeValidator(money_amount), WithJsonSchema({"anyOf": [
        {**_AMOUNT, "description": "the same running costs every year of revenue"},
        {**PER_YEAR, "description": "running costs per year, e.g. 2027: 600k"}]})] = {}
    """Running costs per year (`2027: 600k`), or one amount for every year of revenue."""

    @model_validator(mode="before")
    @classmethod
    def _costs_every_year(cls, value: Any) -> Any:
        costs = value.get("costs") if isinstance(value, dict) else None
        if not isinstance(costs, str) or not isinstance(value.get("revenue"), dict):
            return value
        try:
            money_amount(costs)
        except ValueError:
            return value  # the field reports the amount it cannot read
        return {**value, "costs": dict.fromkeys(value["revenue"], costs)}
