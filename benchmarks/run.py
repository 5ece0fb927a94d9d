"""Measure productdocs at portfolio scale and print Markdown tables of the figures.

    .venv/bin/python benchmarks/run.py [--products 50 200 500] [--baseline-max 200]
                                       [--pdf-max 50] [--serve-max 500] [--pipeline-max 500]
                                       [--out-dir build/benchmarks] [--repeat 3] [--seed 1]

For each N it writes a synthetic portfolio (benchmarks/portfolio.py) and measures:
validation and rendering in this process (median of --repeat runs); the python-markdown
floor (the same pages converted with the site's extensions, nothing else, in this one
process; wall and CPU time); the real `productdocs build` as a subprocess (wall and CPU
time, peak memory), cold with an empty page cache of its own, then warm after changing one
product file, and again after changing it again (into the site before last); the built
site's size; up to --baseline-max products, stock MkDocs + Material
building the same pages from `productdocs generate` without navigation.prune; up to
--pdf-max, laying out the PDFs; the one-product preview and, up to --serve-max, the
whole-site `productdocs serve`, from saving a product file to the page showing it; up to
--pipeline-max, the pull-request pipeline end to end, cold and warm. Progress goes to
stderr, the report to stdout. Linux only (peak memory comes from wait4).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import markdown
import yaml
from portfolio import AS_OF, write_portfolio

from generator.audience import Build
from generator.pipeline import forget, prepare
from generator.site import REQUIRED_EXTENSIONS, handwritten_pages, read_config
from generator.validate import validate

REPOSITORY = Path(__file__).resolve().parent.parent
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)
STOCK_FEATURES_DROPPED = ("navigation.prune",)
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
            "pydantic")
CACHE_VARIABLE = "PRODUCTDOCS_CACHE"
CACHE_MEGABYTES = "8192"
"""The benchmark's own bound on its page caches: a 2,000-product site keeps about 1.2 GB,
more than the default 1 GB, and a cache trimmed mid-measurement would make warm builds
look cold."""
MEMORY_GOALS = {500: 2**30, 2000: 2 * 2**30}
"""The issue's peak memory limits by portfolio size."""
GOAL_SIZE = 500
"""The size the issue's targets speak of."""
PIPELINE_STEPS = ("validate", "diff", "build internal", "build public", "leak check")


@dataclass
class Measured:
    """One subprocess: wall and CPU time, peak resident memory, exit code, its output's file."""

    seconds: float
    cpu_seconds: float
    """User + system time of the process and the children it waited for."""
    peak_bytes: int
    exit_code: int
    log: Path


@dataclass
class PipelineRun:
    """The pull-request pipeline once: each step's subprocess in order, up to the first that
    failed."""

    steps: dict[str, Measured]

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps.values())

    @property
    def cpu_seconds(self) -> float:
        return sum(step.cpu_seconds for step in self.steps.values())

    @property
    def failure(self) -> str | None:
        return next((f"failed at {name} (exit {step.exit_code}, see {step.log})"
                     for name, step in self.steps.items() if step.exit_code), None)


@dataclass
class Pipeline:
    cold: PipelineRun
    """With an empty cache and no site folders."""
    warm: PipelineRun
    """With the cache the cold run filled, after a commit changing one product file again."""


@dataclass
class Row:
    products: int
    pages: int
    validate_seconds: float
    """The first validation: every file read (YAML parsed) for the first time."""
    validate_kept_seconds: float
    """Validating again, the files unchanged: what they were read into is kept."""
    prepare_seconds: float
    floor_seconds: float
    floor_cpu_seconds: float
    """CPU time of this one process converting every page."""
    build: Measured
    """The cold build: the first, with an empty page cache."""
    warm: Measured | None
    """The same build again after changing one product file, or None when the cold failed.
    It starts from an empty folder: there is no site before last yet."""
    again: Measured | None
    """Once more after changing that file again: into the site before last (the spare the
    warm build left), as every later rebuild; None when the warm build failed."""
    html_pages: int
    html_bytes: int
    site_bytes: int
    stock: Measured | None
    pdfs: tuple[int, float] | None
    """PDFs laid out from scratch (cache off) and the seconds that took, or None."""
    preview: float | str | None
    """From saving a product file to `serve --product` serving the change: seconds, why it
    did not, or None when not measured."""
    serve: float | str | None
    """The same for the whole-site `serve`."""
    pipeline: Pipeline | None
    load: str
    """The machine's load average when this size started: other work skews the times."""

    @property
    def ok(self) -> bool:
        runs = (self.pipeline.cold, self.pipeline.warm) if self.pipeline else ()
        return (self.build.exit_code == 0 and self.warm is not None
                and self.warm.exit_code == 0 and self.again is not None
                and self.again.exit_code == 0
                and (self.stock is None or self.stock.exit_code == 0)
                and not any(isinstance(saved, str) for saved in (self.preview, self.serve))
                and not any(run.failure for run in runs))


