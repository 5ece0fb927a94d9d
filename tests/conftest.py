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
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
TEST_PORTFOLIO = DATA / "portfolio"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
"""Where tests save screenshots and PDF pages for people to look at (not committed)."""


def copy_portfolio(target: Path, source: Path = TEST_PORTFOLIO, overlay: Path | None = None,
                   ignore: tuple[str, ...] = ("expected.txt",)) -> Path:
    """A writable copy of a portfolio, with the files of `overlay` laid over it."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            if path.is_file() and path.name not in ignore:
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
