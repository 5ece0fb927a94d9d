"""Every kind of mistake a PM can make gets one clear, positioned message.

Each folder in tests/data/invalid/ lays a few bad files over the small test portfolio;
its expected.txt is exactly what `productdocs validate` prints. A case may also hold:

- `symlinks.txt`: lines `LINK -> TARGET`, symbolic links made in the copy at test time
  (git and copying would not keep them);
- `outside/`: files put next to the portfolio, outside it, for links to point at;
- `canary.txt`: a text in a link's target that must appear in no output and no file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_page_cache import synthetic

from conftest import DATA, TEST_PORTFOLIO, copy_portfolio, run_cli
from generator import load
from generator import problems as report
from generator.cli import cli
from generator.validate import validate

CASES = sorted(path for path in (DATA / "invalid").iterdir() if path.is_dir())
CASE_FILES = ("expected.txt", "symlinks.txt", "canary.txt", "outside")


def case_portfolio(case: Path, target: Path) -> Path:
    """The test portfolio with the case laid over it, its links made, in `target`/portfolio."""
    root = copy_portfolio(target / "portfolio", overlay=case, ignore=CASE_FILES)
    if (case / "outside").is_dir():
        shutil.copytree(case / "outside", target / "outside")
    links = case / "symlinks.txt"
    for line in links.read_text(encoding="utf-8").splitlines() if links.is_file() else []:
        link, _, pointing_to = (part.strip() for part in line.partition("->"))
        path = root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        os.symlink(pointing_to, path)
    return root


def files_holding(folder: Path, text: str) -> list[str]:
    """Files under `folder` (links not followed) whose bytes contain `text`."""
    found = []
    for directory, _, names in os.walk(folder, followlinks=False):
        for name in names:
            path = Path(directory, name)
            if not path.is_symlink() and text.encode() in path.read_bytes():
                found.append(str(path))
    return found


def validate_text(root: Path) -> str:
    result = validate(root)
    return report.format_text(result.problems) + "\n" + report.summary(
        result.problems, result.files) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_case_reports_expected_errors(case: Path, tmp_path: Path) -> None:
    root = case_portfolio(case, tmp_path)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert validate_text(root) == expected


def test_kept_readings_give_the_same_messages(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case validated with an empty cache of YAML readings, again with the readings
    it kept (data and positions read back, not parsed), and again with every kept reading
    damaged: the same messages at the same lines and columns each time."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("PRODUCTDOCS_CACHE", str(cache))
    monkeypatch.setattr(load, "_keeping", False)  # no readings kept in memory
    roots = [(case, case_portfolio(case, tmp_path / case.name)) for case in CASES]
    for case, root in roots:
        assert validate_text(root) == (case / "expected.txt").read_text(encoding="utf-8")
    kept = sorted((cache / "yaml").iterdir())
    product_files = (TEST_PORTFOLIO / "products").rglob("*.yml")
    assert {hashlib.sha256(path.read_bytes()).hexdigest() for path in product_files} <= {
        path.name.split(".")[0] for path in kept}
    for case, root in roots:
        assert validate_text(root) == (case / "expected.txt").read_text(encoding="utf-8")
    for path in kept:
        path.write_bytes(b"not a kept reading")
    for case, root in roots:
        assert validate_text(root) == (case / "expected.txt").read_text(encoding="utf-8")


def test_corpus_is_large_enough() -> None:
    assert len(FAILING) >= 30


def fails(case: Path) -> bool:
    """A case whose files have errors; the others only have warnings."""
    summary = (case / "expected.txt").read_text(encoding="utf-8").splitlines()[-1]
    return " error" in f" {summary}"


FAILING = [case for case in CASES if fails(case)]


def test_every_case_exits_without_traceback(tmp_path: Path) -> None:
    """The CLI, as a subprocess, on every case: exit status 1 (0 for warnings only) and
    the expected lines."""
    for case in CASES:
        root = case_portfolio(case, tmp_path / case.name)
        result = run_cli("validate", "--as-of", "2026-11-01", "--root", str(root))
        expected = (case / "expected.txt").read_text(encoding="utf-8")
        assert (result.returncode, result.stdout, result.stderr) == (
            1 if fails(case) else 0, expected, ""), case.name


def build_in_process(*arguments: str) -> Result:
    """`productdocs build` in this process, as a long-running tool would call it. The
    variables the command sets for MkDocs are put back afterwards, so later tests in this
    process (and the commands they start) are not dated or scoped by this build."""
    return CliRunner().invoke(cli, ["build", *arguments], env=dict.fromkeys(
        ("PRODUCTDOCS_AS_OF", "PRODUCTDOCS_AUDIENCE", "SOURCE_DATE_EPOCH")))


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test portfolio's site, built once: each case builds over a copy of it."""
    root = copy_portfolio(tmp_path_factory.mktemp("built") / "portfolio")
    site = root.parent / "site"
    result = build_in_process("--root", str(root), "--site-dir", str(site), "--as-of",
                              "2026-11-01")
    assert result.exit_code == 0, result.output
    return site


