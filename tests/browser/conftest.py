"""Browser tests: the demo site served on loopback, driven by the system's headless Chromium.

Without Chromium these tests are skipped with a reason on a developer's machine and fail in
CI (where ``CI`` is set), so a missing browser can never pass silently.
"""

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import copy_data_dir, make_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" not in str(item.fspath):
            continue
        item.add_marker(pytest.mark.browser)
        if CHROMIUM is None and not os.environ.get("CI"):
            item.add_marker(pytest.mark.skip(reason="Chromium is not installed "
                                                    "(apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Launch the system Chromium with no background networking at all."""
    if CHROMIUM is None:
        pytest.fail("Chromium is required in CI: apt-get install chromium")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        ],
    }


def demo_copy(demo_template: Path, folder: Path):
    """An app on a copy of the demo catalog in ``folder``."""
    data_dir = folder / "data"
    copy_data_dir(demo_template, data_dir)
    return make_app(data_dir)


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` served by a real WSGI server on a loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def save_first_unsaved(page) -> str:
    """Press the first shortlist button on the page not pressed yet; its product's ref."""
    button = page.locator(".shortlist-button[aria-pressed='false']").first
    ref = button.locator("xpath=..").locator("input[name='ref']").get_attribute("value")
    button.click()
    page.wait_for_selector(f"form.shortlist-toggle:has(input[value='{ref}']) "
                           ".shortlist-button[aria-pressed='true']")
    return ref


def shortlisted_refs(page) -> list[str]:
    """The refs of the products listed on a shortlist page."""
    return page.locator(".shortlist-item input[name='ref']").evaluate_all(
        "inputs => inputs.map(input => input.value)")


def sideways_overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits the screen)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture(scope="session")
def live_server(demo_template, tmp_path_factory):
    """The demo catalog served by a real WSGI server on a loopback port."""
    with serving(demo_copy(demo_template, tmp_path_factory.mktemp("browser"))) as site:
        yield site


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots are kept as test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
