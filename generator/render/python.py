"""The Python target: how the generated SDK spells the IR.

The IR holds data (types, parameters, paths, body shapes, example values); this module
decides, once, what each piece looks like in Python: annotations, the runtime codec
that decodes a type, method signatures, the path and body expressions of a call, the
example call of the docs, and the imports of a module, collected from the types and
parameters the module actually spells rather than by scanning its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from generator.ir.model import (
    Attribute,
    Body,
    Model,
    Operation,
    Parameter,
    ParamRef,
    Project,
    QueryParameter,
    Returns,
    iterated_parameter,
)
from generator.ir.types import (
    AnyType,
    BooleanType,
    DateType,
    DecimalType,
    EnumType,
    FileType,
    IntegerType,
    JsonType,
    ListType,
    MapType,
    ModelType,
    StringType,
    TimestampType,
    TimeType,
    UsDateType,
    parse_time,
    parse_us_date,
)

__all__ = [
    "Imports",
    "annotation",
    "body_argument",
    "codec",
    "example_call",
    "field_statement",
    "filter_rule_checks",
    "Exploding",
    "call_arguments",
    "fit_call",
    "pages_arguments",
    "iteration_signature",
    "iteration_signature_pieces",
    "method_definition",
    "models_in_dependency_order",
    "param_annotation",
    "path_expression",
    "read_annotation",
    "returns_annotation",
    "signature",
    "signature_pieces",
    "string_literal",
]

LINE_LENGTH = 88  # black's, which formats every module
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Names a model's class body uses besides its attributes: an attribute of the same name
# would hide them from the declarations after it, so a module that has one imports the
# name under an alias (``from datetime import date as _date``).
CLASS_BODY_NAMES = frozenset({"field", "date", "datetime", "time"})


@dataclass(frozen=True)
class _Primitive:
    """How a primitive type is spelt: read, written, decoded, and what that needs."""

    annotation: str
    param_annotation: str
    codec: str
    checking: tuple[tuple[str, str], ...] = ()  # (module, name) imported for type checking
    typing: tuple[str, ...] = ()


_DATETIME = (("datetime", "datetime"),)
_PRIMITIVES: dict[type, _Primitive] = {
    StringType: _Primitive("str", "str", "STRING"),
    IntegerType: _Primitive("int", "int", "INTEGER"),
    DecimalType: _Primitive("Decimal", "Decimal | float", "DECIMAL", (("decimal", "Decimal"),)),
    BooleanType: _Primitive("bool", "bool", "BOOLEAN"),
    TimestampType: _Primitive("datetime", "datetime", "TIMESTAMP", _DATETIME),
    DateType: _Primitive("date", "date", "DATE", (("datetime", "date"),)),
    UsDateType: _Primitive("date", "date", "US_DATE", (("datetime", "date"),)),
    TimeType: _Primitive("time", "time", "TIME", (("datetime", "time"),)),
    JsonType: _Primitive("Any", "Any", "JSON", typing=("Any",)),
    FileType: _Primitive("str", "FileInput", "STRING", (("sparkapi._upload", "FileInput"),)),
}


# ----------------------------------------------------------------------------- types


def annotation(t: AnyType, shadowed: frozenset[str] = frozenset()) -> str:
    """The Python type a reader of a value of type ``t`` gets (``shadowed``: names
    spelt through their alias, see ``CLASS_BODY_NAMES``)."""
    if isinstance(t, ListType):
        return f"list[{annotation(t.item, shadowed)}]"
    if isinstance(t, MapType):
        return f"dict[str, {annotation(t.item, shadowed)}]"
    if isinstance(t, EnumType):
        return f"{t.name} | str"  # a value added by the API later stays a str
    if isinstance(t, ModelType):
        return t.name
    name = _PRIMITIVES[type(t)].annotation
    return f"_{name}" if name in shadowed else name


def param_annotation(t: AnyType) -> str:
    """The Python type a caller may pass for a value of type ``t``."""
    if isinstance(t, ListType):
        return f"Sequence[{param_annotation(t.item)}]"
    if isinstance(t, MapType):
        return f"Mapping[str, {param_annotation(t.item)}]"
    if isinstance(t, EnumType):
        return f"{t.name} | str"
    if isinstance(t, ModelType):
        return t.name
    return _PRIMITIVES[type(t)].param_annotation


def codec(t: AnyType) -> str:
    """The runtime codec expression that decodes a wire value of type ``t``."""
    if isinstance(t, ListType):
        return f"ListCodec({codec(t.item)})"
    if isinstance(t, MapType):
        return f"MapCodec({codec(t.item)})"
    if isinstance(t, EnumType):
        return f"EnumCodec({t.name})"
    if isinstance(t, ModelType):
        return f"ModelCodec({t.name})"
    return _PRIMITIVES[type(t)].codec


def read_annotation(attr: Attribute, shadowed: frozenset[str] = frozenset()) -> str:
    """What reading an attribute gives: its type, the mask where the API may send one,
    or None (null, or absent from the record)."""
    masked = " | Masked" if attr.maskable else ""
    return f"{annotation(attr.type, shadowed)}{masked} | None"


def shadowed_names(models: tuple[Model, ...]) -> frozenset[str]:
    """The class-body names some attribute of these models would hide."""
    return CLASS_BODY_NAMES & {a.python_name for m in models for a in m.attributes}


def _field_arguments(attr: Attribute) -> list[str]:
    return [f'"{attr.wire_name}"', codec(attr.type), *(["maskable=True"] if attr.maskable else [])]


def field_statement(attr: Attribute, shadowed: frozenset[str] = frozenset()) -> str:
    """``name: str | None = field("Name", STRING)`` in a model's class body."""
    call = "_field" if "field" in shadowed else "field"
    head = f"{attr.python_name}: {read_annotation(attr, shadowed)} = {call}"
    return fit_call(head, _field_arguments(attr), indent=4)


