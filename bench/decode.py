"""Decode benchmark, run as ``python -m bench.decode SDK_DIR`` in its own process.

``SDK_DIR`` holds a ``sparkapi`` package that sparkgen generated from the "Listings
bench" spec (``bench.listing``); it must come first on ``PYTHONPATH`` so it, not the
installed SDK, is imported. Prints one JSON object on stdout.

What is timed, per call, on the same bytes: ``json.loads`` (the baseline the targets are
stated against), ``orjson.loads`` (what sparkapi parses with), sparkapi's
``parse_results`` into lazy models, pydantic v2's ``model_validate_json``, a msgspec
typed decoder, and an eager dataclass decode; each also with every attribute of every
record (photos included) read afterwards, since a lazy decoder defers its work to the
reads. Decoders are interleaved within each round so load changes hit them alike, and
every decoder's output is first checked equal, attribute by attribute, to pydantic's.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import listing

Reader = Callable[[Iterable[Any]], None]
_NO_MASK = object()  # for decoders that give masked values back as the plain string


def reader(listing_names: list[str], photos_name: str, photo_names: list[str]) -> Reader:
    """Read every attribute of every record and of every photo: the full cost of a lazy model."""

    def read(records: Iterable[Any]) -> None:
        for record in records:
            for name in listing_names:
                getattr(record, name)
            for photo in getattr(record, photos_name) or ():
                for name in photo_names:
                    getattr(photo, name)

    return read


def _normalise(value: Any, masked: object) -> Any:
    if value is masked:
        return listing.MASK
    if isinstance(value, list):
        return [_normalise(v, masked) for v in value]
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def _by_wire(record: Any, wires: dict[str, str], masked: object) -> dict[str, Any]:
    return {wire: _normalise(getattr(record, name), masked) for wire, name in wires.items()}


def check_same(name: str, records: list[Any], wires: dict[str, str], photo_wires: dict[str, str], reference: list[dict[str, Any]], masked: object = _NO_MASK) -> None:
    """Fail loudly when a decoder's typed values differ from the reference's: a benchmark
    of decoders that disagree would compare different work."""
    if len(records) != len(reference):
        raise SystemExit(f"{name}: {len(records)} records, expected {len(reference)}")
    for index, (record, expected) in enumerate(zip(records, reference, strict=True)):
        got = _by_wire(record, wires, masked)
        got["Photos"] = [_by_wire(p, photo_wires, masked) for p in getattr(record, wires["Photos"]) or ()]
        if got != expected:
            diff = {k: (got.get(k), expected.get(k)) for k in expected if got.get(k) != expected.get(k)}
            raise SystemExit(f"{name}: record {index} differs from pydantic's: {str(diff)[:2000]}")


def timed_rounds(cases: dict[str, Callable[[], Any]], rounds: int, sample_s: float = 0.02) -> dict[str, list[float]]:
    """Seconds per call of each case, one sample per round, cases interleaved."""
    inner: dict[str, int] = {}
    for name, case in cases.items():
        case()  # warm: first-call caches, lazy imports
        started = time.perf_counter()
        case()
        inner[name] = max(1, int(sample_s / max(time.perf_counter() - started, 1e-7)))
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            n = inner[name]
            gc.collect()
            started = time.perf_counter()
            for _ in range(n):
                case()
            samples[name].append((time.perf_counter() - started) / n)
    return samples


def resident(listing_model: Any, photo_names: list[str], records: int = 1000) -> dict[str, Any]:
    """Memory a decoded page keeps: the bytes tracemalloc sees held after
    ``parse_results`` on a page of ``records`` listings (the body itself not counted),
    as a multiple of the body's size; then again once every attribute has been read."""
    import tracemalloc

    import sparkapi

    body = listing.listing_page(records)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    page = sparkapi.parse_results(listing_model, body)
    gc.collect()
    parsed = tracemalloc.get_traced_memory()[0] - before
    reader(list(listing_model._fields), "photos", photo_names)(page)
    gc.collect()
    read = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del page
    return {
        "records": records,
        "body_bytes": len(body),
        "parsed_bytes": parsed,
        "parsed_vs_body": round(parsed / len(body), 2),
        "read_all_bytes": read,
        "read_all_vs_body": round(read / len(body), 2),
    }


