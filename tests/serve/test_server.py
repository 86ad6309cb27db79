"""The local Spark API's rules: auth, roles, 404/405, body checks, state, paging, expand
and select, and fault injection. Through the SDK where it has a method for the call,
and through plain httpx where the point is what goes over the wire."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import sparkapi
from generator.serve import SparkServer
from generator.ir import load_project
from generator.ir.model import Project
from tests.conftest import ROOT

from .conftest import HEADERS, TOKENS, USER_AGENT

LISTING = "20100815153524571646000000"
DOCUMENT = "20101125153422574618000000"
GROUP = "20130919194721820379000000"
DOCUMENTS = [{"Id": f"doc-{n}", "Name": f"Document {n}", "Privacy": "Public"} for n in (1, 2, 3)]


def client(server: SparkServer, token: str = "private-token", **options: Any) -> sparkapi.SparkClient:
    """An SDK client of the server; no retries unless asked, so that faults surface."""
    options.setdefault("max_retries", 0)
    return sparkapi.SparkClient(token, user_agent=USER_AGENT, base_url=server.url, **options)


def error_of(response: httpx.Response) -> tuple[int, int]:
    """(HTTP status, API code) of an answer that must be in the API's error shape."""
    data = response.json()["D"]
    assert data["Success"] is False and isinstance(data["Message"], str) and data["Message"]
    return response.status_code, data["Code"]


@pytest.fixture
def seeded(project: Project) -> Iterator[SparkServer]:
    """A server whose listing documents are three known records (seeded by model name)."""
    with SparkServer(project, TOKENS, fixtures={"ListingDocument": DOCUMENTS}) as server:
        yield server


# ------------------------------------------------------------------ auth and roles


def test_no_authorization_is_401_with_code_1000(server: SparkServer) -> None:
    response = httpx.get(f"{server.url}/v1/listingcarts", headers={"X-SparkApi-User-Agent": USER_AGENT})
    assert error_of(response) == (401, 1000)


def test_an_unknown_token_is_401_with_code_1020(server: SparkServer) -> None:
    with client(server, "not-a-token") as spark, pytest.raises(sparkapi.AuthenticationError) as caught:
        spark.listing_carts.list()
    assert (caught.value.status_code, caught.value.code) == (401, 1020)


def test_the_oauth_scheme_is_accepted_too(server: SparkServer) -> None:
    headers = {**HEADERS, "Authorization": "OAuth private-token"}
    assert httpx.get(f"{server.url}/v1/listingcarts", headers=headers).status_code == 200


def test_the_user_agent_header_is_required(server: SparkServer) -> None:
    response = httpx.get(f"{server.url}/v1/listingcarts", headers={"Authorization": "Bearer private-token"})
    assert error_of(response) == (400, 1016)


def test_idx_may_not_touch_developer_keys(server: SparkServer) -> None:
    with client(server, "idx-token") as spark:
        with pytest.raises(sparkapi.PermissionDeniedError) as caught:
            spark.developers.keys.list(101)
        assert caught.value.code == 1500
        with pytest.raises(sparkapi.PermissionDeniedError):
            spark.developers.keys.create(101, name="n", redirect_uri="https://a", application_uri="https://b")


def test_idx_reads_documents_but_may_not_write_them(server: SparkServer) -> None:
    with client(server, "idx-token") as spark:
        assert [d.id for d in spark.listings.documents.list(LISTING)] == [DOCUMENT]
        assert spark.listings.documents.get(LISTING, DOCUMENT).name == "Document name"
        with pytest.raises(sparkapi.PermissionDeniedError):
            spark.listings.documents.update(LISTING, DOCUMENT, name="Renamed")
        with pytest.raises(sparkapi.PermissionDeniedError):
            spark.listings.documents.delete(LISTING, DOCUMENT)


def test_portal_users_read_and_write_listing_carts_but_not_keys(server: SparkServer) -> None:
    with client(server, "portal-token") as spark:
        assert len(spark.listing_carts.list()) == 5
        with pytest.raises(sparkapi.PermissionDeniedError):
            spark.developers.keys.list(101)


# ---------------------------------------------------------------------- 404 and 405


