"""One product, as its PM writes it in `products/<slug>.yml`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, PrivateAttr, WithJsonSchema

from generator.model.base import (
    QUARTER_PATTERN,
    Audience,
    Date,
    Markdown,
    Model,
    Money,
    Percent,
    QuarterName,
    ShortForm,
    Slug,
    TextList,
)
from generator.model.business_case import BusinessCase
from generator.model.comparison import FeatureComparison
from generator.model.deal import Deal
from generator.model.market_sizing import MarketSizing
from generator.model.scenario import UsageScenario
from generator.model.success_story import SuccessStory


class Lifecycle(StrEnum):
    """Lifecycle stages, in the order a product moves through them."""

    innovation = "innovation"
    analysis = "analysis"
    development = "development"
    go_to_market = "go-to-market"
    in_life = "in-life"
    end_of_life = "end-of-life"

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value.replace("-", " ").capitalize()


class Priority(StrEnum):
    vital = "vital"
    important = "important"
    nice_to_have = "nice-to-have"


class Segment(Model):
    name: str
    size: Money | None = None
    """Yearly spend of the segment, e.g. 1.2B."""
    growth: float | None = Field(default=None, ge=-100, le=1000)
    """Yearly growth in percent."""
    regions: TextList = []
    """Country or region codes, e.g. [US, DE, NO]."""


class Market(ShortForm):
    text_field: ClassVar[str] = "problem"

    problem: Markdown
    segments: list[Segment] = []
    trends: TextList = []


class Positioning(Model):
    """Moore's positioning statement: For <target> who <need>, <product> is a <category>
    that <benefit>. Unlike <alternative>, our product <differentiator>."""

    target: str
    need: str
    category: str
    benefit: str
    alternative: str
    differentiator: str | None = None
    """What makes the product different. Leave it out and the portfolio review flags a
    "me-too" risk."""
    audience: Audience = Audience.internal


class ValueProposition(Model):
    title: str
    description: Markdown
    proof_points: TextList = []
    audience: Audience = Audience.internal


class ProductPersona(Model):
    """A shared persona, with what this product says to them."""

    persona: Slug
    """The id of a persona in products/personas/."""
    messaging: Markdown
    talk_track: str | None = None
    """Words a rep can say out loud; shown with a copy button."""
    scenarios: list[UsageScenario] = []
    """How this persona uses the product, one situation at a time."""


class Feature(Model):
    name: str
    description: Markdown | None = None
    priority: Priority
    audience: Audience = Audience.internal


class RoadmapStatus(StrEnum):
    planned = "planned"
    in_progress = "in-progress"
    shipped = "shipped"


class RoadmapItem(Model):
    quarter: QuarterName
    title: str
    description: Markdown | None = None
    status: RoadmapStatus = RoadmapStatus.planned
    audience: Audience = Audience.internal


class Objection(Model):
    objection: str
    response: Markdown


class WinningPoint(ShortForm):
    """One reason we win; `- Faster rollout` is the point alone."""

    text_field: ClassVar[str] = "point"

    point: str
    proof: str | None = None
    """A customer, number or story that backs the point."""


class Battlecard(Model):
    """How this product wins against one competitor."""

    competitor: Slug
    """The id of a competitor in products/competitors/."""
    summary: Markdown | None = None
    how_we_win: list[WinningPoint] = []
    landmines: TextList = []
    """Questions that expose the competitor's weak spots."""
    objections: list[Objection] = []
    win_rate: Percent | None = None
    """Typed win rate; the deal records (`deals`) replace it when there are any."""
    owner: str | None = None
    reviewed: Date | None = None
    comparison: list[FeatureComparison] = []
    """Feature by feature, us against this competitor."""


class Faq(Model):
    question: str
    answer: Markdown
    group: str = "General"
    audience: Audience = Audience.internal


class PricingPlan(Model):
    name: str
    price: Money | None = None
    """Leave it out for "contact us" plans."""
    unit: str | None = None
    """What the price is per, e.g. "per user per month"."""
    best_for: str | None = None
    includes: TextList = []


class Pricing(Model):
    currency: str | None = None
    """A symbol (€) or a code (EUR) for these prices; default the company's currency."""
    plans: list[PricingPlan] = Field(min_length=1)
    discounting: Markdown | None = None
    """Discount rules and who approves them."""
    audience: Audience = Audience.internal


class IdealCustomerProfile(ShortForm):
    text_field: ClassVar[str] = "summary"

    summary: Markdown
    industries: TextList = []
    company_size: str | None = None
    signals: TextList = []
    """What tells a rep an account is a fit."""


class DemoStep(ShortForm):
    text_field: ClassVar[str] = "step"

    step: str
    show: Markdown | None = None
    say: str | None = None


