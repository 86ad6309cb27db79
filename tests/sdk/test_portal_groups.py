"""Portal Groups and the current portal group, sync and async, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sparkapi

from .server import SparkTestServer
from .support import assert_api_request, example_request, example_response, first_record

SERVICE = "portal_groups"


def check_group(group: sparkapi.PortalGroup | None, record: dict[str, Any]) -> None:
    assert isinstance(group, sparkapi.PortalGroup)
    assert group.id == "20130919194721820379000000"
    assert group.contact_id == "20130919194721358470000000"
    assert group.resource_uri == "/v1/portal/groups/20130919194721820379000000"
    users = group.users
    assert isinstance(users, list) and len(users) == 3
    assert all(isinstance(user, sparkapi.PortalGroupUser) for user in users)
    owner, johnny, betty = users
    assert owner.name == "Ozzy Owner"
    assert owner.id == "20130919194721358470000000"
    assert owner.enabled is True and owner.active is False
    assert owner.user_type == "Contact"
    assert owner.office is None and owner.office_id is None
    assert owner.company is None and owner.company_id is None
    assert owner.last_login is None
    assert johnny.name == "Johnny Consumer"
    assert betty.name == "Betty Buyer" and betty.active is True
    last_login = betty.last_login
    assert isinstance(last_login, datetime) and last_login.tzinfo is not None
    assert last_login == datetime(2014, 6, 6, 9, 6, 56, tzinfo=UTC)
    assert betty.to_dict() == record["Users"][2]
    assert group.to_dict() == record


def test_list(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "list")
    server.respond(json=response)

    groups = client.portal_groups.list()

    assert len(groups) == 1
    check_group(groups[0], first_record(response))
    assert_api_request(server.only_request(), "GET", "/v1/portal/groups")


async def test_list_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    response = example_response(SERVICE, "list")
    server.respond(json=response)

    groups = await aclient.portal_groups.list()

    check_group(groups[0], first_record(response))
    assert_api_request(server.only_request(), "GET", "/v1/portal/groups")


def test_current_get_is_none_without_a_group(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json=example_response(SERVICE, "get"))  # an empty Results list

    assert client.portal_groups.current.get() is None

    assert_api_request(server.only_request(), "GET", "/v1/portal/groups/current")


async def test_current_get_is_none_without_a_group_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    server.respond(json=example_response(SERVICE, "get"))

    assert await aclient.portal_groups.current.get() is None

    assert_api_request(server.only_request(), "GET", "/v1/portal/groups/current")


def test_current_get_returns_the_group(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    response = example_response(SERVICE, "list")  # the same record, as the current group
    server.respond(json=response)

    check_group(client.portal_groups.current.get(), first_record(response))
    assert_api_request(server.only_request(), "GET", "/v1/portal/groups/current")


async def test_current_get_returns_the_group_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    response = example_response(SERVICE, "list")
    server.respond(json=response)

    check_group(await aclient.portal_groups.current.get(), first_record(response))
    assert_api_request(server.only_request(), "GET", "/v1/portal/groups/current")


def test_current_set(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    request = example_request(SERVICE, "set")
    server.respond(json=example_response(SERVICE, "set"))

    client.portal_groups.current.set(request["D"]["Id"])

    assert_api_request(server.only_request(), "PUT", "/v1/portal/groups/current", json=request)


async def test_current_set_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    request = example_request(SERVICE, "set")
    server.respond(json=example_response(SERVICE, "set"))

    await aclient.portal_groups.current.set(request["D"]["Id"])

    assert_api_request(server.only_request(), "PUT", "/v1/portal/groups/current", json=request)
