"""Every fenced ``python`` block of generated/docs runs, as written, against a local server.

The docs promise that each example runs given ``sparkapi`` and a ``client``; here the
client talks to ``ExampleServer``, which answers with the documented responses. An
example fails the build when it raises, when it calls something the spec does not
document, or when it sends a request body other than the one the docs show for it.
"""

from __future__ import annotations

import pytest

import sparkapi
from sparkapi.testing import SparkTestServer
from generator.ir.model import Project

from .conftest import Block, all_blocks
from .server import ExampleServer

EXAMPLES = all_blocks("python")
AUTH_PAGE = "authentication.md"


def test_the_docs_have_examples() -> None:
    assert len(EXAMPLES) >= 10, "the python examples of generated/docs were not found"


@pytest.mark.parametrize("block", EXAMPLES, ids=[b.where for b in EXAMPLES])
def test_example_runs_against_the_documented_responses(
    block: Block, example_server: ExampleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    if block.page.name == AUTH_PAGE:
        # The sign-in flows need the engine's sign-in side; the page says it runs there.
        with SparkTestServer() as server:
            monkeypatch.setenv("SPARK_BASE_URL", server.url)
            monkeypatch.setenv("SPARK_PLATFORM_URL", server.url)
            with server.client(user_agent="sparkgen-docs/1.0") as client:
                namespace = {"__name__": "__docs_example__", "sparkapi": sparkapi, "client": client}
                exec(compile(block.code, block.where, "exec"), namespace)
        return
    monkeypatch.setenv("SPARK_PLATFORM_URL", example_server.url)  # URLs the API hands out
    start = len(example_server.exchanges)
    with sparkapi.SparkClient(access_token="docs-token", user_agent="sparkgen-docs/1.0", base_url=example_server.url) as client:
        namespace = {"__name__": "__docs_example__", "sparkapi": sparkapi, "client": client}
        exec(compile(block.code, block.where, "exec"), namespace)
    exchanges = example_server.exchanges[start:]
    unknown = [f"{e.method} {e.path}" for e in exchanges if e.route is None]
    assert not unknown, f"{block.where} calls what the spec does not document: {unknown}"
    for exchange in exchanges:
        assert not exchange.undocumented_body, (
            f"{block.where}: {exchange.route.label if exchange.route else ''} sent {exchange.body}, "
            "which is not the request body the docs show"
        )


def test_every_operation_has_an_example(project: Project) -> None:
    """Each generated method is called by at least one example (which the test above runs)."""
    code = "\n".join(b.code for b in EXAMPLES)
    missing = [
        f"client.{r.dotted}.{op.name}"
        for s in project.services
        for r in s.mounts
        for op in r.operations
        if f"client.{r.dotted}.{op.name}(" not in code
    ]
    assert not missing, f"operations without an example in the docs: {missing}"
