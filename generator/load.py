"""Read YAML files into plain data that remembers where every value came from.

PyYAML's own constructors are not used: they run tags, resolve YAML 1.1 surprises
(`no` becomes False, `1.10` becomes 1.1) and silently keep the last of two duplicate
keys. Instead the parser's events are composed here into dicts, lists and strings,
with a `SourceMap` of line and column for every key and value. Plain scalars stay the
text the PM typed; the schema converts them where it expects a number, date or flag.
"""

from __future__ import annotations

import array
import hashlib
import marshal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.cache import cache_folder, read_cached, write_cached
from generator.problems import Problem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
ALLOWED_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})

Loc = tuple[str | int, ...]

try:
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader


@dataclass(slots=True)
class SourceMap:
    """Where a value starts, where its key starts, and the same for its children."""

    line: int
    column: int
    key_line: int = 0
    key_column: int = 0
    children: dict[str | int, SourceMap] | None = None
    """Set for mappings and lists only."""


class Document:
    """One YAML file: its data and the position of everything in it."""

    def __init__(self, path: Path, name: str, data: Any, source: SourceMap | bytes,
                 digest: str = "") -> None:
        self.path = path
        self.name = name
        self.data = data
        self._source = source
        self.digest = digest
        """SHA-256 of the file's bytes."""

    @property
    def source(self) -> SourceMap:
        """Where everything is; a reading kept between builds has it packed until asked."""
        if isinstance(self._source, bytes):
            self._source = _unpacked(self.data, self._source)
        return self._source

    @property
    def stem(self) -> str:
        return self.path.stem

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `loc`, or of its key with `key=True`.

        A location that does not exist (a missing field) gives the deepest
        enclosing value that does.
        """
        node = self.source
        for part in loc:
            child = node.children.get(part) if node.children else None
            if child is None:
                return node.line, node.column
            node = child
        if key and node.key_line:
            return node.key_line, node.key_column
        return node.line, node.column

    def problem(self, loc: Loc, message: str, *, key: bool = False,
                severity: str = "error") -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.name, line, column, message, severity)  # type: ignore[arg-type]


class LoadError(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


_read: dict[tuple[Path, str], tuple[bytes, Document | Problem]] = {}
"""The last reading of each file while `serve` runs (see keep_readings)."""
_keeping = False


def load_document(path: Path, name: str) -> Document | Problem:
    """Read one file; a file that cannot be read becomes one positioned problem."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Problem(name, 1, 1, f"cannot read the file: {error.strerror}")
    earlier = _read.get((path, name))
    if earlier is not None and earlier[0] == raw:
        return earlier[1]
    loaded = _parsed(path, name, raw)
    if _keeping:
        _read[path, name] = raw, loaded
    return loaded


def kept_readings() -> bool:
    return _keeping


def keep_readings() -> None:
    """Keep what each file gave, by its content: `serve` validates the whole portfolio on
    every save, and parsing is most of validating. A changed file is always read again."""
    global _keeping
    _keeping = True


def _parsed(path: Path, name: str, raw: bytes) -> Document | Problem:
    if len(raw) > MAX_FILE_BYTES:
        return Problem(name, 1, 1, f"file is {len(raw):,} bytes, larger than the "
                       f"{MAX_FILE_BYTES:,} allowed; split it or move long text out")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        return Problem(name, line, column, "file is not UTF-8 text (is it a binary file?); "
                       "save it as UTF-8")
    digest = hashlib.sha256(raw).hexdigest()
    folder, entry = cache_folder("yaml"), digest + READING
    kept = read_cached(folder, entry)
    if kept is not None:
        try:
            data, positions = marshal.loads(kept)
        except (EOFError, ValueError, TypeError):
            pass
        else:
            return Document(path, name, data, positions, digest)
    try:
        data, source = compose(text)
    except LoadError as error:
        return Problem(name, error.line, error.column, error.message)
    if data is not None:
        write_cached(folder, entry, marshal.dumps((data, _packed(source))))
    return Document(path, name, data, source, digest)


READING = f".r1.py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}"
"""The ending of a kept reading's file, after the file's SHA-256: change the "r" number
when what compose() gives changes. Parsing is most of validating, and most files are
the same as in the last build."""


def _packed(source: SourceMap) -> bytes:
    """Line, column, key line and key column of every node, in the data's order."""
    numbers = array.array("I")
    stack = [source]
    while stack:
        node = stack.pop()
        numbers.extend((node.line, node.column, node.key_line, node.key_column))
        if node.children:
            stack.extend(reversed(node.children.values()))
    return numbers.tobytes()


def _unpacked(data: Any, packed: bytes) -> SourceMap:
    numbers = array.array("I")
    numbers.frombytes(packed)
    at = 0

    def node(value: Any) -> SourceMap:
        nonlocal at
        made = SourceMap(*numbers[at:at + 4])
        at += 4
        if isinstance(value, dict | list):
            keys = value.keys() if isinstance(value, dict) else range(len(value))
            made.children = {key: node(value[key]) for key in keys}
        return made
    return node(data)


