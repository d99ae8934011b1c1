"""Index-time concept tags: which concepts a text names in any language and script, and a
changed thesaurus re-tags the products it tags otherwise through ``showcase check-index``."""

import gc
import json
import shutil

import pytest

from showcase import thesaurus
from showcase.extensions import db
from showcase.search import caches, index, tagging
from showcase.search.schema import thesaurus_built_with
from showcase.services.importer import import_catalog
from tests.conftest import demo_records, write_catalog


def _names(text: str) -> list[str]:
    return tagging.tagger().concepts_in(text)


@pytest.mark.parametrize("text, concept", [
    ("Two agricultural drones", "drone"),  # an English plural
    ("Беспилотники для мониторинга", "drone"),  # Russian, inflected
    ("дрондарды", "drone"),  # Kazakh: plural and accusative
    ("산불감시드론을 띄웁니다", "drone"),  # Korean, inside a compound, a particle after it
    ("โดรนดับไฟป่า", "drone"),  # Thai, no spaces
    ("无人机巡检系统", "drone"),  # Chinese
    ("Máy bay không người lái", "drone"),  # Vietnamese, a term of several words
    ("may bay khong nguoi lai", "drone"),  # typed without accents
])
def test_a_text_names_a_concept_in_any_language_and_script(text, concept):
    assert concept in _names(text), text


def test_a_term_of_several_words_needs_them_in_a_row():
    assert "drone" in _names("Một máy bay không người lái chữa cháy")
    assert "drone" not in _names("người lái máy bay không")


def test_a_one_character_term_names_its_concept_only_as_a_whole_word():
    [concept_id] = thesaurus.load().concepts_of("앱")
    assert concept_id in _names("모바일 앱")
    assert concept_id not in _names("앱솔루트")  # 앱 inside an unrelated word


def test_staff_hidden_concepts_are_not_indexed():
    title, body = tagging.document_concepts(["Firefighting drone"], ["A drone"], {"drone"})
    assert "drone" not in title.split() and "drone" not in body.split()
    assert title and "firefighting" in title.split()


def _plain_word(record: dict) -> str | None:
    """A word of the record's English name that is no thesaurus term, if any."""
    return next((word for word in record["texts"]["en"]["name"].split()
                 if word.isalpha() and len(word) > 4 and not thesaurus.load().concepts_of(word)),
                None)


def test_check_index_retags_products_after_a_thesaurus_change(app_context, tmp_path,
                                                               monkeypatch):
    record = next(r for r in demo_records() if r["status"] == "published" and _plain_word(r))
    assert import_catalog(write_catalog(tmp_path / "in", [record]),
                          on_batch=db.session.commit).ok
    word = _plain_word(record)
    # A new thesaurus: the current one plus a concept named by that word, in Thai "ทดสอบคำ".
    changed = tmp_path / "thesaurus"
    shutil.copytree(thesaurus.THESAURUS_DIR, changed)
    terms = {language: [f"{word}-{language}"] for language in thesaurus.LANGUAGES}
    terms["en"], terms["th"] = [word], ["ทดสอบคำ"]
    lines = ["[test-concept]"] + [f"{language} = {json.dumps(words, ensure_ascii=False)}"
                                  for language, words in terms.items()]
    (changed / "zz-test.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(thesaurus, "load", lambda directory=changed: _load(changed))
    monkeypatch.setattr(thesaurus, "digest", lambda directory=changed: _digest(changed))
    client = app_context.test_client()

    def found() -> list[str]:
        answer = client.get("/api/v1/search", query_string={"q": "ทดสอบคำ", "lang": "th"})
        return [hit["ref"] for hit in answer.json["results"]]

    assert found() == []  # the index was tagged with the old thesaurus
    runner = app_context.test_cli_runner()
    reported = runner.invoke(args=["check-index", "--no-repair"])
    assert reported.exit_code == 1 and "stale: 1" in reported.output, reported.output
    repaired = runner.invoke(args=["check-index"])
    assert repaired.exit_code == 0 and "recorded" in repaired.output, repaired.output
    assert thesaurus_built_with(index.open_live().schema) == _digest(changed)
    assert found() == [record["ref"]]
    assert "index and database agree" in runner.invoke(args=["check-index"]).output


def test_a_worker_keeps_its_thesaurus_out_of_full_garbage_collections():
    tagging.tagger()
    # The thesaurus's objects (each concept's term lists) sit in the frozen generation, and
    # full collections wait for many younger ones.
    assert gc.get_freeze_count() > sum(len(c.terms) for c in thesaurus.load().concepts.values())
    assert gc.get_threshold()[2] == caches.FULL_COLLECTION_AFTER


_load = thesaurus.load.__wrapped__
_digest = thesaurus.digest
