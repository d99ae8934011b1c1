"""What staff read when they review: the live listing beside the proposal, per field, per
language and text field, per photo and brochure."""

import copy

import pytest

from showcase import unit_of_work
from showcase.queries.diffs import listing_diff, word_diff
from showcase.services.listing_payload import snapshot
from tests import factories


@pytest.fixture
def live(app_context):
    """The payload of a live listing with two texts, three photos and a brochure."""
    with unit_of_work.committed():
        factories.category("robots", {"en": "Robots", "ko": "로봇"})
        product = factories.add_product(factories.add_company(), "published",
                                        texts={"en": "Harbour drone", "ko": "항만 드론"})
        payload = snapshot(product)
    payload["texts"]["en"]["description"] = "Flies over the harbour for four hours in wind."
    payload["images"] = [_photo("aaaa"), _photo("bbbb"), _photo("cccc")]
    payload["documents"] = [{"key": "d1", "title": "Data sheet", "language": "en",
                             "size_bytes": 1200}]
    return payload


def _photo(key: str, alt: dict | None = None) -> dict:
    return {"key": key, "width": 1200, "height": 900, "alt": alt or {}, "source_digest": ""}


def _field(diff, name):
    return next(change for change in diff.fields if change.name == name)


def _language(diff, code):
    return next(language for language in diff.languages if language.language == code)


def _states(changes) -> dict[str, str]:
    return {change.key: change.state for change in changes}


def test_an_unchanged_proposal_changes_nothing(live):
    diff = listing_diff(live, copy.deepcopy(live))
    assert not diff.changed
    assert not diff.is_new
    assert all(language.state == "same" for language in diff.languages)
    assert set(_states(diff.photos).values()) == {"kept"}


def test_a_new_submission_shows_everything_as_added_against_an_empty_listing(live):
    diff = listing_diff(None, live)
    assert diff.is_new and diff.changed
    assert _field(diff, "designation.number").before == ""
    assert _field(diff, "designation.number").after == live["designation"]["number"]
    assert [language.language for language in diff.languages] == ["ko", "en"]
    assert {language.state for language in diff.languages} == {"added"}
    assert [change.key for change in diff.photos_after()] == ["aaaa", "bbbb", "cccc"]
    assert set(_states(diff.photos).values()) == {"added"}
    assert diff.photos_before() == []


def test_a_changed_description_marks_the_words_removed_and_added(live):
    proposed = copy.deepcopy(live)
    proposed["texts"]["en"]["description"] = "Flies over the port for six hours in wind."
    diff = listing_diff(live, proposed)
    english = _language(diff, "en")
    assert english.state == "changed"
    assert _language(diff, "ko").state == "same"
    description = next(field for field in english.fields if field.name == "description")
    removed = [run.text for run in description.before_segments if run.kind == "removed"]
    added = [run.text for run in description.after_segments if run.kind == "added"]
    assert removed == ["harbour", "four"]
    assert added == ["port", "six"]
    # Each side reads back as its whole text.
    assert "".join(run.text for run in description.before_segments) == live["texts"]["en"][
        "description"]
    assert "".join(run.text for run in description.after_segments) == proposed["texts"]["en"][
        "description"]


def test_word_diff_of_korean_text_keeps_the_unchanged_words():
    before, after = word_diff("항만 감시 드론, 4시간 비행", "항만 감시 드론, 6시간 비행")
    assert [run.text for run in before if run.kind == "removed"] == ["4시간"]
    assert [run.text for run in after if run.kind == "added"] == ["6시간"]
    assert before[0] == after[0]


def test_a_language_added_and_one_removed(live):
    proposed = copy.deepcopy(live)
    del proposed["texts"]["ko"]
    proposed["texts"]["th"] = {"name": "โดรนท่าเรือ", "summary": "", "description": "",
                               "keywords": ["โดรน"]}
    diff = listing_diff(live, proposed)
    assert _language(diff, "ko").state == "removed"
    thai = _language(diff, "th")
    assert thai.state == "added"
    assert next(field for field in thai.fields if field.name == "keywords").after == "โดรน"
    assert [language.language for language in diff.languages] == ["ko", "en", "th"]


