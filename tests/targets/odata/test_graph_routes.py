"""The routes of the whole Microsoft Graph v1.0 metadata (../shared; skipped when absent): no two share a
method and path (overloads bound to a type and its base, such as `delta`, resolve to the most derived one),
and no handler has two parameters of one name (`/users/{user-id}/...(userId=...)`)."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.config import config_from_options
from generator.pipeline import build_ir
from generator.targets.odata.routes import Route, read_routes
from tests.paths import REFERENCE

GRAPH_CSDL = REFERENCE / "graph" / "cleanMetadata-v1.0.xml"

pytestmark = pytest.mark.skipif(not GRAPH_CSDL.is_file(), reason=f"{GRAPH_CSDL} is absent (../shared)")


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> list[Route]:
    config = config_from_options([GRAPH_CSDL], "graph", tmp_path_factory.mktemp("graph"), (), None)
    return read_routes(build_ir(config.packages[0]))


def test_no_two_routes_share_a_method_and_path(routes: list[Route]) -> None:
    pairs = Counter((route.method, route.path) for route in routes)
    assert len(routes) > 3000
    assert [pair for pair, count in pairs.items() if count > 1] == []


def test_delta_on_users_is_the_one_bound_to_user(routes: list[Route]) -> None:
    delta = [route for route in routes if route.path == "/users/delta()"]
    assert len(delta) == 1 and delta[0].operation is not None and delta[0].operation.odata is not None
    assert delta[0].operation.odata.bound_to == "microsoft.graph.user"


def test_handler_parameters_and_names_are_distinct(routes: list[Route]) -> None:
    clashing = [
        route.path for route in routes if len({key.parameter for key in route.keys}) != len(route.keys)
    ]
    assert clashing == []
    handlers = [route.handler for route in routes]
    assert len(set(handlers)) == len(handlers)
    recordings = next(route for route in routes if "/adhocCalls/getAllRecordings(" in route.path)
    assert [key.parameter for key in recordings.keys][:2] == ["user_id", "user_id_2"]
