"""The weekly digest: what changed for sales since a date, for email, Slack and Teams.

Made from the What's new page's data (`render.whats_new`, which decides from the git
history what a build may show), so the digest says what the page says and links to the
same pages. Three shapes: Markdown, a Slack message with Block Kit blocks, and a Teams
message carrying an Adaptive Card. `post` sends one to an incoming-webhook URL.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.render.environment import day
from generator.render.pages import Site

FORMATS = ("markdown", "slack", "teams")
SLACK_SECTIONS = 45
"""Slack takes 50 blocks per message: the header, the context and this many products."""
TIMEOUT_SECONDS = 30


@dataclass
class Item:
    text: str
    url: str | None


@dataclass
class Group:
    """A product (or a persona, a competitor, the portfolio) and what changed in it."""

    name: str
    url: str | None
    items: list[Item] = field(default_factory=list)


@dataclass
class Digest:
    company: str
    since: date
    groups: list[Group]
    page: str | None
    """The What's new page's URL."""

    @property
    def title(self) -> str:
        return f"What changed for sales since {day(self.since)}"

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def digest(site: Site, since: date, site_url: str = "") -> Digest:
    """Every change the build's What's new page lists on or after `since`, by subject."""
    base = site_url.rstrip("/") + "/" if site_url else "/"

    def url(path: str) -> str | None:
        return base + site.pages[path].url if path in site.pages else None

    page = site.pages.get("whats-new.md")
    groups: dict[str, Group] = {}
    for week in page.data["weeks"] if page else []:
        for entry in week.entries:
            if entry.day < since:
                continue
            for subject in entry.subjects:
                group = groups.setdefault(subject.target, Group(subject.name, url(subject.target)))
                for line in subject.lines:
                    item = Item(" ".join(part for part in (line.title, line.action) if part),
                                url(line.target))
                    if item not in group.items:
                        group.items.append(item)
    return Digest(site.portfolio.company, since, list(groups.values()),
                  url(page.path) if page else None)


def markdown(found: Digest) -> str:
    lines = [f"# {found.title}", ""]
    if not found.groups:
        return "\n".join([*lines, "Nothing changed for sales.", ""])
    lines += [f"{found.company} · {found.count} change{'s' if found.count != 1 else ''}", ""]
    for group in found.groups:
        lines += [f"## {_link_md(group.name, group.url)}", ""]
        lines += [f"- {_link_md(item.text, item.url)}" for item in group.items]
        lines.append("")
    if found.page:
        lines += [f"Every change: [What's new]({found.page})", ""]
    return "\n".join(lines)


def slack(found: Digest) -> dict[str, Any]:
    """A Slack message: `text` for notifications, Block Kit `blocks` for the channel."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": found.title[:150]}}]
    for group in found.groups[:SLACK_SECTIONS]:
        items = "\n".join(f"• {_link_slack(item.text, item.url)}" for item in group.items)
        blocks.append({"type": "section", "text": {
            "type": "mrkdwn", "text": f"*{_link_slack(group.name, group.url)}*\n{items}"[:3000]}})
    left = len(found.groups) - SLACK_SECTIONS
    notes = [f"{found.company} · {found.count} change{'s' if found.count != 1 else ''}"
             if found.groups else "Nothing changed for sales."]
    if left > 0:
        notes.append(f"and {left} more")
    if found.page:
        notes.append(_link_slack("What's new", found.page))
    blocks.append({"type": "context", "elements": [
        {"type": "mrkdwn", "text": " · ".join(notes)}]})
    return {"text": found.title, "blocks": blocks}


def teams(found: Digest) -> dict[str, Any]:
    """A Teams incoming-webhook message carrying one Adaptive Card."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "size": "Large", "weight": "Bolder", "wrap": True,
         "text": found.title}]
    if not found.groups:
        body.append({"type": "TextBlock", "wrap": True, "text": "Nothing changed for sales."})
    for group in found.groups:
        body.append({"type": "TextBlock", "weight": "Bolder", "wrap": True, "spacing": "Medium",
                     "text": _link_md(group.name, group.url)})
        body.append({"type": "TextBlock", "wrap": True, "spacing": "Small",
                     "text": "\r".join(f"- {_link_md(item.text, item.url)}"
                                       for item in group.items)})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": "1.4", "body": body}
    if found.page:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "What's new", "url": found.page}]
    return {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
         "content": card}]}


def payload(found: Digest, shape: str) -> tuple[bytes, str]:
    """The digest in one of FORMATS, as bytes and their content type."""
    if shape == "markdown":
        return markdown(found).encode(), "text/markdown; charset=utf-8"
    data = slack(found) if shape == "slack" else teams(found)
    return json.dumps(data, indent=2, ensure_ascii=False).encode(), "application/json"


def post(url: str, body: bytes, content_type: str) -> int:
    """POST the digest to a webhook; the HTTP status, or an OSError saying what failed."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return int(response.status)


def _link_md(text: str, url: str | None) -> str:
    shown = text.replace("[", "\\[").replace("]", "\\]")
    return f"[{shown}]({url})" if url else shown


def _link_slack(text: str, url: str | None) -> str:
    shown = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<{url}|{shown}>" if url else shown
