"""What a company's submission or revision changes, for staff to read side by side.

:func:`listing_diff` compares two listing payloads (the live listing's ``snapshot`` and what
the company proposes; for a new submission nothing is live, so "before" is empty) and returns
per field, per language and text field, per photo and per brochure what stays, what changes,
what is added and what is removed. Long texts come with a word-level inline diff. Photos and
brochures are matched by the key of their stored file: a photo is "moved" when its place among
the photos both versions share changed, not merely because another photo before it went away
or a new one came in.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sqlalchemy import select

from showcase.extensions import db
from showcase.i18n import content_chain
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import DESIGNATION_TYPES, Category
from showcase.services.listing_payload import TEXT_FIELDS

FIELD_LABELS = {
    "category": _lp("Category"),
    "designation.type": _lp("Designation type"),
    "designation.number": _lp("Designation number"),
    "designation.valid_from": _lp("Valid from"),
    "designation.valid_until": _lp("Valid until"),
    "classification_code": _lp("Classification code"),
    "price": _lp("Price"),
    "certifications": _lp("Certifications"),
    "booth_request": _lp("Booth request"),
}
TEXT_LABELS = {"name": _lp("Name"), "summary": _lp("Summary"),
               "description": _lp("Description"), "keywords": _lp("Keywords")}
# Korean and English come first: every listing has one of them and staff read them.
FIRST_LANGUAGES = ("ko", "en")
# Words, runs of spaces, and single punctuation marks: the units of the inline diff.
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
EMPTY_PAYLOAD = {
    "category": "", "classification_code": "", "certifications": [], "booth_request": "",
    "designation": {"type": "", "number": "", "valid_from": None, "valid_until": None},
    "price": {"amount": None, "currency": "", "unit": ""},
    "texts": {}, "images": [], "documents": [],
}


@dataclass(frozen=True)
class Segment:
    """A run of an inline diff: ``kind`` is "same", "removed" or "added"."""

    kind: str
    text: str


@dataclass
class FieldChange:
    """One field of the listing, as it is and as proposed."""

    name: str
    label: object
    before: str
    after: str
    before_segments: list[Segment] = field(default_factory=list)
    after_segments: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """The proposal changes this field."""
        return self.before != self.after


@dataclass
class LanguageChange:
    """The texts of one language: ``state`` is "added", "removed", "changed" or "same"."""

    language: str
    state: str
    fields: list[FieldChange]


@dataclass
class FileChange:
    """A photo or brochure, matched by key: ``state`` is "kept", "moved", "added" or
    "removed"; positions count from 1 (None where the file is not)."""

    key: str
    state: str
    before_position: int | None
    after_position: int | None
    before: dict
    after: dict

    @property
    def details_changed(self) -> bool:
        """The alternative texts (photo) or the title or language (brochure) changed."""
        return bool(self.before and self.after and self.before != self.after)

    @property
    def data(self) -> dict:
        """The file's data as proposed, or as it was when it is removed."""
        return self.after or self.before


@dataclass
class ListingDiff:
    """Everything a proposal changes, in the order staff read it."""

    is_new: bool
    fields: list[FieldChange]
    languages: list[LanguageChange]
    photos: list[FileChange]
    documents: list[FileChange]

    @property
    def changed(self) -> bool:
        """The proposal changes anything at all."""
        return (any(item.changed for item in self.fields)
                or any(language.state != "same" for language in self.languages)
                or any(item.state != "kept" or item.details_changed
                       for item in self.photos + self.documents))

    def photos_before(self) -> list[FileChange]:
        """The live photos in their order (kept, moved or removed)."""
        return _in_order(self.photos, "before_position")

    def photos_after(self) -> list[FileChange]:
        """The proposed photos in their order (kept, moved or added)."""
        return _in_order(self.photos, "after_position")

    def documents_before(self) -> list[FileChange]:
        """The live brochures in their order."""
        return _in_order(self.documents, "before_position")

    def documents_after(self) -> list[FileChange]:
        """The proposed brochures in their order."""
        return _in_order(self.documents, "after_position")


def listing_diff(before: dict | None, after: dict) -> ListingDiff:
    """Compare the live listing ``before`` (None for a new submission) with ``after``."""
    is_new = before is None
    before = EMPTY_PAYLOAD if is_new else before
    return ListingDiff(
        is_new=is_new,
        fields=_field_changes(before, after),
        languages=_language_changes(before["texts"], after["texts"]),
        photos=_file_changes(before["images"], after["images"], _photo_details),
        documents=_file_changes(before["documents"], after["documents"], _document_details),
    )