def compose(text: str) -> tuple[Any, SourceMap]:
    """Turn YAML text into data and its source map, or raise a positioned LoadError."""
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise LoadError(line, offset - text.rfind("\n", 0, offset),
                        "file contains a NUL character (is it a binary file?)")
    try:
        return _Composer(text).run()
    except yaml.MarkedYAMLError as error:
        raise _positioned(error, text) from None
    except yaml.YAMLError as error:
        raise LoadError(1, 1, f"invalid YAML: {error}") from None


class _Composer:
    """Builds data from parser events, one loop, with an explicit stack (no recursion)."""

    def __init__(self, text: str) -> None:
        self.events = yaml.parse(text, Loader=_Parser)

    def run(self) -> tuple[Any, SourceMap]:
        documents = 0
        result: Any = None
        source = SourceMap(1, 1, children={})
        # Each frame: [container, source map, pending key, pending key source]
        stack: list[list[Any]] = []

        def attach(value: Any, node: SourceMap) -> None:
            nonlocal result, source
            if not stack:
                result, source = value, node
                return
            frame = stack[-1]
            container, parent = frame[0], frame[1]
            if isinstance(container, list):
                parent.children[len(container)] = node
                container.append(value)
                return
            key, key_node = frame[2], frame[3]
            if key_node is None:
                if not isinstance(value, str):
                    raise LoadError(node.line, node.column,
                                    "a key must be a plain word such as 'name', "
                                    "not a list or a mapping")
                if value in container:
                    first = parent.children[value]
                    raise LoadError(node.line, node.column,
                                    f"duplicate key '{value}' (first at line {first.key_line}); "
                                    "remove one of them")
                frame[2], frame[3] = value, node
                return
            node.key_line, node.key_column = key_node.line, key_node.column
            parent.children[key] = node
            container[key] = value
            frame[2], frame[3] = None, None

        for event in self.events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                mark = event.start_mark
                node = SourceMap(mark.line + 1, mark.column + 1)
                if event.tag is not None:
                    _check_tag(event)
                value = event.value
                if not event.style and value in NULLS and event.tag is None:
                    value = None
                attach(value, node)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                node = _node(event)
                node.children = {}
                _check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(node.line, node.column,
                                    f"nesting is deeper than {MAX_DEPTH} levels; "
                                    "product files never need this much")
                container: Any = {} if kind is yaml.MappingStartEvent else []
                attach(container, node)
                stack.append([container, node, None, None])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                node = _node(event)
                raise LoadError(node.line, node.column,
                                f"aliases such as '*{event.anchor}' are not supported; "
                                "write the value out in full")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    node = _node(event)
                    raise LoadError(node.line, node.column,
                                    "only one YAML document per file; remove the '---' "
                                    "and split the file")
        return result, source


def _node(event: Any) -> SourceMap:
    mark = event.start_mark
    return SourceMap(mark.line + 1, mark.column + 1)


def _check_tag(event: Any) -> None:
    tag = event.tag
    if tag is None or tag in ALLOWED_TAGS:
        return
    node = _node(event)
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    raise LoadError(node.line, node.column,
                    f"YAML tags such as '{tag}' are not allowed in product files; "
                    "remove the tag (quote the value if it is text)")


UNCLOSED = {
    "while scanning a quoted scalar": "the quote that starts here",
    "while parsing a flow sequence": "the '[' that starts here",
    "while parsing a flow mapping": "the '{' that starts here",
}

HINTS = {
    "mapping values are not allowed":
        "a value that contains ': ' must be put in quotes, or the indentation is off",
    "could not find expected ':'":
        "a key is missing its ':' or a quote is not closed",
    "did not find expected key":
        "check the indentation of this line against the lines above",
    "did not find expected '-' indicator":
        "check the indentation of this list item",
    "found undefined alias":
        "aliases such as '*name' are not supported; write the value out in full",
}


def _positioned(error: yaml.MarkedYAMLError, text: str) -> LoadError:
    """The parser's complaint, at the place a PM has to look, with a hint where we have one."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or str(error)
    if mark is None:
        return LoadError(1, 1, f"invalid YAML: {problem}")
    unclosed = problem.startswith(("found unexpected end of stream", "did not find expected ','"))
    if unclosed and error.context_mark:
        opened = error.context_mark
        what = UNCLOSED.get(error.context or "", "something that starts here")
        return LoadError(opened.line + 1, opened.column + 1,
                         f"invalid YAML: {what} is never closed")
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return LoadError(mark.line + 1, mark.column + 1,
                         "invalid YAML: a tab character; YAML is indented with spaces only")
    hint = next((hint for start, hint in HINTS.items() if problem.startswith(start)), None)
    message = f"invalid YAML: {problem}" + (f" ({hint})" if hint else "")
    return LoadError(mark.line + 1, mark.column + 1, message)


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
