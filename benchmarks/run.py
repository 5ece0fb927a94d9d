"""Measure productdocs at portfolio scale and print a Markdown table of the figures.

    .venv/bin/python benchmarks/run.py [--products 50 200 500] [--baseline-max 200]
                                       [--out-dir build/benchmarks] [--repeat 3] [--seed 1]

For each N it writes a synthetic portfolio (benchmarks/portfolio.py) and measures:
validation and rendering in this process (median of --repeat runs), the real
`productdocs build` as a subprocess (wall time and peak memory), the python-markdown
floor (the same pages converted with the site's extensions, nothing else), the built
site's size, and, up to --baseline-max products, stock MkDocs + Material building the
same pages from `productdocs generate` without navigation.prune. Progress goes to
stderr, the report to stdout. Linux only (peak memory comes from wait4).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
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
class Row:
    products: int
    pages: int
    validate_seconds: float
    prepare_seconds: float
    floor_seconds: float
    build: Measured
    html_pages: int
    html_bytes: int
    site_bytes: int
    stock: Measured | None
    pdfs: tuple[int, float] | None
    """PDFs laid out from scratch (cache off) and the seconds that took, or None."""
    preview_seconds: float | None
    """From saving a product file to the preview serving the change, or None."""
    load: str
    """The machine's load average when this size started: other work skews the times."""

    @property
    def ok(self) -> bool:
        return self.build.exit_code == 0 and (self.stock is None or self.stock.exit_code == 0)


def measure(products: int, out_dir: Path, *, seed: int, repeat: int, baseline: bool,
            pdfs: bool, preview: bool) -> Row:
    folder = out_dir / f"products-{products}"
    root = folder / "portfolio"
    started_load = load()
    say(products, "writing the portfolio")
    folder.mkdir(parents=True, exist_ok=True)
    write_portfolio(root, products, seed)
    without_pdfs(root / "mkdocs.yml")

    validate_seconds, result = timed(lambda: validate(root), repeat)
    if not result.ok:
        raise SystemExit(f"the synthetic portfolio does not validate: {result.problems[:3]}")
    say(products, f"validate {validate_seconds:.2f} s; rendering")
    def prepare_from_scratch() -> Any:
        forget()
        return prepare(root, Build.internal, as_of=AS_OF, overrides=root / "templates")

    prepare_seconds, prepared = timed(prepare_from_scratch, repeat)
    config = read_config(root / "mkdocs.yml")
    docs = root / config.get("docs_dir", "docs")
    sources = [page.markdown for page in prepared.site.pages.values()]
    sources += [(docs / path).read_text(encoding="utf-8")
                for path in handwritten_pages(docs, Build.internal)
                if path not in prepared.site.pages]
    say(products, f"render {prepare_seconds:.2f} s for {len(sources)} pages; markdown floor")
    floor_seconds, _ = timed(lambda: floor(sources, config), repeat)

    say(products, f"floor {floor_seconds:.2f} s; productdocs build")
    site = folder / "site"
    build = run_measured([sys.executable, "-m", "generator", "build", "--root", str(root),
                          "--as-of", AS_OF.isoformat(), "--site-dir", str(site)],
                         folder / "build.log")
    say(products, f"build {build.seconds:.1f} s, exit {build.exit_code}")
    html_pages, html_bytes, site_bytes = site_size(site) if build.exit_code == 0 else (0, 0, 0)

    stock = None
    if baseline:
        stock = stock_build(root, folder / "stock")
        say(products, f"stock MkDocs {stock.seconds:.1f} s, exit {stock.exit_code}")
    laid_out = None
    if pdfs:
        laid_out = pdf_layout(prepared.site, root)
        say(products, f"{laid_out[0]} PDFs in {laid_out[1]:.1f} s")
    preview_seconds = None
    if preview:
        preview_seconds = preview_rebuild(root, folder / "preview.log")
        say(products, f"one-product preview shows a save after {preview_seconds:.2f} s")
    return Row(products, len(sources), validate_seconds, prepare_seconds, floor_seconds, build,
               html_pages, html_bytes, site_bytes, stock, laid_out, preview_seconds,
               f"{started_load} → {load()}")


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

    os.environ["PRODUCTDOCS_CACHE"] = "off"
    start = time.perf_counter()
    rendered = render_pdfs(site, root / "templates")
    return len(rendered), time.perf_counter() - start