@dataclass(frozen=True)
class Exploding:
    """An argument black breaks over lines of its own when it does not fit on one: a
    dict, one entry per line (``lines``, the first unindented, the rest relative to it)."""

    flat: str
    lines: tuple[str, ...]


def fit_call(head: str, arguments: Sequence[str | Exploding], indent: int, suffix: str = "") -> str:
    """``head(arguments)`` at ``indent``, laid out as black lays out a line ending in a
    call: whole when it fits, else its arguments on a line of their own, else one per
    line (an ``Exploding`` one broken up when even its own line is too short). Text black
    need not change costs it half the time (it formats twice what it changes), so the
    templates write most code as black would; black still checks it."""
    pad = " " * indent
    flats = [a.flat if isinstance(a, Exploding) else a for a in arguments]
    whole = f"{pad}{head}({', '.join(flats)}){suffix}"
    if len(whole) <= LINE_LENGTH:
        return whole
    inner = f"{pad}    {', '.join(flats)}"
    if len(inner) <= LINE_LENGTH:
        return f"{pad}{head}(\n{inner}\n{pad}){suffix}"
    lines = [f"{pad}{head}("]
    for argument, flat in zip(arguments, flats):
        if isinstance(argument, Exploding) and len(pad) + 5 + len(flat) > LINE_LENGTH:
            lines += [f"{pad}    {line}" for line in argument.lines]
            lines[-1] += ","
        else:
            lines.append(f"{pad}    {flat},")
    return "\n".join([*lines, f"{pad}){suffix}"])


def call_arguments(operation: Operation, path: str) -> list[str | Exploding]:
    """The arguments of an operation's ``Call``: how its answer is read, the method, the
    path expression, the model, and what it sends."""
    arguments: list[str | Exploding] = [string_literal(operation.returns.kind), string_literal(operation.method), path]
    if operation.returns.model is not None:
        arguments.append(operation.returns.model)
    if operation.query:
        arguments.append(params_argument(operation.query))
    if operation.body is not None:
        arguments.append(body_argument(operation.body))
    return [*arguments, "options=options"]