def test_put_on_tickets_is_405_in_the_error_shape(server: SparkServer) -> None:
    response = httpx.put(f"{server.url}/v1/listings/{LISTING}/tickets", headers=HEADERS, json={"D": {}})
    assert response.json() == {"D": {"Success": False, "Code": 405, "Message": response.json()["D"]["Message"]}}
    assert response.status_code == 405
    assert "is not implemented by the API (allowed: POST)" in response.json()["D"]["Message"]


def test_a_method_the_spec_never_names_is_405(server: SparkServer) -> None:
    response = httpx.patch(f"{server.url}/v1/listingcarts", headers=HEADERS, json={"D": {}})
    assert error_of(response) == (405, 405)
    assert "not a method the spec documents" in response.json()["D"]["Message"]


@pytest.mark.parametrize("path", ["/v1/nothing", "/v2/listingcarts", "/v1/listingcarts/x/y", "/"])
def test_an_unknown_path_is_404(server: SparkServer, path: str) -> None:
    assert error_of(httpx.get(f"{server.url}{path}", headers=HEADERS)) == (404, 404)


def test_an_unknown_record_is_404(server: SparkServer) -> None:
    with client(server) as spark:
        with pytest.raises(sparkapi.NotFoundError) as caught:
            spark.developers.keys.get(101, 999)
        assert caught.value.code == 404
        with pytest.raises(sparkapi.NotFoundError):
            spark.listings.documents.update(LISTING, "no-such-document", name="x")


def test_a_literal_path_wins_over_a_parameter(server: SparkServer) -> None:
    with client(server) as spark:
        assert [k.id for k in spark.developers.keys.list_deleted(101)] == [4]  # not get(101, "deleted")
        ticket = spark.listings.documents.tickets.create(LISTING, service="DocumentUploads")
    assert ticket.service == "DocumentUploads"


# --------------------------------------------------------------------------- bodies


def _put(server: SparkServer, path: str, body: Any, **headers: str) -> httpx.Response:
    return httpx.put(f"{server.url}/v1{path}", headers={**HEADERS, **headers}, json=body)


@pytest.mark.parametrize(
    ("body", "code", "says"),
    [
        ({"D": {"Id": "x"}}, 1053, "'Id' is read-only"),
        ({"D": {"Colour": "red"}}, 1053, "'Colour' is not an attribute"),
        ({"D": {"Privacy": "Everyone"}}, 1053, "not one of Public"),
        ({"D": {"Name": 7}}, 1053, "expected a string"),
        ({"D": {"Documents": [{"Order": "first"}]}}, 1053, "fits none of update"),
        ({"Name": "x"}, 1035, '{"D": {...}}'),
        (["D"], 1035, '{"D": {...}}'),
    ],
)
def test_a_body_that_does_not_fit_is_refused(server: SparkServer, body: Any, code: int, says: str) -> None:
    response = _put(server, f"/listings/{LISTING}/documents/{DOCUMENT}", body)
    assert error_of(response) == (400, code)
    assert says in response.json()["D"]["Message"]


def test_a_body_that_is_not_json_is_1035(server: SparkServer) -> None:
    path = f"{server.url}/v1/listings/{LISTING}/documents/{DOCUMENT}"
    response = httpx.put(path, headers={**HEADERS, "Content-Type": "application/json"}, content=b"{not json")
    assert error_of(response) == (400, 1035)
    response = httpx.put(path, headers={**HEADERS, "Content-Type": "text/plain"}, content=b'{"D": {}}')
    assert error_of(response) == (400, 1035)


def test_a_create_without_a_required_attribute_is_1050(server: SparkServer) -> None:
    body = {"D": {"RedirectUri": "https://a", "ApplicationUri": "https://b"}}
    response = httpx.post(f"{server.url}/v1/developers/identities/101/keys", headers=HEADERS, json=body)
    assert error_of(response) == (400, 1050)
    assert "'Name' is required" in response.json()["D"]["Message"]


def test_a_shaped_body_is_checked_against_its_shape(server: SparkServer) -> None:
    response = _put(server, "/portal/groups/current", {"D": {"Id": 5}})
    assert error_of(response) == (400, 1053)
    response = _put(server, "/portal/groups/current", {"D": {}})
    assert error_of(response) == (400, 1050)
    response = _put(server, "/portal/groups/current", {"D": {"Id": GROUP, "Extra": 1}})
    assert "'Extra' is not part of this body" in response.json()["D"]["Message"]


