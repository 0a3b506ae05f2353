"""Values that remember the text they were read from, where Python would write them differently (`+5`,
`1.0E2`, base64 broken into lines): writing one back gives that text.

They live apart from the codec modules because a compiled build of the package (mypyc) cannot compile
subclasses of built-in types; this module stays interpreted.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import decimal
from typing import Any, Literal, TypeAlias

__all__ = [
    "ExactBytes",
    "ExactDecimal",
    "ExactFloat",
    "ExactInt",
    "FloatOrExact",
    "IntOrExact",
    "JsonNumber",
]

IntOrExact: TypeAlias = Any
"""An `int` or an `ExactInt`, as the codecs' integer readers give and writers take. `Any` rather than `int`
so that a compiled build passes the object itself: mypyc keeps a value typed `int` (or `float`) unboxed,
which would drop the subclass and the text it remembers."""
FloatOrExact: TypeAlias = Any
"""A `float` or an `ExactFloat` (see `IntOrExact`)."""


class ExactInt(int):
    """An integer read from text Python would write differently (`+5`, `007`): it remembers that text,
    and writing it back gives it. Arithmetic gives plain ints."""

    lexical: str


class ExactDecimal(decimal.Decimal):
    """An xs:decimal read from text `format(value, "f")` would write differently (`+1.5`, `.5`, `5.`): it
    remembers that text, and writing it back gives it. Arithmetic gives plain Decimals."""

    __slots__ = ("lexical",)
    lexical: str


class ExactFloat(float):
    """An xs:double or xs:float read from text Python would write differently (`2`, `1.0E2`, `.5`): it
    remembers that text, and writing it back gives it. Arithmetic gives plain floats."""

    __slots__ = ("lexical",)
    lexical: str


class ExactBytes(bytes):
    """xs:base64Binary or xs:hexBinary read from text Python would write differently (base64 broken into
    lines, lower-case hex): it remembers that text, and writing it back gives it. Slicing and
    concatenation give plain bytes."""

    lexical: str
    form: Literal["base64", "hex"]

    @classmethod
    def of(cls, value: bytes, lexical: str, form: Literal["base64", "hex"]) -> ExactBytes:
        exact = cls(value)
        exact.lexical, exact.form = lexical, form
        return exact


class JsonNumber(decimal.Decimal):
    """A JSON number a double cannot hold (more digits than a double keeps, an integer past 64 bits, an
    exponent past the double's range): its exact value, and the text it was read from, which writing it
    back gives. Arithmetic gives plain Decimals."""

    __slots__ = ("lexical",)
    lexical: str

    @classmethod
    def read(cls, text: str) -> JsonNumber:
        number = cls(text)
        number.lexical = text
        return number


class TextRoot(str):
    """The root of a JSON path (`$`) in a document read from text that can be read again: a reader that
    meets a double where every digit of the number is kept asks for that (see `_json.every_digit`). Its
    text is `$`; it lives here because a compiled build cannot compile subclasses of built-in types.
    """

    __slots__ = ()
