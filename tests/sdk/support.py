"""What the SDK tests share: the client settings, the spec's examples, wire assertions."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import sparkapi
import yaml

from tests.forms import form_fields

from .server import RecordedRequest

__all__ = [
    "ACCESS_TOKEN",
    "USER_AGENT",
    "assert_api_request",
    "async_client",
    "example_request",
    "example_response",
    "first_record",
    "form_as_json",
    "load_service",
    "path_example",
    "spec_examples",
    "sync_client",
]

ACCESS_TOKEN = "test-token"
USER_AGENT = "sparkgen-tests/1.0"
SPEC_DIR = Path(__file__).resolve().parents[2] / "spec"
SERVICES_DIR = SPEC_DIR / "services"
# What a write operation answers when the spec documents no response (the spec's default).
PLAIN_SUCCESS: dict[str, Any] = {"D": {"Success": True}}

_NO_BODY: Any = object()


@functools.cache
def load_service(name: str) -> dict[str, Any]:
    """spec/services/<name>.yaml, parsed (cached; callers get copies of examples)."""
    with open(SERVICES_DIR / f"{name}.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict), name
    return data


def spec_examples(service: str, operation: str) -> list[dict[str, Any]]:
    """The documented examples of one operation, as fresh copies."""
    found = [
        endpoint["operations"][operation]
        for endpoint in load_service(service)["endpoints"]
        if operation in endpoint.get("operations", {})
    ]
    assert len(found) == 1, f"{service}.{operation}: found {len(found)} definitions"
    examples = found[0].get("examples") or []
    if not examples and "returns" not in found[0]:
        return [{}]  # nothing documented: a write answered with the plain success envelope
    assert examples, f"{service}.{operation} documents no example"
    return [{part: _body(value) for part, value in example.items()} for example in examples]


def _body(value: Any) -> Any:
    """An example body as written, or the JSON file a ``{file: ...}`` reference names."""
    if isinstance(value, dict) and set(value) == {"file"}:
        with open(SPEC_DIR / value["file"], encoding="utf-8") as f:
            return json.load(f)
    return copy.deepcopy(value)


def example_response(service: str, operation: str, index: int = 0) -> dict[str, Any]:
    example = spec_examples(service, operation)[index]
    response = example.get("response", copy.deepcopy(PLAIN_SUCCESS))
    assert isinstance(response, dict)
    return response


def example_request(service: str, operation: str, index: int = 0) -> dict[str, Any]:
    request = spec_examples(service, operation)[index]["request"]
    assert isinstance(request, dict)
    return request


def assert_api_request(
    request: RecordedRequest,
    method: str,
    path: str,
    *,
    query: dict[str, str] | None = None,
    json: Any = _NO_BODY,
) -> None:
    """The request went out as the API expects: method, path, query, headers, body.

    ``json`` is the whole expected body, envelope included; leave it out for a request
    that must carry no body.
    """
    assert request.method == method
    assert request.path == path
    assert request.query == (query or {}), request.raw_query
    assert request.header("Authorization") == f"Bearer {ACCESS_TOKEN}"
    assert request.header("Accept") == "application/json"
    assert request.header("X-SparkApi-User-Agent") == USER_AGENT
    names = [name.lower() for name in request.header_names]
    for name in ("authorization", "accept", "x-sparkapi-user-agent", "content-type"):
        assert names.count(name) <= 1, f"{name} sent {names.count(name)} times"
    if json is _NO_BODY:
        assert request.body == b""
        assert request.header("Content-Type") is None
    elif (request.header("Content-Type") or "").startswith("multipart/form-data"):
        assert form_as_json(request) == json, request.body
    else:
        assert request.header("Content-Type") == "application/json"
        assert request.json == json, request.body


def form_as_json(request: RecordedRequest) -> dict[str, Any]:
    """A form post as the spec writes its documented request: the fields under the
    envelope key, a file part as base64 text."""
    return {"D": form_fields(request.header("Content-Type") or "", request.body)}


def sync_client(base_url: str, **options: Any) -> sparkapi.SparkClient:
    """A client with the suite's token and user agent, for tests that need their own."""
    return sparkapi.SparkClient(ACCESS_TOKEN, user_agent=USER_AGENT, base_url=base_url, **options)


def async_client(base_url: str, **options: Any) -> sparkapi.AsyncSparkClient:
    return sparkapi.AsyncSparkClient(
        ACCESS_TOKEN, user_agent=USER_AGENT, base_url=base_url, **options
    )


def path_example(service: str, parameter: str) -> Any:
    """The example value the spec gives for one path parameter."""
    declared = load_service(service).get("path_parameters", {}).get(parameter)
    if declared is None:  # declared once for every service, in api.yaml
        with open(SPEC_DIR / "api.yaml", encoding="utf-8") as f:
            declared = yaml.safe_load(f)["path_parameters"][parameter]
    return declared["example"]


def first_record(response: dict[str, Any]) -> dict[str, Any]:
    record = response["D"]["Results"][0]
    assert isinstance(record, dict)
    return record