# ---------------------------------------------------------------------------- state


def test_a_create_shows_up_in_the_next_list_and_get(server: SparkServer) -> None:
    with client(server) as spark:
        key = spark.developers.keys.create(
            101, name="Second", redirect_uri="https://a/cb", application_uri="https://a", enabled=False
        )
        again = spark.developers.keys.create(101, name="Third", redirect_uri="https://a/cb", application_uri="https://a")
        assert (key.id, again.id) == (6, 7)
        assert key.resource_uri == "/v1/developers/identities/101/keys/6"
        assert key.secret == "..."  # the documented create response is the template
        assert [k.name for k in spark.developers.keys.list(101)] == ["My Application", "Second", "Third"]
        assert spark.developers.keys.get(101, 6).enabled is False
        assert [k.id for k in spark.developers.keys.list(202)] == [5]  # another identity's keys


def test_an_update_changes_the_next_get(server: SparkServer) -> None:
    with client(server) as spark:
        spark.listings.documents.update(LISTING, DOCUMENT, name="Floor plan", privacy=sparkapi.DocumentPrivacy.PRIVATE)
        document = spark.listings.documents.get(LISTING, DOCUMENT)
        assert (document.name, document.privacy) == ("Floor plan", sparkapi.DocumentPrivacy.PRIVATE)
        assert spark.incomplete_listings.documents.get(LISTING, DOCUMENT).name == "Document name"


def test_a_delete_makes_the_next_get_404(server: SparkServer) -> None:
    with client(server) as spark:
        spark.developers.keys.delete(101, 5)
        with pytest.raises(sparkapi.NotFoundError):
            spark.developers.keys.get(101, 5)
        assert list(spark.developers.keys.list(101)) == []


def test_reorder_and_move(seeded: SparkServer) -> None:
    with client(seeded) as spark:
        spark.listings.documents.reorder(LISTING, ["doc-3", "doc-1", "unknown-id"])
        assert [d.id for d in spark.listings.documents.list(LISTING)] == ["doc-3", "doc-1", "doc-2"]
        spark.listings.documents.move(LISTING, "doc-2", order=1)
        assert [d.id for d in spark.listings.documents.list(LISTING)] == ["doc-2", "doc-3", "doc-1"]
        spark.listings.documents.move(LISTING, "doc-2", order=99)
        assert [d.id for d in spark.listings.documents.list(LISTING)] == ["doc-3", "doc-1", "doc-2"]


def test_setting_the_current_group_changes_what_get_returns(server: SparkServer) -> None:
    with client(server) as spark:
        assert spark.portal_groups.current.get() is None
        spark.portal_groups.current.set(GROUP)
        current = spark.portal_groups.current.get()
        assert current is not None and current.id == GROUP
        users = current.users
        assert isinstance(users, list)
        assert [u.name for u in users] == ["Ozzy Owner", "Johnny Consumer", "Betty Buyer"]
        with pytest.raises(sparkapi.NotFoundError):
            spark.portal_groups.current.set("no-such-group")


def test_reset_forgets_every_write(server: SparkServer) -> None:
    with client(server) as spark:
        spark.developers.keys.delete(101, 5)
        spark.portal_groups.current.set(GROUP)
        server.reset()
        assert [k.id for k in spark.developers.keys.list(101)] == [5]
        assert spark.portal_groups.current.get() is None


def test_fixtures_that_do_not_fit_the_spec_are_refused(project: Project) -> None:
    with pytest.raises(ValueError, match="'Nope' is neither"):
        SparkServer(project, TOKENS, fixtures={"Nope": []})
    with pytest.raises(ValueError, match=r"listing_carts\[0\].ListingCount: expected an integer"):
        SparkServer(project, TOKENS, fixtures={"listing_carts": [{"ListingCount": "many"}]})


def test_fixtures_by_accessor_get_ids_when_they_have_none(project: Project) -> None:
    carts: list[dict[str, object]] = [{"Name": "A"}, {"Name": "B", "Custom": True}]
    with SparkServer(project, TOKENS, fixtures={"listing_carts": carts}) as server, client(server) as spark:
        listed = spark.listing_carts.list()
    assert [c.name for c in listed] == ["A", "B"]
    assert all(isinstance(c.id, str) and len(c.id) == 26 for c in listed)
    assert listed[1].extra == {"Custom": True}


