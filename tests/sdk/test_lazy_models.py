"""The model runtime's laziness: nothing decoded before the first read, one bad value
spoils only its own attribute, and writes are seen by the next read."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import sparkapi


def test_a_bad_value_raises_only_for_its_attribute() -> None:
    key = sparkapi.DeveloperKey.from_dict({"Id": "not a number", "Name": "App", "LastActive": "2012-03-07T21:13:11Z"})
    assert key.name == "App"
    assert key.last_active == datetime(2012, 3, 7, 21, 13, 11, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match=r"DeveloperKey.id: cannot decode 'not a number'"):
        key.id


def test_nothing_is_decoded_before_the_first_read() -> None:
    key = sparkapi.DeveloperKey.from_dict({"Id": 5, "Name": "App"})
    assert set(vars(key)) == {"_data"}
    assert key.id == 5
    assert {"id", "name"} <= set(vars(key))


def test_a_write_after_a_read_is_seen_and_sent() -> None:
    key = sparkapi.DeveloperKey.from_dict({"Id": 5, "Name": "App", "Enabled": True})
    assert key.enabled is True
    key.enabled = False
    key.name = None
    assert key.enabled is False and key.name is None
    assert key.to_dict() == {"Id": 5, "Name": None, "Enabled": False}
    del key.name
    assert key.name is None and "Name" not in key.to_dict()


def test_unknown_attributes_cannot_be_set_by_mistake() -> None:
    key = sparkapi.DeveloperKey.from_dict({"Id": 5})
    with pytest.raises(AttributeError):
        key.nmae = "typo"  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        sparkapi.DeveloperKey(nmae="typo")  # type: ignore[call-arg]


def test_masked_native_values_stay_masked() -> None:
    cart = sparkapi.ListingCart.from_dict({"Name": "********", "ListingCount": "********"})
    assert cart.listing_count is sparkapi.MASKED  # maskable in the spec
    assert cart.name == "********"  # not maskable: a string like any other
