"""Formats generated Python with black and compiles it, before anything is written: a module the templates
made invalid is an error naming the file and line, never a package that does not import. Modules seen before
come from the persistent cache (`format_cache`); the others are formatted in parallel processes when there is
enough of them to pay for starting those."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.errors import SchemaError
from generator.ir import Location
from generator.output.format_cache import FormatCache, cache_folder

MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=100)
FORMATTER = f"black {version('black')} {MODE.get_cache_key()}"

PARALLEL_CHARACTERS = 300_000
"""Below this much source to format, one process does it: starting workers (each imports black) costs more."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What formatting one module gave: its text, or what is wrong with it and where."""

    text: str = ""
    problem: str | None = None
    line: int = 0


@lru_cache(maxsize=1024)
def format_python(source: str) -> str:
    return black.format_str(source, mode=MODE)


def format_module(path: str, source: str) -> Outcome:
    """`source` formatted and compiled; what is wrong with it (line, message) when it is not Python."""
    try:
        text = format_python(source)
    except InvalidInput as exc:
        return Outcome(problem=f"the templates rendered invalid Python: {exc}", line=_line(exc))
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        message = f"the templates rendered Python that does not compile: {exc.msg}"
        return Outcome(problem=message, line=exc.lineno or 0)
    return Outcome(text=text)


def format_files(
    files: dict[str, str],
    progress: Callable[[str], None] | None = None,
    *,
    cache: FormatCache | None = None,
    workers: int | None = None,
) -> dict[str, str]:
    """`files` with every `.py` formatted and compiled, in the same order; an invalid one is a
    `SchemaError` at its line. `workers` caps the formatting processes (default: one per core)."""
    cache = cache if cache is not None else FormatCache(cache_folder(), FORMATTER)
    done: dict[str, str] = {}
    todo: dict[str, tuple[str, str]] = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            done[path] = text
            continue
        key = cache.key(text)
        hit = cache.get(key)
        if hit is not None:
            done[path] = hit
        else:
            todo[path] = (key, text)
    outcomes = dict(_format_all({path: text for path, (_, text) in todo.items()}, progress, workers))
    # The first problem in the files' own order, whatever order they were formatted in.
    for path in todo:
        outcome = outcomes[path]
        if outcome.problem is not None:
            raise SchemaError(Location(path, outcome.line), outcome.problem)
        cache.put(todo[path][0], outcome.text)
        done[path] = outcome.text
    return {path: done[path] for path in files}


def _format_all(
    sources: dict[str, str], progress: Callable[[str], None] | None, workers: int | None
) -> list[tuple[str, Outcome]]:
    """Each source's outcome, largest first, formatted here or in worker processes."""
    order = sorted(sources, key=lambda path: (-len(sources[path]), path))
    count = min(workers or os.cpu_count() or 1, len(order))
    if count < 2 or sum(len(text) for text in sources.values()) < PARALLEL_CHARACTERS:
        outcomes = []
        for path in order:
            if progress is not None:
                progress(path)
            outcomes.append((path, format_module(path, sources[path])))
        return outcomes
    # spawn, not fork: the caller may hold threads (`--watch`) that a forked child would inherit half-way.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        futures = [(path, pool.submit(format_module, path, sources[path])) for path in order]
        outcomes = []
        for path, future in futures:
            outcome = future.result()
            if progress is not None:
                progress(path)
            outcomes.append((path, outcome))
        return outcomes


def _line(exc: Exception) -> int:
    """black reports `Cannot parse ...: <line>:<column>: <source>`."""
    parts = str(exc).split(":")
    for part in parts[1:]:
        if part.strip().isdigit():
            return int(part.strip())
    return 0
