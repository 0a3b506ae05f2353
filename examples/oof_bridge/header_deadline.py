"""The generated packages' header deadline (`graph_presence.serving.HeaderDeadline`: a client that does not
finish a request's headers in time is answered 408 and disconnected), with the example's setting: the
deadline is `$OOF_BRIDGE_HEADER_TIMEOUT` seconds (10 when unset), which `serve --header-timeout` sets for
its workers.

`serve` runs with it: `uvicorn --http examples.oof_bridge.header_deadline:HeaderDeadline ...` does too."""

from __future__ import annotations

import os
from typing import Final

from .packages import ensure_generated_packages

ensure_generated_packages()

from graph_presence import serving  # noqa: E402

TIMEOUT_VARIABLE: Final = "OOF_BRIDGE_HEADER_TIMEOUT"
"""Seconds (10 when unset); `serve --header-timeout` sets it for its workers. Read per request, not at
import: `serve` imports this module before it sets the variable."""


class HeaderDeadline(serving.HeaderDeadline):
    def header_timeout(self) -> float:
        value = os.environ.get(TIMEOUT_VARIABLE)
        return float(value) if value else self.seconds
