"""The GitHub Actions workflows: linted with actionlint, and every command they run is a
make target that these tests run too, so what CI does is tested here first."""

from __future__ import annotations

import datetime
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from repository import Repository
from webhook import Webhook, webhook

from conftest import DATA, REPO, copy_portfolio
from generator.load import compose
from generator.render.environment import day

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = REPO / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
PIN = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})$")
# Each make target a workflow runs, and the test below that runs it.
TESTED_TARGETS = {
    "install": "test_make_install_is_what_tasks_py_runs",
    "validate": "test_make_validate_prints_annotations",
    "diff": "test_make_diff_prints_only_the_report",
    "build-internal": "test_make_builds_both_sites",
    "build-public": "test_make_builds_both_sites",
    "leak-check": "test_make_target_for_the_public_content_check",
    "deploy-internal": "test_make_deploy_internal_mirrors_the_site",
    "post-digest": "test_make_post_digest_posts_the_last_week",
}


def workflow(path: Path) -> dict[str, Any]:
    data, _ = compose(path.read_text(encoding="utf-8"))
    return data


def steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in workflow(path)["jobs"].values() for step in job["steps"]]


def make(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", f"PYTHON={sys.executable}", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


def actionlint(pattern: str) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT.is_file(), "python3 tasks.py test installs actionlint with npm ci"
    return subprocess.run(["node", str(ACTIONLINT), pattern], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_there_is_a_pull_request_and_a_publish_workflow() -> None:
    assert [path.name for path in WORKFLOWS] == ["publish.yml", "pull-request.yml"]
    assert workflow(REPO / ".github/workflows/pull-request.yml")["on"] == {"pull_request": None}
    assert workflow(REPO / ".github/workflows/publish.yml")["on"]["push"] == {
        "branches": ["main"]}


def test_actionlint_passes_on_the_workflows() -> None:
    result = make("actionlint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(WORKFLOWS)} workflow file(s)..." in result.stdout
    assert "All workflow files passed lint checks" in result.stdout


def test_actionlint_checks_the_inputs_of_every_action(tmp_path: Path) -> None:
    """actionlint knows the inputs of actions by version tag, not by commit SHA: lint a copy
    with each pin written as its major tag, so a misspelt input cannot hide behind a pin."""
    for path in WORKFLOWS:
        text = re.sub(r"@[0-9a-f]{40} # (v\d+)[.\d]*", r"@\1", path.read_text())
        assert "@v" in text
        (tmp_path / path.name).write_text(text)
    result = actionlint(str(tmp_path / "*.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    broken = (tmp_path / "publish.yml").read_text().replace("if-no-files-found:",
                                                          "if-no-file-found:")
    (tmp_path / "publish.yml").write_text(broken.replace("pages: read", "pagez: read"))
    result = actionlint(str(tmp_path / "*.yml"))
    assert result.returncode == 1
    assert 'input "if-no-file-found" is not defined in action "actions/upload-artifact@v4"' \
        in result.stdout
    assert 'unknown permission scope "pagez"' in result.stdout


def test_actions_are_pinned_to_a_commit_with_its_version() -> None:
    seen: dict[str, str] = {}
    for path in WORKFLOWS:
        text = path.read_text()
        for line in re.findall(r"uses: (.+)", text):
            reference, _, comment = line.partition(" # ")
            match = PIN.match(reference)
            assert match, f"{path.name}: {line} is not pinned to a commit SHA"
            assert re.fullmatch(r"v\d+\.\d+\.\d+", comment), f"{path.name}: {line}"
            assert seen.setdefault(match["action"], line) == line, "one version per action"
    assert set(seen) == {"actions/checkout", "actions/setup-python", "actions/cache",
                         "actions/upload-artifact",
                         "actions/configure-pages", "actions/upload-pages-artifact",
                         "actions/deploy-pages", "actions/download-artifact"}


def test_permissions_are_least_privilege() -> None:
    for path in WORKFLOWS:
        assert workflow(path)["permissions"] == {"contents": "read"}, path.name
    jobs = workflow(REPO / ".github/workflows/publish.yml")["jobs"]
    granted = {name: job.get("permissions") for name, job in jobs.items()}
    assert granted == {
        "build": {"contents": "read", "pages": "read"},
        "deploy-public": {"pages": "write", "id-token": "write"},
        "deploy-internal": None,  # the workflow's contents: read
        "post-digest": None,
    }
    assert jobs["deploy-public"]["environment"]["name"] == "github-pages"
    assert "contents: write" not in "".join(path.read_text() for path in WORKFLOWS)


def test_checkouts_keep_no_credentials_and_pip_downloads_are_cached() -> None:
    for path in WORKFLOWS:
        for step in steps(path):
            uses = step.get("uses", "")
            if uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"
            if uses.startswith("actions/setup-python@"):
                assert step["with"]["cache"] == "pip"
                assert step["with"]["cache-dependency-path"] == "requirements.lock"


def test_builds_keep_their_cache_between_runs_keyed_on_the_lock_file() -> None:
    for path in WORKFLOWS:
        found = steps(path)
        at = next(index for index, step in enumerate(found)
                  if step.get("uses", "").startswith("actions/cache@"))
        cache = found[at]["with"]
        assert cache["path"] == "~/.cache/productdocs"  # where cache.cache_folder() keeps it
        assert cache["key"].startswith("productdocs-${{ hashFiles('requirements.lock') }}-")
        assert cache["restore-keys"] == "productdocs-${{ hashFiles('requirements.lock') }}-"
        first_build = next(index for index, step in enumerate(found)
                           if step.get("run", "").startswith("make build-"))
        assert at < first_build


def test_every_command_is_a_make_target_these_tests_run() -> None:
    targets = set()
    for path in WORKFLOWS:
        for step in steps(path):
            if "run" not in step:
                continue
            words = shlex.split(step["run"].split(">>")[0])
            assert words[0] == "make", f"{path.name}: {step['run']}"
            targets |= {word for word in words[1:] if "=" not in word}
    assert targets == set(TESTED_TARGETS)
    for test in set(TESTED_TARGETS.values()):
        assert callable(globals()[test])


def test_pull_request_workflow_does_what_the_pm_was_promised() -> None:
    path = REPO / ".github/workflows/pull-request.yml"
    runs = [step["run"] for step in steps(path) if "run" in step]
    assert runs == ["make install", "make validate FORMAT=github",
                    'make diff FORMAT=markdown BASE="$BASE" >> "$GITHUB_STEP_SUMMARY"',
                    "make build-internal", "make build-public",
                    "make leak-check SITE_PUBLIC=site-public"]
    diff = next(step for step in steps(path) if step.get("run", "").startswith("make diff"))
    assert diff["env"] == {"BASE": "${{ github.event.pull_request.base.sha }}"}
    uploads = [step["with"] for step in steps(path)
               if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert [(u["name"], u["path"]) for u in uploads] == [("site-internal", "site-internal/"),
                                                         ("site-public", "site-public/")]
    checkout = steps(path)[0]
    assert checkout["with"]["fetch-depth"] == "0"
    assert_checked_right_before_upload(steps(path), "actions/upload-artifact@")


def assert_checked_right_before_upload(job: list[dict[str, Any]], upload: str) -> None:
    """The public site's upload comes right after the leak check, of the same folder."""
    at = next(index for index, step in enumerate(job) if step.get("uses", "").startswith(upload)
              and step["with"]["path"] == "site-public/")
    assert job[at - 1]["run"] == "make leak-check SITE_PUBLIC=site-public"
    folder = re.search(r"SITE_PUBLIC=(\S+)", job[at - 1]["run"])
    assert folder and f"{folder[1]}/" == job[at]["with"]["path"]
    assert "continue-on-error" not in job[at - 1] and "if" not in job[at]


def test_publish_workflow_deploys_public_to_pages_and_keeps_internal_off_it() -> None:
    jobs = workflow(REPO / ".github/workflows/publish.yml")["jobs"]
    build = [step.get("uses", "").split("@")[0] or step["run"] for step in jobs["build"]["steps"]]
    assert build == ["actions/checkout", "actions/setup-python", "make install",
                     "actions/cache", "make validate FORMAT=github", "make build-internal",
                     "make build-public", "actions/configure-pages",
                     "make leak-check SITE_PUBLIC=site-public",
                     "actions/upload-pages-artifact", "actions/upload-artifact"]
    assert_checked_right_before_upload(jobs["build"]["steps"], "actions/upload-pages-artifact@")
    assert jobs["deploy-public"]["needs"] == "build"
    pages = jobs["build"]["steps"][9]["with"]
    assert pages == {"path": "site-public/"}
    internal = jobs["build"]["steps"][10]["with"]
    assert (internal["name"], internal["path"]) == ("site-internal", "site-internal/")
    assert jobs["deploy-public"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert jobs["deploy-internal"]["if"] == "vars.INTERNAL_SITE_TARGET != ''"
    assert jobs["deploy-internal"]["steps"][-1]["run"] == (
        'make deploy-internal INTERNAL_SITE_TARGET="$INTERNAL_SITE_TARGET"')


def test_make_install_is_what_tasks_py_runs() -> None:
    """tasks.py installs the same way before every test run; make install is that, for CI."""
    result = make("--dry-run", "install")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"{sys.executable} -m pip install --disable-pip-version-check --requirement "
        "requirements.lock",
        f"{sys.executable} -m pip install --disable-pip-version-check --no-deps --editable ."]
    tasks = (REPO / "tasks.py").read_text()
    assert '[*pip, "-r", LOCK]' in tasks and '[*pip, "--no-deps", "--editable", ROOT]' in tasks


def test_make_validate_prints_annotations(tmp_path: Path) -> None:
    root = copy_portfolio(tmp_path / "portfolio")
    assert make("validate", f"ROOT={root}").returncode == 0
    copy_portfolio(root, source=DATA / "invalid" / "example-from-issue")
    result = make("validate", f"ROOT={root}", "FORMAT=github")
    assert result.returncode == 2  # make's status when a command fails
    assert "::error file=products/atlas.yml,line=6,col=1::unknown field 'personna'" \
        in result.stdout


def test_make_builds_both_sites(tmp_path: Path) -> None:
    internal, public = tmp_path / "internal", tmp_path / "public"
    result = make("build-internal", "build-public", f"ROOT={DATA / 'portfolio'}",
                  f"SITE_INTERNAL={internal}", f"SITE_PUBLIC={public}")
    assert result.returncode == 0, result.stderr
    battlecard = Path("products/atlas/battlecards/initech/index.html")
    assert (internal / battlecard).is_file()
    assert (public / "products/atlas/index.html").is_file()
    assert not (public / battlecard).exists()


def test_make_diff_prints_only_the_report(tmp_path: Path) -> None:
    repository = Repository(tmp_path / "portfolio")
    repository.edit("products/atlas.yml", "Faster setup", "Setup in a day")
    repository.commit("Battlecard: setup in a day", "2026-10-12")
    result = make("diff", f"ROOT={repository.root}", "BASE=HEAD~1", "FORMAT=markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("### Pages this change affects (internal site)\n")
    assert "| `/products/atlas/battlecards/initech/` | Atlas vs Initech | changed |" \
        in result.stdout


def test_make_target_for_the_public_content_check(tmp_path: Path) -> None:
    assert make("--dry-run", "leak-check").stdout.strip() == (
        f'{sys.executable} -m generator check-public --root "." "site-public"')
    site = tmp_path / "public"
    assert make("build-public", f"ROOT={DATA / 'portfolio'}",
                f"SITE_PUBLIC={site}").returncode == 0
    result = make("leak-check", f"ROOT={DATA / 'portfolio'}", f"SITE_PUBLIC={site}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(rf"no internal content in \d+ files of {re.escape(str(site))}",
                        result.stdout.splitlines()[-1])
    page = site / "products" / "atlas" / "index.html"
    page.write_text(page.read_text().replace("</article>", "<p>How long did your "
                                             "last Initech upgrade take?</p></article>"))
    result = make("leak-check", f"ROOT={DATA / 'portfolio'}", f"SITE_PUBLIC={site}")
    assert result.returncode == 2  # make's status when a command fails
    assert result.stdout.splitlines()[1] == (
        f"{site}/products/atlas/index.html: internal text from products/atlas.yml:24 "
        "(competitors[0].landmines[0])")


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("internal") / "site"
    assert make("build-internal", f"ROOT={DATA / 'portfolio'}",
                f"SITE_INTERNAL={site}").returncode == 0
    return site


def test_make_deploy_internal_mirrors_the_site(internal_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "intranet" / "sales-site"
    target.mkdir(parents=True)
    (target / "retired-page.html").write_text("old")
    result = make("deploy-internal", f"SITE_INTERNAL={internal_site}",
                  f"INTERNAL_SITE_TARGET={target}")
    assert result.returncode == 0, result.stderr
    copied = sorted(p.relative_to(target) for p in target.rglob("*"))
    assert copied == sorted(p.relative_to(internal_site) for p in internal_site.rglob("*"))
    assert not (target / "retired-page.html").exists()


def test_make_deploy_internal_needs_a_target_and_a_site(internal_site: Path,
                                                        tmp_path: Path) -> None:
    result = make("deploy-internal", f"SITE_INTERNAL={internal_site}")
    assert result.returncode == 2
    assert "set INTERNAL_SITE_TARGET to a folder or an rsync destination" in result.stderr
    result = make("deploy-internal", f"SITE_INTERNAL={tmp_path / 'nothing'}",
                  f"INTERNAL_SITE_TARGET={tmp_path / 'target'}")
    assert result.returncode == 2
    assert "run make build-internal first" in result.stderr


def test_make_post_digest_posts_the_last_week(tmp_path: Path) -> None:
    """The Monday run's digest: the last 7 days' changes, to a local stand-in webhook."""
    today = datetime.date.today()
    repository = Repository(tmp_path / "portfolio",
                            first_day=(today - datetime.timedelta(days=30)).isoformat())
    repository.edit("products/atlas.yml", "win_rate: 55", "win_rate: 61")
    repository.commit("Initech win rate", (today - datetime.timedelta(days=2)).isoformat())
    assert "set DIGEST_WEBHOOK" in make("post-digest", f"ROOT={repository.root}").stderr
    with webhook() as url:
        result = make("post-digest", f"ROOT={repository.root}", "DIGEST_FORMAT=teams",
                      f"DIGEST_WEBHOOK={url}")
    assert result.returncode == 0, result.stderr
    ((content_type, body),) = Webhook.received
    assert content_type == "application/json"
    card = json.loads(body)["attachments"][0]["content"]
    texts = [block["text"] for block in card["body"]]
    assert texts[0] == ("What changed for sales since "
                        f"{day(today - datetime.timedelta(days=7))}")
    assert "Battlecard vs Initech changed" in texts[-1]
    assert "New product" not in json.dumps(card)  # 30 days ago: not in the week
