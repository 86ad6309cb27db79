# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_login.py; edit it there.
"""``sparkapi login`` / ``sparkapi logout``: OAuth 2 sign-in from a terminal, and the
token file ``SparkClient()`` reads when it is given no token. (``sparkapi replicate``
lives in ``_replication``.)

``login`` listens on 127.0.0.1 for the platform's redirect, prints the authorization
URL (and opens it where a browser exists), exchanges the code, and stores the tokens
with the client id and secret (so they can be refreshed) in a file only its owner may
read (mode 0600): ``$SPARK_TOKEN_FILE``, or ``sparkapi/token.json`` under the user's
config directory (``$XDG_CONFIG_HOME``, by default ``~/.config``). ``logout`` deletes it.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Callable, Sequence

from sparkapi._auth import OAuth2Token, TokenSet
from sparkapi._constants import TOKEN_FILE_ENV
from sparkapi._exceptions import SparkAPIError
from sparkapi._oauth import OAuth2Flow

__all__ = ["load_stored_token", "login", "logout", "main", "token_file"]

CLIENT_ID_ENV = "SPARK_CLIENT_ID"
CLIENT_SECRET_ENV = "SPARK_CLIENT_SECRET"
CALLBACK_PATH = "/callback"


def token_file() -> Path:
    """Where the tokens are kept: ``$SPARK_TOKEN_FILE``, else under the config dir."""
    configured = os.environ.get(TOKEN_FILE_ENV)
    if configured:
        return Path(configured).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "sparkapi" / "token.json"


def _write_private(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` readable by its owner only; the file is never world-readable,
    not even for a moment (created 0600, then replaced atomically)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, json.dumps(data, indent=1).encode())
    finally:
        os.close(fd)
    os.replace(staged, path)


def _store(path: Path, flow_data: dict[str, str], tokens: TokenSet) -> None:
    _write_private(path, {**flow_data, "tokens": tokens.to_dict()})


def load_stored_token(path: Path | None = None) -> OAuth2Token | None:
    """The stored tokens as credentials that refresh (and store their refreshes), or
    None when there is no token file."""
    path = path or token_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        tokens = TokenSet.from_dict(data["tokens"])
        flow_data = {
            k: str(data[k]) for k in ("client_id", "client_secret", "grant_url")
        }
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(
            f"the token file {path} is not one sparkapi wrote ({type(exc).__name__})"
        ) from None

    def keep(new: TokenSet) -> None:
        _store(path, flow_data, new)

    return OAuth2Token.from_token_set(
        tokens,
        client_id=flow_data["client_id"],
        client_secret=flow_data["client_secret"],
        grant_url=flow_data["grant_url"],
        on_refresh=keep,
    )


class _Callback(BaseHTTPRequestHandler):
    server: _CallbackServer  # pyright: ignore[reportIncompatibleVariableOverride]

    def do_GET(self) -> None:
        if not self.path.startswith(CALLBACK_PATH):
            self.send_error(404)
            return
        body = b"Signed in to sparkapi; you may close this window.\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.arrived.put(self.path)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the query holds the code: never logged


class _CallbackServer(HTTPServer):
    def __init__(self, port: int) -> None:
        self.arrived: queue.Queue[str] = queue.Queue()
        super().__init__(("127.0.0.1", port), _Callback)


def _open_browser(url: str) -> bool:
    import webbrowser

    try:
        return webbrowser.get().open(url)
    except webbrowser.Error:
        return False


def login(
    client_id: str,
    client_secret: str,
    *,
    port: int = 0,
    portal: str | None = None,
    path: Path | None = None,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
    timeout: float = 300.0,
    base_url: str | None = None,
    platform_url: str | None = None,
) -> Path:
    """Sign in in a browser, exchange the code, store the tokens; returns the file."""
    path = path or token_file()
    server = _CallbackServer(port)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        redirect_uri = f"http://127.0.0.1:{server.server_address[1]}{CALLBACK_PATH}"
        flow = OAuth2Flow(
            client_id=client_id,
            client_secret=client_secret,
            redirect_uri=redirect_uri,
            portal=portal,
            base_url=base_url,
            platform_url=platform_url,
        )
        url = flow.authorization_url()
        opened = open_browser and _open_browser(url)
        announce(
            (
                "Your browser was opened at:\n"
                if opened
                else "Open this URL in a browser:\n"
            )
            + url
        )
        try:
            callback = server.arrived.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(
                f"no redirect reached {redirect_uri} within {timeout:.0f} s"
            ) from None
        token = flow.exchange(callback)
    finally:
        server.shutdown()
        server.server_close()
    flow_data = {
        "client_id": client_id,
        "client_secret": client_secret,
        "grant_url": flow.url("grant_url"),
    }
    _store(
        path, flow_data, flow.last_tokens or TokenSet(token.access_token(), None, None)
    )
    return path


def logout(path: Path | None = None) -> bool:
    """Delete the token file; False when there was none."""
    path = path or token_file()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """The ``sparkapi`` console script."""
    parser = argparse.ArgumentParser(
        prog="sparkapi",
        description="Sign in to the Spark API, or replicate its data, from a terminal.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sign_in = commands.add_parser(
        "login", help="sign in with OAuth 2 and store the token"
    )
    sign_in.add_argument(
        "--client-id",
        default=os.environ.get(CLIENT_ID_ENV),
        help=f"default ${CLIENT_ID_ENV}",
    )
    sign_in.add_argument(
        "--client-secret",
        default=os.environ.get(CLIENT_SECRET_ENV),
        help=f"default ${CLIENT_SECRET_ENV}",
    )
    sign_in.add_argument(
        "--port",
        type=int,
        default=0,
        help="the 127.0.0.1 port of the redirect (default: any free one)",
    )
    sign_in.add_argument("--portal", help="a VOW portal's name: sign in on that portal")
    sign_in.add_argument("--no-browser", action="store_true", help="print the URL only")
    sign_in.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for the redirect"
    )
    commands.add_parser("logout", help="delete the stored token")
    from sparkapi import _replication

    _replication.add_arguments(
        commands.add_parser(
            "replicate",
            help="copy a collection into SQLite or PostgreSQL, resumably",
            description="Copy a replicable collection into a database; run it again to resume "
            "or to copy what changed since.",
        )
    )
    args = parser.parse_args(argv)
    if args.command == "replicate":
        return _replication.run_command(args)
    if args.command == "logout":
        print("Signed out." if logout() else "No stored token.")
        return 0
    if not args.client_id or not args.client_secret:
        parser.error(
            f"give --client-id and --client-secret (or set {CLIENT_ID_ENV} and {CLIENT_SECRET_ENV})"
        )
    try:
        path = login(
            args.client_id,
            args.client_secret,
            port=args.port,
            portal=args.portal,
            open_browser=not args.no_browser,
            timeout=args.timeout,
        )
    except (SparkAPIError, TimeoutError) as exc:
        print(f"sparkapi login failed: {exc}", file=sys.stderr)
        return 1
    print(f"Signed in; the token is stored in {path}")
    return 0
