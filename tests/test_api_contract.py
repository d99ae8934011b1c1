"""The API keeps the promises of its OpenAPI document: schemathesis reads the document from
the demo catalog served by a real HTTP server, generates valid and invalid requests for every
operation, and checks every answer: no server error, a documented status, content type and
headers, a body that matches its schema, invalid input refused and valid input accepted."""

from urllib.request import urlopen

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests import databases
from tests.browser.conftest import demo_copy, serving

# Enough to reach every parameter's edge cases and a spread of ordinary values; the whole run
# stays well under a minute on a busy machine.
EXAMPLES_PER_OPERATION = 25
# A generous bound on one answer: the check is what comes back, never how fast.
READ_SECONDS = 60


@pytest.fixture(scope="module")
def api_schema(demo_template, tmp_path_factory):
    """The API's own OpenAPI document, read over HTTP from a live copy of the demo catalog."""
    app = demo_copy(demo_template, tmp_path_factory.mktemp("api-contract"))
    with serving(app) as site:
        # The first search opens the index and loads the thesaurus (seconds on a busy
        # machine): done here, so that no generated request waits for it.
        for warm_up in ("search?q=drone", "suggest?q=dr"):
            urlopen(f"{site}/api/v1/{warm_up}", timeout=READ_SECONDS).close()
        yield schemathesis.openapi.from_url(f"{site}/api/v1/openapi.json",
                                            timeout=READ_SECONDS)
    databases.drop(app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _named_node(request):
    """schemathesis 4.32 renames the running test after each operation through a private
    attribute that pytest 9 nodes no longer have; give it one to read."""
    request.node._nodeid = request.node.nodeid


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_document_says(case):
    case.call_and_validate(timeout=READ_SECONDS)
