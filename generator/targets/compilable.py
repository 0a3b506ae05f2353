"""Lays out a large codec module so that its compiled build (mypyc) fits in a machine's memory.

mypyc compiles a module's body as one function, and its analysis of a function takes memory growing with
the square of the function's statements: 1,000 module-level calls took 4.7 GB, 2,000 took 18.6 GB, and the
codec of a schema of thousands of types has thousands of tables (xCBL 4,454, UBL 6,109). The C it
writes for a display grows with the square of its entries too, each entry's failure path releasing every
entry made before it (300 model classes: 49,000 lines of C). So, where a codec module has more than
`TABLES_PER_MODULE` tables (assignments before its first function), they are spread in order over
modules `_codec_tables_1.py`, `_codec_tables_2.py`, ... of at most that many, each importing what its
tables name, and `codec.py` imports the tables its functions name (mypyc reads a `Final` of another
compiled module as directly as one of its own); and a tuple display of more than `ENTRIES_PER_FUNCTION`
entries after the functions (`_MODELS`, the readers of `_CODEC`) is made by functions of at most that
many. Smaller codecs are left as their templates wrote them. (The templates do their part: polymorphic
readers and writers are functions, not module constants; UBL has 2,502 of them.)

The work is done on the rendered text, so that it holds for customised templates too. Only the module's
head (before its first function) and tail (after its last) are parsed; the names the rest uses are found by
a scan that skips comments and plain strings (an f-string's words are all taken as names), so a
200,000-line codec is not parsed whole.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from dataclasses import dataclass

from generator.render.filters import import_from, sort_imports
from generator.render.sorting import module_order

TABLES_PER_MODULE = 200
"""At most this many tables in one module (about 0.3 GB for mypyc; 1,000 took 4.7 GB)."""
ENTRIES_PER_FUNCTION = 100
"""A longer tuple display after the functions is made by functions of this many entries each."""
TABLES_MODULE = "_codec_tables_{number}"
"""The table modules' names (their glob is in the package's `setup.py`)."""

_DEFINITION = re.compile(r"(?:async def |def |class |@)")
_SCANNED = re.compile(
    r"#[^\n]*"
    r"|(?P<formatted>[fF][rR]?(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'))"
    r"|[rRbBuU]{0,2}(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?<![.\w])(?P<name>[A-Za-z_]\w*)"
)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True, slots=True)
class _Table:
    names: tuple[str, ...]
    """What the statement defines."""
    text: str
    """Its lines, with the docstring that follows it."""
    reads: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Import:
    """One import statement of the module's head."""

    module: str
    """`.models`, `typing`, `.` (`from . import _xml as _x`); "" for `import datetime`."""
    names: tuple[tuple[str, str], ...]
    """(name bound, name as the statement writes it: `_x`, `_xml as _x`), in the statement's order."""

    @property
    def section(self) -> int:
        """isort's sections: `__future__`, standard library, third party, this package."""
        if self.module == "__future__":
            return 0
        if self.module.startswith("."):
            return 3
        root = (self.module or self.names[0][1]).split(".")[0]
        return 1 if root in sys.stdlib_module_names else 2

    def only(self, names: set[str]) -> _Import | None:
        kept = tuple(item for item in self.names if item[0] in names)
        return _Import(self.module, kept) if kept else None

    def line(self) -> str:
        if not self.module:
            return "\n".join(f"import {written}" for _bound, written in self.names)
        return import_from(self.module, [written for _bound, written in self.names])


