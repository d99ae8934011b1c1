"""Who reaches the staff pages: every route of the staff blueprint, read from the URL map (so
routes added later are walked too), for a visitor, a company member and a staff member."""

import re

import pytest
from flask import Flask

from showcase import unit_of_work
from showcase.models import CompanyState
from tests import factories

# A CSRF token in any form of the page (the sign-in form or the header's sign-out form).
_TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
_ARGUMENT = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>")
WALKED_METHODS = ("GET", "POST")
# Routes whose argument needs another kind of object than the same name elsewhere: argument
# -> the key of its value.
OWN_VALUES = {"staff.designation_type": {"code": "designation_code"},
              "staff.translation": {"ref": "published_ref"},
              "staff.poster": {"ref": "published_ref"}}


def _staff_rules(app: Flask) -> list:
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff.")]
    assert rules, "the staff blueprint has routes"
    return rules


@pytest.fixture
def values(app) -> dict:
    """Plausible values for the path arguments of staff routes: real objects of each kind."""
    with app.app_context(), unit_of_work.committed():
        company = factories.add_company(CompanyState.PENDING)
        product = factories.add_product(factories.add_company(), "submitted")
        published = factories.add_product(product.company, "published")
        return {"lang": "en", "ref": product.ref, "company_id": str(company.id),
                "product_id": str(product.id), "code": product.category.code,
                "language": "th", "published_ref": published.ref,
                "designation_code": "innovative-prototype"}


def _values_for(rule, values: dict) -> dict:
    own = OWN_VALUES.get(rule.endpoint, {})
    return {**values, **{argument: values[key] for argument, key in own.items()}}


def _path(rule, values: dict) -> str:
    """The rule's path with each argument filled ("1" where no object of its kind is known)."""
    own = _values_for(rule, values)
    return _ARGUMENT.sub(lambda match: own.get(match.group(1), "1"), rule.rule)


def _known(rule, values: dict) -> bool:
    return all(argument in _values_for(rule, values) for argument in rule.arguments)


def _token(client) -> str:
    return _TOKEN.search(client.get("/en/account/sign-in").get_data(as_text=True)).group(1)


def _walk(client, app, values):
    """``(method, path, response)`` for every staff route and method, POSTs carrying a valid
    CSRF token so that the access check, not the token check, answers them."""
    token = _token(client)
    for rule in _staff_rules(app):
        path = _path(rule, values)
        for method in WALKED_METHODS:
            if method in rule.methods:
                data = {"csrf_token": token} if method == "POST" else None
                yield method, path, client.open(path, method=method, data=data)


def test_a_visitor_is_sent_to_sign_in_from_every_staff_route(app, client, values):
    wrong = [f"{method} {path}: {response.status_code} {response.location}"
             for method, path, response in _walk(client, app, values)
             if response.status_code != 302
             or not response.location.startswith("/en/account/sign-in?next=")]
    assert not wrong, wrong


def test_a_company_member_finds_no_staff_route(app, client, login_as, values):
    login_as("company")
    wrong = [f"{method} {path}: {response.status_code}"
             for method, path, response in _walk(client, app, values)
             if response.status_code != 404]
    assert not wrong, wrong


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_administrators_open_every_staff_page(app, client, login_as, values, role):
    login_as(role)
    wrong = []
    for rule in _staff_rules(app):
        if "GET" not in rule.methods:
            continue
        path = _path(rule, values)
        status = client.get(path).status_code
        # A page about an object no value is known for may answer 404 for object "1"; a page
        # for administrators answers 403 to other staff.
        refused = ({403} if role == "admin" else set()) | (
            {404} if _known(rule, values) else set())
        if status in refused or status >= 500:
            wrong.append(f"GET {path}: {status}")
    assert not wrong, wrong


def test_the_walk_covers_the_curation_pages(app):
    endpoints = {rule.endpoint for rule in _staff_rules(app)}
    assert {"staff.dashboard", "staff.companies", "staff.decide_company",
            "staff.review_queue", "staff.decide_queue", "staff.review",
            "staff.decide"} <= endpoints


def test_the_people_page_is_in_the_bar_of_administrators_only(demo_client, login_as):
    staff_client = demo_client.application.test_client()
    login_as("staff", client=staff_client)
    assert "/en/staff/people" not in staff_client.get("/en/staff/").get_data(as_text=True)
    admin_client = demo_client.application.test_client()
    login_as("admin", client=admin_client)
    assert "/en/staff/people" in admin_client.get("/en/staff/").get_data(as_text=True)
