"""The targets, in the order they run: each is one kind of output a package may get. Adding one (a client)
means adding a folder here, its templates, and an entry in `TARGETS`."""

from __future__ import annotations

from typing import Any

from generator.targets.base import Built, Target, build
from generator.targets.models import ModelsTarget
from generator.targets.odata.codec import JsonCodecTarget
from generator.targets.odata.server import ODataServerTarget
from generator.targets.package import PackageTarget
from generator.targets.soap.codec import XmlCodecTarget
from generator.targets.soap.server import SoapServerTarget

TARGETS: tuple[Target[Any], ...] = (
    ModelsTarget(),
    XmlCodecTarget(),
    JsonCodecTarget(),
    SoapServerTarget(),
    ODataServerTarget(),
    PackageTarget(),
)

__all__ = ["TARGETS", "Built", "Target", "build"]
