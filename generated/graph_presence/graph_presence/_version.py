"""The version of the sodagen runtime this package carries (the modules sodagen copies into every package).

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

from typing import Final

RUNTIME: Final = "1"
"""Changes whenever a runtime module changes in a way generated code can tell."""
