"""The concept thesaurus: its data follows the format and covers the catalog, and lookups find
concepts by any of their terms, in running text of every script."""

from collections import defaultdict

import pytest

from showcase.thesaurus import LANGUAGES, fold, load, problems, read_concepts
from tests.conftest import demo_records

MIN_CONCEPTS = 600


def _write(folder, name: str, body: str):
    (folder / name).write_text(body, encoding="utf-8")


def _concept(concept_id: str, **terms) -> str:
    lines = [f"[{concept_id}]"]
    for language in LANGUAGES:
        words = terms.get(language, [f"{concept_id} {language}"])
        lines.append(f"{language} = [{', '.join(repr(word) for word in words)}]")
    return "\n".join(lines).replace("'", '"') + "\n\n"


@pytest.fixture
def small(tmp_path):
    _write(tmp_path, "products.toml",
           _concept("drone", en=["drone", "UAV"], th=["โดรน"], ko=["드론", "무인기"],
                    ru=["дрон", "БПЛА"]) +
           _concept("water-purifier", en=["water purifier"], th=["เครื่องกรองน้ำ"]))
    return tmp_path


def test_data_follows_the_format():
    concepts, _version = read_concepts()
    assert problems(concepts) == []
    assert len(concepts) >= MIN_CONCEPTS


def test_no_term_belongs_to_two_concepts_in_one_language():
    concepts, _version = read_concepts()
    owners = defaultdict(set)
    for concept in concepts:
        for language, words in concept.terms.items():
            for word in words:
                owners[(language, fold(word))].add(concept.id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert not shared, sorted(shared.items())[:10]


def test_the_concepts_cover_the_demo_catalog():
    thesaurus = load()
    published = [r for r in demo_records() if r["status"] == "published"]
    for language in ("en", "ko"):
        untagged = [r["ref"] for r in published if not thesaurus.concepts_in(
            f"{r['texts'][language]['name']} {r['texts'][language]['summary']}", language)]
        assert len(untagged) <= len(published) // 20, (language, untagged[:10])


def test_a_term_in_any_case_or_width_names_its_concept(small):
    thesaurus = load(small)
    assert thesaurus.concepts_of("UAV") == ("drone",)
    assert thesaurus.concepts_of("ｕａｖ") == ("drone",)
    assert thesaurus.concepts_of("бпла") == ("drone",)
    assert thesaurus.concepts_of("helicopter") == ()
    assert thesaurus.concepts["drone"].label("th") == "โดรน"


def test_concepts_are_found_in_running_text_of_spaced_and_unspaced_scripts(small):
    thesaurus = load(small)
    assert thesaurus.concepts_in("Two drones and a Water Purifier.", "en") == [
        "drone", "water-purifier"]
    assert thesaurus.concepts_in("A droneport is not a drone", "en") == ["drone"]
    assert thesaurus.concepts_in("dronestation", "en") == []
    assert thesaurus.concepts_in("ระบบโดรนตรวจการณ์และเครื่องกรองน้ำ", "th") == [
        "drone", "water-purifier"]
    assert thesaurus.concepts_in("산불 감시용 드론을 운용", "ko") == ["drone"]


def test_an_unspaced_word_is_cut_at_its_terms_keeping_no_lone_character(small):
    thesaurus = load(small)
    assert thesaurus.segment("산불감시드론을") == [("산불감시", ()), ("드론", ("drone",))]
    # A one-character rest is searched with the term beside it, not as a word of its own.
    assert thesaurus.segment("소형드론") == [("소형", ()), ("드론", ("drone",))]
    assert thesaurus.segment("드론팀") == [("드론팀", ("drone",))]
    assert thesaurus.segment("팀드론") == [("팀드론", ("drone",))]
    assert thesaurus.segment("โดรนน") == [("โดรน", ("drone",)), ("น", ())]  # a typo
    assert thesaurus.segment("drone team") == []


def test_the_version_follows_the_content(small):
    before = load(small).version
    _write(small, "extra.toml", _concept("robot", en=["robot"]))
    load.cache_clear()
    assert load(small).version != before