def preview_rebuild(root: Path, log: Path) -> float:
    """`productdocs serve --product` on one product: the seconds from saving its file to
    the server answering with the change."""
    files = sorted(path for path in (root / "products").glob("*.yml")
                   if path.name != "portfolio.yml")
    product = files[len(files) // 2]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/products/{product.stem}/"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--product", product.stem, "--root",
             str(root), "--as-of", AS_OF.isoformat(), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=output, stderr=subprocess.STDOUT, cwd=REPOSITORY, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            wait_until(lambda: "<h1" in fetch(url), 300, server)
            marker = f"Saved at {time.time_ns()}"
            text = product.read_text(encoding="utf-8")
            start = time.perf_counter()
            product.write_text(text.replace("tagline: ", f"tagline: {marker}. ", 1),
                               encoding="utf-8")
            wait_until(lambda: marker in fetch(url), 60, server)
            return time.perf_counter() - start
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (OSError, ValueError):
        return ""


def wait_until(check: Callable[[], bool], seconds: float, server: subprocess.Popen[str]
               ) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and server.poll() is None:
        if check():
            return
        time.sleep(0.05)
    raise SystemExit("the preview server stopped or did not answer in time; see preview.log")


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of `repeat` runs, and the last run's result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


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


def run_measured(command: list[str], log: Path) -> Measured:
    """Run `command` with its output in `log`; wall time and the peak RSS of that process."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   cwd=REPOSITORY, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
                    process.returncode, log)


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
          "Markdown floor | Build / floor | Build per page | Pages/s | Peak memory | "
          "Avg HTML page | Site | Stock MkDocs | Stock CPU | Stock peak memory | Stock / ours | "
          "PDFs (no cache) | Preview save → page |")


def table(rows: list[Row]) -> str:
    lines = [HEADER, "|" + "---:|" * HEADER.count(" | ") + "---:|"]
    for row in rows:
        build = row.build
        cells = [f"{row.products:,}", f"{row.pages:,}", seconds(row.validate_seconds),
                 seconds(row.prepare_seconds)]
        if build.exit_code:
            cells += [f"failed (exit {build.exit_code}, see {build.log})"] + ["-"] * 8
        else:
            cells += [seconds(build.seconds), seconds(build.cpu_seconds),
                      seconds(row.floor_seconds),
                      f"{build.seconds / row.floor_seconds:.1f}×",
                      f"{1000 * build.seconds / row.pages:.1f} ms",
                      f"{row.pages / build.seconds:.0f}", megabytes(build.peak_bytes),
                      f"{row.html_bytes / max(row.html_pages, 1) / 1024:.0f} KB",
                      megabytes(row.site_bytes)]
        if row.stock is None:
            cells += ["skipped (--baseline-max)", "-", "-", "-"]
        elif row.stock.exit_code:
            cells += [f"failed (exit {row.stock.exit_code}, see {row.stock.log})", "-", "-", "-"]
        else:
            ratio = "-" if build.exit_code else f"{row.stock.seconds / build.seconds:.1f}×"
            cells += [seconds(row.stock.seconds), seconds(row.stock.cpu_seconds),
                      megabytes(row.stock.peak_bytes), ratio]
        cells.append(f"{row.pdfs[0]:,} in {seconds(row.pdfs[1])}" if row.pdfs
                     else "skipped (--pdf-max)")
        cells.append(seconds(row.preview_seconds) if row.preview_seconds is not None
                     else "skipped (--no-preview)")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def goals(rows: list[Row]) -> str:
    """The issue's targets next to what was measured; targets speak of 500 products and 50."""
    built = [row for row in rows if row.build.exit_code == 0]
    if not built:
        return "No build succeeded; nothing to compare with the goals."
    large, small = built[-1], built[0]
    per_page = [row.build.seconds / row.pages for row in (large, small)]
    lines = [f"Goals (targets from the issue; measured at {large.products} products"
             + (f", scaling against {small.products}" if small is not large else "") + "):",
             f"- build ≤ 2× the Markdown floor: {large.build.seconds / large.floor_seconds:.1f}×",
             f"- peak memory < 1 GB: {megabytes(large.build.peak_bytes)}",
             f"- average HTML page < 100 KB: "
             f"{large.html_bytes / max(large.html_pages, 1) / 1024:.0f} KB",
             f"- validation < 1 s: {seconds(large.validate_seconds)}"]
    if large.preview_seconds is not None:
        lines.append(f"- one-product preview shows a save within 2 s: "
                     f"{seconds(large.preview_seconds)}")
    if small is not large:
        lines.append(f"- build time per page within 1.2× of {small.products} products: "
                     f"{per_page[0] / per_page[1]:.2f}×")
    return "\n".join(lines)


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
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(arguments)
    if min(options.products) < 1 or options.repeat < 1:
        parser.error("--products and --repeat must be at least 1")
    rows = [measure(products, options.out_dir.resolve(), seed=options.seed,
                    repeat=options.repeat, baseline=products <= options.baseline_max,
                    pdfs=products <= options.pdf_max, preview=not options.no_preview)
            for products in sorted(set(options.products))]
    print(table(rows))
    print()
    skipped = [str(row.products) for row in rows if row.stock is None]
    if skipped:
        print(f"Stock MkDocs baseline skipped for {', '.join(skipped)} products "
              f"(--baseline-max {options.baseline_max}).")
    print(f"Stock MkDocs: the same pages from `productdocs generate`, built by "
          f"`mkdocs build` with Material and the same extensions, without "
          f"{', '.join(STOCK_FEATURES_DROPPED)}.")
    print("Builds are of the site without PDFs (stock MkDocs makes none); the PDFs column is "
          "laying out every whitepaper and battlecard PDF with the cache off, which builds "
          "do once per changed document. The preview column is `productdocs serve --product`: "
          "from saving a product file to the server answering with the change.")
    print(f"Validate, render and the floor: in-process, median of {options.repeat} run(s). "
          "Builds: one run each; wall time, and CPU time (user + system) of the subprocess. "
          "CPU well below wall means other work on the machine slowed the build; ratios "
          "use wall time.")
    print()
    print(goals(rows))
    print()
    print(f"Command: {shlex.join([_shown(sys.executable), 'benchmarks/run.py', *arguments])}")
    print(machine())
    print("Load average (1, 5, 15 min) at the start → end of each size: "
          + "; ".join(f"{row.products}: {row.load}" for row in rows))
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