class Playbook(Model):
    ideal_customer_profile: IdealCustomerProfile
    qualification: TextList = []
    discovery_questions: TextList = []
    demo_flow: list[DemoStep] = []
    next_steps: TextList = []


class WhitepaperSection(Model):
    heading: str
    body: Markdown


class CallToAction(ShortForm):
    text_field: ClassVar[str] = "text"

    text: str
    url: str | None = None


class Whitepaper(Model):
    title: str
    subtitle: str | None = None
    abstract: Markdown
    sections: list[WhitepaperSection] = Field(min_length=1)
    call_to_action: CallToAction
    stories: list[Slug] = []
    """Ids of this product's success stories cited as proof."""
    audience: Audience = Audience.internal


class MilestoneStatus(StrEnum):
    not_started = "not-started"
    in_progress = "in-progress"
    late = "late"
    """In progress past its date; computed from the date when not typed."""
    done = "done"
    blocked = "blocked"


MILESTONE_SYNONYMS = {"planned": MilestoneStatus.not_started.value}


def _milestone_status(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value in MILESTONE_SYNONYMS:
        return MILESTONE_SYNONYMS[value]
    if value not in set(MilestoneStatus):
        names = ", ".join([*MILESTONE_SYNONYMS, *MilestoneStatus])
        raise ValueError(f"'{value}' is not one of {names}")
    return value


MilestoneStatusName = Annotated[
    MilestoneStatus,
    BeforeValidator(_milestone_status),
    WithJsonSchema({"enum": [*MILESTONE_SYNONYMS, *(s.value for s in MilestoneStatus)],
                    "type": "string", "description": "planned (= not-started), "
                    "not-started, in-progress, late, done or blocked"}),
]


class Milestone(Model):
    name: str
    owner: str
    date: Date
    status: MilestoneStatusName = MilestoneStatus.not_started

    def is_late(self, as_of: date) -> bool:
        """Marked late, or not done and past its date."""
        return self.status is MilestoneStatus.late or (
            self.date < as_of and self.status is not MilestoneStatus.done)


class ReadinessArea(StrEnum):
    sales_readiness = "sales-readiness"
    channel_support = "channel-support"
    collateral = "collateral"
    marketing = "marketing"
    support = "support"


class ReadinessItem(Model):
    item: str
    area: ReadinessArea
    owner: str | None = None
    """Who is on the hook for it."""
    done: bool = False


class LaunchPlan(Model):
    date: Date
    tier: int = Field(ge=1, le=3)
    """1 for a major launch, 3 for a minor release."""
    goals: TextList = []
    milestones: list[Milestone] = []
    readiness: list[ReadinessItem] = []
    channels: TextList = []


class Metrics(Model):
    revenue: dict[QuarterName, Money] = Field(
        default={}, json_schema_extra={"propertyNames": {"pattern": QUARTER_PATTERN}})
    """Revenue per quarter, e.g. 2026-Q1: 1.2M. The last 8 quarters feed the portfolio view."""
    win_rate: Percent | None = None


class CustomerQuote(Model):
    quote: str
    name: str
    title: str | None = None
    company: str
    audience: Audience = Audience.internal


class Product(Model):
    """Everything a product team knows about one product; the slug is the file name."""

    name: str
    tagline: str
    category: str
    owner: str
    reviewed: Date
    """When the PM last checked this file against reality."""
    lifecycle: Lifecycle
    launched: Date | None = None
    """Launch date; products in innovation, analysis or development have none yet."""
    version: str | None = None
    website: str | None = None
    audience: Audience = Audience.internal
    """public puts the product on the public site; unannounced products stay internal."""
    market: Market | None = None
    positioning: Positioning | None = None
    value_propositions: list[ValueProposition] = []
    personas: list[ProductPersona] = []
    features: list[Feature] = []
    roadmap: list[RoadmapItem] = []
    competitors: list[Battlecard] = []
    faqs: list[Faq] = []
    pricing: Pricing | None = None
    playbook: Playbook | None = None
    whitepaper: Whitepaper | None = None
    launch_plan: LaunchPlan | None = None
    metrics: Metrics | None = None
    customer_quotes: list[CustomerQuote] = []
    market_sizing: MarketSizing | None = None
    business_case: BusinessCase | None = None
    deals: list[Deal] = []
    """Win/loss records; internal."""
    success_stories: list[SuccessStory] = []

    _slug: str = PrivateAttr(default="")
    _source: str = PrivateAttr(default="")
    """A digest of the file the product was read from (see render's page cache)."""

    @property
    def slug(self) -> str:
        # Not self._slug: pydantic answers that in __getattr__, and templates ask for a
        # product's slug tens of thousands of times per build.
        return self.__pydantic_private__["_slug"]  # type: ignore[index, no-any-return]