def fingerprint(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("case", FAILING, ids=[case.name for case in FAILING])
def test_building_a_case_leaves_the_previous_site_as_it_was(case: Path, tmp_path: Path,
                                                             built_site: Path) -> None:
    root = case_portfolio(case, tmp_path)
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    before = fingerprint(site)
    for audience in ("internal", "public"):
        result = build_in_process("--root", str(root), "--site-dir", str(site),
                                  "--audience", audience, "--as-of", "2026-11-01")
        assert result.exit_code == 1, (audience, result.output)
        assert "Traceback" not in result.output
    assert fingerprint(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["portfolio", "site", *(["outside"] if (case / "outside").is_dir() else [])])


CANARY_CASES = [case for case in CASES if (case / "canary.txt").is_file()]


@pytest.mark.parametrize("case", CANARY_CASES, ids=[case.name for case in CANARY_CASES])
def test_a_linked_file_is_never_read(case: Path, tmp_path: Path, built_site: Path) -> None:
    """What a link points at appears in no message, in no format, and in no file written."""
    canary = (case / "canary.txt").read_text(encoding="utf-8").strip()
    root = case_portfolio(case, tmp_path)
    targets = [Path(os.path.realpath(path)) for path in root.rglob("*") if path.is_symlink()]
    assert any(canary.encode() in target.read_bytes() for target in targets
               if target.is_file()) or files_holding(tmp_path / "outside", canary)
    shutil.copytree(built_site, tmp_path / "site")
    outputs = [run_cli("validate", "--root", str(root), "--format", output)
               for output in ("text", "json", "github")]
    outputs += [run_cli("build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                        "--audience", audience) for audience in ("internal", "public")]
    for result in outputs:
        assert result.returncode == 1, result.args
        assert canary not in result.stdout + result.stderr, result.args
        assert "is a symbolic link to" in result.stdout + result.stderr, result.args
    assert files_holding(tmp_path / "portfolio", canary) == []
    assert files_holding(tmp_path / "site", canary) == []


def test_ten_megabyte_file_is_refused(portfolio: Path) -> None:
    big = portfolio / "products" / "atlas.yml"
    big.write_text("name: Atlas\nnotes: |\n" + "  lorem ipsum dolor sit amet\n" * 400_000)
    assert big.stat().st_size > 10_000_000
    assert validate_text(portfolio).splitlines() == [
        "products/atlas.yml:1:1: error: file is 11,600,021 bytes, larger than the 1,000,000 "
        "allowed; split it or move long text out",
        "1 error in 1 file",
    ]


def test_python_tags_never_run(portfolio: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (portfolio / "products" / "atlas.yml").write_text(
        f'name: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = run_cli("validate", "--root", str(portfolio))
    assert result.returncode == 1
    assert "products/atlas.yml:1:7: error: YAML tags such as '!!python/object/apply:os.system'" \
        in result.stdout
    assert not marker.exists()


def test_yaml_1_1_surprises_keep_what_the_pm_typed(portfolio: Path) -> None:
    path = portfolio / "products" / "atlas.yml"
    path.write_text(path.read_text() + (
        "version: 1.10\n"
        "market:\n"
        "  problem: Shipments get lost between carriers.\n"
        "  segments:\n"
        "    - name: on\n"
        "      regions: [NO, no, off, yes, 0o17, 1e3]\n"))
    result = validate(portfolio)
    assert result.ok, result.problems
    atlas = result.portfolio.product("atlas")
    assert atlas.version == "1.10"
    assert atlas.market.segments[0].name == "on"
    assert atlas.market.segments[0].regions == ["NO", "no", "off", "yes", "0o17", "1e3"]


def test_all_errors_of_all_files_in_one_run(portfolio: Path) -> None:
    for case in ("errors-in-two-files", "example-from-issue"):
        copy_portfolio(portfolio, source=DATA / "invalid" / case)
    lines = validate_text(portfolio).splitlines()
    assert lines[-1] == "5 errors in 3 files"
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "products/atlas.yml", "products/atlas.yml", "products/atlas.yml",
        "products/competitors/umbrella.yml", "products/personas/admin.yml"]


def test_deep_nesting_is_a_positioned_error_with_either_parser(monkeypatch) -> None:
    """libyaml segfaults and the pure-Python composer recurses on 30,000 '[': both are
    stopped at the depth limit, with a position."""
    import yaml

    from generator import load

    for parser in (yaml.CSafeLoader, yaml.SafeLoader):
        monkeypatch.setattr(load, "_Parser", parser)
        try:
            load.compose("name: Atlas\ntagline: " + "[" * 30000 + "\n")
        except load.LoadError as error:
            assert (error.line, error.column) == (2, 49)
            assert "nesting is deeper than 40 levels" in error.message
        else:
            raise AssertionError("deep nesting was accepted")


def test_build_without_mkdocs_yml_says_how_to_create_it(portfolio: Path) -> None:
    (portfolio / "mkdocs.yml").unlink()
    result = run_cli("build", "--root", str(portfolio))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "mkdocs.yml:1:1: error: there is no mkdocs.yml, which build and serve need; copy the "
        "one of the example portfolio, or create it with the lines 'site_name: Our products', "
        "'docs_dir: content', 'theme: {name: material}' and 'plugins: [search, productdocs]'\n")
    assert not (portfolio / "site").exists()


def test_the_plugin_listed_twice_is_an_error_at_the_second_entry(portfolio: Path) -> None:
    config = portfolio / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "  - productdocs:\n      pdf: false\n", encoding="utf-8")
    result = run_cli("build", "--root", str(portfolio))
    assert (result.returncode, result.stderr) == (1, (
        "mkdocs.yml:11:5: error: plugin 'productdocs' is listed twice (first at line 10); "
        "remove one of the two entries\n"))


def test_a_public_page_linking_to_an_internal_one_fails_at_its_line(
        portfolio: Path, tmp_path: Path, built_site: Path) -> None:
    """Hand-written pages are not checked by validate: the public build reports the link
    at the page's line, never at generated HTML or mkdocs.yml:1:1."""
    (portfolio / "content" / "guide.md").write_text(
        "---\naudience: public\n---\n# Selling guide\n\n"
        "Beat Initech with [the battlecard](products/atlas/battlecards/initech.md).\n",
        encoding="utf-8")
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    before = fingerprint(site)
    result = run_cli("build", "--root", str(portfolio), "--site-dir", str(site),
                     "--audience", "public")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "content/guide.md:6:36: error: links to products/atlas/battlecards/initech.md (on "
        "/guide/), which is not in the public site; internal pages are never in a public "
        "build; fix or remove the link")
    assert "index.html" not in result.stderr and "mkdocs.yml:1:1" not in result.stderr
    assert fingerprint(site) == before


def test_links_in_a_docs_dir_of_another_name_are_refused(portfolio: Path,
                                                        tmp_path: Path) -> None:
    """validate checks content/; build and generate check the docs_dir mkdocs.yml names."""
    (portfolio / "content").rename(portfolio / "pages")
    config = portfolio / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "docs_dir: content", "docs_dir: pages"), encoding="utf-8")
    (portfolio / "pages" / "passwd.md").symlink_to("/etc/passwd")
    refusal = ("pages/passwd.md:1:1: error: this file is a symbolic link to /etc/passwd; "
               "productdocs does not follow links: copy the file here instead")
    for command in (["build", "--site-dir", str(tmp_path / "site")],
                    ["generate", "--out", str(tmp_path / "out")]):
        result = run_cli(*command, "--root", str(portfolio))
        assert result.returncode == 1, command
        assert result.stderr.splitlines()[-1] == refusal, command
        assert "root:x:0:0" not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "out").exists()


