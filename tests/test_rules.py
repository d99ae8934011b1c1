"""Field rules: each rule's good and bad values and its message, and the places that use them
(the exchange validator, a WTForms form, the models)."""

from decimal import Decimal

import pytest
from flask_wtf import FlaskForm
from wtforms import StringField

from showcase import rules
from showcase.models import Company, Product

LONG_NAME = "n" * 1_000_000

RULE_CASES = [
    (rules.REF, "PPS-2024-0101", "", "is required and must be text"),
    (rules.REF, "PPS-1", "R" * 41, "is longer than 40 characters"),
    (rules.REF, "a.b_c-9", "-starts-badly", "has an invalid format"),
    (rules.PRODUCT_NAME, "x" * 300, "x" * 301, "is longer than 300 characters"),
    (rules.PRODUCT_NAME, "Drone", LONG_NAME, "is longer than 300 characters"),
    (rules.PRODUCT_NAME, "Drone", "   ", "is required and must be text"),
    (rules.SUMMARY, "s" * 2_000, "s" * 2_001, "is longer than 2000 characters"),
    (rules.DESCRIPTION, "d" * 20_000, "d" * 20_001, "is longer than 20000 characters"),
    (rules.DESIGNATION_NUMBER, "D" * 64, "D" * 65, "is longer than 64 characters"),
    (rules.CLASSIFICATION, "25132001", "2513200", "has an invalid format"),
    (rules.BOOTH, "A-12", "hall A", "must look like A-12"),
    (rules.CATEGORY_CODE_RULE, "drones", "Drones!", "has an invalid format"),
    (rules.CATEGORY_CODE_RULE, "c" * 64, "c" * 65, "is longer than 64 characters"),
    (rules.REGISTRATION_NUMBER, "220-81-62517", "220-81-62518",
     "is not a valid business registration number"),
    (rules.WEBSITE, "https://example.kr", "ftp://example.kr", "must start with https://"),
    (rules.WEBSITE, "https://e.kr/" + "p" * 280, "https://e.kr/" + "p" * 300,
     "is longer than 300 characters"),
    (rules.EMAIL, "sales@example.kr", "sales.example.kr", "is not an e-mail address"),
    (rules.EMAIL, "a@" + "b" * 249 + ".kr", "a@" + "b" * 250 + ".kr",
     "is longer than 254 characters"),
    (rules.ACCOUNT_EMAIL, "kim@example.org", "", "is required and must be text"),
    (rules.PHONE, "+82 2 123 4567", "1" * 41, "is longer than 40 characters"),
    (rules.PRICE_UNIT, "unit", "u" * 17, "is longer than 16 characters"),
    (rules.PRICE_CURRENCY, "KRW", "won", "has an invalid format"),
    (rules.PRICE_AMOUNT, 0, -5, "must be a number of zero or more"),
    (rules.PRICE_AMOUNT, "99999999999999.99", "100000000000000",
     "must be at most 99,999,999,999,999.99"),
    (rules.PRICE_AMOUNT, 12.5, "1e308", "must be at most 99,999,999,999,999.99"),
    (rules.PRICE_AMOUNT, Decimal("1.50"), float("inf"), "must be a number of zero or more"),
    (rules.PRICE_AMOUNT, 1, "NaN", "must be a number of zero or more"),
    (rules.PRICE_AMOUNT, 1, True, "must be a number of zero or more"),
    (rules.KEYWORDS, ["drone"] * 30, ["drone"] * 31, "has more than 30 entries"),
    (rules.KEYWORDS, ["k" * 60], ["k" * 61], "has an entry longer than 60 characters"),
    (rules.KEYWORDS, ["drone"], "drone", "must be a list of texts"),
    (rules.CERTIFICATIONS, ["NEP"] * 20, ["NEP"] * 21, "has more than 20 entries"),
    (rules.CERTIFICATIONS, ["NEP"], [1], "must be a list of texts"),
    (rules.LANGUAGE, "zh-Hans", "xx-yy-zz", "is not a language code"),
    (rules.STORED_LANGUAGE, "zh", "zh_Hans", "must be written as zh"),
    (rules.PASSWORD, "twelve chars", "eleven char", "needs at least 12 characters"),
]