def measure(products: int, out_dir: Path, *, seed: int, repeat: int, baseline: bool,
            pdfs: bool, preview: bool, serve: bool, pipeline: bool) -> Row:
    folder = out_dir / f"products-{products}"
    root = folder / "portfolio"
    started_load = load()
    say(products, "writing the portfolio")
    folder.mkdir(parents=True, exist_ok=True)
    write_portfolio(root, products, seed)
    without_pdfs(root / "mkdocs.yml")

    readings = folder / "readings"
    shutil.rmtree(readings, ignore_errors=True)
    with cache_in(str(readings)):  # what YAML files were read into, kept as by a build
        validate_seconds, _, result = timed(lambda: validate(root), 1)
        validate_kept_seconds, _, _ = timed(lambda: validate(root), repeat)
    if not result.ok:
        raise SystemExit(f"the synthetic portfolio does not validate: {result.problems[:3]}")
    say(products, f"validate {validate_seconds:.2f} s, again with the readings kept "
                  f"{validate_kept_seconds:.2f} s; rendering")
    def prepare_from_scratch() -> Any:
        forget()
        return prepare(root, Build.internal, as_of=AS_OF, overrides=root / "templates")

    with cache_in("off"):
        prepare_seconds, _, prepared = timed(prepare_from_scratch, repeat)
    config = read_config(root / "mkdocs.yml")
    docs = root / config.get("docs_dir", "docs")
    sources = [page.markdown for page in prepared.site.pages.values()]
    sources += [(docs / path).read_text(encoding="utf-8")
                for path in handwritten_pages(docs, Build.internal)
                if path not in prepared.site.pages]
    say(products, f"render {prepare_seconds:.2f} s for {len(sources)} pages; markdown floor")
    floor_seconds, floor_cpu_seconds, _ = timed(lambda: floor(sources, config), repeat)

    say(products, f"floor {floor_seconds:.2f} s, CPU {floor_cpu_seconds:.2f} s; "
                  "productdocs build, cold")
    cache = folder / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cached = {CACHE_VARIABLE: str(cache), "PRODUCTDOCS_CACHE_MB": CACHE_MEGABYTES}
    site = folder / "site"
    for old in (site, site.with_name(f".{site.name}.spare")):  # an earlier run's
        shutil.rmtree(old, ignore_errors=True)
    build_command = [sys.executable, "-m", "generator", "build", "--root", str(root),
                     "--as-of", AS_OF.isoformat(), "--site-dir", str(site)]
    build = run_measured(build_command, folder / "build.log", cached)
    say(products, f"cold build {build.seconds:.1f} s, CPU {build.cpu_seconds:.1f} s, "
                  f"exit {build.exit_code}")
    html_pages, html_bytes, site_bytes = site_size(site) if build.exit_code == 0 else (0, 0, 0)
    warm = None
    if build.exit_code == 0:
        with edited(middle_product(root), "Changed for the warm build."):
            warm = run_measured(build_command, folder / "warm-build.log", cached)
        say(products, f"warm build {warm.seconds:.1f} s, CPU {warm.cpu_seconds:.1f} s, "
                      f"exit {warm.exit_code}")
    again = None
    if warm is not None and warm.exit_code == 0:
        with edited(middle_product(root), "Again. Changed for the warm build."):
            again = run_measured(build_command, folder / "again-build.log", cached)
        say(products, f"warm build again {again.seconds:.1f} s, CPU {again.cpu_seconds:.1f} s,"
                      f" exit {again.exit_code}")

    stock = None
    if baseline:
        stock = stock_build(root, folder / "stock")
        say(products, f"stock MkDocs {stock.seconds:.1f} s, exit {stock.exit_code}")
    laid_out = None
    if pdfs:
        laid_out = pdf_layout(prepared.site, root)
        say(products, f"{laid_out[0]} PDFs in {laid_out[1]:.1f} s")
    preview_saved = None
    if preview:
        preview_saved = save_to_page(root, ["--product", middle_product(root).stem],
                                     folder / "preview.log", cached, first_page=300, save=60)
        say(products, f"one-product preview: {shown_saved(preview_saved)}")
    serve_saved = None
    if serve:
        # The whole-site server answers after a full build: minutes for a large portfolio.
        serve_saved = save_to_page(root, [], folder / "serve.log", cached, first_page=900,
                                   save=300)
        say(products, f"whole-site serve: {shown_saved(serve_saved)}")
    timed_pipeline = None
    if pipeline:
        timed_pipeline = pull_request_pipeline(root, folder / "pipeline")
        say(products, f"pull-request pipeline cold {timed_pipeline.cold.seconds:.1f} s, "
                      f"warm {timed_pipeline.warm.seconds:.1f} s")
    return Row(products, len(sources), validate_seconds, validate_kept_seconds,
               prepare_seconds, floor_seconds,
               floor_cpu_seconds, build, warm, again, html_pages, html_bytes, site_bytes, stock,
               laid_out, preview_saved, serve_saved, timed_pipeline,
               f"{started_load} → {load()}")


