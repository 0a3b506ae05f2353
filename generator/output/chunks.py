"""Cuts a large module into runs of top-level functions and classes that black formats alone, to the same
text as the whole module: so the pieces of one big module (a 170k-line codec) are formatted in parallel,
and one changed type reformats only the piece that holds it.

black puts exactly two blank lines between two top-level definitions, whatever the source had, except
after a decorator or a comment right above the definition, and between one-line stub definitions (`...`).
A cut is made only where none of those applies: before a line at column 0 that starts a `def`, `class`
or decorator, that follows a blank line, and whose previous non-blank line is neither a comment at
column 0 nor ends in `...`. Joining
the formatted pieces with two blank lines then gives black's text for the whole module
(`tests/output/test_chunks.py` checks it on every generated package).

A cut inside a triple-quoted string leaves its first piece with an unterminated string, which black
refuses: the caller then formats the module whole. Modules with `fmt: off` regions are never cut.
Where to cut depends on the text of the definition line (a checksum), not on sizes from the top of the
module, so inserting one type moves no other cut.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

SMALLEST_MODULE = 24_000
"""Modules shorter than this (in characters) are one piece."""
SMALLEST_PIECE = 8_000
LARGEST_PIECE = 120_000
"""A piece is cut at the first allowed line past this size, checksum or not."""
_ONE_IN = 4
"""A definition line whose checksum is 0 modulo this starts a new piece (once the piece is large enough)."""

_STARTS_DEFINITION = re.compile(r"(?:def |async def |class |@)")
_ONE_LINE_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:: [^=\n]+)? = [^\n]*[^\n,([{\\]\n\Z")
_FORMATTER_OFF = re.compile(r"fmt:\s*(?:off|skip)|yapf:\s*disable")


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    first_line: int
    """Where the piece starts in the module, 1-based (to place black's errors)."""
    gap: int = 2
    """Blank lines black puts between the previous piece and this one."""


def pieces(source: str) -> list[Piece]:
    """`source` cut where black's formatting of each piece joins back to that of the whole."""
    if len(source) < SMALLEST_MODULE or _FORMATTER_OFF.search(source):
        return [Piece(source, 1)]
    lines = source.splitlines(keepends=True)
    found: list[Piece] = []
    start = 0
    size = 0
    last_code = ""
    gap = 2
    for number, line in enumerate(lines):
        if number > start and size >= SMALLEST_PIECE:
            cut = _cut(lines, number, last_code)
            if cut is not None and (size >= LARGEST_PIECE or _checksum(lines, number) % _ONE_IN == 0):
                found.append(Piece(_ended("".join(lines[start:number])), start + 1, gap))
                start, size, gap = number, 0, cut
        size += len(line)
        if line.strip():
            last_code = line
    found.append(Piece("".join(lines[start:]), start + 1, gap))
    return found


def _ended(text: str) -> str:
    """A piece without the blank lines before the next one, as black ends a module: when the source is
    already black's text, black then finds nothing to change (and formats once instead of twice)."""
    return text.rstrip("\n") + "\n"


def _cut(lines: list[str], number: int, last_code: str) -> int | None:
    """The blank lines black keeps before line `number` when a piece may start there, else None."""
    line = lines[number]
    if _STARTS_DEFINITION.match(line):
        after_blank = not lines[number - 1].strip()
        if after_blank and not last_code.rstrip().endswith("...") and not last_code.startswith("#"):
            return 2
        return None
    # Two one-line assignments in a row (a table of constants): black keeps them together.
    if _ONE_LINE_ASSIGNMENT.match(line) and _ONE_LINE_ASSIGNMENT.match(lines[number - 1]):
        return 0
    return None


def joined(cut: list[Piece], formatted: list[str]) -> str:
    """The formatted pieces of one module as black formats it whole."""
    parts = [formatted[0]]
    for piece, text in zip(cut[1:], formatted[1:], strict=True):
        parts.append("\n" * piece.gap + text)
    return "".join(parts)


def _checksum(lines: list[str], number: int) -> int:
    """Of the definition's own line: past its decorators, which many definitions share."""
    end = number
    while end < len(lines) - 1 and lines[end].startswith("@") and end - number < 20:
        end += 1
    return zlib.crc32("".join(lines[number : end + 1]).encode("utf-8", "surrogatepass"))
