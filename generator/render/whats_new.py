"""The "What's new" page: the git history of products/, per week, newest first.

The history comes from `generator.history` (which decides what is public); this module
picks what one build may show and shapes it for `whats_new.md.j2`. It depends only on
the history and the portfolio, never on the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from generator import history as git_history
from generator.audience import Build
from generator.history import Change, Commit, History
from generator.render.pages import Page, Site

WEEKS_SHOWN = 12
TARGETS = {
    "FAQ": "faq.md",
    "Pricing": "pricing.md",
    "Launch plan": "launch-plan.md",
    "Playbook": "playbook.md",
    "Whitepaper": "whitepaper.md",
    "Roadmap": "roadmap.md",
    "Personas": "personas.md",
    "Market sizing": "market-sizing.md",
    "Business case": "business-case.md",
}
"""The page of a product that shows each kind of change; the rest is on its overview."""


@dataclass
class Line:
    """One change as the page says it: "Battlecard vs Slotwise changed"."""

    title: str
    action: str
    target: str
    """The page that shows it, as a path in the site; link() drops it if not built."""


@dataclass
class Subject:
    """A product (or a persona, competitor, the portfolio) and what changed in it."""

    name: str
    target: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Entry:
    """A commit (internal) or a day (public), and what it changed."""

    day: date
    message: str = ""
    author: str = ""
    sha: str = ""
    subjects: list[Subject] = field(default_factory=list)


@dataclass
class Week:
    monday: date
    entries: list[Entry] = field(default_factory=list)


def whats_new_page(site: Site, root: Path | None) -> Page:
    """The page for this build, from the history of `root` (None: no history)."""
    found = git_history.read(root) if root is not None else History(repository=False)
    weeks = _weeks(site, found)
    return Page("whats-new.md", "What's new", "whats_new.md.j2",
                {"history": found, "weeks": weeks, "weeks_shown": WEEKS_SHOWN},
                kind="whats-new", label="What's new")


def _weeks(site: Site, found: History) -> list[Week]:
    internal = site.build is Build.internal
    weeks: dict[date, Week] = {}
    for commit in found.commits:
        subjects = _subjects(site, commit, internal)
        if not subjects:
            continue
        monday = commit.day - timedelta(days=commit.day.weekday())
        if monday not in weeks:
            if len(weeks) == WEEKS_SHOWN:
                break
            weeks[monday] = Week(monday)
        week = weeks[monday]
        if internal:
            week.entries.append(Entry(commit.day, commit.message, commit.author,
                                      commit.sha[:7], subjects))
        elif week.entries and week.entries[-1].day == commit.day:
            _merge(week.entries[-1], subjects)
        else:
            week.entries.append(Entry(commit.day, subjects=subjects))
    return list(weeks.values())


def _subjects(site: Site, commit: Commit, internal: bool) -> list[Subject]:
    """What `commit` changed that this build may show, grouped by product."""
    public_products = {product.slug for product in site.portfolio.products}
    subjects: dict[str, Subject] = {}
    for change in commit.changes:
        if not internal and not (change.public and change.product in public_products):
            continue
        key = change.product or f"{change.kind}:{change.label}"
        if key not in subjects:
            subjects[key] = _subject(site, change)
        line = _line(site, change)
        if line not in subjects[key].lines:
            subjects[key].lines.append(line)
    return sorted(subjects.values(), key=lambda subject: not subject.target.startswith(
        "products/"))


def _subject(site: Site, change: Change) -> Subject:
    if change.product:
        product = site.portfolio.product(change.product)
        return Subject(product.name if product else change.name,
                       f"products/{change.product}/index.md")
    if change.kind == "Persona":
        return Subject(f"Persona {change.name}", f"personas/{change.label}.md")
    if change.kind == "Competitor":
        return Subject(f"Competitor {change.name}", f"competitors/{change.label}.md")
    return Subject("Portfolio", "portfolio/index.md")


def _line(site: Site, change: Change) -> Line:
    base = f"products/{change.product}/"
    if change.kind == "Battlecard":
        competitor = site.portfolio.competitors.get(change.label)
        name = competitor.name if competitor else change.label
        return Line(f"Battlecard vs {name}", change.action,
                    f"{base}battlecards/{change.label}.md")
    if change.kind == "FAQ":
        return Line(f"FAQ “{change.label}”", change.action, base + TARGETS["FAQ"])
    if change.kind == "Product" and change.label:
        return Line(f"File changed ({change.label})", "", base + "index.md")
    if change.kind == "Product":
        title = "New product" if change.action == "added" else "Product"
        return Line(title, "" if change.action == "added" else change.action, base + "index.md")
    if change.kind == "Review":
        return Line(change.label[:1].upper() + change.label[1:], "", base + "index.md")
    if change.kind in ("Persona", "Competitor"):
        return Line("", change.action, _subject(site, change).target)
    if change.kind == "Portfolio":
        return Line("Strategy, roadmap and review thresholds", change.action,
                    "portfolio/index.md")
    return Line(change.kind, change.action, base + TARGETS.get(change.kind, "index.md"))


def _merge(entry: Entry, subjects: list[Subject]) -> None:
    for subject in subjects:
        same = next((s for s in entry.subjects if s.target == subject.target), None)
        if same is None:
            entry.subjects.append(subject)
            continue
        same.lines += [line for line in subject.lines if line not in same.lines]