def word_diff(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """``before`` and ``after`` cut into runs, the removed words marked in the first and the
    added words in the second."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    before_segments, after_segments = [], []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            same = "".join(old[old_start:old_end])
            before_segments.append(Segment("same", same))
            after_segments.append(Segment("same", same))
            continue
        if old_end > old_start:
            before_segments.append(Segment("removed", "".join(old[old_start:old_end])))
        if new_end > new_start:
            after_segments.append(Segment("added", "".join(new[new_start:new_end])))
    return before_segments, after_segments


def _change(name: str, label, before: str, after: str) -> FieldChange:
    change = FieldChange(name, label, before, after)
    if change.changed and before and after:
        change.before_segments, change.after_segments = word_diff(before, after)
    return change


def _field_changes(before: dict, after: dict) -> list[FieldChange]:
    categories = _category_names({before["category"], after["category"]} - {""})
    values = []
    for payload in (before, after):
        designation = payload["designation"]
        values.append({
            "category": categories.get(payload["category"], payload["category"]),
            "designation.type": _designation_label(designation["type"]),
            "designation.number": designation["number"],
            "designation.valid_from": designation["valid_from"] or "",
            "designation.valid_until": designation["valid_until"] or "",
            "classification_code": payload["classification_code"],
            "price": _price(payload["price"]),
            "certifications": "; ".join(payload["certifications"]),
            "booth_request": payload["booth_request"],
        })
    return [_change(name, label, values[0][name], values[1][name])
            for name, label in FIELD_LABELS.items()]


def _language_changes(before: dict, after: dict) -> list[LanguageChange]:
    first = {code: place for place, code in enumerate(FIRST_LANGUAGES)}
    languages = sorted(before.keys() | after.keys(),
                       key=lambda code: (first.get(code, len(first)), code))
    changes = []
    for language in languages:
        old, new = before.get(language), after.get(language)
        fields = [_change(name, TEXT_LABELS[name], _text_value(old, name), _text_value(new, name))
                  for name in TEXT_FIELDS]
        if old is None:
            state = "added"
        elif new is None:
            state = "removed"
        else:
            state = "changed" if any(item.changed for item in fields) else "same"
        changes.append(LanguageChange(language, state, fields))
    return changes


def _file_changes(before: list[dict], after: list[dict], details) -> list[FileChange]:
    """Files of both versions by key: kept in place, moved, added or removed."""
    old_keys, new_keys = [item["key"] for item in before], [item["key"] for item in after]
    shared_old = [key for key in old_keys if key in new_keys]
    shared_new = [key for key in new_keys if key in old_keys]
    # A shared file stays in place when its rank among the shared files is unchanged (others
    # were only added or removed around it), or when it belongs to the longest run of shared
    # files in the same order (one photo moved to the front moves only that one).
    in_place = {key for rank, key in enumerate(shared_new) if shared_old[rank] == key}
    for block in SequenceMatcher(None, shared_old, shared_new,
                                 autojunk=False).get_matching_blocks():
        in_place.update(shared_new[block.b:block.b + block.size])
    old_by_key = {item["key"]: (position, item) for position, item in enumerate(before, 1)}
    changes = []
    for position, item in enumerate(after, 1):
        key = item["key"]
        if key in old_by_key:
            old_position, old_item = old_by_key[key]
            state = "kept" if key in in_place else "moved"
            changes.append(FileChange(key, state, old_position, position, details(old_item),
                                      details(item)))
        else:
            changes.append(FileChange(key, "added", None, position, {}, details(item)))
    for position, item in enumerate(before, 1):
        if item["key"] not in new_keys:
            changes.append(FileChange(item["key"], "removed", position, None, details(item), {}))
    return changes


def _photo_details(image: dict) -> dict:
    return {"key": image["key"], "alt": dict(image.get("alt") or {}),
            "width": image["width"], "height": image["height"]}


def _document_details(document: dict) -> dict:
    return {"title": document.get("title", ""), "language": document.get("language", ""),
            "size_bytes": document.get("size_bytes", 0)}


def _in_order(items: list[FileChange], position: str) -> list[FileChange]:
    return sorted((item for item in items if getattr(item, position) is not None),
                  key=lambda item: getattr(item, position))


def _text_value(text: dict | None, name: str) -> str:
    if text is None:
        return ""
    value = text.get(name) or ""
    return ", ".join(value) if isinstance(value, list) else value


def _price(price: dict) -> str:
    if price["amount"] in (None, ""):
        return ""
    unit = f" / {price['unit']}" if price["unit"] else ""
    return f"{price['amount']} {price['currency']}{unit}"


def _designation_label(code: str) -> str:
    kind = DESIGNATION_TYPES.get(code)
    return str(kind.label) if kind else code


def _category_names(codes: set[str]) -> dict[str, str]:
    """Category code -> "name (code)" in the reader's language."""
    if not codes:
        return {}
    found = db.session.scalars(select(Category).where(Category.code.in_(codes)))
    return {category.code: f"{category.name_in(content_chain())[0]} ({category.code})"
            for category in found}
