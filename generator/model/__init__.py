"""The typed data model: one class per idea in the product management domain."""

from generator.model.base import Audience
from generator.model.competitor import Competitor
from generator.model.persona import BuyingRole, Persona
from generator.model.portfolio import PortfolioDefinition
from generator.model.product import Battlecard, Faq, Lifecycle, Priority, Product

__all__ = [
    "Audience",
    "Battlecard",
    "BuyingRole",
    "Competitor",
    "Faq",
    "Lifecycle",
    "Persona",
    "PortfolioDefinition",
    "Priority",
    "Product",
]
