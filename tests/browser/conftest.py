"""Browser tests: the demo site served on loopback, driven by the system's headless Chromium.

Without Chromium these tests are skipped with a reason on a developer's machine and fail in
CI (where ``CI`` is set), so a missing browser can never pass silently.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

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


@pytest.fixture(scope="session")
def live_server(demo_template, tmp_path_factory):
    """The demo catalog served by a real WSGI server on a loopback port."""
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(demo_template, data_dir)
    app = make_app(data_dir)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots are kept as test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
