from __future__ import annotations

import pytest

from generator.ir.naming import pascal_case, snake_case, upper_snake_case


@pytest.mark.parametrize(
    ("wire", "python"),
    [
        ("ResourceUri", "resource_uri"),
        ("ExpiresIn", "expires_in"),
        ("Id", "id"),
        ("OpenIDEnabled", "open_id_enabled"),
        ("PermittedIPAddresses", "permitted_ip_addresses"),
        ("MlsIds", "mls_ids"),
        ("SparkQLErrors", "spark_ql_errors"),
        ("Class", "class_"),  # keywords get an underscore
        ("ToDict", "to_dict_"),  # runtime names of Model are reserved
        ("3DTour", "n_3_d_tour"),
        ("Type", "type"),  # soft keywords and builtins are fine as attributes
    ],
)
def test_snake_case(wire: str, python: str) -> None:
    assert snake_case(wire) == python


def test_enum_members_and_class_names() -> None:
    assert upper_snake_case("DataShare") == "DATA_SHARE"
    assert upper_snake_case("HasEdit") == "HAS_EDIT"
    assert pascal_case("listings", "documents") == "ListingsDocuments"
    assert pascal_case("open_houses", "current") == "OpenHousesCurrent"
