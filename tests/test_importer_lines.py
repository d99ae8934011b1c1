"""The importer reads any file to the end: every bad line is reported with its number and
the good lines around it are saved; it never ends in a traceback."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.models import Category, Product
from showcase.services import exchange
from showcase.services.importer import import_catalog
from tests.conftest import demo_records

pytestmark = pytest.mark.usefixtures("app_context")


def _record(ref: str, **changes) -> dict:
    """A demo record without images, under a new ``ref``."""
    record = copy.deepcopy(demo_records()[0])
    record.update(ref=ref, images=[], **changes)
    return record


def _line(record) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _write(tmp_path, *lines: bytes):
    path = tmp_path / "catalog.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def _refs() -> set[str]:
    return set(db.session.scalars(select(Product.ref)))


def _problems(report) -> list[tuple[int, str]]:
    return [(error.line, error.field) for error in report.errors]


def test_invalid_utf8_is_reported_for_its_line_and_the_lines_around_it_are_saved(tmp_path):
    bad = _line(_record("BAD-1")).replace(b"HN-V300", b"HN-\xff\xfeV300")
    report = import_catalog(_write(tmp_path, _line(_record("GOOD-1")), bad,
                                   _line(_record("GOOD-2"))))
    assert _problems(report) == [(2, "line")]
    assert str(report.errors[0]) == "line 2: line: is not valid UTF-8"
    assert _refs() == {"GOOD-1", "GOOD-2"} and report.created == 2


def test_a_byte_order_mark_on_line_one_is_ignored(tmp_path):
    report = import_catalog(_write(tmp_path, b"\xef\xbb\xbf" + _line(_record("BOM-1"))))
    assert report.ok and _refs() == {"BOM-1"}


def test_a_line_nested_200000_deep_is_reported_not_raised(tmp_path):
    deep = b"[" * 200_000 + b"]" * 200_000 + b"\n"
    deep_field = _line(_record("DEEP-2", certifications=[[[[["x"]]]]]))
    report = import_catalog(_write(tmp_path, deep, deep_field, _line(_record("OK-3"))))
    assert _problems(report) == [(1, "line"), (2, "certifications")]
    assert "nested too deeply" in report.errors[0].message
    assert _refs() == {"OK-3"}


def test_a_line_over_the_length_cap_is_refused_without_losing_the_next(tmp_path):
    huge = _line(_record("HUGE-1", certifications=["x" * exchange.MAX_LINE_BYTES]))
    report = import_catalog(_write(tmp_path, huge, _line(_record("NEXT-2"))))
    assert _problems(report) == [(1, "line")]
    assert report.errors[0].message == "is longer than 4000000 bytes"
    assert _refs() == {"NEXT-2"}


def test_a_1_mb_name_and_impossible_prices_are_line_errors(tmp_path):
    long_name = _record("LONG-1")
    long_name["texts"]["en"]["name"] = "n" * 1_000_000
    huge_price = _record("PRICE-2", price={"amount": 1e308, "currency": "KRW"})
    infinite = _line(_record("PRICE-3", price={"amount": 1, "currency": "KRW"})).replace(
        b'"amount": 1,', b'"amount": 1e999999,')
    text_price = _record("PRICE-4", price={"amount": "1e308", "currency": "KRW"})
    report = import_catalog(_write(tmp_path, _line(long_name), _line(huge_price), infinite,
                                   _line(text_price), _line(_record("FINE-5"))))
    assert _problems(report) == [(1, "texts.en.name"), (2, "price.amount"),
                                 (3, "price.amount"), (4, "price.amount")]
    assert report.errors[0].message == "is longer than 300 characters"
    assert report.errors[1].message == "must be at most 99,999,999,999,999.99"
    assert report.errors[2].message == "must be a number of zero or more"
    assert _refs() == {"FINE-5"}


def test_an_integer_of_too_many_digits_is_not_valid_json(tmp_path):
    digits = _line(_record("DIGITS-1", price={"amount": 1, "currency": "KRW"})).replace(
        b'"amount": 1,', b'"amount": ' + b"9" * 5000 + b",")
    report = import_catalog(_write(tmp_path, digits))
    assert _problems(report) == [(1, "line")]
    assert report.errors[0].message.startswith("is not valid JSON")


LANGUAGE_KEYS = [
    ("zh_Hans", "zh"), ("zh-Hans", "zh"), ("zh-CN", "zh"), ("zh-hans", "zh"), ("ZH", "zh"),
    ("tl", "fil"), ("in", "id"), ("pt-BR", "pt"), ("de", "de"), ("th", "th"),
]


@pytest.mark.parametrize("key, stored", LANGUAGE_KEYS, ids=[key for key, _ in LANGUAGE_KEYS])
def test_language_keys_are_stored_in_their_canonical_form(tmp_path, key, stored):
    record = _record("LANG-1", keywords={key: ["드론"]})
    record["texts"] = {"en": record["texts"]["en"], key: {"name": "Text"}}
    record["category"] = {"code": "lang-test", "name": {"en": "Test", key: "Name"}}
    record["company"]["name"] = {"en": "Company", key: "Name"}
    report = import_catalog(_write(tmp_path, _line(record)))
    assert report.ok, report.errors
    product = db.session.scalar(select(Product))
    assert set(product.texts) == {"en", stored}
    assert product.texts[stored].keywords == ["드론"]
    assert product.category.names == {"en": "Test", stored: "Name"}
    assert product.company.names == {"en": "Company", stored: "Name"}


@pytest.mark.parametrize("key", ["xx-yy-zz", "e", "und", "klingon"])
def test_an_unknown_language_tag_is_still_an_error(tmp_path, key):
    record = _record("LANG-2")
    record["texts"][key] = {"name": "Text"}
    report = import_catalog(_write(tmp_path, _line(record)))
    assert [(e.line, e.field, e.message) for e in report.errors] == [
        (1, f"texts.{key}", "is not a language code")]


def test_two_keys_of_one_language_are_an_error(tmp_path):
    record = _record("LANG-3")
    record["texts"]["zh"] = {"name": "无人机"}
    record["texts"]["zh-Hans"] = {"name": "无人机"}
    report = import_catalog(_write(tmp_path, _line(record)))
    assert _problems(report) == [(1, "texts.zh-Hans")]


MALFORMED = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                 max_leaves=20).map(lambda value: json.dumps(value).encode()),
    st.dictionaries(st.sampled_from(["ref", "company", "texts", "price", "status", "images",
                                     "keywords", "category", "designation", "booth"]),
                    st.none() | st.integers() | st.text(max_size=30) | st.lists(st.text()),
                    max_size=10).map(lambda value: json.dumps(value).encode()),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(MALFORMED, max_size=6))
def test_any_bytes_end_in_a_report_and_the_good_line_after_them_is_saved(tmp_path, lines):
    good = _line(_record("FUZZ-GOOD"))
    body = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    path = _write(tmp_path, body + b"\n", good)
    report = import_catalog(path, dry_run=True)
    assert report.lines >= 1
    report = import_catalog(path)
    assert "FUZZ-GOOD" in _refs()
    assert all(error.line <= report.lines for error in report.errors)
    # Each problem is named by a check, not caught by the importer's last resort.
    assert all(error.message != str(exchange.CANNOT_CHECK) for error in report.errors)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Category)) == 0


def test_null_keywords_of_a_language_mean_none(tmp_path):
    report = import_catalog(_write(tmp_path, _line(_record("NULL-1", keywords={"en": None}))))
    assert report.ok, report.errors
    assert db.session.scalar(select(Product)).texts["en"].keywords == []
