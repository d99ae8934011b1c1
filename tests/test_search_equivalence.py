"""The search engine's shortcuts give exactly what Whoosh's own code paths give.

Memoized per-piece tokens (tokens.py) equal the analyzer's; snippets built on them equal
highlighting with the analyzer (both shown by marking.py); completion keys folded a word at a
time equal folding the whole label; and every query of the relevance suite (and each
product's names) gets the same totals, ranking and scores, facet counts and matched terms as a
plain Whoosh search with ``Phrase``, ``Prefix``, ``FuzzyTerm``, ``BM25F``, ``FieldFacet`` and
``terms=True``.
"""

import json
import pickle
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from whoosh import highlight, sorting
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import CompositeAnalyzer
from whoosh.formats import Positions

from showcase.extensions import db
from showcase.models import Product, ProductStatus
from showcase.search import (
    caches,
    completion_keys,
    completions,
    index,
    internals,
    parsing,
    postings,
)
from showcase.search import query as engine
from showcase.search.analysis import MultilingualTokenizer, fold, index_analyzer
from showcase.search.documents import product_document
from showcase.search.facets import MULTI_VALUED, facet_counts
from showcase.search.marking import FragmentFormatter, fallback, snippet_body, stored_text
from showcase.search.plain import plain_query as _plain
from showcase.search.queries import ExpandedFuzzyTerm, ExpandedPrefix
from showcase.search.schema import FACET_FIELDS, build_schema
from showcase.search.snippets import snippet
from showcase.search.tokens import SNIPPET_GRAM, CachedAnalyzer, snippet_tokens
from tests.conftest import app_with_catalog
from tests.test_search_relevance import CASES, NOTHING, PUBLISHED

CORPUS = Path(__file__).parent / "data" / "search_corpus.jsonl"
# Texts that exercise the whitespace split: a mark after a space, apostrophes at piece ends,
# soft hyphens and ZWJ (slow normalisation path), ß -> ss, NFD Korean, tabs and line breaks.
EDGE_CASES = [
    "O\u02bbzbekiston 'quote' don't  end'\n\tstart",
    "a \u0301b  Stra\u00dfe \u00c9COLE\r\nkafe\u0301 ca\u0301fe",
    "co\u00adoperation \u0dc1\u200d\u0dbb\u0dd3 \u1112\u1161\u11ab\u1100\u116e\u11a8",
    "โทรศัพท์มือถือ HN-V300 15pro ក្សេត្រ 东京タワー",
    "  leading and trailing  ",
    "인공지능 !  구급차 ・ 통신장비 \u0301",  # pieces without tokens after a query word
    "",
]


def _corpus_parts() -> list[list[str]]:
    """Name, summary, description and keywords of every text of the corpus."""
    texts = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for text in json.loads(line)["texts"].values():
                texts.append([text.get("name") or "", text.get("summary") or "",
                              text.get("description") or "",
                              " ".join(text.get("keywords") or [])])
    return texts


TEXTS = ["\n".join(part for part in parts if part) for parts in _corpus_parts()] + EDGE_CASES
# As the index stores them: a snippet shows only summary and description.
STORED_TEXTS = [stored_text(*parts) for parts in _corpus_parts()[::5]]


def _snippet_analyzer():
    return CompositeAnalyzer(MultilingualTokenizer(forced_mode="snippet",
                                                   longest_gram=SNIPPET_GRAM))


def _analyzer_tokens(text):
    return [(t.text, t.startchar, t.endchar)
            for t in _snippet_analyzer()(text, chars=True, removestops=False)]


def _all_attributes(analyzer, text, **options):
    return [t.copy().__dict__ for t in analyzer(text, **options)]


@pytest.mark.parametrize("text", TEXTS)
def test_piecewise_tokens_equal_the_analyzers(text):
    assert snippet_tokens(text) == _analyzer_tokens(text)
    for longest in (2, 3):
        for mode in ("index", "query", "snippet", ""):
            for options in ({}, {"positions": True, "boosts": True},
                            {"positions": True, "chars": True, "keeporiginal": True,
                             "start_pos": 7, "start_char": 3}):
                # Twice: the second run answers from the cache.
                for _ in range(2):
                    assert _all_attributes(CachedAnalyzer(longest), text, mode=mode,
                                           **options) == \
                        _all_attributes(index_analyzer(longest), text, mode=mode, **options)


def test_untokenized_values_and_equality():
    assert _all_attributes(CachedAnalyzer(), "Oʻzbek  Ё", tokenize=False, mode="query") == \
        _all_attributes(index_analyzer(), "Oʻzbek  Ё", tokenize=False, mode="query")
    assert CachedAnalyzer() == CachedAnalyzer() != index_analyzer()
    assert CachedAnalyzer(3) == CachedAnalyzer(3) != CachedAnalyzer(2)


