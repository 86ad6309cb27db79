# pyright: strict
"""Mistakes the SDK's types must catch: each marked line must be reported by mypy and by
pyright (``test_typing.py`` checks the line numbers). Never executed."""

from __future__ import annotations

import sparkapi


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
