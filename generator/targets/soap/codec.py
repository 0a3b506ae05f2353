"""The SOAP XML codec target: `codec.py` (one reader and one writer per model, from
`templates/codec/xml.py.jinja`) with the XML runtime (`generator/runtime/_xml.py`, and `_xml_fields.py` for
the fields). It applies to every package whose models have XML bindings."""

from __future__ import annotations

from collections.abc import Sequence

from generator.ir import Package
from generator.render.environment import Templates
from generator.targets.base import BaseTarget, Built, Dependencies, module_path
from generator.targets.compilable import spread_tables
from generator.targets.soap.codec_plan import XmlPlan, plan_xml


class XmlCodecTarget(BaseTarget[XmlPlan]):
    name = "xml-codec"

    def applies(self, package: Package) -> bool:
        return any(model.xml is not None for model in package.models)

    def plan(self, package: Package, built: Sequence[Built]) -> XmlPlan:
        return plan_xml(package)

    def files(self, plan: XmlPlan, templates: Templates) -> dict[str, str]:
        return spread_tables(
            module_path(templates.package, "codec.py"), templates.render("codec/xml.py.jinja", plan=plan)
        )

    def dependencies(self, plan: XmlPlan) -> Dependencies:
        return Dependencies(
            requires=("lxml>=5.2", "isodate>=0.7"),
            runtime=("errors.py", "_datetime.py", "_exact.py", "_xml.py", "_xml_fields.py"),
            compiled=("_xml.py", "_xml_fields.py", "codec.py"),
        )

    def exports(self, plan: XmlPlan) -> dict[str, tuple[str, ...]]:
        return {"errors": ("DecodeError", "EncodeError"), "_xml": ("SoapFault",)}

    def readme(self, plan: XmlPlan, templates: Templates) -> str:
        return templates.render("codec/xml_readme.md.jinja", plan=plan).strip()
