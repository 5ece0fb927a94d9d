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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.cache import cache_folder, count_written, read_cached, write_cached
from generator.problems import Problem
from generator.processes import in_parallel

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
        """Where everything is, unpacked from the five numbers per value kept until asked."""
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
        if isinstance(self._source, bytes):
            return _packed_position(self.data, self._source, loc, key)
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


PARALLEL_READINGS = 64
"""Files to read before forking processes to read them is worth its cost."""


def read_ahead(files: list[Path]) -> None:
    """Read the files no reading is kept of yet in processes over all cores, and keep
    what they give, so that the checks that follow, one file at a time, find every file
    read: parsing is most of validating a portfolio the first time."""
    folder = cache_folder("yaml")
    if folder is None or len(files) < PARALLEL_READINGS or _read:
        return  # (`_read` is filled once serve has read every file)
    unread: list[tuple[bytes, str]] = []
    for path in files:
        if path.is_symlink():
            continue  # a link is reported, never read
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if len(raw) <= MAX_FILE_BYTES and not (folder / (digest + READING)).exists():
            unread.append((raw, digest))
    kept = in_parallel(_keep_readings, unread, PARALLEL_READINGS)
    count_written(sum(kept or ()))


def _keep_readings(files: Sequence[tuple[bytes, str]], indices: range) -> list[int]:
    """Keep what each file is read into, as `_parsed` would; the bytes kept of each (none
    for a file with a problem, reported when the file is loaded)."""
    folder = cache_folder("yaml")
    kept = []
    for index in indices:
        raw, digest = files[index]
        try:
            data, positions = compose(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, LoadError):
            data = None
        kept.append(_keep(folder, digest + READING, data, positions) if data is not None else 0)
    return kept


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
        data, positions = compose(text)
    except LoadError as error:
        return Problem(name, error.line, error.column, error.message)
    if data is not None:
        _keep(folder, entry, data, positions)
    return Document(path, name, data, positions, digest)


def _keep(folder: Path | None, entry: str, data: Any, positions: bytes) -> int:
    reading = marshal.dumps((data, positions))
    write_cached(folder, entry, reading)
    return len(reading)


READING = f".r2.py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}"
"""The ending of a kept reading's file, after the file's SHA-256: change the "r" number
when what compose() gives changes. Parsing is most of validating, and most files are
the same as in the last build."""

_FIELDS = 5
"""Per value, packed in the data's order: line, column, key line, key column (0 for a
value that is not in a mapping), and how many values its subtree holds, itself included."""


def _numbers(packed: bytes) -> array.array[int]:
    numbers = array.array("I")
    numbers.frombytes(packed)
    return numbers


def _child(numbers: Any, at: int, container: Any, part: str | int) -> int:
    """Where the numbers of `container[part]` start, `container`'s starting at `at`."""
    child = at + _FIELDS
    for sibling in (container if isinstance(container, dict) else range(len(container))):
        if sibling == part:
            break
        child += numbers[child + 4] * _FIELDS
    return child


def _packed_position(data: Any, packed: bytes, loc: Loc, key: bool) -> tuple[int, int]:
    numbers = _numbers(packed)
    if not numbers:
        return 1, 1
    at, value = 0, data
    for part in loc:
        if isinstance(value, dict) and part in value:
            pass
        elif not (isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)):
            break
        at, value = _child(numbers, at, value, part), value[part]
    line, column, key_line, key_column = numbers[at:at + 4]
    return (key_line, key_column) if key and key_line else (line, column)


def _unpacked(data: Any, packed: bytes) -> SourceMap:
    numbers = _numbers(packed)
    if not numbers:
        return SourceMap(1, 1, children={})
    at = 0

    def node(value: Any) -> SourceMap:
        nonlocal at
        made = SourceMap(*numbers[at:at + 4])
        at += _FIELDS
        if isinstance(value, dict | list):
            keys = value.keys() if isinstance(value, dict) else range(len(value))
            made.children = {key: node(value[key]) for key in keys}
        return made
    return node(data)


def compose(text: str) -> tuple[Any, bytes]:
    """Turn YAML text into data and its packed positions, or raise a positioned LoadError."""
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
    """Builds data from parser events, one loop, with an explicit stack (no recursion).

    Positions go straight into a flat list, five numbers per value in the data's order
    (see `_FIELDS`): most files never need one looked up.
    """

    def __init__(self, text: str) -> None:
        self.events = yaml.parse(text, Loader=_Parser)

    def run(self) -> tuple[Any, bytes]:
        documents = 0
        result: Any = None
        numbers: list[int] = []
        # Each frame: [container, its index in numbers, pending key, key line, key column]
        stack: list[list[Any]] = []
        for event in self.events:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent \
                    or kind is yaml.SequenceStartEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if event.tag is not None:
                    _check_tag(event)
                if kind is yaml.ScalarEvent:
                    value = event.value
                    if not event.style and value in NULLS and event.tag is None:
                        value = None
                elif len(stack) >= MAX_DEPTH:
                    raise LoadError(line, column, f"nesting is deeper than {MAX_DEPTH} "
                                    "levels; product files never need this much")
                else:
                    value = {} if kind is yaml.MappingStartEvent else []
                key_line = key_column = 0
                if not stack:
                    result = value
                elif type((frame := stack[-1])[0]) is list:
                    frame[0].append(value)
                elif frame[2] is None:
                    _check_key(frame, value, line, column, numbers)
                    frame[2], frame[3], frame[4] = value, line, column
                    continue
                else:
                    frame[0][frame[2]] = value
                    key_line, key_column = frame[3], frame[4]
                    frame[2] = None
                numbers += (line, column, key_line, key_column, 1)
                if kind is not yaml.ScalarEvent:
                    stack.append([value, len(numbers) - 5, None, 0, 0])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                start = stack.pop()[1]
                numbers[start + 4] = (len(numbers) - start) // 5
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
        return result, array.array("I", numbers).tobytes()


def _check_key(frame: list[Any], key: Any, line: int, column: int, numbers: list[int]) -> None:
    if not isinstance(key, str):
        raise LoadError(line, column, "a key must be a plain word such as 'name', "
                        "not a list or a mapping")
    mapping = frame[0]
    if key in mapping:
        first = _child(numbers, frame[1], mapping, key)
        raise LoadError(line, column, f"duplicate key '{key}' (first at line "
                        f"{numbers[first + 2]}); remove one of them")


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
