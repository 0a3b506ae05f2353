"""xsdata's parser warns (`ConverterWarning`, three lines naming its own source file) of an attribute value
it cannot convert to the attribute's type (`<maxLength value="abc"/>`, `nillable="yes"`) and goes on with the
text. sodagen says it in one line at the declaration's `file:line`; a value xsdata then fails on (an
`AssertionError` for `maxOccurs="y"`) is the error at that line."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from xsdata.exceptions import ConverterWarning

from generator.frontends.xsd.files import SchemaFiles
from generator.ir import Location

_COUNTS = frozenset({"length", "minLength", "maxLength", "totalDigits", "fractionDigits"})
_OUTCOMES = {
    "count": "left out",  # see `types._count`
    "bool": "read as true, as xsdata does",  # the text, which is not empty
}
_FAILED = re.compile(r"Failed to convert value for `(\w+)\.(\w+)`\s+`(.*)` is not a valid `(\w+)`", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Unconverted:
    location: Location
    message: str


def unconverted(caught: Sequence[warnings.WarningMessage], files: SchemaFiles) -> list[Unconverted]:
    """The converter warnings among `caught`, each at the line of the element whose attribute it is."""
    found: list[Unconverted] = []
    for item in caught:
        if not issubclass(item.category, ConverterWarning):
            continue
        text = " ".join(str(item.message).split())
        match = _FAILED.search(str(item.message))
        if match is None:
            found.append(Unconverted(files.file_location(None), f"xsdata: {text}"))
            continue
        model, field, value, kind = match.groups()
        tag = model[:1].lower() + model[1:]  # xsdata's model of <maxLength> is MaxLength
        attribute = re.sub(r"_(\w)", lambda letter: letter.group(1).upper(), field)  # min_occurs: minOccurs
        outcome = _OUTCOMES.get(kind if tag not in _COUNTS else "count", "xsdata goes on with its text")
        found.append(
            Unconverted(
                _element_location(files, tag, attribute, value),
                f'{tag} {attribute}="{value}" is not a valid {kind}: {outcome}',
            )
        )
    return found


def _element_location(files: SchemaFiles, tag: str, attribute: str, value: str) -> Location:
    for uri, root in files.roots.items():
        for element in root.iter(etree.Element):
            if etree.QName(element).localname == tag and element.get(attribute) == value:
                line = element.sourceline if isinstance(element.sourceline, int) else 1
                return Location(files.display[uri], line)
    return files.file_location(None)