def test_a_broken_link_in_yaml_fails_the_build_at_its_yaml_line(portfolio: Path,
                                                                tmp_path: Path) -> None:
    atlas = portfolio / "products" / "atlas.yml"
    atlas.write_text(atlas.read_text(encoding="utf-8").replace(
        "answer: Yes, a REST API.", "answer: Yes, see [the API guide](../api-guide/)."),
        encoding="utf-8")
    result = run_cli("build", "--root", str(portfolio), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "products/atlas.yml:31:38: error: links to ../api-guide/ (on /products/atlas/faq/), "
        "which is not in the internal site; fix or remove the link")
    assert not (tmp_path / "site").exists()


def test_a_large_portfolio_is_read_ahead_in_processes_with_the_same_messages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past PARALLEL_READINGS files, the files no reading is kept of are read in forked
    processes before any is checked. What those processes kept gives `validate` the
    messages a run with no cache gives, for broken files too."""
    root = synthetic(tmp_path / "portfolio", 50)
    products = root / "products"
    files = sorted(products.rglob("*.yml"))
    assert len(files) >= load.PARALLEL_READINGS
    unparsable, binary, misvalued = [path for path in files if path.parent == products
                                     and path.name != "portfolio.yml"][:3]
    unparsable.write_text(unparsable.read_text(encoding="utf-8").replace(
        "tagline: ", "tagline: [unclosed ", 1), encoding="utf-8")
    binary.write_bytes(binary.read_bytes().replace(b"category: ", b"category: \xff", 1))
    misvalued.write_text(misvalued.read_text(encoding="utf-8").replace(
        "lifecycle: ", "lifecycle: sunsetting-", 1), encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("PRODUCTDOCS_CACHE", str(cache))
    monkeypatch.setattr(load, "_read", {})

    load.read_ahead(files)

    kept = {path.name.split(".")[0] for path in (cache / "yaml").iterdir()}
    readable = [path for path in files if path not in (unparsable, binary)]
    assert kept == {hashlib.sha256(path.read_bytes()).hexdigest() for path in readable}
    without_cache = run_cli("validate", "--root", str(root), env={"PRODUCTDOCS_CACHE": "off"})
    assert without_cache.returncode == 1
    for problem in ("invalid YAML: the '[' that starts here is never closed",
                    "file is not UTF-8 text", "lifecycle"):
        assert problem in without_cache.stdout
    read_ahead = run_cli("validate", "--root", str(root), env={"PRODUCTDOCS_CACHE": str(cache)})
    assert read_ahead.stdout == without_cache.stdout
