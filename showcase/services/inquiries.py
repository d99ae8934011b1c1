"""Delegates' inquiries about products: a delegate asks for a meeting or for information,
and the company marks the inquiry handled or replies by e-mail.

A new inquiry is mailed to the company (each active member in their portal language, and the
company's contact address in Korean) and confirmed to the delegate in the language they chose.
Every mail goes out from the platform's address (``showcase.mail`` sends from MAIL_FROM only);
a reply names the company and the member who wrote it with their e-mail address, so the
delegate can write back to a person.
"""

from dataclasses import dataclass

from babel import Locale
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from showcase import mail
from showcase.extensions import db
from showcase.i18n import (
    DEFAULT_LOCALE,
    LOCALES_BY_SLUG,
    PORTAL_LOCALES,
    InterfaceLocale,
    content_chain,
)
from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import Inquiry, InquiryKind, InquiryState, Product, User
from showcase.models.base import utcnow
from showcase.queries.links import absolute_url
from showcase.queries.meeting_slots import slot_by_code
from showcase.services import audit

REPLY_LENGTH = 10_000
MESSAGE_LENGTH = 5_000
# The language a company's contact address is written to when no member's language applies.
CONTACT_LOCALE = "ko"


class InquiryError(ValueError):
    """The inquiry cannot be handled as asked; ``message`` says why (translatable)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class InquiryRequest:
    """What a delegate asked for on the request form."""

    kind: InquiryKind
    name: str
    organisation: str
    country: str  # ISO 3166 two-letter code
    email: str
    locale: str  # Babel code of the delegate's language: mails and replies speak it
    interpreter_language: str  # Babel code; "" when no interpreter is needed
    time_slot: str  # code of a meeting slot; "" for any time
    message: str


def submit(product: Product, request: InquiryRequest) -> Inquiry:
    """Store ``request`` for the inbox of ``product``'s company, mail the company and confirm
    it to the delegate; the mails go out once the request's transaction commits."""
    if not product.is_published:
        raise InquiryError(_("This product is not in the catalog."))
    locale = _interface_locale(request.locale)
    meeting = request.kind == InquiryKind.MEETING
    inquiry = Inquiry(
        product=product, product_id=product.id, kind=request.kind, name=request.name,
        organisation=request.organisation, country=request.country.upper(),
        email=request.email, locale=locale.code, message=request.message[:MESSAGE_LENGTH],
        wants_interpreter=bool(request.interpreter_language),
        interpreter_language=request.interpreter_language,
        time_slot=request.time_slot if meeting and slot_by_code(request.time_slot) else "",
    )
    db.session.add(inquiry)
    audit.record("inquiry.create", inquiry, None, after={"kind": inquiry.kind.value},
                 product_id=product.id)
    _tell_company(inquiry)
    _confirm_to_delegate(inquiry)
    return inquiry


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
    return _interface_locale(inquiry.locale)


def _interface_locale(code: str) -> InterfaceLocale:
    slug = (code or "").replace("_", "-").lower()
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


# --- Telling the company and the delegate ------------------------------------------------

COMPANY_SUBJECTS = {
    InquiryKind.MEETING: _lp("Meeting request about %(product)s"),
    InquiryKind.INFORMATION: _lp("Information request about %(product)s"),
}


def _company_recipients(inquiry: Inquiry) -> list[tuple[str, str]]:
    """``(address, locale)`` of each active member of the company, then of its contact
    address unless a member already has it."""
    company = inquiry.product.company
    recipients = [(member.email, member.preferred_locale if member.preferred_locale
                   in PORTAL_LOCALES else DEFAULT_LOCALE.code)
                  for member in company.members if member.is_active]
    if company.email and company.email.lower() not in {email for email, _ in recipients}:
        recipients.append((company.email, CONTACT_LOCALE))
    return recipients


