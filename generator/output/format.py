"""Formats generated Python and compiles it, before anything is written: a module the templates made
invalid is an error naming the file and line, never a package that does not import.

With black (the default), a large module is cut into pieces black formats alone (`chunks`); pieces and
whole modules seen before come from the persistent cache (`format_cache`), so one changed type reformats
one piece, and an unchanged module is neither formatted nor compiled again. The other pieces are
formatted in worker processes when there is enough of them to pay for starting those; each module is
compiled whole as soon as its last piece is done. With `ruff format` (`formatter = "ruff"`), modules go
whole through one ruff run, then are compiled the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from generator.errors import SchemaError
from generator.ir import Location
from generator.output.chunks import Piece, joined, pieces
from generator.output.format_cache import FormatCache, cache_folder
from generator.output.formatters import BLACK, FormatProblem, format_black, format_ruff, identity
from generator.runtime import is_runtime_source

PARALLEL_CHARACTERS = 100_000
"""Below this much source to format, one process does it: starting workers costs more."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What formatting or compiling gave: the text, or what is wrong and at which line."""

    text: str = ""
    problem: str | None = None
    line: int = 0


def format_piece(source: str) -> Outcome:
    try:
        return Outcome(text=format_black(source))
    except FormatProblem as exc:
        return Outcome(problem=f"the templates rendered invalid Python: {exc}", line=exc.line)


def compile_module(path: str, text: str) -> Outcome:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        message = f"the templates rendered Python that does not compile: {exc.msg}"
        return Outcome(problem=message, line=exc.lineno or 0)
    return Outcome(text=text)


def format_module(path: str, source: str) -> Outcome:
    """`source` formatted by black and compiled, whole."""
    formatted = format_piece(source)
    return formatted if formatted.problem is not None else compile_module(path, formatted.text)


@dataclass(slots=True)
class _Module:
    """A module to format: its cache key, its pieces and what each gave so far."""

    key: str
    source: str
    pieces: list[Piece]
    keys: list[str]
    results: dict[int, Outcome] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return len(self.results) == len(self.pieces)


def format_files(
    files: dict[str, str],
    progress: Callable[[str], None] | None = None,
    *,
    cache: FormatCache | None = None,
    workers: int | None = None,
    formatter: str = BLACK,
) -> dict[str, str]:
    """`files` with every `.py` formatted and compiled, in the same order; an invalid one is a
    `SchemaError` at its line. `workers` caps the formatting processes (default: one per core)."""
    cache = cache if cache is not None else FormatCache(cache_folder(), identity(formatter))
    done: dict[str, str] = {}
    todo: dict[str, _Module] = {}
    for path, text in files.items():
        # The runtime modules are copied as they are: black's text already, and compiled by the tests.
        if not path.endswith(".py") or is_runtime_source(text):
            done[path] = text
            continue
        key = cache.key(text)
        hit = cache.get(key)
        if hit is not None:
            done[path] = hit
            continue
        cut = pieces(text) if formatter == BLACK else [Piece(text, 1)]
        todo[path] = _Module(key, text, cut, [cache.key(piece.text, kind="piece") for piece in cut])
    if formatter == BLACK:
        outcomes = dict(_black_all(todo, cache, progress, workers))
    else:
        outcomes = dict(_ruff_all(todo, progress))
    # The first problem in the files' own order, whatever order they were formatted in.
    for path, module in todo.items():
        outcome = outcomes[path]
        if outcome.problem is not None:
            raise SchemaError(Location(path, outcome.line), outcome.problem)
        if len(module.pieces) > 1:
            for number, key in enumerate(module.keys):
                cache.put(key, module.results[number].text)
        cache.put(module.key, outcome.text)
        done[path] = outcome.text
    return {path: done[path] for path in files}


