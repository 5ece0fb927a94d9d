"""The whole portfolio after validation: every product, persona and competitor, linked."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Competitor, Persona, PortfolioDefinition, Product
from generator.model.product import Battlecard, Lifecycle


@dataclass
class Portfolio:
    """Products sorted by slug, personas and competitors by id: one order, every build."""

    definition: PortfolioDefinition
    products: list[Product]
    personas: dict[str, Persona]
    competitors: dict[str, Competitor]
    sources: str = ""
    """A digest of the shared files it was read from (portfolio.yml, personas, competitors);
    empty when not read from files."""
    _by_slug: dict[str, Product] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_slug = {product.slug: product for product in self.products}

    @property
    def company(self) -> str:
        return self.definition.company.name

    def product(self, slug: str) -> Product | None:
        return self._by_slug.get(slug)

    def by_lifecycle(self) -> list[tuple[Lifecycle, list[Product]]]:
        """Every stage in lifecycle order, with its products (possibly none)."""
        return [(stage, [p for p in self.products if p.lifecycle is stage])
                for stage in Lifecycle]

    def products_targeting(self, persona_id: str) -> list[Product]:
        return [p for p in self.products if any(t.persona == persona_id for t in p.personas)]

    def focused_on(self, slug: str) -> Portfolio:
        """One product with the personas and competitors it refers to: a preview."""
        product = self._by_slug[slug]
        personas = {t.persona for t in product.personas}
        competitors = ({c.competitor for c in product.competitors}
                       | {deal.competitor for deal in product.deals})
        return Portfolio(
            definition=self.definition, products=[product], sources=self.sources,
            personas={key: value for key, value in self.personas.items() if key in personas},
            competitors={key: value for key, value in self.competitors.items()
                         if key in competitors})

    def battlecards_against(self, competitor_id: str) -> list[tuple[Product, Battlecard]]:
        return [(product, card) for product in self.products for card in product.competitors
                if card.competitor == competitor_id]
