"""Generation benchmarks: sparkgen cold, after one edit, with nothing changed, at several
sizes, and beside openapi-python-client and OpenAPI Generator on the same API.

Every run is a fresh process (``run_process``): that is how a developer or CI meets the
generator, so interpreter start and imports count. "Cold" means no cache of any kind:
the spec and output live in a fresh temporary tree, ``.sparkgen-cache`` directories next
to the spec, the output and the working directory are deleted before each run,
``XDG_CACHE_HOME`` points at an empty directory, and when ``sparkgen generate --help``
offers a switch that disables the cache, it is passed.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench import synth
from bench.common import BIN, ROOT, BenchError, ProcessRun, Unavailable, child_env, count_lines, log, median, repeat, run_process

CACHE_DIR_NAME = ".sparkgen-cache"
# Words in a peer's output that mean it wanted the network (which only reaches package
# registries here): such a failure makes the peer unavailable, not the benchmark wrong.
_NETWORK_HINTS = re.compile(r"UnknownHost|Connection refused|Network is unreachable|timed out|Could not resolve|download", re.I)


@dataclass(frozen=True)
class GenRun:
    """One measured generation: wall seconds, the child's peak RSS and what it wrote."""

    seconds: float
    max_rss_mib: float
    py_lines: int
    all_lines: int


@dataclass
class Sample:
    """The repeated runs of one measurement, summarised by their median."""

    runs: list[GenRun] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return median([r.seconds for r in self.runs])

    def to_json(self) -> dict[str, Any]:
        return {
            "median_s": round(self.seconds, 4),
            "runs_s": [round(r.seconds, 4) for r in self.runs],
            "n": len(self.runs),
            "peak_rss_mib": round(max(r.max_rss_mib for r in self.runs), 1),
            "py_lines": self.runs[-1].py_lines,
            "all_lines": self.runs[-1].all_lines,
        }


class Sparkgen:
    """``sparkgen generate`` as a child process, cold or warm."""

    def __init__(self) -> None:
        self.exe = BIN / "sparkgen"
        if not self.exe.exists():
            raise BenchError(f"{self.exe} is missing: run `make bench`, which installs the project into .venv-bench")
        self.no_cache_args, self.no_cache_env = self._cache_switches()

    def _cache_switches(self) -> tuple[list[str], dict[str, str]]:
        """The flag or environment variable that disables the cache, if this version has one.

        Read from ``--help`` each run because the generator grows these while the harness
        stays the same; deleting the cache directories covers a version without them.
        """
        help_run = run_process([self.exe, "generate", "--help"], cwd=ROOT)
        if help_run.returncode != 0:
            raise BenchError(f"sparkgen generate --help failed:\n{help_run.tail()}")
        text = help_run.stdout
        args = [flag] if (flag := next((f for f in ("--no-cache", "--cold", "--no-cache-dir") if re.search(rf"(?<![\w-]){f}(?![\w-])", text)), None)) else []
        env = {}
        for name in re.findall(r"\b(SPARKGEN_[A-Z_]*CACHE[A-Z_]*)\b", text):
            if "NO_CACHE" in name or "DISABLE" in name:
                env[name] = "1"
        return args, env

    def describe_cold(self) -> str:
        switches = " ".join(self.no_cache_args + [f"{k}={v}" for k, v in self.no_cache_env.items()])
        return f"cache dirs deleted, XDG_CACHE_HOME empty{'; ' + switches if switches else ''}"

    def run(self, spec: Path, out: Path, cwd: Path, *, cold: bool) -> ProcessRun:
        extra: dict[str, str] = {}
        args: list[str] = []
        if cold:
            for place in {spec, spec.parent, out, out.parent, cwd}:
                shutil.rmtree(place / CACHE_DIR_NAME, ignore_errors=True)
            xdg = cwd / "xdg-cache"
            shutil.rmtree(xdg, ignore_errors=True)
            xdg.mkdir(parents=True)
            extra = {"XDG_CACHE_HOME": str(xdg), **self.no_cache_env}
            args = self.no_cache_args
        run = run_process([self.exe, "generate", "--spec", spec, "--out", out, *args], cwd=cwd, env=child_env(extra))
        if run.returncode != 0:
            raise BenchError(f"sparkgen generate --spec {spec} failed (exit {run.returncode}):\n{run.tail()}")
        return run

    @property
    def cold_leaves_cache(self) -> bool:
        """Whether a cold run fills the cache as it goes (no switch turned the cache off),
        so its output is a valid "previous generate" for the warm measurements."""
        return not (self.no_cache_args or self.no_cache_env)

    def cold(self, spec: Path, work: Path, i: int, keep_as: Path | None = None) -> GenRun:
        """Generate ``spec`` into an empty directory with no cache anywhere.

        The output is deleted, or moved to ``keep_as`` to serve as the starting point of
        the warm measurements.
        """
        out = work / f"out-{i}"
        shutil.rmtree(out, ignore_errors=True)
        run = self.run(spec, out, work, cold=True)
        py_lines = count_lines(out / "python")
        if py_lines == 0:
            raise BenchError(f"sparkgen wrote no Python under {out}/python:\n{run.tail()}")
        result = GenRun(run.seconds, run.max_rss_mib, py_lines, count_lines(out, ()))
        if keep_as is not None:
            shutil.rmtree(keep_as, ignore_errors=True)
            out.rename(keep_as)
        else:
            shutil.rmtree(out, ignore_errors=True)
        return result


