"""The `productdocs` MkDocs plugin and the build/serve commands (with
generator/mkdocs_pages.py and generator/mkdocs_serve.py, the only modules that import
MkDocs).

Everything else is engine-free; this adapter hands rendered pages to MkDocs as
generated files, sets the navigation, and keeps `mkdocs serve` alive through YAML errors.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
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

from generator.api import api_files
from generator.audience import Build
from generator.cache import compiled_templates
from generator.decks import render_decks
from generator.load import keep_readings
from generator.mkdocs_pages import (
    REPLAY_TEMPLATE,
    Converter,
    SearchEntries,
    conversion_key,
    hand_over,
    indexer,
    keep_source,
    output_key,
    page_key,
    search_index,
    template_tags,
)
from generator.mkdocs_serve import (
    NotInPlace,
    Saved,
    browsers_are_current,
    notice_saves_at_once,
    stamp,
    update_in_place,
)
from generator.output import (
    FORBIDDEN_IN_PUBLIC,
    FORBIDDEN_PLUGINS,
    LinkCheck,
    broken_link,
    files_in,
    local_links,
    write_page,
)
from generator.page_cache import PageCache, digest
from generator.pdf import render_pdfs
from generator.pipeline import Prepared, build_timestamp, prepare
from generator.prerender import NOT_CONVERTED_AHEAD, Rendered, convert, plugins_leave_markdown
from generator.problems import Problem, ProblemsFound
from generator.processes import process_count
from generator.render import Previous, Site, compile_templates
from generator.render.environment import builtin_templates
from generator.render.nav import navigation, top_level
from generator.search_sections import markers_stripped_only_when_present
from generator.sidebar import PageNavigation
from generator.site import ASSETS, REQUIRED_EXTENSIONS, handwritten_pages, publishable
from generator.site_folder import SiteFolder
from generator.sources import SOURCE_FOLDERS, is_link, links_under
from generator.stencils import Stencils, url_filter
from generator.validate import collector_paused

AUDIENCE_VARIABLE = "PRODUCTDOCS_AUDIENCE"
PRODUCT_VARIABLE = "PRODUCTDOCS_PRODUCT"
THEME = Path(__file__).resolve().parent / "theme"


class ProblemsInBuild(PluginError):
    """Problems found while MkDocs builds, each at the file and line to fix."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Replayed:
    """A page laid out by its own template, or to be copied from the page cache."""

    key: str
    template: str
    context: dict[str, Any]
    kept: dict[str, Any] | None
    """The page cache's entry of the finished page (its HTML and local links), or None."""


class NotNews(logging.Filter):
    """What MkDocs says that is not news in a productdocs build: "Page skipped ...
    Generated empty output" of a page whose file on_post_page wrote itself, and the
    warning that a build is "dirty" when build_site asked for one (see _needs_building)."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()
        self.dirty_asked = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.dirty_asked and message.startswith("A 'dirty' build is being performed"):
            return False
        return not (message.startswith("Page skipped: '")
                    and message[len("Page skipped: '"):].split("'", 1)[0] in self.pages)


NOT_NEWS = NotNews()
logging.getLogger("mkdocs.commands.build").addFilter(NOT_NEWS)


class ProductDocsConfig(Config):
    root = options.Optional(options.Dir(exists=True))
    """The portfolio's root folder, holding products/ (default: the folder of mkdocs.yml)."""
    templates = options.Type(str, default="templates")
    """Folder of template overrides, relative to the root; built-in templates fill the gaps."""
    audience = options.Choice(("internal", "public"), default="internal")
    """Which site to build; the PRODUCTDOCS_AUDIENCE environment variable takes precedence."""
    as_of = options.Optional(options.Type(str))
    """The date the build is as of (YYYY-MM-DD); default SOURCE_DATE_EPOCH or the last commit."""
    pdf = options.Type(bool, default=True)
    """Build a PDF of every whitepaper and battlecard (laid-out PDFs are cached between
    builds; switch off for the quickest previews)."""
    decks = options.Type(bool, default=True)
    """Build a pitch deck (PPTX) per product and the portfolio review deck (drawn decks are
    cached between builds like the PDFs)."""
    public_assets = options.ListOfItems(options.Type(str), default=[])
    """Glob patterns (relative to docs_dir) of non-Markdown files the public site may copy,
    e.g. "images/*.png". Everything else in docs_dir that is not a public page stays out."""


