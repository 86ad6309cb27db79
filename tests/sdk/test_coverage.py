"""Every operation of the spec is on both clients, and this suite exercises each one."""

from __future__ import annotations

import functools
import inspect

import sparkapi

from .support import ACCESS_TOKEN, SERVICES_DIR, USER_AGENT, load_service

# Operations exercised over HTTP, sync and async, by the test_<service>.py modules.
EXERCISED = {
    "listings.tickets.create",
    "listings.photos.tickets.create",
    "listings.documents.tickets.create",
    "developers.keys.list",
    "developers.keys.list_deleted",
    "developers.keys.get",
    "developers.keys.create",
    "developers.keys.update",
    "developers.keys.delete",
    "listings.documents.list",
    "listings.documents.reorder",
    "listings.documents.get",
    "listings.documents.update",
    "listings.documents.move",
    "listings.documents.delete",
    "incomplete_listings.documents.list",
    "incomplete_listings.documents.reorder",
    "incomplete_listings.documents.get",
    "incomplete_listings.documents.update",
    "incomplete_listings.documents.move",
    "incomplete_listings.documents.delete",
    "portal_groups.list",
    "portal_groups.current.get",
    "portal_groups.current.set",
    "listing_carts.list",
}


def spec_operations() -> set[str]:
    """``accessor.operation`` for every operation at every mount the spec declares."""
    found: set[str] = set()
    for path in sorted(SERVICES_DIR.glob("*.yaml")):
        service = load_service(path.stem)
        accessors = [mount["accessor"] for mount in service["mounts"]]
        for endpoint in service["endpoints"]:
            for accessor in endpoint.get("mounts") or accessors:
                found.update(f"{accessor}.{name}" for name in endpoint["operations"])
    return found


def test_the_suite_exercises_every_spec_operation() -> None:
    assert spec_operations() == EXERCISED


def test_both_clients_offer_every_operation() -> None:
    spark = sparkapi.SparkClient(ACCESS_TOKEN, user_agent=USER_AGENT)
    aspark = sparkapi.AsyncSparkClient(ACCESS_TOKEN, user_agent=USER_AGENT)
    for operation in sorted(EXERCISED):
        method = functools.reduce(getattr, operation.split("."), spark)
        assert callable(method) and not inspect.iscoroutinefunction(method), operation
        amethod = functools.reduce(getattr, operation.split("."), aspark)
        assert inspect.iscoroutinefunction(amethod), operation
    spark.close()  # no request was made, so nothing to close on the async side
