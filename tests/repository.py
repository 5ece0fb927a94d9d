"""A real git repository in a temporary folder, with commits on chosen dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import copy_portfolio

IDENTITY = {"GIT_AUTHOR_NAME": "Dana Whitfield", "GIT_AUTHOR_EMAIL": "dana@testco.example",
            "GIT_COMMITTER_NAME": "Dana Whitfield",
            "GIT_COMMITTER_EMAIL": "dana@testco.example"}


class Repository:
    """A copy of the test portfolio (or the files already in `root`), committed, ready for
    more commits."""

    def __init__(self, root: Path, first_day: str = "2026-10-05", *,
                 portfolio: bool = True) -> None:
        self.root = copy_portfolio(root) if portfolio else root
        self.git("init", "--quiet", "--initial-branch=main")
        self.commit("Add the Atlas portfolio" if portfolio else "First commit", first_day)

    def git(self, *args: str, day: str = "2026-10-05") -> str:
        stamp = f"{day}T10:00:00+00:00"
        environment = {**os.environ, **IDENTITY, "GIT_AUTHOR_DATE": stamp,
                       "GIT_COMMITTER_DATE": stamp}
        for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            environment.pop(key, None)
        done = subprocess.run(["git", *args], cwd=self.root, env=environment, text=True,
                              capture_output=True, check=True)
        return done.stdout.strip()

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str, day: str) -> str:
        self.git("add", "--all", day=day)
        self.git("commit", "--quiet", "--message", message, day=day)
        return self.git("rev-parse", "HEAD")

    def state(self) -> tuple[str, str, str, str]:
        """Everything a command could disturb: status, stashes, worktrees, branches."""
        return (self.git("status", "--porcelain", "--untracked-files=all"),
                self.git("stash", "list"), self.git("worktree", "list", "--porcelain"),
                self.git("branch", "--all", "--verbose", "--no-abbrev"))


LANDMINE = "How long did your last Initech upgrade take?"


def initech_history(root: Path) -> Repository:
    """The test portfolio (5 Oct), then a battlecard change (13 Oct) and a win rate (21 Oct)."""
    repository = Repository(root, first_day="2026-10-05")
    repository.edit("products/atlas.yml", LANDMINE, "Who patches Initech when it breaks?")
    repository.commit("Sharper landmine for the Initech battlecard", "2026-10-13")
    repository.edit("products/atlas.yml", "win_rate: 55", "win_rate: 61")
    repository.commit("Initech win rate after Q3", "2026-10-21")
    return repository