def test_a_tokenizer_pickled_before_trigrams_keeps_its_bigrams():
    tokenizer = pickle.loads(pickle.dumps(MultilingualTokenizer(longest_gram=3)))
    del tokenizer.__dict__["longest_gram"]
    assert [t.text for t in tokenizer("구급차", mode="query")] == ["구급", "급차"]


def test_an_index_pickled_before_trigrams_keeps_its_bigrams():
    # Such an index's schema holds a CachedAnalyzer without the attribute.
    analyzer = pickle.loads(pickle.dumps(CachedAnalyzer(3)))
    del analyzer.__dict__["longest_gram"]
    assert analyzer == CachedAnalyzer(2)
    assert [t.text for t in analyzer("구급차", mode="query")] == ["구급", "급차"]
    assert [t.text for t in CachedAnalyzer(3)("구급차", mode="query")] == ["구급차"]


def test_snippets_equal_highlighting_the_whole_text():
    fragmenter = highlight.ContextFragmenter(maxchars=180, surround=60)
    for text in TEXTS + STORED_TEXTS:
        body = snippet_body(text)
        tokens = [token for token, _start, _end in _analyzer_tokens(body)]
        for step in (1, 3, 7, 40):
            words = set(tokens[::step])
            expected = highlight.highlight(body, words, _snippet_analyzer(), fragmenter,
                                           FragmentFormatter(), top=2)
            assert str(snippet(text, words)) == (expected or fallback(body)), (text, step)


@pytest.mark.parametrize("text", TEXTS)
def test_completion_keys_fold_a_word_at_a_time(text):
    assert completion_keys.fold_label(text) == fold(text)


# Engine against plain Whoosh.


