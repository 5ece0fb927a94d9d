"""`productdocs diff`: which pages of the site a change adds, removes or rewrites.

Both sides are rendered to Markdown without a site engine (`pipeline.prepare`) and
compared page by page. A revision is written into a scratch folder with `git archive`;
the working tree, index and branches are never touched. Both sides use the same as-of
date, so "reviewed 3 months ago" does not differ just because the sides are built on
different days. The "What's new" page is left out: it is made from the history itself
and changes with every commit.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator import git
from generator import problems as report
from generator.audience import Build
from generator.pipeline import prepare
from generator.problems import ProblemsFound
from generator.render import Page
from generator.render.escape import text as escaped
from generator.site import plugin_options, read_config

HISTORY_KINDS = ("whats-new",)
MARKDOWN_DIFF_LINES = 200
"""Per page in `--format markdown`; a job summary has a size limit."""
WORKING_TREE = "the working tree"


class NotARevision(Exception):
    """BASE or HEAD does not name a commit, or ROOT is not in a git repository."""


class RevisionFailed(Exception):
    """A revision's YAML or templates have errors, so its pages cannot be built."""


@dataclass
class PageChange:
    path: str
    url: str
    title: str
    status: str
    """added, removed or changed."""
    diff: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    base: str
    head: str
    build: Build
    changes: list[PageChange] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)


def compare(root: Path, base: str, head: str | None, build: Build, as_of: date) -> Comparison:
    """The pages of `build` that differ between `base` and `head` (None: the working tree)."""
    if not git.is_repository(root):
        raise NotARevision(f"{root} is not in a git repository; productdocs diff compares "
                           "git revisions")
    labels = {revision: _label(root, revision) for revision in (base, head) if revision}
    with tempfile.TemporaryDirectory(prefix="productdocs-diff-") as scratch:
        before = _pages(_checkout(root, base, Path(scratch) / "base"), labels[base], build,
                        as_of)
        after_root = root if head is None else _checkout(root, head, Path(scratch) / "head")
        after = _pages(after_root, labels[head] if head else WORKING_TREE, build, as_of)
    comparison = Comparison(labels[base], labels[head] if head else WORKING_TREE, build)
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if old is not None and new is not None and old.markdown == new.markdown:
            continue
        page = new or old
        assert page is not None
        status = "added" if old is None else "removed" if new is None else "changed"
        lines = list(difflib.unified_diff(
            old.markdown.splitlines() if old else [], new.markdown.splitlines() if new else [],
            f"a/{path}", f"b/{path}", lineterm=""))
        comparison.changes.append(PageChange(path, "/" + page.url, page.title, status, lines))
    return comparison


def _label(root: Path, revision: str) -> str:
    try:
        commit = git.resolve(root, revision)
    except git.GitError:
        raise NotARevision(f"'{revision}' is not a commit in this repository (try a branch, "
                           "a tag or a SHA, e.g. origin/main)") from None
    return f"{revision} ({commit[:7]})" if not commit.startswith(revision) else commit[:7]


def _checkout(root: Path, revision: str, target: Path) -> Path:
    try:
        git.export(root, revision, target)
    except git.GitError as error:
        raise NotARevision(f"could not read '{revision}': {error}") from None
    return target


def _pages(root: Path, label: str, build: Build, as_of: date) -> dict[str, Page]:
    options = plugin_options(read_config(root / "mkdocs.yml"))
    try:
        prepared = prepare(root, build, as_of=as_of,
                           overrides=root / options.get("templates", "templates"))
    except ProblemsFound as failure:
        raise RevisionFailed(f"the pages of {label} cannot be built; fix these first:\n"
                             + report.format_text(failure.problems)) from None
    return {path: page for path, page in prepared.site.pages.items()
            if page.kind not in HISTORY_KINDS}


def _summary(comparison: Comparison) -> str:
    counts = ", ".join(f"{comparison.count(status)} {status}"
                       for status in ("changed", "added", "removed"))
    return (f"{comparison.build.value} site, {comparison.base} → {comparison.head}: "
            f"{counts}")


def format_text(comparison: Comparison) -> str:
    if not comparison.changes:
        return f"No page differs ({_summary(comparison)})."
    lines = [f"Pages that differ ({_summary(comparison)}):", ""]
    lines += [f"  {change.status:<8} {change.url}  {change.title}"
              for change in comparison.changes]
    for change in comparison.changes:
        if change.status == "changed":
            lines += ["", *change.diff]
    return "\n".join(lines)


def format_markdown(comparison: Comparison) -> str:
    """For a pull request comment or a GitHub Actions job summary."""
    lines = [f"### Pages this change affects ({comparison.build.value} site)", "",
             f"Compared {escaped(comparison.base)} with {escaped(comparison.head)}: "
             + ", ".join(f"{comparison.count(status)} {status}"
                         for status in ("changed", "added", "removed")) + ".", ""]
    if not comparison.changes:
        return "\n".join([*lines, "No page differs."])
    lines += ["| Page | Title | Change |", "|---|---|---|"]
    lines += [f"| `{change.url}` | {escaped(change.title)} | {change.status} |"
              for change in comparison.changes]
    for change in comparison.changes:
        if change.status != "changed":
            continue
        shown = change.diff[:MARKDOWN_DIFF_LINES]
        left = len(change.diff) - len(shown)
        if left:
            shown.append(f"... {left} more lines; the built sites are in the run's artifacts")
        lines += ["", f"<details><summary><code>{change.url}</code></summary>", "",
                  _fence(shown), "", "</details>"]
    return "\n".join(lines)


def _fence(lines: list[str]) -> str:
    body = "\n".join(lines)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}diff\n{body}\n{marker}"
