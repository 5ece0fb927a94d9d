"""`productdocs check-public SITE`: the last look at the bytes that ship.

Every internal text of the portfolio (public_texts.py) is looked for, phrase by phrase
(phrases.py), in every file of SITE as read by site_reader.py; every page only the
internal build makes (internal_pages.py) must be neither in SITE nor linked from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from generator.internal_pages import internal_pages, served_as
from generator.load import Document, load_document
from generator.phrases import (
    MIN_SENTENCE_WORDS,
    MIN_VALUE_WORDS,
    Finder,
    Lines,
    Phrase,
    markdown_words,
    phrases,
    words,
)
from generator.portfolio import Portfolio
from generator.problems import ProblemsFound, errors, plural
from generator.processes import in_parallel
from generator.public_texts import (
    Origin,
    Texts,
    boilerplate_texts,
    commit_texts,
    page_texts,
    portfolio_texts,
)
from generator.site import plugin_options, read_config
from generator.site_reader import Unreadable, read_file
from generator.validate import validate

PARALLEL_FILES = 400
"""Below this many files, starting processes costs more than reading them takes."""


@dataclass
class Report:
    site: str
    """SITE as the command was given it, to start each line with."""
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        warned = f", {plural(len(self.warnings), 'warning')}" if self.warnings else ""
        if self.ok:
            return f"no internal content in {plural(self.files, 'file')} of {self.site}{warned}"
        return (f"{plural(len(self.failures), 'problem')} in {plural(self.files, 'file')} of "
                f"{self.site}{warned}; nothing of {self.site} may be published")


class Catalogue:
    """The phrases of every internal text, less those that prove nothing on a public page:
    the templates' own words, what public text quotes (a warning when it is a sentence),
    and phrases made mostly of public text (`Whitepaper "<its public title>"`)."""

    def __init__(self, texts: Texts) -> None:
        ids: dict[Phrase, int] = {}
        found: list[dict[Origin, None]] = []
        for origin, value in texts.internal:
            for phrase in phrases(value):
                number = ids.setdefault(phrase, len(ids))
                if number == len(found):
                    found.append({})
                found[number][origin] = None
        self.phrases = list(ids)
        self.origins = [list(origins) for origins in found]
        every = Finder((phrase, number) for phrase, number in ids.items())
        dropped = {number for text in texts.boilerplate for number in every.find(words(text))}
        self.quoted: dict[int, list[Origin]] = {}
        public: dict[Phrase, None] = {}
        for origin, value in texts.public:
            found = markdown_words(value)
            public.update(dict.fromkeys(phrase for phrase in [tuple(found), *phrases(value)]
                                        if len(phrase) >= 2))
            for number in dict.fromkeys(every.find(found)):
                if number in dropped:
                    continue
                if len(self.phrases[number]) < MIN_SENTENCE_WORDS:
                    dropped.add(number)
                else:
                    self.quoted.setdefault(number, []).append(origin)
        shown = Finder((phrase, None) for phrase in public)
        dropped |= {number for phrase, number in ids.items() if number not in self.quoted
                    and len(phrase) - shown.covered(phrase) < MIN_VALUE_WORDS}
        self.finder = Finder((phrase, number) for phrase, number in ids.items()
                             if number not in dropped and number not in self.quoted)


def gather(portfolio: Portfolio, root: Path, overrides: Path | None, docs_dir: Path) -> Texts:
    texts = portfolio_texts(portfolio, root)
    page_texts(docs_dir, root, texts)
    commit_texts(root, texts)
    boilerplate_texts(root, overrides, texts)
    return texts


def check_public(site: Path, root: Path, as_of: date, shown: str | None = None) -> Report:
    """Look at every file of `site`; raise ProblemsFound when the portfolio does not validate."""
    result = validate(root)
    if result.portfolio is None:
        raise ProblemsFound(errors(result.problems))
    config = read_config(root / "mkdocs.yml")
    options = plugin_options(config)
    docs_dir = root / config.get("docs_dir", "docs")
    catalogue = Catalogue(gather(result.portfolio, root,
                                 root / options.get("templates", "templates"), docs_dir))
    forbidden = internal_pages(result.portfolio, as_of, docs_dir,
                               list(options.get("public_assets") or []))
    address = urlsplit(config["site_url"]) if config.get("site_url") else None
    report = Report(shown or site.as_posix().rstrip("/"))
    names = sorted(path.relative_to(site).as_posix() for path in site.rglob("*")
                   if path.is_file() or path.is_symlink())
    report.files = len(names)
    if "index.html" not in names:
        report.failures.append(f"{report.site}: no index.html; this is not a built site")

    def scan(names: Sequence[str], indices: range) -> list[tuple[set[int], set[str], str]]:
        return [_scan(site, names[index], catalogue.finder, address) for index in indices]

    found = in_parallel(scan, names, PARALLEL_FILES) or scan(names, range(len(names)))
    where = _Locator(root)
    for name, (numbers, links, unreadable) in zip(names, found, strict=True):
        prefix = f"{report.site}/{name}:"
        if unreadable:
            report.failures.append(f"{prefix} cannot be read: {unreadable}; a file the check "
                                   "cannot read fails it")
        own = served_as(name)
        if own in forbidden:
            report.failures.append(f"{prefix} internal page {own or '/'} ({forbidden[own]})")
            continue  # the page is the leak: its every line would repeat it
        for link in sorted(links):
            target = _page_of(link, forbidden)
            if target is not None and target != own:
                report.failures.append(f"{prefix} links to internal page {target} "
                                       f"({forbidden[target]})")
        texts = {(origin.source, where.line(origin, catalogue.phrases[number]), origin.field)
                 for number in numbers for origin in catalogue.origins[number]}
        report.failures += [f"{prefix} internal text from {source}{f':{line}' if line else ''}"
                            f" ({what})" for source, line, what in sorted(texts)]
    report.warnings = _quotes(catalogue, where)
    return report


def _quotes(catalogue: Catalogue, where: _Locator) -> list[str]:
    """One warning per internal sentence that public text quotes, naming the first public
    text that does (and how many others)."""
    Place = tuple[str, int, str]
    quoted: dict[Place, tuple[Place, int]] = {}
    for number, quoting in catalogue.quoted.items():
        phrase = catalogue.phrases[number]
        publics = {(public.source, where.line(public, phrase), public.field)
                   for public in quoting}
        first, count = min(publics), len(publics)
        for internal in catalogue.origins[number]:
            key = (internal.source, where.line(internal, phrase), internal.field)
            known = quoted.get(key)
            quoted[key] = (first, count) if known is None else (min(known[0], first),
                                                                 max(known[1], count))
    warnings = []
    for (source, line, field_name), (first, count) in sorted(quoted.items()):
        more = f" (and {plural(count - 1, 'other public text')})" if count > 1 else ""
        warnings.append(f"warning: {first[0]}:{first[1]} ({first[2]}) is public and quotes "
                        f"internal text from {source}{f':{line}' if line else ''} "
                        f"({field_name}) word for word{more}; it is published because it is "
                        "marked public")
    return sorted(warnings)


def _scan(site: Path, name: str, finder: Finder[int], address: SplitResult | None
          ) -> tuple[set[int], set[str], str]:
    """The internal phrases one file holds, the pages it links to, and why it could not
    be read ("" when it could)."""
    try:
        content = read_file(name, (site / name).read_bytes(), address)
    except OSError as error:
        return set(), set(), f"{error.strerror or error}"
    except Unreadable as error:
        return set(), set(), str(error)
    return set(finder.find(words(content.text()))), content.links, ""


def _page_of(link: str, forbidden: dict[str, str]) -> str | None:
    """The internal page or file a site-relative link reaches, or None."""
    for candidate in (link, served_as(link), link.rstrip("/") + "/"):
        if candidate in forbidden:
            return candidate
    return None


class _Locator:
    """`products/dock.yml:57`: the line a phrase starts on, each file read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.documents: dict[str, tuple[Document | None, Lines]] = {}

    def place(self, origin: Origin, phrase: Phrase) -> str:
        line = self.line(origin, phrase)
        return f"{origin.source}:{line}" if line else origin.source

    def line(self, origin: Origin, phrase: Phrase) -> int:
        """The line, or 0 for a commit."""
        if origin.source.startswith("commit "):
            return 0
        if origin.line:
            return origin.line
        if origin.source not in self.documents:
            path = self.root / origin.source
            loaded = load_document(path, origin.source)
            text = path.read_text(encoding="utf-8", errors="replace")
            self.documents[origin.source] = (loaded if isinstance(loaded, Document) else None,
                                             Lines(text.splitlines()))
        document, lines = self.documents[origin.source]
        return lines.line_of(document.position(origin.loc)[0] if document else 1, phrase)
