"""The layout filters write what black writes (issue 13 item 1): black formats a module twice when its input
is not already its output, so the templates lay out long calls, assignments, `def` and `class` lines as
black splits them. Each case here is checked against black itself, at the widths where its choices
change."""

from __future__ import annotations

import itertools

import pytest

from generator.config import load_config
from generator.output.chunks import pieces
from generator.output.formatters import format_black
from generator.pipeline import build_ir, render_package
from generator.render.environment import make_environment
from generator.render.filters import Call, Symbol, dunder_all, import_from
from generator.render.layout import Concatenated, lay_out, lay_out_class, lay_out_def, lay_out_statement
from tests.paths import ROOT


def _name(length: int, stem: str = "name") -> str:
    return (stem + "_" + "x" * length)[: max(length, len(stem))]


def _calls() -> list[Call]:
    """Calls of every shape the codec templates write, long and short."""
    found: list[Call] = []
    for width, count in itertools.product((4, 12, 30, 60), (1, 2, 5)):
        arguments = tuple(Symbol(_name(width, f"a{number}")) for number in range(count))
        found.append(Call("_f.put_model", arguments))
        required = (("required", True),)
        found.append(Call("_f.text_of", (Symbol("e[3]"), Symbol("path"), "S" * width), required))
        found.append(Call("_f.Shape", (arguments, (Symbol("_T_ID"),)), (("mixed", True),)))
        found.append(Call("dict", (Call("zip", (Symbol("_MODELS"), arguments), (("strict", True),)),)))
        found.append(Call("_f.Properties", ({f"key{number}": "k" * width for number in range(count)},)))
        found.append(Call("frozenset", ((Symbol("A" * width),),)))
    found.append(Call("_f.put", (Symbol("out"), "x" * 130, Symbol("nulls"))))
    return found


@pytest.mark.parametrize("call", _calls(), ids=lambda call: call.function)
def test_calls_are_laid_out_as_black_lays_them_out(call: Call) -> None:
    for target in ("", "x" * 30, "x" * 70):
        statement = lay_out(call, 0, f"{target}: Final = " if target else "")
        source = statement + "\n"
        assert format_black(source) == source
    inside = (
        f"def f():\n    {lay_out(call, 4)}\n    return X(\n        {lay_out(call, 8, 'name=', ',')}\n    )\n"
    )
    assert format_black(inside) == inside


def test_strings_one_after_the_other_are_a_line_each_in_parentheses() -> None:
    parts = (' xmlns="urn:a"', ' xmlns:ns0="' + "u" * 80 + '"', ' xmlns:xsi="urn:xsi"')
    source = lay_out(Concatenated(parts), 0, "DECLARATIONS: Final = ") + "\n"
    assert format_black(source) == source
    assert lay_out(Concatenated(parts[:1]), 0, "D = ") == "D = (' xmlns=\"urn:a\"')"


@pytest.mark.parametrize("length", range(28, 72, 3))
def test_annotated_assignments_split_where_black_splits_them(length: int) -> None:
    annotations = ("Options | str | None", "VeryLongEnumerationNameOfTheSchema", "list[UpdateItemResponse]")
    values = ("None", "Kind.SOME_MEMBER_NAME", "dataclasses.field(default_factory=list)", "")
    for annotation, value in itertools.product(annotations, values):
        statement = f"{_name(length)}: {annotation}" + (f" = {value}" if value else "")
        source = f"class A:\n    {lay_out_statement(statement, 4)}\n"
        assert format_black(source) == source, statement


@pytest.mark.parametrize("length", range(20, 100, 7))
def test_def_and_class_lines(length: int) -> None:
    parameters = ("node: etree._Element", "path: str", f"e: list[{'S' * (length // 4)}]")
    source = f"{lay_out_def(_name(length, 'f'), parameters, 'dict[str, Any]')}\n    return {{}}\n"
    assert format_black(source) == source
    method = lay_out_def(_name(length, "g"), ("self", "request: Request"), "Response", 4, "async def")
    source = f"class A:\n    {method}\n        raise NotImplementedError\n"
    assert format_black(source) == source
    source = lay_out_class(f"class {_name(length, 'C')}({'B' * length}):") + "\n    pass\n"
    assert format_black(source) == source
    assert lay_out_class("class C():") == "class C:"


def test_imports_and_all() -> None:
    for count in (1, 5, 30):
        names = [f"Name{number}" for number in range(count)]
        source = f"{import_from('.models', names)}\n\nif X:\n    {import_from('.models', names, 4)}\n"
        assert format_black(source) == source
        source = dunder_all(names) + "\n"
        assert format_black(source) == source


def test_the_committed_specs_render_black_s_own_text() -> None:
    """What the templates write is black's output already: every piece of every generated module comes
    back unchanged (a newer black that changes its style would only cost its second pass again)."""
    total = kept = 0
    for spec in load_config(ROOT / "pyproject.toml").packages:
        for path, text in render_package(build_ir(spec), make_environment(None)).items():
            if path.endswith(".py"):
                for piece in pieces(text):
                    total += 1
                    kept += format_black(piece.text) == piece.text
    assert kept == total, f"{total - kept} of {total} pieces are not black's text"
