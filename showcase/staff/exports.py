"""Staff pages: downloads of the catalog as CSV, as an XLSX workbook and in the exchange
format, either public (published products, no e-mail or phone) or full (every product)."""

import tempfile

from flask import Response, abort, render_template, request, send_file

from showcase import clock
from showcase.i18n import portal_gettext as _p
from showcase.queries import spreadsheets
from showcase.services import exporter, exports
from showcase.staff import bp

SCOPES = ("public", "full")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _public() -> bool:
    """True for the public scope (the default), False for the full one; 404 for another."""
    scope = request.args.get("scope", "public")
    if scope not in SCOPES:
        abort(404)
    return scope == "public"


def _file_name(public: bool, extension: str) -> str:
    scope = "public" if public else "full"
    return f"showcase-catalog-{scope}-{clock.today().isoformat()}.{extension}"


def _attachment(name: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@bp.get("/exports", endpoint="exports")
def exports_page():
    """The downloads on offer, with how many products each scope holds."""
    return render_template("staff/exports.html", scopes=SCOPES,
                           counts={"public": exporter.count_products(public=True),
                                   "full": exporter.count_products(public=False)})


@bp.get("/exports/catalog.csv")
def export_csv():
    """The catalog as CSV in UTF-8 with a byte-order mark, one product a row."""
    public = _public()
    body = spreadsheets.csv_bytes(spreadsheets.CATALOG_COLUMNS,
                                  spreadsheets.catalog_rows(public=public))
    return Response(body, mimetype="text/csv",
                    headers=_attachment(_file_name(public, "csv")))


@bp.get("/exports/catalog.xlsx")
def export_xlsx():
    """The catalog as an XLSX workbook, one product a row."""
    public = _public()
    body = spreadsheets.xlsx_bytes(_p("Catalog"), spreadsheets.CATALOG_COLUMNS,
                                   spreadsheets.catalog_rows(public=public))
    return Response(body, mimetype=XLSX_TYPE, headers=_attachment(_file_name(public, "xlsx")))


@bp.get("/exports/catalog-exchange.zip")
def export_exchange():
    """The catalog in the exchange format (JSON Lines and its images) as a ZIP archive."""
    public = _public()
    # An unnamed temporary file that outlives this function: the response closes it once
    # sent, and the system then removes it.
    archive = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        exports.write_exchange_archive(archive, public=public)
    except BaseException:
        archive.close()
        raise
    archive.seek(0)
    return send_file(archive, mimetype="application/zip", as_attachment=True,
                     download_name=_file_name(public, "zip"))
