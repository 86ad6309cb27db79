"""How response records decode: unknown and absent attributes, enums, masks, nulls."""

from __future__ import annotations

from datetime import datetime

import pytest
import sparkapi

from .server import SparkTestServer
from .support import example_response, first_record


def test_unknown_attributes_are_kept(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    response = example_response("listings_documents", "list")
    record = first_record(response)
    record["Color"] = "blue"
    record["Pages"] = {"Count": 3, "Sizes": ["A4", "Letter"]}
    server.respond(json=response)

    (document,) = client.listings.documents.list("L1")

    assert document.extra == {"Color": "blue", "Pages": {"Count": 3, "Sizes": ["A4", "Letter"]}}
    assert document.to_dict() == record
    assert document.to_dict()["Pages"]["Sizes"] == ["A4", "Letter"]
    assert document.name == "Document name"


def test_absent_attributes_read_none_and_are_not_invented(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json={"D": {"Success": True, "Results": [{"Id": "D1", "Name": "Plat"}]}})

    (document,) = client.listings.documents.list("L1")

    assert document.privacy is None
    assert document.uri is None
    assert document.resource_uri is None
    assert document.extra == {}
    assert document.to_dict() == {"Id": "D1", "Name": "Plat"}


def test_to_dict_is_a_copy(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    server.respond(json=example_response("portal_groups", "list"))

    (group,) = client.portal_groups.list()
    copy = group.to_dict()
    copy["Users"].clear()

    users = group.users
    assert isinstance(users, list) and len(users) == 3
    assert len(group.to_dict()["Users"]) == 3


@pytest.mark.parametrize("privacy", ["Public", "DataShare", "Private", "HasEdit"])
def test_enum_members_equal_their_wire_strings(
    server: SparkTestServer, client: sparkapi.SparkClient, privacy: str
) -> None:
    server.respond(json={"D": {"Success": True, "Results": [{"Id": "D1", "Privacy": privacy}]}})

    (document,) = client.listings.documents.list("L1")

    assert isinstance(document.privacy, sparkapi.DocumentPrivacy)
    assert document.privacy == privacy
    assert document.privacy is sparkapi.DocumentPrivacy(privacy)
    assert document.to_dict()["Privacy"] == privacy


def test_an_enum_value_the_sdk_does_not_know_stays_a_string(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.respond(json={"D": {"Success": True, "Results": [{"Id": "D1", "Privacy": "Brokers"}]}})

    (document,) = client.listings.documents.list("L1")

    assert document.privacy == "Brokers"
    assert not isinstance(document.privacy, sparkapi.DocumentPrivacy)
    assert document.to_dict()["Privacy"] == "Brokers"


def test_only_maskable_attributes_read_masked(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    """The spec says where the API may mask; elsewhere the marker is a value like any other:
    kept by a string attribute, a decoding error (on read only) for any other type."""
    response = example_response("developers_keys", "get")
    record = first_record(response)
    for name in ("LastActive", "Name"):
        record[name] = "********"
    server.respond(json=response)

    key = client.developers.keys.get(101, 5)

    assert key.name == "********"
    with pytest.raises(ValueError, match="DeveloperKey.last_active: cannot decode"):
        _ = key.last_active
    assert key.enabled is True
    assert key.to_dict() == record


def test_timestamp_without_offset_is_taken_as_utc(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    response = example_response("developers_keys", "get")
    first_record(response)["LastActive"] = "2012-03-07T21:13:11"
    server.respond(json=response)

    last_active = client.developers.keys.get(101, 5).last_active

    assert isinstance(last_active, datetime)
    assert last_active.tzinfo is not None
    assert last_active.isoformat() == "2012-03-07T21:13:11+00:00"


def test_a_value_that_does_not_decode_raises_on_access(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    response = example_response("developers_keys", "get")
    first_record(response)["Id"] = "five"
    server.respond(json=response)

    key = client.developers.keys.get(101, 5)  # decoding is lazy: the call succeeds

    assert key.name == "My Application"
    with pytest.raises(ValueError, match="DeveloperKey.id"):
        _ = key.id


def test_equal_records_make_equal_models(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    server.route(
        "GET",
        "/v1/developers/identities/101/keys/5",
        json=example_response("developers_keys", "get"),
    )

    assert client.developers.keys.get(101, 5) == client.developers.keys.get(101, 5)
    assert len(server.requests) == 2