# ----------------------------------------------------------------------- paging etc.


@pytest.fixture
def carts(project: Project) -> Iterator[SparkServer]:
    records = [{"Id": f"cart-{n:02d}", "Name": f"Cart {n:02d}", "ListingCount": n % 4} for n in range(1, 31)]
    with SparkServer(project, TOKENS, fixtures={"listing_carts": records}) as server:
        yield server


def test_limit_page_and_pagination(carts: SparkServer) -> None:
    with client(carts) as spark:
        assert len(spark.listing_carts.list()) == 10  # the platform's default page size
        page = spark.listing_carts.list(limit=7, page=2, pagination=True)
        assert [c.name for c in page] == [f"Cart {n:02d}" for n in range(8, 15)]
        assert page.pagination is not None
        assert (page.pagination.total_rows, page.pagination.page_size) == (30, 7)
        assert (page.pagination.total_pages, page.pagination.current_page) == (5, 2)
        capped = spark.listing_carts.list(limit=100, pagination=True).pagination
        assert capped is not None and capped.page_size == 25
        assert [c.id for c in spark.listing_carts.iter_list(limit=8)] == [f"cart-{n:02d}" for n in range(1, 31)]


def test_pagination_count_sends_only_the_totals(carts: SparkServer) -> None:
    data = httpx.get(f"{carts.url}/v1/listingcarts?_pagination=count", headers=HEADERS).json()["D"]
    assert data["Results"] == [] and data["Pagination"]["TotalRows"] == 30


def test_orderby(carts: SparkServer) -> None:
    with client(carts) as spark:
        ordered = spark.listing_carts.list(orderby=["-ListingCount", "Name"], limit=3)
        assert [c.name for c in ordered] == ["Cart 03", "Cart 07", "Cart 11"]
        with pytest.raises(sparkapi.BadRequestError):
            spark.listing_carts.list(orderby=["Colour"])


def test_skiptoken_walks_every_record_once(carts: SparkServer) -> None:
    seen: list[str] = []
    token = ""
    while True:
        response = httpx.get(f"{carts.url}/v1/listingcarts", params={"_skiptoken": token, "_limit": 12}, headers=HEADERS)
        data = response.json()["D"]
        seen += [r["Id"] for r in data["Results"]]
        if data["SkipToken"] is None:
            break
        token = data["SkipToken"]
    assert seen == [f"cart-{n:02d}" for n in range(1, 31)]
    response = httpx.get(f"{carts.url}/v1/listingcarts", params={"_skiptoken": "bogus"}, headers=HEADERS)
    assert error_of(response) == (400, 1053)


def test_expansion_attributes_come_only_when_expanded(server: SparkServer) -> None:
    with client(server) as spark:
        spark.developers.keys.create(
            101, name="Pinned", redirect_uri="https://a", application_uri="https://b", permitted_ip_addresses=["10.0.0.1"]
        )
        plain = spark.developers.keys.list(101)
        assert all("PermittedIPAddresses" not in k.to_dict() for k in plain)
        expanded = spark.developers.keys.list(101, expand=["PermittedIPAddresses"])
        assert [k.permitted_ip_addresses for k in expanded] == [None, ["10.0.0.1"]]
        assert all("PermittedUserAgents" not in k.to_dict() for k in expanded)
    response = httpx.get(f"{server.url}/v1/developers/identities/101/keys?_expand=Photos", headers=HEADERS)
    assert error_of(response) == (400, 1053)


def test_select_keeps_only_the_named_attributes(server: SparkServer) -> None:
    url = f"{server.url}/v1/developers/identities/101/keys/5"
    data = httpx.get(url, params={"_select": "Id,Name", "_expand": "PermittedUserAgents"}, headers=HEADERS).json()["D"]
    assert data["Results"] == [{"Id": 5, "Name": "My Application", "PermittedUserAgents": None}]
    assert error_of(httpx.get(url, params={"_select": "Nope"}, headers=HEADERS)) == (400, 1053)


# --------------------------------------------------------------------------- faults


def faulty(project: Project, kind: str, **settings: Any) -> SparkServer:
    return SparkServer(project, TOKENS, faults={"rate": 1.0, "seed": 1, "kinds": (kind,), **settings})


