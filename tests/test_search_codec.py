"""Posting blocks written as arrays (codec.py) hold exactly what Whoosh's own codec holds:
the same docnums, weights and values through Whoosh's matchers and through the engine's
block reader, the same search answers, and indexes written before are still read."""

import random

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from showcase.search import internals
from showcase.search.codec import ArrayCodec, ArrayLeafMatcher
from showcase.search.schema import build_schema

# Small blocks, so that terms span many of them (and the last one is short).
BLOCK = 16
WORDS = ["drone", "thermal", "camera", "fire", "water", "드론", "열화상", "โดรน", "sensor"]


def _documents(count: int) -> list[dict]:
    """Documents with repeated words (weights above 1), long texts (positions past 255),
    keywords, numbers and a unique id each."""
    generator = random.Random(20261207)
    documents = []
    for number in range(count):
        words = generator.choices(WORDS, k=generator.choice([1, 3, 8, 40, 300]))
        documents.append({"product_id": str(number), "body": " ".join(words),
                          "tags": " ".join(generator.sample(WORDS, 2)),
                          "rank": generator.randrange(1000), "note": words[0]})
    return documents


def _schema() -> Schema:
    return Schema(product_id=ID(stored=True, unique=True), body=TEXT(phrase=True),
                  tags=KEYWORD(scorable=True), rank=NUMERIC(int), note=STORED())


def _build(path, codec, documents, deleted=()):
    ix = whoosh_index.create_in(str(path), _schema())
    with ix.writer(codec=codec) as writer:
        for document in documents:
            writer.add_document(**document)
    if deleted:
        with ix.writer(codec=codec) as writer:
            for number in deleted:
                writer.delete_by_term("product_id", str(number))
    return ix


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """The same documents indexed with Whoosh's codec and with ours, some then deleted."""
    documents = _documents(300)
    deleted = range(5, 300, 17)
    ours = _build(tmp_path_factory.mktemp("array"), ArrayCodec(blocklimit=BLOCK), documents,
                  deleted)
    whoosh_own = _build(tmp_path_factory.mktemp("whoosh"), W3Codec(blocklimit=BLOCK),
                        documents, deleted)
    return ours, whoosh_own


def _terms(reader):
    return [(field, word) for field, word in reader.all_terms() if field != "product_id"]


def test_whooshs_matchers_read_the_same_postings_from_array_blocks(twins):
    ours, whoosh_own = twins
    with ours.reader() as reader, whoosh_own.reader() as expected:
        terms = _terms(reader)
        assert terms == _terms(expected)
        # With deleted documents, Whoosh wraps each matcher in a filter.
        assert all(isinstance(reader.postings(*term).child, ArrayLeafMatcher)
                   for term in terms if reader.doc_frequency(*term) > 1)
        spanning = 0
        for term in terms:
            mine, theirs = reader.postings(*term), expected.postings(*term)
            assert list(mine.items_as("positions") if term[0] == "body" else mine.all_items()) \
                == list(theirs.items_as("positions") if term[0] == "body"
                        else theirs.all_items()), term
            spanning += reader.doc_frequency(*term) > 2 * BLOCK
        assert spanning > 10


def test_weights_and_values_through_whooshs_matchers_are_the_same(twins):
    ours, whoosh_own = twins
    with ours.reader() as reader, whoosh_own.reader() as expected:
        for term in _terms(reader):
            mine, theirs = reader.postings(*term), expected.postings(*term)
            while theirs.is_active():
                assert (mine.id(), mine.weight(), mine.value()) == \
                    (theirs.id(), theirs.weight(), theirs.value()), term
                mine.next()
                theirs.next()
            assert not mine.is_active()


@pytest.mark.parametrize("wanted", [None, [3], [0, 150, 299], list(range(40, 120, 3))])
def test_the_block_reader_reads_both_codecs_alike(twins, wanted):
    """``internals.read_postings`` on array blocks and on Whoosh's blocks (an index written
    before) gives the same docnums, weights and values, deleted documents left out."""
    ours, whoosh_own = twins
    with ours.reader() as reader, whoosh_own.reader() as expected:
        for term in _terms(reader):
            mine = internals.read_postings(reader, *term, values=True, wanted=wanted)
            theirs = internals.read_postings(expected, *term, values=True, wanted=wanted)
            assert list(mine[0]) == list(theirs[0]) and list(mine[1]) == list(theirs[1])
            assert mine[2].at(range(len(mine[0]))) == theirs[2].at(range(len(theirs[0])))
            matcher = expected.postings(*term)
            every = [(docnum, value) for docnum, value in matcher.items_as("positions")
                     ] if term[0] == "body" else None
            if every is not None and wanted is None:
                decoded = internals.decode_positions(reader.schema["body"].format,
                                                     mine[2].at(range(len(mine[0]))))
                assert [(docnum, list(positions)) for docnum, positions
                        in zip(mine[0], decoded, strict=True)] == every, term
            assert not set(mine[0]) & set(range(5, 300, 17))


def test_searches_answer_alike_on_both_codecs(twins):
    ours, whoosh_own = twins
    queries = [wq.Term("body", "drone"), wq.Phrase("body", ["thermal", "camera"]),
               wq.And([wq.Term("body", "fire"), wq.Term("tags", "water")]),
               wq.NumericRange("rank", 100, 500), wq.Or([wq.Term("body", "드론"),
                                                        wq.Term("body", "โดรน")])]
    with ours.searcher() as mine, whoosh_own.searcher() as theirs:
        for query in queries:
            got = [(hit.docnum, hit.score) for hit in mine.search(query, limit=None)]
            assert got == [(hit.docnum, hit.score) for hit in theirs.search(query, limit=None)]
            assert got, query


def test_the_products_index_reads_positions_past_a_block(tmp_path):
    """The product schema's fields (positions, keywords, numbers) in array blocks: a phrase
    found in the last of several blocks."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    with ix.writer(codec=ArrayCodec(blocklimit=BLOCK)) as writer:
        for number in range(100):
            body = "thermal drone" if number == 97 else "drone thermal"
            writer.add_document(product_id=str(number), body=body, names=f"name {number}")
    with ix.searcher() as searcher:
        assert [hit["product_id"] for hit in
                searcher.search(wq.Phrase("body", ["thermal", "drone"]))] == ["97"]


def test_an_index_written_before_is_merged_into_array_blocks(tmp_path):
    """An index of Whoosh's blocks (built before) takes new documents in array blocks, and
    merging its segments rewrites them all as arrays with the same postings."""
    documents = _documents(120)
    (tmp_path / "merged").mkdir()
    (tmp_path / "expected").mkdir()
    ix = _build(tmp_path / "merged", W3Codec(blocklimit=BLOCK), documents[:80])
    expected_ix = _build(tmp_path / "expected", W3Codec(blocklimit=BLOCK), documents)
    with ix.writer(codec=ArrayCodec(blocklimit=BLOCK)) as writer:
        for document in documents[80:]:
            writer.add_document(**document)
    with ix.reader() as reader:
        assert len(list(reader.leaf_readers())) == 2
    with ix.writer(codec=ArrayCodec(blocklimit=BLOCK)) as writer:
        writer.optimize = True
    with ix.reader() as reader, expected_ix.reader() as expected:
        assert reader.is_atomic()
        for term in _terms(expected):
            matcher = reader.postings(*term)
            if reader.doc_frequency(*term) > 1:
                assert isinstance(matcher, ArrayLeafMatcher)
            assert list(matcher.all_items()) == list(expected.postings(*term).all_items())