def main(sdk_dir: Path, rounds: int) -> dict[str, Any]:
    import msgspec
    import orjson
    import pydantic
    from pydantic import BaseModel, create_model

    import sparkapi

    if not Path(sparkapi.__file__).resolve().is_relative_to(sdk_dir.resolve()):
        raise SystemExit(f"imported {sparkapi.__file__}, not the bench SDK under {sdk_dir}")
    module = __import__(f"sparkapi.resources.{listing.MODULE}", fromlist=[listing.LISTING_MODEL])
    Listing = getattr(module, listing.LISTING_MODEL)
    Photo = getattr(module, listing.PHOTO_MODEL)
    payload = listing.listing_page()

    # pydantic: the envelope too, so one model_validate_json call decodes the body.
    PydListing: Any = listing.pydantic_models()
    PydData = create_model("PydData", Success=(bool, ...), Results=(list[PydListing], ...))
    PydPage: type[BaseModel] = create_model("PydPage", D=(PydData, ...))
    MsgListing: Any = listing.msgspec_models()
    MsgData = msgspec.defstruct("MsgData", [("Success", bool), ("Results", list[MsgListing])])
    MsgPage = msgspec.defstruct("MsgPage", [("D", MsgData)])
    msg_decoder: Any = msgspec.json.Decoder(MsgPage)
    DcListing, dc_decode = listing.dataclass_decoder()

    def spark() -> Any:
        return sparkapi.parse_results(Listing, payload)

    def pyd() -> Any:
        return PydPage.model_validate_json(payload).D.Results  # type: ignore[attr-defined]

    def msg() -> Any:
        return msg_decoder.decode(payload).D.Results

    def dc() -> Any:
        return dc_decode(payload)

    spark_wires = {f.wire: name for name, f in Listing._fields.items()}
    spark_photo_wires = {f.wire: name for name, f in Photo._fields.items()}
    snake_wires = {w: listing.snake(w) for w, _ in listing.LISTING}
    snake_photo_wires = {w: listing.snake(w) for w, _ in listing.PHOTO}

    # The reference: pydantic's typed values by wire name; every decoder must match it.
    reference = []
    for record in pyd():
        row = _by_wire(record, snake_wires, _NO_MASK)
        row["Photos"] = [_by_wire(p, snake_photo_wires, _NO_MASK) for p in record.photos or ()]
        reference.append(row)
    check_same("sparkapi", list(spark()), spark_wires, spark_photo_wires, reference, sparkapi.MASKED)
    check_same("msgspec", msg(), snake_wires, snake_photo_wires, reference)
    check_same("dataclass", dc(), snake_wires, snake_photo_wires, reference)
    if spark()[1].extra.keys() != set(listing.UNKNOWN) or set(pyd()[1].model_extra) != set(listing.UNKNOWN):
        raise SystemExit("unknown attributes were not kept by sparkapi or pydantic")

    read_spark = reader(list(Listing._fields), spark_wires["Photos"], list(Photo._fields))
    read_snake = reader(list(snake_wires.values()), "photos", list(snake_photo_wires.values()))

    def access(decode: Callable[[], Any], read: Reader) -> Callable[[], None]:
        return lambda: read(decode())

    cases: dict[str, Callable[[], Any]] = {
        "json.loads": lambda: json.loads(payload),
        "orjson.loads": lambda: orjson.loads(payload),
        "sparkapi": spark,
        "sparkapi+access": access(spark, read_spark),
        "pydantic": pyd,
        "pydantic+access": access(pyd, read_snake),
        "msgspec": msg,
        "msgspec+access": access(msg, read_snake),
        "dataclass": dc,
        "dataclass+access": access(dc, read_snake),
    }
    samples = timed_rounds(cases, rounds)
    per_call = {name: statistics.median(values) for name, values in samples.items()}
    base = per_call["json.loads"]
    first = json.loads(payload)["D"]["Results"][0]
    return {
        "payload_bytes": len(payload),
        "records": len(reference),
        "attributes_per_record": len(listing.LISTING),
        "photo_attributes": len(listing.PHOTO),
        "photos": sum(len(r["Photos"]) for r in reference),
        "attributes_in_first_record": len(first),
        "rounds": rounds,
        "per_call_us": {name: round(seconds * 1e6, 1) for name, seconds in per_call.items()},
        "vs_json_loads": {name: round(seconds / base, 3) for name, seconds in per_call.items()},
        "versions": {"pydantic": pydantic.VERSION, "msgspec": msgspec.__version__, "orjson": orjson.__version__},
        "memory": resident(Listing, list(Photo._fields)),
        "notes": "msgspec drops unknown attributes (no way to keep them); the others keep them.",
    }


if __name__ == "__main__":
    result = main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 9)
    print(json.dumps(result))
