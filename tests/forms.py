"""Form posts (multipart/form-data) as the spec writes their documented requests."""

from __future__ import annotations

import base64

__all__ = ["form_fields"]


def form_fields(content_type: str, body: bytes) -> dict[str, str]:
    """A form's fields by name; a file part as base64 text."""
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    fields: dict[str, str] = {}
    for part in body.split(b"--" + boundary)[1:-1]:
        head, _, value = part.partition(b"\r\n\r\n")
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
        value = value[: -len(b"\r\n")]
        is_file = b'filename="' in head
        fields[name] = base64.b64encode(value).decode() if is_file else value.decode()
    return fields
