"""A buyer or user archetype, shared by every product: `products/personas/<id>.yml`."""

from __future__ import annotations

from enum import StrEnum

from pydantic import PrivateAttr

from generator.model.base import Markdown, Model, TextList
from generator.model.product import Objection


class BuyingRole(StrEnum):
    economic_buyer = "economic-buyer"
    champion = "champion"
    technical_evaluator = "technical-evaluator"
    user = "user"
    influencer = "influencer"

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value.replace("-", " ").capitalize()


class Persona(Model):
    name: str
    """A memorable name, e.g. "Operations Olivia"."""
    role: str
    """Job title, e.g. "Director of Operations"."""
    buying_role: BuyingRole
    summary: Markdown
    goals: TextList = []
    pains: TextList = []
    objections: list[Objection] = []
    discovery_questions: TextList = []
    """Questions that open a conversation with this persona."""

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id
