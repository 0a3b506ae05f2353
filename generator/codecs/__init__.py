"""What the codec templates need to know about a package, worked out once in Python so the templates only
lay it out: every field a model reads and writes (inherited ones included), its wire name and the
expressions that convert its values."""

from __future__ import annotations

from generator.codecs.json_plan import JsonPlan, plan_json
from generator.codecs.xml_plan import XmlPlan, plan_xml
from generator.ir import Package, SourceKind


def plan_codec(package: Package) -> XmlPlan | JsonPlan:
    return plan_xml(package) if package.source is SourceKind.XSD else plan_json(package)