def pages_arguments(operation: Operation, path: str) -> list[str | Exploding]:
    """The arguments of a paged read's ``Pages``: where, what, and the paging parameters."""
    paging = operation.paging
    assert paging is not None and operation.returns.model is not None
    return [
        path,
        operation.returns.model,
        params_argument(operation.iteration_query),
        f"page_param={string_literal(paging.page_wire)}",
        f"pagination_param={string_literal(paging.pagination_wire)}",
        f"limit_param={string_literal(paging.limit_wire)}",
        "options=options",
    ]


def params_argument(query: tuple[QueryParameter, ...]) -> Exploding:
    """``params={"_select": select, ...}``: the query parameters a method sends."""
    entries = [(q.wire_name, [q.parameter.python_name]) for q in query]
    flat = ", ".join(f"{string_literal(wire)}: {value[0]}" for wire, value in entries)
    lines = _dict_lines(entries)
    return Exploding(f"params={{{flat}}}", (f"params={lines[0]}", *lines[1:]))


def models_in_dependency_order(models: tuple[Model, ...]) -> list[Model]:
    """Models ordered so that each one is defined before a model whose codecs name it."""
    by_name = {m.name: m for m in models}
    ordered: list[Model] = []
    visiting: set[str] = set()

    def visit(model: Model) -> None:
        if model in ordered or model.name in visiting:
            return
        visiting.add(model.name)
        for attr in model.attributes:
            for name in _named(attr.type):
                if name in by_name:
                    visit(by_name[name])
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def _named(t: AnyType) -> list[str]:
    """The enums and models a type refers to."""
    if isinstance(t, (ListType, MapType)):
        return _named(t.item)
    if isinstance(t, (EnumType, ModelType)):
        return [t.name]
    return []


# ----------------------------------------------------------------------------- methods


# The query parameter whose value is SparkQL: it also takes a builder expression, and the
# runtime parses it before sending (sparkapi/_transport.py).
SPARKQL_PARAMETER = "_filter"


def parameter_annotation(param: Parameter) -> str:
    if param.choices:
        names = ", ".join(f'"{name}"' for name in param.choices)
        return f"Sequence[Literal[{names}]]"
    spelt = param_annotation(param.type)
    if param.wire_name == SPARKQL_PARAMETER:
        spelt = f"{spelt} | FilterExpr"  # a sparkapi.sparkql builder expression too
    return f"{spelt} | None" if param.nullable else spelt


def _parameter(param: Parameter) -> str:
    if param.required:
        return f"{param.python_name}: {parameter_annotation(param)}"
    return f"{param.python_name}: {parameter_annotation(param)} | NotGiven = NOT_GIVEN"


def _signature_pieces(parameters: tuple[Parameter, ...]) -> list[str]:
    """``["self", "a: int", "*", "b: str | NotGiven = NOT_GIVEN"]`` for a method definition."""
    pieces = ["self"]
    star_added = False
    for param in parameters:
        if not param.positional and not star_added:
            pieces.append("*")
            star_added = True
        pieces.append(_parameter(param))
    return pieces


def _module_parameter(piece: str) -> str:
    """A parameter as a method's definition writes it, one per line at 8 spaces: an
    annotation too long for its line in parentheses of its own, as black puts it."""
    name, colon, rest = piece.partition(": ")
    annotation, equals, default = rest.rpartition(" = ")
    if len(piece) + 9 <= LINE_LENGTH or not (colon and equals) or len(annotation) + 12 > LINE_LENGTH:
        return piece
    return f"{name}: (\n            {annotation}\n        ) = {default}"


def method_definition(head: str, pieces: list[str], returns: str) -> str:
    """``    def name(...) -> returns:`` as black lays out a definition: whole when it fits,
    else the parameters on one line of their own, else one per line."""
    whole = f"    {head}({', '.join(pieces)}) -> {returns}:"
    if len(whole) <= LINE_LENGTH:
        return whole
    inner = f"        {', '.join(pieces)}"
    if len(inner) <= LINE_LENGTH and "\n" not in inner:
        return f"    {head}(\n{inner}\n    ) -> {returns}:"
    lines = "".join(f"        {_module_parameter(piece)},\n" for piece in pieces)
    return f"    {head}(\n{lines}    ) -> {returns}:"


def signature_pieces(operation: Operation) -> list[str]:
    """The parameters of the operation's method."""
    return _signature_pieces(operation.parameters)


