"""Write a synthetic portfolio of N products that validates, for measuring builds.

    python benchmarks/portfolio.py --products 500 --out build/portfolio-500 [--seed 1]

The folder becomes a portfolio root: `mkdocs.yml` (the repository's own theme, plugins
and extensions), `products/` (portfolio.yml, 20 personas, 30 competitors, one file per
product) and `content/` (two hand-written pages). The same seed writes the same bytes;
product number i is the same product whatever N is, so sizes compare like for like.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from vocabulary import (
    CATEGORIES,
    CHANNELS,
    COMPETITOR_FIRST,
    COMPETITOR_LAST,
    INDUSTRIES,
    JOB_TITLES,
    PERSONAS,
    PRODUCT_NOUNS,
    PRODUCT_PREFIXES,
    REGIONS,
    Writer,
)

REPOSITORY = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 1)
"""The synthetic company's "today"; build with --as-of 2026-11-01 for the same site."""
MARKER = ".benchmark-portfolio"
"""Marks a folder this script wrote, so it may replace it."""
QUARTERS = ("2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2",
            "2026-Q3")
FUTURE_QUARTERS = ("2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4")
# Most products of a mature company are in life; every stage is represented.
LIFECYCLE_WEIGHTS = {"innovation": 6, "analysis": 6, "development": 12, "go-to-market": 10,
                     "in-life": 54, "end-of-life": 12}


def competitors() -> list[tuple[str, str]]:
    """(id, name) of the 30 shared competitors."""
    names = [f"{first} {last}" for first in COMPETITOR_FIRST for last in COMPETITOR_LAST]
    return [(_slug(name), name) for name in names]


def product_names(count: int, seed: int) -> list[str]:
    """Unique product names; the first k are the same for every count."""
    names = [f"{prefix} {noun}" for prefix in PRODUCT_PREFIXES for noun in PRODUCT_NOUNS]
    random.Random(f"names-{seed}").shuffle(names)
    return [names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
            for i in range(count)]


