"""``sparkgen serve``: its options and what it does, so that generator/cli.py only wires
the command up (``@serve_options`` and one call of ``run``)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from generator.ir.model import ROLES, Project

__all__ = ["run", "serve_options"]

F = TypeVar("F", bound=Callable[..., Any])


def _tokens(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """``TOKEN:ROLE`` pairs -> {token: role}; the role is whatever follows the last colon."""
    tokens: dict[str, str] = {}
    for value in values:
        token, _, role = value.rpartition(":")
        if not token or role not in ROLES:
            raise click.BadParameter(f"expected TOKEN:ROLE with ROLE one of {', '.join(ROLES)}", ctx, param)
        tokens[token] = role
    return tokens


def _counts(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, int]:
    """``NAME=COUNT`` pairs -> {name: count}."""
    counts: dict[str, int] = {}
    for value in values:
        name, _, count = value.partition("=")
        if not name or not count.isdigit():
            raise click.BadParameter("expected NAME=COUNT, e.g. listings=500", ctx, param)
        counts[name] = int(count)
    return counts


def _pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """``TOKEN=VALUE`` pairs -> {token: value}."""
    pairs: dict[str, str] = {}
    for value in values:
        token, _, given = value.partition("=")
        if not token or not given:
            raise click.BadParameter("expected TOKEN=VALUE", ctx, param)
        pairs[token] = given
    return pairs


def _kinds(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    return tuple(kind.strip() for kind in value.split(",") if kind.strip()) if value else None


_OPTIONS = (
    click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="The port on 127.0.0.1 (0 picks a free one)."),
    click.option(
        "--token",
        "tokens",
        multiple=True,
        required=True,
        metavar="TOKEN:ROLE",
        callback=_tokens,
        help=f"An access token the server accepts and its role ({', '.join(ROLES)}); repeatable.",
    ),
    click.option(
        "--fixtures",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help='A JSON file of records to seed, by accessor or model: {"listing_carts": [{...}]}.',
    ),
    click.option(
        "--records",
        multiple=True,
        metavar="NAME=COUNT",
        callback=_counts,
        help="Grow a collection (accessor or model) to COUNT records made up from the spec's samples; repeatable.",
    ),
    click.option("--seed", type=int, default=0, show_default=True, help="Seed of the made-up records (same seed, same records)."),
    click.option("--fault-rate", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True, help="The share of requests that get a fault."),
    click.option("--fault-seed", type=int, help="Seed of the fault draws, for a repeatable run."),
    click.option(
        "--faults",
        "fault_kinds",
        callback=_kinds,
        metavar="KINDS",
        help="Comma-separated fault kinds: rate_limit, server_error, slow, drop (default: all).",
    ),
    click.option("--slow-delay", type=click.FloatRange(0.0), default=1.0, show_default=True, help="Seconds a slow answer waits."),
    click.option(
        "--replication-token",
        "replication_tokens",
        multiple=True,
        metavar="TOKEN",
        help="Play the replication host: this token (also given with --token) has the replication role and pages up to "
        "1000 records; every other token gets code 1021. Repeatable.",
    ),
    click.option(
        "--user",
        "users",
        multiple=True,
        metavar="TOKEN=USER",
        callback=_pairs,
        help="The user a token acts for, where the spec keeps records per user (default: each token is its own user); repeatable.",
    ),
    click.option(
        "--contact",
        "contacts",
        multiple=True,
        metavar="TOKEN=CONTACT_ID",
        callback=_pairs,
        help="The contact a VOW or portal token signed in as: it sees only that contact's records; repeatable.",
    ),
)


def serve_options(function: F) -> F:
    """Add the options of `sparkgen serve` to a click command."""
    for option in reversed(_OPTIONS):
        function = option(function)
    return function


def run(
    project: Project,
    *,
    port: int,
    tokens: dict[str, str],
    fixtures: Path | None,
    records: dict[str, int],
    seed: int,
    fault_rate: float,
    fault_seed: int | None,
    fault_kinds: tuple[str, ...] | None,
    slow_delay: float,
    replication_tokens: tuple[str, ...] = (),
    users: dict[str, str] | None = None,
    contacts: dict[str, str] | None = None,
) -> None:
    """Serve ``project`` on 127.0.0.1 until Ctrl-C, logging each request to stderr."""
    from generator.serve import SparkServer  # loads the engine only when serving

    faults: dict[str, Any] = {"rate": fault_rate, "seed": fault_seed, "slow_delay": slow_delay}
    if fault_kinds is not None:
        faults["kinds"] = fault_kinds
    try:
        seeded = json.loads(fixtures.read_text(encoding="utf-8")) if fixtures else None
        server = SparkServer(
            project,
            tokens,
            port=port,
            fixtures=seeded,
            records=records,
            seed=seed,
            faults=faults,
            log=lambda line: click.echo(line, err=True),
            replication=replication_tokens or None,
            users=users,
            contacts=contacts,
        )
    except ValueError as exc:  # bad JSON, fixtures that do not fit the spec, bad fault kinds
        raise click.UsageError(str(exc)) from None
    try:
        server.start()
    except OSError as exc:  # the port is taken, or not ours to use
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    try:
        roles = ", ".join(sorted(set(tokens.values())))
        click.echo(f"Serving {server.operation_count} operations at {server.url}/{project.api.version} for {len(tokens)} token(s) ({roles}); Ctrl-C stops.")
        threading.Event().wait()  # the server answers in its own thread
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.stop()
