"""Work spread over the machine's cores with forked processes.

A forked process starts with a copy of everything the parent had built (the portfolio,
the planned pages, MkDocs' configuration), so only results travel back.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

R = TypeVar("R")

_work: tuple[Callable[..., Any], Sequence[Any]] | None = None


def process_count() -> int:
    """Processes to use: PRODUCTDOCS_WORKERS (1 switches parallel work off), else the
    cores, at most 4."""
    setting = os.environ.get("PRODUCTDOCS_WORKERS", "")
    return int(setting) if setting.isdigit() else min(os.cpu_count() or 1, 4)


def in_parallel(work: Callable[[Sequence[Any], range], list[R]], items: Sequence[Any],
                minimum: int) -> list[R] | None:
    """`work(items, indices)` over interleaved slices of `items` in forked processes,
    results in the order of `items`; None when there are fewer than `minimum` items, only
    one process to run them, or other threads running (`mkdocs serve`: forking next to
    threads can copy a lock some thread holds). The caller then does the work itself."""
    processes = process_count()
    if processes < 2 or len(items) < minimum or threading.active_count() > 1:
        return None
    global _work
    _work = (work, items)
    slices = processes * 8
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.map(_run, [range(start, len(items), slices) for start in range(slices)])
    finally:
        _work = None
    ordered: list[R | None] = [None] * len(items)
    for indices, results in zip((range(start, len(items), slices) for start in range(slices)),
                                parts, strict=True):
        for index, result in zip(indices, results, strict=True):
            ordered[index] = result
    return ordered  # type: ignore[return-value]


def _run(indices: range) -> list[Any]:
    assert _work is not None
    work, items = _work
    return work(items, indices)
