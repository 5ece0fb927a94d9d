"""How long the "What's new" page and `productdocs diff` take on a long history.

    .venv/bin/python benchmarks/history.py [COMMITS]

Copies the example portfolio into a scratch repository, makes COMMITS commits (default
300, the most the page reads) that each edit one product file, then times reading the
history, a whole engine-free render, and a diff between the first and last commit.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import diff, history  # noqa: E402
from generator.audience import Build  # noqa: E402
from generator.pipeline import prepare  # noqa: E402

PRODUCTS = ["dock", "yard", "audit", "edi-connect"]


def git(root: Path, *args: str, day: int = 0) -> None:
    stamp = f"{1_790_000_000 + day * 86_400} +0000"
    environment = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@x",
                   "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@x",
                   "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", *args], cwd=root, env=environment, check=True, capture_output=True)


def repository(target: Path, commits: int) -> Path:
    for name in ("products", "templates", "content", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    git(target, "init", "--quiet")
    git(target, "add", "--all")
    git(target, "commit", "--quiet", "-m", "Start")
    for number in range(commits):
        path = target / "products" / f"{PRODUCTS[number % len(PRODUCTS)]}.yml"
        text = path.read_text(encoding="utf-8")
        if number % 2:
            reviewed = date(2026, 1, 1) + timedelta(days=number)
            text = re.sub(r"(?m)^reviewed: .*$", f"reviewed: {reviewed}", text, count=1)
        else:
            text = re.sub(r"(?m)^(tagline: .*?)( \(take \d+\))?$", rf"\1 (take {number})",
                          text, count=1)
        path.write_text(text, encoding="utf-8")
        git(target, "commit", "--quiet", "-am", f"Edit {number}", day=number)
    return target


def timed(label: str, action: object) -> None:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    print(f"{label:<48} {time.perf_counter() - start:6.2f} s   {result}")


def main() -> None:
    commits = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        root = repository(Path(scratch), commits)
        print(f"made {commits} commits in {time.perf_counter() - start:.1f} s")
        as_of = date(2026, 11, 23)
        timed("history.read (what's new data)",
              lambda: f"{len(history.read(root).commits)} commits with changes")
        timed("history.read again (serve rebuild, cached)",
              lambda: f"{len(history.read(root).commits)} commits with changes")
        timed("prepare, internal build (all pages)",
              lambda: f"{len(prepare(root, Build.internal, as_of=as_of).site.pages)} pages")
        timed("prepare, public build",
              lambda: f"{len(prepare(root, Build.public, as_of=as_of).site.pages)} pages")
        timed(f"diff HEAD~{commits} HEAD",
              lambda: f"{len(diff.compare(root, f'HEAD~{commits}', 'HEAD', Build.internal, as_of).changes)} pages differ")  # noqa: E501


if __name__ == "__main__":
    main()
