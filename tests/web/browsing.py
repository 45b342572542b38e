"""Helpers for the browser tests: Debian's Chromium, a watch on every page, the login form.

The fixtures that use them (``browser``, ``base_url``, ``open_page``) are in conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMORDNARE = "samordnare@linkoping.demo"
DEMO_PASSWORD = "samverkan-demo"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Chromium asks for /favicon.ico by itself; the product has no icon (yet), so that 404 is
# expected. Every other error status must be allowed by the test that expects it.
ALWAYS_ALLOWED = ((404, "/favicon.ico"),)
FAILED_LOAD = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")
SCREENSHOTS = os.environ.get("SAMVERKAN_SCREENSHOTS", "")

# Runs in every document before the page's own scripts (outside the page's CSP) and reports
# each Content-Security-Policy violation to the test.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__samverkanCsp(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
                        + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing and CI=true: the browser tests must run in CI")
    pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package to run these tests)")


@dataclass
class Watch:
    """What a page did that a user would not see but a test must."""

    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error_statuses: list[tuple[int, str]] = field(default_factory=list)
    documents: list[tuple[str, int, str]] = field(default_factory=list)  # method, status, path

    def foreign_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme not in {"data", "blob", "about"}
            and urlsplit(u).hostname != "127.0.0.1"
        ]

    def on_response(self, response: Response) -> None:
        path = urlsplit(response.url).path
        if response.status >= 400:
            self.error_statuses.append((response.status, path))
        if response.request.is_navigation_request():
            self.documents.append((response.request.method, response.status, path))

    def on_failed(self, request: Any) -> None:
        """A request that did not complete; the favicon is fetched (and may be cut off by the
        next navigation) by the browser on its own, so an aborted favicon is not a fault."""
        if urlsplit(request.url).path.endswith("favicon.svg") and "ABORTED" in str(request.failure):
            return
        self.problems.append(f"failed {request.url}: {request.failure}")

    def on_console(self, kind: str, text: str, url: str) -> None:
        if kind != "error":
            return
        failed = FAILED_LOAD.match(text)
        if failed:  # Chromium's own line for an error status, checked in assert_clean
            self.error_statuses.append((int(failed.group(1)), urlsplit(url).path))
        else:
            self.problems.append(f"console {text} at {url}")

    def assert_clean(self, *allowed: tuple[int, str]) -> None:
        """Nothing went wrong on the page, apart from the ``allowed`` (status, path) errors."""
        assert self.foreign_requests() == [], "requests left 127.0.0.1"
        assert self.problems == [], f"console errors, page errors or CSP: {self.problems}"
        allowed += ALWAYS_ALLOWED
        unexpected = [s for s in self.error_statuses if s not in allowed]
        assert unexpected == [], "unexpected error responses"


# open_page(viewport=None, **context_options): a watched page in a fresh browser context;
# the options go to Browser.new_context (has_touch, geolocation, java_script_enabled, ...).
OpenPage = Callable[..., tuple[Page, Watch]]
ContextOptions = dict[str, Any]


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def log_in(page: Page, email: str = SAMORDNARE, password: str = DEMO_PASSWORD) -> None:
    """Fill in and send the real login form (in Swedish, the default language)."""
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def wait_for_start_page(page: Page, watch: Watch) -> None:
    """After a successful login the browser goes straight on to the start page.

    A bounce (POST /login → GET / → back to /login) means the new session was not yet in
    the database when the browser followed the redirect: the request's transaction must be
    committed before its response is sent.
    """
    with contextlib.suppress(PlaywrightTimeout):  # the assertions below say what went wrong
        page.wait_for_url(lambda url: urlsplit(url).path == "/", timeout=5_000)
    posted = [i for i, d in enumerate(watch.documents) if d[:2] == ("POST", 303)]
    assert posted, f"the login form was not accepted: {watch.documents}"
    after = watch.documents[posted[-1] + 1 :]
    assert after[:1] == [("GET", 200, "/")], (
        f"logged in, but the browser did not go straight to the start page: {after} "
        "(was the session committed only after the redirect was sent?)"
    )
    assert path_of(page) == "/"


def log_in_as(page: Page, watch: Watch, email: str) -> None:
    """Log in as ``email`` from the start and wait for the start page."""
    page.goto("/")
    log_in(page, email)
    wait_for_start_page(page, watch)


def wait_for_map(page: Page) -> None:
    page.locator('.map[data-ready="1"]').wait_for()


def screenshot(page: Page, name: str, *, full_page: bool = False) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=full_page)


def assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, f"{path_of(page)} scrolls sideways: {widths}"
