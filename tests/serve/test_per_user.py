"""Records kept per user (``per_user`` on a mount) and a consumer's view of them
(``contact_attribute``): the generated SDK over HTTP against ``sparkapi.testing``."""

from __future__ import annotations

import asyncio

import httpx
import pytest

import sparkapi
from generator.ir.model import Project
from generator.serve import SparkServer
from sparkapi import SparkClient
from sparkapi.testing import SparkTestServer

SEEDED = "201010122342756895000000"  # the contact of the Contacts page's example
USERS = {"agent-a": "private", "agent-b": "private", "agent-a-laptop": "private"}


def names(client: SparkClient) -> set[str | None]:
    return {c.display_name for c in client.contacts.list(limit=25)}


def test_each_user_reads_and_writes_only_its_own_contacts_and_notifications() -> None:
    with SparkTestServer(tokens=USERS, users={"agent-a-laptop": "agent-a"}) as server:
        with server.client("agent-a") as a, server.client("agent-b") as b, server.client("agent-a-laptop") as laptop:
            a.contacts.create(display_name="Lead of A", primary_email="a@example.com")
            b.contacts.create(display_name="Lead of B", primary_email="b@example.com")
            # Every user starts from the same seeds and then sees only its own writes.
            assert names(a) == {"Some Person", "Lead of A"}
            assert names(b) == {"Some Person", "Lead of B"}
            assert names(laptop) == names(a)  # two tokens of one user share its records
            lead = next(c for c in a.contacts.list() if c.display_name == "Lead of A")
            assert lead.id is not None
            with pytest.raises(sparkapi.NotFoundError):
                b.contacts.get(lead.id)
            b.contacts.delete(SEEDED)
            assert SEEDED in {c.id for c in a.contacts.list()}
            assert SEEDED not in {c.id for c in b.contacts.list()}

            a.notifications.create(type="OperationComplete", message="Your export is ready.")
            assert "Your export is ready." in {n.message for n in a.notifications.list()}
            assert "Your export is ready." not in {n.message for n in b.notifications.list()}


def test_a_vow_token_sees_only_the_contact_it_signed_in_as() -> None:
    tokens = {"agent": "private", "consumer": "vow", "unlinked": "portal"}
    people = {"consumer": "agent", "unlinked": "agent"}
    with SparkTestServer(tokens=tokens, users=people, contacts={"consumer": SEEDED}) as server:
        with server.client("agent") as agent, server.client("consumer") as consumer, server.client("unlinked") as unlinked:
            agent.contacts.create(display_name="Another Lead", primary_email="lead@example.com")
            other = next(c for c in agent.contacts.list() if c.display_name == "Another Lead")
            assert other.id is not None
            assert names(agent) == {"Some Person", "Another Lead"}
            assert [c.id for c in consumer.contacts.list()] == [SEEDED]
            assert consumer.contacts.get(SEEDED).display_name == "Some Person"
            with pytest.raises(sparkapi.NotFoundError):
                consumer.contacts.get(other.id)
            with pytest.raises(sparkapi.PermissionDeniedError):  # the roles table: VOW reads only
                consumer.contacts.create(display_name="Me again")
            assert unlinked.contacts.list() == []  # a portal token of no contact sees none
            # Below a contact (contact_parameter): its own contact only.
            assert consumer.contacts.portal.get(SEEDED).enabled is True
            with pytest.raises(sparkapi.NotFoundError):
                consumer.contacts.portal.get(other.id)
            assert agent.contacts.portal.get(other.id).enabled is True
            # Its own record at /my/contact (contact_record), as the agent last changed it.
            agent.contacts.update(SEEDED, display_name="Some Person Jr.")
            assert consumer.my.contact.get().display_name == "Some Person Jr."
            with pytest.raises(sparkapi.NotFoundError):
                unlinked.my.contact.get()

        async def consumer_ids() -> list[str | None]:
            async with server.async_client("consumer") as aconsumer:
                return [c.id for c in await aconsumer.contacts.list()]

        assert asyncio.run(consumer_ids()) == [SEEDED]


def test_sparkgen_serve_takes_users_and_contacts(project: Project) -> None:
    """The same scoping through ``generator.serve`` (what ``sparkgen serve --user --contact`` runs)."""
    tokens = {"agent": "private", "consumer": "portal"}
    with SparkServer(project, tokens, users={"consumer": "agent"}, contacts={"consumer": SEEDED}) as server:
        agent = {"X-SparkApi-User-Agent": "per-user-tests/1.0", "Authorization": "Bearer agent"}
        consumer = {**agent, "Authorization": "Bearer consumer"}
        url = f"{server.url}/{project.api.version}/contacts"
        created = httpx.post(url, headers=agent, json={"D": {"DisplayName": "Another Lead"}})
        assert created.status_code == 200
        assert len(httpx.get(url, headers=agent).json()["D"]["Results"]) == 2
        assert [r["Id"] for r in httpx.get(url, headers=consumer).json()["D"]["Results"]] == [SEEDED]


def test_saved_searches_and_carts_are_each_users_own() -> None:
    with SparkTestServer(tokens=USERS) as server:
        with server.client("agent-a") as a, server.client("agent-b") as b:
            a.saved_searches.create(name="A's Fargo search", filter="City Eq 'Fargo'")
            a.listing_carts.create(name="A's cart", listing_ids=["20110112234857732941000000"])
            a.contacts.saved_searches.create(SEEDED, name="For the lead", filter="City Eq 'Moorhead'")
            assert "A's Fargo search" in {s.name for s in a.saved_searches.list()}
            assert "A's Fargo search" not in {s.name for s in b.saved_searches.list()}
            assert "A's cart" in {c.name for c in a.listing_carts.list()}
            assert "A's cart" not in {c.name for c in b.listing_carts.list()}
            assert "For the lead" in {s.name for s in a.contacts.saved_searches.list(SEEDED)}
            assert "For the lead" not in {s.name for s in b.contacts.saved_searches.list(SEEDED)}
