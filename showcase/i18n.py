"""Interface locales, the locale in the URL, and the content-language fallback chain.

Every public page lives under a locale prefix (``/th/...``). The prefix is parsed once per
request into ``g.locale`` (a Babel code such as ``zh_Hans``); the Babel locale selector reads
it from there because Flask-Babel runs after the prefix has left ``request.view_args``.
"""

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_babel import Domain


@dataclass(frozen=True)
class InterfaceLocale:
    """One interface language: its Babel code, URL slug, own name and text direction."""

    code: str
    native_name: str
    direction: str = "ltr"

    @property
    def slug(self) -> str:
        """The URL prefix: lower case, hyphenated (``zh-hans``)."""
        return self.code.replace("_", "-").lower()

    @property
    def html_lang(self) -> str:
        """The BCP 47 tag for ``<html lang>`` (``zh-Hans``)."""
        return self.code.replace("_", "-")

    @property
    def content_language(self) -> str:
        """The language code product texts are stored under (``zh`` for ``zh_Hans``)."""
        return self.code.split("_")[0]


LOCALES = [
    InterfaceLocale("en", "English"),
    InterfaceLocale("ko", "한국어"),
    InterfaceLocale("zh_Hans", "简体中文"),
    InterfaceLocale("ja", "日本語"),
    InterfaceLocale("mn", "Монгол"),
    InterfaceLocale("uz", "Oʻzbekcha"),
    InterfaceLocale("kk", "Қазақша"),
    InterfaceLocale("ky", "Кыргызча"),
    InterfaceLocale("tg", "Тоҷикӣ"),
    InterfaceLocale("ru", "Русский"),
    InterfaceLocale("vi", "Tiếng Việt"),
    InterfaceLocale("th", "ไทย"),
    InterfaceLocale("lo", "ລາວ"),
    InterfaceLocale("km", "ខ្មែរ"),
    InterfaceLocale("my", "မြန်မာ"),
    InterfaceLocale("id", "Bahasa Indonesia"),
    InterfaceLocale("ms", "Bahasa Melayu"),
    InterfaceLocale("fil", "Filipino"),
    InterfaceLocale("bn", "বাংলা"),
    InterfaceLocale("hi", "हिन्दी"),
    InterfaceLocale("ne", "नेपाली"),
    InterfaceLocale("si", "සිංහල"),
    InterfaceLocale("ta", "தமிழ்"),
    InterfaceLocale("ur", "اردو", "rtl"),
]
DEFAULT_LOCALE = LOCALES[0]
LOCALES_BY_SLUG = {locale.slug: locale for locale in LOCALES}
# Accept-Language primary tags that name one of our locales differently.
LANGUAGE_ALIASES = {"zh": "zh-hans", "tl": "fil", "in": "id"}
# Product texts missing in the visitor's language are shown in these, in order.
FALLBACK_LANGUAGES = ("en", "ko")
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"


def babel_settings() -> dict:
    """Keyword arguments for ``Babel.init_app``."""
    return {
        "default_locale": DEFAULT_LOCALE.code,
        "default_translation_directories": str(TRANSLATIONS_DIR),
    }


def current_locale() -> InterfaceLocale:
    """The interface locale of this request (English outside a request)."""
    return g.get("locale", DEFAULT_LOCALE)


def select_locale() -> str:
    """Flask-Babel locale selector: the locale parsed from the URL prefix."""
    return current_locale().code


def content_chain(locale: InterfaceLocale | None = None) -> list[str]:
    """Languages to try for product texts: the visitor's, then the fallbacks, no repeats."""
    first = (locale or current_locale()).content_language
    return [first] + [code for code in FALLBACK_LANGUAGES if code != first]


def negotiate_locale() -> InterfaceLocale:
    """The locale for a request without a prefix: the remembered choice, else the browser's."""
    remembered = LOCALES_BY_SLUG.get(session.get("locale", ""))
    if remembered:
        return remembered
    for tag, _quality in request.accept_languages:
        tag = tag.lower().replace("_", "-")
        primary = tag.split("-")[0]
        for candidate in (tag, LANGUAGE_ALIASES.get(primary, primary)):
            if candidate in LOCALES_BY_SLUG:
                return LOCALES_BY_SLUG[candidate]
    return DEFAULT_LOCALE


def _pull_locale(endpoint, values):
    """Move the ``lang`` URL value into ``g.locale``; unknown codes are a 404."""
    if values is None or "lang" not in values:
        return
    locale = LOCALES_BY_SLUG.get(values.pop("lang"))
    if locale is None:
        abort(404)
    g.locale = locale
    if session.get("locale") != locale.slug:
        session["locale"] = locale.slug


def _add_locale(endpoint, values):
    """Give ``url_for`` the current locale for routes that take one."""
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_locale().slug


def init_app(app: Flask) -> None:
    """Register the locale URL processors, the root redirect and template helpers."""
    app.url_value_preprocessor(_pull_locale)
    app.url_defaults(_add_locale)

    @app.get("/")
    def root():
        """Send a visitor without a locale to the best one for their browser."""
        return redirect(url_for("catalog.home", lang=negotiate_locale().slug))

    @app.context_processor
    def locale_context():
        return {"locales": LOCALES, "current_locale": current_locale()}

    app.jinja_env.globals.update(_p=portal_gettext, _np=portal_ngettext)


# The company portal and the staff pages speak Korean and English only. Their strings live in
# their own message domain ("portal"), marked ``_p`` / ``_lp`` / ``_np`` in code and templates,
# so the 24 public catalogs do not carry them.
PORTAL_LOCALES = ("en", "ko")
PORTAL_DOMAIN = Domain(translation_directories=str(TRANSLATIONS_DIR), domain="portal")


def portal_gettext(string: str, **variables) -> str:
    """``string`` translated in the portal domain for this request's locale."""
    return PORTAL_DOMAIN.gettext(string, **variables)


def portal_ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """The singular or plural form of a portal string for ``num``."""
    return PORTAL_DOMAIN.ngettext(singular, plural, num, **variables)


def portal_lazy_gettext(string: str, **variables):
    """Like :func:`portal_gettext`, translated when it is drawn (form labels, constants)."""
    return PORTAL_DOMAIN.lazy_gettext(string, **variables)


def portal_locale_only():
    """``before_request`` of the portal and staff blueprints: pages in a locale the portal
    does not speak are sent to the same page in English (Korean visitors pick 한국어)."""
    if current_locale().slug in PORTAL_LOCALES or request.endpoint is None:
        return None
    if request.method not in ("GET", "HEAD"):
        abort(404)
    values = dict(request.view_args or {}, **request.args.to_dict(), lang=DEFAULT_LOCALE.slug)
    return redirect(url_for(request.endpoint, **values))
