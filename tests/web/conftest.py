"""Fixtures of the browser tests: a live demo server and Debian's Chromium, one per module.

Helpers (the Watch on every page, logging in, screenshots) are in browsing.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.live import live_demo_server
from tests.web.browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CSP_LISTENER,
    DESKTOP,
    OpenPage,
    Watch,
    require_chromium,
)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server on 127.0.0.1 with the seeded Linköping demo; its base URL."""
    with live_demo_server(tmp_path_factory.mktemp("browser")) as live:
        yield live.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[OpenPage]:
    """Open a page in a fresh browser context (no cookies) that is watched by a Watch.

    Keyword arguments go to ``Browser.new_context`` (``has_touch``, ``geolocation``,
    ``permissions``, ``java_script_enabled``, ...).
    """
    contexts: list[BrowserContext] = []

    def _open(viewport: dict[str, int] | None = None, **options: Any) -> tuple[Page, Watch]:
        watch = Watch()
        context = browser.new_context(viewport=viewport or DESKTOP, base_url=base_url, **options)
        contexts.append(context)
        context.expose_function("__samverkanCsp", lambda text: watch.problems.append(f"CSP {text}"))
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("request", lambda r: watch.requests.append(r.url))
        page.on("console", lambda m: watch.on_console(m.type, m.text, m.location["url"]))
        page.on("pageerror", lambda e: watch.problems.append(f"pageerror {e}"))
        page.on("requestfailed", watch.on_failed)
        page.on("response", watch.on_response)
        return page, watch

    yield _open
    for context in contexts:
        context.close()
