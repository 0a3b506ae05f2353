"""Where the tests find the project and the third-party reference material (`../shared`, absent on some
machines: tests that need it skip with the reason)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
