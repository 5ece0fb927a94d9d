"""pre-commit: `productdocs validate` as a hook, for this repository and for others."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from repository import Repository

from conftest import DATA, REPO, copy_portfolio

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([*PRE_COMMIT, *args], cwd=cwd, env=environment, text=True,
                          capture_output=True, timeout=600)


def committed_copy_of_productdocs(target: Path) -> Path:
    """This repository's files as they are now, committed in a fresh repository, as
    pre-commit clones a hook repository (uncommitted files included)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    return Repository(target, portfolio=False).root


def test_manifest_and_config_are_valid(tmp_path: Path) -> None:
    for command in ("validate-manifest", "validate-config"):
        name = ".pre-commit-hooks.yaml" if command == "validate-manifest" \
            else ".pre-commit-config.yaml"
        result = pre_commit(command, name, cwd=REPO, home=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), name


def test_other_repositories_can_use_the_hook(tmp_path: Path) -> None:
    """`pre-commit try-repo`: installs productdocs from the hook repository and runs it."""
    hooks = committed_copy_of_productdocs(tmp_path / "productdocs")
    portfolio = Repository(tmp_path / "portfolio")
    ok = pre_commit("try-repo", str(hooks), "productdocs-validate", "--all-files",
                    cwd=portfolio.root, home=tmp_path / "cache")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "productdocs validate" in ok.stdout and "Passed" in ok.stdout
    copy_portfolio(portfolio.root, source=DATA / "invalid" / "example-from-issue")
    failed = pre_commit("try-repo", str(hooks), "productdocs-validate", "--all-files",
                        cwd=portfolio.root, home=tmp_path / "cache")
    assert failed.returncode == 1
    assert "products/atlas.yml:14:12: error: lifecycle: 'beta' is not one of" in failed.stdout


def test_this_repository_runs_validate_before_a_commit(tmp_path: Path) -> None:
    """The local hook runs .venv/bin/productdocs; here the test's own environment."""
    portfolio = Repository(tmp_path / "portfolio")
    shutil.copyfile(REPO / ".pre-commit-config.yaml", portfolio.root / ".pre-commit-config.yaml")
    (portfolio.root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (portfolio.root / ".gitignore").write_text(".venv\n")
    portfolio.git("add", "--all")
    result = pre_commit("run", "--all-files", cwd=portfolio.root, home=tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    copy_portfolio(portfolio.root, source=DATA / "invalid" / "example-from-issue")
    portfolio.git("add", "--all")
    result = pre_commit("run", cwd=portfolio.root, home=tmp_path / "cache")
    assert result.returncode == 1
    assert "unknown field 'personna' in product 'atlas'" in result.stdout
