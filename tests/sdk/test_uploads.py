"""Files going up, through the generated SDK, against the local Spark API.

A photo is sent from a path, from bytes and from a binary file object (a seekable one and
a pipe-like one that cannot seek), sync and async; the local server keeps the bytes each
body carried (``app.uploads``) and they must be the file, byte for byte. A file over its
limit is refused before any request; a retried upload sends the whole file again; a form
post (multipart) carries the file raw.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sparkapi
from sparkapi._upload import FileTooLargeError, MultipartForm, Upload
from sparkapi.testing import Faults, SparkTestServer

from .server import SparkTestServer as RecordingServer
from .support import ACCESS_TOKEN, USER_AGENT

LISTING = "20060412165917817933000000"
INCOMPLETE = "20100815153524571646000000"
# Not a multiple of the SDK's chunk or of 3, with every byte value and CRLFs in it.
IMAGE = bytes(range(256)) * 700 + b"\r\n--\r\n" + os.urandom(1001)


class OneShot(io.RawIOBase):
    """A stream that cannot seek, as a pipe or a socket reads."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)


def unseekable(data: bytes) -> io.BufferedReader:
    return io.BufferedReader(OneShot(data))


@pytest.fixture
def api() -> Iterator[SparkTestServer]:
    with SparkTestServer() as server:
        yield server


