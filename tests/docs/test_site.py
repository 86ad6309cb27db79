"""The browsable site: MkDocs builds it strictly, and a real browser shows it.

The site is built into build/site (as `make docs` does), served on 127.0.0.1 and opened
in headless Chromium, which must render the index and a service page with their tables
and find a service with the site's client-side search. The services shown are chosen
from the spec, by what they declare. Screenshots land in
build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.ir.model import Project, Service
from generator.ir.types import EnumType
from generator.coverage import group_of
from generator.render.docs import short_title
from tests.conftest import ROOT

from .browser import CHROMIUM, Browser
from .conftest import require_or_skip

SITE = ROOT / "build" / "site"
SCREENSHOTS = ROOT / "build" / "screenshots"
# Heading text without the permalink sign that the toc extension appends.
HEADINGS = "Array.from(document.querySelectorAll('article h1, article h2, article h3')).map(h => h.firstChild.textContent.trim())"
TABLE_HEADERS = "Array.from(document.querySelectorAll('article table thead')).map(t => t.innerText.replace(/\\s+/g, ' ').trim())"


def with_405(project: Project) -> Service:
    """The first service with an operation, a model of its own and a method the API
    answers with 405 (shared models are documented on their own pages)."""
    return next(
        s
        for s in project.services
        if any(m.operations for m in s.mounts)
        and s.models
        and any(e.not_implemented for m in s.mounts for e in m.endpoints)
    )


@pytest.fixture(scope="module")
def site() -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml")]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}"
    return SITE


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_or_skip(CHROMIUM.is_file(), f"headless Chromium ({CHROMIUM})")
    with Browser() as chromium:
        yield chromium


def test_the_site_has_a_page_per_service_and_a_search_index(site: Path, project: Project) -> None:
    assert (site / "index.html").is_file()
    for service in project.services:
        assert (site / service.module / "index.html").is_file(), service.module
    search_index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert all(short_title(service) in search_index for service in project.services)


def test_the_index_lists_the_services_by_group(browser: Browser, site_url: str, project: Project) -> None:
    browser.goto(f"{site_url}/")
    article = browser.evaluate("document.querySelector('article').innerText")
    headers = browser.evaluate(TABLE_HEADERS)
    assert "Service Python Operations What it is for" in headers
    assert any(h.startswith("Exception Base") for h in headers)
    assert "Service Specified Operations 405 methods Attributes" in headers
    headings = browser.evaluate(HEADINGS)
    groups = {group_of(service.title) for service in project.services}
    assert {"Services", "Errors", "Spec coverage", *groups} <= set(headings), headings
    for service in project.services:
        assert short_title(service) in article
    sidebar = browser.evaluate("document.querySelector('.md-nav--primary').innerText")
    shown = with_405(project)
    assert group_of(shown.title) in sidebar and short_title(shown) in sidebar, sidebar
    browser.screenshot(SCREENSHOTS / "index.png")


def test_a_service_page_shows_its_tables_and_examples(browser: Browser, site_url: str, project: Project) -> None:
    service = with_405(project)
    browser.goto(f"{site_url}/{service.module}/")
    assert browser.evaluate(HEADINGS)[0] == service.title
    headers = browser.evaluate(TABLE_HEADERS)
    for expected in ("Role Read Write Note", "Path HTTP Python Summary", "Attribute Wire name Type Writeable Required Values Description"):
        assert expected in headers, headers
    rows = browser.evaluate("Array.from(document.querySelectorAll('article tbody tr')).map(r => r.innerText)")
    assert any("405 Method Not Allowed" in row for row in rows)
    code = browser.evaluate("Array.from(document.querySelectorAll('article .highlight code')).map(c => c.innerText).join('\\n')")
    mount = next(m for m in service.mounts if m.operations)
    assert f"client.{mount.dotted}.{mount.operations[0].name}(" in code
    browser.screenshot(SCREENSHOTS / f"{service.module}.png")


def test_union_types_in_tables_read_as_python(browser: Browser, site_url: str, project: Project) -> None:
    """A ``|`` inside a table cell shows as ``|``, not as the escape GitHub would need."""
    service, enum = next(
        (s, p.type.name)
        for s in project.services
        for m in s.mounts
        for op in m.operations
        if op.body is not None
        for p in op.body.parameters
        if isinstance(p.type, EnumType)
    )  # an enum a method takes: its parameter table shows the union the signature has
    browser.goto(f"{site_url}/{service.module}/")
    article = browser.evaluate("document.querySelector('article').innerText")
    assert f"{enum} | str" in article
    assert "\\|" not in article


def test_search_finds_a_service(browser: Browser, site_url: str, project: Project) -> None:
    service = with_405(project)
    word = short_title(service).split()[-1]
    browser.goto(f"{site_url}/?q={word}")
    browser.wait_for("document.querySelectorAll('.md-search-result__item').length > 0", f"search results for {word!r}")
    links = browser.evaluate("Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href)")
    assert any(f"/{service.module}/" in link for link in links), links
    browser.screenshot(SCREENSHOTS / "search.png")
