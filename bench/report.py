"""Turning one run's results into targets met or missed, Markdown tables and a chart.

The targets are the ones issue 8 set. They are judged and reported, never asserted:
``make bench`` fails on a crash or a wrong result, not on a slow machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TARGETS_HEADER = "| Measure | sparkgen / sparkapi | Compared with | Ratio | Target | Met |\n|---|---|---|---|---|---|"


def _met(value: float | None, limit: float, *, at_least: bool = False) -> bool | None:
    if value is None:
        return None
    return value >= limit if at_least else value <= limit


def _speed_text(speedup: float | None) -> str:
    if speedup is None:
        return "-"
    return f"{speedup:.2f}x faster" if speedup >= 1 else f"{1 / speedup:.2f}x slower"


def _edit_rows(
    where: str, peer: str | None, peer_s: float | None, warm_s: float, warm_ratio: float | None, fresh_s: float | None, fresh_ratio: float | None
) -> list[dict[str, Any]]:
    """The edit loop: one service edited, warm and in a fresh clone, as a fraction of the
    peer's full generation of the same API in the same run (target <= 0.10x)."""
    rows = []
    for kind, seconds, ratio in (("warm", warm_s, warm_ratio), ("fresh clone", fresh_s, fresh_ratio)):
        if seconds is None:
            continue
        rows.append(
            {
                "id": f"one_edit_{kind.replace(' ', '_')}_{where.split()[0]}",
                "measure": f"One service edited, {kind}, {where}",
                "ours": f"{seconds:.2f} s",
                "other": f"{peer} full run {peer_s:.2f} s" if peer_s else "no peer available",
                "ratio": ratio,
                "ratio_text": f"{ratio:.2f}x" if ratio is not None else "-",
                "target": "<= 0.10x the peer's full run",
                "met": _met(ratio, 0.10) if ratio is not None else None,
            }
        )
    return rows


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target: what was measured, what it is compared with, and whether it is met."""
    gen = results["generation"]
    field = gen["field"]
    size = field["services"]
    tools = field["tools"]
    peers = {name: t for name, t in tools.items() if name != "sparkgen" and "median_s" in t}
    fastest = field["fastest_peer"]
    warm = gen["warm"]
    scaling = gen["scaling"]
    first, last = scaling[0], scaling[-1]
    growth = last["s_per_service"] / first["s_per_service"]
    decode = results["decode"]["vs_json_loads"]
    per_call = results["decode"]["per_call_us"]
    overhead = results["overhead"]
    imports = results["import"]
    rows: list[dict[str, Any]] = [
        {
            "id": "cold_vs_field",
            "measure": f"Cold generation, {size} services",
            "ours": f"{tools['sparkgen']['median_s']:.2f} s",
            "other": f"{fastest} {peers[fastest]['median_s']:.2f} s" if fastest else "no peer available",
            "ratio": field["speedup_vs_fastest_peer"],
            "ratio_text": _speed_text(field["speedup_vs_fastest_peer"]),
            "target": "faster than every peer",
            "met": _met(field["speedup_vs_fastest_peer"], 1.0, at_least=True),
        },
        *_edit_rows(f"{warm['services']} services", warm.get("peer"), warm.get("peer_full_s"),
                    warm["one_edit"]["median_s"], warm.get("one_edit_vs_peer"),
                    warm.get("fresh_clone_edit", {}).get("median_s"), warm.get("fresh_clone_edit_vs_peer")),
        *(
            _edit_rows(f"real spec ({real['services']} services)", real["peer"], real["peer_full_s"],
                       real["one_edit_s"], real["one_edit_vs_peer"], real["fresh_clone_edit_s"], real["fresh_clone_edit_vs_peer"])
            if (real := gen.get("edit_real")) else []
        ),
        {
            "id": "nothing_changed",
            "measure": f"Nothing changed, {warm['services']} services",
            "ours": f"{warm['nothing_changed']['median_s']:.3f} s",
            "other": "-",
            "ratio": None,
            "ratio_text": "-",
            "target": "<= 0.3 s",
            "met": _met(warm["nothing_changed"]["median_s"], 0.3),
        },
        {
            "id": "linear",
            "measure": f"Time per service, {last['services']} vs {first['services']} services",
            "ours": f"{1000 * last['s_per_service']:.1f} ms",
            "other": f"{1000 * first['s_per_service']:.1f} ms",
            "ratio": round(growth, 2),
            "ratio_text": f"{growth:.2f}x",
            "target": "<= 1.5x",
            "met": _met(growth, 1.5),
        },
        {
            "id": "decode",
            "measure": "Decode 25 listings (bytes -> models)",
            "ours": f"{per_call['sparkapi']:.0f} us",
            "other": f"json.loads {per_call['json.loads']:.0f} us",
            "ratio": decode["sparkapi"],
            "ratio_text": f"{decode['sparkapi']:.2f}x",
            "target": "<= 1.0x",
            "met": _met(decode["sparkapi"], 1.0),
        },
        {
            "id": "decode_vs_pydantic",
            "measure": "Decode 25 listings vs pydantic v2",
            "ours": f"{per_call['sparkapi']:.0f} us",
            "other": f"pydantic {per_call['pydantic']:.0f} us",
            "ratio": round(per_call["sparkapi"] / per_call["pydantic"], 3),
            "ratio_text": f"{per_call['sparkapi'] / per_call['pydantic']:.2f}x",
            "target": "<= 1.0x",
            "met": _met(per_call["sparkapi"] / per_call["pydantic"], 1.0),
        },
        {
            "id": "decode_access",
            "measure": "Decode + read every attribute",
            "ours": f"{per_call['sparkapi+access']:.0f} us",
            "other": f"json.loads {per_call['json.loads']:.0f} us",
            "ratio": decode["sparkapi+access"],
            "ratio_text": f"{decode['sparkapi+access']:.2f}x",
            "target": "<= 1.0x",
            "met": _met(decode["sparkapi+access"], 1.0),
        },
        {
            "id": "decode_access_vs_pydantic",
            "measure": "Decode + read every attribute vs pydantic v2",
            "ours": f"{per_call['sparkapi+access']:.0f} us",
            "other": f"pydantic {per_call['pydantic+access']:.0f} us",
            "ratio": round(per_call["sparkapi+access"] / per_call["pydantic+access"], 3),
            "ratio_text": f"{per_call['sparkapi+access'] / per_call['pydantic+access']:.2f}x",
            "target": "< 1.0x (ahead of pydantic)",
            "met": per_call["sparkapi+access"] < per_call["pydantic+access"],
        },
        *(
            [
                {
                    "id": "memory",
                    "measure": f"Resident after decoding {memory['records']:,} listings",
                    "ours": f"{memory['parsed_bytes'] / 2**20:.1f} MiB",
                    "other": f"body {memory['body_bytes'] / 2**20:.1f} MiB",
                    "ratio": memory["parsed_vs_body"],
                    "ratio_text": f"{memory['parsed_vs_body']:.2f}x (all read: {memory['read_all_vs_body']:.2f}x)",
                    "target": "<= 2x the body",
                    "met": _met(memory["parsed_vs_body"], 2.0),
                }
            ]
            if (memory := results["decode"].get("memory"))
            else []
        ),
        {
            "id": "sync_overhead",
            "measure": f"1,000 sync get calls (server floor {overhead['floor_ms']:.3f} ms)",
            "ours": f"{overhead['sync']['sparkapi_ms']:.3f} ms/call",
            "other": f"httpx {overhead['sync']['httpx_ms']:.3f} ms/call",
            "ratio": overhead["sync"]["ratio"],
            "ratio_text": f"{overhead['sync']['ratio']:.2f}x",
            "target": "<= 1.10x",
            "met": _met(overhead["sync"]["ratio"], 1.10),
        },
        {
            "id": "async_overhead",
            "measure": f"1,000 async get calls, {overhead['in_flight']} in flight",
            "ours": f"{overhead['async']['sparkapi_ms']:.3f} ms/call",
            "other": f"httpx {overhead['async']['httpx_ms']:.3f} ms/call",
            "ratio": overhead["async"]["ratio"],
            "ratio_text": f"{overhead['async']['ratio']:.2f}x",
            "target": "<= 1.10x",
            "met": _met(overhead["async"]["ratio"], 1.10),
        },
        {
            "id": "import",
            "measure": "import sparkapi (-X importtime)",
            "ours": f"{imports['sparkapi_ms']:.1f} ms",
            "other": f"httpx alone {imports['httpx_ms']:.1f} ms",
            "ratio": None,
            "ratio_text": f"+{imports['added_ms']:.1f} ms",
            "target": "adds <= 30 ms",
            "met": _met(imports["added_ms"], 30.0),
        },
    ]
    sparkql = results.get("sparkql")
    if sparkql:
        rows.append(
            {
                "id": "sparkql_parse",
                "measure": f"SparkQL parse, {sparkql['conditions']} conditions",
                "ours": f"{sparkql['parse_us']:.0f} us",
                "other": f"one local listings request {sparkql['request_ms']:.2f} ms",
                "ratio": None,
                "ratio_text": f"{sparkql['parse_us'] / 1000 / sparkql['request_ms']:.2f}x",
                "target": "reported",
                "met": None,
            }
        )
    replicated = results.get("replication")
    if replicated:
        rows.append(
            {
                "id": "replication",
                "measure": f"Replication into SQLite, {replicated['records']:,} listings",
                "ours": f"{replicated['records_per_s']:,.0f} records/s",
                "other": f"{replicated['wall_s']:.1f} s, pages of {replicated['limit']}",
                "ratio": None,
                "ratio_text": "-",
                "target": ">= 5,000 records/s",
                "met": _met(replicated["records_per_s"], 5000.0, at_least=True),
            }
        )
    return rows


def _mark(met: bool | None) -> str:
    return "n/a" if met is None else ("yes" if met else "**no**")


def targets_table(rows: list[dict[str, Any]]) -> str:
    lines = [TARGETS_HEADER]
    for r in rows:
        lines.append(f"| {r['measure']} | {r['ours']} | {r['other']} | {r['ratio_text']} | {r['target']} | {_mark(r['met'])} |")
    return "\n".join(lines)


def generation_table(results: dict[str, Any]) -> str:
    gen = results["generation"]
    lines = [
        "| Generator, cold | Services | Time (s) | ms / service | Python lines / service | Peak RSS (MiB) | Runs |",
        "|---|---|---|---|---|---|---|",
    ]
    real = gen["real_spec"]
    lines.append(
        f"| sparkgen, spec/ | {real['services']} | {real['median_s']:.2f} | {1000 * real['median_s'] / real['services']:.0f} "
        f"| {real['py_lines'] / real['services']:.0f} | {real['peak_rss_mib']:.0f} | {real['n']} |"
    )
    for row in gen["scaling"]:
        lines.append(
            f"| sparkgen, synthetic | {row['services']} | {row['median_s']:.2f} | {1000 * row['s_per_service']:.1f} "
            f"| {row['py_lines_per_service']:.0f} | {row['peak_rss_mib']:.0f} | {row['n']} |"
        )
    field = gen["field"]
    size = field["services"]
    for name, tool in field["tools"].items():
        if name == "sparkgen":
            continue
        if "median_s" not in tool:
            lines.append(f"| {name} {tool.get('version', '')} | {size} | unavailable: {tool['unavailable']} | | | | |")
            continue
        lines.append(
            f"| {name} {tool['version']} | {size} | {tool['median_s']:.2f} | {1000 * tool['median_s'] / size:.1f} "
            f"| {tool['py_lines'] / size:.0f} | {tool['peak_rss_mib']:.0f} | {tool['n']} |"
        )
    return "\n".join(lines)


def decode_table(results: dict[str, Any]) -> str:
    decode = results["decode"]
    per_call = decode["per_call_us"]
    ratio = decode["vs_json_loads"]
    lines = [
        f"| Decoder ({decode['records']} listings, {decode['payload_bytes'] // 1024} KiB) | Decode (us) | x json.loads | Decode + read all (us) | x json.loads |",
        "|---|---|---|---|---|",
    ]
    for name in ("json.loads", "orjson.loads"):
        lines.append(f"| {name} (dicts, untyped) | {per_call[name]:.0f} | {ratio[name]:.2f} | | |")
    for name in ("sparkapi", "pydantic", "msgspec", "dataclass"):
        access = f"{name}+access"
        lines.append(f"| {name} | {per_call[name]:.0f} | {ratio[name]:.2f} | {per_call[access]:.0f} | {ratio[access]:.2f} |")
    return "\n".join(lines)


def machine_line(machine: dict[str, Any]) -> str:
    versions = machine["versions"]
    shown = ", ".join(f"{k} {v}" for k, v in versions.items())
    return (
        f"{machine['cpu_model']}, {machine['cores']} cores, {machine['memory_gib']} GiB, Python {machine['python']}, "
        f"load average {machine['load_average_start'][0]:.1f} at start; {shown}."
    )


def markdown(results: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    mode = "QUICK" if results["quick"] else "full"
    return "\n\n".join(
        [
            f"Measured by `make bench{' QUICK=1' if results['quick'] else ''}` ({mode} run, {results['duration_s']:.0f} s), medians of repeated runs:",
            targets_table(rows),
            generation_table(results),
            decode_table(results),
            f"Machine: {machine_line(results['machine'])}",
        ]
    )


def chart(results: dict[str, Any], rows: list[dict[str, Any]], target: Path) -> None:
    """Four panels: generation against peers, per-service scaling, decode and call overhead."""
    import matplotlib

    matplotlib.use("Agg")  # no display here or in CI
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    gen = results["generation"]
    field = gen["field"]
    warm = gen["warm"]
    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    fig.suptitle(
        f"sparkgen benchmarks ({'QUICK' if results['quick'] else 'full'} run; {results['machine']['cpu_model']}, "
        f"{results['machine']['cores']} cores, Python {results['machine']['python']})",
        fontsize=11,
    )

    ax = axes[0][0]
    labels, values, colours = [], [], []
    short = {"sparkgen": "sparkgen", "openapi-python-client": "openapi-\npython-client", "openapi-generator": "OpenAPI\nGenerator"}
    for name, tool in field["tools"].items():
        if "median_s" in tool:
            labels.append(f"{short.get(name, name)}\ncold")
            values.append(tool["median_s"])
            colours.append("#2b6cb0" if name == "sparkgen" else "#a0aec0")
    labels += ["sparkgen\none edit", "sparkgen\nno change"]
    values += [warm["one_edit"]["median_s"], warm["nothing_changed"]["median_s"]]
    colours += ["#38a169", "#38a169"]
    bars = ax.bar(labels, values, color=colours)
    ax.bar_label(bars, labels=[f"{v:.2f} s" for v in values], fontsize=8)
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 3.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.axhline(0.3, color="#c53030", linestyle="--", linewidth=1, label="0.3 s target (warm)")
    ax.set_ylabel("seconds (log)")
    ax.set_title(f"Generation, {field['services']} synthetic services", fontsize=10)
    ax.legend(fontsize=8)
    ax.tick_params(axis="x", labelsize=8)

    ax = axes[0][1]
    sizes = [r["services"] for r in gen["scaling"]]
    per_service = [1000 * r["s_per_service"] for r in gen["scaling"]]
    ax.plot(sizes, per_service, marker="o", color="#2b6cb0", label="sparkgen cold, ms per service")
    ax.axhline(1.5 * per_service[0], color="#c53030", linestyle="--", linewidth=1, label=f"1.5x the {sizes[0]}-service value")
    for x, y, r in zip(sizes, per_service, gen["scaling"], strict=True):
        ax.annotate(f"{y:.0f} ms\n{r['peak_rss_mib']:.0f} MiB", (x, y), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(0, max(per_service + [1.5 * per_service[0]]) * 1.35)
    ax.set_xlabel("services in the spec")
    ax.set_ylabel("ms per service")
    ax.set_title("Scaling (annotated: peak RSS)", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")

    ax = axes[1][0]
    ratio = results["decode"]["vs_json_loads"]
    names = ["sparkapi", "pydantic", "msgspec", "dataclass"]
    y = range(len(names))
    plain = ax.barh([i - 0.2 for i in y], [ratio[n] for n in names], height=0.4, color="#2b6cb0", label="decode")
    full = ax.barh([i + 0.2 for i in y], [ratio[f"{n}+access"] for n in names], height=0.4, color="#90cdf4", label="decode + read every attribute")
    for bars in (plain, full):
        ax.bar_label(bars, labels=[f"{b.get_width():.2f}x" for b in bars], fontsize=8, padding=2)
    ax.set_yticks(list(y), names)
    ax.invert_yaxis()
    ax.set_xlim(0, max(max(ratio.values()), 2.0) * 1.6)
    ax.axvline(1.0, color="#c53030", linestyle="--", linewidth=1, label="json.loads (decode target)")
    ax.axvline(2.0, color="#dd6b20", linestyle=":", linewidth=1, label="2x (decode + read target)")
    ax.set_xlabel("time relative to json.loads of the same bytes")
    ax.set_title(f"Decode: {results['decode']['records']} listings, {results['decode']['payload_bytes'] // 1024} KiB", fontsize=10)
    ax.legend(fontsize=8, loc="upper right")

    ax = axes[1][1]
    overhead = results["overhead"]
    imports = results["import"]
    labels = ["sync\n1,000 calls", f"async\n{overhead['in_flight']} in flight"]
    values = [overhead["sync"]["ratio"], overhead["async"]["ratio"]]
    bars = ax.bar(labels, values, color="#2b6cb0", width=0.5)
    ax.bar_label(bars, labels=[f"{v:.2f}x" for v in values], fontsize=9)
    ax.axhline(1.10, color="#c53030", linestyle="--", linewidth=1, label="1.10x target")
    ax.axhline(1.0, color="#718096", linewidth=0.8)
    ax.set_ylim(0.8, max(values + [1.1]) * 1.15)
    ax.set_ylabel("SDK time / bare httpx time")
    ax.set_title(
        f"Per-call overhead (server floor {overhead['floor_ms']:.2f} ms/request)\n"
        f"import sparkapi adds {imports['added_ms']:.1f} ms to httpx's {imports['httpx_ms']:.0f} ms",
        fontsize=10,
    )
    ax.legend(fontsize=8)

    fig.tight_layout()
    fig.savefig(target, dpi=90)
    plt.close(fig)
