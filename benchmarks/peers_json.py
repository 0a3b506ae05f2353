"""Graph presence JSON peers: sodagen, msgspec, pydantic v2 and msgraph-sdk (Kiota), plus value normalising.

Each ``*_codec()`` factory imports its library lazily and raises :class:`Unavailable` when it cannot run.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from .common import Build, Codec, Unavailable, package_build, unavailable

# An Edm.DateTimeOffset: any number of fractional digits, a zone. ``dateTime`` of a dateTimeTimeZone has
# no zone and stays a string.
_DATETIME_OFFSET = re.compile(
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)\Z",
)

_NEVER_COMPARED = frozenset({"backing_store", "explicit_nulls"})
"""Kiota's backing store and sodagen's record of explicit nulls (nulls are compared on the wire)."""

_COMPARED_IF_SET = frozenset({"additional_data", "odata_type"})
"""Catch-alls for unknown properties and ``@odata.type``: compared only when not empty."""


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _datetime(text: str) -> datetime.datetime | str:
    """An ISO 8601 date-time with offset as an aware UTC datetime, cut to microseconds; other text as is."""
    match = _DATETIME_OFFSET.match(text)
    if match is None:
        return text
    seconds, fraction, zone = match.groups()
    micro = (fraction or "")[:6].ljust(6, "0")
    parsed = datetime.datetime.fromisoformat(f"{seconds}.{micro}{'+00:00' if zone == 'Z' else zone}")
    return parsed.astimezone(datetime.UTC)


def _is_absent(value: object) -> bool:
    """``None`` or a library's "unset" sentinel (msgspec.UNSET and look-alikes)."""
    return value is None or type(value).__name__.lstrip("_").lower() in {"unsettype", "unset", "missingtype"}


def json_values(document: bytes | str, *, keep_null: bool) -> Any:
    """The values of a JSON document, with date-times parsed; explicit ``null`` kept only if ``keep_null``."""
    return _from_json(json.loads(document), keep_null)


def _from_json(value: Any, keep_null: bool) -> Any:
    if isinstance(value, dict):
        return {k: _from_json(v, keep_null) for k, v in value.items() if keep_null or v is not None}
    if isinstance(value, list):
        return [_from_json(v, keep_null) for v in value]
    if isinstance(value, str):
        return _datetime(value)
    return value


def _attributes(obj: object) -> Iterator[tuple[str, Any]]:
    cls = type(obj)
    if dataclasses.is_dataclass(obj):
        names: Any = (f.name for f in dataclasses.fields(obj))
    elif hasattr(cls, "__struct_fields__"):  # msgspec.Struct
        names = cls.__struct_fields__
    elif hasattr(cls, "model_fields"):  # pydantic.BaseModel
        names = cls.model_fields
    else:
        names = vars(obj)
    for name in names:
        yield name, getattr(obj, name)


def object_values(value: Any) -> Any:
    """A decoded model object as plain JSON-like values keyed by camelCase wire names.

    Absent and ``null`` properties are both left out (objects cannot always tell them apart; the encode
    check compares explicit ``null`` on the wire); enums become their values, date-times aware UTC.
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC) if value.tzinfo else value
    if isinstance(value, str):
        return _datetime(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [object_values(v) for v in value]
    if isinstance(value, dict):
        return {k: object_values(v) for k, v in value.items() if not _is_absent(v)}
    return {
        _camel(name): object_values(attr)
        for name, attr in _attributes(value)
        if not (_is_absent(attr) or name in _NEVER_COMPARED or (name in _COMPARED_IF_SET and not attr))
    }


# --- peers ----------------------------------------------------------------------------------------------


def sodagen_codec(build: Build = "pure") -> Codec:
    """``graph_presence.codec`` from ``generated/graph_presence`` (not installed, put on sys.path), or from
    its compiled build."""
    try:
        with package_build("graph_presence", build):
            from graph_presence import Presence, codec

        def decode(data: bytes) -> Any:
            return codec.decode(data, Presence)

        encode = codec.encode
    except Unavailable:
        raise
    except Exception as exc:
        raise unavailable("sodagen", exc) from exc
    return Codec(decode=decode, encode=encode, values=object_values)


def msgspec_codec() -> Codec:
    """msgspec typed Structs (``rename="camel"``, ``UNSET`` defaults), one reusable Decoder and Encoder."""
    try:
        import msgspec

        from . import models_msgspec
    except ImportError as exc:
        raise unavailable("msgspec", exc) from exc
    decoder = msgspec.json.Decoder(models_msgspec.Presence)
    encoder = msgspec.json.Encoder()
    return Codec(decode=decoder.decode, encode=encoder.encode, values=object_values)


def pydantic_codec() -> Codec:
    """Pydantic v2 models with camelCase aliases: ``model_validate_json`` and ``model_dump_json``."""
    try:
        from . import models_pydantic
    except ImportError as exc:
        raise unavailable("pydantic v2", exc) from exc
    presence = models_pydantic.Presence

    def encode(obj: Any) -> bytes:
        return obj.model_dump_json(by_alias=True, exclude_unset=True).encode("utf-8")  # type: ignore[no-any-return]

    return Codec(decode=presence.model_validate_json, encode=encode, values=object_values)


def msgraph_codec() -> Codec:
    """msgraph-sdk: Kiota's generated ``Presence`` model with Kiota's JSON parse node and writer factories."""
    try:
        from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory
        from kiota_serialization_json.json_serialization_writer_factory import (
            JsonSerializationWriterFactory,
        )
        from msgraph.generated.models.presence import Presence
    except ImportError as exc:
        raise unavailable("msgraph-sdk", exc) from exc
    root_node: Callable[[str, bytes], Any] = JsonParseNodeFactory().get_root_parse_node
    writer: Callable[[str], Any] = JsonSerializationWriterFactory().get_serialization_writer

    def decode(data: bytes) -> Any:
        return root_node("application/json", data).get_object_value(Presence)

    def encode(obj: Any) -> bytes:
        out = writer("application/json")
        out.write_object_value(None, obj)
        return out.get_serialized_content()  # type: ignore[no-any-return]

    return Codec(decode=decode, encode=encode, values=object_values)


PEERS: dict[str, Callable[[], Codec]] = {
    "sodagen": sodagen_codec,
    "sodagen compiled": functools.partial(sodagen_codec, "compiled"),
    "msgspec": msgspec_codec,
    "pydantic v2": pydantic_codec,
    "msgraph-sdk": msgraph_codec,
}
"""The JSON peers, sodagen first, in table order."""

KEEPS_NULL: dict[str, bool] = {
    "sodagen": True,
    "sodagen compiled": True,
    "msgspec": True,
    "pydantic v2": True,
    "msgraph-sdk": False,
}
"""Whether the peer writes an explicit ``null`` it read back out (Kiota drops it: a known fidelity gap)."""

__all__ = ["KEEPS_NULL", "PEERS", "Unavailable", "json_values", "object_values"]
