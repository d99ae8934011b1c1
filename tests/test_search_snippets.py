"""Memoized per-piece tokens (tokens.py) equal the analyzer's own; snippets built on them equal
highlighting with the analyzer."""

import json
import re
from pathlib import Path

import pytest
from markupsafe import Markup
from whoosh import highlight

from showcase.search.analysis import index_analyzer
from showcase.search.snippets import snippet
from showcase.search.tokens import CachedAnalyzer, query_tokens

CORPUS = Path(__file__).parent / "data" / "search_corpus.jsonl"
# Texts that exercise the whitespace split: a mark after a space, apostrophes at piece ends,
# soft hyphens and ZWJ (slow normalisation path), ß -> ss, NFD Korean, tabs and line breaks.
EDGE_CASES = [
    "O\u02bbzbekiston 'quote' don't  end'\n\tstart",
    "a \u0301b  Stra\u00dfe \u00c9COLE\r\nkafe\u0301 ca\u0301fe",
    "co\u00adoperation \u0dc1\u200d\u0dbb\u0dd3 \u1112\u1161\u11ab\u1100\u116e\u11a8",
    "โทรศัพท์มือถือ HN-V300 15pro ក្សេត្រ 东京タワー",
    "  leading and trailing  ",
    "",
]


def _corpus_texts() -> list[str]:
    texts = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for text in json.loads(line)["texts"].values():
                parts = [text.get("name"), text.get("summary"), text.get("description"),
                         " ".join(text.get("keywords") or [])]
                texts.append("\n".join(part for part in parts if part))
    return texts


TEXTS = _corpus_texts() + EDGE_CASES


def _analyzer_tokens(text):
    return [(t.text, t.startchar, t.endchar)
            for t in index_analyzer()(text, chars=True, mode="query", removestops=False)]


def _all_attributes(analyzer, text, **options):
    return [t.copy().__dict__ for t in analyzer(text, **options)]


@pytest.mark.parametrize("text", TEXTS)
def test_piecewise_tokens_equal_the_analyzers(text):
    assert query_tokens(text) == _analyzer_tokens(text)
    for mode in ("index", "query", ""):
        for options in ({}, {"positions": True, "boosts": True},
                        {"positions": True, "chars": True, "keeporiginal": True,
                         "start_pos": 7, "start_char": 3}):
            # Twice: the second run answers from the cache.
            for _ in range(2):
                assert _all_attributes(CachedAnalyzer(), text, mode=mode, **options) == \
                    _all_attributes(index_analyzer(), text, mode=mode, **options)


def test_untokenized_values_and_equality():
    assert _all_attributes(CachedAnalyzer(), "Oʻzbek  Ё", tokenize=False, mode="query") == \
        _all_attributes(index_analyzer(), "Oʻzbek  Ё", tokenize=False, mode="query")
    assert CachedAnalyzer() == CachedAnalyzer() != index_analyzer()


def test_snippets_equal_highlighting_the_whole_text():
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    fragmenter = highlight.ContextFragmenter(maxchars=180, surround=60)
    for text in TEXTS:
        words = {token for token, _start, _end in _analyzer_tokens(text)[::7]}
        expected = highlight.highlight(text, words, index_analyzer(), fragmenter, formatter,
                                       top=2)
        # Marks carry a class per distinct term, numbered in order of first appearance per
        # formatter: compare without it.
        got = str(snippet(text, words))
        assert _without_classes(got) == _without_classes(expected or _escaped_start(text))


def _without_classes(html: str) -> str:
    return re.sub(r' class="[^"]*"', "", html)


def _escaped_start(text: str) -> str:
    return str(Markup.escape(text[:180]))
