"""Errors of the codec: what `decode` raises for invalid input and `encode` for a value it cannot write.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

__all__ = ["DecodeError", "EncodeError"]


class DecodeError(ValueError):
    """The input is not a valid document for the schema; nothing was built.

    `path` names where (`SetOofStatus/status`, `$.statusMessage.message`), `reason` says what is wrong.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


class EncodeError(ValueError):
    """A value cannot be written as the schema requires (a required field is None, a value has the wrong
    type, a string holds a character the format cannot carry)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


def _shortened(text: str) -> str:
    """A value's text as an error shows it: cut past 60 characters (an error that echoed a megabyte costs
    the server and the client, and says no more). For the codecs' errors."""
    return text if len(text) <= 60 else text[:57] + "..."
