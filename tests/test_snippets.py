"""Snippets in every script: cut at word or grapheme-cluster boundaries, whole words marked,
ellipses where text is left out, and only the summary and description shown."""

import re
import unicodedata
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.search import plain
from showcase.search.analysis import query_analyzer
from showcase.search.marking import ELLIPSIS, snippet_body, stored_text
from showcase.search.snippets import snippet
from showcase.search.tokens import SNIPPET_GRAM, snippet_tokens
from tests.conftest import demo_records

UNSPACED = ("th", "km", "lo", "my", "zh", "ja")
SPACED = ("ko",)
JOINERS = "\u17d2\u1039\u200d"


def _demo_texts(languages) -> list[tuple[str, str]]:
    """``(language, stored text)`` of every demo text in ``languages``."""
    return [(language, stored_text(text["name"], text.get("summary", ""),
                                   text.get("description", ""), "kw1 kw2"))
            for record in demo_records() for language, text in record["texts"].items()
            if language in languages]


TEXTS = _demo_texts(UNSPACED + SPACED)


def _query_tokens(words: str) -> set[str]:
    return {token.text for token in query_analyzer(SNIPPET_GRAM)(words)}


def _fragments(marked) -> list[str]:
    """The texts a snippet shows, without marks and ellipses."""
    shown = unescape(re.sub(r"</?mark[^>]*>", "", str(marked)))
    shown = shown.removeprefix(f"{ELLIPSIS} ").removesuffix(f" {ELLIPSIS}")
    return shown.split(f" {ELLIPSIS} ")


def _inside_cluster(text: str, index: int) -> bool:
    """Whether a cut at ``index`` separates a combining mark or stacked consonant from its
    base."""
    if index <= 0 or index >= len(text):
        return False
    return unicodedata.category(text[index])[0] == "M" or text[index - 1] in JOINERS


def _inside_word(text: str, index: int) -> bool:
    return 0 < index < len(text) and not (text[index - 1].isspace() or text[index].isspace())


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_snippets_never_cut_inside_a_cluster_or_a_spaced_word(data):
    language, text = data.draw(st.sampled_from(TEXTS))
    body = snippet_body(text)
    words = sorted({token for token, _start, _end in snippet_tokens(body)})
    matched = set(data.draw(st.lists(st.sampled_from(words), max_size=4))) if words else set()
    for marked in (snippet(text, matched), plain.snippet(text, matched)):
        position = 0
        for fragment in _fragments(marked):
            start = body.index(fragment, position)
            end = start + len(fragment)
            for cut in (start, end):
                assert not _inside_cluster(body, cut), (language, fragment)
                if language in SPACED:
                    assert not _inside_word(body, cut), (language, fragment)
            position = end


def test_a_thai_mark_covers_the_whole_matched_word():
    text = stored_text("โดรนส่งยา", "โดรนขนส่งยาไปยังเกาะ", "", "")
    marked = str(snippet(text, _query_tokens("โดรน")))
    assert '<mark class="match term0">โดรน</mark>ขนส่ง' in marked
    assert marked == str(plain.snippet(text, _query_tokens("โดรน")))


def test_a_korean_mark_covers_the_word_without_its_particle():
    text = stored_text("드론", "소형 드론으로 건물에 진입합니다", "", "")
    assert '소형 <mark class="match term0">드론</mark>으로' in str(
        snippet(text, _query_tokens("드론")))


def test_name_and_keywords_stay_out_of_the_snippet():
    text = stored_text("Harbour drone", "Inspects piers.", "Flies at night.", "drone sonar")
    marked = str(snippet(text, {"drone", "sonar", "harbour"}))
    assert marked == "Inspects piers.\nFlies at night."


def test_a_cut_fragment_ends_with_an_ellipsis_at_a_word_boundary():
    description = " ".join(["filler words here"] * 40 + ["the thermal camera"]
                           + ["more words after"] * 40)
    marked = str(snippet(stored_text("n", "", description, ""), {"thermal"}))
    assert marked.startswith(f"{ELLIPSIS} ") and marked.endswith(f" {ELLIPSIS}")
    for fragment in _fragments(marked):
        start = description.index(fragment)
        assert not _inside_word(description, start)
        assert not _inside_word(description, start + len(fragment))


def test_the_beginning_shown_without_a_match_is_cut_at_a_cluster_boundary():
    summary = "ក្សេត្រ" * 60  # Khmer with stacked consonants and vowel signs, no spaces
    marked = str(snippet(stored_text("n", summary, "", ""), set()))
    assert marked.endswith(f" {ELLIPSIS}")
    shown = marked.removesuffix(f" {ELLIPSIS}")
    assert summary.startswith(shown) and not _inside_cluster(summary, len(shown))
