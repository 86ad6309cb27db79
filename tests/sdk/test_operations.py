"""Every operation of every mount of the spec, sync and async, over the wire.

One case per operation, read from the IR: the local server (``server.py``, a real HTTP
server on 127.0.0.1) answers the operation's documented response (or the plain success
envelope when none is documented); the SDK method is called with the documented example
arguments (a value of the right type completes any required argument the example lacks);
the request that arrived must be the documented one (method, path, query, headers, body)
and the result must decode to the documented records, every declared attribute readable.
Paged list operations also walk their pages with their iterator method.

Adding a service or an operation to the spec adds cases here and no test code. The spec
read is ``$SPARKGEN_TEST_SPEC`` (default: the repository's ``spec/``), so that a test can
run these cases on another spec with the SDK generated from it (``test_new_service.py``).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterator
from typing import Any

import pytest
import sparkapi

from .server import SparkTestServer
from .spec_cases import (
    CASES,
    PAGED,
    PLAIN_SUCCESS,
    PROJECT,
    VERSION_PREFIX,
    Call,
    Case,
    check_record,
    check_request,
    check_result,
    documented_call,
    documented_records,
    documented_response,
    expected_path,
    expected_query,
    method_of,
    models_of,
    path_arguments,
    some_record,
    value_of,
)
from .support import assert_api_request

# -- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_documented_call(server: SparkTestServer, client: sparkapi.SparkClient, case: Case) -> None:
    server.respond(json=documented_response(case))
    call = documented_call(case)

    result = method_of(client, case)(*call.args, **call.kwargs)

    check_request(server, case, call)
    check_result(case, result)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_documented_call_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, case: Case
) -> None:
    server.respond(json=documented_response(case))
    call = documented_call(case)

    result = await method_of(aclient, case)(*call.args, **call.kwargs)

    check_request(server, case, call)
    check_result(case, result)


def pages_of(case: Case, per_page: int) -> Iterator[dict[str, Any]]:
    """The documented records again and again, cut into pages with a Pagination block."""
    assert case.operation.paging is not None
    records = documented_records(case) or [{}]
    total = 2 * len(records) + 1  # three pages at least, the last one short
    every = [records[n % len(records)] for n in range(total)]
    pages = [every[n : n + per_page] for n in range(0, total, per_page)]
    for number, page in enumerate(pages, start=1):
        pagination = {"TotalPages": len(pages), "CurrentPage": number, "PageSize": per_page}
        yield {"D": {"Success": True, "Results": page, "Pagination": pagination}}


def check_pages(server: SparkTestServer, case: Case, records: list[Any], per_page: int) -> None:
    paging = case.operation.paging
    assert paging is not None
    served = [record for page in pages_of(case, per_page) for record in page["D"]["Results"]]
    assert [r.to_dict() for r in records] == served
    requests = list(server.requests)
    assert len(requests) == len(list(pages_of(case, per_page)))
    for number, request in enumerate(requests, start=1):
        query = {
            **expected_query(case),
            paging.limit_wire: str(per_page),
            paging.page_wire: str(number),
            paging.pagination_wire: "1",
        }
        assert_api_request(request, "GET", expected_path(case), query=query)


def _iteration_call(case: Case, per_page: int) -> Call:
    """The documented call for the page iterator: its own page and totals, ``per_page`` records."""
    paging = case.operation.paging
    assert paging is not None
    by_wire = {q.wire_name: q.key for q in case.operation.query}
    call = documented_call(case)
    kwargs = {
        k: v
        for k, v in call.kwargs.items()
        if k not in (by_wire.get(paging.page_wire), by_wire.get(paging.pagination_wire))
    }
    kwargs[by_wire[paging.limit_wire]] = per_page
    return Call(call.args, kwargs, call.completed)


@pytest.mark.parametrize("case", PAGED, ids=[c.id for c in PAGED])
def test_paged_operation_walks_every_page(
    server: SparkTestServer, client: sparkapi.SparkClient, case: Case
) -> None:
    assert case.operation.paging is not None
    per_page = 2
    for page in pages_of(case, per_page):
        server.respond(json=page)
    call = _iteration_call(case, per_page)

    records = method_of(client, case, case.operation.paging.method_name)(*call.args, **call.kwargs)
    assert server.requests == []  # nothing is fetched before the loop starts

    check_pages(server, case, list(records), per_page)


@pytest.mark.parametrize("case", PAGED, ids=[c.id for c in PAGED])
async def test_paged_operation_walks_every_page_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, case: Case
) -> None:
    assert case.operation.paging is not None
    per_page = 2
    for page in pages_of(case, per_page):
        server.respond(json=page)
    call = _iteration_call(case, per_page)

    records = [
        record
        async for record in method_of(aclient, case, case.operation.paging.method_name)(
            *call.args, **call.kwargs
        )
    ]

    check_pages(server, case, records, per_page)


def test_every_operation_of_every_mount_is_a_case() -> None:
    operations = {
        (mount.dotted, operation.name)
        for service in PROJECT.services
        for mount in service.mounts
        for operation in mount.operations
    }
    assert len(CASES) == len(operations) > 0
    assert len({case.id for case in CASES}) == len(CASES)


def test_both_clients_offer_every_operation() -> None:
    sync = sparkapi.SparkClient("token", user_agent="ua")
    asynchronous = sparkapi.AsyncSparkClient("token", user_agent="ua")
    try:
        for case in CASES:
            method = method_of(sync, case)
            assert callable(method) and not inspect.iscoroutinefunction(method), case.id
            assert inspect.iscoroutinefunction(method_of(asynchronous, case)), case.id
    finally:
        sync.close()  # no request was made, so nothing to close on the async side


# -- what every operation of a kind does -------------------------------------------------


def _model_body_cases(*modes: str) -> list[tuple[Case, str, Any]]:
    """(case, python name, a value) of each read-only attribute of a model body."""
    found = []
    for case in CASES:
        body = case.operation.body
        if body is None or body.model is None or body.mode not in modes:
            continue
        for attribute in models_of(case.service)[body.model].attributes:
            if attribute.writeable == "no":
                found.append((case, attribute.python_name, value_of(attribute.type)))
    return found


READ_ONLY = _model_body_cases("create", "update")


@pytest.mark.parametrize(
    ("case", "name", "value"), READ_ONLY, ids=[f"{c.id}-{n}" for c, n, _ in READ_ONLY]
)
def test_a_read_only_attribute_is_refused_before_any_request(
    server: SparkTestServer, client: sparkapi.SparkClient, case: Case, name: str, value: Any
) -> None:
    call = documented_call(case)
    with pytest.raises(TypeError):
        method_of(client, case)(*call.args, **{**call.kwargs, name: value})
    assert server.requests == []


UPDATES = [
    case
    for case in CASES
    if case.operation.body is not None
    and case.operation.body.model is not None
    and case.operation.body.mode == "update"
]


@pytest.mark.parametrize("case", UPDATES, ids=[c.id for c in UPDATES])
def test_an_update_sends_only_what_was_passed_and_none_as_null(
    server: SparkTestServer, client: sparkapi.SparkClient, case: Case
) -> None:
    body = case.operation.body
    assert body is not None and body.model is not None
    writeable = [a for a in models_of(case.service)[body.model].attributes if a.writeable != "no"]
    server.respond(json=PLAIN_SUCCESS)
    server.respond(json=PLAIN_SUCCESS)
    method = method_of(client, case)

    method(*path_arguments(case))
    method(*path_arguments(case), **{a.python_name: None for a in writeable})

    nothing, nulls = server.requests
    path = expected_path(case)
    assert_api_request(nothing, case.operation.method, path, json={"D": {}})
    assert_api_request(
        nulls, case.operation.method, path, json={"D": {a.wire_name: None for a in writeable}}
    )


# The platform's query parameters (spec/api.yaml): two values each, and how they are sent.
QUERY_VALUES: dict[str, tuple[tuple[Any, str], tuple[Any, str]]] = {
    "expand": ((["A", "B"], "A,B"), (("C",), "C")),
    "select": ((["Id", "Name"], "Id,Name"), (("Id",), "Id")),
    "filter": (("City Eq 'Fargo'", "City Eq 'Fargo'"), ("", "")),
    "orderby": (
        (["-ModificationTimestamp", "Name"], "-ModificationTimestamp,Name"),
        (("Id",), "Id"),
    ),
    "limit": ((5, "5"), (25, "25")),
    "page": ((2, "2"), (1, "1")),
    "pagination": ((True, "1"), (False, "0")),
}
WITH_QUERY = [
    (case, variant)
    for case in CASES
    if any(q.key in QUERY_VALUES for q in case.operation.query)
    for variant in (0, 1)
]


@pytest.mark.parametrize(
    ("case", "variant"), WITH_QUERY, ids=[f"{c.id}-{v}" for c, v in WITH_QUERY]
)
def test_query_parameters_are_sent_as_the_platform_reads_them(
    server: SparkTestServer, client: sparkapi.SparkClient, case: Case, variant: int
) -> None:
    response = documented_response(case)
    pagination = {
        "TotalRows": 12,
        "PageSize": 5,
        "TotalPages": 3,
        "CurrentPage": 2,
        "CurrentOffset": 5,
    }
    response["D"]["Pagination"] = pagination
    server.respond(json=response)
    known = [q for q in case.operation.query if q.key in QUERY_VALUES]
    call = documented_call(case)

    result = method_of(client, case)(
        *call.args, **call.kwargs, **{q.key: QUERY_VALUES[q.key][variant][0] for q in known}
    )

    query = {q.wire_name: QUERY_VALUES[q.key][variant][1] for q in known}
    request = server.only_request()
    assert_api_request(request, "GET", expected_path(case), query=query)
    for q in known:
        assert request.raw_query.count(f"{q.wire_name}=") == 1
    if isinstance(result, sparkapi.ResultList):
        assert isinstance(result.pagination, sparkapi.Pagination)
        assert (result.pagination.total_rows, result.pagination.page_size) == (12, 5)
        assert (result.pagination.total_pages, result.pagination.current_page) == (3, 2)
        assert result.pagination.current_offset == 5


def test_a_list_without_a_pagination_block_has_none(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    case = next(c for c in CASES if c.operation.returns.kind == "list")
    server.respond(json={"D": {"Success": True, "Results": []}})
    call = documented_call(case)

    assert method_of(client, case)(*call.args, **call.kwargs).pagination is None


OPTIONAL = [case for case in CASES if case.operation.returns.kind == "optional"]


@pytest.mark.parametrize("case", OPTIONAL, ids=[c.id for c in OPTIONAL])
async def test_an_optional_result_is_the_record_when_there_is_one(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, case: Case
) -> None:
    record = some_record(case.operation.returns.model)
    server.respond(json={"D": {"Success": True, "Results": [record]}})
    server.respond(json={"D": {"Success": True, "Results": []}})
    call = documented_call(case)
    method = method_of(aclient, case)

    found = await method(*call.args, **call.kwargs)
    missing = await method(*call.args, **call.kwargs)

    check_record(case, found, record)
    assert missing is None


LATER_EXAMPLES = [
    (case, index)
    for case in CASES
    for index, example in enumerate(case.operation.examples)
    if example.response is not None and example.response is not case.operation.documented_response
]


@pytest.mark.parametrize(
    ("case", "index"), LATER_EXAMPLES, ids=[f"{c.id}-example{i}" for c, i in LATER_EXAMPLES]
)
def test_every_other_documented_response_decodes(
    server: SparkTestServer, client: sparkapi.SparkClient, case: Case, index: int
) -> None:
    """The first documented response is the wire test's; the others (a masked value, an
    empty list, ...) must decode as well."""
    response = copy.deepcopy(case.operation.examples[index].response)
    server.respond(json=response)
    call = documented_call(case)

    result = method_of(client, case)(*call.args, **call.kwargs)

    records = response["D"].get("Results", [])
    records = [records] if isinstance(records, dict) else records  # results: object
    if case.operation.returns.kind == "list":
        assert [r.to_dict() for r in result] == records
        for record, expected in zip(result, records, strict=True):
            check_record(case, record, expected)
    elif records:
        check_record(case, result, records[0])


# A GET with a string path parameter, whichever the spec declares first.
SEGMENTED = next(
    case
    for case in CASES
    if case.operation.method == "GET"
    and path_arguments(case)
    and all(isinstance(v, str) for v in path_arguments(case))
)


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ("a/b", "a%2Fb"),
        ("x y?z#w", "x%20y%3Fz%23w"),
        ("50%", "50%25"),
        ("é", "%C3%A9"),
        ("..", "%2E%2E"),
        (".", "%2E"),
    ],
    ids=["slash", "reserved", "percent", "non-ascii", "dot-dot", "dot"],
)
def test_a_path_parameter_stays_one_segment(
    server: SparkTestServer, client: sparkapi.SparkClient, value: str, sent: str
) -> None:
    """Whatever an id holds, it is one path segment: never a separator, query, fragment or
    dot segment that a server or proxy would resolve."""
    case = SEGMENTED
    server.respond(json=documented_response(case))
    names = [p.python_name for p in case.operation.path_parameters]
    call = documented_call(case)

    method_of(client, case)(*[value] * len(names), *call.args[len(names) :], **call.kwargs)

    path = case.operation.path_template
    for name in names:
        path = path.replace(f"{{{name}}}", sent)
    assert_api_request(
        server.only_request(), "GET", VERSION_PREFIX + path, query=expected_query(case)
    )
