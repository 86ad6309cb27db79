"""``python -m bench [--quick] [--profile]``: run every benchmark, write results.json,
results.png and print the Markdown tables (``make bench`` / ``make bench QUICK=1``).

Exit status 1 only for real errors (a generator or SDK crash, a wrong decode, a peer
failing on our OpenAPI document); a missed target is reported in the table and in
results.json, never a failure, because timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench import generation, importtime, listing, replication, report, sparkql_parse, synth
from bench.common import BENCH_DIR, ROOT, BenchError, child_env, log, run_process


@dataclass(frozen=True)
class Plan:
    """How much to measure. QUICK keeps the same outputs with fewer sizes and runs, to stay
    under a minute (CI runs it); the full plan stays under ten. Budgets (seconds per
    measurement) cap repetitions of whatever is slow at the moment."""

    quick: bool
    sizes: tuple[int, ...]
    peer_size: int
    warm_size: int
    gen_reps: int
    gen_budget: float
    warm_reps: int
    decode_rounds: int
    overhead_rounds: int
    import_runs: int

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, (10, 50), 50, 50, 3, 3.0, 3, 5, 2, 5)
        return cls(False, (10, 50, 150, 500), 150, 150, 5, 40.0, 5, 15, 7, 15)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = 0.0
    try:
        memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        pass
    java = shutil.which("java")
    java_version = "not installed"
    if java:
        probe = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
        java_version = (probe.stderr or probe.stdout).splitlines()[0] if (probe.stderr or probe.stdout) else "unknown"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip())
    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "java": java_version,
        "git": f"{commit}{' (uncommitted changes)' if dirty else ''}",
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "versions": {
            p: _version(p)
            for p in (
                "sparkgen", "sparkapi", "httpx", "orjson", "black", "jinja2", "pydantic", "msgspec",
                "openapi-python-client", "openapi-generator-cli", "matplotlib",
            )
        },  # fmt: skip
    }


def bench_decode(gen: generation.Sparkgen, work: Path, rounds: int) -> dict[str, Any]:
    """Generate the "Listings bench" SDK with sparkgen, then time decoders in a fresh process."""
    spec = listing.write_listing_spec(work / "listing-spec")
    out = work / "listing-sdk"
    gen.run(spec, out, work, cold=False)
    sdk = out / "python"
    env = child_env({"PYTHONPATH": f"{sdk}{os.pathsep}{ROOT}"})
    run = run_process([sys.executable, "-m", "bench.decode", sdk, str(rounds)], cwd=work, env=env)
    if run.returncode != 0:
        raise BenchError(f"decode benchmark failed:\n{run.tail()}")
    result: dict[str, Any] = json.loads(run.stdout)
    log(f"decode: sparkapi {result['vs_json_loads']['sparkapi']:.2f}x json.loads, +access {result['vs_json_loads']['sparkapi+access']:.2f}x")
    return result


def bench_overhead(work: Path, rounds: int) -> dict[str, Any]:
    """Start the fixed-response server, run the client benchmark against it, stop the server."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--lifetime", "300"], cwd=work, env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        port_line = server.stdout.readline().strip()
        if not port_line.isdigit():
            raise BenchError(f"the benchmark server did not start (printed {port_line!r})")
        run = run_process([sys.executable, "-m", "bench.overhead", port_line, str(rounds)], cwd=work)
        if run.returncode != 0:
            raise BenchError(f"overhead benchmark failed:\n{run.tail()}")
    finally:
        if server.stdin is not None:
            server.stdin.close()  # the server stops when its stdin closes
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()  # by its own handle: the process this function started
            server.wait()
    result: dict[str, Any] = json.loads(run.stdout)
    log(f"overhead: sync {result['sync']['ratio']:.2f}x, async {result['async']['ratio']:.2f}x, floor {result['floor_ms']:.3f} ms")
    return result