@pytest.mark.parametrize("rule, good, bad, message", RULE_CASES,
                         ids=[f"{case[0].field}-{i}" for i, case in enumerate(RULE_CASES)])
def test_each_rule_accepts_a_good_value_and_names_the_problem_with_a_bad_one(
        app_context, rule, good, bad, message):
    assert rule.check(good) is None
    assert str(rule.check(bad)) == message


LANGUAGE_TAGS = [
    ("zh_Hans", "zh"), ("zh-Hans", "zh"), ("zh-hans", "zh"), ("zh-CN", "zh"), ("ZH", "zh"),
    ("zh", "zh"), ("fil", "fil"), ("tl", "fil"), ("in", "id"), ("id", "id"), ("th", "th"),
    ("ur", "ur"), ("de", "de"), ("pt-BR", "pt"), ("pt_BR", "pt"), ("EN-us", "en"),
    ("xx-yy-zz", None), ("e", None), ("xx", None), ("und", None), ("root", None), ("", None),
    ("zh Hans", None), ("../en", None), (None, None), (12, None), ("en-" + "x" * 40, None),
]


@pytest.mark.parametrize("tag, canonical", LANGUAGE_TAGS, ids=[str(t) for t, _ in LANGUAGE_TAGS])
def test_language_tags_as_the_interface_or_bcp47_spells_them_are_one_language(tag, canonical):
    assert rules.canonical_language(tag) == canonical


def test_a_form_field_reports_the_rule_message(app):
    class CompanyForm(FlaskForm):
        website = StringField(validators=[rules.wtforms_validator(rules.WEBSITE)])

    with app.test_request_context(method="POST", data={"website": "ftp://example.kr"}):
        form = CompanyForm(meta={"csrf": False})
        assert not form.validate()
        assert form.website.errors == ["must start with https://"]
    with app.test_request_context(method="POST", data={"website": "https://example.kr"}):
        assert CompanyForm(meta={"csrf": False}).validate()


@pytest.mark.parametrize("field, value", [
    ("ref", "R" * 41), ("designation_number", "D" * 65), ("price_unit", "u" * 17),
    ("price_amount", Decimal("1e308")), ("price_amount", float("inf")),
    ("classification_code", "ABCDEFGH"), ("booth", "12-A"),
])
def test_the_model_refuses_what_the_column_cannot_hold(app_context, field, value):
    with pytest.raises(rules.RuleViolation) as raised:
        setattr(Product(), field, value)
    assert raised.value.field
    with pytest.raises(ValueError):
        setattr(Product(), field, value)


def test_a_text_refuses_a_1_mb_name_and_a_language_not_in_canonical_form(app_context):
    product = Product()
    with pytest.raises(rules.RuleViolation, match="longer than 300 characters"):
        product.set_text("en", name=LONG_NAME)
    with pytest.raises(rules.RuleViolation, match="must be written as zh"):
        product.set_text("zh_Hans", name="无人机")


def test_company_contact_details_follow_the_rules(app_context):
    company = Company(website="https://example.kr", email="", phone="")
    assert company.website == "https://example.kr"
    with pytest.raises(rules.RuleViolation, match="is not an e-mail address"):
        company.email = "nobody"
    with pytest.raises(rules.RuleViolation, match="longer than 40 characters"):
        company.phone = "1" * 41


@pytest.mark.parametrize("field_rule, value", [
    (rules.CLASSIFICATION, "٤٣٢١١٥٠٣"),
    (rules.CLASSIFICATION, "４３２１１５０３"),
    (rules.REGISTRATION_NUMBER, "１０４-８６-７４１６６"),
    (rules.BOOTH, "A-١٢"),
])
def test_codes_take_ascii_digits_only(field_rule, value):
    assert field_rule.check(value) is not None
