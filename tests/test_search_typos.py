"""Typos in every script over the demo catalog: when the words as typed find nothing, their
best correction (edit distance over letters, Hangul jamo, or grapheme clusters of Thai, Lao,
Khmer and Burmese) is searched at once, and the page says so; completions find words inside
unspaced names and lead to the product."""

from html import unescape

import pytest

from showcase import thesaurus
from showcase.search.corrections import _distance, _jamo
from showcase.search.scripts import grapheme_clusters
from tests.conftest import _app_from, databases, demo_records


@pytest.fixture(scope="module")
def client(demo_template, tmp_path_factory):
    """One copy of the demo for the module: these tests only read."""
    app = _app_from(demo_template, tmp_path_factory.mktemp("typos"), "demo-data")
    yield app.test_client()
    databases.drop(app)


def _api(client, **args) -> dict:
    response = client.get("/api/v1/search", query_string={"per_page": 50, **args})
    assert response.status_code == 200, response.data
    return response.json


def _drone(language: str) -> str:
    [concept_id] = thesaurus.load().concepts_of("drone")
    return thesaurus.load().concepts[concept_id].label(language)


def test_jamo_and_cluster_distances():
    assert _distance(_jamo("드로운"), _jamo("드론"), 2) == 2
    assert _distance(_jamo("드론"), _jamo("드론"), 2) == 0
    assert _distance(_jamo("두론"), _jamo("드론"), 2) == 1  # one vowel key
    assert grapheme_clusters("โดรนน") == ("โ", "ด", "ร", "น", "น")
    assert _distance(grapheme_clusters("โดรนน"), grapheme_clusters("โดรน"), 1) == 1
    assert _distance("abcd", "badc", 1) == 2  # two swaps: beyond the limit


@pytest.mark.parametrize("lang, typed, correction", [
    ("ko", "드로운", _drone("ko")),
    ("th", _drone("th") + "น", _drone("th")),
    ("lo", _drone("lo") + "ນ", _drone("lo")),
    ("km", _drone("km") + "ន", _drone("km")),
    ("my", _drone("my") + "န", _drone("my")),
])
def test_a_typo_in_an_unspaced_script_is_corrected_and_searched(client, lang, typed,
                                                                 correction):
    drones = {hit["ref"] for hit in _api(client, q=_drone(lang), lang=lang)["results"]}
    found = {hit["ref"] for hit in _api(client, q=typed, lang=lang)["results"]}
    assert found and found == drones, (typed, correction)
    page = unescape(client.get(f"/{lang}/search", query_string={"q": typed})
                    .get_data(as_text=True))
    assert 'class="notice corrected"' in page, typed


def test_a_vietnamese_typo_without_accents_is_searched_as_corrected(client):
    corrected = _api(client, q="giam sat chay rung", lang="vi")
    typed = _api(client, q="giam sat chay rugn", lang="vi")
    assert corrected["total"] > 0 and typed["total"] == corrected["total"]


def test_the_page_says_what_was_searched_instead(client):
    html = unescape(client.get("/ko/search", query_string={"q": "드로운"})
                    .get_data(as_text=True))
    notice = html.split('class="notice corrected"', 1)[1].split("</p>", 1)[0]
    assert "드로운" in notice and _drone("ko") in notice
    plain = unescape(client.get("/ko/search", query_string={"q": _drone("ko")})
                     .get_data(as_text=True))
    assert 'class="notice corrected"' not in plain


def test_a_word_found_as_typed_is_not_corrected(client):
    html = client.get("/th/search", query_string={"q": _drone("th")}).get_data(as_text=True)
    assert 'class="notice corrected"' not in html
    assert _api(client, q="xqzvwplk", lang="en")["total"] == 0


def test_the_api_says_what_was_searched_instead_and_what_was_added(client):
    corrected = _api(client, q="드로운", lang="ko")
    assert corrected["searched_instead"] == _drone("ko") and corrected["total"] > 0
    assert _drone("ko") in corrected["also_matched"] and "drone" in corrected["also_matched"]
    typed = _api(client, q=_drone("th"), lang="th")
    assert typed["searched_instead"] == ""
    assert typed["also_matched"][:2] == [_drone("th"), "drone"]
    assert _api(client, q=_drone("th"), lang="th", literal="1")["also_matched"] == []


def test_a_literal_search_suggests_a_correction_without_searching_it(client):
    literal = _api(client, q="드로운", lang="ko", literal="1")
    assert literal["total"] == 0 and literal["searched_instead"] == ""
    assert literal["suggestion"] == _drone("ko")


def _suggest(client, prefix: str, lang: str) -> list[dict]:
    response = client.get("/api/v1/suggest", query_string={"q": prefix, "lang": lang})
    assert response.status_code == 200, response.data
    return response.json


def test_completions_match_inside_unspaced_names_and_lead_to_the_product(client):
    record = next(r for r in demo_records() if r["status"] == "published"
                  and "机器人" in r["texts"].get("zh", {}).get("name", ""))
    name = record["texts"]["zh"]["name"]
    assert not name.split()[-1].startswith("机器")  # the word is inside the name
    found = [s for s in _suggest(client, "机器", "zh-hans") if s["kind"] == "product"]
    assert name in [s["label"] for s in found]
    url = next(s["url"] for s in found if s["label"] == name)
    assert url.endswith(f"/products/{record['ref']}")


def test_categories_complete_in_urdu(client):
    labels = [s["label"] for s in _suggest(client, "روبو", "ur") if s["kind"] == "category"]
    assert labels and all(label.startswith("روبو") for label in labels)
