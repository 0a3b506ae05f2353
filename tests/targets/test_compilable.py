"""A large codec module is spread over table modules small enough for mypyc, and its long displays are made
by functions (`generator/targets/compilable.py`); a small one is left as it is. Checked on a module of the
codec's shape whose values are compared with the module run whole, and which must pass ruff and mypy."""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import black
import pytest

from generator.targets.compilable import ENTRIES_PER_FUNCTION, TABLES_PER_MODULE, spread_tables
from tests import linting

RUNTIME = '''"""Stand-ins for the runtime the codec calls."""

from __future__ import annotations

from typing import Any


class Shape:
    def __init__(self, tags: tuple[str, ...]) -> None:
        self.tags = tags


class Codec:
    def __init__(self, readers: dict[type, Any]) -> None:
        self.readers = readers
'''


def codec_text(models: int, tables: int) -> str:
    """A module shaped as the templates write a codec: imports, `__all__`, tables reading the imports and
    each other, one reader a model, and the tables after the functions."""
    names = ", ".join(f"A{number}" for number in range(models))
    lines = [
        '"""Codec of demo.',
        "",
        "@odata.type and class: lines of the docstring that start as a definition would.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import datetime",
        "from typing import Any, Final",
        "",
        "from . import _rt as _x",
        "from .enums import Colour",
        f"from .models import ({names})",
        "",
        '__all__ = ["Colour", "decode"]',
        '_NS0: Final = "{urn:demo}"',
        "_FIRST_DAY: Final = datetime.date(2020, 1, 1)",
        '"""A table with a docstring of its own."""',
    ]
    shapes = (tables - 2) // 2
    lines += [f'_T_{number}: Final = _NS0 + "Name{number}"' for number in range(shapes)]
    lines += [f"_S_{number}: Final = _x.Shape((_T_{number},))" for number in range(shapes)]
    for number in range(models):
        lines += [
            "",
            "",
            f"def _read_{number}(node: Any) -> A{number}:",
            f'    """Reads `_S_{number + 1}` (a name in a string is not a use)."""',
            f"    return A{number}(_S_{number % shapes}, _FIRST_DAY if node else None)",
        ]
    lines += ["", "", "def decode(node: Any) -> Any:", "    return _read_0(node)", "", ""]
    lines.append(f"_MODELS: Final[tuple[type, ...]] = ({names},)")
    readers = ", ".join(f"_read_{number}" for number in range(models))
    lines.append(f"_CODEC: Final = _x.Codec(dict(zip(_MODELS, ({readers},), strict=True)))")
    return "\n".join(lines) + "\n"


def write_package(root: Path, name: str, files: dict[str, str], models: int) -> Path:
    package = root / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "_rt.py").write_text(RUNTIME, encoding="utf-8")
    classes = "".join(
        f"\n\nclass A{number}:\n    def __init__(self, *values: object) -> None:\n"
        "        self.values = values\n"
        for number in range(models)
    )
    (package / "models.py").write_text(f'"""Models."""\n{classes}', encoding="utf-8")
    enum = '"""Enums."""\n\nimport enum\n\n\nclass Colour(enum.Enum):\n    RED = "red"\n'
    (package / "enums.py").write_text(enum, encoding="utf-8")
    mode = black.Mode(line_length=110)
    for path, text in files.items():
        (root / path).write_text(black.format_str(text, mode=mode), encoding="utf-8")
    return package


@pytest.fixture
def importable(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for module in [module for module in sys.modules if module.split(".")[0] in {"whole", "spread"}]:
            del sys.modules[module]


def test_a_small_codec_is_left_as_it_is() -> None:
    text = codec_text(models=ENTRIES_PER_FUNCTION, tables=TABLES_PER_MODULE)
    assert spread_tables("demo/codec.py", text) == {"demo/codec.py": text}


def test_a_large_codec_is_spread_and_keeps_every_value(importable: Path) -> None:
    models, tables = 250, 2 * TABLES_PER_MODULE + 50
    text = codec_text(models, tables)
    files = spread_tables("spread/codec.py", text)
    assert spread_tables("spread/codec.py", text) == files
    assert sorted(files) == [
        "spread/_codec_tables_1.py",
        "spread/_codec_tables_2.py",
        "spread/_codec_tables_3.py",
        "spread/codec.py",
    ]
    write_package(importable, "whole", {"whole/codec.py": text}, models)
    write_package(importable, "spread", files, models)
    whole = importlib.import_module("whole.codec")
    spread = importlib.import_module("spread.codec")

    assert [cls.__name__ for cls in spread._MODELS] == [cls.__name__ for cls in whole._MODELS]
    assert [reader.__name__ for reader in spread._CODEC.readers.values()] == [
        reader.__name__ for reader in whole._CODEC.readers.values()
    ]
    read = spread._CODEC.readers[spread._MODELS[7]]("node")
    assert read.values[0].tags == ("{urn:demo}Name7",) and read.values[1] == whole._FIRST_DAY
    assert spread.__all__ == ["Colour", "decode"] and spread.Colour.RED.value == "red"

    for path, module_text in files.items():
        tree = ast.parse(module_text)
        assigned = [node for node in tree.body if isinstance(node, ast.AnnAssign | ast.Assign)]
        if path.endswith("codec.py"):
            assert [
                ast.unparse(node.targets[0] if isinstance(node, ast.Assign) else node.target)
                for node in assigned
            ] == [
                "__all__",
                "_MODELS",
                "_CODEC",
            ]
        else:
            assert len(assigned) <= TABLES_PER_MODULE
    displays = [
        node
        for node in ast.walk(ast.parse(files["spread/codec.py"]))
        if isinstance(node, ast.Tuple) and len(node.elts) > ENTRIES_PER_FUNCTION
    ]
    assert displays == []
    # The standard-library import only the tables read moves with them.
    assert "import datetime" not in files["spread/codec.py"]
    assert "import datetime" in files["spread/_codec_tables_1.py"]


def test_the_spread_modules_pass_ruff_and_mypy(tmp_path: Path) -> None:
    models = ENTRIES_PER_FUNCTION + 20
    files = spread_tables("spread/codec.py", codec_text(models, TABLES_PER_MODULE + 40))
    package = write_package(tmp_path, "spread", files, models)
    linted = linting.ruff(package)
    assert linted.returncode == 0, linted.stdout[-3000:]
    checked = linting.mypy(package)
    assert checked.returncode == 0, checked.stdout[-3000:]
