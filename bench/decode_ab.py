"""The decode benchmark on two runtimes side by side: ``python -m bench.decode_ab``.

Generates the "Listings bench" SDK once (``bench.listing``) with this tree's sparkgen,
copies it twice, puts the model runtime of a git ref (``--ref``, default ``main``) into
the old copy and this tree's ``runtime/sparkapi`` into the new one, then runs
``python -m bench.decode`` (or, with ``--memory``, only its memory measure) on each,
alternated ``--repeats`` times, and prints the medians: microseconds per call, the
ratio to ``json.loads`` in the same process, and the resident bytes after decoding a
1,000-listing page as a multiple of its body. ``--python`` is the interpreter the
decoders run in (it needs pydantic, msgspec and orjson: ``.venv-bench``'s).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import listing
from bench.common import ROOT

_MEMORY = (
    "import json, sys; from pathlib import Path; from bench import decode, listing\n"
    "sdk = Path(sys.argv[1]); import sparkapi\n"
    "assert Path(sparkapi.__file__).resolve().is_relative_to(sdk.resolve())\n"
    "module = __import__(f'sparkapi.resources.{listing.MODULE}', fromlist=['x'])\n"
    "model = getattr(module, listing.LISTING_MODEL)\n"
    "photo = getattr(module, listing.PHOTO_MODEL)\n"
    "print(json.dumps({'memory': decode.resident(model, list(photo._fields))}))\n"
)


def _sparkgen() -> str:
    local = ROOT / ".venv" / "bin" / "sparkgen"
    return str(local) if local.exists() else "sparkgen"


def _runtime_of(ref: str, target: Path) -> None:
    """Overlay the runtime files of ``ref`` onto an SDK's ``sparkapi`` package."""
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{ref}:runtime/sparkapi"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    for name in names:
        if name.endswith(".py"):
            text = subprocess.run(
                ["git", "show", f"{ref}:runtime/sparkapi/{name}"],
                cwd=ROOT, check=True, capture_output=True,
            ).stdout  # fmt: skip
            (target / name).write_bytes(text)


def _run(python: str, sdk: Path, rounds: int, memory: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": f"{sdk}{os.pathsep}{ROOT}"}
    command = [python, "-c", _MEMORY, str(sdk)] if memory else [python, "-m", "bench.decode", str(sdk), str(rounds)]
    done = subprocess.run(command, cwd=sdk.parent, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{sdk}: {done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main", help="git ref of the old runtime")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--memory", action="store_true", help="the memory measure only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="decode-ab-") as tmp:
        work = Path(tmp)
        spec = listing.write_listing_spec(work / "spec")
        subprocess.run([_sparkgen(), "generate", "--spec", str(spec), "--out", str(work / "sdk"), "--no-cache"], check=True, capture_output=True)
        sdks = {"old": work / "old" / "python", "new": work / "new" / "python"}
        for side, sdk in sdks.items():
            shutil.copytree(work / "sdk", sdk.parent)
            if side == "old":
                _runtime_of(args.ref, sdk / "sparkapi")
            else:
                for source in (ROOT / "runtime" / "sparkapi").glob("*.py"):
                    shutil.copy(source, sdk / "sparkapi" / source.name)
        runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sdks}
        for _ in range(args.repeats):
            for side, sdk in sdks.items():
                runs[side].append(_run(args.python, sdk, args.rounds, args.memory))
    for side, results in runs.items():
        memory = results[-1]["memory"]
        line = f"{side} ({args.ref if side == 'old' else 'this tree'}):"
        if not args.memory:
            def median(key: str, field: str = "per_call_us") -> float:
                return statistics.median(r[field][key] for r in results)

            line += (
                f" json.loads {median('json.loads'):.0f} us, orjson {median('orjson.loads'):.0f} us;"
                f" sparkapi decode {median('sparkapi'):.0f} us ({median('sparkapi', 'vs_json_loads'):.2f}x),"
                f" decode + read all {median('sparkapi+access'):.0f} us ({median('sparkapi+access', 'vs_json_loads'):.2f}x);"
                f" pydantic + read all {median('pydantic+access'):.0f} us, msgspec + read all {median('msgspec+access'):.0f} us;"
                f" sparkapi/pydantic {statistics.median(r['per_call_us']['sparkapi+access'] / r['per_call_us']['pydantic+access'] for r in results):.2f};"
            )
        line += f" resident {memory['parsed_vs_body']}x the body (all read {memory['read_all_vs_body']}x)"
        print(line)


if __name__ == "__main__":
    main()
