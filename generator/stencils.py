"""Blocks of Material's page template laid out once and filled in for every page like it.

Material's header, tabs, footer and configuration script are the same on most pages but
for a handful of values: the links in them, relative to the page, and in the header the
page's title. Laying them out with Jinja is over a third of laying out a page. Here a
block is laid out once per *kind* of page (its `base_url`, which top-level tab is lit,
whether its front matter names a title), with stand-ins for the page's title, and kept
with the paths its `url` filters were given. Another page of that kind whose links come
out the same gets the kept text, its title filled in.

That is exact only while a block reads nothing else of the page: while it is laid out,
the page is a stand-in that answers for its title alone and every other value MkDocs or
a plugin put in the context for this page refuses to be read. A block that reads
anything else fails there and is laid out by Jinja for the rest of the build, as is a
block whose stand-in titles come out changed by a filter. Only Material's own templates
are laid out this way (no `custom_dir`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from mkdocs.utils import normalize_url

BLOCKS = ("header", "tabs", "footer", "config")
"""Material's blocks kept as stencils; the rest of a page is laid out by Jinja."""

SHARED = frozenset({"nav", "pages", "extra_css", "extra_javascript", "mkdocs_version",
                    "build_date_utc", "config", "base_url"})
"""What MkDocs puts in a page's context that is the same for every page of a build (or,
`base_url`, part of the kind of page); everything else is the page's own."""

TITLE = "\x00productdocs-stencil:title\x00"
META_TITLE = "\x00productdocs-stencil:meta-title\x00"
LAYING_OUT = "productdocs_stencil"
"""The context variable holding the stencil being laid out, for the `url` filter."""


class NotInStencil(Exception):
    """A block read a value of the page a stencil does not stand in for."""


class _Refused:
    """A value of one page's context, refused to a stencil."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _refuse(self, *_: Any) -> Any:
        raise NotInStencil(self._name)

    __getattr__ = __getitem__ = __iter__ = __bool__ = __str__ = __len__ = _refuse
    __contains__ = __eq__ = __call__ = _refuse
    __hash__ = object.__hash__


class _Meta(_Refused):
    """The page's front matter, as far as Material's header reads it: its title."""

    def __init__(self, named: bool) -> None:
        super().__init__("page.meta")
        self._named = named

    def __bool__(self) -> bool:
        return self._named

    def __getattr__(self, name: str) -> Any:
        if name == "title" and self._named:
            return META_TITLE
        raise NotInStencil(f"page.meta.{name}")

    __getitem__ = __getattr__


class _Page(_Refused):
    def __init__(self, named: bool) -> None:
        super().__init__("page")
        self.meta = _Meta(named)
        self.title = TITLE


class _Laying:
    """One block being laid out as a stencil: the real page, for its links, the paths its
    `url` filters were given and the links they gave."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.paths: list[str] = []
        self.links: list[str] = []

    def url(self, value: Any) -> str:
        path = str(value)
        link = normalize_url(path, page=self.page, base=self.base_url)
        self.paths.append(path)
        self.links.append(link)
        return link


def url_filter(original: Callable[..., str]) -> Callable[..., str]:
    """MkDocs' `url` filter, noting the paths it is given while a stencil is laid out."""
    @jinja2.pass_context
    def url(context: Any, value: Any) -> str:
        laying = context.get(LAYING_OUT)
        if laying is None:
            return original(context, value)
        return laying.url(value)
    return url


class Stencils:
    """The stencils of one build."""

    def __init__(self) -> None:
        self.kept: dict[tuple[Any, ...], tuple[tuple[str, ...], dict[tuple[str, ...], str]]] = {}
        self.refused: set[str] = set()
        self.used = 0

    def render(self, template: jinja2.Template, context: dict[str, Any], page: Any) -> str:
        """`template` laid out for `page` with `context`, as Template.render would."""
        laid_out = template.new_context(context)
        kind = _kind(context, page)
        for name in BLOCKS:
            if name not in self.refused:
                # First in line: Material's own block is added after it when main.html
                # extends base.html, and is what it stands for (as for super()).
                laid_out.blocks.setdefault(name, []).insert(0, self._block(name, kind, context,
                                                                           page))
        try:
            return template.environment.concat(  # type: ignore[attr-defined, no-any-return]
                template.root_render_func(laid_out))
        except Exception:
            return template.environment.handle_exception()  # type: ignore[no-any-return]

    def _block(self, name: str, kind: tuple[Any, ...], context: dict[str, Any], page: Any
               ) -> Callable[[Any], Iterator[str]]:
        def filled(laid_out: Any) -> Iterator[str]:
            block = laid_out.blocks[name][1]
            text = self._text(name, block, kind, laid_out, context, page)
            if text is None:
                yield from block(laid_out)
                return
            self.used += 1
            if TITLE in text:
                text = text.replace(TITLE, str(page.title))
            if META_TITLE in text:
                text = text.replace(META_TITLE, str(page.meta["title"]))
            yield text
        return filled

    def _text(self, name: str, block: Callable[[Any], Iterator[str]], kind: tuple[Any, ...],
              laid_out: Any, context: dict[str, Any], page: Any) -> str | None:
        """The block's stencil for this page, laid out now if no page like it had it."""
        key = (name, *kind)
        base_url = context.get("base_url", "")
        kept = self.kept.get(key)
        if kept is not None:
            paths, texts = kept
            links = tuple(normalize_url(path, page=page, base=base_url) for path in paths)
            text = texts.get(links)
            if text is not None:
                return text
        laying = _Laying(page, base_url)
        own = {variable: _Refused(variable) for variable in context if variable not in SHARED}
        stand_in = laid_out.derived({**own, "page": _Page(kind[-1]), LAYING_OUT: laying})
        try:
            text = "".join(block(stand_in))
        except Exception:  # NotInStencil, or a stand-in taken for what it is not
            self.refused.add(name)
            return None
        paths = tuple(laying.paths)
        if "\x00" in text.replace(TITLE, "").replace(META_TITLE, "") or (
                kept is not None and kept[0] != paths):
            # A filter changed a stand-in title, or the links a block has depend on more
            # than the kind of page: Jinja lays it out from now on.
            self.refused.add(name)
            return None
        self.kept.setdefault(key, (paths, {}))[1][tuple(laying.links)] = text
        return text


def _kind(context: dict[str, Any], page: Any) -> tuple[Any, ...]:
    """What the stencils depend on besides their links and the page's title."""
    nav = context.get("nav")
    lit = tuple(bool(getattr(item, "active", False)) for item in getattr(nav, "items", ()))
    meta = page.meta or {}
    return context.get("base_url"), lit, bool(meta.get("title"))
