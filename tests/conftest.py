"""Shared fixtures: real portfolios copied into tmp_path, and the CLI run as a subprocess."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
TEST_PORTFOLIO = DATA / "portfolio"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
"""Where tests save screenshots and PDF pages for people to look at (not committed)."""


def copy_portfolio(target: Path, source: Path = TEST_PORTFOLIO, overlay: Path | None = None,
                   ignore: tuple[str, ...] = ("expected.txt",)) -> Path:
    """A writable copy of a portfolio, with the files of `overlay` laid over it (but not
    the files or folders named in `ignore`)."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            if path.is_file() and not set(path.relative_to(overlay).parts) & set(ignore):
                destination = target / path.relative_to(overlay)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
    return target


def copy_example(target: Path) -> Path:
    """A writable copy of the repository's example portfolio (not its tools or history)."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "products", "content", "templates"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copyfile(source, target / name)
    return target


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`productdocs ARGS` in a real subprocess, as a PM or CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd or REPO, text=True,
        capture_output=True, timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A copy of the small test portfolio in tests/data/portfolio."""
    return copy_portfolio(tmp_path / "portfolio")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return ""


def wait_for(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for: {what}")


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Debian's Chromium, with everything that phones home switched off.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield browser
    browser.close()


@dataclass
class OfflineTab:
    """A browser tab whose requests may only go to the test server; the rest are blocked
    and written down, as are JavaScript errors."""

    tab: Page
    elsewhere: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def offline_tab(browser: Browser, base_url: str) -> OfflineTab:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  color_scheme="light", service_workers="block")
    offline = OfflineTab(context.new_page())
    allowed = urlsplit(base_url).netloc

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == allowed or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            offline.elsewhere.append(url)
            route.abort()

    context.route("**/*", guard)
    offline.tab.on("pageerror", lambda error: offline.errors.append(str(error)))
    offline.tab.set_default_timeout(15_000)
    return offline