def spread_tables(path: str, text: str) -> dict[str, str]:
    """`codec.py` at `path` (`um_service/codec.py`) laid out as the module docstring says: path -> text of
    it and of the table modules it imports from (none for a small codec, or one whose head or tail cannot
    be told apart from its functions)."""
    lines = text.splitlines(keepends=True)
    starts = [index for index, line in enumerate(lines) if _DEFINITION.match(line)]
    parsed = _head(lines, starts)
    if parsed is None:
        return {path: text}
    first, tree = parsed
    after, tail_tree = _tail(lines, starts)
    head, body, tail = "".join(lines[:first]), "".join(lines[first:after]), "".join(lines[after:])
    imports = [_import_of(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    if any(bound == "Any" for item in imports for bound, _written in item.names):
        tail = _cut_displays(lines[after:], tail_tree)
    spread = _spread(path, head, tree, imports, body + tail)
    return spread if spread is not None else {path: head + body + tail}


def _head(lines: list[str], starts: list[int]) -> tuple[int, ast.Module] | None:
    """The line of the module's first top-level definition and what precedes it, parsed. A line that only
    looks like one (in a docstring) leaves what precedes it unparsable: the next is tried."""
    for start in starts:
        try:
            return start, ast.parse("".join(lines[:start]))
        except SyntaxError:
            continue
    return None


def _tail(lines: list[str], starts: list[int]) -> tuple[int, ast.Module]:
    """The first line after the module's last top-level definition (what follows parses on its own), and
    what follows, parsed."""
    for start in reversed(starts):
        index = start + 1
        # A definition's signature may close at column 0 (`) -> X:`); its body is indented.
        while index < len(lines) and not (
            lines[index - 1].rstrip().endswith(":") and lines[index][:1] in " \t"
        ):
            index += 1
        while index < len(lines) and (lines[index][:1] in " \t" or not lines[index].strip()):
            index += 1
        try:
            return index, ast.parse("".join(lines[index:]))
        except SyntaxError:
            continue
    return len(lines), ast.Module([], [])


def _spread(
    path: str, head: str, tree: ast.Module, imports: list[_Import], rest: str
) -> dict[str, str] | None:
    """The modules when the head has more tables than one module may; None when it has not, or when a
    table reads a name the head defines otherwise (it could not be imported from `codec.py`)."""
    lines = head.splitlines()
    tables, consumed = _tables(tree, lines)
    if len(tables) <= TABLES_PER_MODULE:
        return None
    imported = {bound for item in imports for bound, _written in item.names}
    chunks = [tables[start : start + TABLES_PER_MODULE] for start in range(0, len(tables), TABLES_PER_MODULE)]
    package, _, _ = path.rpartition("/")
    defined_in: dict[str, str] = {}
    files: dict[str, str] = {}
    for number, chunk in enumerate(chunks, start=1):
        module = TABLES_MODULE.format(number=number)
        own = {name for table in chunk for name in table.names}
        reads = {name for table in chunk for name in table.reads} - own
        if not reads <= imported | set(defined_in) | _BUILTINS:
            return None
        docstring = _docstring(package, number, len(chunks))
        block = _import_block(
            imports, reads, {name: module for name, module in defined_in.items() if name in reads}
        )
        tables_text = "\n".join(table.text for table in chunk)
        files[f"{package}/{module}.py"] = f"{docstring}\n{block}\n\n{tables_text}\n"
        defined_in.update(dict.fromkeys(own, module))
    kept = [
        node
        for node in tree.body
        if id(node) not in consumed and not isinstance(node, ast.Import | ast.ImportFrom)
    ]
    docstring_node = kept[0] if kept and _is_docstring(kept[0]) else None
    statements = [_source(lines, node) for node in kept if node is not docstring_node]
    kept_text = "\n".join(statements)
    used = _names_used(kept_text + "\n" + rest) | _exported(kept)
    block = _import_block(
        imports, used, {name: module for name, module in defined_in.items() if name in used}
    )
    top = _source(lines, docstring_node) + "\n" if docstring_node is not None else ""
    files[path] = f"{top}{block}\n\n{kept_text}\n\n\n{rest}"
    return files


def _tables(tree: ast.Module, lines: list[str]) -> tuple[list[_Table], set[int]]:
    """The head's tables in order, and the ids of the statements they consist of."""
    tables: list[_Table] = []
    consumed: set[int] = set()
    statements = tree.body
    for index, node in enumerate(statements):
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = tuple(target.id for target in targets if isinstance(target, ast.Name))
        if len(names) != len(targets) or names == ("__all__",):
            continue
        parts: list[ast.stmt] = [node]
        following = statements[index + 1] if index + 1 < len(statements) else None
        if following is not None and _is_docstring(following):
            parts.append(following)
        consumed.update(id(part) for part in parts)
        text = "\n".join(_source(lines, part) for part in parts)
        reads = frozenset(item.id for item in ast.walk(node) if isinstance(item, ast.Name))
        tables.append(_Table(names, text, reads))
    return tables, consumed


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _source(lines: list[str], node: ast.stmt) -> str:
    return "\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno])


def _import_of(node: ast.Import | ast.ImportFrom) -> _Import:
    names = tuple(
        (
            alias.asname or (alias.name.split(".")[0] if isinstance(node, ast.Import) else alias.name),
            f"{alias.name} as {alias.asname}" if alias.asname else alias.name,
        )
        for alias in node.names
    )
    if isinstance(node, ast.Import):
        return _Import("", names)
    return _Import("." * node.level + (node.module or ""), names)


def _import_block(imports: list[_Import], names: set[str], tables: dict[str, str]) -> str:
    """The import statements of a module that reads `names`: the head's own, cut to those names, and the
    table modules' (`tables`: name -> module), in isort's sections and order."""
    kept = [item for item in (entry.only(names | {"annotations"}) for entry in imports) if item is not None]
    by_module: dict[str, list[str]] = {}
    for name, module in tables.items():
        by_module.setdefault(f".{module}", []).append(name)
    kept.extend(
        _Import(module, tuple((name, name) for name in sort_imports(names_of)))
        for module, names_of in by_module.items()
    )
    sections: dict[int, list[_Import]] = {}
    for item in kept:
        sections.setdefault(item.section, []).append(item)
    relative = sections.get(3, [])
    relative.sort(key=lambda item: module_order(item.module))
    for section in (1, 2):
        sections.get(section, []).sort(key=lambda item: (item.module != "",))
    return "\n\n".join(
        "\n".join(item.line() for item in sections[section])
        for section in sorted(sections)
        if sections[section]
    )


def _exported(statements: list[ast.stmt]) -> set[str]:
    """The names `__all__` lists: what the module re-exports counts as used."""
    for node in statements:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.List | ast.Tuple):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id == "__all__" for target in targets):
                return {
                    item.value
                    for item in node.value.elts
                    if isinstance(item, ast.Constant) and isinstance(item.value, str)
                }
    return set()


