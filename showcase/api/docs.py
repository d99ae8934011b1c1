"""The API's documentation as a page of the site (``/<lang>/api``): every operation with its
parameters and answers, and every schema with its fields, drawn from the same OpenAPI document
that /api/v1/openapi.json serves, in the visitor's language."""

from flask import Blueprint, render_template
from flask_babel import gettext as _

from showcase.api import openapi
from showcase.queries.links import absolute_url

bp = Blueprint("api_docs", __name__, url_prefix="/<lang>")


def schema_name(schema: dict) -> str | None:
    """The component name a ``$ref`` schema points to, else None."""
    reference = schema.get("$ref", "")
    return reference.rsplit("/", 1)[-1] if reference else None


def type_label(schema: dict) -> str:
    """A short technical label of a schema: ``integer``, ``string (date)``, ``array of
    Product``, ``Price or null``."""
    if schema_name(schema):
        return schema_name(schema)
    if "oneOf" in schema:
        return " | ".join(type_label(option) for option in schema["oneOf"])
    kinds = schema.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    label = " | ".join(kinds)
    if schema.get("format"):
        label += f" ({schema['format']})"
    if "array" in kinds and "items" in schema:
        label = label.replace("array", f"array of {type_label(schema['items'])}")
    return label


def constraints(schema: dict) -> list[tuple[str, str]]:
    """What a parameter's schema allows beyond its type: ``(label, value)`` pairs, the
    labels in the visitor's language, the values as the document states them."""
    notes = []
    if "enum" in schema:
        notes.append((_("Allowed values"), " | ".join(str(value) for value in schema["enum"])))
    if "minimum" in schema and "maximum" in schema:
        notes.append((_("From … to"), f"{schema['minimum']} … {schema['maximum']}"))
    if "minLength" in schema or "maxLength" in schema:
        notes.append((_("Length"), f"{schema.get('minLength', 0)} … "
                                   f"{schema.get('maxLength', '∞')}"))
    if "pattern" in schema:
        notes.append((_("Pattern"), schema["pattern"]))
    if "default" in schema:
        notes.append((_("Default"), str(schema["default"])))
    return notes


@bp.get("/api")
def api_page():
    """The readable API documentation."""
    document = openapi.document()
    return render_template("api/docs.html", document=document,
                           document_url=absolute_url("/api/v1/openapi.json"),
                           server=document["servers"][0]["url"], type_label=type_label,
                           constraints=constraints, schema_name=schema_name)
