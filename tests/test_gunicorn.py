"""Under gunicorn with several worker processes, every worker sees an index change at once."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from showcase.extensions import db
from showcase.models import Product
from tests import databases
from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def served(demo_app):
    """The demo app served by gunicorn with two sync workers on a loopback port."""
    port = _free_port()
    env = dict(os.environ, **databases.process_env(demo_app))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "showcase:create_app()"], env=env, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get_json(f"{base}/api/v1/search?q=x")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=30)


def _refs_seen_by_many_requests(base: str, text: str, count: int = 24) -> list[list[str]]:
    url = f"{base}/api/v1/search?" + urllib.parse.urlencode({"q": text, "lang": "en"})
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: _get_json(url), range(count)))
    return [[result["ref"] for result in answer["results"]] for answer in answers]


def test_every_worker_sees_an_edit_made_elsewhere(demo_context, served):
    record = PUBLISHED[0]
    assert all(refs == [] for refs in _refs_seen_by_many_requests(served, "platypus"))

    product = db.session.scalar(db.select(Product).filter_by(ref=record["ref"]))
    product.texts["en"].name = "Platypus river sensor"
    db.session.commit()  # the outbox is drained by this process right after the commit

    assert all(refs == [record["ref"]] for refs in _refs_seen_by_many_requests(served, "platypus"))
