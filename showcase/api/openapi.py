"""The OpenAPI 3.1 document of the API, built per request so that its descriptions are in the
``lang`` language and its server is this site. Parameters come from their declarations in
``showcase.api.params`` (which also read them); the schemas follow the public records of
``showcase.queries.public_records``."""

from flask_babel import gettext as _

from showcase.api import params as p
from showcase.models import DESIGNATION_TYPES
from showcase.queries.links import absolute_url

VERSION = "1.0.0"
# The largest id an integer column holds on PostgreSQL (a larger one names nothing: 404).
MAX_ID = 2**31 - 1
TEXT = {"type": "string"}
INTEGER = {"type": "integer"}
DAY = {"type": ["string", "null"], "format": "date"}
URL = {"type": "string", "format": "uri"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict) -> dict:
    """A closed object schema: every property listed is always present."""
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": {name: dict(schema, description=text)
                           for name, (schema, text) in properties.items()}}


def _list_of(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


def _product_properties() -> dict:
    return {
        "ref": (TEXT, _("The product's reference, unique in the catalog.")),
        "url": (URL, _("The product's page on this site.")),
        "name": (TEXT, _("Name, in the language given by language.")),
        "summary": (TEXT, _("One-paragraph summary.")),
        "description": (TEXT, _("Full description.")),
        "keywords": ({"type": "array", "items": TEXT}, _("Keywords of the text.")),
        "language": (TEXT, _("Language of name, summary, description and keywords.")),
        "languages": ({"type": "array", "items": TEXT}, _("Every language the product is "
                                                          "described in.")),
        "company": (TEXT, _("Name of the company that holds the designation.")),
        "company_language": (TEXT, _("Language of the company's name.")),
        "company_id": (INTEGER, _("Id of the company (see /companies/{company_id}).")),
        "company_url": (URL, _("The company's page on this site.")),
        "category": (TEXT, _("Code of the product's category.")),
        "category_name": (TEXT, _("Name of the category.")),
        "designation": ({"type": "string", "enum": list(DESIGNATION_TYPES)},
                        _("Code of the designation type.")),
        "designation_name": (TEXT, _("Name of the designation type.")),
        "designation_number": (TEXT, _("Number of the designation certificate.")),
        "valid_from": (DAY, _("First day of the designation's validity.")),
        "valid_until": (DAY, _("Last day of the designation's validity.")),
        "designation_expired": ({"type": "boolean"}, _("True once the designation's "
                                                       "validity has ended.")),
        "classification_code": (TEXT, _("Eight-digit goods classification code (UNSPSC).")),
        "certifications": ({"type": "array", "items": TEXT}, _("Certifications held.")),
        "price": ({"oneOf": [_ref("Price"), {"type": "null"}]}, _("Price, when published.")),
        "booth": (TEXT, _("Booth at Public Procurement Day, such as A-12 (empty if none).")),
        "hall": (TEXT, _("Exhibition hall of the booth (empty if none).")),
        "images": (_list_of("Image"), _("Photos, first the main one.")),
        "brochures": (_list_of("Brochure"), _("Brochures to download (PDF).")),
        "published_at": ({"type": ["string", "null"], "format": "date-time"},
                         _("When the listing was published.")),
    }


def _record_schemas() -> dict:
    product = _product_properties()
    highlights = (TEXT, _("The matching words in context, as HTML with <mark> elements."))
    return {
        "Error": _object({"error": (TEXT, _("What went wrong."))}),
        "Product": _object(product),
        "SearchResult": _object(dict(product, highlights=highlights)),
        "Price": _object({
            "amount": ({"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
                       _("Amount as exact decimal text.")),
            "currency": (TEXT, _("ISO 4217 currency code.")),
            "unit": (TEXT, _("What the price is for (piece, set...).")),
        }),
        "Image": _object({
            "url": (URL, _("The large JPEG.")),
            "thumbnail_url": (URL, _("A small JPEG.")),
            "width": (INTEGER, _("Width of the large image in pixels.")),
            "height": (INTEGER, _("Height of the large image in pixels.")),
            "alt": (TEXT, _("Text alternative of the image.")),
        }),
        "Brochure": _object({
            "url": (URL, _("The PDF file.")),
            "title": (TEXT, _("Title of the brochure.")),
            "language": (TEXT, _("Language of the brochure.")),
            "size_bytes": (INTEGER, _("Size of the file in bytes.")),
        }),
        "Category": _object({
            "code": (TEXT, _("Code of the category.")),
            "name": (TEXT, _("Name of the category.")),
            "name_language": (TEXT, _("Language of the name.")),
            "products": (INTEGER, _("Number of published products.")),
            "url": (URL, _("The category's page on this site.")),
        }),
        "Company": _object({
            "id": (INTEGER, _("Id of the company.")),
            "name": (TEXT, _("Name of the company.")),
            "name_language": (TEXT, _("Language of the name.")),
            "names": ({"type": "object", "additionalProperties": TEXT},
                      _("The company's name in every language it gave, by language code.")),
            "website": (TEXT, _("The company's website (empty if none).")),
            "url": (URL, _("The company's page on this site.")),
            "products": ({"type": "array", "items": TEXT},
                         _("References of the company's published products.")),
        }),
        "DesignationType": _object({
            "code": (TEXT, _("Code of the designation type.")),
            "name": (TEXT, _("Name of the designation type.")),
            "explanation": (TEXT, _("What the designation means.")),
        }),
        "Suggestion": _object({
            "label": (TEXT, _("The completed text.")),
            "kind": ({"type": "string", "enum": ["product", "company", "category"]},
                     _("What the completion names.")),
            "language": (TEXT, _("Language of the label.")),
            "url": (URL, _("The page the completion leads to.")),
        }),
    }


def _list_schemas() -> dict:
    link = {"type": ["string", "null"], "format": "uri"}
    links = _object({
        "self": (URL, _("This page.")),
        "first": (URL, _("The first page.")),
        "last": (URL, _("The last page.")),
        "prev": (link, _("The previous page, null on the first.")),
        "next": (link, _("The next page, null on the last.")),
    })
    schemas = {"Links": links}
    for name, item in (("ProductPage", "Product"), ("CompanyPage", "Company")):
        schemas[name] = _object({
            "items": (_list_of(item), _("The items of this page.")),
            "total": (INTEGER, _("Number of items on all pages.")),
            "page": (INTEGER, _("This page's number.")),
            "per_page": (INTEGER, _("Items per page.")),
            "pages": (INTEGER, _("Number of pages (at least 1).")),
            "links": (_ref("Links"), _("Links to this list's pages.")),
        })
    for name, item in (("CategoryList", "Category"), ("DesignationTypeList", "DesignationType")):
        schemas[name] = _object({"items": (_list_of(item), _("Every item."))})
    facet = _object({"value": (TEXT, _("A value of the facet.")),
                     "count": (INTEGER, _("Results with that value."))})
    schemas["SearchAnswer"] = _object({
        "query": (TEXT, _("The words searched for, as read.")),
        "total": (INTEGER, _("Number of results on all pages.")),
        "page": (INTEGER, _("This page's number.")),
        "pages": (INTEGER, _("Number of pages (at least 1).")),
        "results": (_list_of("SearchResult"), _("Results of this page, best first.")),
        "facets": ({"type": "object", "additionalProperties": {"type": "array", "items": facet}},
                   _("Counts of the results by category, designation type, certification, "
                     "hall and language.")),
        "suggestion": (TEXT, _("A spelling to try instead (empty if none).")),
        "searched_instead": (TEXT, _("The spelling searched instead when the words as "
                                     "typed found nothing (empty otherwise).")),
        "also_matched": ({"type": "array", "items": TEXT},
                         _("Concepts the words name, in the lang language, English and "
                           "Korean: products naming them in any language were found too.")),
    })
    return schemas


def _headers(last_modified: bool = True, link: bool = False) -> dict:
    headers = {
        "ETag": {"required": True, "schema": TEXT,
                 "description": _("Validator of this answer: send it in If-None-Match.")},
        "Cache-Control": {"required": True, "schema": TEXT,
                          "description": _("How long the answer may be reused.")},
        "Access-Control-Allow-Origin": {"required": True, "schema": TEXT,
                                        "description": _("Any origin may read the API.")},
    }
    if last_modified:
        headers["Last-Modified"] = {
            "required": True, "schema": TEXT,
            "description": _("When the public catalog last changed: send it in "
                             "If-Modified-Since.")}
    if link:
        headers["Link"] = {"required": True, "schema": TEXT,
                           "description": _("The links of the body's links field (RFC 8288).")}
    return headers


def _json(schema: dict, description: str, **headers) -> dict:
    return {"description": description, "headers": _headers(**headers),
            "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {400: _("A parameter has a value it may not have."),
            404: _("Nothing of that name is published."),
            503: _("Search is unavailable right now.")}
    answers = {str(code): {"description": text[code],
                           "content": {"application/json": {"schema": _ref("Error")}}}
               for code in codes}
    answers["304"] = {"description": _("Not modified: the answer you hold is still current.")}
    answers["default"] = {"description": _("Any other error."),
                          "content": {"application/json": {"schema": _ref("Error")}}}
    return answers


def _get(operation_id: str, tag: str, summary: str, params: list, ok: dict, *errors: int,
         path_params: tuple = ()) -> dict:
    return {"get": {
        "operationId": operation_id, "tags": [tag], "summary": summary,
        "parameters": [*path_params, *(param.openapi() for param in params)],
        "responses": {"200": ok, **_errors(400, *errors)},
    }}


def _path_param(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema,
            "description": description}


def _paths() -> dict:
    ref = _path_param("ref", {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$"},
                      _("The product's reference."))
    company_id = _path_param("company_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                             _("Id of the company."))
    return {
        "/products": _get(
            "listProducts", "products", _("Published products, filtered, in order of ref"),
            p.PRODUCT_LIST, _json(_ref("ProductPage"), _("A page of products."), link=True),
            404),
        "/products/{ref}": _get(
            "getProduct", "products", _("One published product"), p.LANG_ONLY,
            _json(_ref("Product"), _("The product.")), 404, path_params=(ref,)),
        "/search": _get(
            "searchProducts", "search", _("Search published products in any language"),
            p.SEARCH, _json(_ref("SearchAnswer"), _("The results.")), 503),
        "/suggest": _get(
            "suggest", "search", _("Completions for a search box"), p.SUGGEST,
            _json(_list_of("Suggestion"), _("Up to ten completions.")), 503),
        "/categories": _get(
            "listCategories", "catalog", _("Categories with published products"), p.LANG_ONLY,
            _json(_ref("CategoryList"), _("Every such category."))),
        "/companies": _get(
            "listCompanies", "catalog", _("Companies with published products, in order of id"),
            p.PAGED, _json(_ref("CompanyPage"), _("A page of companies."), link=True), 404),
        "/companies/{company_id}": _get(
            "getCompany", "catalog", _("One company with published products"), p.LANG_ONLY,
            _json(_ref("Company"), _("The company.")), 404, path_params=(company_id,)),
        "/designation-types": _get(
            "listDesignationTypes", "catalog", _("The kinds of government designation"),
            p.LANG_ONLY, _json(_ref("DesignationTypeList"), _("Every designation type."))),
        "/openapi.json": _get(
            "getOpenApiDocument", "catalog", _("This document"), p.LANG_ONLY,
            _json({"type": "object"}, _("The OpenAPI document."), last_modified=False)),
    }


def document() -> dict:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Korea Innovation Showcase API"),
            "version": VERSION,
            "description": _(
                "Read-only access to the public catalog of Korea's government-designated "
                "innovative products: only published products, and no personal data. No key "
                "is needed; any web page may read it (CORS). Answers may be cached for a "
                "minute and revalidated with ETag or Last-Modified. Errors answer "
                "{\"error\": message}."),
        },
        "servers": [{"url": absolute_url("/api/v1")}],
        "tags": [{"name": "products", "description": _("Published products.")},
                 {"name": "search", "description": _("Searching in 24 languages.")},
                 {"name": "catalog", "description": _("Categories, companies and "
                                                      "designation types.")}],
        "paths": _paths(),
        "components": {"schemas": {**_record_schemas(), **_list_schemas()}},
    }