def iteration_signature_pieces(operation: Operation) -> list[str]:
    return _signature_pieces(operation.iteration_parameters)


def signature(operation: Operation) -> str:
    """``self, a: int, *, b: str | NotGiven = NOT_GIVEN``, on one line (for the docs)."""
    return ", ".join(_signature_pieces(operation.parameters))


def iteration_signature(operation: Operation) -> str:
    return ", ".join(_signature_pieces(operation.iteration_parameters))


def string_literal(text: str) -> str:
    """A Python string literal in double quotes, as black writes it (so black has
    nothing to change: formatting costs a fraction of what rewriting does)."""
    literal = repr(text)
    # repr picks single quotes unless the text holds one; without a double quote in
    # it either, the same escapes hold between double quotes. Text with both kinds of
    # quote keeps repr's form, which black may requote.
    if literal.startswith("'") and '"' not in text:
        return f'"{literal[1:-1]}"'
    return literal


def returns_annotation(returns: Returns) -> str:
    return {
        "none": "None",
        "one": str(returns.model),
        "optional": f"{returns.model} | None",
        "list": f"ResultList[{returns.model}]",
        "map": f"dict[str, {returns.model}]",
    }[returns.kind]


def path_expression(operation: Operation) -> str:
    """``/listings/{listing_id}/documents`` -> ``f"/listings/{path_segment(listing_id)}/documents"``;
    a url parameter (the whole path) -> ``handed_out_url(upload_uri)``."""
    url = next((p for p in operation.path_parameters if p.url), None)
    if url is not None:
        return f"handed_out_url({url.python_name})"
    path = operation.path_template
    if not _PLACEHOLDER.search(path):
        return string_literal(path)
    return 'f"' + _PLACEHOLDER.sub(lambda m: "{path_segment(" + m.group(1) + ")}", path) + '"'


def shares_path(operation: Operation, base: str) -> bool:
    """Whether the operation's path is the mount's base path or below it (so that a class
    shared by several mounts can spell it from ``self._path``)."""
    if any(p.url for p in operation.path_parameters) or _PLACEHOLDER.search(base):
        return False
    path = operation.path_template
    return path == base or path.startswith(base + "/")


def shared_path_expression(operation: Operation, base: str) -> str:
    """``/my/listings/{listing_id}`` below ``/my/listings`` -> ``f"{self._path}/{path_segment(listing_id)}"``."""
    rest = operation.path_template[len(base) :]
    if not rest:
        return "self._path"
    return 'f"{self._path}' + _PLACEHOLDER.sub(lambda m: "{path_segment(" + m.group(1) + ")}", rest) + '"'


def body_argument(body: Body) -> Exploding:
    """``body=...``: the body sent (inside the envelope, or as a form)."""
    if body.mode == "shape":
        flat = _shape_flat(body.shape)
        lines = _shape_lines(body.shape)
        if body.encoding == "multipart":
            flat = f"MultipartForm({flat})"
            lines = ["MultipartForm(", *_indented(lines[:-1]), f"    {lines[-1]},", ")"]
    else:
        flat = "{" + ", ".join(f"{string_literal(p.wire_name)}: {_sent(p)}" for p in body.parameters) + "}"
        lines = _dict_lines([(p.wire_name, [_sent(p)]) for p in body.parameters])
    return Exploding(f"body={flat}", (f"body={lines[0]}", *lines[1:]))


def _indented(lines: list[str]) -> list[str]:
    return [f"    {line}" for line in lines]


def _dict_lines(entries: list[tuple[str, list[str]]]) -> list[str]:
    """``{"Key": value, ...}`` exploded; each value is given as its own lines."""
    if not entries:
        return ["{}"]
    lines = ["{"]
    for key, value in entries:
        lines.append(f"    {string_literal(key)}: {value[0]}")
        lines += _indented(value[1:])
        lines[-1] += ","
    return [*lines, "}"]


def has_wire_form(t: AnyType) -> bool:
    """Whether values of ``t`` are written in a form of their own (US dates, times of
    day), which the runtime's ``encode`` gives them, rather than ``to_wire``'s ISO."""
    if isinstance(t, (ListType, MapType)):
        return has_wire_form(t.item)
    return isinstance(t, (UsDateType, TimeType))