def profile_generation(gen: generation.Sparkgen, work: Path, kind: str, size: int) -> Path:
    """A cProfile summary of one sparkgen run of ``kind`` (cold, one_edit, nothing_changed).

    The generator runs in-process under cProfile in a child interpreter. Formatting is
    kept in that process (the threshold for worker processes is raised, when the
    generator has one) so black's share is attributed instead of showing as the parent
    waiting on its workers; the profiled run is therefore slower than the measured one.
    """
    services = synth.describe(size)
    spec = synth.write_spec(services, work / f"profile-spec-{kind}")
    out = work / f"profile-out-{kind}"
    shutil.rmtree(out, ignore_errors=True)
    if kind != "cold":
        gen.run(spec, out, work, cold=False)
        if kind == "one_edit":
            generation._edit_attribute(spec, services[len(services) // 2], "profiled edit")
    else:
        for place in (spec, out, work):
            shutil.rmtree(place / generation.CACHE_DIR_NAME, ignore_errors=True)
    stats_file = work / f"{kind}.prof"
    argv = ["sparkgen", "generate", "--spec", str(spec), "--out", str(out), *(gen.no_cache_args if kind == "cold" else [])]
    code = (
        "import cProfile, sys\n"
        "import generator.format as fmt\n"
        "from generator.cli import main\n"
        "serial = hasattr(fmt, '_PARALLEL_MIN_LINES')\n"
        "if serial: fmt._PARALLEL_MIN_LINES = 10**12\n"
        "print('formatting in-process:', serial, file=sys.stderr)\n"
        f"sys.argv = {argv!r}\n"
        f"cProfile.run('main()', {str(stats_file)!r})\n"
    )
    run = run_process([sys.executable, "-c", code], cwd=work, env=child_env(gen.no_cache_env if kind == "cold" else None))
    if run.returncode != 0 or not stats_file.exists():
        raise BenchError(f"profiling sparkgen ({kind}) failed:\n{run.tail()}")
    target = BENCH_DIR / "profiles" / f"generate-{kind}-{size}.txt"
    target.parent.mkdir(exist_ok=True)
    with target.open("w", encoding="utf-8") as stream:
        serial = "formatting in-process: True" in run.stderr
        stream.write(
            f"sparkgen generate, {kind}, {size} synthetic services: {run.seconds:.2f} s under cProfile, "
            f"{'black kept in-process so its time is attributed' if serial else 'black in worker processes (shows as lock waits)'}\n\n"
        )
        stats = pstats.Stats(str(stats_file), stream=stream)
        stats.strip_dirs().sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
    log(f"profile of {kind} written to {target.relative_to(ROOT)}")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmarks of sparkgen and its SDK (issue 8).")
    parser.add_argument("--quick", action="store_true", help="Fewer sizes and runs; under a minute (what CI runs).")
    parser.add_argument("--profile", action="store_true", help="Also write cProfile summaries of each missed generator target to bench/profiles/.")
    parser.add_argument("--out-dir", type=Path, default=BENCH_DIR, help="Where results.json and results.png go.")
    args = parser.parse_args()
    plan = Plan.make(args.quick)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "quick": plan.quick,
        "plan": asdict(plan),
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
    }
    work = Path(tempfile.mkdtemp(prefix="sparkgen-bench-"))
    try:
        gen = generation.Sparkgen()
        results["cold_method"] = gen.describe_cold()
        real = generation.bench_real_spec(gen, work, plan.gen_reps, plan.gen_budget)
        scaling, field = generation.bench_sizes(gen, work, plan.sizes, plan.peer_size, plan.warm_size, plan.gen_reps, plan.gen_budget)
        warm = generation.bench_warm(gen, work, plan.warm_size, plan.warm_reps, plan.gen_budget)
        edit_real = generation.bench_edit_real(gen, work, 2 if plan.quick else plan.warm_reps, plan.gen_budget)
        fit = generation.linear_fit([(r["services"], r["median_s"]) for r in scaling])
        results["generation"] = {"real_spec": real, "scaling": scaling, "linear_fit": fit, "field": field, "warm": warm, "edit_real": edit_real}
        results["decode"] = bench_decode(gen, work, plan.decode_rounds)
        results["overhead"] = bench_overhead(work, plan.overhead_rounds)
        results["import"] = importtime.measure(plan.import_runs)
        log(f"import: sparkapi adds {results['import']['added_ms']:.1f} ms to httpx")
        results["sparkql"] = sparkql_parse.measure(plan.decode_rounds)
        log(f"sparkql: {results['sparkql']['parse_us']:.0f} us to parse {results['sparkql']['conditions']} conditions")
        results["replication"] = replication.measure(5_000 if plan.quick else 50_000)
        log(f"replication: {results['replication']['records_per_s']:,.0f} records/s into SQLite")
        rows = report.evaluate(results)
        if args.profile:
            missed_ids = {r["id"] for r in rows if r["met"] is False}
            kinds = [k for k, target in (("cold", "cold_vs_field"), ("one_edit", "one_edit"), ("nothing_changed", "nothing_changed")) if any(m.startswith(target) for m in missed_ids)]
            results["profiles"] = {
                k: str(profile_generation(gen, work, k, plan.peer_size if k == "cold" else plan.warm_size).relative_to(ROOT)) for k in kinds
            }
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["duration_s"] = round(time.perf_counter() - started, 1)
    results["targets"] = rows
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report.chart(results, rows, args.out_dir / "results.png")
    print(report.markdown(results, rows))
    missed = [r["measure"] for r in rows if r["met"] is False]
    log(f"done in {results['duration_s']:.0f} s; wrote {args.out_dir / 'results.json'} and results.png; targets missed: {len(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