def middle_product(root: Path) -> Path:
    """The product file every change is made to: the same one whatever is measured."""
    files = sorted(path for path in (root / "products").glob("*.yml")
                   if path.name != "portfolio.yml")
    return files[len(files) // 2]


def retag(product: Path, words: str) -> str:
    """Put `words` at the start of the product's tagline; return the file's text before."""
    text = product.read_text(encoding="utf-8")
    if "tagline: " not in text:
        raise SystemExit(f"{product} has no tagline to change")
    product.write_text(text.replace("tagline: ", f"tagline: {words} ", 1), encoding="utf-8")
    return text


@contextlib.contextmanager
def edited(product: Path, words: str) -> Iterator[None]:
    """The product file with `words` in its tagline, as it was again afterwards."""
    text = retag(product, words)
    try:
        yield
    finally:
        product.write_text(text, encoding="utf-8")


def without_pdfs(config_file: Path) -> None:
    """Build the site without PDFs and decks: stock MkDocs makes none, so the comparison is
    of the same pages. PDFs are laid out and timed on their own (pdf_layout)."""
    text = config_file.read_text(encoding="utf-8")
    text = re.sub(r"^(\s*)- productdocs:\n", r"\g<0>\1    pdf: false\n\1    decks: false\n",
                  text, flags=re.M)
    if "pdf: false" not in text:
        raise SystemExit(f"{config_file} does not configure the productdocs plugin")
    config_file.write_text(text, encoding="utf-8")


def pdf_layout(site: Any, root: Path) -> tuple[int, float]:
    """Every whitepaper and battlecard PDF of the site, laid out with no cache."""
    from generator.pdf import render_pdfs

    with cache_in("off"):
        start = time.perf_counter()
        rendered = render_pdfs(site, root / "templates")
        return len(rendered), time.perf_counter() - start


@contextlib.contextmanager
def cache_in(setting: str) -> Iterator[None]:
    """PRODUCTDOCS_CACHE set to `setting` (a folder, or "off") in this process, meanwhile."""
    before = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = setting
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CACHE_VARIABLE, None)
        else:
            os.environ[CACHE_VARIABLE] = before


