"""Signed links e-mailed to a user: confirm an address, reset a password, accept an invitation.

A token is the user's id (and what it vouches for) signed with SECRET_KEY, salted with its
purpose so that one purpose's token is never accepted for another, and timestamped so that it
expires. Reset and invitation tokens also carry a fingerprint of the user's current password
hash: using one sets a new password, which changes the hash, so the link works only once. A
confirmation token carries the address it confirms and may be opened any number of times.
"""

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from showcase.extensions import db
from showcase.models import User

CONFIRM = "confirm"
RESET = "reset"
INVITE = "invite"
LIFETIMES = {
    CONFIRM: timedelta(days=7),
    RESET: timedelta(hours=1),
    INVITE: timedelta(days=7),
}
SINGLE_USE = {RESET, INVITE}


def serializer(purpose: str) -> URLSafeTimedSerializer:
    """The serializer of ``purpose``'s tokens."""
    if purpose not in LIFETIMES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def claims(user: User, purpose: str) -> dict:
    """What a token of ``purpose`` says about ``user``: who, and what must still hold for the
    token to be good."""
    if purpose in SINGLE_USE:
        return {"user": user.id, "hash": _fingerprint(user.password_hash)}
    return {"user": user.id, "email": user.email}


def make(user: User, purpose: str) -> str:
    """A token of ``purpose`` for ``user``, good for ``LIFETIMES[purpose]``."""
    return serializer(purpose).dumps(claims(user, purpose))


def read(token: str, purpose: str) -> User | None:
    """The active user a good token of ``purpose`` names; None when the token is forged,
    expired, meant for another purpose, already used, or its account is gone or deactivated."""
    max_age = int(LIFETIMES[purpose].total_seconds())
    try:
        found = serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired and BadTimeSignature are kinds of BadSignature
        return None
    if not isinstance(found, dict) or not isinstance(found.get("user"), int):
        return None
    user = db.session.get(User, found["user"])
    if user is None or not user.is_active or claims(user, purpose) != found:
        return None
    return user


def _fingerprint(password_hash: str) -> str:
    """A short digest of the password hash: it changes whenever the password does, and tells
    nothing about the password."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[-16:]
