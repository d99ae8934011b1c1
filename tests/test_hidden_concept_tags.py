"""Staff can hide a wrong concept tag of a product: from the catalog page, or with the exchange
format's ``hidden_concepts``; the tag leaves the product's page and cards in every language,
export keeps it hidden, and an unknown concept id is an import problem."""

import copy
import json
import re
from html import unescape

import pytest

from showcase import thesaurus
from showcase.extensions import db
from showcase.queries.concepts import concept_tags, named_concepts
from showcase.services.importer import import_catalog
from tests.conftest import demo_records, write_catalog

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _record() -> dict:
    return copy.deepcopy(next(
        r for r in demo_records() if r["status"] == "published"
        and len(thesaurus.load().concepts_in(r["texts"]["en"]["name"], "en")) >= 2))


def _tags(client, ref: str, lang: str = "th") -> str:
    page = unescape(client.get(f"/{lang}/products/{ref}").get_data(as_text=True))
    return page.split('class="concept-tags"', 1)[1].split("</ul>", 1)[0]


def _label(concept_id: str, lang: str = "th") -> str:
    return thesaurus.load().concepts[concept_id].label(lang)


@pytest.fixture
def imported(app, tmp_path):
    """One published demo product with at least two concept tags."""
    record = _record()
    with app.app_context():
        assert import_catalog(write_catalog(tmp_path / "in", [record]),
                              on_batch=db.session.commit).ok
    return record


def test_staff_hide_a_tag_and_show_it_again(app, client, imported, login_as):
    ref = imported["ref"]
    with app.app_context():
        from showcase.queries.catalog_admin import published_by_ref
        wrong = named_concepts(published_by_ref(ref))[0]
    assert _label(wrong) in _tags(client, ref)
    login_as("staff")
    page = unescape(client.get(f"/en/staff/catalog?q={ref}").get_data(as_text=True))
    assert 'name="concept" value="' + wrong + '"' in page
    data = {"csrf_token": TOKEN.search(page).group(1), "ref": ref, "concept": wrong,
            "hidden": "1"}
    assert client.post("/en/staff/catalog/concepts", data=data).status_code == 302
    assert _label(wrong) not in _tags(client, ref)
    assert _label(wrong, "ur") not in _tags(client, ref, "ur")
    page = unescape(client.get(f"/en/staff/catalog?q={ref}").get_data(as_text=True))
    assert 'aria-checked="false"' in page.split(f'value="{wrong}"', 1)[1][:400]
    assert client.post("/en/staff/catalog/concepts",
                       data={**data, "hidden": "0"}).status_code == 302
    assert _label(wrong) in _tags(client, ref)


def test_a_tag_the_product_does_not_show_cannot_be_hidden(client, imported, login_as):
    login_as("staff")
    page = client.get(f"/en/staff/catalog?q={imported['ref']}").get_data(as_text=True)
    response = client.post("/en/staff/catalog/concepts", data={
        "csrf_token": TOKEN.search(page).group(1), "ref": imported["ref"],
        "concept": "no-such-concept", "hidden": "1"})
    assert response.status_code == 400


def test_visitors_cannot_hide_tags(client, imported):
    response = client.post("/en/staff/catalog/concepts", data={
        "ref": imported["ref"], "concept": "drone", "hidden": "1"})
    assert response.status_code in (302, 400, 403)
    assert "concept-tags" in client.get(f"/th/products/{imported['ref']}").get_data(as_text=True)


def test_the_exchange_format_hides_tags_and_export_keeps_them_hidden(app, tmp_path):
    record = _record()
    wrong = thesaurus.load().concepts_in(record["texts"]["en"]["name"], "en")[0]
    record["hidden_concepts"] = [wrong]
    with app.app_context():
        assert import_catalog(write_catalog(tmp_path / "in", [record]),
                              on_batch=db.session.commit).ok
        from showcase.queries.catalog_admin import published_by_ref
        product = published_by_ref(record["ref"])
        assert _label(wrong) not in concept_tags(product, "th")
        assert len(concept_tags(product, "th")) >= 1
    out = tmp_path / "out" / "catalog.jsonl"
    result = app.test_cli_runner().invoke(args=["export", str(out)])
    assert result.exit_code == 0, result.output
    [exported] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert exported["hidden_concepts"] == [wrong]


def test_an_unknown_concept_id_is_an_import_problem(app, tmp_path):
    record = _record()
    record["hidden_concepts"] = ["no-such-concept"]
    with app.app_context():
        report = import_catalog(write_catalog(tmp_path / "in", [record]),
                                on_batch=db.session.commit)
    assert not report.ok
    assert "hidden_concepts" in str(report.errors)


def _found_in_urdu(client, ref: str, word: str) -> bool:
    answer = client.get("/api/v1/search", query_string={"q": word, "lang": "ur"}).json
    return ref in [hit["ref"] for hit in answer["results"]]


def test_a_hidden_concept_no_longer_finds_the_product_in_other_languages(
        app, client, imported, login_as):
    ref = imported["ref"]
    category_names = " ".join(imported["category"]["name"].values())
    with app.app_context():
        from showcase.queries.catalog_admin import published_by_ref
        # A concept found only through the tag: its Urdu term is in none of the product's texts.
        hidden = next(concept_id for concept_id in named_concepts(published_by_ref(ref))
                      if _label(concept_id, "ur") not in category_names)
    word = _label(hidden, "ur")
    assert _found_in_urdu(client, ref, word)
    login_as("staff")
    page = client.get(f"/en/staff/catalog?q={ref}").get_data(as_text=True)
    assert client.post("/en/staff/catalog/concepts", data={
        "csrf_token": TOKEN.search(page).group(1), "ref": ref, "concept": hidden,
        "hidden": "1"}).status_code == 302
    assert not _found_in_urdu(client, ref, word)
