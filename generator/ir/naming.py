"""Python names derived from wire names; computed once, while the IR is built."""

from __future__ import annotations

import keyword
import re

_BOUNDARY_LOWER_UPPER = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_BOUNDARY_ACRONYM = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")

# Names a generated model attribute may not take: they belong to the model runtime, or
# are builtin types its annotations use (an attribute would hide them in the class body).
RESERVED_ATTRIBUTES = frozenset({"to_dict", "from_dict", "extra", "str", "int", "float", "bool", "list", "dict"})


def snake_case(wire_name: str) -> str:
    """``ResourceUri`` -> ``resource_uri``; ``PermittedIPAddresses`` -> ``permitted_ip_addresses``."""
    text = _BOUNDARY_ACRONYM.sub("_", _BOUNDARY_LOWER_UPPER.sub("_", wire_name))
    text = _NON_WORD.sub("_", text).strip("_").lower()
    if not text or text[0].isdigit():
        text = f"n_{text}"
    return safe_identifier(text)


def upper_snake_case(wire_name: str) -> str:
    """Enum member names: ``DataShare`` -> ``DATA_SHARE``."""
    return snake_case(wire_name).rstrip("_").upper()


def pascal_case(*parts: str) -> str:
    """``('listings', 'documents')`` -> ``ListingsDocuments``."""
    words = [w for part in parts for w in _NON_WORD.split(snake_case(part)) if w]
    return "".join(w[:1].upper() + w[1:] for w in words)


def safe_identifier(name: str) -> str:
    """Append an underscore to Python keywords and runtime names (``class`` -> ``class_``)."""
    if keyword.iskeyword(name) or name in RESERVED_ATTRIBUTES:
        return f"{name}_"
    return name


def is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)
