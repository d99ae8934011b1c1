"""One commit per request or command: a view's changes are saved together or not at all."""

import pytest
from flask import abort
from sqlalchemy import event, select

from showcase.extensions import db
from showcase.models import Category
from showcase.unit_of_work import committed


def _category_codes(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Category.code).order_by(Category.code)))


@pytest.fixture
def commits(app):
    """Counts the commits of the app's sessions while a test runs."""
    counted = []

    def count(session):
        counted.append(session)

    event.listen(db.session, "after_commit", count)
    yield counted
    event.remove(db.session, "after_commit", count)


@pytest.fixture
def writing_app(app):
    """The app with a test-only route that changes the database and then succeeds or fails
    (a GET, so that no CSRF token is needed)."""

    def add_two(outcome):
        db.session.add(Category(code=f"{outcome}-one"))
        db.session.flush()
        db.session.add(Category(code=f"{outcome}-two"))
        db.session.flush()
        if outcome == "refused":
            abort(403)
        if outcome == "crashed":
            raise RuntimeError("a failure after the changes were flushed")
        return "saved"

    app.add_url_rule("/test-write/<outcome>", "test_write", add_two)
    return app


def test_a_successful_request_saves_all_its_changes_in_one_commit(writing_app, commits):
    response = writing_app.test_client().get("/test-write/saved")
    assert response.status_code == 200
    assert _category_codes(writing_app) == ["saved-one", "saved-two"]
    assert len(commits) == 1


@pytest.mark.parametrize("outcome, status", [("refused", 403), ("crashed", 500)])
def test_a_failed_request_saves_nothing_it_flushed(writing_app, commits, outcome, status):
    writing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = writing_app.test_client().get(f"/test-write/{outcome}")
    assert response.status_code == status
    assert _category_codes(writing_app) == []
    assert commits == []


def test_a_command_commits_its_block_once_or_rolls_it_back(app, commits):
    with app.app_context():
        with committed():
            db.session.add(Category(code="kept"))
        with pytest.raises(ValueError), committed():
            db.session.add(Category(code="dropped"))
            db.session.flush()
            raise ValueError("the command failed")
    assert _category_codes(app) == ["kept"]
    assert len(commits) == 1