def _tell_company(inquiry: Inquiry) -> None:
    """Mail the new inquiry to the company with a link to answer it in the portal."""
    db.session.flush()  # the inquiry's id, for the link
    for address, locale in _company_recipients(inquiry):
        with force_locale(locale):
            product_name = _product_name(inquiry.product, [locale, "en", "ko"])
            subject = str(COMPANY_SUBJECTS[inquiry.kind]) % {"product": product_name}
            link = absolute_url(url_for("portal.inquiry", inquiry_id=inquiry.id, lang=locale))
            paragraphs = [
                _p("A delegate wrote to your company through the Showcase about %(product)s "
                   "(%(ref)s).", product=product_name, ref=inquiry.product.ref),
                _company_facts(inquiry, Locale.parse(locale)),
                _p("Message:") + "\n" + (inquiry.message or "—"),
                _p("Reply in the company portal:") + "\n" + link,
            ]
            mail.send(address, subject, "\n\n".join(paragraphs) + "\n")


def _company_facts(inquiry: Inquiry, locale: Locale) -> str:
    """The delegate and what they want, one fact a line, in ``locale``."""
    slot = slot_by_code(inquiry.time_slot)
    interpreter = (_language_name(inquiry.interpreter_language, locale)
                   if inquiry.wants_interpreter else _p("not needed"))
    facts = [
        (_p("Name"), inquiry.name),
        (_p("Organisation"), inquiry.organisation or "—"),
        (_p("Country"), locale.territories.get(inquiry.country, inquiry.country) or "—"),
        (_p("E-mail"), inquiry.email),
        (_p("Language"), _language_name(inquiry.locale, locale)),
        (_p("Interpreter"), interpreter),
    ]
    if inquiry.kind == InquiryKind.MEETING:
        facts.append((_p("Preferred time"), _p("%(day)s, %(hours)s", day=slot.day_text(),
                                                 hours=slot.hours_text())
                      if slot else _p("any time")))
    return "\n".join(f"{label}: {value}" for label, value in facts)


def _confirm_to_delegate(inquiry: Inquiry) -> None:
    """Mail the delegate, in their language, what they sent and to whom."""
    locale = delegate_locale(inquiry)
    chain = content_chain(locale)
    product = inquiry.product
    company_name = product.company.name_in(chain)[0]
    with force_locale(locale.code):
        product_name = _product_name(product, chain)
        subject = _("Your request about %(product)s was sent", product=product_name)
        if inquiry.kind == InquiryKind.MEETING:
            opening = _("Dear %(name)s, %(company)s has received your meeting request about "
                        "%(product)s and will answer you at this address.",
                        name=inquiry.name, company=company_name, product=product_name)
        else:
            opening = _("Dear %(name)s, %(company)s has received your question about "
                        "%(product)s and will answer you at this address.",
                        name=inquiry.name, company=company_name, product=product_name)
        paragraphs = [opening]
        slot = slot_by_code(inquiry.time_slot)
        if slot:
            paragraphs.append(_("Preferred time: %(day)s, %(hours)s", day=slot.day_text(),
                                hours=slot.hours_text()))
        if inquiry.message:
            quoted = "\n".join(f"> {line}" for line in inquiry.message.splitlines())
            paragraphs.append(_("Your message:") + "\n" + quoted)
        link = absolute_url(url_for("catalog.product", ref=product.ref, lang=locale.slug))
        paragraphs.append(_("The product's page:") + "\n" + link)
        paragraphs.append(_("If you did not send this request, you can ignore this e-mail."))
    mail.send(inquiry.email, subject, "\n\n".join(paragraphs) + "\n")


def _product_name(product: Product, languages: list[str]) -> str:
    text = product.text_in(languages)
    return text.name if text else product.ref


def _language_name(code: str, locale: Locale) -> str:
    """The name of interface language ``code`` in ``locale`` (``태국어`` for th in Korean)."""
    try:
        return Locale.parse(code).get_display_name(locale) or code
    except (ValueError, LookupError):
        return code

