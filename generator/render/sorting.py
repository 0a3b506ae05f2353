"""The orders ruff enforces on generated code, so output is lint-clean by construction (not by `--fix`).

- `import_order`: isort's `from x import a, B` order (ruff I001): constants, then classes, then the rest,
  case-insensitively, numbers compared as numbers;
- `module_order`: isort's order of the modules of `from` imports: case-insensitively, numbers compared as
  numbers (`._models_9` before `._models_10`);
- `dunder_all_order`: ruff's RUF022 order of `__all__`: SCREAMING_CASE, CamelCase, the rest, each
  natural-sorted.
"""

from __future__ import annotations

import re

_NUMBERS = re.compile(r"(\d+)")

NaturalKey = tuple[str | int, ...]


def _natural(text: str) -> NaturalKey:
    return tuple(int(part) if part.isdigit() else part for part in _NUMBERS.split(text))


def _category(name: str) -> int:
    letters = [char for char in name if char.isalpha()]
    if letters and all(char.isupper() for char in letters) and len(name) > 1:
        return 0
    if name[:1].isupper():
        return 1
    return 2


def import_order(name: str) -> tuple[int, NaturalKey, NaturalKey]:
    return _category(name), _natural(name.lower()), _natural(name)


def module_order(name: str) -> tuple[NaturalKey, NaturalKey]:
    return _natural(name.lower()), _natural(name)


def dunder_all_order(name: str) -> tuple[int, NaturalKey]:
    return _category(name), _natural(name)