def save_to_page(root: Path, serve_options: list[str], log: Path, env: dict[str, str], *,
                 first_page: float, save: float) -> float | str:
    """`productdocs serve` with `serve_options`: the seconds from saving the middle product's
    file to the server answering with the change, or why it did not in time. The server
    may take `first_page` seconds to answer at all, then `save` seconds to show the save."""
    product = middle_product(root)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/products/{product.stem}/"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", *serve_options, "--root", str(root),
             "--as-of", AS_OF.isoformat(), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=output, stderr=subprocess.STDOUT, cwd=REPOSITORY, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
        try:
            if not wait_until(lambda: "<h1" in fetch(url), first_page, server):
                return not_served(server, f"no page after {first_page:.0f} s", log)
            marker = f"Saved at {time.time_ns()}"
            start = time.perf_counter()
            with edited(product, marker):
                if not wait_until(lambda: marker in fetch(url), save, server):
                    return not_served(server, f"save not shown after {save:.0f} s", log)
                return time.perf_counter() - start
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def not_served(server: subprocess.Popen[bytes], waited: str, log: Path) -> str:
    if server.poll() is not None:
        return f"failed: the server exited ({server.returncode}), see {log}"
    return f"failed: {waited}, see {log}"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (OSError, ValueError):
        return ""


def wait_until(check: Callable[[], bool], seconds: float, server: subprocess.Popen[bytes]
               ) -> bool:
    """Whether `check` came true within `seconds` while the server ran."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and server.poll() is None:
        if check():
            return True
        time.sleep(0.05)
    return False


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall time and median CPU time of `repeat` runs, and the last run's result.
    The CPU time is this process's alone: work handed to other processes is not in it."""
    wall_times, cpu_times = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall_times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - start_cpu)
    return statistics.median(wall_times), statistics.median(cpu_times), result


def floor(sources: list[str], config: dict[str, Any]) -> None:
    """Convert every page with python-markdown and the site's extensions, as MkDocs would,
    minus everything else MkDocs does (front matter is split off before timing)."""
    names: list[str] = []
    settings: dict[str, Any] = {}
    for item in config.get("markdown_extensions") or []:
        name = item if isinstance(item, str) else next(iter(item))
        names.append(name)
        if isinstance(item, dict) and item[name]:
            settings[name] = item[name]
    names += [name for name in (*REQUIRED_EXTENSIONS, "toc") if name not in names]
    bodies = [FRONT_MATTER.sub("", source, count=1) for source in sources]
    converter = markdown.Markdown(extensions=names, extension_configs=settings)
    for body in bodies:
        converter.reset()
        converter.convert(body)


