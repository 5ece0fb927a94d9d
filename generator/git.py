"""The few git commands productdocs runs: read history and file versions, never write.

Everything goes through `git` subprocesses in the portfolio's folder, so a portfolio
that is not in a repository (or a machine without git) simply has no history.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path

TIMEOUT = 120
# Variables a git hook or a parent git command may set; they would point git somewhere
# other than the folder it is asked about.
_REDIRECTS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
              "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX")


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a command failed."""


def run(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """`git ARGS` in `root`; its standard output, or GitError with git's message."""
    environment = {key: value for key, value in os.environ.items() if key not in _REDIRECTS}
    environment["GIT_TERMINAL_PROMPT"] = "0"
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root,
                              input=stdin, capture_output=True, timeout=TIMEOUT,
                              env=environment)
    except (OSError, subprocess.SubprocessError) as error:
        raise GitError(f"could not run git: {error}") from None
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def text(root: Path, *args: str) -> str:
    return run(root, *args).decode("utf-8", "replace").strip()


def is_repository(root: Path) -> bool:
    """True when `root` is inside a git work tree."""
    try:
        return text(root, "rev-parse", "--is-inside-work-tree") == "true"
    except GitError:
        return False


def shallow_commits(root: Path) -> set[str]:
    """The commits a shallow clone was cut at (their parents are missing); empty if complete."""
    if text(root, "rev-parse", "--is-shallow-repository") != "true":
        return set()
    path = Path(text(root, "rev-parse", "--git-path", "shallow"))
    path = path if path.is_absolute() else root / path
    try:
        return set(path.read_text(encoding="ascii").split())
    except OSError:
        return set()


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag, SHA, HEAD~1), or GitError."""
    if revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision")
    return text(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                f"{revision}^{{commit}}")


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The content of each blob, in one `git cat-file --batch` call."""
    if not blobs:
        return {}
    output = run(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    found: dict[str, bytes] = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode().split()
        position = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        found[header[0]] = output[position:position + size]
        position += size + 1
    return found


def export(root: Path, revision: str, target: Path) -> None:
    """Write the files `root` had at `revision` into `target`, touching nothing else.

    Uses `git archive`, so the user's working tree, index and branches stay as they are.
    """
    prefix = text(root, "rev-parse", "--show-prefix")
    commit = resolve(root, revision)
    tree = f"{commit}:{prefix.rstrip('/')}" if prefix else commit
    archive = run(root, "archive", "--format=tar", tree)
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