def _black_all(
    modules: dict[str, _Module],
    cache: FormatCache,
    progress: Callable[[str], None] | None,
    workers: int | None,
) -> Iterator[tuple[str, Outcome]]:
    """Each module's outcome: its pieces from the cache or black, joined, then compiled."""
    wanted: dict[str, str] = {}
    for module in modules.values():
        for number, key in enumerate(module.keys):
            hit = cache.get(key)
            if hit is not None:
                module.results[number] = Outcome(text=hit)
            else:
                wanted.setdefault(key, module.pieces[number].text)
    total = sum(len(text) for text in wanted.values())
    count = min(workers or os.cpu_count() or 1, max(len(wanted), 1))
    if count < 2 or total < PARALLEL_CHARACTERS:
        formatted = {key: format_piece(text) for key, text in _largest_first(wanted)}
        for path, module in modules.items():
            _fill(module, formatted)
            if progress is not None:
                progress(path)
            yield path, _finish(path, module, compile_module)
        return
    # Forked workers start at once with black imported. A caller holding threads (`--watch`) would hand a
    # forked child locks held half-way, and macOS's system libraries do not survive a fork: then spawn.
    import black  # noqa: F401  (imported before forking, so that no worker imports it again)

    fork = threading.active_count() == 1 and sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if fork else "spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        futures: dict[Future[Outcome], str] = {
            pool.submit(format_piece, text): key for key, text in _largest_first(wanted)
        }
        compiling: dict[str, Future[Outcome]] = {}
        results: dict[str, Outcome] = {}

        def compile_ready() -> None:
            for path, module in modules.items():
                if path not in compiling and _fill(module, results):
                    compiling[path] = _submit_compile(pool, path, module)

        compile_ready()
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            compile_ready()
        for path, module in modules.items():
            if progress is not None:
                progress(path)
            yield path, _finish(path, module, lambda path, text: compiling[path].result())


def _largest_first(sources: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(sources.items(), key=lambda item: (-len(item[1]), item[0]))


def _fill(module: _Module, formatted: dict[str, Outcome]) -> bool:
    """Takes the module's pieces that are formatted now; True when it has them all."""
    for number, key in enumerate(module.keys):
        if number not in module.results and key in formatted:
            module.results[number] = formatted[key]
    return module.ready


def _submit_compile(pool: ProcessPoolExecutor, path: str, module: _Module) -> Future[Outcome]:
    """Compiling the joined module in a worker; a module with a bad piece gets that piece's outcome."""
    if _problem(module) is not None:
        failed: Future[Outcome] = Future()
        failed.set_result(Outcome())
        return failed
    return pool.submit(compile_module, path, _joined(module))


def _finish(path: str, module: _Module, compiled: Callable[[str, str], Outcome]) -> Outcome:
    problem = _problem(module)
    if problem is None:
        return compiled(path, _joined(module))
    if len(module.pieces) > 1:
        # A cut black refuses (inside a string, say): the module whole decides, and places any error.
        whole = format_module(path, module.source)
        if whole.problem is None:
            module.pieces, module.keys, module.results = [], [], {}
        return whole
    return problem


def _joined(module: _Module) -> str:
    return joined(module.pieces, [module.results[number].text for number in range(len(module.pieces))])


def _problem(module: _Module) -> Outcome | None:
    """The first piece black refused, with the line counted in the whole module."""
    for number, piece in enumerate(module.pieces):
        outcome = module.results[number]
        if outcome.problem is not None:
            line = outcome.line + piece.first_line - 1 if outcome.line else 0
            return Outcome(problem=outcome.problem, line=line)
    return None


def _ruff_all(
    modules: dict[str, _Module], progress: Callable[[str], None] | None
) -> Iterator[tuple[str, Outcome]]:
    try:
        formatted = format_ruff({path: module.source for path, module in modules.items()}) if modules else {}
    except FileNotFoundError as exc:
        raise SchemaError('formatter = "ruff"', str(exc)) from None
    for path, result in formatted.items():
        if progress is not None:
            progress(path)
        if isinstance(result, FormatProblem):
            yield path, Outcome(problem=f"the templates rendered invalid Python: {result}", line=result.line)
        else:
            yield path, compile_module(path, result)
