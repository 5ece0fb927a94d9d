"""A competitor profile, shared by every product: `products/competitors/<id>.yml`."""

from __future__ import annotations

from pydantic import PrivateAttr

from generator.model.base import Markdown, Model, TextList


class Competitor(Model):
    name: str
    website: str | None = None
    summary: Markdown
    strengths: TextList = []
    weaknesses: TextList = []
    pricing_notes: Markdown | None = None

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id
