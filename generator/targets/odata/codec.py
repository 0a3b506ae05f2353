"""The OData JSON codec target: `codec.py` (one reader and one writer per model, from
`templates/codec/json.py.jinja`) with the JSON runtime (`generator/runtime/_json.py`, and `_json_fields.py`
for the properties). It applies to every package whose models have OData bindings."""

from __future__ import annotations

from collections.abc import Sequence

from generator.ir import Package
from generator.render.environment import Templates
from generator.targets.base import BaseTarget, Built, Dependencies, module_path
from generator.targets.compilable import spread_tables
from generator.targets.odata.codec_plan import JsonPlan, plan_json


class JsonCodecTarget(BaseTarget[JsonPlan]):
    name = "json-codec"

    def applies(self, package: Package) -> bool:
        return any(model.odata is not None for model in package.models)

    def plan(self, package: Package, built: Sequence[Built]) -> JsonPlan:
        return plan_json(package)

    def files(self, plan: JsonPlan, templates: Templates) -> dict[str, str]:
        return spread_tables(
            module_path(templates.package, "codec.py"), templates.render("codec/json.py.jinja", plan=plan)
        )

    def dependencies(self, plan: JsonPlan) -> Dependencies:
        return Dependencies(
            requires=("orjson>=3.10", "isodate>=0.7"),
            runtime=("errors.py", "_datetime.py", "_exact.py", "_json.py", "_json_fields.py"),
            compiled=("_json.py", "_json_fields.py", "codec.py"),
        )

    def exports(self, plan: JsonPlan) -> dict[str, tuple[str, ...]]:
        return {"errors": ("DecodeError", "EncodeError")}

    def readme(self, plan: JsonPlan, templates: Templates) -> str:
        return templates.render("codec/json_readme.md.jinja", plan=plan).strip()