def test_rate_limit_fault(project: Project) -> None:
    with faulty(project, "rate_limit") as server:
        response = httpx.get(f"{server.url}/v1/listingcarts", headers=HEADERS)
        assert error_of(response) == (429, 1550)
        assert response.headers["Retry-After"] == "1"
        with client(server) as spark, pytest.raises(sparkapi.RateLimitError):
            spark.listing_carts.list()


def test_server_error_faults_are_500_502_and_503(project: Project) -> None:
    with faulty(project, "server_error") as server:
        responses = [httpx.get(f"{server.url}/v1/listingcarts", headers=HEADERS) for _ in range(12)]
        with client(server) as spark, pytest.raises(sparkapi.ServerError):
            spark.listing_carts.list()
    assert {r.status_code for r in responses} == {500, 502, 503}
    bad_gateway = next(r for r in responses if r.status_code == 502)
    assert bad_gateway.headers["Content-Type"] == "text/html" and "<h1>502 Bad Gateway</h1>" in bad_gateway.text
    unavailable = next(r for r in responses if r.status_code == 503)
    assert unavailable.json()["D"]["Success"] is False and "Retry-After" in unavailable.headers


def test_slow_fault(project: Project) -> None:
    with faulty(project, "slow", slow_delay=0.4) as server:
        with client(server, timeout=0.1) as spark, pytest.raises(sparkapi.APITimeoutError):
            spark.listing_carts.list()
        started = time.perf_counter()
        with client(server, timeout=5) as spark:
            assert len(spark.listing_carts.list()) == 5
        assert time.perf_counter() - started >= 0.4


def test_drop_fault(project: Project) -> None:
    with faulty(project, "drop") as server:
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"{server.url}/v1/listingcarts", headers=HEADERS)
        with client(server) as spark, pytest.raises(sparkapi.APIConnectionError):
            spark.listing_carts.list()


def test_faults_follow_the_seed(project: Project) -> None:
    def statuses(seed: int) -> list[int]:
        settings = {"rate": 0.5, "seed": seed, "kinds": ("rate_limit", "server_error")}
        with SparkServer(project, TOKENS, faults=settings) as server, httpx.Client(headers=HEADERS) as http:
            return [http.get(f"{server.url}/v1/listingcarts").status_code for _ in range(30)]

    first = statuses(7)
    assert first == statuses(7) != statuses(8)
    assert 200 in first and len(set(first)) > 2


def test_the_sdk_retries_through_rate_limits(project: Project) -> None:
    settings = {"rate": 0.5, "seed": 3, "kinds": ("rate_limit",), "retry_after": 0}
    with SparkServer(project, TOKENS, faults=settings) as server, client(server, max_retries=10) as spark:
        assert all(len(spark.listing_carts.list()) == 5 for _ in range(10))


def test_bad_fault_settings_are_refused(project: Project) -> None:
    with pytest.raises(ValueError, match="fault kinds"):
        faulty(project, "flood")
    with pytest.raises(ValueError, match="between 0 and 1"):
        SparkServer(project, TOKENS, faults={"rate": 2.0})


# ---------------------------------------------------------------------------- HTTP


def test_keep_alive_and_request_ids(server: SparkServer) -> None:
    with httpx.Client(headers=HEADERS) as http:
        first = http.get(f"{server.url}/v1/listingcarts")
        second = http.get(f"{server.url}/v1/nothing")
    assert first.http_version == "HTTP/1.1" and first.headers["Content-Length"] == str(len(first.content))
    assert int(second.headers["X-Request-Id"]) > int(first.headers["X-Request-Id"])


def test_stop_ends_kept_alive_connections(project: Project) -> None:
    server = SparkServer(project, TOKENS).start()
    with httpx.Client(headers=HEADERS) as http:
        assert http.get(f"{server.url}/v1/listingcarts").status_code == 200
        url = f"{server.url}/v1/listingcarts"
        server.stop()
        with pytest.raises(httpx.TransportError):
            http.get(url)


# -------------------------------------------------------------- another spec, same engine


