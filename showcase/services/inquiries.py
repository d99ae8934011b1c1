"""A company handling the delegates' inquiries about its products: marking one handled and
replying by e-mail.

The reply goes out from the platform's address (``showcase.mail`` sends from MAIL_FROM only),
in the delegate's language, and names the company and the member who wrote it with their
e-mail address, so the delegate can write back to a person.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from showcase import mail
from showcase.i18n import DEFAULT_LOCALE, LOCALES_BY_SLUG, InterfaceLocale, content_chain
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Inquiry, InquiryState, User
from showcase.models.base import utcnow
from showcase.services import audit

REPLY_LENGTH = 10_000


class InquiryError(ValueError):
    """The inquiry cannot be handled as asked; ``message`` says why (translatable)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def mark_handled(inquiry: Inquiry, actor: User) -> Inquiry:
    """Close a new inquiry (the company dealt with it some other way); one already answered
    or closed stays as it is."""
    if inquiry.state != InquiryState.NEW:
        return inquiry
    _handle(inquiry, InquiryState.CLOSED, actor, "inquiry.handle")
    return inquiry


def reply(inquiry: Inquiry, actor: User, body: str) -> Inquiry:
    """E-mail ``body`` to the delegate, in their language, and mark the inquiry answered."""
    body = (body or "").strip()
    if not body:
        raise InquiryError(_lp("Write your reply first."))
    if len(body) > REPLY_LENGTH:
        raise InquiryError(_lp("Keep your reply under %(limit)s characters.",
                               limit=REPLY_LENGTH))
    subject, text = _reply_mail(inquiry, actor, body)
    mail.send(inquiry.email, subject, text)
    _handle(inquiry, InquiryState.ANSWERED, actor, "inquiry.reply", reply=body)
    return inquiry


def delegate_locale(inquiry: Inquiry) -> InterfaceLocale:
    """The interface locale the delegate wrote in (``zh_Hans`` or ``zh-hans``), else English."""
    slug = (inquiry.locale or "").replace("_", "-").lower()
    return LOCALES_BY_SLUG.get(slug, DEFAULT_LOCALE)


def _handle(inquiry: Inquiry, state: InquiryState, actor: User, action: str, **after) -> None:
    before = {"state": inquiry.state.value}
    inquiry.state = state
    inquiry.handled_at = inquiry.handled_at or utcnow()
    audit.record(action, inquiry, actor, before=before,
                 after={"state": state.value, **after}, product_id=inquiry.product_id)


def _reply_mail(inquiry: Inquiry, actor: User, body: str) -> tuple[str, str]:
    """Subject and text of the reply in the delegate's language."""
    locale = delegate_locale(inquiry)
    chain = content_chain(locale)
    product = inquiry.product
    text = product.text_in(chain)
    product_name = text.name if text else product.ref
    company_name = product.company.name_in(chain)[0]
    sender = f"{actor.name} <{actor.email}>" if actor.name else actor.email
    quoted = "\n".join(f"> {line}" for line in inquiry.message.splitlines())
    with force_locale(locale.code):
        subject = _("Reply from %(company)s about %(product)s",
                    company=company_name, product=product_name)
        signature = _("%(company)s answered your inquiry about %(product)s. To write back, "
                      "send an e-mail to %(sender)s.", company=company_name,
                      product=product_name, sender=sender)
        original = _("Your inquiry:")
    return subject, f"{body}\n\n-- \n{signature}\n\n{original}\n{quoted}\n"
