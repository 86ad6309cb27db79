"""A service's documented restrictions on a filter it stores (the spec's ``filter_rules``).

Saved Searches: Restrictions documents rules a saved search's Filter must meet; the
ones that need no server data (groups nested one level, forbidden fields, one condition
per field) are checked by the SDK, so a breach raises before any request is made.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sparkapi
import sparkapi.testing
from sparkapi.sparkql import F, FilterRestrictionError

from .server import SparkTestServer
from .support import ACCESS_TOKEN, USER_AGENT, path_example

CONTACT_ID: str = path_example("saved_searches", "contact_id")
SEARCH_ID: str = path_example("saved_searches", "saved_search_id")

REFUSED = [
    ("(City Eq 'Fargo' And (ListPrice Lt 300000.0 Or BedsTotal Ge 3))", "max_depth", "ListPrice"),
    ("City Eq 'Fargo' And ListingCart Eq '20100912153422758914000000'", "forbidden_fields", "ListingCart"),
    ("SavedSearch Eq '20100815220615294367000000'", "forbidden_fields", "SavedSearch"),
    ("City Eq 'Fargo' Or City Eq 'Moorhead'", "unique_fields", "City"),
]


@pytest.mark.parametrize(("text", "rule", "field"), REFUSED)
def test_a_saved_search_breaking_a_restriction_is_never_sent(
    server: SparkTestServer, client: sparkapi.SparkClient, text: str, rule: str, field: str
) -> None:
    """Create, update and the contact's create all refuse it, naming the rule and field."""
    calls: list[Callable[[], object]] = [
        lambda: client.saved_searches.create(name="Mine", filter=text),
        lambda: client.saved_searches.update(SEARCH_ID, filter=text),
        lambda: client.contacts.saved_searches.create(CONTACT_ID, name="Theirs", filter=text),
    ]
    for call in calls:
        with pytest.raises(FilterRestrictionError) as caught:
            call()
        assert (caught.value.rule, caught.value.field, caught.value.parameter) == (rule, field, "filter")
        assert isinstance(caught.value, ValueError)
    assert server.requests == []


def test_an_allowed_saved_search_goes_through(server: SparkTestServer, client: sparkapi.SparkClient) -> None:
    """One level of groups, a list for several values of one field, a built filter."""
    allowed = "City Eq 'Fargo','Moorhead' And (ListPrice Lt 300000.0 Or BedsTotal Ge 3)"
    server.respond(json={"D": {"Success": True}})
    server.respond(json={"D": {"Success": True}})

    client.saved_searches.create(name="Red River", filter=allowed)
    client.saved_searches.update(SEARCH_ID, filter=str((F.City == "Fargo") & (F.ListPrice < 300000)))

    first, second = server.requests
    assert first.json == {"D": {"Name": "Red River", "Filter": allowed}}
    assert second.method == "PUT" and second.json["D"]["Filter"].startswith("City Eq 'Fargo'")


def test_check_filters_off_leaves_the_restrictions_to_the_api(server: SparkTestServer) -> None:
    """``check_filters=False`` turns these checks off with the syntax check."""
    server.respond(json={"D": {"Success": True}})
    text = REFUSED[-1][0]
    with sparkapi.SparkClient(
        access_token=ACCESS_TOKEN, user_agent=USER_AGENT, base_url=server.url, check_filters=False
    ) as spark:
        spark.saved_searches.create(name="Mine", filter=text)
    assert server.only_request().json == {"D": {"Name": "Mine", "Filter": text}}


async def test_the_async_client_refuses_it_too(server: SparkTestServer, aclient: sparkapi.AsyncSparkClient) -> None:
    with pytest.raises(FilterRestrictionError):
        await aclient.saved_searches.create(name="Mine", filter=REFUSED[0][0])
    assert server.requests == []


def test_the_local_server_refuses_what_the_sdk_was_told_not_to_check() -> None:
    """With the SDK's check off, the local API answers such a body as the API does (400,
    code 1053) and keeps nothing; an allowed search is stored and listed."""
    with sparkapi.testing.SparkTestServer() as local, local.client(check_filters=False) as spark:
        before = len(spark.saved_searches.list())
        for text, _, field in REFUSED:
            with pytest.raises(sparkapi.BadRequestError) as caught:
                spark.saved_searches.create(name="Mine", filter=text)
            assert caught.value.code == 1053 and field in str(caught.value)
        spark.saved_searches.create(name="Fargo", filter="City Eq 'Fargo','Moorhead'")
        names = [search.name for search in spark.saved_searches.list()]
    assert len(names) == before + 1 and "Fargo" in names
