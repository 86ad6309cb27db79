"""A local Spark API driven by the spec: ``sparkgen serve`` and its in-process form.

There is one server engine, and it lives in the SDK's template
``templates/python/sparkapi/testing/_server.py.j2``: plain, data-driven Python that
the SDK ships as ``sparkapi.testing``. This package does not describe the API a second
time; it renders that same template and runs it, on the data that
``spec_data`` lays out from the IR with the very template partial the SDK's
``_spec.py`` is rendered from. So `sparkgen serve --spec DIR` serves exactly what an
SDK generated from DIR would ship, and the two can never drift apart.

    from generator.serve import SparkServer

    with SparkServer(project, tokens={"demo": "private"}) as server:
        httpx.get(f"{server.url}/v1/listingcarts", headers=...)
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Callable, Mapping, Protocol, Self, Sequence

import jinja2

from generator.render import make_environment
from generator.spec.model import Project

__all__ = ["ENGINE_TEMPLATE", "SPEC_TEMPLATE", "SparkServer", "load_engine", "spec_data"]

# The directory generator.cli renders from (not imported from there: cli imports us).
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ENGINE_TEMPLATE = "python/sparkapi/testing/_server.py.j2"
SPEC_TEMPLATE = "python/_serve_spec.json.j2"
_ENGINE_MODULE = "generator.serve._engine"


def spec_data(project: Project, templates_dir: Path = TEMPLATES) -> dict[str, Any]:
    """The IR laid out as the engine's data: the same JSON the SDK's ``_spec.py`` holds."""
    env = make_environment(templates_dir, project)
    data: dict[str, Any] = json.loads(env.get_template(SPEC_TEMPLATE).render(project=project, api=project.api))
    return data


@functools.cache
def load_engine() -> ModuleType:
    """The engine module, executed from the text its SDK template renders to.

    The template holds no project data (only a header line), so it is rendered once per
    process. Tracebacks point at the template file, whose line numbers it keeps.
    """
    path = TEMPLATES / ENGINE_TEMPLATE
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    source = env.get_template(ENGINE_TEMPLATE).render(header=f"# Loaded by sparkgen serve from {ENGINE_TEMPLATE}.")
    module = ModuleType(_ENGINE_MODULE)
    module.__file__ = str(path)
    sys.modules[_ENGINE_MODULE] = module  # dataclasses look their module up while being built
    exec(compile(source, str(path), "exec"), module.__dict__)
    return module


class _App(Protocol):
    @property
    def operation_count(self) -> int: ...


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
        faults: The engine's ``Faults`` settings by name: ``rate``, ``seed``, ``kinds``,
            ``slow_delay``, ``retry_after``.
        log: Called with one line per request.

    Raises ValueError for a role, fixture or fault setting the engine does not accept.
    """

    def __init__(
        self,
        project: Project,
        tokens: Mapping[str, str],
        *,
        port: int = 0,
        fixtures: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        faults: Mapping[str, Any] | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        engine = load_engine()
        self._server: _Engine = engine.SparkServer(
            spec_data(project),
            tokens=tokens,
            fixtures=fixtures,
            faults=engine.Faults(**faults) if faults else None,
            port=port,
            log=log,
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

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
