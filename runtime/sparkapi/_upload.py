# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_upload.py; edit it there.
"""Files going up: base64 text inside a JSON body, or a file part of a form post.

A file is given as a path, bytes or a binary file object. Its size is known before a
byte is sent, so a file over the limit its page states is refused without a request
(``FileTooLargeError``). The body is streamed in chunks, never built whole in memory,
and every attempt starts again from the file's first byte: a retry resends the whole
file. A stream that cannot seek is copied once into a spooled temporary file (memory,
then disk), which can.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
import secrets
import tempfile
from typing import IO, Any, AsyncIterator, Iterator, Mapping, Union

from sparkapi._types import NotGiven

__all__ = [
    "FileInput",
    "FileTooLargeError",
    "MultipartForm",
    "StreamedBody",
    "Upload",
    "json_with_files",
]

FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]
"""What a file parameter takes: a path, the bytes, or a binary file object (read from
its current position)."""

CHUNK = 3 * 16 * 1024  # a multiple of 3: whole base64 groups, no carry between chunks
_SPOOL_IN_MEMORY = 1 << 20


class FileTooLargeError(ValueError):
    """The file is larger than the API accepts; nothing was sent."""

    def __init__(self, size: int, max_bytes: int) -> None:
        super().__init__(
            f"the file is {size} bytes; the API accepts at most {max_bytes} bytes"
        )
        self.size = size
        self.max_bytes = max_bytes


class Upload:
    """One file to send, its size checked against ``max_bytes`` on construction."""

    def __init__(self, source: FileInput, *, max_bytes: int | None = None) -> None:
        self._path: str | None = None
        self._data: memoryview | None = None
        self._stream: IO[bytes] | None = None
        self._start = 0
        if isinstance(source, (str, os.PathLike)):
            self._path = os.fspath(source)
            self.size = os.stat(self._path).st_size
            self.filename = os.path.basename(self._path)
        elif isinstance(source, (bytes, bytearray, memoryview)):
            self._data = memoryview(source).cast("B")
            self.size = self._data.nbytes
            self.filename = "upload"
        else:
            name = getattr(source, "name", None)
            self.filename = (
                os.path.basename(name) if isinstance(name, str) else "upload"
            )
            self._stream, self._start, self.size = _seekable(source, max_bytes)
        if max_bytes is not None and self.size > max_bytes:
            raise FileTooLargeError(self.size, max_bytes)

    @property
    def content_type(self) -> str:
        guessed, _ = mimetypes.guess_type(self.filename)
        return guessed or "application/octet-stream"

    def chunks(self) -> Iterator[bytes]:
        """The file from its first byte, ``CHUNK`` bytes at a time (the last may be
        shorter); each call starts over."""
        if self._data is not None:
            for offset in range(0, self.size, CHUNK):
                yield bytes(self._data[offset : offset + CHUNK])
            return
        if self._path is not None:
            with open(self._path, "rb") as file:
                yield from _exactly(file, self.size)
            return
        assert self._stream is not None
        self._stream.seek(self._start)
        yield from _exactly(self._stream, self.size)

    def base64_chunks(self) -> Iterator[bytes]:
        """The file as base64, in chunks that end on whole 3-byte groups."""
        carry = b""
        for chunk in self.chunks():
            data = carry + chunk if carry else chunk
            cut = len(data) - len(data) % 3
            carry = data[cut:]
            if cut:
                yield base64.b64encode(data[:cut])
        if carry:
            yield base64.b64encode(carry)

    @property
    def base64_size(self) -> int:
        return 4 * -(-self.size // 3)


def _seekable(stream: IO[bytes], max_bytes: int | None) -> tuple[IO[bytes], int, int]:
    """The stream, where it starts and its size; a stream that cannot seek is spooled
    first (stopping one byte past the limit: enough to refuse it)."""
    if stream.seekable():
        start = stream.tell()
        size = stream.seek(0, os.SEEK_END) - start
        stream.seek(start)
        return stream, start, size
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)
    size = 0
    while chunk := stream.read(CHUNK):
        spool.write(chunk)
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            break
    spool.seek(0)
    return spool, 0, size


def _exactly(file: IO[bytes], size: int) -> Iterator[bytes]:
    """``size`` bytes in chunks; a file that shrank since it was measured is an error,
    not a short body."""
    left = size
    while left:
        chunk = file.read(min(CHUNK, left))
        if not chunk:
            raise OSError(f"the file ended {left} bytes early; did it change?")
        left -= len(chunk)
        yield chunk


class StreamedBody:
    """A request body made of text and files, sent in chunks; every attempt gets a
    fresh iterator (``chunks``/``achunks``) that starts from the first byte."""

    def __init__(
        self, parts: list[bytes | tuple[Upload, bool]], content_type: str
    ) -> None:
        self._parts = parts  # bytes, or (upload, as base64)
        self.content_type = content_type
        self.length = sum(
            (
                len(p)
                if isinstance(p, bytes)
                else (p[0].base64_size if p[1] else p[0].size)
            )
            for p in parts
        )

    def chunks(self) -> Iterator[bytes]:
        for part in self._parts:
            if isinstance(part, bytes):
                yield part
            else:
                upload, encoded = part
                yield from upload.base64_chunks() if encoded else upload.chunks()

    async def achunks(self) -> AsyncIterator[bytes]:
        # Local reads of one chunk at a time: short enough not to hold up the loop.
        for chunk in self.chunks():
            yield chunk


_SLOT = re.compile(r'"\\u0000upload(\d+)\\u0000"')


def json_with_files(data: Any, dump: Any) -> StreamedBody | None:
    """The JSON body of ``data`` with each ``Upload`` as a base64 string, or None when
    it holds no file (the body is then sent as plain text). ``dump`` writes the JSON."""
    uploads: list[Upload] = []

    def swap(value: Any) -> Any:
        if isinstance(value, Upload):
            uploads.append(value)
            return f"\x00upload{len(uploads) - 1}\x00"
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}  # pyright: ignore
        if isinstance(value, list):
            return [swap(v) for v in value]  # pyright: ignore
        return value

    text: str = dump(swap(data))
    if not uploads:
        return None
    pieces = _SLOT.split(text)
    parts: list[bytes | tuple[Upload, bool]] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts += [b'"', (uploads[int(piece)], True), b'"']
        elif piece:
            parts.append(piece.encode())
    return StreamedBody(parts, "application/json")


class MultipartForm:
    """A body sent as an HTML form post (``multipart/form-data``): each field a form
    field, each ``Upload`` a file part. Fields left out (``NOT_GIVEN``, None) are not sent.
    """

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.fields = dict(fields)

    def encode(self, extra: Mapping[str, Any] | None = None) -> StreamedBody:
        boundary = f"sparkapi-{secrets.token_hex(12)}"
        parts: list[bytes | tuple[Upload, bool]] = []
        for name, value in {**self.fields, **(extra or {})}.items():
            if value is None or isinstance(value, NotGiven):
                continue
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{_quoted(name)}"'
            if isinstance(value, Upload):
                head += f'; filename="{_quoted(value.filename)}"\r\nContent-Type: {value.content_type}'
                parts += [f"{head}\r\n\r\n".encode(), (value, False), b"\r\n"]
            else:
                parts.append(f"{head}\r\n\r\n{_form_value(value)}\r\n".encode())
        parts.append(f"--{boundary}--\r\n".encode())
        return StreamedBody(parts, f"multipart/form-data; boundary={boundary}")


def _quoted(text: str) -> str:
    """A name inside a quoted header parameter (as browsers send it)."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', "%22")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
    )


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value) if isinstance(value, (dict, list)) else str(value)
