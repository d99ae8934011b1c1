"""One registry of a search worker's caches: each bounded, all cleared at once; snippet
tokens bounded by bytes, so that enormous product texts cannot take a worker's memory."""

import tracemalloc

import pytest

from showcase import search, thesaurus
from showcase.search import caches, plain, tagging
from showcase.search import query as engine
from showcase.search.snippets import CHAR_LIMIT, snippet
from tests import databases
from tests.conftest import copy_data_dir, make_app

# Searches that between them fill every cache: phrases of unspaced scripts, typos (automata,
# words by first letter), sorting and filters, snippets, facets.
SEARCHES = [("drone", ("en", "ko")), ("드론 산불", ("ko", "en")), ("irigation", ("en", "ko")),
            ("greenhuose", ("en", "ko")), ("ไฟป่า", ("th", "en", "ko")), ("hydro", ("en",))]


@pytest.fixture
def searched(demo_context):
    """The demo catalog after a product's tags, a few searches, suggestions and sorted,
    filtered pages."""
    engine.clear_memory()
    # Indexing fills the tagging caches; the demo index may have been built by another process.
    tagging.document_concepts(["Wildfire surveillance drone", "드론"], ["thermal camera"], set())
    for text, languages in SEARCHES:
        search.search(search.SearchRequest(text=text, languages=languages))
        search.search(search.SearchRequest(text=text, languages=languages, sort="name",
                                           include_expired=False))
    search.suggest("dro", ("en",))
    return demo_context


def test_every_cache_is_bounded_and_clearing_empties_them_all(searched):
    registered = caches.registered()
    assert {cache.name for cache in registered} >= {
        "answers", "term scores", "term postings", "phrase documents", "words by first letter",
        "field lengths", "facet tables by segment", "facet tables by searcher",
        "snippet tokens", "snippets", "tokens of short pieces", "typo automata",
        "completion list", "folded completion words"}
    for cache in registered:
        assert isinstance(cache.bound, int) and cache.bound > 0, cache.name
        assert 0 < cache.size() <= cache.bound, cache.name
    engine.clear_memory()
    assert {cache.name: cache.size() for cache in registered} == {
        cache.name: 0 for cache in registered}


@pytest.mark.parametrize("template", ["demo_template", "empty_template"])
def test_a_worker_warmed_up_when_created_holds_what_a_first_search_needs(request, tmp_path,
                                                                          template):
    engine.clear_memory()
    copy_data_dir(request.getfixturevalue(template), tmp_path / "data")
    app = make_app(tmp_path / "data", SEARCH_WARM_UP=True)  # an empty index is no failure
    try:
        sizes = {cache.name: cache.size() for cache in caches.registered()}
        assert sizes["answers"] == 1
        assert (sizes["completion list"] > 0) == (template == "demo_template")
        # A snippet's marks for every concept: each has terms in all 24 languages.
        assert sizes["thesaurus concept tokens"] >= 24 * len(thesaurus.load().concepts)
        with app.test_request_context():
            assert search.suggest("dro", ("en",)) or template == "empty_template"
    finally:
        databases.drop(app)


def test_segment_tables_can_be_kept_while_the_rest_is_cleared(searched):
    caches.clear_all(keep_segment_tables=True)
    for cache in caches.registered():
        assert (cache.size() > 0) == cache.per_segment, cache.name


def _hostile_texts(count: int, chars: int) -> list[str]:
    """Product descriptions of unspaced Korean and Thai: a token for every pair and every
    three characters."""
    run = "산불감시드론열화상카메라" + "โทรศัพท์มือถือราคาถูก"
    return [f"{number} " + (run * (chars // len(run) + 1))[:chars] for number in range(count)]


def test_snippet_tokens_are_bounded_by_bytes_not_by_count(demo_context):
    engine.clear_memory()
    kept = {cache.name: cache for cache in caches.registered()}
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for text in _hostile_texts(45, 6000):
            snippet(text, {"드론", "카메"})
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    for name in ("snippet tokens", "snippets"):
        assert 0 < kept[name].size() <= kept[name].bound, name
    # What the caches hold stays near their bounds (45 such texts took 853 MB by count).
    assert grown < 1.5 * (kept["snippet tokens"].bound + kept["snippets"].bound)


def test_an_enormous_text_is_marked_but_not_kept(demo_context):
    engine.clear_memory()
    tokens = next(cache for cache in caches.registered() if cache.name == "snippet tokens")
    enormous = _hostile_texts(1, 2_000_000)[0]
    marked = snippet(enormous, {"드론"})
    assert "<mark" in marked and tokens.size() == 0
    assert snippet(enormous, {"드론"}) == marked


LONG_TEXTS = [
    # A matched word across the character limit, and others just before and after it.
    "drone camera " * (CHAR_LIMIT // 13 - 1) + "firefighting drone thermal " * 20,
    "x" * (CHAR_LIMIT - 3) + " drone " + "drone " * 100,
    "filler " * (CHAR_LIMIT // 7) + "drone",
    # An unspaced run across the limit (no whitespace for far past it).
    "a " * (CHAR_LIMIT // 2 - 5) + "산불감시드론열화상" * 100,
    "산불" * (CHAR_LIMIT // 2 + 500),
]


@pytest.mark.parametrize("text", LONG_TEXTS, ids=range(len(LONG_TEXTS)))
def test_snippets_of_texts_past_the_character_limit_equal_highlighting(text):
    for words in ({"drone"}, {"firefighting", "thermal"}, {"드론"}, {"산불", "불감"}, {"x"}):
        assert snippet(text, words) == plain.snippet(text, words), words
