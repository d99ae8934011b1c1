"""One commit per request or CLI command.

Services change objects and flush; they never commit. A web request commits once, after its
view returned a response that is not an error; any error rolls everything back. A CLI command
wraps its work in ``committed()``.
"""

from contextlib import contextmanager

from flask import Flask

from showcase.extensions import db


@contextmanager
def committed():
    """Commit what the block changed when it ends normally; roll back when it raises."""
    try:
        yield db.session
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def init_app(app: Flask) -> None:
    """Commit each successful request's changes once; discard those of a failed one."""

    @app.after_request
    def commit_request(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