class Peer:
    """A generator people would use instead, run on the same API as OpenAPI."""

    def __init__(self, name: str, exe: str, needs_java: bool) -> None:
        self.name = name
        self.exe = BIN / exe
        self.needs_java = needs_java

    def check(self) -> None:
        if not self.exe.exists():
            raise Unavailable(f"{self.exe.name} is not installed in the bench environment")
        if self.needs_java and shutil.which("java") is None:
            raise Unavailable("needs a Java runtime (`java` on PATH); none is installed")

    def command(self, document: Path, out: Path) -> list[str | Path]:
        if self.name == "openapi-python-client":
            return [self.exe, "generate", "--path", document, "--output-path", out, "--meta", "none"]
        return [self.exe, "generate", "-i", document, "-g", "python", "-o", out]

    def cold(self, document: Path, work: Path, i: int) -> GenRun:
        out = work / f"{self.name}-{i}"
        shutil.rmtree(out, ignore_errors=True)
        run = run_process(self.command(document, out), cwd=work)
        py_lines = count_lines(out) if out.exists() else 0
        if run.returncode != 0 or py_lines == 0:
            if _NETWORK_HINTS.search(run.stdout + run.stderr):
                raise Unavailable(f"wanted the network, which reaches only package registries here: {run.tail(5)}")
            raise BenchError(f"{self.name} failed on the synthetic OpenAPI document (exit {run.returncode}):\n{run.tail()}")
        result = GenRun(run.seconds, run.max_rss_mib, py_lines, count_lines(out, ()))
        shutil.rmtree(out, ignore_errors=True)
        return result


PEERS = (
    Peer("openapi-python-client", "openapi-python-client", needs_java=False),
    Peer("openapi-generator", "openapi-generator-cli", needs_java=True),
)