def _sent(param: Parameter) -> str:
    if has_wire_form(param.type):
        return f"encode({codec(param.type)}, {param.python_name})"
    return param.python_name


def filter_rule_checks(operation: Operation) -> list[str]:
    """The calls that check the operation's filter_rules arguments before sending."""
    checks = []
    for param in operation.parameters:
        rules = param.filter_rules
        if rules is None:
            continue
        args: list[str | Exploding] = [param.python_name, string_literal(param.python_name)]
        if rules.max_depth is not None:
            args.append(f"max_depth={rules.max_depth}")
        if rules.forbidden_fields:
            names = [string_literal(name) for name in rules.forbidden_fields]
            flat = f"({names[0]},)" if len(names) == 1 else f"({', '.join(names)})"
            lines = ("forbidden_fields=(", *(f"    {name}," for name in names), ")")
            args.append(Exploding(f"forbidden_fields={flat}", lines))
        if rules.unique_fields:
            args.append("unique_fields=True")
        checks.append(fit_call("self._transport.check_filter_rules", args, indent=8))
    return checks


def _shape_lines(shape: Any) -> list[str]:
    """A body shape as source lines: objects exploded (so a list holding one is too),
    anything without an object on one line, as black leaves it."""
    if isinstance(shape, dict):
        return _dict_lines([(key, _shape_lines(value)) for key, value in shape.items()])
    if isinstance(shape, list):
        item = shape[0] if shape else None
        lines = _shape_lines(item)
        iterated = iterated_parameter(item)
        if len(lines) == 1:
            return [f"[{lines[0]} for item in {iterated}]" if iterated else f"[{lines[0]}]"]
        if iterated:
            return ["[", *_indented(lines), f"    for item in {iterated}", "]"]
        return ["[", *_indented(lines[:-1]), f"    {lines[-1]},", "]"]
    if isinstance(shape, ParamRef):
        value = "item" if shape.each else shape.name
        if isinstance(shape.type, FileType):
            return [f"Upload({value}, max_bytes={shape.type.max_bytes!r})"]
        return [value]
    return [string_literal(shape) if isinstance(shape, str) else repr(shape)]


def _shape_flat(shape: Any) -> str:
    """A body shape on one line."""
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{string_literal(key)}: {_shape_flat(value)}" for key, value in shape.items()) + "}"
    if isinstance(shape, list):
        item = shape[0] if shape else None
        iterated = iterated_parameter(item)
        return f"[{_shape_flat(item)} for item in {iterated}]" if iterated else f"[{_shape_flat(item)}]"
    return _shape_lines(shape)[0]


def example_call(operation: Operation, client: str = "client") -> str:
    """The documented example as a call: ``client.listings.documents.get("2010...", ...)``.
    A US date or time of day is shown as the ``datetime`` value a caller passes
    (``datetime.date(2010, 10, 1)``), not as its wire text."""
    types = {p.python_name: p.type for p in operation.parameters}
    args = []
    for arg in operation.example_arguments:
        value = _example_value(types.get(arg.name), arg.value)
        args.append(value if arg.positional else f"{arg.name}={value}")
    return f"{client}.{'.'.join(operation.accessor)}.{operation.name}({', '.join(args)})"


def example_uses_datetime(operation: Operation) -> bool:
    """Whether ``example_call`` spells a ``datetime`` value (the example then imports it)."""
    types = {p.python_name: p.type for p in operation.parameters}
    return any(_example_value(types.get(a.name), a.value).startswith("datetime.") for a in operation.example_arguments)


def _example_value(t: AnyType | None, value: Any) -> str:
    parsed: object = None
    if isinstance(t, UsDateType) and isinstance(value, str):
        parsed = parse_us_date(value)
    elif isinstance(t, TimeType) and isinstance(value, str):
        parsed = parse_time(value)
    return repr(value if parsed is None else parsed)  # datetime.date(2010, 10, 1), datetime.time(9, 0)


