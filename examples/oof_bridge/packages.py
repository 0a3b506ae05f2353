"""Makes the generated packages importable: installed ones win; from a source checkout, the repository's
`generated/` folders are used (pip install ./generated/um_service[server] ./generated/graph_presence[server]
to install them instead)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

GENERATED = Path(__file__).resolve().parents[2] / "generated"


def ensure_generated_packages() -> None:
    for name in ("um_service", "graph_presence"):
        folder = GENERATED / name
        if importlib.util.find_spec(name) is None and folder.is_dir() and str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
