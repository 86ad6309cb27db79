"""A local Spark API driven by the spec: ``sparkgen serve`` and its in-process form.

There is one server engine, ``runtime/sparkapi/testing/_server.py``: plain,
data-driven, standard-library Python that the SDK ships as ``sparkapi.testing``. This
package does not describe the API a second time; it imports that same file and runs
it on the data ``serve_data`` builds from the IR, which is what the SDK ships as
``sparkapi/testing/spec.json``. So `sparkgen serve --spec DIR` serves exactly what an
SDK generated from DIR would ship, and the two can never drift apart.

    from generator.serve import SparkServer

    with SparkServer(project, tokens={"demo": "private"}) as server:
        httpx.get(f"{server.url}/v1/listingcarts", headers=...)
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Callable, Mapping, Protocol, Self, Sequence

from generator.serve.data import serve_data
from generator.ir.model import Project

__all__ = ["ENGINE", "SparkServer", "load_engine", "serve_data"]

ENGINE = Path(__file__).resolve().parents[2] / "runtime" / "sparkapi" / "testing" / "_server.py"
_ENGINE_MODULE = "generator.serve._engine"
_DESK_MODULE = "generator.serve._auth_desk"
_FILTER_MODULE = "generator.serve._filter"
_GRAMMAR_MODULE = "generator._sparkql_grammar"  # what "from .._sparkql_grammar" resolves to
_RULES_MODULE = "generator._filter_rules"  # and "from .._filter_rules"


@functools.cache
def load_engine() -> ModuleType:
    """The engine module, imported from its file in the runtime (it needs only the
    standard library, so it runs without the SDK installed)."""
    # The engine imports its siblings relatively: load them beside it first, the SparkQL
    # parser (sparkapi/_sparkql_grammar.py, which _filter.py imports from its parent
    # package) first of all.
    for name, path in (
        (_GRAMMAR_MODULE, ENGINE.parents[1] / "_sparkql_grammar.py"),
        (_RULES_MODULE, ENGINE.parents[1] / "_filter_rules.py"),
        (_DESK_MODULE, ENGINE.with_name("_auth_desk.py")),
        (_FILTER_MODULE, ENGINE.with_name("_filter.py")),
    ):
        sibling = importlib.util.spec_from_file_location(name, path)
        assert sibling is not None and sibling.loader is not None
        sys.modules[name] = module = importlib.util.module_from_spec(sibling)
        sibling.loader.exec_module(module)
    spec = importlib.util.spec_from_file_location(_ENGINE_MODULE, ENGINE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_ENGINE_MODULE] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


class _ReceivedFile(Protocol):
    @property
    def field(self) -> str: ...

    @property
    def content(self) -> bytes: ...


class _App(Protocol):
    @property
    def operation_count(self) -> int: ...

    @property
    def uploads(self) -> Sequence[_ReceivedFile]: ...


class _Engine(Protocol):
    """What this package uses of the engine's ``SparkServer`` (typed for mypy)."""

    @property
    def app(self) -> _App: ...

    @property
    def url(self) -> str: ...

    def start(self) -> object: ...

    def stop(self) -> None: ...

    def reset(self) -> None: ...


class SparkServer:
    """The engine of ``sparkapi.testing`` serving a project, on ``127.0.0.1``.

    Args:
        project: The validated spec to serve.
        tokens: Access token -> role (idx, public, vow, portal or private).
        port: The port to listen on; 0 picks a free one (see ``url``).
        fixtures: Records to seed, by accessor or model name.
        records: How many records a collection holds, by accessor or model name, made up
            from the spec beyond its seeds; ``seed`` makes them repeatable.
        faults: The engine's ``Faults`` settings by name: ``rate``, ``seed``, ``kinds``,
            ``slow_delay``, ``retry_after``.
        log: Called with one line per request.
        replication: Tokens with the replication role; given, the server plays the
            replication host (pages of up to 1000 records; other tokens get code 1021).
        users: Access token -> its user, for per_user resources (default: the token).
        contacts: Access token -> the contact a VOW or portal token signed in as.

    Raises ValueError for a role, fixture or fault setting the engine does not accept.
    """

    def __init__(
        self,
        project: Project,
        tokens: Mapping[str, str],
        *,
        port: int = 0,
        fixtures: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        records: Mapping[str, int] | None = None,
        seed: int = 0,
        faults: Mapping[str, Any] | None = None,
        log: Callable[[str], None] | None = None,
        replication: Sequence[str] | None = None,
        users: Mapping[str, str] | None = None,
        contacts: Mapping[str, str] | None = None,
    ) -> None:
        engine = load_engine()
        self._server: _Engine = engine.SparkServer(
            serve_data(project),
            tokens=tokens,
            fixtures=fixtures,
            records=records,
            seed=seed,
            faults=engine.Faults(**faults) if faults else None,
            port=port,
            log=log,
            replication=replication,
            users=users,
            contacts=contacts,
        )

    @property
    def operation_count(self) -> int:
        """How many operations of the spec the server answers."""
        return self._server.app.operation_count

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, the base URL to give a client."""
        return self._server.url

    def start(self) -> Self:
        """Answer in a background thread; returns at once."""
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def reset(self) -> None:
        """Forget every write, as if the server had just started."""
        self._server.reset()

    @property
    def uploads(self) -> Sequence[_ReceivedFile]:
        """Every file a request carried (its body field and decoded bytes), in order."""
        return self._server.app.uploads

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
