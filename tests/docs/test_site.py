"""The browsable site: MkDocs builds it strictly, and a real browser shows it.

The site is built into build/site (as `make docs` does), served on 127.0.0.1 and opened
in headless Chromium, which must render the index and a service page with their tables
and find "Tickets" with the site's client-side search. Screenshots land in
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

from generator.render.docs import short_title
from generator.ir.model import Project
from tests.conftest import ROOT

from .browser import CHROMIUM, Browser
from .conftest import require_or_skip

SITE = ROOT / "build" / "site"
SCREENSHOTS = ROOT / "build" / "screenshots"
# Heading text without the permalink sign that the toc extension appends.
HEADINGS = "Array.from(document.querySelectorAll('article h1, article h2, article h3')).map(h => h.firstChild.textContent.trim())"
TABLE_HEADERS = "Array.from(document.querySelectorAll('article table thead')).map(t => t.innerText.replace(/\\s+/g, ' ').trim())"


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
    assert "Tickets" in (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_the_index_lists_the_services_by_group(browser: Browser, site_url: str, project: Project) -> None:
    browser.goto(f"{site_url}/")
    article = browser.evaluate("document.querySelector('article').innerText")
    headers = browser.evaluate(TABLE_HEADERS)
    assert "Service Python Operations What it is for" in headers
    assert any(h.startswith("Exception Base") for h in headers)
    assert "Service Specified Operations 405 methods Attributes" in headers
    headings = browser.evaluate(HEADINGS)
    assert {"Services", "Developers", "Listings", "Errors", "Spec coverage"} <= set(headings), headings
    for service in project.services:
        assert short_title(service) in article
    sidebar = browser.evaluate("document.querySelector('.md-nav--primary').innerText")
    assert "Listings" in sidebar and "Tickets" in sidebar
    browser.screenshot(SCREENSHOTS / "index.png")


def test_a_service_page_shows_its_tables_and_examples(browser: Browser, site_url: str) -> None:
    browser.goto(f"{site_url}/listings_tickets/")
    assert browser.evaluate(HEADINGS)[0] == "Listings: Tickets"
    headers = browser.evaluate(TABLE_HEADERS)
    for expected in ("Role Read Write Note", "Path HTTP Python Summary", "Attribute Wire name Type Writeable Required Values Description"):
        assert expected in headers, headers
    rows = browser.evaluate("Array.from(document.querySelectorAll('article tbody tr')).map(r => r.innerText)")
    assert any("405 Method Not Allowed" in row for row in rows)
    code = browser.evaluate("Array.from(document.querySelectorAll('article .highlight code')).map(c => c.innerText).join('\\n')")
    assert "client.listings.tickets.create(" in code
    browser.screenshot(SCREENSHOTS / "listings_tickets.png")


def test_union_types_in_tables_read_as_python(browser: Browser, site_url: str) -> None:
    """A ``|`` inside a table cell shows as ``|``, not as the escape GitHub would need."""
    browser.goto(f"{site_url}/listings_documents/")
    article = browser.evaluate("document.querySelector('article').innerText")
    assert "DocumentPrivacy | str | None" in article
    assert "\\|" not in article


def test_search_finds_tickets(browser: Browser, site_url: str) -> None:
    browser.goto(f"{site_url}/?q=Tickets")
    browser.wait_for("document.querySelectorAll('.md-search-result__item').length > 0", "search results for 'Tickets'")
    links = browser.evaluate("Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href)")
    assert any("/listings_tickets/" in link for link in links), links
    browser.screenshot(SCREENSHOTS / "search.png")