def test_fields_show_readable_values_and_which_of_them_changed(live):
    proposed = copy.deepcopy(live)
    proposed["category"] = "robots"
    proposed["price"] = {"amount": "12000000", "currency": "KRW", "unit": "unit"}
    proposed["certifications"] = ["KC", "ISO 9001"]
    proposed["designation"]["valid_until"] = "2029-06-30"
    proposed["booth_request"] = "Near the entrance"
    diff = listing_diff(live, proposed)
    changed = {field.name for field in diff.fields if field.changed}
    assert changed == {"category", "price", "certifications", "designation.valid_until",
                       "booth_request"}
    assert _field(diff, "category").after == "Robots (robots)"
    assert _field(diff, "category").before == "Drones (drones)"
    assert _field(diff, "price").after == "12000000 KRW / unit"
    assert _field(diff, "certifications").after == "KC; ISO 9001"
    assert _field(diff, "designation.type").after == "Innovative prototype"
    assert str(_field(diff, "price").label) == "Price"


def test_photos_added_removed_and_reordered_are_told_apart(live):
    proposed = copy.deepcopy(live)
    # The first photo goes, the last two swap places, a new one comes last.
    proposed["images"] = [_photo("cccc"), _photo("bbbb"), _photo("dddd")]
    diff = listing_diff(live, proposed)
    states = _states(diff.photos)
    assert states["aaaa"] == "removed"
    assert states["dddd"] == "added"
    assert sorted([states["bbbb"], states["cccc"]]) == ["kept", "moved"]
    moved = next(change for change in diff.photos if change.state == "moved")
    assert (moved.before_position, moved.after_position) in ((3, 1), (2, 2))
    assert [change.key for change in diff.photos_before()] == ["aaaa", "bbbb", "cccc"]
    assert [change.key for change in diff.photos_after()] == ["cccc", "bbbb", "dddd"]


def test_removing_a_photo_does_not_make_the_ones_after_it_moved(live):
    proposed = copy.deepcopy(live)
    proposed["images"] = proposed["images"][1:]
    states = _states(listing_diff(live, proposed).photos)
    assert states == {"aaaa": "removed", "bbbb": "kept", "cccc": "kept"}


def test_a_photo_moved_to_the_front_is_the_only_one_moved(live):
    proposed = copy.deepcopy(live)
    proposed["images"] = [proposed["images"][2], *proposed["images"][:2]]
    states = _states(listing_diff(live, proposed).photos)
    assert states == {"cccc": "moved", "aaaa": "kept", "bbbb": "kept"}


def test_reversed_photos_keep_the_middle_one_in_place(live):
    proposed = copy.deepcopy(live)
    proposed["images"].reverse()
    diff = listing_diff(live, proposed)
    assert _states(diff.photos)["bbbb"] == "kept"
    assert list(_states(diff.photos).values()).count("moved") == 1


def test_a_new_alternative_text_is_a_change_of_a_kept_photo(live):
    proposed = copy.deepcopy(live)
    proposed["images"][0]["alt"] = {"en": "The drone over the harbour"}
    diff = listing_diff(live, proposed)
    first = next(change for change in diff.photos if change.key == "aaaa")
    assert first.state == "kept" and first.details_changed
    assert diff.changed


def test_brochures_added_removed_and_renamed(live):
    proposed = copy.deepcopy(live)
    proposed["documents"] = [{"key": "d2", "title": "Brochure", "language": "ko",
                              "size_bytes": 900}]
    diff = listing_diff(live, proposed)
    assert _states(diff.documents) == {"d1": "removed", "d2": "added"}
    renamed = copy.deepcopy(live)
    renamed["documents"][0]["title"] = "Technical data sheet"
    change = listing_diff(live, renamed).documents[0]
    assert change.state == "kept" and change.details_changed
    assert change.data["title"] == "Technical data sheet"
