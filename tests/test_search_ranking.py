"""Ranking and inflection over the demo catalog: the thing asked for comes first, expired
designations rank below valid ones, inflected forms find their stems; and check-index knows
which thesaurus an index was built with."""

from datetime import date

import pytest
from whoosh import index as whoosh_index

from showcase import thesaurus
from showcase.search import index
from showcase.search.analysis import tokenize_words
from showcase.search.schema import build_schema, thesaurus_built_with
from showcase.search.stemming import stem, stem_words
from tests.conftest import _app_from, databases, demo_records

RECORDS = {r["ref"]: r for r in demo_records() if r["status"] == "published"}
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def client(demo_template, tmp_path_factory):
    """One copy of the demo for the module: these tests only read."""
    app = _app_from(demo_template, tmp_path_factory.mktemp("ranking"), "demo-data")
    yield app.test_client()
    databases.drop(app)


def _refs(client, **args) -> list[str]:
    response = client.get("/api/v1/search", query_string={"per_page": 50, **args})
    assert response.status_code == 200, response.data
    return [hit["ref"] for hit in response.json["results"]]


def _expired(ref: str) -> bool:
    return date.fromisoformat(RECORDS[ref]["designation"]["valid_until"]) < TODAY


def test_drones_come_first_for_drone(client):
    refs = _refs(client, q="drone", lang="en")
    drones = {ref for ref, r in RECORDS.items() if r["category"]["code"] == "drones"}
    assert len(drones) >= 8
    assert set(refs[:len(drones)]) == drones, refs


def test_an_expired_designation_ranks_below_the_valid_ones_that_name_the_query(client):
    refs = _refs(client, q="drone", lang="en")
    expired = [ref for ref in refs if _expired(ref)]
    assert expired, "the demo holds an expired drone product"
    named = [ref for ref in refs if not _expired(ref)
             and "drone" in RECORDS[ref]["texts"]["en"]["name"].casefold()]
    assert max(map(refs.index, named)) < min(map(refs.index, expired)), refs
    assert expired[0] not in _refs(client, q="drone", lang="en", expired="0")


@pytest.mark.parametrize("word, category", [("disaster", "disaster-safety"),
                                            ("medical", "medical-devices")])
def test_a_match_in_the_category_name_outranks_one_in_the_description(client, word, category):
    refs = _refs(client, q=word, lang="en")
    in_category = [ref for ref in refs if RECORDS[ref]["category"]["code"] == category
                   and not _expired(ref)]  # an expired designation ranks lower (below)
    others = [ref for ref in refs if RECORDS[ref]["category"]["code"] != category
              and word not in RECORDS[ref]["texts"]["en"]["name"].casefold()]
    assert in_category and others
    assert max(map(refs.index, in_category)) < min(map(refs.index, others)), refs


@pytest.mark.parametrize("word, script, expected", [
    ("беспилотники", "CYRILLIC", "беспилотник"),
    ("беспилотников", "CYRILLIC", "беспилотник"),
    ("дрондарды", "CYRILLIC", "дрон"),  # Kazakh: plural + accusative
    ("сутегі", "CYRILLIC", "сутег"),  # Kazakh, and сутеги typed on a Russian keyboard
    ("сутеги", "CYRILLIC", "сутег"),
    ("хүлэмжийн", "CYRILLIC", "хүлэмж"),  # Mongolian genitive
    ("орчуулгын", "CYRILLIC", "орчуулг"),
    ("орчуулга", "CYRILLIC", "орчуулг"),
    ("машиналар", "CYRILLIC", "машин"),  # Kyrgyz plural
    ("xizmatlari", "LATIN", "xizmat"),  # Uzbek
    ("batteries", "LATIN", "battery"),
    ("drones", "LATIN", "drone"),
    ("status", "LATIN", "status"),
    ("glass", "LATIN", "glass"),
    ("15pro", "LATIN", "15pro"),
])
def test_stems(word, script, expected):
    assert stem(word, script) == expected


def test_the_index_holds_the_stem_beside_the_word_and_a_query_asks_for_the_stem():
    assert tokenize_words("Беспилотников") == ["беспилотников", "беспилотник"]
    assert stem_words("беспилотники дрондарды") == "беспилотник дрон"


@pytest.mark.parametrize("query, lang, stem_query", [
    ("беспилотники", "ru", "беспилотник"),
    ("дрондарды", "kk", "дрон"),
    ("drones", "en", "drone"),
])
def test_an_inflected_query_finds_what_its_stem_finds(client, query, lang, stem_query):
    inflected = _refs(client, q=query, lang=lang)
    assert inflected and set(inflected) == set(_refs(client, q=stem_query, lang=lang))


def test_check_index_knows_which_thesaurus_the_index_was_built_with(app_context):
    runner = app_context.test_cli_runner()
    current = thesaurus.digest()
    assert thesaurus_built_with(index.open_live().schema) == current
    older = build_schema()
    older.thesaurus = "0123456789abcdef"
    directory = index.create_directory()
    whoosh_index.create_in(str(directory), older)
    index.swap_in(directory)
    result = runner.invoke(args=["check-index", "--no-repair"])
    assert result.exit_code == 1 and "0123456789abcdef" in result.output, result.output
    assert current in result.output
    result = runner.invoke(args=["check-index"])
    assert result.exit_code == 0 and "recorded" in result.output, result.output
    assert thesaurus_built_with(index.open_live().schema) == current
    assert "index and database agree" in runner.invoke(args=["check-index"]).output
