"""Reading the portal's pages and sending their forms back as a browser would: every field
with the value the page shows, the CSRF token it was served with, the button pressed."""

from html import unescape
from html.parser import HTMLParser

from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from showcase import unit_of_work
from showcase.models import CompanyState
from tests.factories import add_company, category


class _FormReader(HTMLParser):
    """Collects each form's action and successful fields (name, value), in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"id": attrs.get("id"), "action": attrs.get("action", ""),
                          "fields": [], "disabled": []}
            self.forms.append(self._form)
        elif self._form is None or "name" not in attrs:
            if tag == "option" and self._select is not None:
                self._option(attrs)
            return
        elif "disabled" in attrs:
            self._form["disabled"].append(attrs["name"])
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "checkbox"):
            self._form["fields"].append([attrs["name"], attrs.get("value", "")])
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = [attrs["name"], None]
            self._form["fields"].append(self._select)
        if tag == "option" and self._select is not None:
            self._option(attrs)

    def _option(self, attrs):
        if self._select[1] is None or "selected" in attrs:
            self._select[1] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def forms(page: str) -> list[dict]:
    """The forms of ``page``: ``{"id", "action", "fields": MultiDict, "disabled": [names]}``."""
    reader = _FormReader()
    reader.feed(page)
    for form in reader.forms:
        # A browser drops the one line break that follows <textarea>.
        form["fields"] = MultiDict([(name, value.removeprefix("\r\n").removeprefix("\n"))
                                    for name, value in form["fields"]])
    return reader.forms


def form_posting_to(page: str, path_end: str) -> dict:
    """The form of ``page`` whose action ends with ``path_end``."""
    found = [form for form in forms(page) if form["action"].endswith(path_end)]
    assert found, f"no form posts to …{path_end}"
    return found[0]


def editor_fields(page: str) -> MultiDict:
    """What the listing editor's form holds."""
    return next(form for form in forms(page) if form["id"] == "listing-form")["fields"]


def send_editor(client, page: str, changes: dict | None = None, action: str = "save",
                lang: str = "en", ref: str | None = None):
    """Press ``action`` on the editor of ``page`` after typing ``changes``
    (``{field name: value}``; a list for a field sent several times, such as ``language``)."""
    form = next(form for form in forms(page) if form["id"] == "listing-form")
    fields = MultiDict(form["fields"])
    for name, value in (changes or {}).items():
        fields.setlist(name, value if isinstance(value, list) else [value])
    fields["action"] = action
    return client.post(form["action"], data=fields)


def press(client, page: str, path_end: str):
    """Submit the small form of ``page`` posting to ``…path_end`` (a status button)."""
    form = form_posting_to(page, path_end)
    return client.post(form["action"], data=form["fields"])


def text(response) -> str:
    """The response's page with entities decoded, for looking for what a user reads."""
    return unescape(response.get_data(as_text=True))


def field_errors(page: str, field_id: str) -> str:
    """The error text shown beside the field ``field_id`` ('' when there is none)."""
    start = page.find(f'id="{field_id}-errors"')
    if start < 0:
        return ""
    return unescape(page[page.index(">", start) + 1:page.index("</p>", start)])


def in_language(app, lang: str, message) -> str:
    """``message`` (a lazy or plain portal/rules message) as a user of ``lang`` reads it."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return str(message)


def approved_company(app, **names):
    """A new approved company (and the drones category), committed; its registration number."""
    with app.app_context(), unit_of_work.committed():
        category()
        category("robots", {"en": "Robots", "ko": "로봇"})
        return add_company(CompanyState.APPROVED, **names).registration_number
