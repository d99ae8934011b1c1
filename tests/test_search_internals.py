"""The fast paths (Whoosh's private internals, internals.py) and plain Whoosh evaluation give
the same answers; plain Whoosh is chosen by a setting and on an unverified Whoosh version."""

from pathlib import Path

import pytest
import whoosh

from showcase import search
from showcase.search import caches, internals
from tests.conftest import app_with_catalog, make_app
from tests.test_search_relevance import CASES, NOTHING

CORPUS = Path(__file__).parent / "data" / "search_corpus.jsonl"
# Caches only the fast paths fill.
FAST_PATH_CACHES = ("term scores", "term postings", "phrase documents", "words by first letter",
                    "field lengths", "facet tables by segment", "snippet tokens", "snippets")


def test_outside_an_app_the_environment_variable_decides(monkeypatch):
    monkeypatch.setenv("SHOWCASE_SEARCH_PLAIN_WHOOSH", "1")
    assert not internals.fast_paths()
    monkeypatch.setenv("SHOWCASE_SEARCH_PLAIN_WHOOSH", "0")
    assert internals.fast_paths()


def test_the_environment_variable_sets_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOWCASE_SEARCH_PLAIN_WHOOSH", "1")
    app = make_app(tmp_path / "data")
    assert app.config["SEARCH_PLAIN_WHOOSH"] is True
    with app.app_context():
        assert not internals.fast_paths()
        app.config["SEARCH_PLAIN_WHOOSH"] = False
        assert internals.fast_paths()


@pytest.fixture(scope="module")
def corpus_app(empty_template, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("search-internals") / "data"
    with app_with_catalog(empty_template, data_dir, CORPUS) as (app, report):
        assert report.ok, report.errors[:5]
        yield app
        app.config["SEARCH_PLAIN_WHOOSH"] = False


def _requests():
    for param in CASES:
        _language, text, languages, _expected, _first, filters, include_expired, _absent = (
            param.values)
        yield search.SearchRequest(text=text, languages=languages, filters=filters,
                                   include_expired=include_expired)
    for text, languages, filters, include_expired in (param.values for param in NOTHING):
        yield search.SearchRequest(text=text, languages=languages, filters=filters,
                                   include_expired=include_expired)
    for sort in ("newest", "name"):
        yield search.SearchRequest(text="drone", sort=sort, per_page=3, page=2)
        yield search.SearchRequest(text="solar", languages=("th", "en", "ko"), sort=sort,
                                   include_expired=False)
    for text in ('drone OR 드론을 OR "fire station"', "solar NOT lamp", "ไฟป่า OR 산불",
                 "surveilance", "greenhuose camera"):
        yield search.SearchRequest(text=text, languages=("ko", "en"))


def _answer(app, request, plain: bool) -> tuple:
    app.config["SEARCH_PLAIN_WHOOSH"] = plain
    response = search.search(request)
    return (response.total, [(hit.ref, str(hit.snippet), hit.snippet_language)
                             for hit in response.hits],
            response.facets, response.suggestion, response.broadened)


def test_plain_whoosh_answers_every_request_as_the_fast_paths_do(corpus_app):
    checked = 0
    for request in _requests():
        fast = _answer(corpus_app, request, plain=False)
        assert _answer(corpus_app, request, plain=True) == fast, request
        checked += bool(fast[0])
    assert checked > 150


def test_an_unverified_whoosh_version_is_searched_plainly(corpus_app, monkeypatch):
    corpus_app.config["SEARCH_PLAIN_WHOOSH"] = False
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 99))
    assert not internals.fast_paths()
    caches.clear_all()
    for text in ("firefighting drone", "드론", "irigation", "ไฟป่า"):
        response = search.search(search.SearchRequest(text=text, languages=("ko", "en")))
        assert response.total > 0 and response.hits[0].snippet
    sizes = {cache.name: cache.size() for cache in caches.registered()}
    assert {name: sizes[name] for name in FAST_PATH_CACHES} == dict.fromkeys(FAST_PATH_CACHES, 0)
    assert sizes["answers"] == 4


def test_scores_from_length_norms_are_whooshs_bm25_to_the_last_bit(corpus_app):
    """Each document's length part of the BM25 denominator is worked out once per field and
    segment; the scores it gives are those of whoosh.scoring.bm25, bit for bit."""
    from whoosh.scoring import bm25

    from showcase.search import index

    with corpus_app.app_context():
        searcher = index.searcher()
        compared = 0
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            for field in ("names", "body", "category_text", "name_en"):
                for word in list(reader.lexicon(field))[::5]:
                    scorer = searcher.weighting.scorer(leaf, field, word)
                    ids, weights, _values = internals.read_postings(reader, field, word, False)
                    expected = [bm25(scorer.idf, tf, scorer.dfl(docnum), scorer.avgfl,
                                     scorer.B, scorer.K1)
                                for docnum, tf in zip(ids, weights, strict=True)]
                    assert scorer.showcase_norms is not None
                    assert internals.bm25f_scores(scorer, ids, weights) == expected, word
                    compared += len(ids)
        assert compared > 1000
