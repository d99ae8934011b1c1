"""Query parameters of the API, declared once: the same declaration reads a request's
arguments (a value it does not allow is a 400) and describes the parameter in the OpenAPI
document, so that the document cannot drift from what the API accepts."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, request
from flask_babel import gettext as _

from showcase.i18n import LOCALES
from showcase.models import DESIGNATION_TYPES
from showcase.queries.catalog import MAX_PAGE
from showcase.queries.search import PER_PAGE as SEARCH_PER_PAGE

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
# Free text of any length and script, but no NUL (the site refuses it in every argument).
NO_NUL = "^[^\\x00]*$"


@dataclass(frozen=True)
class Param:
    """One optional query parameter: its name, JSON Schema, a description (drawn at request
    time, in the visitor's language); the schema's default is what an absent one stands for."""

    name: str
    schema: dict
    describe: Callable[[], str]

    def read(self, args):
        """The value of this parameter in ``args`` (its default when absent); 400 when the
        value is not one the schema allows."""
        raw = args.get(self.name)
        if raw is None:
            return self.schema.get("default")
        value = _typed(raw, self.schema)
        if value is None or not _allowed(value, self.schema):
            abort(400, description=f"invalid {self.name}")
        return value

    def openapi(self) -> dict:
        """The OpenAPI parameter object."""
        return {"name": self.name, "in": "query", "required": False,
                "description": self.describe(), "schema": self.schema}


def _typed(raw: str, schema: dict):
    if schema.get("type") != "integer":
        return raw
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)


def _allowed(value, schema: dict) -> bool:
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "minimum" in schema and value < schema["minimum"]:
        return False
    if "maximum" in schema and value > schema["maximum"]:
        return False
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return False
    if "minLength" in schema and len(value) < schema["minLength"]:
        return False
    # JSON Schema patterns are anchored with ^...$; Python's $ would also allow a final "\n".
    pattern = schema.get("pattern")
    return pattern is None or re.fullmatch(pattern[1:-1], value) is not None


def read(params: list[Param]) -> dict:
    """Every parameter of ``params`` read from this request's arguments, by name."""
    return {param.name: param.read(request.args) for param in params}


LANG = Param("lang", {"type": "string", "enum": [locale.slug for locale in LOCALES],
                      "default": "en"},
             lambda: _("Language of names, texts and links: one of the site's 24 language "
                       "codes. Texts missing in it are given in English, then Korean."))
PAGE = Param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
             lambda: _("Page number, from 1."))
PER_PAGE = Param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                              "default": DEFAULT_PER_PAGE},
                 lambda: _("Items per page (at most %(max)s).", max=MAX_PER_PAGE))
CATEGORY = Param("category", {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"},
                 lambda: _("Only products of the category with this code."))
DESIGNATION = Param("type", {"type": "string", "enum": list(DESIGNATION_TYPES)},
                    lambda: _("Only products holding this designation type."))
CERTIFICATION = Param("certification", {"type": "string", "minLength": 1, "maxLength": 100,
                                        "pattern": NO_NUL},
                      lambda: _("Only products holding this certification (exact name)."))
HALL = Param("hall", {"type": "string", "pattern": "^[A-Z]$"},
             lambda: _("Only products shown in this exhibition hall (a capital letter)."))
LANGUAGE = Param("language", {"type": "string", "pattern": "^[a-z]{2,3}$"},
                 lambda: _("Only products with a text in this language (ISO 639 code)."))
EXPIRED = Param("expired", {"type": "string", "enum": ["0", "1"], "default": "1"},
                lambda: _("1 (default): include products whose designation has expired; "
                          "0: leave them out."))
QUERY = Param("q", {"type": "string", "pattern": NO_NUL, "default": ""},
              lambda: _("Search words in any language (only the first 200 characters count)."))
SORT = Param("sort", {"type": "string", "enum": ["relevance", "newest", "name"],
                      "default": "relevance"},
             lambda: _("Order of the results."))
SEARCH_PAGE = Param("page", {"type": "integer", "minimum": 1, "maximum": 500, "default": 1},
                    lambda: _("Page number, from 1 (%(count)s results a page).",
                              count=SEARCH_PER_PAGE))
LITERAL = Param("literal", {"type": "string", "enum": ["0", "1"], "default": "0"},
                lambda: _("1: match the words as written, without their translations."))
PREFIX = Param("q", {"type": "string", "pattern": NO_NUL, "default": ""},
               lambda: _("The beginning of a word typed into a search box."))


PRODUCT_LIST = [LANG, CATEGORY, DESIGNATION, CERTIFICATION, HALL, LANGUAGE, EXPIRED, PAGE,
                PER_PAGE]
SEARCH = [LANG, QUERY, CATEGORY, DESIGNATION, CERTIFICATION, HALL, LANGUAGE, EXPIRED, SORT,
          SEARCH_PAGE, LITERAL]
SUGGEST = [LANG, PREFIX]
PAGED = [LANG, PAGE, PER_PAGE]
LANG_ONLY = [LANG]
