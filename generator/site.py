"""What a site needs besides its pages, for any engine: Markdown extensions, assets,
the hand-written pages that belong in a build, and `productdocs generate`'s folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.api import api_files
from generator.audience import Build
from generator.decks import render_decks
from generator.load import LoadError, compose
from generator.output import matches_any
from generator.pdf import render_pdfs
from generator.problems import Problem
from generator.render import Site
from generator.render.environment import builtin_templates
from generator.render.nav import navigation
from generator.sources import is_link

# The templates use these; a site that leaves one out would show raw syntax.
REQUIRED_EXTENSIONS = ("tables", "admonition", "attr_list", "md_in_html", "pymdownx.details",
                       "pymdownx.superfences", "pymdownx.tasklist")
ASSETS = {"css": "assets/productdocs.css"}
PLUGIN_NAME = "productdocs"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name: become None)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict[str, Any]:
    """An mkdocs.yml as data, or {} when there is none."""
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return data if isinstance(data, dict) else {}


def config_problems(path: Path, display: str) -> list[Problem]:
    """What stops `build` and `serve` before MkDocs starts: no mkdocs.yml, or our plugin
    listed twice (MkDocs would run it twice), at the second entry."""
    if not path.is_file():
        return [Problem(display, 1, 1, "there is no mkdocs.yml, which build and serve need; "
                        "copy the one of the example portfolio, or create it with the lines "
                        "'site_name: Our products', 'docs_dir: content', 'theme: {name: "
                        "material}' and 'plugins: [search, productdocs]'")]
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return []  # MkDocs reports a broken mkdocs.yml itself
    plugins = next((value for key, value in getattr(node, "value", [])
                    if isinstance(node, yaml.MappingNode) and key.value == "plugins"), None)
    if not isinstance(plugins, yaml.SequenceNode):
        return []
    first: dict[str, int] = {}
    problems = []
    for entry in plugins.value:
        name = entry.value if isinstance(entry, yaml.ScalarNode) else (
            entry.value[0][0].value if isinstance(entry, yaml.MappingNode) and entry.value
            else None)
        mark = entry.start_mark
        if name == PLUGIN_NAME and name in first:
            problems.append(Problem(display, mark.line + 1, mark.column + 1,
                                    f"plugin '{name}' is listed twice (first at line "
                                    f"{first[name]}); remove one of the two entries"))
        first.setdefault(name, mark.line + 1)
    return problems


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options given to the productdocs plugin in an mkdocs.yml."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return plugin[PLUGIN_NAME] or {}
    return {}


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML between the leading `---` lines of a Markdown file, or {}."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    try:
        data, _ = compose(text[3:end])
    except LoadError:
        return {}
    return data if isinstance(data, dict) else {}


def is_public_source(path: Path, src_uri: str) -> bool:
    """A hand-written page is public only when its front matter says `audience: public`."""
    if not src_uri.endswith(".md"):
        return False
    return front_matter(path).get("audience") == "public"


def publishable(src_uri: str, source: str | None, docs_dir: Path,
                public_assets: list[str]) -> bool:
    """May this file be in the public build? Generated files (no `source`) and theme files
    may; from docs_dir only pages marked public and assets matching `public_assets`."""
    if source is None:
        return True
    path = Path(source).resolve()
    if docs_dir not in path.parents:
        return True
    if src_uri.endswith(".md"):
        return is_public_source(path, src_uri)
    return matches_any(src_uri, public_assets)


def handwritten_pages(docs_dir: Path, build: Build) -> list[str]:
    """Markdown files in docs_dir that belong in this build, as docs_dir-relative paths."""
    if not docs_dir.is_dir():
        return []
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        if is_link(path, docs_dir):
            continue  # refused with an error; its target is never read
        relative = path.relative_to(docs_dir).as_posix()
        if build is Build.internal or is_public_source(path, relative):
            pages.append(relative)
    return pages


def generate(site: Site, config: dict[str, Any], docs_dir: Path, out: Path,
             overrides: Path | None = None) -> None:
    """Write a complete docs folder and an `mkdocs.yml` that needs no productdocs plugin.

    `config` is the portfolio's own mkdocs.yml; the result builds with plain MkDocs,
    ProperDocs or Zensical. The PDFs go next to their pages, where the pages link to them.
    """
    target_docs = out / "docs"
    if out.exists():
        shutil.rmtree(out)
    target_docs.mkdir(parents=True)
    own = handwritten_pages(docs_dir, site.build)
    for relative in own:
        destination = target_docs / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(docs_dir / relative, destination)
    if site.build is Build.internal and docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if path.is_file() and path.suffix != ".md" and not is_link(path, docs_dir):
                destination = target_docs / path.relative_to(docs_dir)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
    for page in site.pages.values():
        if page.path in own:
            continue
        destination = target_docs / page.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(page.markdown, encoding="utf-8")
    write_files(render_pdfs(site, overrides), target_docs)
    decks = plugin_options(config).get("decks", True)
    if decks:
        write_files(render_decks(site, overrides), target_docs)
    write_files(api_files(site, config.get("site_url") or "", decks), target_docs)
    css = target_docs / ASSETS["css"]
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(builtin_templates() / "assets" / "productdocs.css", css)
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(engine_config(site, config, own), sort_keys=False, allow_unicode=True),
        encoding="utf-8")


def engine_config(site: Site, config: dict[str, Any], own: list[str]) -> dict[str, Any]:
    """The portfolio's mkdocs.yml, without our plugin, with our nav, CSS and extensions."""
    result = {key: value for key, value in config.items() if key not in ("docs_dir", "site_dir")}
    result["docs_dir"] = "docs"
    plugins = []
    for plugin in config.get("plugins") or []:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name != PLUGIN_NAME:
            plugins.append(plugin)
    result["plugins"] = plugins
    extensions = list(config.get("markdown_extensions") or [])
    names = {item if isinstance(item, str) else next(iter(item)) for item in extensions}
    extensions += [name for name in REQUIRED_EXTENSIONS if name not in names]
    result["markdown_extensions"] = extensions
    result["extra_css"] = [*(config.get("extra_css") or []), ASSETS["css"]]
    if not config.get("nav"):
        result["nav"] = navigation(site, own)
    return result


def write_files(files: dict[str, bytes], docs: Path) -> None:
    """Write PDFs, decks or API files under `docs`, next to the pages that link to them."""
    for path, content in files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
