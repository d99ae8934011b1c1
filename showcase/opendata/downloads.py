"""The open-data page and the downloads of the public catalog: CSV and XLSX in the visitor's
language, and the exchange format (public mode) as JSON Lines.

Each file is built once per catalog version and locale and kept (``files.cached_file``); its
ETag is that version, so a client that has it gets a 304 without the file being opened.
"""

import json

from flask import current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from showcase.i18n import current_locale
from showcase.opendata import bp, files
from showcase.queries import spreadsheets, syndication
from showcase.queries.links import absolute_url
from showcase.services import exporter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
API_DOCS_ENDPOINT = "api_docs.api_page"
# Seconds a browser or proxy may reuse a download before asking again (with its ETag).
MAX_AGE = 300


@bp.get("/<lang>/open-data")
def open_data_page():
    """What the catalog offers as data: the downloads, the API and the feeds."""
    version = syndication.catalog_version()
    return render_template("opendata/open_data.html", changed_at=version.changed_at,
                           product_count=syndication.public_product_count(),
                           api_docs_url=_api_docs_url())


def _api_docs_url() -> str | None:
    """The readable API documentation's page, when the site serves one."""
    if API_DOCS_ENDPOINT in current_app.view_functions:
        return url_for(API_DOCS_ENDPOINT)
    return None


@bp.get("/<lang>/open-data/catalog.csv")
def catalog_csv():
    """The public catalog as CSV (UTF-8 with a byte-order mark) in the visitor's language."""
    def write(out):
        out.write(spreadsheets.csv_bytes(syndication.DOWNLOAD_COLUMNS, syndication.download_rows()))

    return _download(f"catalog-{current_locale().slug}", "csv", "text/csv", write)


@bp.get("/<lang>/open-data/catalog.xlsx")
def catalog_xlsx():
    """The public catalog as an XLSX workbook in the visitor's language."""
    def write(out):
        out.write(spreadsheets.xlsx_bytes(_("Catalog"), syndication.DOWNLOAD_COLUMNS,
                                          syndication.download_rows()))

    return _download(f"catalog-{current_locale().slug}", "xlsx", XLSX_TYPE, write)


@bp.get("/open-data/catalog.jsonl")
def catalog_jsonl():
    """The public catalog in the exchange format, one product a line, texts in every language
    it has; images are given as the URLs of their large size."""
    def write(out):
        for product in syndication.exchange_products():
            record = exporter.product_record(product, None, public=True)
            record["images"] = [
                absolute_url(url_for("media_image", key=image.key, size="large", ext="jpg"))
                for image in product.images]
            out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))

    return _download("catalog", "jsonl", "application/jsonl", write)


def _download(name: str, extension: str, mimetype: str, write) -> Response:
    """``name`` of this catalog version as an attachment, or a 304 when the client has it."""
    version = syndication.catalog_version()
    if request.if_none_match.contains(version.tag):
        response = Response(status=304)
        response.set_etag(version.tag)
        response.cache_control.public = True
        response.cache_control.max_age = MAX_AGE
        return response
    opened = files.cached_file(name, extension, version.tag, write)
    day = version.changed_at.date().isoformat()
    return send_file(opened, mimetype=mimetype, as_attachment=True,
                     download_name=f"showcase-{name}-{day}.{extension}", etag=version.tag,
                     last_modified=version.changed_at, max_age=MAX_AGE, conditional=True)
