"""Delegates' shortlists: create one, add and remove products, clear it, mail it.

A shortlist belongs to no account: whoever holds its token holds the list (the visitor's
signed session cookie, or a short link opened on another device). The token is 128 random
bits, so lists cannot be found by guessing. Changes to a shortlist write no audit event: it
is a delegate's private notepad, not a record anyone curates; adds are counted for the
company's figures instead (``services.counters``).
"""

import secrets
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from showcase import mail
from showcase.extensions import db
from showcase.i18n import InterfaceLocale, content_chain
from showcase.models import Product, Shortlist, ShortlistItem
from showcase.models.base import utcnow
from showcase.services import counters, upserts

TOKEN_BYTES = 16
# A walk through every hall fits well within this; it bounds what one list can hold.
MAX_ITEMS = 200


class ShortlistError(ValueError):
    """The change cannot be made; ``message`` says why (translatable)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def create() -> Shortlist:
    """A new, empty shortlist with an unguessable token."""
    shortlist = Shortlist(token=secrets.token_urlsafe(TOKEN_BYTES))
    db.session.add(shortlist)
    db.session.flush()
    return shortlist


def add(shortlist: Shortlist, product: Product) -> bool:
    """Put ``product`` at the end of ``shortlist``; False when it is already there (also
    when another device of the same list added it a moment ago). Raises ShortlistError when
    the list is full."""
    if _item(shortlist, product) is not None:
        return False
    if _count(shortlist) >= MAX_ITEMS:
        raise ShortlistError(_l("Your shortlist holds %(limit)s products at most.",
                                limit=MAX_ITEMS))
    last = db.session.scalar(select(func.max(ShortlistItem.position))
                             .where(ShortlistItem.shortlist_id == shortlist.id))
    # One statement that does nothing when the pair is there: two devices adding the same
    # product at once both succeed instead of one failing on the unique constraint.
    table = ShortlistItem.__table__
    added = db.session.execute(upserts.insert(table).values(
        shortlist_id=shortlist.id, product_id=product.id, position=(last or 0) + 1, note="",
    ).on_conflict_do_nothing(index_elements=["shortlist_id", "product_id"])
        .returning(table.c.id)).first()
    db.session.expire(shortlist, ["items"])
    if added is None:
        return False
    shortlist.changed_at = utcnow()
    counters.count_shortlist_add(product)
    db.session.flush()
    return True


def remove(shortlist: Shortlist, product: Product) -> bool:
    """Take ``product`` off ``shortlist``; False when it was not on it."""
    item = _item(shortlist, product)
    if item is None:
        return False
    db.session.delete(item)
    shortlist.changed_at = utcnow()
    db.session.flush()
    return True


def clear(shortlist: Shortlist) -> None:
    """Take every product off ``shortlist`` (the token stays, so its links still work)."""
    db.session.execute(delete(ShortlistItem).where(ShortlistItem.shortlist_id == shortlist.id))
    db.session.expire(shortlist, ["items"])
    shortlist.changed_at = utcnow()
    db.session.flush()


def forget_unchanged_since(moment: datetime) -> int:
    """Delete the shortlists nobody changed since ``moment``, with their products and notes;
    how many. Their short links then answer "not found"; a browser that still holds one
    starts a new list with its next save."""
    stale = Shortlist.changed_at < moment
    db.session.execute(delete(ShortlistItem).where(
        ShortlistItem.shortlist_id.in_(select(Shortlist.id).where(stale))))
    forgotten = db.session.execute(delete(Shortlist).where(stale))
    return forgotten.rowcount


def mail_list(address: str, products: list[Product], link: str, product_link,
              locale: InterfaceLocale) -> None:
    """E-mail ``products`` (in walking order) to ``address`` in ``locale``'s language, with
    ``link`` to open the list on any device; ``product_link(product)`` gives each product's
    address. The mail goes out once the request's transaction commits."""
    chain = content_chain(locale)
    with force_locale(locale.code):
        subject = _("Your shortlist from the Korea Innovation Showcase")
        lines = [_("Your shortlist, sorted by hall and booth:"), ""]
        for number, product in enumerate(products, start=1):
            lines.extend(_product_lines(number, product, chain, product_link(product)))
        lines.append(_("Open this list on any device: %(link)s", link=link))
    mail.send(address, subject, "\n".join(lines) + "\n")


def _product_lines(number: int, product: Product, chain: list[str], url: str) -> list[str]:
    text = product.text_in(chain)
    name = text.name if text else product.ref
    company = product.company.name_in(chain)[0]
    place = (_("Booth %(booth)s, hall %(hall)s", booth=product.booth, hall=product.hall)
             if product.booth else _("No booth at the venue"))
    return [f"{number}. {name} ({company})", f"   {place}", f"   {url}", ""]


def _item(shortlist: Shortlist, product: Product) -> ShortlistItem | None:
    return db.session.scalar(select(ShortlistItem).where(
        ShortlistItem.shortlist_id == shortlist.id, ShortlistItem.product_id == product.id))


def _count(shortlist: Shortlist) -> int:
    return db.session.scalar(select(func.count()).select_from(ShortlistItem)
                             .where(ShortlistItem.shortlist_id == shortlist.id))