def sources(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "porch.jpg"
    path.write_bytes(IMAGE)
    return {
        "path": path,
        "str path": str(path),
        "bytes": IMAGE,
        "file object": open(path, "rb"),
        "unseekable stream": unseekable(IMAGE),
    }


@pytest.mark.parametrize("kind", ["path", "str path", "bytes", "file object", "unseekable stream"])
def test_a_photo_goes_up_byte_for_byte(api: SparkTestServer, tmp_path: Path, kind: str) -> None:
    source = sources(tmp_path)[kind]
    with api.client() as client:
        client.listings.photos.create(
            LISTING, picture=source, file_name="porch.jpg", name="Front porch"  # type: ignore[arg-type]
        )
        photos = client.listings.photos.list(LISTING)
    (received,) = api.app.uploads
    assert received.content == IMAGE
    assert received.field == "Photos[0].Picture"
    assert received.path == f"/v1/listings/{LISTING}/photos"
    assert photos[-1].name == "Front porch"


@pytest.mark.parametrize("kind", ["path", "bytes", "file object", "unseekable stream"])
async def test_a_photo_goes_up_byte_for_byte_async(api: SparkTestServer, tmp_path: Path, kind: str) -> None:
    source = sources(tmp_path)[kind]
    async with api.async_client() as client:
        await client.incomplete_listings.photos.create(
            INCOMPLETE, picture=source, file_name="porch.jpg", name="Porch", caption="Evening"  # type: ignore[arg-type]
        )
        photos = await client.incomplete_listings.photos.list(INCOMPLETE)
    (received,) = api.app.uploads
    assert received.content == IMAGE
    assert received.path == f"/v1/listings/incomplete/{INCOMPLETE}/photos"
    assert (photos[-1].name, photos[-1].caption) == ("Porch", "Evening")


def test_a_file_object_is_read_from_where_it_stands(api: SparkTestServer) -> None:
    stream = io.BytesIO(b"header-to-skip" + IMAGE)
    stream.read(len(b"header-to-skip"))
    with api.client() as client:
        client.listings.photos.create(LISTING, picture=stream, file_name="p.jpg", name="P")
    assert api.app.uploads[0].content == IMAGE


def test_a_retried_upload_sends_the_whole_file_again(tmp_path: Path) -> None:
    path = tmp_path / "porch.jpg"
    path.write_bytes(IMAGE)
    requests: list[str] = []
    with SparkTestServer(faults=Faults(retry_after=0), log=requests.append) as api:
        faults = iter(["rate_limit"])  # the first request is refused with 429, then none
        api.draw_fault = lambda: next(faults, None)  # type: ignore[method-assign]
        with api.client() as client, open(path, "rb") as file:
            client.listings.photos.create(LISTING, picture=file, file_name="p.jpg", name="P")
        assert len([line for line in requests if "POST" in line]) == 2
        (received,) = api.app.uploads  # the refused attempt never reached the API
        assert received.content == IMAGE


async def test_a_retried_upload_sends_the_whole_file_again_async() -> None:
    requests: list[str] = []
    with SparkTestServer(faults=Faults(retry_after=0), log=requests.append) as api:
        faults = iter(["rate_limit"])
        api.draw_fault = lambda: next(faults, None)  # type: ignore[method-assign]
        stream = unseekable(IMAGE)
        async with api.async_client() as client:
            await client.listings.photos.create(LISTING, picture=stream, file_name="p.jpg", name="P")
        assert len([line for line in requests if "POST" in line]) == 2
        assert [u.content for u in api.app.uploads] == [IMAGE]


def test_an_oversized_file_is_refused_before_any_request(tmp_path: Path) -> None:
    """The generated methods pass the page's limit to ``Upload`` (see the golden case);
    here the same object goes through the client, and the server must see nothing."""
    path = tmp_path / "big.jpg"
    path.write_bytes(IMAGE)
    with RecordingServer() as server, sparkapi.SparkClient(
        access_token=ACCESS_TOKEN, user_agent=USER_AGENT, base_url=server.url
    ) as client:
        for source in (path, IMAGE, io.BytesIO(IMAGE), unseekable(IMAGE)):
            with pytest.raises(FileTooLargeError) as raised:
                client.request(
                    "POST",
                    f"/listings/{LISTING}/photos",
                    body={"Photos": [{"Picture": Upload(source, max_bytes=len(IMAGE) - 1)}]},
                )
            assert isinstance(raised.value, ValueError)
            assert raised.value.size == len(IMAGE)
        assert server.requests == []


def test_a_file_at_its_limit_goes(api: SparkTestServer) -> None:
    with api.client() as client:
        client.request(
            "POST",
            f"/listings/{LISTING}/photos",
            body={"Photos": [{"Picture": Upload(IMAGE, max_bytes=len(IMAGE)), "FileName": "a.jpg", "Name": "A"}]},
        )
    assert api.app.uploads[0].content == IMAGE


def test_a_form_post_carries_the_file_raw_with_its_fields() -> None:
    with RecordingServer() as server, sparkapi.SparkClient(
        access_token=ACCESS_TOKEN, user_agent=USER_AGENT, base_url=server.url
    ) as client:
        server.respond(json={"D": {"Success": True, "Results": [{"Id": "1"}]}})
        form = MultipartForm({"Token": "t0k", "Name": "Porch", "File": Upload(IMAGE), "Primary": True})
        client.request("POST", "/uploads", body=form)  # type: ignore[call-overload]
    (request,) = server.requests
    content_type = request.header("content-type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    assert int(request.header("content-length") or 0) == len(request.body)
    boundary = content_type.split("boundary=")[1].encode()
    parts = request.body.split(b"--" + boundary)
    assert parts[-1] == b"--\r\n"
    fields = {}
    for part in parts[1:-1]:
        head, _, value = part.partition(b"\r\n\r\n")
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        fields[name] = (head, value[:-2])
    assert fields["Token"][1] == b"t0k" and fields["Primary"][1] == b"true"
    head, content = fields["File"]
    assert b'filename="upload"' in head and content == IMAGE


def test_a_ticket_upload_posts_the_form_to_the_tickets_url(
    api: SparkTestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPARK_PLATFORM_URL", api.url)  # the ticket's URL lands on this server
    path = tmp_path / "porch.jpg"
    path.write_bytes(IMAGE)
    with api.client() as client:
        ticket = client.listings.photos.tickets.create(LISTING, service="PhotoUploads")
        assert ticket.uri is not None and ticket.token is not None
        uploaded = client.listings.photo_uploads.create(
            ticket.uri, token=ticket.token, name="Front porch", file=path, primary=True
        )
    assert uploaded.id
    (received,) = api.app.uploads
    assert (received.operation, received.field, received.content) == ("create", "File", IMAGE)
    assert received.path == "/uploads/photos"


async def test_a_document_goes_up_as_a_form_async(
    api: SparkTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPARK_PLATFORM_URL", api.url)
    async with api.async_client() as client:
        await client.listings.document_uploads.create(
            "https://sparkplatform.com/uploads/documents",
            token="t0k",
            name="Disclosure",
            file=unseekable(IMAGE),
            confidentiality="private",
        )
    assert [u.content for u in api.app.uploads] == [IMAGE]


def test_a_handed_out_url_must_be_https(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPARK_PLATFORM_URL", raising=False)
    with sparkapi.SparkClient(access_token=ACCESS_TOKEN, user_agent=USER_AGENT) as client:
        with pytest.raises(ValueError, match="https"):
            client.listings.photo_uploads.create(
                "http://example.com/uploads/photos", token="t", name="n", file=b"x"
            )
