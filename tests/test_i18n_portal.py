"""The company portal and the staff pages are complete in Korean and English.

Their strings live in the "portal" message domain (marked ``_p``, ``_lp``, ``_np``), separate
from the 24-language public catalogs.
"""

import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from showcase.i18n import PORTAL_LOCALES
from tests.conftest import REPO_ROOT
from tests.test_i18n import PLACEHOLDER, _as_tuple, _catalog


@pytest.fixture(scope="module")
def portal_ids(tmp_path_factory) -> set:
    """Portal message ids extracted from the code right now."""
    pot = tmp_path_factory.mktemp("pot") / "portal.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
         "translations/babel.cfg", "--no-default-keywords", "-k", "_p", "-k", "_lp",
         "-k", "_np:1,2", "-o", str(pot), "--no-location", "."],
        cwd=REPO_ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as file:
        return {message.id for message in read_po(file) if message.id}


@pytest.mark.parametrize("code", PORTAL_LOCALES)
def test_portal_catalog_holds_every_string(code, portal_ids):
    catalog = _catalog(code, "portal")
    present = {message.id for message in catalog if message.id}
    missing = sorted(map(str, portal_ids - present))
    assert not missing, f"{code} portal catalog lacks {missing[:5]}"


def test_korean_portal_catalog_is_translated_and_keeps_placeholders(portal_ids):
    catalog = _catalog("ko", "portal")
    assert not catalog.fuzzy
    translated = {message.id: message for message in catalog if message.id}
    for msgid in portal_ids:
        message = translated[msgid]
        assert not message.fuzzy, f"fuzzy {msgid!r}"
        forms = _as_tuple(message.string)
        assert all(form.strip() for form in forms), f"untranslated {msgid!r}"
        source = _as_tuple(msgid)[-1]
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), (
                f"{source!r} -> {form!r}")