def test_the_engine_follows_whatever_spec_it_is_given() -> None:
    """The kitchen-sink spec has its own version, user agent header, roles and records."""
    project, diags = load_project(ROOT / "tests" / "golden" / "kitchen_sink" / "spec")
    assert project is not None, diags.render()
    item = "20200101000000000000000000"
    headers = {"Authorization": "Bearer t", "X-Example-User-Agent": "tests"}
    with SparkServer(project, {"t": "private", "i": "idx"}) as server, httpx.Client(base_url=server.url) as http:
        record = http.get(f"/v2/shelves/7/items/{item}", headers=headers).json()["D"]["Results"][0]
        assert (record["Title"], record["Parts"][1]["Weight"]) == ("Lamp éclairée 💡", "********")  # from a JSON example file
        assert "Tags" not in record  # an expansion attribute
        assert error_of(http.get("/v2/shelves/7/items", headers={"Authorization": "Bearer t"})) == (400, 1016)
        assert error_of(http.get("/v1/shelves/7/items", headers=headers)) == (404, 404)
        assert error_of(http.delete("/v2/shelves/7/items", headers=headers)) == (405, 405)
        created = http.post("/v2/shelves/7/items", headers=headers, json={"D": {"Title": "Vase", "Price": 3}})
        assert len(created.json()["D"]["Results"][0]["Id"]) == 26  # no ResourceUri: Item has none
        titles = [r["Title"] for r in http.get("/v2/shelves/7/items", headers=headers).json()["D"]["Results"]]
        assert titles == ["Lamp éclairée 💡", "Vase"]
        # A shared model's and the new types' values are checked against the shared declarations.
        bad = http.put(f"/v2/shelves/7/items/{item}", headers=headers, json={"D": {"Region": "East", "Stock": {"Fargo": "x"}}})
        assert error_of(bad) == (400, 1053)
        ok = http.put(f"/v2/shelves/7/items/{item}", headers=headers, json={"D": {"Region": "South", "Stock": {"Fargo": "4"}, "Custom": [1]}})
        assert ok.json()["D"] == {"Success": True}
        # action: archive (a name of the spec's own) answers as documented and changes nothing.
        before = http.get("/v2/shelves/7/items", headers=headers).json()["D"]["Results"]
        assert http.post(f"/v2/shelves/7/items/{item}/archive", headers=headers, json={"D": {}}).json()["D"] == {"Success": True}
        assert http.get("/v2/shelves/7/items", headers=headers).json()["D"]["Results"] == before
        # action: reorder, declared, puts the named records first.
        vase = before[1]["Id"]
        http.put("/v2/shelves/7/items", headers=headers, json={"D": {"Items": [{"Id": vase}]}})
        assert [r["Id"] for r in http.get("/v2/shelves/7/items", headers=headers).json()["D"]["Results"]] == [vase, item]
        idx = {**headers, "Authorization": "Bearer i"}
        assert http.get(f"/v2/shelves/7/items/{item}", headers=idx).status_code == 200
        assert error_of(http.put(f"/v2/shelves/7/items/{item}", headers=idx, json={"D": {}})) == (403, 1500)


def test_a_declared_action_outranks_the_inferred_one() -> None:
    """The engine infers a DELETE on a record's path deletes it; an action the spec declares
    instead wins (a name of its own: the documented answer, no change), and with no action
    the inference stays the default."""
    from generator.serve import load_engine, serve_data

    project, diags = load_project(ROOT / "tests" / "golden" / "kitchen_sink" / "spec")
    assert project is not None, diags.render()
    item = "20200101000000000000000000"
    headers = {"authorization": "Bearer t", "x-example-user-agent": "tests", "content-type": "application/json"}
    engine = load_engine()

    def items_after_delete(action: str | None) -> list[Any]:
        data = serve_data(project)
        for service in data["services"]:
            for mount in service["resources"]:
                for endpoint in mount["endpoints"]:
                    for op in endpoint["operations"]:
                        if op["method"] == "DELETE" and action is not None:
                            op["action"] = action
        app = engine.SparkApp(data, tokens={"t": "private"})
        reply = app.handle("DELETE", f"/v2/shelves/7/items/{item}", headers, b"")
        assert reply.status == 200
        listed = app.handle("GET", "/v2/shelves/7/items", headers, b"")
        return [r["Id"] for r in json.loads(listed.body)["D"]["Results"]]

    assert items_after_delete(None) == []  # inferred: delete
    assert items_after_delete("keep") == [item]  # declared, unknown to the engine: nothing changes
    assert items_after_delete("delete") == []  # declared, known: done