def category_count(products: int) -> int:
    """10 categories for a small portfolio, up to 20 for a large one."""
    return max(1, min(products, 10 + products // 50, len(CATEGORIES)))


def write_portfolio(out: Path, products: int, seed: int = 1) -> list[str]:
    """Write the portfolio root; return the product slugs."""
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and was not written by this script; "
                             "pick a new folder")
        shutil.rmtree(out)
    (out / "products" / "personas").mkdir(parents=True)
    (out / "products" / "competitors").mkdir()
    (out / "content").mkdir()
    (out / MARKER).write_text("written by benchmarks/portfolio.py\n", encoding="utf-8")

    names = product_names(products, seed)
    slugs = [_slug(name) for name in names]
    categories = list(CATEGORIES[:category_count(products)])
    for key, data in persona_files(seed):
        _dump(out / "products" / "personas" / f"{key}.yml", data)
    for key, data in competitor_files(seed):
        _dump(out / "products" / "competitors" / f"{key}.yml", data)
    for index, (name, slug) in enumerate(zip(names, slugs, strict=True)):
        data = product(index, name, categories, seed)
        _dump(out / "products" / f"{slug}.yml", data)
    _dump(out / "products" / "portfolio.yml", portfolio_file(slugs, categories, seed))
    (out / "mkdocs.yml").write_text(mkdocs_config(products), encoding="utf-8")
    for page, text in CONTENT.items():
        (out / "content" / page).write_text(text, encoding="utf-8")
    return slugs


def portfolio_file(slugs: list[str], categories: list[str], seed: int) -> dict[str, Any]:
    write = Writer(random.Random(f"portfolio-{seed}"), "our portfolio")
    roadmap = []
    for quarter in FUTURE_QUARTERS[:4]:
        for _ in range(2):
            involved = write.rng.sample(slugs, min(len(slugs), write.rng.randint(2, 5)))
            roadmap.append({"quarter": quarter, "theme": write.title(),
                            "description": write.sentences(2, 3), "products": involved})
    return {
        "company": {"name": "Halyard Systems", "website": "https://www.halyard.example",
                    "about": write.sentences(3, 4), "currency": "$"},
        "strategy": {"vision": write.sentences(2, 3),
                     "themes": [{"name": write.title(), "description": write.sentences(2, 3)}
                                for _ in range(4)]},
        "roadmap": roadmap,
        "review": {"min_sales_contribution": 0.1, "vitality_window_years": 3,
                   "stale_after_days": 180, "declining_quarters": 3},
        "categories": categories,
    }


def persona_files(seed: int) -> list[tuple[str, dict[str, Any]]]:
    files = []
    for key, role, name, buying_role in PERSONAS:
        write = Writer(random.Random(f"persona-{seed}-{key}"))
        files.append((key, {
            "name": name, "role": role, "buying_role": buying_role,
            "summary": write.sentences(3, 4),
            "goals": write.items(3, 4), "pains": write.items(3, 4),
            "objections": [{"objection": write.question(), "response": write.sentences(2, 3)}
                           for _ in range(2)],
            "discovery_questions": write.questions(4, 5),
        }))
    return files


def competitor_files(seed: int) -> list[tuple[str, dict[str, Any]]]:
    files = []
    for key, name in competitors():
        write = Writer(random.Random(f"competitor-{seed}-{key}"), name)
        files.append((key, {
            "name": name, "website": f"https://www.{key}.example",
            "summary": write.sentences(3, 4),
            "strengths": write.items(3, 4), "weaknesses": write.items(3, 5),
            "pricing_notes": write.sentences(2, 3),
        }))
    return files


def product(index: int, name: str, categories: list[str], seed: int) -> dict[str, Any]:
    """One product file with every section a mature product team writes."""
    rng = random.Random(f"product-{seed}-{index}")
    write = Writer(rng, name)
    stage = rng.choices(list(LIFECYCLE_WEIGHTS), weights=list(LIFECYCLE_WEIGHTS.values()))[0]
    launched = stage in ("in-life", "end-of-life")
    public = rng.random() < 0.6
    data: dict[str, Any] = {
        "name": name,
        "tagline": write.sentence(),
        # Its own stream: the number of categories grows with N, the rest of the file must not.
        "category": random.Random(f"category-{seed}-{index}").choice(categories),
        "owner": write.person(),
        "reviewed": _day(rng, 300),
        "lifecycle": stage,
    }
    if launched:
        first_year = 2013 if stage == "end-of-life" else 2019
        data["launched"] = date(first_year + rng.randint(0, 6), rng.randint(1, 12),
                                rng.randint(1, 28))
        data["version"] = f"{rng.randint(1, 9)}.{rng.randint(0, 12)}"
    data["website"] = f"https://www.halyard.example/{_slug(name)}"
    data["audience"] = "public" if public else "internal"
    data["market"] = {
        "problem": write.sentences(3, 5),
        "segments": [{"name": f"{industry} {rng.choice(('mid-market', 'enterprise'))}",
                      "size": f"{rng.randint(40, 900)}M", "growth": rng.randint(-5, 30),
                      "regions": sorted(rng.sample(REGIONS, rng.randint(1, 4)))}
                     for industry in rng.sample(INDUSTRIES, rng.randint(2, 3))],
        "trends": write.items(3, 4),
    }
    data["positioning"] = {
        "target": f"{rng.choice(INDUSTRIES)} companies with more than "
                  f"{rng.choice((50, 200, 1000))} employees",
        "need": f"need to {write.fill('{verb} {object}')} without {write.fill('{tool}')}",
        "category": f"{data['category'].lower()} platform",
        "benefit": write.fill("cuts {metric} by {percent}% in the first year"),
        "alternative": write.fill("{tool} or a suite module"),
        "audience": _audience(rng, public),
    }
    if rng.random() < 0.9:
        data["positioning"]["differentiator"] = write.sentence()
    data["value_propositions"] = [
        {"title": write.title(), "description": write.sentences(2, 3),
         "proof_points": write.items(1, 3), "audience": _audience(rng, public)}
        for _ in range(rng.randint(3, 4))]
    data["personas"] = [
        {"persona": key, "messaging": write.sentences(2, 2), "talk_track": write.sentences(3, 3)}
        for key in rng.sample([p[0] for p in PERSONAS], rng.randint(3, 4))]
    data["features"] = [
        {"name": title, "description": write.sentences(1, 2),
         "priority": rng.choice(("vital", "important", "nice-to-have")),
         "audience": _audience(rng, public)}
        for title in _distinct(write.title, rng.randint(6, 10))]
    data["roadmap"] = [
        {"quarter": quarter, "title": write.title(), "description": write.sentence(),
         "status": "in-progress" if quarter == FUTURE_QUARTERS[0] else "planned",
         "audience": _audience(rng, public)}
        for quarter in sorted(rng.sample(FUTURE_QUARTERS, rng.randint(3, 5)))]
    data["competitors"] = [battlecard(write, key) for key, _ in
                           rng.sample(competitors(), rng.randint(2, 4))]
    data["faqs"] = [
        {"question": question, "answer": write.sentences(2, 4),
         "group": rng.choice(("General", "Product", "Integration", "Security", "Pricing")),
         "audience": _audience(rng, public)}
        for question in _distinct(write.question, rng.randint(6, 12))]
    data["pricing"] = pricing(write, name, public)
    data["playbook"] = playbook(write)
    data["whitepaper"] = whitepaper(write, name, public)
    if stage == "go-to-market" or (stage == "development" and rng.random() < 0.5):
        data["launch_plan"] = launch_plan(write)
    if launched:
        data["metrics"] = {"revenue": revenue(rng, stage), "win_rate": rng.randint(15, 70)}
    data["customer_quotes"] = [
        {"quote": write.sentences(2, 2), "name": write.person(),
         "title": rng.choice(JOB_TITLES), "company": write.customer(),
         "audience": _audience(rng, public)}
        for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.35:
        data["business_case"] = {
            "summary": write.sentences(2, 3), "investment": f"{rng.randint(5, 60) / 10}M",
            "decision": rng.choice(["build", "buy", "partner"]),
            "reason": write.sentences(1, 2),
            "revenue": {str(2027 + year): f"{rng.randint(5, 80) / 10}M" for year in range(4)},
            "costs": f"{rng.randint(3, 30) / 10}M"}
    return data


def battlecard(write: Writer, competitor: str) -> dict[str, Any]:
    rng = write.rng
    return {
        "competitor": competitor,
        "summary": write.sentences(2, 3),
        "how_we_win": write.items(3, 5),
        "landmines": write.questions(3, 5),
        "objections": [{"objection": write.question(), "response": write.sentences(2, 3)}
                       for _ in range(rng.randint(1, 3))],
        "win_rate": rng.randint(20, 75),
        "owner": write.person(),
        "reviewed": _day(rng, 240),
    }


def pricing(write: Writer, name: str, public: bool) -> dict[str, Any]:
    rng = write.rng
    base = rng.choice((49, 99, 290, 690, 1290, 2400))
    plans = []
    for tier, factor in (("Starter", 1), ("Professional", 2.5), ("Enterprise", None)):
        plan: dict[str, Any] = {"name": f"{name} {tier}"}
        if factor is not None:
            plan["price"] = round(base * factor)
        plan["unit"] = rng.choice(("per user per month", "per site per month",
                                   "per 1,000 transactions", "annual contract"))
        plan["best_for"] = write.sentence()
        plan["includes"] = write.items(3, 4)
        plans.append(plan)
    return {"currency": "$", "plans": plans, "discounting": write.sentences(2, 3),
            "audience": _audience(rng, public)}


def playbook(write: Writer) -> dict[str, Any]:
    rng = write.rng
    return {
        "ideal_customer_profile": {
            "summary": write.sentences(2, 3),
            "industries": sorted(rng.sample(INDUSTRIES, rng.randint(3, 5))),
            "company_size": f"{rng.choice((100, 300, 1000))} to "
                            f"{rng.choice((5000, 20000, 100000)):,} employees",
            "signals": write.items(3, 4),
        },
        "qualification": write.items(3, 5),
        "discovery_questions": write.questions(4, 6),
        "demo_flow": [{"step": write.title(), "show": write.sentence(), "say": write.sentence()}
                      for _ in range(rng.randint(3, 5))],
        "next_steps": write.items(3, 4),
    }


def whitepaper(write: Writer, name: str, public: bool) -> dict[str, Any]:
    rng = write.rng
    return {
        "title": f"{write.title()}: the case for {name}",
        "subtitle": write.sentence(),
        "abstract": write.sentences(3, 4),
        "sections": [{"heading": heading, "body": write.paragraphs(2, 4)}
                     for heading in _distinct(write.title, rng.randint(3, 4))],
        "call_to_action": {"text": "Book a two-week baseline study",
                           "url": f"https://www.halyard.example/{_slug(name)}/baseline"},
        "audience": _audience(rng, public),
    }


def launch_plan(write: Writer) -> dict[str, Any]:
    rng = write.rng
    launch = AS_OF + timedelta(days=rng.randint(30, 300))
    milestones = []
    for step in ("Beta closed", "Pricing approved", "Sales training", "Launch webinar"):
        when = launch - timedelta(days=rng.randint(5, 120))
        status = "done" if when < AS_OF else rng.choice(("not-started", "in-progress"))
        milestones.append({"name": step, "owner": write.person(), "date": when,
                           "status": status})
    readiness = [{"item": item, "area": area, "done": rng.random() < 0.5}
                 for area in ("sales-readiness", "channel-support", "collateral", "marketing",
                              "support")
                 for item in write.items(1, 2)]
    return {"date": launch, "tier": rng.randint(1, 3), "goals": write.items(2, 4),
            "milestones": milestones, "readiness": readiness,
            "channels": rng.sample(CHANNELS, rng.randint(2, 4))}


def revenue(rng: random.Random, stage: str) -> dict[str, str]:
    """8 quarters: growing for products in life, shrinking at end of life."""
    amount = rng.uniform(0.2, 6.0)
    trend = rng.uniform(-0.12, -0.02) if stage == "end-of-life" else rng.uniform(-0.03, 0.12)
    result = {}
    for quarter in QUARTERS:
        result[quarter] = f"{amount:.2f}M"
        amount = max(0.01, amount * (1 + trend + rng.uniform(-0.04, 0.04)))
    return result


def mkdocs_config(products: int) -> str:
    """The repository's own mkdocs.yml, renamed: same theme, plugins and extensions."""
    lines = []
    for line in (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_name:"):
            line = f"site_name: Halyard Systems products ({products} products)"
        elif line.startswith("site_description:"):
            line = "site_description: A synthetic portfolio written by benchmarks/portfolio.py."
        elif line.startswith("#") and not lines:
            line = "# A synthetic portfolio for benchmarks, with the repository's site settings."
        lines.append(line)
    return "\n".join(lines) + "\n"


CONTENT = {
    "how-we-sell.md": """---
audience: public
---
# How we sell

Halyard Systems sells to the teams who keep a business running: finance, operations,
service and IT. Every deal starts from a measured problem in one team and grows from there.

1. **Find the pain in one team.** Late invoices, lost work orders, audits that hurt.
2. **Prove it on their data.** A two-week baseline study.
3. **Roll out by region.** Teams go live in waves of three to five.

Start with the [product overview](index.md) and the battlecards of the product you sell.
""",
    "sales-desk.md": """---
audience: internal
---
# Sales desk

Internal: who to ask when a deal needs help.

| Need | Ask | Where |
|---|---|---|
| A discount above your approval level | Deal desk | #deal-desk |
| A security questionnaire | Sales engineering | #se-help |
| A reference customer | Customer marketing | #references |
| A competitive question not on a battlecard | Product marketing | #compete |
""",
}


class _Dumper(yaml.SafeDumper):
    """Block style, text with paragraphs as `|` blocks, the way a PM writes YAML."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=92, default_flow_style=False), encoding="utf-8")


def _slug(name: str) -> str:
    return "-".join(name.lower().replace("&", " ").split())


def _day(rng: random.Random, within: int) -> date:
    return AS_OF - timedelta(days=rng.randint(1, within))


def _audience(rng: random.Random, public_product: bool) -> str:
    return "public" if public_product and rng.random() < 0.7 else "internal"


def _distinct(make: Any, count: int) -> list[str]:
    """`count` different texts from `make`, or fewer when it keeps repeating itself."""
    found: dict[str, None] = {}
    for _ in range(count * 4):
        found[make()] = None
        if len(found) == count:
            break
    return list(found)


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, required=True, help="how many products")
    parser.add_argument("--out", type=Path, required=True, help="the portfolio root to write")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same bytes")
    options = parser.parse_args(arguments)
    if options.products < 1:
        parser.error("--products must be at least 1")
    slugs = write_portfolio(options.out, options.products, options.seed)
    print(f"wrote {len(slugs)} products, {len(PERSONAS)} personas and {len(competitors())} "
          f"competitors to {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