def _version_of(peer: Peer) -> str:
    from importlib.metadata import PackageNotFoundError, version

    package = "openapi-generator-cli" if peer.name == "openapi-generator" else peer.name
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def bench_real_spec(gen: Sparkgen, work: Path, reps: int, budget: float) -> dict[str, Any]:
    """The committed spec/, copied so no cache or staging directory lands in the repository."""
    spec = work / "real-spec"
    shutil.copytree(ROOT / "spec", spec, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    services = len(list((spec / "services").glob("*.yaml")))
    sample = Sample(repeat(lambda i: gen.cold(spec, work, i), reps, budget))
    log(f"real spec ({services} services) cold: {sample.seconds:.2f} s (n={len(sample.runs)})")
    return {"services": services, **sample.to_json()}


WARM_OUT = "warm-out"


@dataclass
class _SizeGroup:
    """The tools timed at one size, their samples so far, and the time they have used."""

    size: int
    work: Path
    tools: list[tuple[str, Any]]
    unavailable: dict[str, str]
    samples: dict[str, Sample] = field(default_factory=dict)
    spent: float = 0.0


def bench_sizes(
    gen: Sparkgen, work: Path, sizes: Sequence[int], peer_size: int, warm_size: int, reps: int, budget: float
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Cold generation at each size; at ``peer_size`` the peers too.

    Everything is interleaved: each round runs every size once, and at ``peer_size``
    sparkgen then each peer back to back, so all of them meet the same background load
    and a busy moment of the machine cannot land on one size or one tool only. A size
    leaves the rounds once it has used its budget (``budget`` seconds per tool). At
    ``warm_size`` the spec and the last output are kept for ``bench_warm``. Each size
    works in its own directory, so a cache one size leaves (next to the spec, the
    output or the working directory) is never another size's.
    """
    groups: list[_SizeGroup] = []
    for size in sizes:
        services = synth.describe(size)
        sub = work / f"size-{size}"
        sub.mkdir()
        spec = synth.write_spec(services, sub / "spec")
        keep = sub / WARM_OUT if size == warm_size and gen.cold_leaves_cache else None
        group = _SizeGroup(size, sub, [("sparkgen", lambda i, s=spec, w=sub, k=keep: gen.cold(s, w, i, k))], {})
        if size == peer_size:
            document = synth.write_openapi(services, sub / "openapi.json")
            # A first, unmeasured run on a two-service API loads each peer's files (the
            # jar, ruff) into the page cache, as sparkgen's were by the runs before.
            tiny = synth.write_openapi(synth.describe(2), sub / "openapi-tiny.json")
            for peer in PEERS:
                try:
                    peer.check()
                    peer.cold(tiny, sub, -1)
                except Unavailable as exc:
                    group.unavailable[peer.name] = str(exc)
                    log(f"{peer.name}: unavailable: {exc}")
                    continue
                group.tools.append((peer.name, lambda i, p=peer, d=document, w=sub: p.cold(d, w, i)))
        group.samples = {name: Sample() for name, _ in group.tools}
        groups.append(group)

    for i in range(reps):
        active = [g for g in groups if i == 0 or g.spent <= budget * len(g.tools)]
        if not active:
            break
        for group in active:
            started = time.perf_counter()
            for name, run in group.tools:
                group.samples[name].runs.append(run(i))
            group.spent += time.perf_counter() - started
        log(f"round {i + 1}: " + ", ".join(f"{g.size}: {g.samples['sparkgen'].runs[-1].seconds:.2f} s" for g in active))

    scaling: list[dict[str, Any]] = []
    field_result: dict[str, Any] = {"services": peer_size, "tools": {}}
    for group in groups:
        size, samples = group.size, group.samples
        ours = samples["sparkgen"]
        scaling.append(
            {
                "services": size,
                **ours.to_json(),
                "s_per_service": round(ours.seconds / size, 5),
                "py_lines_per_service": round(ours.runs[-1].py_lines / size, 1),
                "all_lines_per_service": round(ours.runs[-1].all_lines / size, 1),
            }
        )
        log(f"{size} services cold: {ours.seconds:.2f} s, {1000 * ours.seconds / size:.1f} ms/service, peak {ours.to_json()['peak_rss_mib']} MiB (n={len(ours.runs)})")
        if size == peer_size:
            field_result["tools"]["sparkgen"] = ours.to_json()
            for peer in PEERS:
                if peer.name in samples:
                    field_result["tools"][peer.name] = {**samples[peer.name].to_json(), "version": _version_of(peer)}
                    log(f"{peer.name} at {size}: {samples[peer.name].seconds:.2f} s")
                else:
                    field_result["tools"][peer.name] = {"unavailable": group.unavailable.get(peer.name, "not run"), "version": _version_of(peer)}
            measured = [p.name for p in PEERS if p.name in samples]
            if measured:
                fastest = min(measured, key=lambda n: samples[n].seconds)
                pairs = zip(samples[fastest].runs, ours.runs, strict=True)
                field_result["fastest_peer"] = fastest
                field_result["fastest_peer_s"] = round(samples[fastest].seconds, 4)
                # Per round, the peer's time over sparkgen's run just before it; the median.
                field_result["speedup_vs_fastest_peer"] = round(median([p.seconds / o.seconds for p, o in pairs]), 2)
            else:
                field_result["fastest_peer"] = field_result["fastest_peer_s"] = field_result["speedup_vs_fastest_peer"] = None
        if size != warm_size:
            shutil.rmtree(group.work, ignore_errors=True)
    return scaling, field_result


def _edit_attribute(spec: Path, service: synth.SynthService, marker: str) -> None:
    """Change one attribute of one service: its description, as a typical edit does."""
    path = spec / "services" / f"{service.module}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    attributes = data["models"][service.model]["attributes"]
    wire = next(iter(attributes))
    attributes[wire]["description"] = f"The {wire} of the thing, edited ({marker})."
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=100), encoding="utf-8")


def _snapshot(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def _contains(out: Path, marker: str) -> bool:
    return any(marker in p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*.py"))


def _forget_caches(spec: Path, out: Path, work: Path) -> None:
    """What a fresh clone lacks: every local cache (the committed output stays)."""
    for place in {spec, spec.parent, out, out.parent, work}:
        shutil.rmtree(place / CACHE_DIR_NAME, ignore_errors=True)


def bench_warm(gen: Sparkgen, work: Path, size: int, reps: int, budget: float) -> dict[str, Any]:
    """After one generate: regenerate with nothing changed, then after editing one attribute.

    Each round also edits once more as a fresh clone would (the output and its manifest
    as committed, no local cache), and times openapi-python-client generating the whole
    client from the same API's OpenAPI document, so that the edit loop is a ratio of
    one run: the target is one edit in at most 0.10x of that peer's full generation.

    The "one generate" is the last cold run at this size when it left its cache behind,
    else one more run here. The two measurements alternate, so each nothing-changed run
    follows a real change and each edit is new (a fresh marker), never one a cache has
    already seen. Every edit is checked to have reached the output, and the files that
    nothing-changed runs rewrote are counted.
    """
    services = synth.describe(size)
    work = work / f"size-{size}"
    spec = work / "spec"
    out = work / WARM_OUT
    if not (spec.is_dir() and out.is_dir()):
        work.mkdir(exist_ok=True)
        spec = synth.write_spec(services, spec)
        shutil.rmtree(out, ignore_errors=True)
        warmup_s: float | None = gen.run(spec, out, work, cold=False).seconds
    else:
        warmup_s = None  # the last cold run was the previous generate
    target = services[len(services) // 2]
    unchanged: list[GenRun] = []
    edited: list[GenRun] = []
    fresh: list[GenRun] = []
    peer_full: list[GenRun] = []
    peer = PEERS[0]
    try:
        peer.check()
    except Unavailable as exc:
        log(f"edit loop: {peer.name} unavailable ({exc}); edits are reported without a ratio")
        peer = None  # type: ignore[assignment]
    rewritten = 0
    started = time.perf_counter()
    for i in range(reps):
        before = _snapshot(out)
        run = gen.run(spec, out, work, cold=False)
        rewritten += sum(1 for path, mtime in _snapshot(out).items() if before.get(path) != mtime)
        unchanged.append(GenRun(run.seconds, run.max_rss_mib, 0, 0))
        marker = f"bench-{i}-{secrets.token_hex(4)}"
        _edit_attribute(spec, target, marker)
        run = gen.run(spec, out, work, cold=False)
        if not _contains(out / "python", marker):
            raise BenchError(f"the edit of {target.module} ({marker}) did not reach the generated SDK:\n{run.tail()}")
        edited.append(GenRun(run.seconds, run.max_rss_mib, 0, 0))
        _forget_caches(spec, out, work)
        marker = f"fresh-{i}-{secrets.token_hex(4)}"
        _edit_attribute(spec, target, marker)
        run = gen.run(spec, out, work, cold=False)
        if not _contains(out / "python", marker):
            raise BenchError(f"the fresh-clone edit of {target.module} ({marker}) did not reach the generated SDK:\n{run.tail()}")
        fresh.append(GenRun(run.seconds, run.max_rss_mib, 0, 0))
        if peer is not None:
            peer_full.append(peer.cold(out / "openapi.yaml", work, i))
        if time.perf_counter() - started > 2 * budget:
            break
    shutil.rmtree(out, ignore_errors=True)
    peer_s = median([r.seconds for r in peer_full]) if peer_full else None
    result: dict[str, Any] = {
        "services": size,
        "warmup_s": None if warmup_s is None else round(warmup_s, 4),
        "edited_service": target.module,
        "one_edit": {"median_s": round(median([r.seconds for r in edited]), 4), "runs_s": [round(r.seconds, 4) for r in edited], "n": len(edited)},
        "fresh_clone_edit": {"median_s": round(median([r.seconds for r in fresh]), 4), "runs_s": [round(r.seconds, 4) for r in fresh], "n": len(fresh)},
        "peer": None if peer is None else peer.name,
        "peer_full_s": None if peer_s is None else round(peer_s, 4),
        "one_edit_vs_peer": None if peer_s is None else round(median([r.seconds for r in edited]) / peer_s, 3),
        "fresh_clone_edit_vs_peer": None if peer_s is None else round(median([r.seconds for r in fresh]) / peer_s, 3),
        "nothing_changed": {
            "median_s": round(median([r.seconds for r in unchanged]), 4),
            "runs_s": [round(r.seconds, 4) for r in unchanged],
            "n": len(unchanged),
            "files_rewritten": rewritten,
        },
    }
    log(f"warm at {size}: one edit {result['one_edit']['median_s']:.3f} s (fresh clone {result['fresh_clone_edit']['median_s']:.3f} s, {peer_s and round(peer_s, 3)} s for the peer's full run), nothing changed {result['nothing_changed']['median_s']:.3f} s")
    return result


def bench_edit_real(gen: Sparkgen, work: Path, reps: int, budget: float, repo: Path = ROOT) -> dict[str, Any]:
    """The edit loop on the real spec, as a maintainer meets it: a copy of spec/ and of
    the committed generated/ (a fresh clone: no local cache), one service's description
    edited, ``sparkgen generate``; then edited again with the cache that run left (warm).
    Each round also times openapi-python-client's full generation from the committed
    generated/openapi.yaml, so both edits are ratios of one run."""
    root = work / "real-edit"
    shutil.rmtree(root, ignore_errors=True)
    spec = root / "spec"
    out = root / "generated"
    shutil.copytree(repo / "spec", spec, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    shutil.copytree(repo / "generated", out, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    target = sorted((spec / "services").glob("*.yaml"))[0]
    peer = PEERS[0]
    peer.check()
    fresh: list[float] = []
    warm: list[float] = []
    peer_full: list[float] = []
    started = time.perf_counter()
    for i in range(reps):
        for runs in (fresh, warm):
            if runs is fresh:
                _forget_caches(spec, out, root)
            marker = f"bench-{i}-{len(runs)}-{secrets.token_hex(4)}"
            data = yaml.safe_load(target.read_text(encoding="utf-8"))
            data["description"] = f"{str(data.get('description', '')).split(' (edited')[0]} (edited {marker})"
            target.write_text(yaml.safe_dump(data, sort_keys=False, width=100, allow_unicode=True), encoding="utf-8")
            run = gen.run(spec, out, root, cold=False)
            if run.returncode != 0 or not _contains(out / "python", marker):
                raise BenchError(f"the edit of {target.name} ({marker}) did not reach the generated SDK:\n{run.tail()}")
            runs.append(run.seconds)
        peer_full.append(peer.cold(repo / "generated" / "openapi.yaml", root, i).seconds)
        if time.perf_counter() - started > 2 * budget:
            break
    peer_s = median(peer_full)
    result = {
        "services": len(list((spec / "services").glob("*.yaml"))),
        "edited": target.name,
        "peer": peer.name,
        "peer_full_s": round(peer_s, 4),
        "fresh_clone_edit_s": round(median(fresh), 4),
        "one_edit_s": round(median(warm), 4),
        "fresh_clone_edit_vs_peer": round(median(fresh) / peer_s, 3),
        "one_edit_vs_peer": round(median(warm) / peer_s, 3),
        "n": len(fresh),
    }
    shutil.rmtree(root, ignore_errors=True)
    log(f"real spec edit: fresh clone {result['fresh_clone_edit_vs_peer']:.2f}x, warm {result['one_edit_vs_peer']:.2f}x of {peer.name}'s {peer_s:.2f} s")
    return result


def linear_fit(points: Sequence[tuple[int, float]]) -> dict[str, float]:
    """Least squares ``seconds = fixed + per_service * services``: the per-service cost
    without the start-up every run pays, to judge growth beyond the 1.5x rule."""
    n = len(points)
    if n < 2:
        return {}
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    return {"fixed_s": round(mean_y - slope * mean_x, 4), "per_service_s": round(slope, 5)}
