"""The typed data model: one class per idea in the product management domain."""

from generator.model.base import Audience
from generator.model.comparison import FeatureComparison, Support
from generator.model.competitor import Competitor
from generator.model.deal import Deal, Outcome
from generator.model.persona import BuyingRole, Persona
from generator.model.portfolio import PortfolioDefinition
from generator.model.product import Battlecard, Faq, Lifecycle, Priority, Product
from generator.model.success_story import StoryResult, SuccessStory

__all__ = [
    "Audience",
    "Battlecard",
    "BuyingRole",
    "Competitor",
    "Deal",
    "Faq",
    "FeatureComparison",
    "Lifecycle",
    "Outcome",
    "Persona",
    "PortfolioDefinition",
    "Priority",
    "Product",
    "StoryResult",
    "SuccessStory",
    "Support",
]
