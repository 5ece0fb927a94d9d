"""The Jinja environment: built-in templates, a company's overrides, and Markdown-safe output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2

from generator import economics, feature_matrix, freshness, metrics, win_loss
from generator.cache import compiled_templates
from generator.render import escape
from generator.sources import stamps

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
REPOSITORY_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def builtin_templates() -> Path:
    """Installed wheels carry the templates inside the package; a checkout has them at its root."""
    return PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else REPOSITORY_TEMPLATES


_last: tuple[tuple[object, ...], jinja2.Environment] | None = None


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """Templates are looked up in `overrides` first, then the built-in ones.

    `default/<name>` always names the built-in template, so an override can
    `{% extends "default/battlecard.md.j2" %}` and change one block.

    The environment is kept while no template file changes: it keeps the templates it
    compiled, which `serve` would otherwise compile again on every save.
    """
    global _last
    folders = [builtin_templates(), *([overrides] if overrides and overrides.is_dir() else [])]
    key = (overrides, *stamps(folders).items())
    if _last is None or _last[0] != key:
        _last = key, _environment(overrides)
    return _last[1]


def _environment(overrides: Path | None) -> jinja2.Environment:
    defaults = jinja2.FileSystemLoader(builtin_templates())
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"default": defaults})]
    if overrides is not None and overrides.is_dir():
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(defaults)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        finalize=escape.finalize,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=compiled_templates("pages"),
    )
    env.filters.update(
        block=escape.block,
        cell=escape.cell,
        fence=escape.fence,
        text=escape.text,
        join=escape.join,
        front_matter=escape.front_matter,
        url=escape.url,
        money=money,
        article=article,
        percent=percent,
        day=day,
        ago=ago,
    )
    env.globals.update(
        readiness=metrics.readiness,
        stale=freshness.is_stale,
        sizing_view=economics.sizing_view,
        case_figures=economics.case_figures,
        segment_total=economics.segment_total,
        battlecard_win_rate=win_loss.battlecard_win_rate,
        product_win_rate=win_loss.product_win_rate,
        competitor_win_rate=win_loss.competitor_win_rate,
        comparison_score=feature_matrix.score,
        standing=feature_matrix.standing,
    )
    return env


def money(amount: float | None, currency: str = "$") -> str:
    """1250000 -> $1.25M, 450000 -> $450k, 1290 -> $1,290, 9.5 -> $9.50.

    A currency code gets a space, a symbol does not: EUR 1,900, €1,900.
    """
    if amount is None:
        return "n/a"
    if amount < 0:
        return "-" + money(-amount, currency)
    if currency[-1:].isalpha():
        currency += " "
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e5, "k")):
        if abs(amount) >= limit:
            scaled = amount / (limit if suffix != "k" else 1e3)
            return f"{currency}{scaled:.3g}{suffix}"
    if amount == int(amount):
        return f"{currency}{int(amount):,}"
    return f"{currency}{amount:,.2f}"


# Letters whose name starts with a vowel sound, for abbreviations: an MQTT, an SDK, a USB.
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
_CONSONANT_SOUNDS = ("uni", "use", "usu", "uti", "ubi", "eu", "one-", "once")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase that follows it, by its first sound: an industrial
    gateway, a unified platform, an hour, an MQTT broker, a USB key."""
    word = phrase.strip().split(" ", 1)[0].strip("*_`\"'(")
    if not word:
        return "a"
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_SILENT_H):
        return "an"
    if lower.startswith(_CONSONANT_SOUNDS) or lower == "one":
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def percent(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}%"


def day(value: date | None) -> str:
    """2026-03-05 -> 5 Mar 2026."""
    return "n/a" if value is None else f"{value.day} {value:%b %Y}"


def ago(value: date, as_of: date) -> str:
    """How long before `as_of`, in words a person would say."""
    days = (as_of - value).days
    if days < 0:
        return f"on {day(value)}"
    if days < 1:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days > 1 else ''} ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"
