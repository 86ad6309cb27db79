"""What one service does that the spec-driven tests cannot state: one section per service.

Every operation of every service is already exercised, sync and async, by
``test_operations.py`` (the documented request on the wire, the documented response
decoded, read-only attributes refused, ...), and the runtime's behaviour is tested once in
``test_models.py``. A test belongs here only when it pins a service's own documented
peculiarity; its docstring says why it is one. The bodies are read from the spec.
"""

from __future__ import annotations

import sparkapi

from .server import SparkTestServer
from .support import example_response, first_record, path_example

# -- Listing Carts -----------------------------------------------------------------------


def test_listing_carts_mask_the_count_for_portal_consumers(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    """The walk-through documents ``ListingCount`` as ``"********"`` for a consumer in a
    portal group, while the other attributes of the cart arrive as usual: the count reads
    as the masked marker, not as a decoding error, and is written back unchanged."""
    response = example_response("listing_carts", "list", index=1)  # the masked example
    server.respond(json=response)

    (cart,) = client.listing_carts.list()

    assert cart.listing_count is sparkapi.MASKED
    assert cart.name == "Favorites"
    assert cart.to_dict() == first_record(response)


async def test_listing_carts_mask_the_count_for_portal_consumers_async(
    server: SparkTestServer, aclient: sparkapi.AsyncSparkClient
) -> None:
    """As above, through the async client."""
    server.respond(json=example_response("listing_carts", "list", index=1))

    (cart,) = await aclient.listing_carts.list()

    assert cart.listing_count is sparkapi.MASKED
    assert cart.to_dict()["ListingCount"] == "********"


# -- Developers: Keys --------------------------------------------------------------------

IDENTITY_ID: int = path_example("developers_keys", "identity_id")


def test_developer_keys_show_the_secret_only_when_created(
    server: SparkTestServer, client: sparkapi.SparkClient
) -> None:
    """A key's ``Secret`` is in the answer to its creation and never again: a listed key
    reads None and does not invent it on the way back."""
    server.respond(json=example_response("developers_keys", "list"))
    server.respond(json=example_response("developers_keys", "create"))

    (listed,) = client.developers.keys.list(IDENTITY_ID)
    created = client.developers.keys.create(
        IDENTITY_ID,
        name="App",
        redirect_uri="https://example.com/cb",
        application_uri="https://example.com",
    )

    assert listed.secret is None and "Secret" not in listed.to_dict()
    assert isinstance(created.secret, str) and created.secret
