"""Cutting modules into pieces black formats alone (issue 13 item 1): the joined pieces are black's text
for the whole module, cuts do not move when a type is added, and a cut black refuses falls back to the
whole module."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.output import chunks
from generator.output import format as formatting
from generator.output.chunks import joined, pieces
from generator.output.format import format_files
from generator.output.format_cache import FormatCache
from generator.output.formatters import BLACK, format_black, identity
from generator.pipeline import build_ir, render_package
from generator.render.environment import make_environment

PROJECT = Path(__file__).resolve().parents[2]


def _rendered_modules() -> dict[str, str]:
    """Every module the committed specs render, before formatting."""
    config = load_config(PROJECT / "pyproject.toml")
    modules: dict[str, str] = {}
    for spec in config.packages:
        files = render_package(build_ir(spec), make_environment(None))
        modules.update({f"{spec.name}/{path}": text for path, text in files.items() if path.endswith(".py")})
    return modules


@pytest.fixture
def cut_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every place a cut is allowed gets one, whatever the sizes and checksums."""
    monkeypatch.setattr(chunks, "SMALLEST_MODULE", 0)
    monkeypatch.setattr(chunks, "SMALLEST_PIECE", 0)
    monkeypatch.setattr(chunks, "_ONE_IN", 1)


def _definitions(count: int, body: str = "return {'n':n}") -> str:
    return "".join(f"def f{number}( n ):\n    {body}\n\n" for number in range(count))


@pytest.mark.usefixtures("cut_everywhere")
def test_pieces_of_every_generated_module_join_to_blacks_text_for_the_whole() -> None:
    cut_modules = 0
    for path, source in _rendered_modules().items():
        cut = pieces(source)
        # Pieces end without the blank lines before the next (as black ends a module), and lose nothing else.
        assert all(piece.text.endswith("\n") and not piece.text.endswith("\n\n") for piece in cut[:-1])
        assert [line for piece in cut for line in piece.text.splitlines() if line.strip()] == [
            line for line in source.splitlines() if line.strip()
        ]
        assert joined(cut, [format_black(piece.text) for piece in cut]) == format_black(source), path
        cut_modules += len(cut) > 1
    assert cut_modules >= 8


def test_small_modules_are_one_piece_and_large_ones_several() -> None:
    assert len(pieces(_definitions(10))) == 1
    large = _definitions(4000)
    cut = pieces(large)
    assert 10 < len(cut) < 1000
    assert all(len(piece.text) >= chunks.SMALLEST_PIECE for piece in cut[:-1])


def test_a_definition_added_at_the_top_moves_no_other_cut() -> None:
    before = pieces(_definitions(4000))
    after = pieces("def added( ):\n    return 1\n\n" + _definitions(4000))
    assert [piece.text for piece in after[1:]] == [piece.text for piece in before[1:]]


def test_no_cut_after_a_stub_a_comment_or_a_decorator_nor_in_fmt_off_modules(cut_everywhere: None) -> None:
    source = "@overload\ndef f(a: int) -> int: ...\n\ndef f(a): return a\n\n# why\n\ndef g(): pass\n"
    assert [piece.first_line for piece in pieces(source)] == [1]
    assert len(pieces("# fmt: off\n" + _definitions(50))) == 1
    assert [piece.first_line for piece in pieces(_definitions(3))] == [1, 4, 7]


def test_a_cut_inside_a_string_falls_back_to_the_whole_module(cut_everywhere: None, tmp_path: Path) -> None:
    source = 'X = """\n\ndef inside( ):\n    pass\n"""\n\n' + _definitions(3)
    assert len(pieces(source)) > 2
    cache = FormatCache(tmp_path, identity(BLACK))
    assert format_files({"m.py": source}, cache=cache) == {"m.py": format_black(source)}


def test_an_error_in_a_later_piece_is_at_its_line_in_the_module(cut_everywhere: None, tmp_path: Path) -> None:
    source = _definitions(5) + "def broken(:\n    pass\n"
    with pytest.raises(Exception, match=r"^m\.py:16: the templates rendered invalid Python"):
        format_files({"m.py": source}, cache=FormatCache(tmp_path, identity(BLACK)))


def test_one_changed_definition_formats_one_piece_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _definitions(4000)
    cache = FormatCache(tmp_path, identity(BLACK))
    first = format_files({"m.py": source}, cache=cache, workers=1)["m.py"]
    formatted: list[str] = []

    def counting(text: str) -> formatting.Outcome:
        formatted.append(text)
        return formatting.Outcome(text=format_black(text))

    monkeypatch.setattr(formatting, "format_piece", counting)
    edited = source.replace("def f2000( n ):\n    return {'n':n}", "def f2000( n ):\n    return {'m':n}")
    second = format_files({"m.py": edited}, cache=cache, workers=1)["m.py"]
    assert second == first.replace('def f2000(n):\n    return {"n": n}', 'def f2000(n):\n    return {"m": n}')
    assert len(formatted) == 1 and "f2000" in formatted[0]