# ----------------------------------------------------------------------------- imports


@dataclass
class Imports:
    """What one generated module imports, collected while its pieces are spelt."""

    typing: set[str] = field(default_factory=set)
    checking: set[tuple[str, str]] = field(default_factory=set)  # (module, name) for type checking only
    written: set[tuple[str, str]] = field(default_factory=set)  # of those, the ones parameters spell
    runtime_models: set[str] = field(default_factory=set)  # from sparkapi._models
    runtime_types: set[str] = field(default_factory=set)  # from sparkapi._types
    names: set[str] = field(default_factory=set)  # enums and models the module names
    path_segment: bool = False
    handed_out_url: bool = False
    shadowed: frozenset[str] = frozenset()  # imported under an alias, see CLASS_BODY_NAMES
    uploads: set[str] = field(default_factory=set)  # from sparkapi._upload, at run time
    resource: set[str] = field(default_factory=lambda: {"AsyncResource", "Resource"})  # from sparkapi._resource

    def read_type(self, t: AnyType) -> None:
        """A type spelt as what a reader gets (``annotation``)."""
        self._type(t, writing=False)

    def write_type(self, t: AnyType) -> None:
        """A type spelt as what a caller passes (``param_annotation``)."""
        self._type(t, writing=True)

    def decoded_by(self, t: AnyType) -> None:
        """A type's codec, spelt in a field declaration."""
        if isinstance(t, (ListType, MapType)):
            self.runtime_models.add("ListCodec" if isinstance(t, ListType) else "MapCodec")
            self.decoded_by(t.item)
        elif isinstance(t, (EnumType, ModelType)):
            self.runtime_models.add("EnumCodec" if isinstance(t, EnumType) else "ModelCodec")
            self.names.add(t.name)
        else:
            self.runtime_models.add(_PRIMITIVES[type(t)].codec)

    def _type(self, t: AnyType, writing: bool) -> None:
        if isinstance(t, ListType):
            if writing:
                self.typing.add("Sequence")
            self._type(t.item, writing)
        elif isinstance(t, MapType):
            if writing:
                self.typing.add("Mapping")
            self._type(t.item, writing)
        elif isinstance(t, (EnumType, ModelType)):
            self.names.add(t.name)
        else:
            primitive = _PRIMITIVES[type(t)]
            self.checking.update(primitive.checking)
            if writing:
                self.written.update(primitive.checking)
            self.typing.update(primitive.typing)

    def attribute(self, attr: Attribute) -> None:
        self.read_type(attr.type)
        self.decoded_by(attr.type)
        self.runtime_models.add("field as _field" if "field" in self.shadowed else "field")
        if attr.maskable:
            self.runtime_types.add("Masked")

    def operation(self, operation: Operation) -> None:
        self.typing.add("Unpack")
        self.resource.update(("Call", "Calls", "SyncOperation", "AsyncOperation"))
        for param in operation.parameters:
            if param.choices:
                self.typing.update(("Sequence", "Literal"))
            else:
                self.write_type(param.type)
            if param.wire_name == SPARKQL_PARAMETER:
                self.checking.add(("sparkapi._types", "FilterExpr"))  # for annotations only
            if not param.required:
                self.runtime_types.update(("NOT_GIVEN", "NotGiven"))
        if operation.returns.model is not None:
            self.names.add(operation.returns.model)
        if operation.returns.kind == "list":
            self.runtime_models.add("ResultList")
        if operation.paging is not None:
            self.resource.update(("Pages", "SyncPages", "AsyncPages"))
            self.runtime_types.add("RequestOptions")
        self.runtime_types.add("BodyRequestOptions" if operation.body is not None else "RequestOptions")
        if operation.body is not None and operation.body.mode != "shape":
            for param in operation.body.parameters:
                if has_wire_form(param.type):
                    self.runtime_models.add("encode")
                    self.decoded_by(param.type)
        urls = any(p.url for p in operation.path_parameters)
        self.path_segment = self.path_segment or ("{" in operation.path_template and not urls)
        self.handed_out_url = self.handed_out_url or urls
        body = operation.body
        if body is not None and any(isinstance(p.type, FileType) for p in body.parameters):
            self.uploads.add("Upload")
        if body is not None and body.encoding == "multipart":
            self.uploads.add("MultipartForm")

    def type_checking(self) -> list[tuple[str, list[str]]]:
        """The ``if TYPE_CHECKING:`` imports, (module, names): names only annotations use."""
        by_module: dict[str, set[str]] = {}
        for module, name in self.checking:
            by_module.setdefault(module, set()).add(f"{name} as _{name}" if name in self.shadowed else name)
        for module, name in self.written & self.checking:
            # Method signatures are outside the model class bodies that shadow the name.
            by_module[module].add(name)
        return [(module, sorted(names)) for module, names in sorted(by_module.items())]


