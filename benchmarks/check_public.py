"""Time `productdocs check-public` on the example and on synthetic portfolios.

    .venv/bin/python benchmarks/check_public.py [--products 50 500] [--out-dir DIR]
                                                [--reuse-sites]

For the repository's example and each N (benchmarks/portfolio.py, PDFs included, as
published) it builds the public site, then runs the check as a subprocess and prints a
Markdown table: files and size of the site, the check's wall and CPU time (user + system,
of the process and its workers), per file and per MB, and the machine's load average
before and after: on a shared machine wall time grows with the load, CPU time much less.
Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from portfolio import AS_OF, write_portfolio
from run import REPOSITORY, Measured, load, machine, megabytes, run_measured, seconds


@dataclass
class Row:
    name: str
    files: int
    site_bytes: int
    check: Measured
    load: str


def measure(name: str, root: Path, folder: Path, reuse: bool) -> Row:
    site = folder / "site-public"
    if not (reuse and (site / "index.html").is_file()):
        print(f"[{name}] building the public site", file=sys.stderr, flush=True)
        built = run_measured([sys.executable, "-m", "generator", "build", "--root", str(root),
                              "--audience", "public", "--as-of", AS_OF.isoformat(),
                              "--site-dir", str(site)], folder / "build.log")
        if built.exit_code != 0:
            raise SystemExit(f"the public build failed; see {built.log}")
    files = [path for path in site.rglob("*") if path.is_file()]
    started = load()
    check = run_measured([sys.executable, "-m", "generator", "check-public", "--root",
                          str(root), str(site)], folder / "check.log")
    print(f"[{name}] check-public {check.seconds:.1f} s, exit {check.exit_code}",
          file=sys.stderr, flush=True)
    if check.exit_code != 0:
        raise SystemExit(f"check-public found problems in a clean build; see {check.log}")
    return Row(name, len(files), sum(path.stat().st_size for path in files), check,
               f"{started} → {load()}")


def table(rows: list[Row]) -> str:
    lines = ["| Portfolio | Files | Site | Check, wall | Check, CPU | CPU per file | "
             "CPU per MB | Peak memory | Load (1, 5, 15 min) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        mb = row.site_bytes / 2**20
        lines.append(
            f"| {row.name} | {row.files:,} | {megabytes(row.site_bytes)} | "
            f"{seconds(row.check.seconds)} | {seconds(row.check.cpu_seconds)} | "
            f"{row.check.cpu_seconds / row.files * 1000:.2f} ms | "
            f"{row.check.cpu_seconds / mb * 1000:.0f} ms | "
            f"{megabytes(row.check.peak_bytes)} | {row.load} |")
    return "\n".join(lines)


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, nargs="*", default=[50, 500])
    parser.add_argument("--out-dir", type=Path, default=REPOSITORY / "build" / "check-public")
    parser.add_argument("--reuse-sites", action="store_true",
                        help="check the sites a previous run built (same seed, same bytes) "
                             "instead of building them again")
    options = parser.parse_args(arguments)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    example = options.out_dir / "example"
    if example.exists() and not options.reuse_sites:
        shutil.rmtree(example)
    example.mkdir(exist_ok=True)
    rows = [measure("example", REPOSITORY, example, options.reuse_sites)]
    for products in options.products:
        folder = options.out_dir / f"products-{products}"
        folder.mkdir(exist_ok=True)
        write_portfolio(folder / "portfolio", products)
        rows.append(measure(f"{products} products", folder / "portfolio", folder,
                            options.reuse_sites))
    print(machine())
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
