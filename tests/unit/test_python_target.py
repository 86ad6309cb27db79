"""The Python target spells IR types, parameters and calls, and collects the imports of
what it spelt from structure (no scanning of generated text)."""

from __future__ import annotations

from generator.ir.diagnostics import Location
from generator.ir.model import Attribute, Body, ExampleArgument, Operation, Parameter, ParamRef, QueryParameter, Returns
from generator.ir.types import (
    DecimalType,
    EnumType,
    IntegerType,
    JsonType,
    ListType,
    MapType,
    ModelType,
    StringType,
    TimestampType,
    UsDateType,
)
from generator.render import python

HERE = Location("spec/services/x.yaml", 1, 1)


def _attribute(name: str, type_: object, maskable: bool = False) -> Attribute:
    return Attribute(name, name.lower(), type_, "no", "", "no", "", "", False, maskable, HERE)  # type: ignore[arg-type]


def _operation(**changes: object) -> Operation:
    fields: dict[str, object] = dict(
        name="list",
        method="GET",
        summary="",
        description="",
        path_template="/shelves/{shelf_id}/items",
        path_parameters=(Parameter("shelf_id", IntegerType(), "", True, True),),
        query=(QueryParameter("expand", "_expand", Parameter("expand", ListType(StringType()), "", False, False, "_expand", choices=("Parts",))),),
        body=None,
        returns=Returns("list", "Item"),
        examples=(),
        accessor=("shelves", "items"),
        example_arguments=(ExampleArgument("shelf_id", 7, True),),
        paging=None,
        loc=HERE,
    )
    fields.update(changes)
    return Operation(**fields)  # type: ignore[arg-type]


def test_types_read_write_and_decode() -> None:
    nested = MapType(ListType(EnumType("Condition", ("New",))))
    assert python.annotation(nested) == "dict[str, list[Condition | str]]"
    assert python.param_annotation(nested) == "Mapping[str, Sequence[Condition | str]]"
    assert python.codec(nested) == "MapCodec(ListCodec(EnumCodec(Condition)))"
    assert python.param_annotation(DecimalType()) == "Decimal | float"
    assert python.codec(UsDateType()) == "US_DATE"
    assert python.read_annotation(_attribute("Price", DecimalType(), maskable=True)) == "Decimal | Masked | None"
    assert python.read_annotation(_attribute("Extra", JsonType())) == "Any | None"


def test_imports_come_from_what_is_spelt() -> None:
    imports = python.Imports()
    imports.attribute(_attribute("Added", TimestampType()))
    imports.attribute(_attribute("Parts", ListType(ModelType("Part")), maskable=True))
    imports.operation(_operation())
    assert imports.type_checking() == [("datetime", ["datetime"])]
    assert imports.runtime_models == {"TIMESTAMP", "ListCodec", "ModelCodec", "ResultList", "field"}
    assert imports.runtime_types == {"Masked", "NOT_GIVEN", "NotGiven", "RequestOptions"}
    assert imports.typing == {"Literal", "Sequence", "Unpack"}
    assert imports.names == {"Part", "Item"}
    assert imports.path_segment


def test_signature_path_body_and_example_call() -> None:
    shape = {"Items": [{"Id": ParamRef("ids", ListType(StringType()), True)}]}
    ids = Parameter("ids", ListType(StringType()), "", True, False)
    operation = _operation(method="PUT", body=Body((ids,), None, "shape", shape), returns=Returns("none", None))
    assert python.signature(operation) == (
        'self, shelf_id: int, *, ids: Sequence[str], expand: Sequence[Literal["Parts"]] | NotGiven = NOT_GIVEN'
    )
    assert python.path_expression(operation) == 'f"/shelves/{path_segment(shelf_id)}/items"'
    assert python.body_argument(operation.body).flat == 'body={"Items": [{"Id": item} for item in ids]}'  # type: ignore[arg-type]
    assert python.returns_annotation(operation.returns) == "None"
    assert python.example_call(operation) == "client.shelves.items.list(7)"
    nullable = Parameter("name", StringType(), "", False, False, "Name", nullable=True)
    assert python.parameter_annotation(nullable) == "str | None"
