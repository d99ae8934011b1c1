"""What the account tests share: the mails the app wrote to ``<DATA_DIR>/outbox-mail/``, the
links in them, and forms posted with the CSRF token of the page that served them."""

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import _CSRF_FIELD

_LINK = re.compile(r"https?://\S+")


def mails(app, to: str | None = None) -> list[EmailMessage]:
    """The mails written so far (to ``to`` only, when given), oldest first."""
    folder = Path(app.config["DATA_DIR"]) / "outbox-mail"
    files = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    found = [BytesParser(policy=policy.default).parse(path.open("rb")) for path in files]
    return [mail for mail in found if to is None or mail["To"] == to]


def body(mail: EmailMessage) -> str:
    """The plain text of ``mail``."""
    return mail.get_body(("plain",)).get_content()


def link_path(mail: EmailMessage) -> str:
    """The path of the one link in ``mail`` (the tests' client speaks to any host)."""
    links = _LINK.findall(body(mail))
    assert len(links) == 1, links
    return urlsplit(links[0]).path


def post_form(client, page: str, data: dict, action: str | None = None):
    """Open ``page``, then post ``data`` with its CSRF token to ``action`` (``page`` itself
    unless given); the response."""
    served = client.get(page)
    assert served.status_code == 200, (page, served.status_code)
    token = _CSRF_FIELD.search(served.get_data(as_text=True)).group(1)
    return client.post(action or page, data={"csrf_token": token, **data})


def portal_text(code: str, msgid: str) -> str:
    """``msgid`` of the portal domain as a page in locale ``code`` shows it."""
    if code == "en":
        return msgid
    from babel.messages.pofile import read_po

    from showcase.i18n import TRANSLATIONS_DIR

    with (TRANSLATIONS_DIR / code / "LC_MESSAGES" / "portal.po").open("rb") as po:
        return read_po(po, locale=code).get(msgid).string