class ProductDocsPlugin(plugins.BasePlugin[ProductDocsConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.server: Any = None
        """MkDocs' server, while serving."""
        self.site: Site | None = None
        self.problems: list[Problem] = []
        self.prerendered: dict[str, Rendered] = {}
        self.replays: dict[str, str | None] = {}
        """Pages whose HTML the replay template writes: their own template's name."""
        self.replayed: Replayed | None = None
        """The page _replay just gave, until on_post_page."""
        self.written: set[str] = set()
        """Pages whose file on_post_page wrote itself: copied from the page cache, or
        laid out now."""
        self.writing = False
        """Whether MkDocs has read every page and is writing them out."""
        self.keys: dict[str, str] = {}
        """Pages _needs_building did not find in the page cache, by their key there."""
        self.stencils: Stencils | None = None
        """Material's blocks laid out once for pages alike, in this build (see stencils)."""
        self.page_cache = PageCache()
        self.tree: list[Any] | None = None
        self.navigation: PageNavigation | None = None
        self.pdf_cache: dict[str, bytes] = {}
        self.deck_cache: dict[str, bytes] = {}
        """PDFs already laid out, so `serve` only redoes the ones whose content changed."""
        self.flagged: set[str] = set()
        """Pages showing the problems of files saved while serving (see mkdocs_serve)."""
        self.site_key: str | None = None
        """What every page's conversion depends on, when pages are converted ahead."""
        self.converter: Converter | None = None
        self.sidebars = ""
        """A digest of the navigation every page's sidebar is made from."""
        self.stamp: dict[Path, tuple[int, int]] = {}
        """The watched files as the last full build found them (see mkdocs_serve)."""
        self.search: Any = None
        self.search_entries: SearchEntries | None = None
        """Each page's entries in the search index (see mkdocs_pages.SearchEntries)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with
        # it the last good site.
        self.serving = command == "serve"
        if self.serving:
            keep_readings()

    @property
    def root(self) -> Path:
        return Path(self.config.root or Path(self.config_file).parent).resolve()

    @property
    def preview(self) -> str | None:
        """The product `productdocs serve --product` previews, or None for the whole site."""
        return os.environ.get(PRODUCT_VARIABLE) or None

    @property
    def build(self) -> Build:
        return Build(os.environ.get(AUDIENCE_VARIABLE) or self.config.audience)

    def prepare(self, previous: Previous | None = None) -> Prepared:
        """The portfolio validated and rendered, or ProblemsFound."""
        as_of = date.fromisoformat(self.config.as_of) if self.config.as_of else None
        return prepare(self.root, self.build, as_of=as_of, pdfs=self.config.pdf,
                       decks=self.config.decks, product=self.preview,
                       overrides=self.root / self.config.templates, previous=previous)

    def watched(self, config: MkDocsConfig) -> list[Path]:
        """Every file a build reads: a change to any of them is a reason to build again."""
        folders = [self.root / "products", Path(config.docs_dir), builtin_templates(),
                   self.root / self.config.templates, THEME, Path(config.config_file_path)]
        if config.theme.custom_dir:
            folders.append(Path(config.theme.custom_dir))
        return [folder.resolve() for folder in folders if folder.exists()]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_file = config.config_file_path
        self.mkdocs_config = config
        self._refuse_leaky_configuration(config)
        if self.serving:
            self.stamp, self.flagged = stamp(self.watched(config)), set()
        try:
            prepared = self.prepare()
        except ProblemsFound as failure:
            self._failed(failure.problems)
        else:
            self.site, self.problems = prepared.site, []
            for warning in prepared.warnings:
                _say(str(warning))
            # products/, content/ and templates/ were checked with the YAML.
            checked = {self.root / name for name in SOURCE_FOLDERS}
            folders = [Path(os.path.abspath(config.docs_dir)),
                       Path(os.path.abspath(self.root / self.config.templates))]
            linked = links_under(self.root, [f for f in folders if f not in checked])
            if linked:
                self._failed(linked)
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css.append(ASSETS["css"])
        self.tree = None
        if config.nav is None and self.site is not None:
            docs = Path(config.docs_dir)
            own = [] if self.preview else handwritten_pages(docs, self.build)
            self.tree = navigation(self.site, own)
            config.nav = top_level(self.tree)
            # The pages are in each page's own sidebar, not in MkDocs' nav: not news.
            config.validation.nav.omitted_files = logging.DEBUG
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        return config

    def _refuse_leaky_configuration(self, config: MkDocsConfig) -> None:
        """Plugins and extensions that could pull YAML values or internal files into pages."""
        reasons = [f"plugin '{name}': {why}" for name, why in FORBIDDEN_PLUGINS.items()
                   if name in config.plugins]
        if self.build is Build.public:
            reasons += [f"extension '{name}': {why}" for name, why in FORBIDDEN_IN_PUBLIC.items()
                        if name in config.markdown_extensions]
        if reasons:
            raise PluginError("productdocs cannot build this site safely; remove "
                              + "; ".join(reasons))

    def _failed(self, problems: list[Problem]) -> None:
        text = "\n".join(str(problem) for problem in problems)
        if not self.serving:
            raise ProblemsInBuild(problems)
        # While serving, keep the last good pages and show the problems on them.
        _say(f"productdocs found problems; serving the last good pages:\n{text}")
        self.problems = problems

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs = Path(os.path.abspath(config.docs_dir))
        for file in [file for file in files if not file.generated_by and file.abs_src_path
                     and is_link(Path(file.abs_src_path), docs)]:
            files.remove(file)  # refused with an error; never read, even while serving
        if self.preview:
            for file in [file for file in files if file.src_uri.endswith(".md")]:
                files.remove(file)  # a preview shows the product, not the hand-written pages
        if self.build is Build.public:
            docs = Path(config.docs_dir).resolve()
            for file in list(files):
                source = None if file.generated_by else file.abs_src_path
                if not publishable(file.src_uri, source, docs, self.config.public_assets):
                    files.remove(file)
        if self.site is None:
            if self.problems and files.get_file_from_path("index.md") is None:
                files.append(File.generated(config, "index.md", content="# Not built yet\n"))
            return files
        for page in self.site.pages.values():
            if page.path not in files.src_uris:
                files.append(File.generated(config, page.path, content=page.markdown))
        for path, content in self.extra_files(config).items():
            files.append(File.generated(config, path, content=content))
        return files

    def extra_files(self, config: MkDocsConfig, pages: Collection[str] | None = None
                    ) -> dict[str, str | bytes]:
        """The site's files besides its pages: the stylesheet, the API, decks and PDFs
        (only those of the `pages` named, when named)."""
        assert self.site is not None
        css = (builtin_templates() / "assets" / "productdocs.css").read_text(encoding="utf-8")
        extra: dict[str, str | bytes] = {ASSETS["css"]: css}
        extra.update(api_files(self.site, config.site_url or "", self.config.decks))
        if self.config.decks:
            extra.update(render_decks(self.site, self.root / self.config.templates,
                                      cache=self.deck_cache, pages=pages))
        # Handed over as files, so the pages' "Download PDF" links are checked like any link.
        if self.config.pdf:
            try:
                extra.update(render_pdfs(self.site, self.root / self.config.templates,
                                         cache=self.pdf_cache, pages=pages))
            except ProblemsFound as failure:
                self._failed(failure.problems)
        return extra

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig,
                         files: Files) -> str:
        rendered = self.prerendered.get(page.file.src_uri)
        if rendered is not None:
            # Converted already: MkDocs' conversion of this page is replaced by handing
            # the result over (a Markdown converter costs milliseconds just to set up).
            page.render = lambda config, files: hand_over(page, rendered, files)
            return markdown
        if not self.problems:
            return markdown
        lines = "\n".join(f"    - `{problem}`" for problem in self.problems)
        banner = (f'!!! failure "The product files have errors; showing the last good pages"\n'
                  f"{lines}\n\n")
        # Under the page's heading: MkDocs takes a page's title from a heading that comes
        # first, and the navigation shows it.
        heading = re.search(r"^# .*\n", markdown, re.M)
        at = heading.end() if heading is not None and not markdown[:heading.start()].strip() else 0
        return f"{markdown[:at]}\n{banner}{markdown[at:]}" if at else banner + markdown


    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.files = files
        self.urls = {file.src_uri: file.url for file in files}
        self.links = LinkCheck()
        self.page_nav = ""
        self.navigation = None if self.tree is None else PageNavigation(
            self.tree, self._title_of, self._url_of)
        self.sections = {item.title: item for item in nav.items if item.is_section}
        self.prerendered, self.replays, self.keys, self.writing = {}, {}, {}, False
        self.written = NOT_NEWS.pages = set()
        self.page_cache = PageCache()
        self.folder = SiteFolder.of(config.site_dir)
        self.nav, self.site_key = nav, None
        self.search, self.search_entries = search_index(config), None
        markers_stripped_only_when_present(config.plugins)
        worth_it = self.page_cache.enabled or process_count() > 1
        if (self.site is not None and not self.problems and worth_it
                and plugins_leave_markdown(config.plugins)):
            templates = [builtin_templates(), self.root / self.config.templates]
            self.site_key = conversion_key(config, templates, self.search)
            self.converter = Converter(config)
            self.convert_ahead(list(self.site.pages))
            if self.folder is not None:
                gc.freeze()  # the conversions live until the build ends (see build_site)
            self.reused, self.laid_out = self.page_cache.hits, 0
            if not self.serving:
                for path in self.prerendered:
                    file = files.src_uris[path]
                    file.is_modified = functools.partial(self._needs_building, file)
        if self.folder is not None:
            # The folder holds the site before last: MkDocs' own check (is the file there
            # newer than its source?) would leave old files in it. Every file not asked
            # about above is written; each is small next to the pages.
            for file in files:
                if file.src_uri not in self.prerendered:
                    file.is_modified = _written_again
        if self.search is not None and (self.site_key is not None or self.serving):
            self.search_entries = SearchEntries(self.search, self.prerendered,
                                                self.page_cache, self.site_key)
        return nav

    def convert_ahead(self, paths: list[str]) -> None:
        """Convert the generated pages at `paths` now (or take them from the page cache)."""
        assert self.site is not None
        if self.site_key is None or self.converter is None:
            return  # MkDocs converts every page itself in this build
        files = [self.files.src_uris.get(path) for path in paths
                 if self.site.pages[path].kind not in NOT_CONVERTED_AHEAD]
        pages = [file.page for file in files
                 if file is not None and file.generated_by and file.page is not None]
        converted = convert(pages, self.mkdocs_config, self.files, self.urls, self.page_cache,
                            self.site_key, indexer(self.search) if self.search is not None
                            else None, self.converter)
        for page in pages:
            keep_source(page, converted[page.file.src_uri])
        self.prerendered.update(converted)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        env.bytecode_cache = compiled_templates("theme")
        env.filters["url"] = url_filter(env.filters["url"])
        self.stencils = None if config.theme.custom_dir else Stencils()
        self.writing = True
        if self.prerendered:
            # Now, when every page is read: the navigation's titles come from the pages.
            self.output_key = output_key(config, self.site_key, self.nav, THEME)
            self.sidebars = digest(self.navigation.fingerprint()) if self.navigation else ""
        return env

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig,
                        files: Files) -> str:
        if page.file.src_uri in self.prerendered and str(THEME) in config.theme.dirs:
            # Chosen now: MkDocs picks the page's template before on_page_context, where
            # the cache is looked up (see _replay).
            self.replays[page.file.src_uri] = page.meta.get("template")
            page.meta["template"] = REPLAY_TEMPLATE
        return html

    def on_page_context(self, context: dict[str, Any], *, page: Any, config: MkDocsConfig,
                        nav: Any) -> dict[str, Any]:
        """Give the page its own small navigation instead of the whole tree, and light up
        its tab."""
        if self.navigation is None:
            return context
        top = self.navigation.top(page.file.src_uri)
        section = self.sections.get(top) if top else None
        if section is not None and not section.active:
            section.active = True
            self.lit = section
        if page.file.src_uri in self.replays:
            context["productdocs_replay"] = self._replay(context, page, top)
        else:
            context["productdocs_nav"] = self._sidebar(page)
        return context

    def _sidebar(self, page: Any) -> str:
        """The page's own small navigation, made once per page when it is needed."""
        if not self.page_nav and self.navigation is not None:
            self.page_nav = self.navigation.of(page.file.src_uri, page.url)
        return self.page_nav

    def _replay(self, context: dict[str, Any], page: Any, top: str | None) -> str:
        """The page's HTML, rendered with its own template now and kept; or nothing, when
        a build that gave its template the same kept it: on_post_page copies that file."""
        template = self.replays.pop(page.file.src_uri)
        if template is None:
            del page.meta["template"]
        else:
            page.meta["template"] = template
        key = self.keys.pop(page.file.src_uri, None)
        kept = None
        if key is None:
            key = page_key(self.output_key, page, self.prerendered[page.file.src_uri],
                           repr(context.get("tags")), self.sidebars, top)
            kept = self.page_cache.get_finished(key)
        self.replayed = Replayed(key, template or "main.html", context, kept)
        return "" if kept is not None else self._lay_out(self.replayed, page)

    def _needs_building(self, file: File) -> bool:
        """MkDocs' question, in the --dirty build build_site asks for, before it reads each
        page and again before it lays each out: whether the page changed. Every page is
        read. A page the site folder holds as written from the same key stays as it is; one
        whose finished HTML the page cache holds is written into the site now. Either way
        its search entries and links are taken as laying it out would have, and MkDocs skips
        it: the rest of a page's way through MkDocs costs more than its conversion saved."""
        if not self.writing or file.src_uri not in self.replays:
            return True
        page = file.page
        top = self.navigation.top(file.src_uri) if self.navigation else None
        key = page_key(self.output_key, page, self.prerendered[file.src_uri],
                       template_tags(self.mkdocs_config, page, self.nav), self.sidebars, top)
        links = self.folder.unchanged(file.dest_uri, key) if self.folder else None
        if links is None:
            kept = self.page_cache.get_finished(key)
            if kept is None or not _written_out(kept["html"], file.abs_dest_path):
                self.keys[file.src_uri] = key
                return True
            links = kept["links"]
            if self.folder is not None:
                self.folder.wrote(file.dest_uri, key, links)
        del self.replays[file.src_uri]
        self.laid_out += 1
        self.links.found(file.dest_uri, links)
        if self.search is not None:
            self.search.add_entry_from_context(page)
        return False

    def _lay_out(self, replayed: Replayed, page: Any) -> str:
        replayed.context["productdocs_nav"] = self._sidebar(page)
        template = self.env.get_template(replayed.template)
        if self.stencils is None:
            return template.render(replayed.context)
        return self.stencils.render(template, replayed.context, page)

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        replayed, self.replayed = self.replayed, None
        if replayed is not None and replayed.kept is not None:
            if _written_out(replayed.kept["html"], page.file.abs_dest_path):
                self.laid_out += 1
                self.written.add(page.file.src_uri)
                output = ""  # MkDocs writes nothing for it: the file is there already
            else:
                output, replayed.kept = self._lay_out(replayed, page), None
        lit = getattr(self, "lit", None)
        if lit is not None:
            lit.active = False
            self.lit = None
        # Collected here, from memory, for the check after the build. The sidebar is left
        # out: every entry of it is checked once, in on_post_build.
        # The same HTML has the same links: found once, then kept with it.
        links = replayed.kept["links"] if replayed is not None and replayed.kept else None
        if links is None:
            sidebar = self._sidebar(page)
            links = local_links(page.file.dest_uri, output.replace(sidebar, "")
                                if sidebar else output)
            if replayed is not None:
                html = _as_written(output)
                self.page_cache.put_finished(replayed.key, {"html": html, "links": links})
                if output.strip() and _written_out(html, page.file.abs_dest_path):
                    # Written as MkDocs would, from the bytes just made for the cache.
                    self.written.add(page.file.src_uri)
                    output = ""
        self.links.found(page.file.dest_uri, links)
        if replayed is not None and self.folder is not None:
            self.folder.wrote(page.file.dest_uri, replayed.key, links)
        self.page_nav = ""
        return output

    def _url_of(self, path: str) -> str:
        return self.urls.get(path, path)

    def _title_of(self, path: str) -> str:
        file = self.files.get_file_from_path(path)
        page = file.page if file is not None else None
        return (page.title if page is not None and page.title else path)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.prerendered and self.page_cache.enabled:
            _say(f"productdocs: of {len(self.prerendered):,} generated pages, "
                 f"{self.reused:,} converted and {self.laid_out:,} laid out were taken from "
                 f"the page cache in {self.page_cache.folder}")
            if self.site is not None and self.site.from_cache:
                _say(f"productdocs: {self.site.from_cache:,} pages were not rendered again: "
                     "their product files did not change")
        self.page_cache.finish()
        self.present = present = files_in(Path(config.site_dir))
        broken = self.broken_links(present)
        for path in sorted(self.navigation.paths() if self.navigation else ()):
            file = self.files.src_uris.get(path)
            if file is None or file.dest_uri not in present:
                broken.append(Problem(Path(self.config_file).name, 1, 1, f"the navigation "
                                      f"links to {path}, which is not in the site"))
        if self.serving and self.site is not None:
            compile_templates(self.root / self.config.templates)
            # What this build made stays until the next full build: not worth scanning
            # for cycles on every save (a tenth of a second or more at 500 products).
            gc.freeze()
        if broken and self.serving:
            _say("links to pages that are not in this site:\n"
                 + "\n".join(str(problem) for problem in broken))
        elif broken:
            raise ProblemsInBuild(broken)

    def broken_links(self, present: set[str], pages: Collection[str] | None = None
                     ) -> list[Problem]:
        return [self._link_source(page, written)
                for page, written in self.links.missing(present, pages)]

    def rebuild(self, full: Callable[[], None]) -> None:
        """What `serve` runs on every save: the pages the saved files change, else (saying
        why) the whole site."""
        now = stamp(self.watched(self.mkdocs_config))
        saved = Saved.between(self.stamp, now)
        reason = ("the last build had errors" if self.site is None
                  or (self.problems and not self.flagged) else None)
        if reason is None and not saved:
            # The same save noticed a second time (see notice_saves_at_once), or a file
            # touched but not changed: the pages in the browsers are the latest.
            if self.server is not None:
                browsers_are_current(self.server)
            return
        start = time.perf_counter()
        if reason is None:
            try:
                with collector_paused():
                    lines = update_in_place(self, saved)
            except NotInPlace as refused:
                reason = str(refused)
            except Exception as error:  # whatever it was, a full build shows it
                reason = f"updating in place failed ({type(error).__name__}: {error})"
        if reason is None:
            self.stamp = now
            _say("\n".join(lines) + f" in {time.perf_counter() - start:.2f} s")
            return
        _say(f"productdocs: {reason}; building the whole site")
        full()

    def _link_source(self, page: str, written: str) -> Problem:
        """A broken link at the line of the YAML (or hand-written page) it was written in."""
        file = next((file for file in self.files if file.dest_uri == page), None)
        if file is None:
            return broken_link(self.root, page, page, None, written, self.build.value)
        handwritten = None if file.generated_by or not file.abs_src_path else Path(
            file.abs_src_path)
        return broken_link(self.root, file.src_uri, f"/{file.url}", handwritten, written,
                           self.build.value)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        overrides = self.root / self.config.templates
        watched = [self.root / "products", *(folder for folder in {overrides, builtin_templates()}
                                             if folder.is_dir())]
        for folder in watched:
            server.watch(str(folder))
        notice_saves_at_once(server, watched)
        self.server = server
        server.builder = lambda: self.rebuild(builder)
        return server


def _written_again() -> bool:
    return True


def _as_written(html: str) -> bytes:
    """A page's HTML as MkDocs writes it to its file."""
    return html.encode("utf-8", errors="xmlcharrefreplace")


def _written_out(html: bytes, path: str) -> bool:
    """Write a kept page's HTML to its file in the site, as MkDocs would; False if that
    failed (MkDocs then writes the page itself, and says why if it fails too)."""
    try:
        write_page(path, html)
    except OSError:
        return False
    return True


def _say(message: str) -> None:
    """To the terminal, not the "mkdocs" logger: --strict counts every warning there, and
    a stale page or a YAML error while serving must not abort the build."""
    print(message, file=sys.stderr, flush=True)


def _show_mkdocs_messages(level: int = logging.WARNING) -> None:
    """MkDocs' own messages on stderr, as `mkdocs build` would print them: warnings for a
    build, also the address and the rebuilds for `serve`."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(level)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_site(config_file: Path, site_dir: Path, build: Build, *, strict: bool = True) -> None:
    """`mkdocs build` into a fresh folder, swapped in only when the build succeeded."""
    os.environ[AUDIENCE_VARIABLE] = build.value
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(build_timestamp(config_file.parent)))
    _show_mkdocs_messages()
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # What was validated and rendered, and what the site folder held, live until the build
    # ends: the cycle collector need not look at it again and again as the build grows
    # (a second of CPU in a 5-second rebuild at 500 products).
    gc.freeze()
    try:
        folder = SiteFolder(site_dir)
        gc.freeze()
        _build_into(folder, config_file, strict)
    finally:
        gc.unfreeze()  # a caller that goes on (a test, a tool) has it collected again


def _build_into(folder: SiteFolder, config_file: Path, strict: bool) -> None:
    try:
        config = load_config(str(config_file), site_dir=str(folder.path), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        NOT_NEWS.dirty_asked = True
        try:
            # "Dirty" only lets the page cache and the folder say which pages are the same
            # as before (see _needs_building); every other file is written.
            mkdocs_build.build(config, dirty=True)
        finally:
            NOT_NEWS.dirty_asked = False
            config.plugins.on_shutdown()
        folder.publish()
    except (Abort, PluginError) as error:
        folder.abandon()
        # MkDocs turns a plugin's error into Abort, the plugin's error as its context.
        positioned = next((cause for cause in (error, error.__context__)
                           if isinstance(cause, ProblemsInBuild)), None)
        if positioned is not None:
            raise ProblemsFound(positioned.problems) from None
        raise ProblemsFound([Problem(str(config_file.name), 1, 1, f"build failed: {error}")]
                            ) from None
    except BaseException:
        folder.abandon()
        raise


def serve_site(config_file: Path, dev_addr: str | None, build: Build,
               product: str | None = None) -> None:
    os.environ[AUDIENCE_VARIABLE] = build.value
    if product:
        os.environ[PRODUCT_VARIABLE] = product
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _show_mkdocs_messages(logging.INFO)
    mkdocs_serve.serve(str(config_file), dev_addr=dev_addr, livereload=True)