@pytest.fixture(scope="module")
def corpus_app(empty_template, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("search-equivalence") / "data"
    with app_with_catalog(empty_template, data_dir, CORPUS) as (app, report):
        assert report.ok, report.errors[:5]
        yield app


@pytest.fixture(scope="module")
def segmented_app(empty_template, tmp_path_factory):
    """The corpus indexed in three commits that are not merged, then a fourth that deletes
    some products and indexes others again (their old documents deleted)."""
    data_dir = tmp_path_factory.mktemp("search-equivalence-segments") / "data"
    with app_with_catalog(empty_template, data_dir, CORPUS) as (app, report):
        assert report.ok, report.errors[:5]
        with Session(db.engine) as session:
            documents = [product_document(product) for product in session.scalars(
                select(Product).where(Product.status == ProductStatus.PUBLISHED)
                .order_by(Product.id))]
        directory = index.create_directory()
        built = index.open_at(directory)
        for part in (documents[0::3], documents[1::3], documents[2::3]):
            writer = index.writer(built)
            for document in part:
                writer.add_document(**document)
            writer.commit(merge=False)
        writer = index.writer(built)
        for document in documents[0:3]:  # one from each segment
            writer.delete_by_term("product_id", document["product_id"])
        for document in documents[3:6]:
            writer.update_document(**document)
        writer.commit(merge=False)
        index.swap_in(directory)
        with index.open_live().reader() as reader:
            leaves = [leaf for leaf, _offset in reader.leaf_readers()]
            assert len(leaves) == 4 and sum(leaf.has_deletions() for leaf in leaves) == 3
            assert reader.doc_count() == len(documents) - 3
        yield app


@pytest.fixture(params=["one-segment", "segments-with-deletions"])
def searched_app(request):
    """The corpus index as one segment, and as several with deleted documents."""
    return request.getfixturevalue(
        "corpus_app" if request.param == "one-segment" else "segmented_app")


def _whoosh_page(searcher, query, request):
    """Whoosh's ``(docnum, score)`` of the first pages (relevance: an expired designation's
    score multiplied by ``EXPIRED_FACTOR``, every match ranked again), the number of
    matches, the facet counts and the matched terms."""
    sortedby, reverse = engine.sort_order(searcher, request)
    facets = {name: sorting.FieldFacet(name, allow_overlap=name in MULTI_VALUED)
              for name in FACET_FIELDS}
    end = request.page * request.per_page
    results = searcher.search(
        _plain(query), limit=None if sortedby is None else end,
        filter=engine.filter_query(searcher, request),
        sortedby=sortedby, reverse=reverse, groupedby=facets, maptype=sorting.Count,
        terms=True)
    counts = {name: sorted(((str(value), count) for value, count in results.groups(name).items()
                            if value), key=lambda item: (-item[1], item[0]))
              for name in FACET_FIELDS}
    top = [(hit.docnum, hit.score) for hit in results[:end]]
    if sortedby is None and request.include_expired:
        expired = set(searcher.docs_for_query(engine.expired_query(searcher)))
        top = sorted(((hit.docnum, hit.score * (engine.EXPIRED_FACTOR if hit.docnum in expired
                                                 else 1.0)) for hit in results),
                     key=lambda item: (-item[1], item[0]))[:end]
    return top, len(results), counts, results.matched_terms()


def _terms_found(searcher, query, request) -> set:
    """``(field, word)`` of each term of ``query`` whose own query matches a result."""
    results = set(searcher.docs_for_query(_plain(query)))
    allowed = engine.filter_query(searcher, request)
    if allowed is not None:
        results &= set(searcher.docs_for_query(allowed))
    found = set()
    for leaf in _term_queries(query):
        if isinstance(leaf, wq.Phrase):
            if not results.isdisjoint(searcher.docs_for_query(_plain(leaf))):
                field = searcher.schema[leaf.fieldname]
                found.update((leaf.fieldname, field.to_bytes(word)) for word in leaf.words)
            continue
        words = [leaf] if isinstance(leaf, wq.Term) else [  # or a prefix or fuzzy term
            wq.Term(field, text) for field, text in _plain(leaf).expanded_terms(searcher.reader())]
        for word in words:
            if not results.isdisjoint(searcher.docs_for_query(word)):
                found.add((word.fieldname, searcher.schema[word.fieldname].to_bytes(word.text)))
    return found


def _term_queries(query):
    """The terms, phrases, prefixes and fuzzy terms of ``query``, not under a ``NOT``."""
    if isinstance(query, wq.AndNot):
        yield from _term_queries(query.a)
    elif isinstance(query, (wq.Term, wq.Phrase, ExpandedPrefix, ExpandedFuzzyTerm)):
        yield query
    elif not isinstance(query, wq.Not):
        for child in query.children():
            yield from _term_queries(child)


def _requests():
    for param in CASES:
        _language, text, languages, _expected, _first, filters, include_expired, _absent = (
            param.values)
        yield engine.SearchRequest(text=text, languages=languages, filters=filters,
                                   include_expired=include_expired)
    for text, languages, filters, include_expired in (param.values for param in NOTHING):
        yield engine.SearchRequest(text=text, languages=languages, filters=filters,
                                   include_expired=include_expired)
    for record in PUBLISHED:
        for language, text in record["texts"].items():
            yield engine.SearchRequest(text=text["name"], languages=(language, "en"))
    for sort in ("newest", "name"):
        yield engine.SearchRequest(text="drone", sort=sort, per_page=3, page=2)
        yield engine.SearchRequest(text="solar", languages=("th", "en", "ko"), sort=sort,
                                   include_expired=False)
    for text in ('drone OR 드론을 OR "fire station"', "solar NOT lamp", "ไฟป่า OR 산불"):
        yield engine.SearchRequest(text=text, languages=("ko", "en"))


def test_engine_equals_plain_whoosh(searched_app):
    searcher = index.searcher()
    plain = index.open_live().searcher()  # Whoosh's default BM25F
    checked = 0
    for request in _requests():
        parsed = parsing.parse(searcher.schema, request.languages,
                               parsing.bounded(request.text))
        for query in (parsed, parsing.broaden(parsed)):
            found, _facets = engine._execute(searcher, query, request, True)
            terms = found.terms
            expected, total, counts, expected_terms = _whoosh_page(plain, query, request)
            context = f"{request.text!r} {'broadened' if query is not parsed else ''}"
            assert found.total == total, context
            # Scores are the same sums added in another order: equal to the last few bits.
            assert [docnum for docnum, _score in found.top] == \
                [docnum for docnum, _score in expected], context
            scores = [score for _docnum, score in found.top]
            expected_scores = [score for _docnum, score in expected]
            if request.sort == "relevance":
                expected_scores = pytest.approx(expected_scores, rel=1e-12)
            assert scores == expected_scores, context
            assert facet_counts(searcher, found.docnums) == counts, context
            # Whoosh also reports the words of a phrase that failed in a field when its
            # matcher tree happened to stop on the document; a term counts here only where its
            # own query (term, phrase or expanded word) matches a result.
            assert terms == _terms_found(plain, query, request), context
            assert terms <= expected_terms, context
            checked += 1
    assert checked > 500


def test_completion_labels_equal_loading_whole_products(corpus_app):
    """completions._labels reads columns only; it yields what iterating loaded products did, in the
    same order (ties between completions keep that order)."""
    with Session(db.engine) as session:
        products = session.scalars(
            select(Product).where(Product.status == ProductStatus.PUBLISHED)
            .options(selectinload(Product.texts), selectinload(Product.company),
                     selectinload(Product.category)))
        expected, companies, categories = [], {}, {}
        for product in products:
            expected += [(text.name, "product", product.ref, text.language)
                         for text in product.texts.values()]
            companies[product.company.id] = product.company
            categories[product.category.code] = product.category
        expected += [(name, "company", str(company.id), language)
                     for company in companies.values() for language, name in company.names.items()]
        expected += [(name, "category", category.code, language)
                     for category in categories.values()
                     for language, name in category.names.items()]
        labels = [(s.label, s.kind, s.target, s.language) for s in completions._labels(session)]
    assert labels == expected


def test_field_lengths_read_at_once_equal_whooshs_per_document(searched_app):
    """weighting.py reads a segment's length bytes in one block: the same lengths as asking
    Whoosh document by document (also for a field the segment has no lengths of)."""
    searcher = index.searcher()
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        for name in ("names", "company", "category_text", "body", "name_ko", "name_zz"):
            assert internals.read_lengths(reader, name) == [
                reader.doc_field_length(docnum, name, 1)
                for docnum in range(reader.doc_count_all())], name


def test_phrase_checked_on_a_few_documents_equals_the_whole_phrase(searched_app, monkeypatch):
    """A phrase asked about a few documents is checked only there (reading only their blocks);
    the answer equals finding it everywhere and keeping those documents."""
    monkeypatch.setattr(postings, "WHOLE_PHRASE_FROM", 10**9)  # always "a few" here
    searcher = index.searcher()
    checked = 0
    for record in PUBLISHED:
        for text in record["texts"].values():
            query = parsing.parse(searcher.schema, ("ko", "en"), text["name"])
            for leaf in (q for q in query.leaves() if isinstance(q, wq.Phrase)):
                field = searcher.schema[leaf.fieldname]
                btexts = tuple(field.to_bytes(word) for word in leaf.words)
                for sub, _offset in searcher.leaf_searchers():
                    reader = sub.reader()
                    caches.clear_all()
                    everywhere = postings.phrase_docs(reader, leaf.fieldname, btexts)
                    few = set(range(0, reader.doc_count_all(), 7)) | set(list(everywhere)[:1])
                    caches.clear_all()
                    assert postings.phrase_docs(reader, leaf.fieldname, btexts, few) == \
                        everywhere & few
                    checked += 1
    assert checked > 20


def test_blocks_without_wanted_documents_are_skipped_not_lost(tmp_path, monkeypatch):
    """Postings span several blocks when a word is in many documents: reading only the blocks
    that may hold wanted documents gives exactly those documents' postings."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    with ix.writer() as writer:
        for number in range(700):
            body = "thermal drone camera" if number % 3 else "drone thermal camera"
            writer.add_document(product_id=str(number), body=f"{body} {number}")
    monkeypatch.setattr(postings, "WHOLE_PHRASE_FROM", 10**9)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        every_id, every_weight, every_value = internals.read_postings(reader, "body", b"drone",
                                                                      True)
        assert len(every_id) == 700
        for wanted in ([5], [0, 699], list(range(100, 400, 9)), list(range(650, 700))):
            ids, weights, values = internals.read_postings(reader, "body", b"drone", True,
                                                           wanted)
            assert set(wanted) <= set(ids)
            every = zip(every_id, every_weight, every_value.at(range(len(every_id))),
                        strict=True)
            assert [(i, w, v) for i, w, v in every if i in set(ids)] == \
                list(zip(ids, weights, values.at(range(len(ids))), strict=True))
            phrase = postings.phrase_docs(reader, "body", (b"thermal", b"drone"), set(wanted))
            assert phrase == {number for number in wanted if number % 3}


def test_positions_decoded_together_equal_whoosh_decoding_each():
    """A phrase word's position values are unpickled in one call: the same positions as
    Whoosh's own decoder gives value by value, for short and long lists, large positions,
    and values with and without the pickle's final STOP byte."""
    format_ = Positions()
    lists = [[0], [7], [255, 256], [65535, 65536, 2**31], list(range(0, 6000, 3)),
             [5, 5, 9], list(range(998, 2001))]
    values = [format_.encode(positions) for positions in lists]
    values += [value[:-1] for value in values if value.endswith(b".")]
    expected = [format_.decode_positions(value) for value in values]
    assert [list(positions) for positions in internals.decode_positions(format_, values)] == \
        expected
    assert expected[:len(lists)] == lists
