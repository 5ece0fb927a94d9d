"""The only module that imports MkDocs: the `productdocs` plugin and the build/serve commands.

Everything else is engine-free; this adapter hands rendered pages to MkDocs as
generated files, sets the navigation, and keeps `mkdocs serve` alive through YAML errors.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs import plugins
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import config_options as options
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files

from generator.audience import Build
from generator.pdf import render_pdfs
from generator.pipeline import prepare
from generator.problems import Problem, ProblemsFound
from generator.render import Site
from generator.render.environment import builtin_templates
from generator.render.nav import navigation
from generator.site import ASSETS, REQUIRED_EXTENSIONS, handwritten_pages

AUDIENCE_VARIABLE = "PRODUCTDOCS_AUDIENCE"


class ProductDocsConfig(Config):
    root = options.Optional(options.Dir(exists=True))
    """The portfolio's root folder, holding products/ (default: the folder of mkdocs.yml)."""
    templates = options.Type(str, default="templates")
    """Folder of template overrides, relative to the root; built-in templates fill the gaps."""
    audience = options.Choice(("internal", "public"), default="internal")
    """Which site to build; the PRODUCTDOCS_AUDIENCE environment variable takes precedence."""
    as_of = options.Optional(options.Type(str))
    """The date the build is as of (YYYY-MM-DD); default SOURCE_DATE_EPOCH or the last commit."""


class ProductDocsPlugin(plugins.BasePlugin[ProductDocsConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.site: Site | None = None
        self.problems: list[Problem] = []
        self.last_pdfs: dict[str, bytes] = {}
        self.pdf_cache: dict[str, bytes] = {}
        """PDFs already laid out, so `serve` only redoes the ones whose content changed."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with
        # it the last good site.
        self.serving = command == "serve"

    @property
    def root(self) -> Path:
        return Path(self.config.root or Path(self.config_file).parent).resolve()

    @property
    def build(self) -> Build:
        return Build(os.environ.get(AUDIENCE_VARIABLE) or self.config.audience)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_file = config.config_file_path
        as_of = date.fromisoformat(self.config.as_of) if self.config.as_of else None
        try:
            prepared = prepare(self.root, self.build, as_of=as_of,
                               overrides=self.root / self.config.templates)
        except ProblemsFound as failure:
            self._failed(failure.problems)
        else:
            self.site, self.problems = prepared.site, []
            for warning in prepared.warnings:
                _say(str(warning))
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css.append(ASSETS["css"])
        if config.nav is None and self.site is not None:
            docs = Path(config.docs_dir)
            config.nav = navigation(self.site, handwritten_pages(docs, self.build))
        return config

    def _failed(self, problems: list[Problem]) -> None:
        text = "\n".join(str(problem) for problem in problems)
        if not self.serving:
            raise PluginError(f"productdocs found problems:\n{text}")
        # While serving, keep the last good pages and show the problems on them.
        _say(f"productdocs found problems; serving the last good pages:\n{text}")
        self.problems = problems

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.build is Build.public:
            for file in list(files):
                if not _public_file(file):
                    files.remove(file)
        if self.site is None:
            if self.problems and files.get_file_from_path("index.md") is None:
                files.append(File.generated(config, "index.md", content="# Not built yet\n"))
            return files
        for page in self.site.pages.values():
            if files.get_file_from_path(page.path) is None:
                files.append(File.generated(config, page.path, content=page.markdown))
        css = (builtin_templates() / "assets" / "productdocs.css").read_text(encoding="utf-8")
        files.append(File.generated(config, ASSETS["css"], content=css))
        # Handed over as files, so the pages' "Download PDF" links are checked like any link.
        try:
            self.last_pdfs = render_pdfs(self.site, self.root / self.config.templates,
                                         cache=self.pdf_cache)
        except ProblemsFound as failure:
            self._failed(failure.problems)
        for path, content in self.last_pdfs.items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig,
                         files: Files) -> str:
        if not self.problems:
            return markdown
        lines = "\n".join(f"    - `{problem}`" for problem in self.problems)
        return (f'!!! failure "The product files have errors; showing the last good pages"\n'
                f"{lines}\n\n{markdown}")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.root / "products"))
        overrides = self.root / self.config.templates
        for folder in {overrides, builtin_templates()}:
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _say(message: str) -> None:
    """To the terminal, not the "mkdocs" logger: --strict counts every warning there, and
    a stale page or a YAML error while serving must not abort the build."""
    print(message, file=sys.stderr, flush=True)


def _public_file(file: File) -> bool:
    """Hand-written pages need `audience: public` in their front matter to be published."""
    from generator.site import is_public_source

    if file.generated_by:
        return True
    return is_public_source(Path(file.abs_src_path or ""), file.src_uri)


def _show_mkdocs_messages() -> None:
    """MkDocs' own warnings and errors on stderr, as `mkdocs build` would print them."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_site(config_file: Path, site_dir: Path, build: Build, *, strict: bool = True) -> None:
    """`mkdocs build` into a fresh folder, swapped in only when the build succeeded."""
    os.environ[AUDIENCE_VARIABLE] = build.value
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _show_mkdocs_messages()
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        config = load_config(str(config_file), site_dir=str(scratch), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
        _swap(scratch, site_dir)
    except (Abort, PluginError) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise ProblemsFound([Problem(str(config_file.name), 1, 1, f"build failed: {error}")]
                            ) from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _swap(new: Path, target: Path) -> None:
    """Replace `target` with `new`; the old site stays whole until the last moment."""
    if not target.exists():
        new.rename(target)
        return
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(retired)
    new.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def serve_site(config_file: Path, dev_addr: str | None, build: Build) -> None:
    os.environ[AUDIENCE_VARIABLE] = build.value
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _show_mkdocs_messages()
    mkdocs_serve.serve(str(config_file), dev_addr=dev_addr, livereload=True)
