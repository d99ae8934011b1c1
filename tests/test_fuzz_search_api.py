"""Random queries in every script and every bit of query syntax, thrown at the search and
suggest APIs of the demo catalog: each answers 200 or 400 with JSON, never a server error.
(How long hostile queries take is measured by benchmarks/hostile_queries.py, not here.)"""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

SCRIPTS = {
    "latin": (0x0041, 0x024F), "hangul": (0xAC00, 0xD7A3), "jamo": (0x1100, 0x11FF),
    "thai": (0x0E01, 0x0E5B), "khmer": (0x1780, 0x17F9), "arabic": (0x0600, 0x06FF),
    "devanagari": (0x0900, 0x097F), "cjk": (0x4E00, 0x9FFF), "kana": (0x3041, 0x30FF),
    "cyrillic": (0x0400, 0x04FF), "myanmar": (0x1000, 0x109F), "emoji": (0x1F300, 0x1FAFF),
    "combining": (0x0300, 0x036F),
}
MARKS = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069", "\u200b",
         "\u200d", "\ufeff", "\u0000", "\t", "\n", "\uffff"]
SYNTAX = ["(", ")", "[", "]", "{", "}", '"', "'", "*", "?", "~", "^", ":", "+", "-", "!",
          " AND ", " OR ", " NOT ", " TO ", "\\", "/", "&&", "||", "~2", "^3", "*:*", "name:",
          "[a TO z]", "{a TO}", "[! TO \uffff]"]

script_text = st.one_of(*(st.text(st.characters(min_codepoint=low, max_codepoint=high),
                                  min_size=1, max_size=12)
                          for low, high in SCRIPTS.values()))
piece = st.one_of(script_text, st.sampled_from(SYNTAX), st.sampled_from(MARKS),
                  st.just(" "))
operator_run = st.lists(st.sampled_from(["AND", "OR", "NOT", "TO", "(", ")", '"', "a"]),
                        max_size=24).map(" ".join)
hostile_query = st.one_of(
    operator_run,
    st.lists(piece, max_size=40).map("".join),
    st.lists(piece, min_size=80, max_size=200).map(lambda pieces: "".join(pieces)[:1000]),
    st.text(max_size=1000),
)
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _answered(response) -> None:
    assert response.status_code in (200, 400), (response.status_code, response.data[:300])
    assert response.mimetype == "application/json"
    assert response.json is not None


@FUZZ
@given(query=hostile_query, lang=st.sampled_from(["en", "ko", "th", "km", "ur", "hi", "zh-hans"]),
       sort=st.sampled_from(["relevance", "newest", "name", "<x>"]))
@example(query="NOT NOT NOT", lang="en", sort="relevance")
@example(query="[! TO \uffff]", lang="th", sort="name")
@example(query="(" * 300 + "drone", lang="ur", sort="newest")
def test_search_api_answers_any_query_in_any_script_with_json(demo_client, query, lang, sort):
    response = demo_client.get("/api/v1/search", query_string={"q": query, "lang": lang,
                                                               "sort": sort})
    _answered(response)
    if response.status_code == 200:
        assert response.json["total"] >= len(response.json["results"])


@FUZZ
@given(query=hostile_query, lang=st.sampled_from(["en", "ko", "th", "km", "ur", "hi", "ja"]))
def test_suggest_api_answers_any_prefix_in_any_script_with_json(demo_client, query, lang):
    response = demo_client.get("/api/v1/suggest", query_string={"q": query, "lang": lang})
    _answered(response)
    if response.status_code == 200:
        assert isinstance(response.json, list)
