# pyright: strict
"""Mistakes the SDK's types must catch: each marked line must be reported by mypy and by
pyright (``test_typing.py`` checks the line numbers). Never executed."""

from __future__ import annotations

import sparkapi
from sparkapi.sparkql import F


def mistakes(client: sparkapi.SparkClient) -> None:
    sparkapi.ListingDocument(nmae="x")  # error: unknown attribute in the constructor
    sparkapi.ListingDocument(name=5)  # error: wrong type in the constructor
    cart = sparkapi.ListingCart()
    cart.nmae = "x"  # error: unknown attribute
    count: int = cart.listing_count  # error: may be MASKED or None
    client.listing_carts.list(extra_qurey={"_select": "Id"})  # error: unknown option
    client.listing_carts.list(limit="5")  # error: wrong argument type
    client.listing_carts.list(extra_body={"X": 1})  # error: a read sends no body
    client.request("GET", "/x", cast_to=dict)  # error: not a model
    client.listings.list(filter=5)  # error: a filter is text or a builder expression


def sparkql_mistakes(client: sparkapi.SparkClient) -> None:
    F.ListPrice > "cheap"  # error: a decimal field compared with text
    F.City > "a"  # error: text is not ordered in SparkQL
    F.BedsTotal.between(1, "3")  # error: an integer range of text
    F.ModificationTimestamp > 5  # error: a timestamp compared with a number
    F.NoSuchField == 1  # error: not a standard field of the spec
    # __eq__/__ne__ are typed too (``# type: ignore[override]`` in the builder): pyright
    # refuses the operand; mypy falls back to str.__eq__ and so sees a bool, not a filter.
    client.listings.list(filter=F.ListPrice == "cheap")  # error: a decimal field equal to text
    client.listings.list(filter=F.City == 5)  # error: a character field equal to a number
    client.listings.list(filter=F.Location != "here")  # error: a location compares with a shape
