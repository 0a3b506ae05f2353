"""The one error a bad schema, config or template raises: reported as `path:line: message`, exit code 2."""

from __future__ import annotations

from generator.ir import Location


class SchemaError(Exception):
    def __init__(self, location: Location | str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message
