"""Cross-lingual search through the thesaurus, over the demo catalog: a delegate's word in their
own language finds products written only in Korean and English, literal search stays
available, and the words as typed rank first."""

from html import unescape

from showcase import thesaurus
from tests.conftest import demo_records

PUBLISHED = [r for r in demo_records() if r["status"] == "published"]


def _api(client, **args) -> dict:
    response = client.get("/api/v1/search", query_string=args)
    assert response.status_code == 200, response.data
    return response.json


def _concept(term: str):
    [concept_id] = thesaurus.load().concepts_of(term)
    return thesaurus.load().concepts[concept_id]


def _written_with(language: str, word: str) -> set[str]:
    """Refs of published demo products whose texts in ``language`` contain ``word``."""
    return {r["ref"] for r in PUBLISHED
            if word in " ".join(r["texts"].get(language, {}).values()).casefold()}


def test_a_drone_in_any_script_finds_the_products_written_as_drone(demo_client):
    drone = _concept("drone")
    english = {hit["ref"] for hit in _api(demo_client, q="drone", lang="en",
                                          per_page=50)["results"]}
    assert len(english) >= 5
    for language in ("th", "zh", "ur", "mn", "km", "ru", "hi"):
        word = drone.label(language)
        slug = "zh-hans" if language == "zh" else language
        answer = _api(demo_client, q=word, lang=slug, per_page=50)
        found = {hit["ref"] for hit in answer["results"]}
        assert english <= found, (language, word, sorted(english - found))
        literal = _api(demo_client, q=word, lang=slug, literal="1")
        assert literal["total"] < answer["total"], (language, word)


def test_every_concept_of_a_query_must_match(demo_client):
    drone, fire = _concept("drone"), _concept("wildfire")
    both = _api(demo_client, q=f"{drone.label('th')} {fire.label('th')}", lang="th",
                per_page=50)
    drones = _api(demo_client, q=drone.label("th"), lang="th", per_page=50)
    assert 0 < both["total"] < drones["total"]


def test_a_product_in_the_visitors_own_words_ranks_first(demo_client):
    drone = _concept("drone")
    word = drone.label("th")
    in_thai = _written_with("th", word)
    assert in_thai, "the demo catalog has Thai drone texts"
    answer = _api(demo_client, q=word, lang="th", per_page=50)
    refs = [hit["ref"] for hit in answer["results"]]
    assert set(refs[:len(in_thai)]) == in_thai & set(refs)


def test_an_unspaced_word_is_cut_at_the_thesaurus_terms(demo_client):
    drone, fire = _concept("drone"), _concept("wildfire")
    glued = drone.label("th") + fire.label("th")
    spaced = _api(demo_client, q=f"{drone.label('th')} {fire.label('th')}", lang="th")
    assert _api(demo_client, q=glued, lang="th")["total"] == spaced["total"] > 0


def test_the_results_page_says_what_was_added_and_offers_a_literal_search(demo_client):
    drone = _concept("drone")
    html = unescape(demo_client.get("/th/search", query_string={"q": drone.label("th")})
                    .get_data(as_text=True))
    assert 'class="also-matched"' in html
    assert drone.label("en") in html and drone.label("ko") in html
    assert "literal=1" in html
    literal = unescape(demo_client.get("/th/search", query_string={
        "q": drone.label("th"), "literal": "1"}).get_data(as_text=True))
    assert 'class="also-matched"' not in literal


def test_a_query_in_the_search_syntax_is_searched_as_typed(demo_client):
    drone = _concept("drone")
    quoted = _api(demo_client, q=f'"{drone.label("th")}"', lang="th")
    literal = _api(demo_client, q=drone.label("th"), lang="th", literal="1")
    assert quoted["total"] == literal["total"]


def test_a_product_written_in_korean_and_english_shows_its_concepts_in_thai(demo_client):
    record = next(r for r in PUBLISHED if set(r["texts"]) == {"en", "ko"}
                  and thesaurus.load().concepts_in(r["texts"]["en"]["name"], "en"))
    named = thesaurus.load().concepts_in(record["texts"]["en"]["name"], "en")
    page = unescape(demo_client.get(f"/th/products/{record['ref']}").get_data(as_text=True))
    tags = page.split('class="concept-tags"', 1)[1].split("</ul>", 1)[0]
    labels = {thesaurus.load().concepts[concept_id].label("th") for concept_id in named}
    assert any(label in tags for label in labels), (record["ref"], labels)
    assert "/th/search?q=" in tags
    first = tags.split('href="', 1)[1].split('"', 1)[0]
    assert demo_client.get(unescape(first)).status_code == 200
    results = unescape(demo_client.get(unescape(first)).get_data(as_text=True))
    assert record["ref"] in results or record["texts"]["en"]["name"] in results


def _queries_naming_concepts() -> list[tuple[str, tuple[str, ...]]]:
    """Concept terms in several languages, alone, in pairs and beside a plain word, each with
    the visitor's languages: queries whose words as typed find something and queries whose
    words find only through their concepts."""
    concepts = sorted(thesaurus.load().concepts.values(), key=lambda concept: concept.id)[::15]
    queries = []
    for number, concept in enumerate(concepts):
        language = ("en", "ko", "th", "ru", "vi", "mn")[number % 6]
        chain = tuple(dict.fromkeys((language, "en", "ko")))
        other = concepts[(number + 7) % len(concepts)]
        queries += [(concept.label(language), chain),
                    (f"{concept.label(language)} {other.label(language)}", chain),
                    (f"{concept.label(language)} smart", chain)]
    return queries


def test_the_evaluation_tells_whether_the_words_as_typed_match_as_a_search_for_them_does(
        demo_context):
    """Where each piece's words as typed match is reported by the evaluation of the expanded
    query; whether the words as typed match one of its matches then agrees with searching for
    them among those matches, for queries that do and that do not."""
    from showcase.search import expansion, index
    from showcase.search import query as engine

    searcher = index.searcher()
    told = {True: 0, False: 0}
    for text, languages in _queries_naming_concepts():
        request = engine.SearchRequest(text, languages)
        expanded = expansion.expand(searcher.schema, languages, text)
        if expanded is None:
            continue
        found, _facets = engine._execute(searcher, expanded.query, request, fast=True)
        if not found.total or not expanded.typed_pieces:
            continue
        assert len(found.typed) == expanded.typed_pieces, text
        searched = engine._finds_any(searcher, engine._parsed(searcher, request, text), found,
                                     fast=True)
        told_by_evaluation = engine._typed_words_found(searcher, request, text, expanded, found,
                                                       fast=True)
        assert told_by_evaluation == searched, (text, languages)
        told[searched] += 1
    assert told[True] >= 20 and told[False] >= 5, told
