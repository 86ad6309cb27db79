"""``make bench``: the generator and the generated SDK, timed beside the tools people would
otherwise use.

Run as ``python -m bench [--quick]`` from the repository root, inside the bench
environment (``.venv-bench``, built by ``make bench``), never from the test suite: the
numbers depend on the machine and its load, so they are reported, not asserted.

Each measurement that needs a clean interpreter (generation, decoding, the HTTP client,
imports) runs in its own process; this package's ``__main__`` only orchestrates, and
writes ``bench/results.json``, ``bench/results.png`` and a Markdown table.
"""
