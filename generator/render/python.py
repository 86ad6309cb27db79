"""The Python target: what generated Python says for pieces of the IR.

The IR holds data (names, types, example values); the Python spelling of it is decided
here, once, for the SDK's modules and for the docs' examples alike.
"""

from __future__ import annotations

from generator.ir.model import Operation

__all__ = ["example_call"]


def example_call(operation: Operation, client: str = "client") -> str:
    """The documented example as a call: ``client.listings.documents.get("2010...", ...)``."""
    args = [
        repr(arg.value) if arg.positional else f"{arg.name}={arg.value!r}" for arg in operation.example_arguments
    ]
    return f"{client}.{'.'.join(operation.accessor)}.{operation.name}({', '.join(args)})"
