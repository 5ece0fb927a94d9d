"""Words and sentence patterns for synthetic portfolios: plausible B2B product prose.

A `Writer` fills the patterns from its own `random.Random`, so the same seed always
writes the same text. Nothing here knows the productdocs model; `portfolio.py` does.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

PRODUCT_PREFIXES = (
    "Aster", "Beacon", "Cobalt", "Delta", "Ember", "Fathom", "Granite", "Harbor", "Iris",
    "Juniper", "Kestrel", "Lumen", "Mosaic", "Nimbus", "Onyx", "Pillar", "Quarry", "Ridge",
    "Summit", "Tidal", "Umber", "Vertex", "Willow", "Xenon", "Yarrow", "Zephyr", "Atlas",
    "Bramble", "Cinder", "Drift", "Echo", "Falcon", "Gale", "Helix", "Indigo", "Jasper",
    "Lattice", "Nova", "Orbit", "Prism",
)
PRODUCT_NOUNS = (
    "Ledger", "Flow", "Pulse", "Gate", "Sync", "Vault", "Track", "Desk", "Hub", "Lens",
    "Bridge", "Signal", "Forge", "Route", "Scope", "Grid", "Point", "Stream", "Works",
    "Relay", "Compass", "Harvest", "Anchor", "Ledgerline", "Dispatch", "Insight", "Console",
    "Keeper", "Planner", "Monitor",
)
CATEGORIES = (
    "Billing & Revenue", "Field Service", "Supply Chain Visibility", "Customer Support",
    "Identity & Access", "Data Integration", "Observability", "Procurement",
    "Analytics & Reporting", "Security Operations", "Document Management", "IoT Platform",
    "HR & Payroll", "Compliance & Risk", "Marketing Automation", "Commerce",
    "Fleet Management", "Energy Management", "Asset Tracking", "Collaboration",
)
COMPETITOR_FIRST = ("Northgate", "Bluepeak", "Stonefield", "Redwater", "Clearpath",
                    "Silverline", "Oakhurst", "Brightmoor", "Westbrook", "Greyhaven")
COMPETITOR_LAST = ("Software", "Systems", "Cloud")

# (id, role, memorable name, buying role)
PERSONAS = (
    ("cfo", "Chief Financial Officer", "Finance Fiona", "economic-buyer"),
    ("coo", "Chief Operating Officer", "Operations Oscar", "economic-buyer"),
    ("cio", "Chief Information Officer", "Infrastructure Ines", "economic-buyer"),
    ("vp-sales", "Vice President of Sales", "Sales Sebastian", "economic-buyer"),
    ("vp-service", "Vice President of Customer Service", "Service Sofia", "economic-buyer"),
    ("controller", "Financial Controller", "Controller Carl", "champion"),
    ("ops-manager", "Operations Manager", "Operations Olivia", "champion"),
    ("it-director", "Director of IT", "Director Dana", "champion"),
    ("procurement-lead", "Head of Procurement", "Procurement Priya", "champion"),
    ("support-lead", "Support Team Lead", "Support Sam", "champion"),
    ("enterprise-architect", "Enterprise Architect", "Architect Arjun",
     "technical-evaluator"),
    ("security-officer", "Chief Information Security Officer", "Security Selma",
     "technical-evaluator"),
    ("data-engineer", "Data Engineer", "Data Dmitri", "technical-evaluator"),
    ("integration-developer", "Integration Developer", "Developer Deb",
     "technical-evaluator"),
    ("field-technician", "Field Service Technician", "Technician Tom", "user"),
    ("ap-clerk", "Accounts Payable Specialist", "Payables Paula", "user"),
    ("support-agent", "Customer Support Agent", "Agent Andre", "user"),
    ("planner", "Supply Planner", "Planner Pia", "user"),
    ("compliance-manager", "Compliance Manager", "Compliance Chloe", "influencer"),
    ("analyst", "Business Analyst", "Analyst Ali", "influencer"),
)

OBJECTS = ("invoices", "shipments", "service tickets", "purchase orders", "sensor readings",
           "contracts", "work orders", "access requests", "payments", "customer records",
           "support cases", "inventory counts", "field visits", "release approvals",
           "data feeds", "expense reports", "vendor onboarding requests", "meter readings")
TEAMS = ("finance teams", "operations managers", "IT administrators", "field technicians",
         "procurement leads", "support agents", "security analysts", "plant managers",
         "controllers", "account managers", "planners", "compliance officers")
VERBS = ("reconcile", "route", "approve", "forecast", "track", "schedule", "audit", "match",
         "monitor", "classify", "escalate", "renew", "plan", "verify")
# Figures a customer wants lower, so "cut X by 20%" always reads right.
METRICS = ("cycle time", "cost per transaction", "repeat visits", "days sales outstanding",
           "error rate", "time to resolution", "manual effort", "audit findings",
           "late deliveries", "customer churn", "overtime hours", "write-offs", "rework")
TOOLS = ("spreadsheets", "email threads", "a legacy ERP module", "shared inboxes",
         "point tools", "custom scripts", "a homegrown database", "paper forms")
INDUSTRIES = ("Manufacturing", "Retail", "Healthcare", "Logistics", "Financial services",
              "Utilities", "Public sector", "Telecommunications", "Construction",
              "Food and beverage", "Higher education", "Insurance", "Pharmaceuticals",
              "Automotive")
REGIONS = ("US", "CA", "GB", "DE", "FR", "NL", "NO", "SE", "DK", "PL", "ES", "IT", "AU", "JP")
CHANNELS = ("Direct sales", "Partner webinars", "Customer newsletter", "Trade show booth",
            "Analyst briefings", "Paid search", "User conference keynote",
            "Reseller enablement sessions", "Product blog", "Customer advisory board")
FIRST_NAMES = ("Aisha", "Ben", "Carmen", "David", "Elena", "Farid", "Grace", "Hiro", "Ingrid",
               "Jonas", "Kemi", "Liam", "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa",
               "Stefan", "Tara", "Umar", "Vera", "Wei", "Yusuf", "Zoe")
LAST_NAMES = ("Okafor", "Lindqvist", "Moreno", "Chen", "Novak", "Haddad", "Kim", "Tanaka",
              "Berg", "Schmidt", "Adeyemi", "Murphy", "Patel", "Rossi", "Ivanova", "Silva",
              "Walsh", "Costa", "Hoffmann", "Nakamura", "Diaz", "Larsen", "Khan", "Meyer")
CUSTOMER_FIRST = ("Brightwater", "Northfield", "Crestline", "Evergreen", "Ironbridge",
                  "Lakeside", "Maplewood", "Pinecrest", "Riverbend", "Sunridge", "Thornbury",
                  "Valemont")
CUSTOMER_LAST = ("Foods", "Logistics", "Health", "Manufacturing", "Energy", "Retail Group",
                 "Insurance", "Utilities", "Pharma", "Motors")
JOB_TITLES = ("Head of Operations", "Finance Director", "IT Manager", "Service Manager",
              "Procurement Director", "Site General Manager", "Chief Digital Officer",
              "Customer Experience Lead")

SENTENCES = (
    "Most {team} still {verb} {object} in {tool}, which hides problems until the month-end "
    "review.",
    "{product} lets {team} {verb} {object} as they happen, not at the end of the week.",
    "Customers report **{metric} down {percent}%** within the first {months} months.",
    "Every exception is visible on one screen, with the owner and the next step next to it.",
    "The rules live in the product, not in one person's head, so a holiday no longer stops "
    "the process.",
    "{team_title} spend about {hours} hours a week chasing {object} that {tool} lost track "
    "of.",
    "When volumes grow, {tool} break first: nobody can say which {object} are late and why.",
    "{product} connects to the systems the customer already runs, so nothing is typed twice.",
    "A typical rollout starts with one team and one process, and is live in {weeks} weeks.",
    "Leadership sees {metric} per site and per team without waiting for a report.",
    "Auditors get a complete history of every change, with who made it and when.",
    "The first win is usually **fewer manual steps**; the lasting one is better decisions.",
    "In {industry}, {object} arrive in bursts, and a fixed process cannot keep up with them.",
    "Teams that {verb} {object} weekly instead of daily carry {percent}% more rework.",
    "Configuration replaces custom code, so the business can change a rule in an afternoon.",
    "Mobile access means {team} can {verb} {object} from the floor, not only from a desk.",
    "Reference customers in {industry} went live without a systems integrator.",
    "Pricing grows with usage, so a pilot costs little and a rollout pays for itself.",
    "Alerts go to the person who can act, not to a shared inbox nobody reads.",
    "Benchmarks across {count} customers show where a site stands against its peers.",
)
QUESTIONS = (
    "How do your {team} {verb} {object} today?",
    "What happens when {object} are late, and who finds out first?",
    "How many hours a week go into {tool}?",
    "Which {metric} figure would your leadership most like to improve this year?",
    "Who approves a change to the process, and how long does that take?",
    "What did the last audit say about how you {verb} {object}?",
    "Which systems would {product} need to read from and write to?",
    "If you could fix one thing about {object} tomorrow, what would it be?",
)
LIST_ITEMS = (
    "Cut {metric} by {percent}% without adding headcount",
    "Give {team} one place to {verb} {object}",
    "Replace {tool} before the next audit",
    "Prove the value of the process to leadership every quarter",
    "Stop losing {object} between teams",
    "Standardise how every site handles {object}",
    "Too much time spent on {object} that should need no attention",
    "No shared view of {metric} across teams",
    "Every site runs its own version of the process",
    "Rework when {object} are entered twice",
    "Connectors for the ERP and CRM systems the customer already owns",
    "Live in {weeks} weeks at the first site",
    "Configurable rules instead of custom code",
    "A named customer success manager from day one",
)


class Writer:
    """Fills sentence patterns with words chosen by one random generator."""

    def __init__(self, rng: random.Random, product: str = "the product") -> None:
        self.rng = rng
        self.product = product

    def pick(self, words: Sequence[str]) -> str:
        return self.rng.choice(words)

    def some(self, words: Sequence[str], low: int, high: int) -> list[str]:
        return self.rng.sample(list(words), self.rng.randint(low, high))

    def fill(self, pattern: str) -> str:
        team = self.pick(TEAMS)
        return pattern.format(
            product=self.product, team=team, team_title=team[0].upper() + team[1:],
            object=self.pick(OBJECTS), verb=self.pick(VERBS), metric=self.pick(METRICS),
            tool=self.pick(TOOLS), industry=self.pick(INDUSTRIES).lower(),
            percent=self.rng.randint(8, 45), months=self.rng.randint(2, 9),
            hours=self.rng.randint(4, 30), weeks=self.rng.randint(3, 12),
            count=self.rng.randint(40, 900))

    def sentence(self) -> str:
        return self.fill(self.pick(SENTENCES))

    def sentences(self, low: int, high: int) -> str:
        patterns = self.rng.sample(SENTENCES, self.rng.randint(low, high))
        return " ".join(self.fill(pattern) for pattern in patterns)

    def paragraphs(self, low: int, high: int, sentences: tuple[int, int] = (3, 5)) -> str:
        count = self.rng.randint(low, high)
        return "\n\n".join(self.sentences(*sentences) for _ in range(count))

    def question(self) -> str:
        return self.fill(self.pick(QUESTIONS))

    def questions(self, low: int, high: int) -> list[str]:
        return _unique([self.question() for _ in range(self.rng.randint(low, high))])

    def items(self, low: int, high: int) -> list[str]:
        return _unique([self.fill(self.pick(LIST_ITEMS))
                        for _ in range(self.rng.randint(low, high))])

    def title(self) -> str:
        """A short heading such as "Route purchase orders without spreadsheets"."""
        pattern = self.pick((
            "{verb_title} {object} without {tool}",
            "One view of {metric}",
            "Built for {industry}",
            "{verb_title} {object} in minutes",
            "Fewer surprises in {metric}",
        ))
        return self.fill(pattern.replace("{verb_title}", self.pick(VERBS).capitalize()))

    def person(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    def customer(self) -> str:
        return f"{self.pick(CUSTOMER_FIRST)} {self.pick(CUSTOMER_LAST)}"


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))
