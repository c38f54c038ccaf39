"""Fixtures of the browser tests: Debian's Chromium through Playwright.

The tests drive pytest-django's `live_server` (127.0.0.1) with the real
esbuild bundle in static/dist, and save a screenshot of every page they
visit into test-artifacts/screenshots/.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fixtures import fake_ytmusic  # noqa: F401 (fixture)

REPO = Path(__file__).resolve().parent.parent.parent
SCREENSHOT_DIR = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API keeps an event loop running in the main thread while
# the session-scoped browser is open, so Django would reject every later ORM
# call in that thread as "async unsafe". The calls are plain synchronous ones,
# so the check is switched off for the whole test session once this file loads.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory) -> None:
    """Give the live server a SQLite file, as the app has, not shared memory.

    In shared-cache memory a reader gets "database table is locked" at once
    while a sync thread writes; a file in WAL mode with a busy timeout lets
    the page request wait, as it does in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("e2e-database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(scope="session")
def static_build() -> Path:
    """Build the bundle once per session, as `npm run build` does."""
    dist = REPO / "static" / "dist"
    if shutil.which("npm") is None:
        if (dist / "app.js").is_file():
            return dist
        pytest.skip("npm is not installed and static/dist has no build")
    if not (REPO / "node_modules" / ".bin" / "esbuild").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=REPO, check=True)
    subprocess.run(["npm", "run", "--silent", "build"], cwd=REPO, check=True)
    return dist


@pytest.fixture(scope="session")
def compiled_messages() -> None:
    """Build the .mo files once, as `make test` does before pytest."""
    from django.core.management import call_command

    call_command("compilemessages", locale=["de"], verbosity=0)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(
    chromium_browser, static_build, compiled_messages, live_server
) -> Iterator[object]:
    """A fresh English page; every request outside the live server fails."""
    context = chromium_browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 860}
    )
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def on_console(message: object) -> None:
        # Forms return 400 or 429 on purpose; CSP violations and script
        # errors are what the tests look for.
        if message.type == "error" and not message.text.startswith(
            "Failed to load resource: the server responded with a status of 4"
        ):
            errors.append(message.text)

    page.on("console", on_console)
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def save(page: object, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        page.wait_for_load_state("load")
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
