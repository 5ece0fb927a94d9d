"""The `productdocs` command."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sys
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import click

from generator import problems as report
from generator.audience import Build
from generator.load import keep_readings
from generator.model.base import SLUG_PATTERN
from generator.pipeline import AS_OF_VARIABLE, Prepared, build_date, prepare
from generator.problems import ProblemsFound
from generator.scaffold import product_file
from generator.schema import SCHEMA_DIR, write_schemas
from generator.site import config_problems, plugin_options, read_config
from generator.sources import links_under
from generator.validate import PRODUCTS_DIR, strictly, validate

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="The portfolio's root folder (holds products/ and mkdocs.yml).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="productdocs")
def cli() -> None:
    """Product definitions in YAML, validated like code, published as a sales site."""


audience_option = click.option(
    "--audience", type=click.Choice([b.value for b in Build]), default=Build.internal.value,
    show_default=True, help="public builds only what PMs marked public.")
as_of_option = click.option(
    "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Date relative dates and staleness are judged from, YYYY-MM-DD "
         "(default: SOURCE_DATE_EPOCH or the last commit).")
config_option = click.option(
    "--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The MkDocs configuration (default: ROOT/mkdocs.yml).")


@cli.command("validate")
@root_option
@click.option("--format", "output", type=click.Choice(["text", "github", "json"]),
              default="text", show_default=True,
              help="github prints annotations for pull requests.")
@as_of_option
@click.option("--strict", is_flag=True,
              help="Treat warnings (such as content not reviewed for too long) as errors.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def validate_command(root: Path, output: str, as_of: datetime | None, strict: bool,
                     files: tuple[Path, ...]) -> None:
    """Check every file under products/ and report all problems with file:line:column.

    FILES are accepted for pre-commit and editors; the whole portfolio is always
    checked, since files refer to each other.
    """
    result = validate(root, as_of=as_of.date() if as_of else build_date(root))
    if strict:
        result = strictly(result)
    if output == "json":
        click.echo(json.dumps({
            "ok": result.ok,
            "summary": report.summary(result.problems, result.files),
            "problems": json.loads(report.format_json(result.problems)),
        }, indent=2, ensure_ascii=False))
    else:
        lines = (report.format_github if output == "github" else report.format_text)(
            result.problems)
        if lines:
            click.echo(lines)
        click.echo(report.summary(result.problems, result.files))
    sys.exit(0 if result.ok else 1)


def _prepare_or_exit(root: Path, build: Build, config_file: Path | None,
                     as_of: datetime | None, *, warn: bool = True,
                     product: str | None = None) -> Prepared:
    """Validate and render as the plugin will; on any problem print them all and exit 1.

    Warnings are printed unless `warn` is False (build and serve: the plugin prints them).
    """
    options = plugin_options(read_config(config_file or root / "mkdocs.yml"))
    if as_of is not None:
        os.environ[AS_OF_VARIABLE] = as_of.date().isoformat()
    try:
        prepared = prepare(root, build, as_of=as_of.date() if as_of else None,
                           pdfs=options.get("pdf", True), product=product,
                           decks=options.get("decks", True),
                           overrides=root / options.get("templates", "templates"))
    except ProblemsFound as failure:
        click.echo(report.format_text(failure.problems), err=True)
        click.echo(report.summary(failure.problems, 0), err=True)
        sys.exit(1)
    for warning in prepared.warnings if warn else ():
        click.echo(str(warning), err=True)
    return prepared


def _config_or_exit(root: Path, config_file: Path | None) -> None:
    """build and serve hand the site to MkDocs, which needs a usable mkdocs.yml."""
    refused = config_problems(config_file or root / "mkdocs.yml",
                              str(config_file or "mkdocs.yml"))
    if refused:
        click.echo(report.format_text(refused), err=True)
        sys.exit(1)


@cli.command("build")
@root_option
@config_option
@audience_option
@as_of_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default: ROOT/site).")
def build_command(root: Path, config_file: Path | None, audience: str,
                  as_of: datetime | None, site_dir: Path | None) -> None:
    """Validate, then build the site with --strict. A failed build leaves the old site as it was."""
    from generator.mkdocs_plugin import build_site

    build = Build(audience)
    _config_or_exit(root, config_file)
    _prepare_or_exit(root, build, config_file, as_of, warn=False)
    target = site_dir or root / "site"
    try:
        build_site(config_file or root / "mkdocs.yml", target, build)
    except ProblemsFound as failure:
        click.echo(report.format_text(failure.problems), err=True)
        sys.exit(1)
    click.echo(f"built the {build.value} site in {target}")


@cli.command("serve")
@root_option
@config_option
@audience_option
@as_of_option
@click.option("--dev-addr", "-a", default=None, metavar="IP:PORT",
              help="Address to serve on (default: 127.0.0.1:8000).")
@click.option("--product", default=None, metavar="SLUG",
              help="Preview one product (with its personas, competitors and the home page); "
                   "rebuilds take the same time whatever the size of the portfolio.")
def serve_command(root: Path, config_file: Path | None, audience: str,
                  as_of: datetime | None, dev_addr: str | None, product: str | None) -> None:
    """Serve the site and rebuild it when products/, templates/ or content/ change."""
    from generator.mkdocs_plugin import serve_site

    build = Build(audience)
    _config_or_exit(root, config_file)
    keep_readings()  # from the first validation on: every save validates again
    _prepare_or_exit(root, build, config_file, as_of, warn=False, product=product)
    serve_site(config_file or root / "mkdocs.yml", dev_addr, build, product)


@cli.command("generate")
@root_option
@config_option
@audience_option
@as_of_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write docs/ and mkdocs.yml into (replaced if it exists).")
def generate_command(root: Path, config_file: Path | None, audience: str,
                     as_of: datetime | None, out: Path) -> None:
    """Write every page and a plugin-free mkdocs.yml, for any engine that reads mkdocs.yml."""
    from generator.site import generate

    config_path = config_file or root / "mkdocs.yml"
    prepared = _prepare_or_exit(root, Build(audience), config_path, as_of)
    config = read_config(config_path) or {"site_name": prepared.site.portfolio.company}
    docs_dir = config_path.parent / config.get("docs_dir", "docs")
    if out.resolve() in (root.resolve(), docs_dir.resolve()) or \
            root.resolve() / "products" in out.resolve().parents:
        raise click.UsageError("--out must be a new folder, not the portfolio or its content")
    overrides = config_path.parent / plugin_options(config).get("templates", "templates")
    linked = links_under(root.resolve(), [Path(os.path.abspath(docs_dir)),
                                          Path(os.path.abspath(overrides))])
    if linked:
        click.echo(report.format_text(linked), err=True)
        sys.exit(1)
    try:
        generate(prepared.site, config, docs_dir, out, overrides)
    except ProblemsFound as failure:
        click.echo(report.format_text(failure.problems), err=True)
        sys.exit(1)
    click.echo(f"wrote {len(prepared.site.pages)} pages and mkdocs.yml to {out}")


@cli.command("diff")
@root_option
@audience_option
@as_of_option
@click.option("--format", "output", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="markdown is for a pull request comment or job summary.")
@click.argument("base")
@click.argument("head", required=False)
def diff_command(root: Path, audience: str, as_of: datetime | None, output: str, base: str,
                 head: str | None) -> None:
    """List the pages that differ between BASE and HEAD, with a diff of each changed page.

    BASE and HEAD are git revisions (origin/main, a tag, a SHA); HEAD defaults to the
    working tree. It reports and exits 0 whatever changed; it exits 1 when a revision's
    files have errors and 2 when a revision does not exist.
    """
    from generator import diff

    try:
        comparison = diff.compare(root, base, head, Build(audience),
                                  as_of.date() if as_of else build_date(root))
    except diff.NotARevision as error:
        raise click.UsageError(str(error)) from None
    except diff.RevisionFailed as error:
        click.echo(f"productdocs diff: {error}", err=True)
        sys.exit(1)
    click.echo((diff.format_markdown if output == "markdown" else diff.format_text)(comparison))


@cli.command("digest")
@root_option
@config_option
@audience_option
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
              help="First day to include, YYYY-MM-DD (a week ago for a weekly digest).")
@click.option("--format", "shape", type=click.Choice(["markdown", "slack", "teams"]),
              default="markdown", show_default=True,
              help="slack is a Block Kit message, teams an Adaptive Card message.")
@click.option("--post", "webhook", default=None, metavar="URL",
              help="POST it to this incoming-webhook URL instead of printing it.")
def digest_command(root: Path, config_file: Path | None, audience: str, since: datetime,
                   shape: str, webhook: str | None) -> None:
    """What changed for sales since a date, from the What's new data: Markdown, or a Slack
    or Teams message. With nothing to say, --post posts nothing."""
    from generator import digest

    config_path = config_file or root / "mkdocs.yml"
    prepared = _prepare_or_exit(root, Build(audience), config_path, None, warn=False)
    found = digest.digest(prepared.site, since.date(),
                          str(read_config(config_path).get("site_url") or ""))
    body, content_type = digest.payload(found, shape)
    if webhook is None:
        click.echo(body.decode())
        return
    if not found.groups:
        click.echo(f"nothing changed for sales since {since.date()}; nothing posted")
        return
    try:
        status = digest.post(webhook, body, content_type)
    except OSError as error:
        click.echo(f"productdocs digest: could not post to the webhook: {error}", err=True)
        sys.exit(1)
    click.echo(f"posted the {shape} digest ({found.count} changes): HTTP {status}")


@cli.command("check-public")
@root_option
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_public_command(root: Path, site: Path) -> None:
    """Check the built public SITE for anything internal, before it is published.

    Every internal text of the portfolio under ROOT, and every page only the internal
    site has, is looked for in every file of SITE. Exits 1 on a leak or on a file it
    cannot read, 0 otherwise; warnings (public text quoting internal text) do not fail.
    """
    from generator.public_check import check_public

    try:
        checked = check_public(site, root, build_date(root), shown=str(site))
    except ProblemsFound as failure:
        click.echo(report.format_text(failure.problems), err=True)
        click.echo("the portfolio must validate before its public site can be checked",
                   err=True)
        sys.exit(1)
    for line in [*checked.failures, *checked.warnings]:
        click.echo(line)
    click.echo(checked.summary())
    sys.exit(0 if checked.ok else 1)


@cli.command("schema")
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"Where to write the schemas (default: ROOT/{SCHEMA_DIR}).")
def schema_command(root: Path, out: Path | None) -> None:
    """Write a JSON Schema per file kind, for editor autocompletion and checks."""
    for path in write_schemas(out or root / SCHEMA_DIR):
        click.echo(f"wrote {path}")


@cli.group("new")
def new() -> None:
    """Create a starter file."""


@new.command("product")
@root_option
@click.argument("slug")
def new_product(root: Path, slug: str) -> None:
    """Create products/SLUG.yml, a commented starter that validates."""
    if not re.match(SLUG_PATTERN, slug):
        raise click.UsageError(f"'{slug}' cannot be a slug: use lowercase letters, digits "
                               "and hyphens, e.g. 'acme-cloud'")
    target = root / PRODUCTS_DIR / f"{slug}.yml"
    if target.exists():
        click.echo(f"{target} already exists; pick another slug or edit that file", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(product_file(slug, date.today()), encoding="utf-8")
    click.echo(f"created {target}; fill it in, then run: productdocs validate")


def main() -> None:
    """Entry point: a usage error exits 2, a bug prints one line, never a traceback."""
    try:
        cli.main(prog_name="productdocs", standalone_mode=True)
    except SystemExit as finished:
        _exit_now(finished.code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        click.echo(f"productdocs: internal error: {type(error).__name__}: {error}\n"
                   "This is a bug in productdocs, not in your files; please report it.",
                   err=True)
        sys.exit(3)


def _exit_now(code: object) -> NoReturn:
    """Exit with `code` without Python freeing every object the command made first: half
    a million at 500 products, a second of CPU time for nothing (mypy exits this way too).
    Every file the command wrote is closed by now; what is buffered for the terminal is
    flushed here."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code if isinstance(code, int) else 0)