# ----------------------------------------------------------------------------- SparkQL fields

# The builder's field class for each attribute type a filter can compare (others,
# lists, maps, models and free JSON, are not offered).
_SPARKQL_FIELD_CLASSES: dict[type, str] = {
    StringType: "CharacterField",
    EnumType: "CharacterField",
    IntegerType: "IntegerField",
    DecimalType: "DecimalField",
    BooleanType: "BooleanField",
    TimestampType: "DatetimeField",
    DateType: "DateField",
    UsDateType: "DateField",
    TimeType: "TimeField",
}


@dataclass(frozen=True)
class SparkQLField:
    name: str
    field_class: str
    description: str


def sparkql_fields(project: Project) -> list[SparkQLField]:
    """The typed builder fields (``sparkapi.sparkql.F``): the attributes of every field
    container model (a listing's StandardFields), plus ``Location`` where the container
    has both ``Latitude`` and ``Longitude`` (the geo shapes compare with it)."""
    models = {m.name: m for m in (*(m for s in project.shared for m in s.models), *(m for s in project.services for m in s.models))}
    containers = sorted(
        {a.type.name for m in models.values() for a in m.attributes if a.field_container and isinstance(a.type, ModelType)}
    )
    fields: dict[str, SparkQLField] = {}
    for name in containers:
        for attr in models[name].attributes:
            field_class = _SPARKQL_FIELD_CLASSES.get(type(attr.type))
            if field_class and attr.wire_name.isidentifier() and attr.wire_name[:1].isupper():
                fields.setdefault(attr.wire_name, SparkQLField(attr.wire_name, field_class, attr.description.split("\n")[0]))
        if {"Latitude", "Longitude"} <= fields.keys() and "Location" not in fields:
            fields["Location"] = SparkQLField("Location", "LocationField", "Matches records whose Latitude/Longitude fall in a geo shape.")
    return sorted(fields.values(), key=lambda f: f.name)


@dataclass(frozen=True)
class WebhookReader:
    """One ``parse_<name>`` of ``sparkapi.webhooks``: what it returns and how it reads."""

    name: str
    description: str
    model: str
    many: bool  # the payload is a list of records
    envelope: bool
    signature: str  # the WebhookSignature(...) expression, or "None"
    module: str  # where the payload model is defined


def webhook_readers(project: Project) -> list[WebhookReader]:
    readers = []
    for webhook, service in sorted(project.webhooks, key=lambda pair: pair[0].name):
        shared = project.shared_module_of(webhook.model)
        signature = "None"
        if webhook.signature is not None:
            s = webhook.signature
            signature = f"WebhookSignature({s.header!r}, {s.algorithm!r}, {s.encoding!r}, {s.prefix!r})"
        readers.append(
            WebhookReader(
                name=webhook.name,
                description=webhook.description,
                model=webhook.model,
                many=isinstance(webhook.payload, ListType),
                envelope=webhook.envelope,
                signature=signature,
                module=shared.python_module if shared else f"sparkapi.resources.{service.module}",
            )
        )
    return readers


def webhook_imports(readers: list[WebhookReader]) -> list[tuple[str, list[str]]]:
    """(module, [payload models]) that ``sparkapi.webhooks`` imports."""
    grouped: dict[str, set[str]] = {}
    for reader in readers:
        grouped.setdefault(reader.module, set()).add(reader.model)
    return [(module, sorted(names)) for module, names in sorted(grouped.items())]