def run_measured(command: list[str], log: Path, env: dict[str, str] | None = None
                 ) -> Measured:
    """Run `command` with its output in `log` and `env` added to this process's environment;
    wall time, CPU time and the peak RSS of that process."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with log.open("w", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   cwd=REPOSITORY, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
                    process.returncode, log)


def pull_request_pipeline(root: Path, folder: Path) -> Pipeline:
    """The pull-request workflow's commands on a copy of the portfolio made a git repository
    whose last commit changes one product file, as a pull request would: once cold, then
    once warm after another commit changes that file again."""
    shutil.rmtree(folder, ignore_errors=True)
    repository = folder / "portfolio"
    shutil.copytree(root, repository)
    git(repository, "init", "--quiet")
    commit(repository, "The portfolio")
    base = git(repository, "rev-parse", "HEAD")
    product = middle_product(repository)
    retag(product, "Changed in the pull request.")
    commit(repository, "Change one product")
    cached = {CACHE_VARIABLE: str(folder / "cache"), "PRODUCTDOCS_CACHE_MB": CACHE_MEGABYTES}
    cold = pipeline_run(repository, base, folder, "cold", cached)
    retag(product, "Changed again in the pull request.")
    commit(repository, "Change the product again")
    return Pipeline(cold, pipeline_run(repository, base, folder, "warm", cached))



def pipeline_run(root: Path, base: str, folder: Path, name: str, env: dict[str, str]
                 ) -> PipelineRun:
    """The steps of .github/workflows/pull-request.yml, with the Makefile's arguments, into
    site folders made afresh as on a new checkout."""
    internal, public = folder / "site-internal", folder / "site-public"
    for site in (internal, public):
        shutil.rmtree(site, ignore_errors=True)
    arguments = dict(zip(PIPELINE_STEPS, (
        ["validate", "--root", str(root), "--format", "github"],
        ["diff", "--root", str(root), "--format", "markdown", base],
        ["build", "--root", str(root), "--audience", "internal", "--site-dir", str(internal)],
        ["build", "--root", str(root), "--audience", "public", "--site-dir", str(public)],
        ["check-public", "--root", str(root), str(public)]), strict=True))
    steps: dict[str, Measured] = {}
    for step, step_arguments in arguments.items():
        log = folder / f"{name}-{step.replace(' ', '-')}.log"
        steps[step] = run_measured([sys.executable, "-m", "generator", *step_arguments], log,
                                   env)
        if steps[step].exit_code:
            break
    return PipelineRun(steps)


def git(repository: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=repository, check=True, text=True,
                          capture_output=True).stdout.strip()


def commit(repository: Path, message: str) -> None:
    """Commit everything, dated the synthetic company's today: the workflow's commands take
    their date from the last commit, so they build the site the other builds build."""
    moment = f"{AS_OF.isoformat()}T12:00:00+00:00"
    identity = {"GIT_AUTHOR_NAME": "Benchmark", "GIT_AUTHOR_EMAIL": "benchmark@example.com",
                "GIT_COMMITTER_NAME": "Benchmark",
                "GIT_COMMITTER_EMAIL": "benchmark@example.com",
                "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
    git(repository, "add", "--all")
    subprocess.run(["git", "commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", message],
                   cwd=repository, check=True, capture_output=True, env={**os.environ, **identity})


def stock_build(root: Path, folder: Path) -> Measured:
    """`productdocs generate` the same pages, then build them with plain MkDocs + Material."""
    generated = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--root", str(root), "--as-of",
         AS_OF.isoformat(), "--out", str(folder)], capture_output=True, text=True)
    if generated.returncode:
        raise SystemExit(f"productdocs generate failed:\n{generated.stderr}")
    config_file = folder / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    theme = config.setdefault("theme", {})
    theme["features"] = [feature for feature in theme.get("features") or []
                         if feature not in STOCK_FEATURES_DROPPED]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    return run_measured([sys.executable, "-m", "mkdocs", "build", "--config-file",
                         str(config_file), "--site-dir", str(folder / "site")],
                        folder.parent / "stock.log")


def site_size(site: Path) -> tuple[int, int, int]:
    """HTML pages, their bytes, and the bytes of everything in the site."""
    html_pages = html_bytes = total = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            html_pages += 1
            html_bytes += size
    return html_pages, html_bytes, total


HEADER = ("| Products | Pages | Validate | Validate + render | Build | Build CPU | "
          "Markdown floor | Floor CPU | Build CPU / floor CPU | Build per page | Pages/s | "
          "Peak memory | Warm rebuild | Warm CPU | Warm / cold (CPU) | Again CPU | "
          "Again / cold (CPU) | Avg HTML page | Site | "
          "Stock MkDocs | Stock CPU | Stock peak memory | Stock / ours | PDFs (no cache) | "
          "Preview save → page | Serve save → page |")


def table(rows: list[Row]) -> str:
    lines = [HEADER, "|" + "---:|" * HEADER.count(" | ") + "---:|"]
    for row in rows:
        cells = [f"{row.products:,}", f"{row.pages:,}", seconds(row.validate_seconds),
                 seconds(row.prepare_seconds), *build_cells(row), *stock_cells(row),
                 f"{row.pdfs[0]:,} in {seconds(row.pdfs[1])}" if row.pdfs
                 else "skipped (--pdf-max)",
                 shown_saved(row.preview, "skipped (--no-preview)"),
                 shown_saved(row.serve, "skipped (--serve-max)")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def build_cells(row: Row) -> list[str]:
    """From Build to Site."""
    build, warm, again = row.build, row.warm, row.again
    if build.exit_code or warm is None:
        return [f"failed (exit {build.exit_code}, see {build.log})"] + ["-"] * 14
    if warm.exit_code or again is None:  # no build again after a failed warm one
        warm_cells = [f"failed (exit {warm.exit_code}, see {warm.log})", "-", "-", "-", "-"]
    else:
        warm_cells = [seconds(warm.seconds), seconds(warm.cpu_seconds),
                      f"{warm.cpu_seconds / build.cpu_seconds:.1%}"]
        warm_cells += ([f"failed (exit {again.exit_code}, see {again.log})", "-"]
                       if again.exit_code else [seconds(again.cpu_seconds),
                                                f"{again.cpu_seconds / build.cpu_seconds:.1%}"])
    return [seconds(build.seconds), seconds(build.cpu_seconds), seconds(row.floor_seconds),
            seconds(row.floor_cpu_seconds), f"{build.cpu_seconds / row.floor_cpu_seconds:.1f}×",
            f"{1000 * build.seconds / row.pages:.1f} ms", f"{row.pages / build.seconds:.0f}",
            megabytes(build.peak_bytes), *warm_cells,
            f"{row.html_bytes / max(row.html_pages, 1) / 1024:.0f} KB",
            megabytes(row.site_bytes)]


def stock_cells(row: Row) -> list[str]:
    if row.stock is None:
        return ["skipped (--baseline-max)", "-", "-", "-"]
    if row.stock.exit_code:
        return [f"failed (exit {row.stock.exit_code}, see {row.stock.log})", "-", "-", "-"]
    ratio = "-" if row.build.exit_code else f"{row.stock.seconds / row.build.seconds:.1f}×"
    return [seconds(row.stock.seconds), seconds(row.stock.cpu_seconds),
            megabytes(row.stock.peak_bytes), ratio]


def shown_saved(saved: float | str | None, skipped: str = "not measured") -> str:
    if saved is None:
        return skipped
    return saved if isinstance(saved, str) else seconds(saved)


PIPELINE_HEADER = ("| Products | Pipeline | Validate | Diff | Build internal | Build public | "
                   "Leak check | Total | Total CPU |")


def pipeline_table(rows: list[Row]) -> str:
    """Per-step wall time of the pull-request pipeline, and its totals in wall and CPU time."""
    lines = [PIPELINE_HEADER, "|---:|---|" + "---:|" * (PIPELINE_HEADER.count(" | ") - 1)]
    for row in rows:
        if row.pipeline is None:
            continue
        for name, run in (("cold", row.pipeline.cold), ("warm", row.pipeline.warm)):
            steps = [seconds(run.steps[step].seconds) if step in run.steps else "-"
                     for step in PIPELINE_STEPS]
            totals = ([run.failure, "-"] if run.failure
                      else [seconds(run.seconds), seconds(run.cpu_seconds)])
            lines.append("| " + " | ".join([f"{row.products:,}", name, *steps, *totals]) + " |")
    return "\n".join(lines)


def goals(rows: list[Row]) -> str:
    """The issue's targets next to what was measured. They speak of 500 products (else the
    largest size run stands in), of 50 for scaling (the smallest), and of 2,000 for memory."""
    built = [row for row in rows if row.build.exit_code == 0 and row.warm is not None]
    if not built:
        return "No build succeeded; nothing to compare with the goals."
    large = next((row for row in built if row.products == GOAL_SIZE), built[-1])
    largest, smallest = built[-1], built[0]
    lines = [f"Goals (targets from the issue; measured at {large.products:,} products unless "
             "a line says otherwise):",
             f"- cold build CPU ≤ 1.5× the floor's CPU (CPU time vs CPU time; the floor in one "
             f"process): {large.build.cpu_seconds / large.floor_cpu_seconds:.1f}×",
             warm_goal(large),
             f"- whole-site serve shows a save within 2 s (wall): "
             f"{shown_saved(large.serve, 'skipped (--serve-max)')}"]
    if large.preview is not None:
        lines.append(f"- one-product preview shows a save within 2 s (wall): "
                     f"{shown_saved(large.preview)}")
    lines += [f"- validation < 1 s (wall, in-process): {seconds(large.validate_seconds)} "
              f"the first time; {seconds(large.validate_kept_seconds)} again, the files "
              "unchanged (what they were read into is kept)",
              f"- average HTML page < 100 KB: "
              f"{large.html_bytes / max(large.html_pages, 1) / 1024:.0f} KB"]
    if largest is not smallest:
        lines.append(linearity_goal(largest, smallest))
    return "\n".join([*lines, *memory_goals(built, large), pipeline_goal(large.pipeline)])


def warm_goal(row: Row) -> str:
    goal = "- warm rebuild after changing one product file ≤ 10% of the cold build: "
    if row.warm is None or row.warm.exit_code or row.again is None:
        return goal + "the warm build failed"
    if row.again.exit_code:
        return goal + "the build again, into the site before last, failed"
    return (goal + f"{row.warm.cpu_seconds / row.build.cpu_seconds:.1%} in CPU "
            f"({row.warm.seconds / row.build.seconds:.1%} wall) the first time after the cold "
            f"build (no site before last yet); {row.again.cpu_seconds / row.build.cpu_seconds:.1%}"
            f" in CPU ({row.again.seconds / row.build.seconds:.1%} wall) again, into the site "
            "before last")


def linearity_goal(largest: Row, smallest: Row) -> str:
    per_page = [1000 * row.build.cpu_seconds / row.pages for row in (largest, smallest)]
    wall = [row.build.seconds / row.pages for row in (largest, smallest)]
    return (f"- cost stays linear: build CPU per page at {largest.products:,} products ≤ 1.2× "
            f"that at {smallest.products:,}: {per_page[0]:.1f} ms vs {per_page[1]:.1f} ms, "
            f"{per_page[0] / per_page[1]:.2f}× (wall: {wall[0] / wall[1]:.2f}×)")


def memory_goals(built: list[Row], large: Row) -> list[str]:
    """The limit for each size the issue gives one for, or the 500-product limit for `large`."""
    limited = [row for row in built if row.products in MEMORY_GOALS] or [large]
    return [f"- peak memory of the build at {row.products:,} products < "
            f"{MEMORY_GOALS.get(row.products, MEMORY_GOALS[GOAL_SIZE]) / 2**30:.0f} GB: "
            f"{megabytes(row.build.peak_bytes)}" for row in limited]


def pipeline_goal(pipeline: Pipeline | None) -> str:
    goal = "- pull-request pipeline end to end (validate, diff, both builds, leak check): "
    if pipeline is None:
        return goal + "skipped (--pipeline-max)"

    def total(run: PipelineRun) -> str:
        return run.failure or f"{seconds(run.seconds)} wall ({seconds(run.cpu_seconds)} CPU)"

    return goal + f"cold {total(pipeline.cold)}, warm {total(pipeline.warm)}"


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in PACKAGES)
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPOSITORY,
                            capture_output=True, text=True).stdout.strip() or "unknown"
    return (f"Machine: {os.cpu_count()} CPUs ({model}), {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}\n"
            f"Packages: {versions}\nproductdocs commit: {commit}")


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def megabytes(value: int) -> str:
    return f"{value / 2**20:,.0f} MB"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def say(products: int, message: str) -> None:
    print(f"[{products} products] {message}", file=sys.stderr, flush=True)


def _shown(path: str) -> str:
    """A path relative to the repository when it is inside it, as a reader would type it."""
    try:
        return Path(path).relative_to(REPOSITORY).as_posix()
    except ValueError:
        return path


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, nargs="+", default=[50, 200, 500],
                        help="portfolio sizes to measure (default: 50 200 500)")
    parser.add_argument("--baseline-max", type=int, default=200,
                        help="build the stock MkDocs baseline only up to this many products "
                             "(default: 200; it takes minutes beyond)")
    parser.add_argument("--out-dir", type=Path, default=REPOSITORY / "build" / "benchmarks",
                        help="where portfolios and sites go (default: build/benchmarks)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each in-process measurement; the median is shown")
    parser.add_argument("--pdf-max", type=int, default=50,
                        help="lay out the PDFs from scratch only up to this many products "
                             "(default: 50; each PDF takes a tenth of a second or more)")
    parser.add_argument("--no-preview", action="store_true",
                        help="skip measuring `productdocs serve --product`")
    parser.add_argument("--serve-max", type=int, default=500,
                        help="measure the whole-site `productdocs serve` only up to this many "
                             "products (default: 500)")
    parser.add_argument("--pipeline-max", type=int, default=500,
                        help="time the pull-request pipeline only up to this many products "
                             "(default: 500)")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(arguments)
    if min(options.products) < 1 or options.repeat < 1:
        parser.error("--products and --repeat must be at least 1")
    rows = [measure(products, options.out_dir.resolve(), seed=options.seed,
                    repeat=options.repeat, baseline=products <= options.baseline_max,
                    pdfs=products <= options.pdf_max, preview=not options.no_preview,
                    serve=products <= options.serve_max,
                    pipeline=products <= options.pipeline_max)
            for products in sorted(set(options.products))]
    print(table(rows))
    print()
    print(legend(rows, options))
    if any(row.pipeline for row in rows):
        print()
        print(pipeline_table(rows))
    print()
    print(pipeline_legend(rows, options.pipeline_max))
    print()
    print(goals(rows))
    print()
    print(f"Command: {shlex.join([_shown(sys.executable), 'benchmarks/run.py', *arguments])}")
    print(machine())
    print("Load average (1, 5, 15 min) at the start → end of each size: "
          + "; ".join(f"{row.products}: {row.load}" for row in rows))
    return 0 if all(row.ok for row in rows) else 1


def legend(rows: list[Row], options: argparse.Namespace) -> str:
    lines = []
    skipped = [f"{row.products:,}" for row in rows if row.stock is None]
    if skipped:
        lines.append(f"Stock MkDocs baseline skipped for {', '.join(skipped)} products "
                     f"(--baseline-max {options.baseline_max}).")
    lines += [
        f"Stock MkDocs: the same pages from `productdocs generate`, built by `mkdocs build` "
        f"with Material and the same extensions, without {', '.join(STOCK_FEATURES_DROPPED)}.",
        "Builds are of the site without PDFs (stock MkDocs makes none); the PDFs column is "
        "laying out every whitepaper and battlecard PDF with the cache off, which builds do "
        "once per changed document. Build is the cold build: the first, with an empty page "
        f"cache of its own ({CACHE_VARIABLE}=products-N/cache, bounded at "
        f"{CACHE_MEGABYTES} MB); Warm rebuild is the same "
        "build again, with that cache, after changing one product file. The preview column "
        "is `productdocs serve --product`, the serve column the whole-site `productdocs "
        "serve` (same cache): from saving a product file to the server answering with the "
        "change.",
        f"Validate, render and the floor: in-process, median of {options.repeat} run(s). "
        "Builds: one run each, as a subprocess.",
        "Wall time: Validate, Validate + render, Build, Markdown floor, Build per page, "
        "Pages/s, Warm rebuild, Stock MkDocs, PDFs, Preview and Serve. CPU time (user + "
        "system, of the process and its workers): Build CPU, Floor CPU, Warm CPU, Stock CPU. "
        "The build converts pages on every core; the floor runs in one process (this one), "
        "so Build CPU / floor CPU compares CPU time with CPU time, as does Warm / cold (CPU). "
        "Stock / ours is wall time. CPU well below wall means other work on the machine "
        "slowed a run."]
    return "\n".join(lines)


def pipeline_legend(rows: list[Row], pipeline_max: int) -> str:
    lines = []
    if any(row.pipeline for row in rows):
        lines.append(
            "Pipeline: the steps of .github/workflows/pull-request.yml with the Makefile's "
            "arguments (validate --format github, diff --format markdown BASE, build "
            "internal, build public, check-public), one subprocess each, in sequence, on a "
            "copy of the portfolio made a git repository whose pull request changes one "
            "product file; BASE is the commit before it, as in the workflow. Cold: an empty "
            "cache and new site folders; warm: the cache the cold run filled, new site "
            "folders, after another commit changes the product file again. Steps and Total "
            "are wall time, Total CPU is CPU time.")
    skipped = [f"{row.products:,}" for row in rows if row.pipeline is None]
    if skipped:
        lines.append(f"Pull-request pipeline skipped for {', '.join(skipped)} products "
                     f"(--pipeline-max {pipeline_max}).")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
