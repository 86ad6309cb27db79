"""Developers: Keys, every operation, sync and async, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sparkapi

from .server import SparkTestServer
from .support import (
    assert_api_request,
    example_request,
    example_response,
    first_record,
    path_example,
)

SERVICE = "developers_keys"
IDENTITY_ID: int = path_example(SERVICE, "identity_id")
KEY_ID: int = path_example(SERVICE, "key_id")
KEYS_PATH = f"/v1/developers/identities/{IDENTITY_ID}/keys"
KEY_PATH = f"{KEYS_PATH}/{KEY_ID}"
CENTRAL = timezone(timedelta(hours=-5))

PAGINATION = {"TotalRows": 1, "PageSize": 10, "TotalPages": 1, "CurrentPage": 1}


def check_listed_key(key: sparkapi.DeveloperKey, record: dict[str, Any]) -> None:
    """The key of the documented list example, decoded to typed values."""
    assert isinstance(key, sparkapi.DeveloperKey)
    assert key.id == 5 and isinstance(key.id, int)
    assert key.identity_id == IDENTITY_ID
    assert key.resource_uri == "/v1/developers/identities/101/keys/5"
    assert key.type == "OAuth2"
    assert key.name == "My Application"
    assert key.key == "..."
    assert key.redirect_uri == "https://sparkplatform.com/callback"
    assert key.application_uri == "https://sparkplatform.com"
    assert key.roles == ["idx", "single_session"]
    assert key.enabled is True
    assert key.editable is True
    assert key.deleted is False
    # JSON null reads None and is written back as null
    assert key.template_id is None and key.comments is None
    assert key.to_dict()["TemplateId"] is None
    # Timestamps are timezone-aware, with the offset the API sent
    last_active = key.last_active
    assert isinstance(last_active, datetime)
    assert last_active.tzinfo is not None
    assert last_active == datetime(2012, 3, 7, 21, 13, 11, tzinfo=UTC)
    modified = key.modification_timestamp
    assert isinstance(modified, datetime)
    assert modified.utcoffset() == timedelta(hours=-5)
    assert modified == datetime(2014, 6, 27, 10, 1, 6, tzinfo=CENTRAL)
    assert key.created_timestamp == modified
    # Absent attributes read None and are not invented on the way back
    assert key.secret is None
    assert key.permitted_ip_addresses is None
    assert "Secret" not in key.to_dict()
    assert "PermittedIPAddresses" not in key.to_dict()
    assert key.extra == {}
    assert key.to_dict() == record


def check_created_key(key: sparkapi.DeveloperKey, record: dict[str, Any]) -> None:
    assert isinstance(key, sparkapi.DeveloperKey)
    assert key.id == 6
    assert key.secret == "..."  # shown by the create call only
    assert key.last_active is None
    assert key.roles == ["idx", "single_session"]
    assert key.to_dict() == record


# -- list ------------------------------------------------------------------------------


def test_list(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "list")
    server.respond(json=response)

    keys = client.developers.keys.list(IDENTITY_ID)

    assert isinstance(keys, sparkapi.ResultList)
    assert len(keys) == 1
    check_listed_key(keys[0], first_record(response))
    assert keys.pagination is None
    assert_api_request(server.only_request(), "GET", KEYS_PATH)


def test_list_with_expand_and_pagination(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    response = example_response(SERVICE, "list")
    response["D"]["Pagination"] = PAGINATION
    server.respond(json=response)

    keys = client.developers.keys.list(
        IDENTITY_ID, expand=["PermittedIPAddresses", "PermittedUserAgents"], pagination=True
    )

    check_listed_key(keys[0], first_record(response))
    assert isinstance(keys.pagination, sparkapi.Pagination)
    assert keys.pagination.total_rows == 1
    assert keys.pagination.page_size == 10
    assert keys.pagination.total_pages == 1
    assert keys.pagination.current_page == 1
    assert keys.pagination.current_offset is None
    request = server.only_request()
    assert_api_request(
        request,
        "GET",
        KEYS_PATH,
        query={"_expand": "PermittedIPAddresses,PermittedUserAgents", "_pagination": "1"},
    )
    assert request.raw_query.count("_expand=") == 1


async def test_list_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    response = example_response(SERVICE, "list")
    response["D"]["Pagination"] = PAGINATION
    server.respond(json=response)

    keys = await aclient.developers.keys.list(
        IDENTITY_ID, expand=["PermittedUserAgents"], pagination=True
    )

    check_listed_key(keys[0], first_record(response))
    assert keys.pagination is not None and keys.pagination.total_rows == 1
    assert_api_request(
        server.only_request(),
        "GET",
        KEYS_PATH,
        query={"_expand": "PermittedUserAgents", "_pagination": "1"},
    )


def test_list_decodes_expansions(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "list")
    first_record(response)["PermittedIPAddresses"] = ["10.0.0.1"]
    first_record(response)["PermittedUserAgents"] = []
    server.respond(json=response)

    (key,) = client.developers.keys.list(IDENTITY_ID, expand=["PermittedIPAddresses"])

    assert key.permitted_ip_addresses == ["10.0.0.1"]
    assert key.permitted_user_agents == []
    assert server.only_request().query == {"_expand": "PermittedIPAddresses"}


# -- list_deleted ----------------------------------------------------------------------


def check_deleted_key(key: sparkapi.DeveloperKey, record: dict[str, Any]) -> None:
    """A soft-deleted key: typed like any key, flagged deleted and disabled."""
    assert key.id == record["Id"] == 4
    assert key.deleted is True and key.enabled is False
    assert key.roles == ["idx"]
    assert key.to_dict() == record


def test_list_deleted(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "list_deleted")
    server.respond(json=response)

    keys = client.developers.keys.list_deleted(IDENTITY_ID)

    check_deleted_key(keys[0], first_record(response))
    assert_api_request(server.only_request(), "GET", f"{KEYS_PATH}/deleted")


async def test_list_deleted_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    response = example_response(SERVICE, "list_deleted")
    server.respond(json=response)

    keys = await aclient.developers.keys.list_deleted(IDENTITY_ID)

    check_deleted_key(keys[0], first_record(response))
    assert_api_request(server.only_request(), "GET", f"{KEYS_PATH}/deleted")


# -- get -------------------------------------------------------------------------------


def test_get(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "get")
    server.respond(json=response)

    key = client.developers.keys.get(IDENTITY_ID, KEY_ID)

    check_listed_key(key, first_record(response))
    assert_api_request(server.only_request(), "GET", KEY_PATH)


async def test_get_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    response = example_response(SERVICE, "get")
    server.respond(json=response)

    key = await aclient.developers.keys.get(IDENTITY_ID, KEY_ID)

    check_listed_key(key, first_record(response))
    assert_api_request(server.only_request(), "GET", KEY_PATH)


# -- create ----------------------------------------------------------------------------


def test_create(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response(SERVICE, "create")
    server.respond(json=response)

    key = client.developers.keys.create(
        IDENTITY_ID,
        name="My Application",
        redirect_uri="https://sparkplatform.com/callback",
        application_uri="https://sparkplatform.com",
        roles=["idx", "single_session"],
    )

    check_created_key(key, first_record(response))
    assert_api_request(
        server.only_request(), "POST", KEYS_PATH, json=example_request(SERVICE, "create")
    )


async def test_create_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    response = example_response(SERVICE, "create")
    server.respond(json=response)

    key = await aclient.developers.keys.create(
        IDENTITY_ID,
        name="My Application",
        redirect_uri="https://sparkplatform.com/callback",
        application_uri="https://sparkplatform.com",
        roles=["idx", "single_session"],
    )

    check_created_key(key, first_record(response))
    assert_api_request(
        server.only_request(), "POST", KEYS_PATH, json=example_request(SERVICE, "create")
    )


def test_create_sends_optional_keywords_and_null(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json=example_response(SERVICE, "create"))

    client.developers.keys.create(
        IDENTITY_ID,
        name="App",
        redirect_uri="https://example.com/cb",
        application_uri="https://example.com",
        type="OAuth2",
        template_id=None,
        enabled=False,
        mls_ids=("20000426143505724628000000",),
    )

    assert server.only_request().json == {
        "D": {
            "Name": "App",
            "RedirectUri": "https://example.com/cb",
            "ApplicationUri": "https://example.com",
            "Type": "OAuth2",
            "TemplateId": None,
            "Enabled": False,
            "MlsIds": ["20000426143505724628000000"],
        }
    }


@pytest.mark.parametrize(
    "read_only",
    [
        {"secret": "s3cr3t"},
        {"id": 7},
        {"key": "abc"},
        {"identity_id": 101},
        {"last_active": "2012-03-07T21:13:11Z"},
    ],
)
def test_create_refuses_read_only_attributes(
    server: SparkTestServer, client: sparkapi.SparkClient, read_only: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        client.developers.keys.create(
            IDENTITY_ID,
            name="App",
            redirect_uri="https://example.com/cb",
            application_uri="https://example.com",
            **read_only,
        )
    assert server.requests == []


# -- update ----------------------------------------------------------------------------


def test_update(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=example_response(SERVICE, "update"))

    client.developers.keys.update(
        IDENTITY_ID, KEY_ID, redirect_uri="https://sparkplatform.com/callback"
    )

    assert_api_request(
        server.only_request(), "PUT", KEY_PATH, json=example_request(SERVICE, "update")
    )


async def test_update_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(json=example_response(SERVICE, "update"))

    await aclient.developers.keys.update(
        IDENTITY_ID, KEY_ID, redirect_uri="https://sparkplatform.com/callback"
    )

    assert_api_request(
        server.only_request(), "PUT", KEY_PATH, json=example_request(SERVICE, "update")
    )


def test_update_sends_none_as_null_and_omits_the_rest(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json={"D": {"Success": True}})

    client.developers.keys.update(
        IDENTITY_ID, KEY_ID, comments=None, enabled=False, permitted_user_agents=[]
    )

    assert_api_request(
        server.only_request(),
        "PUT",
        KEY_PATH,
        json={"D": {"Comments": None, "Enabled": False, "PermittedUserAgents": []}},
    )


@pytest.mark.parametrize(
    "read_only", [{"secret": "s3cr3t"}, {"id": 7}, {"deleted": True}, {"editable": False}]
)
async def test_update_refuses_read_only_attributes(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient, read_only: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        await aclient.developers.keys.update(IDENTITY_ID, KEY_ID, name="App", **read_only)
    assert server.requests == []


# -- delete ----------------------------------------------------------------------------


def test_delete(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=example_response(SERVICE, "delete"))

    client.developers.keys.delete(IDENTITY_ID, KEY_ID)

    assert_api_request(server.only_request(), "DELETE", KEY_PATH)


async def test_delete_async(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    server.respond(json=example_response(SERVICE, "delete"))

    await aclient.developers.keys.delete(IDENTITY_ID, KEY_ID)

    assert_api_request(server.only_request(), "DELETE", KEY_PATH)
