"""Source laid out on lines as black lays it out, so that the formatter finds its own text.

black formats a module twice when its input is not already its output (a second pass settles optional
trailing commas), and the cost of a pass grows with the number of tokens. The codec templates write one
call per field; a call too long for its line is written here the way black splits it: at its own
brackets, its arguments on one line below it when they fit there, one a line (with a trailing comma)
when they do not (a tuple: always one a line), and so on inwards. An assignment keeps its value whole
in parentheses when the line that would open the call is too long, as black prefers. Where this guess
is wrong black still makes it right: it only costs the second pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.output.formatters import LINE_LENGTH
from generator.render.filters import LONG_STRING, Call, python_literal, string_pieces

INDENT = 4
LINT_LENGTH = 110
"""The line length generated packages are linted with (ruff's E501): a longer line no formatter can wrap
(a pair of long names) says so."""


@dataclass(frozen=True, slots=True)
class Concatenated:
    """Strings written one after the other, one literal (`' xmlns="a"' ' xmlns:ns0="b"'`), in parentheses
    when they do not fit a line."""

    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Group:
    """Items between brackets: `head` ends with the opening bracket (`f(`, `(`), `tail` is the closing."""

    head: str
    items: tuple[_Group | str, ...]
    tail: str
    one_tuple: bool = False
    collection: bool = False
    """A tuple: split, it has an item a line (black explodes a literal with commas, not a call)."""
    separator: str = ", "
    """What joins the items: `" "` for strings written one after the other (one literal)."""

    @property
    def flat(self) -> str:
        return self.head + self.body + self.tail

    @property
    def body(self) -> str:
        return self.separator.join(_flat(item) for item in self.items) + ("," if self.one_tuple else "")


def _flat(item: _Group | str) -> str:
    return item if isinstance(item, str) else item.flat


def _group(value: object, prefix: str = "") -> _Group | str:
    """`value` (a `Call`, a tuple, a dict, a literal or a `Symbol`) as the tree of its brackets."""
    if isinstance(value, Call):
        items = [_group(argument) for argument in value.arguments]
        items.extend(_group(item, f"{key}=") for key, item in value.keywords)
        return _Group(f"{prefix}{value.function}(", tuple(items), ")")
    if isinstance(value, str) and len(value) > LONG_STRING:
        # `python_literal` writes it as pieces one after the other, which black puts a line each.
        return _Group(prefix, tuple(string_pieces(value)), "", separator=" ")
    if isinstance(value, tuple) and value:
        return _Group(f"{prefix}(", tuple(_group(item) for item in value), ")", len(value) == 1, True)
    if isinstance(value, Concatenated):
        pieces = tuple(
            piece
            for part in value.parts
            for piece in (string_pieces(part) if len(part) > LONG_STRING else [python_literal(part)])
        )
        return _Group(f"{prefix}(", pieces, ")", separator=" ")
    if isinstance(value, dict) and value:
        entries = tuple(_group(item, f"{python_literal(key)}: ") for key, item in value.items())
        return _Group(f"{prefix}{{", entries, "}", collection=True)
    return prefix + python_literal(value)


def lay_out(value: object, indent: int, prefix: str = "", suffix: str = "") -> str:
    """`prefix`, `value` as Python source and `suffix`, on as many lines as black would give them when the
    first starts at column `indent`; the first line without its indentation (the template writes it)."""
    item = _group(value, prefix)
    whole = item if isinstance(item, str) else item.head
    if _keeps_value_whole(prefix, whole, indent):
        bare = _group(value)
        if isinstance(bare, _Group) and indent + INDENT + len(bare.flat) > LINE_LENGTH:
            # In parentheses of its own, and split there.
            lines = [
                " " * indent + prefix + "(",
                *_lines(bare, "", indent + INDENT),
                " " * indent + ")" + suffix,
            ]
            return "\n".join(lines)[indent:]
        return _parenthesized(prefix, _flat(bare) + suffix, indent)
    return "\n".join(_lines(item, suffix, indent))[indent:]


def _lines(item: _Group | str, suffix: str, indent: int) -> list[str]:
    margin = " " * indent
    if isinstance(item, str) or indent + len(item.flat) + len(suffix) <= LINE_LENGTH or not item.items:
        line = margin + _flat(item) + suffix
        return [line + "  # noqa: E501" if len(line) > LINT_LENGTH else line]
    if not item.head.endswith(("(", "{", "[")):
        # Strings one after the other, inside brackets already: a line each, at the same indentation.
        last = len(item.items) - 1
        return [
            margin + (item.head if number == 0 else "") + _flat(part) + (suffix if number == last else "")
            for number, part in enumerate(item.items)
        ]
    inner = " " * (indent + INDENT)
    exploded = item.collection and len(item.items) > 1
    if not exploded and indent + INDENT + len(item.body) <= LINE_LENGTH:
        return [margin + item.head, inner + item.body, margin + item.tail + suffix]
    lines = [margin + item.head]
    # A lone argument is split around (no comma comes after it); several are split at their commas.
    comma = "," if (len(item.items) > 1 or item.one_tuple) and item.separator == ", " else ""
    for element in item.items:
        lines.extend(_lines(element, comma, indent + INDENT))
    lines.append(margin + item.tail + suffix)
    return lines


def _keeps_value_whole(prefix: str, head: str, indent: int) -> bool:
    """An assignment whose line up to the call's opening bracket is too long: black puts the value in
    parentheses rather than split the call."""
    _, equals, _ = prefix.rpartition(" = ")
    return bool(equals) and indent + len(head) > LINE_LENGTH


def _parenthesized(prefix: str, value: str, indent: int) -> str:
    """A value black wraps in parentheses of its own when that makes it fit (and only then)."""
    if indent + len(prefix) + len(value) <= LINE_LENGTH or indent + INDENT + len(value) > LINE_LENGTH:
        return prefix + value
    return f"{prefix}(\n{' ' * (indent + INDENT)}{value}\n{' ' * indent})"


def lay_out_def(
    name: str, parameters: tuple[str, ...], returns: str, indent: int = 0, keyword: str = "def"
) -> str:
    """`def name(parameters) -> returns:` at column `indent`, on as many lines as black gives it (the first
    without its indentation); `keyword` may be `async def`."""
    group = _Group(f"{keyword} {name}(", parameters, f") -> {returns}:")
    return "\n".join(_lines(group, "", indent))[indent:]


def lay_out_statement(statement: str, indent: int) -> str:
    """An assignment on one line (`name: list[X] = dataclasses.field(...)`, `_T_X: Final = _NS0 + "X"`),
    as black splits it when too long: at the brackets its value ends with, or around the whole value."""
    if indent + len(statement) <= LINE_LENGTH:
        return statement
    target, equals, value = statement.partition(" = ")
    name, colon, annotation = target.partition(": ")
    if colon and indent + len(target) + (3 if equals else 0) > LINE_LENGTH - (1 if equals else 0):
        # The line up to the `=` (or the whole annotated name) is too long: black splits the annotation,
        # at its last brackets (`list[`) or in parentheses of its own.
        margin, inner = " " * indent, " " * (indent + INDENT)
        rest = f" = {value}" if equals else ""
        subscript = _opening(annotation)
        if subscript > 0 and annotation.endswith("]"):
            head, body = annotation[: subscript + 1], annotation[subscript + 1 : -1]
            return f"{name}: {head}\n{inner}{body}\n{margin}]{rest}"
        return f"{name}: (\n{inner}{annotation}\n{margin}){rest}"
    if not equals:
        return statement
    prefix = target + equals
    opening = _opening(value)
    if opening >= 0 and ('"' in value or "'" in value):
        return statement  # a bracket inside a string would mislead `_opening`: left to black
    if opening >= 0 and not _keeps_value_whole(prefix, prefix + value[: opening + 1], indent):
        body = value[opening + 1 : -1]
        if indent + INDENT + len(body) <= LINE_LENGTH:
            margin = " " * indent
            return f"{prefix}{value[: opening + 1]}\n{margin}{' ' * INDENT}{body}\n{margin}{value[-1]}"
        return statement
    return _parenthesized(prefix, value, indent)


def _opening(value: str) -> int:
    """Where the bracket that the value's last character closes opens; -1 when it ends in no bracket."""
    pairs = {")": "(", "}": "{", "]": "["}
    if not value or value[-1] not in pairs:
        return -1
    depth = 0
    for position in range(len(value) - 1, -1, -1):
        character = value[position]
        if character in pairs:
            depth += 1
        elif character in "({[":
            depth -= 1
            if depth == 0:
                return position
    return -1


def lay_out_class(line: str) -> str:
    """`class Name(Bases):` at the top level, split at its parentheses when too long, as black splits it;
    `class Name:` without empty parentheses."""
    ending = line[len(line.rstrip("\n")) :]
    line = line.rstrip("\n").replace("():", ":")
    if len(line) <= LINE_LENGTH or not line.endswith("):") or "(" not in line:
        return line + ending
    head, _, bases = line[:-2].partition("(")
    return f"{head}(\n{' ' * INDENT}{bases}\n):{ending}"