def _names_used(text: str) -> set[str]:
    """The names `text` reads or defines, besides those in comments and plain strings (an f-string's are
    all taken)."""
    used: set[str] = set()
    for match in _SCANNED.finditer(text):
        if match["name"]:
            used.add(match["name"])
        elif match["formatted"]:
            used.update(_IDENTIFIER.findall(match["formatted"]))
    return used


def _docstring(package: str, number: int, count: int) -> str:
    return (
        f'"""Tables of the codec of {package}, part {number} of {count}: the module-level constants of '
        "`codec.py`,\nspread over modules small enough for its compiled build (mypyc) to compile.\n\n"
        "Generated by sodagen. Do not edit: change the schema or the templates and run `sodagen generate`.\n"
        '"""\n'
    )


def _cut_displays(lines: list[str], tree: ast.Module) -> str:
    """The tail (`lines`, parsed as `tree`) with each tuple display of more than `ENTRIES_PER_FUNCTION`
    entries (not all constants) made by functions of that many, defined before the statement that holds it."""
    pieces: list[str] = []
    done = 0
    for node in tree.body:
        long = [
            item
            for item in ast.walk(node)
            if isinstance(item, ast.Tuple)
            and len(item.elts) > ENTRIES_PER_FUNCTION
            and not all(isinstance(element, ast.Constant) for element in item.elts)
        ]
        if not long:
            continue
        base = _base_name(node)
        functions: list[str] = []
        for item in long:
            starred: list[ast.expr] = []
            for start in range(0, len(item.elts), ENTRIES_PER_FUNCTION):
                name = f"_{base}_part_{len(functions) + 1}"
                entries = ", ".join(
                    ast.unparse(element) for element in item.elts[start : start + ENTRIES_PER_FUNCTION]
                )
                functions.append(f"def {name}() -> tuple[Any, ...]:\n    return ({entries},)\n")
                starred.append(ast.Starred(ast.Call(ast.Name(name), [], []), ast.Load()))
            item.elts = starred
        pieces.append("".join(lines[done : node.lineno - 1]))
        pieces.append("\n\n".join(functions) + "\n\n" + ast.unparse(node) + "\n")
        done = node.end_lineno or node.lineno
    pieces.append("".join(lines[done:]))
    return "".join(pieces)


def _base_name(node: ast.stmt) -> str:
    target = (
        node.target
        if isinstance(node, ast.AnnAssign)
        else node.targets[0] if isinstance(node, ast.Assign) else None
    )
    return target.id.strip("_").lower() if isinstance(target, ast.Name) else "entries"
