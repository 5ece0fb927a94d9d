"""`productdocs digest`: what changed for sales since a date, as Markdown, Slack Block Kit
or a Teams Adaptive Card, printed or posted to a webhook (a local server here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from repository import Repository, initech_history
from webhook import Webhook, webhook

from conftest import run_cli

SITE = "https://products.testco.example/"  # tests/data/portfolio/mkdocs.yml


@pytest.fixture
def repository(tmp_path: Path) -> Repository:
    """The test portfolio (5 Oct), then a battlecard change (13 Oct) and a win rate (21 Oct)."""
    return initech_history(tmp_path / "portfolio")


def digest(root: Path, *args: str) -> str:
    result = run_cli("digest", "--root", str(root), *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def hook() -> Iterator[str]:
    with webhook() as url:
        yield url


def test_markdown_lists_the_changes_since_the_date_with_links(repository: Repository) -> None:
    text = digest(repository.root, "--since", "2026-10-12")
    assert text.startswith("# What changed for sales since 12 Oct 2026\n")
    assert f"## [Atlas]({SITE}products/atlas/)\n" in text
    assert f"- [Battlecard vs Initech changed]({SITE}products/atlas/battlecards/initech/)" in text
    assert "New product" not in text  # 5 Oct is before the date
    assert text.count("Battlecard vs Initech changed") == 1  # two commits, one line
    everything = digest(repository.root, "--since", "2026-10-01")
    assert "- [New product]" in everything
    assert "Nothing changed for sales." in digest(repository.root, "--since", "2026-10-22")


def test_slack_message_is_block_kit(repository: Repository) -> None:
    message = json.loads(digest(repository.root, "--since", "2026-10-12", "--format", "slack"))
    assert message["text"] == "What changed for sales since 12 Oct 2026"
    header, section, context = message["blocks"]
    assert header == {"type": "header", "text": {
        "type": "plain_text", "text": "What changed for sales since 12 Oct 2026"}}
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    assert section["text"]["text"] == (
        f"*<{SITE}products/atlas/|Atlas>*\n"
        f"• <{SITE}products/atlas/battlecards/initech/|Battlecard vs Initech changed>")
    assert context["type"] == "context"
    assert f"<{SITE}whats-new/|What's new>" in context["elements"][0]["text"]


def test_teams_message_carries_an_adaptive_card(repository: Repository) -> None:
    message = json.loads(digest(repository.root, "--since", "2026-10-12", "--format", "teams"))
    assert message["type"] == "message"
    (attachment,) = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    texts = [block["text"] for block in card["body"]]
    assert texts == [
        "What changed for sales since 12 Oct 2026", f"[Atlas]({SITE}products/atlas/)",
        f"- [Battlecard vs Initech changed]({SITE}products/atlas/battlecards/initech/)"]
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "What's new",
                                "url": f"{SITE}whats-new/"}]


def test_public_digest_leaves_out_internal_changes(repository: Repository) -> None:
    repository.edit("products/atlas.yml", "tagline: ", "tagline: Now faster. ")
    repository.commit("Tagline", "2026-10-22")
    text = digest(repository.root, "--since", "2026-10-12", "--audience", "public")
    assert "Battlecard" not in text
    assert "- [Overview changed]" in text


@pytest.mark.parametrize("shape", ["slack", "teams"])
def test_post_sends_the_printed_payload_to_the_webhook(repository: Repository, hook: str,
                                                       shape: str) -> None:
    printed = digest(repository.root, "--since", "2026-10-12", "--format", shape)
    result = digest(repository.root, "--since", "2026-10-12", "--format", shape,
                    "--post", hook)
    assert result.strip() == f"posted the {shape} digest (1 changes): HTTP 200"
    ((content_type, body),) = Webhook.received
    assert content_type == "application/json"
    assert json.loads(body) == json.loads(printed)


def test_post_with_nothing_to_say_posts_nothing(repository: Repository, hook: str) -> None:
    result = digest(repository.root, "--since", "2026-10-22", "--post", hook)
    assert "nothing posted" in result
    assert Webhook.received == []


def test_post_to_an_unreachable_webhook_fails_with_one_line(repository: Repository,
                                                            hook: str) -> None:
    closed = hook.rsplit(":", 1)[0] + ":9/hook"
    result = run_cli("digest", "--root", str(repository.root), "--since", "2026-10-12",
                     "--format", "slack", "--post", closed)
    assert result.returncode == 1
    assert result.stderr.startswith("productdocs digest: could not post to the webhook:")
    assert "Traceback" not in result.stderr
