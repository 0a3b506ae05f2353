"""Formatting generated modules: black, then compile(), with a persistent content-addressed cache and
worker processes for large batches (issue 13 items 1 and 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SchemaError
from generator.output import format as formatting
from generator.output.format import format_files
from generator.output.format_cache import CACHE_ENVIRONMENT, FormatCache, cache_folder
from generator.output.formatters import BLACK, identity

FORMATTER = identity(BLACK)
UGLY = "x = {  'a':1,\n'b':[1,2,3]}\ndef f( a ,b ):\n  return a+b\n"
PRETTY = 'x = {"a": 1, "b": [1, 2, 3]}\n\n\ndef f(a, b):\n    return a + b\n'


def test_modules_are_formatted_and_other_files_kept_in_order(tmp_path: Path) -> None:
    files = {"pkg/README.md": "# t\n", "pkg/a.py": UGLY, "pkg/py.typed": ""}
    formatted = format_files(files, cache=FormatCache(tmp_path, FORMATTER))
    assert list(formatted) == list(files)
    assert formatted == {"pkg/README.md": "# t\n", "pkg/a.py": PRETTY, "pkg/py.typed": ""}


def test_a_module_seen_before_is_neither_formatted_nor_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FormatCache(tmp_path, FORMATTER)
    assert format_files({"a.py": UGLY}, cache=cache) == {"a.py": PRETTY}
    assert [path.name for path in tmp_path.rglob("*.py")] == [f"{cache.key(UGLY)}.py"]

    def refuse(*arguments: str) -> formatting.Outcome:
        raise AssertionError(f"{arguments[0][:20]} was formatted or compiled again")

    for step in ("format_piece", "compile_module", "format_module"):
        monkeypatch.setattr(formatting, step, refuse)
    # A new cache object over the same folder: what a later run sees.
    assert format_files({"b.py": UGLY}, cache=FormatCache(tmp_path, FORMATTER)) == {"b.py": PRETTY}


def test_the_key_covers_the_source_the_formatter_and_python() -> None:
    cache = FormatCache(None, FORMATTER)
    assert cache.key(UGLY) == FormatCache(None, FORMATTER).key(UGLY)
    assert cache.key(UGLY) != cache.key(UGLY + "\n")
    assert cache.key(UGLY) != FormatCache(None, FORMATTER + " other mode").key(UGLY)


def test_an_unreadable_entry_is_a_miss_and_is_written_again(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path, FORMATTER)
    key = cache.key(UGLY)
    entry = tmp_path / key[:2] / f"{key}.py"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"\xff\xfe not text")
    assert format_files({"a.py": UGLY}, cache=cache) == {"a.py": PRETTY}
    assert entry.read_text(encoding="utf-8") == PRETTY
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_cache_that_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert format_files({"a.py": UGLY}, cache=FormatCache(blocker, FORMATTER)) == {"a.py": PRETTY}


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENVIRONMENT, str(tmp_path))
    assert cache_folder() == tmp_path / "format"
    monkeypatch.setenv(CACHE_ENVIRONMENT, "")
    assert cache_folder() is None
    monkeypatch.delenv(CACHE_ENVIRONMENT)
    assert cache_folder() is not None and cache_folder().name == "format"  # type: ignore[union-attr]


def test_python_that_does_not_compile_is_an_error_at_its_line(tmp_path: Path) -> None:
    # black parses it; only compiling finds the clash (Graph's `user_id` parameter and path key).
    source = "import x\n\n\ndef route(user_id: str, user_id: int) -> None:\n    return None\n"
    with pytest.raises(SchemaError) as caught:
        format_files({"pkg/server.py": source}, cache=FormatCache(tmp_path, FORMATTER))
    message = str(caught.value)
    assert message.startswith("pkg/server.py:4: the templates rendered Python that does not compile")
    assert "duplicate argument 'user_id'" in message
    assert not list(tmp_path.rglob("*.py"))


def test_python_black_cannot_parse_is_an_error_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"^pkg/a\.py:2: the templates rendered invalid Python"):
        format_files({"pkg/a.py": "x = 1\ny = (\n"}, cache=FormatCache(tmp_path, FORMATTER))


def test_worker_processes_give_the_same_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "PARALLEL_CHARACTERS", 0)
    files = {f"m{number}.py": UGLY.replace("x =", f"x{number} =") for number in range(4)}
    serial = format_files(files, cache=FormatCache(None, FORMATTER), workers=1)
    parallel = format_files(files, cache=FormatCache(tmp_path, FORMATTER), workers=2)
    assert parallel == serial and list(parallel) == list(files)
    assert len(list(tmp_path.rglob("*.py"))) == 4
    with pytest.raises(SchemaError, match=r"^bad\.py:4: .*duplicate argument"):
        format_files(
            {**files, "bad.py": "import x\n\n\ndef f(a: int, a: int) -> None: ...\n"},
            cache=FormatCache(None, FORMATTER),
            workers=2,
        )


def test_the_first_invalid_module_in_the_files_order_is_the_error(tmp_path: Path) -> None:
    # Formatting goes largest first; the error named is still the first one in the package's own order.
    files = {"pkg/a.py": "x = (\n", "pkg/b.py": "y = 1\n" * 100 + "z = (\n"}
    with pytest.raises(SchemaError, match=r"^pkg/a\.py:1: "):
        format_files(files, cache=FormatCache(tmp_path, FORMATTER))
