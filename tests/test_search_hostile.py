"""Search under hostile input: query syntax a visitor must not use, enormous and deeply
nested queries, an empty index and a damaged one."""

import pytest
from whoosh import query as wq

from showcase import search
from showcase.search import index, parsing
from showcase.search.schema import FIELD_BOOSTS, LOCAL_BOOST

LANGUAGES = ("en", "ko")
# Once 0.7-19 s each on a large catalog: Whoosh's range syntax.
RANGES = ["[a TO]", "[a TO z]", "{a TO z}", "[! TO \uffff]"]
OTHER_SYNTAX = ["*:*", "drone^9", "drone~2", ">drone", "<=drone", "names:drone", "dro*",
                "dr?ne", "+drone -camera", "drone ANDNOT camera", "REQUIRE drone"]
# What no query may become (besides prefixes and fuzzy terms, which only broadening adds).
FORBIDDEN = (wq.TermRange, wq.NumericRange, wq.DateRange, wq.Wildcard, wq.Every, wq.Prefix,
             wq.FuzzyTerm, wq.Regex, wq.AndMaybe, wq.Require)
NESTED = [
    "(" * 100 + "drone" + ")" * 100,
    "((drone OR (camera AND (fire OR (water AND (solar OR robot))))))",
    '"' * 200,
    ("AND OR NOT ( ) \" " * 20)[:200],
    "NOT " * 50 + "drone",
    "drone " * 40,
    ")(" * 100,
    "a" * 20_000,
    " ".join(f"w{number}" for number in range(5000)),
]


def _nodes(query, depth=0):
    """``(query, depth)`` of ``query`` and everything under it."""
    yield query, depth
    for child in query.children():
        yield from _nodes(child, depth + 1)


def _parsed(text: str):
    return parsing.parse(index.searcher().schema, LANGUAGES, parsing.bounded(text))


def _answer(text: str, **options):
    return search.search(search.SearchRequest(text=text, languages=LANGUAGES, **options))


@pytest.mark.parametrize("text", RANGES + OTHER_SYNTAX)
def test_query_syntax_is_searched_as_plain_words(demo_context, text):
    nodes = list(_nodes(_parsed(text)))
    assert not [node for node, _depth in nodes if isinstance(node, FORBIDDEN)]
    # No boost beyond the fields' own: ^ is not syntax.
    assert max(node.boost for node, _depth in nodes) <= max(*FIELD_BOOSTS.values(), LOCAL_BOOST)
    # The same characters with "/" (never syntax) in place of each syntax character.
    as_text = "".join(char if char.isalnum() or char == " " else "/" for char in text)
    found, expected = _answer(text), _answer(as_text)
    assert (found.total, [hit.ref for hit in found.hits]) == \
        (expected.total, [hit.ref for hit in expected.hits])


def test_range_syntax_finds_what_its_words_find(demo_context):
    assert _answer("[drone TO camera]").total == _answer("drone to camera").total > 0


@pytest.mark.parametrize("text", NESTED, ids=range(len(NESTED)))
def test_long_and_nested_queries_are_bounded_before_parsing(demo_context, text):
    bounded = parsing.bounded(text)
    assert len(bounded) <= parsing.MAX_QUERY_CHARS
    assert len(bounded.split()) <= parsing.MAX_QUERY_WORDS
    nodes = list(_nodes(_parsed(text)))
    terms = [node for node, _depth in nodes if node.is_leaf()]
    # Each word is looked up in each text field (and the visitor's name field) at most.
    assert len(terms) <= parsing.MAX_QUERY_WORDS * (len(FIELD_BOOSTS) + 1)
    # Parentheses two deep, each holding AND/OR/NOT of words: a shallow tree.
    assert max(depth for _node, depth in nodes) <= 4 * (parsing.MAX_GROUP_DEPTH + 1)
    assert _answer(text).total >= 0


def test_deep_parentheses_keep_their_outer_groups(demo_context):
    assert parsing.bounded("((a (b (c) d) e) f) g") == "((a  b  c  d  e) f) g"
    assert parsing.bounded("a) (b") == "a  (b"
    assert _answer("(" * 50 + "drone" + ")" * 50).total == _answer("drone").total


def test_an_empty_index_answers_nothing_found(app_context):
    """A fresh `showcase init`: the index exists and holds no document."""
    assert index.open_live().doc_count() == 0
    for options in ({}, {"sort": "name"}, {"sort": "newest"}, {"include_expired": False}):
        response = _answer("drone", **options)
        assert (response.total, response.hits) == (0, [])
    assert _answer("", filters=(("category", "drones"),)).total == 0
    assert search.suggest("dro", LANGUAGES) == []


def _truncate_segments(directory):
    for segment in directory.glob("*.seg"):
        with segment.open("r+b") as handle:
            handle.truncate(segment.stat().st_size // 2)


def _garble_table_of_contents(directory):
    for toc in directory.glob("*.toc"):
        data = bytearray(toc.read_bytes())
        for position in range(20, len(data), 7):
            data[position] ^= 0x5A
        toc.write_bytes(bytes(data))


def _remove_table_of_contents(directory):
    for toc in directory.glob("*.toc"):
        toc.unlink()


@pytest.mark.parametrize("damage", [_truncate_segments, _garble_table_of_contents,
                                    _remove_table_of_contents])
def test_a_damaged_index_makes_search_and_suggest_unavailable(demo_context, damage):
    # Damaged before this process opens it: a segment mapped into memory is not truncated
    # under a reader (the kernel would stop the process).
    damage(index.live_directory())
    with pytest.raises(search.SearchUnavailable):
        _answer("drone")
    with pytest.raises(search.SearchUnavailable):
        search.suggest("dro", LANGUAGES)
