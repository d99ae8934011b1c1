"""Staff pages: importing PPS's designation list.

Staff upload the list (.xlsx or .csv); it is kept under ``<DATA_DIR>/imports/`` with a
random name, the token of the pages that follow. The preview shows what applying it would
do, row by row, and asks which field each unrecognised column holds (remembered for later
files). Applying it keeps the report beside the file and shows it.
"""

import json
import re
import secrets
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from showcase.i18n import portal_gettext as _p
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.models import DESIGNATION_TYPES
from showcase.services import designations
from showcase.services.designation_files import (
    EXTENSIONS,
    FIELDS,
    IGNORE,
    MAX_FILE_BYTES,
    MAX_ROWS,
    DesignationFileError,
    read_table,
)
from showcase.staff import bp

TOKEN = re.compile(r"^[0-9a-f]{32}$")
CHUNK_BYTES = 1 << 16
# Rows each table of the preview and report shows; the counts cover all of them.
SHOWN_ROWS = 300


class UploadForm(FlaskForm):
    """The designation list file."""

    list_file = FileField(_lp("Designation list (.xlsx or .csv)"), validators=[
        FileRequired(_lp("Choose the file to upload.")),
        FileAllowed(EXTENSIONS, _lp("Upload the list as an Excel workbook (.xlsx) or a CSV "
                                    "file."))])
    submit = SubmitField(_lp("Upload and preview"))


class ApplyForm(FlaskForm):
    """Applying a previewed file."""

    submit = SubmitField(_lp("Apply the list"))


class MappingForm(FlaskForm):
    """Which field each unrecognised column holds; fields are added per file."""

    submit = SubmitField(_lp("Save the column mapping"))

    def validate(self, extra_validators=None) -> bool:
        """Also refuse two columns given the same field."""
        if not super().validate(extra_validators):
            return False
        seen = {}
        for column in self.columns():
            if column.data and column.data in seen:
                column.errors.append(_p("%(header)s already holds this field.",
                                        header=seen[column.data]))
            seen.setdefault(column.data, column.label.text)
        return not any(column.errors for column in self.columns())

    def columns(self) -> list:
        """The select of each column, in file order."""
        return [field for name, field in self._fields.items() if name.startswith("column_")]

    def mapping(self) -> dict[str, str]:
        """``{header: field}`` as chosen (``""`` leaves the column out)."""
        return {column.label.text: column.data for column in self.columns()}


def _mapping_form(headers: list[str]) -> MappingForm:
    """A mapping form with one select per header of ``headers``."""
    choices = [SelectChoice(IGNORE, _lp("Leave this column out")),
               *(SelectChoice(name, designations.FIELD_LABELS[name]) for name in FIELDS)]

    class FileMappingForm(MappingForm):
        pass

    for index, header in enumerate(headers):
        setattr(FileMappingForm, f"column_{index}",
                SelectField(header, choices=choices, default=IGNORE))
    return FileMappingForm()


# The kept files.

def _imports_dir() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "imports"


def _keep(upload) -> tuple[str | None, str | None]:
    """Store the uploaded file under a new token: ``(token, None)``, or ``(None, why)`` when
    it is too large; nothing is kept then."""
    extension = upload.filename.rsplit(".", 1)[-1].lower()
    token = secrets.token_hex(16)
    folder = _imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name: a half-written file never has a token's name.
    partial = folder / f"{token}.part"
    written = 0
    with partial.open("wb") as kept:
        while chunk := upload.stream.read(CHUNK_BYTES):
            written += len(chunk)
            if written > MAX_FILE_BYTES:
                break
            kept.write(chunk)
    if written > MAX_FILE_BYTES:
        partial.unlink()
        return None, _p("The file is larger than %(size)s MB.",
                        size=MAX_FILE_BYTES // (1024 * 1024))
    partial.rename(folder / f"{token}.{extension}")
    return token, None


def _kept(token: str) -> Path:
    """The kept file of ``token``; 404 when there is none."""
    if not TOKEN.match(token):
        abort(404)
    for extension in EXTENSIONS:
        path = _imports_dir() / f"{token}.{extension}"
        if path.is_file():
            return path
    abort(404)


def _report_path(token: str) -> Path:
    return _imports_dir() / f"{token}.report.json"


def _preview_or_none(token: str):
    """The preview of the kept file, or None with a flashed reason."""
    try:
        return designations.preview(_kept(token))
    except DesignationFileError as error:
        flash(error.message, "error")
        return None


# Pages.

def _render_upload(form: UploadForm):
    remembered = designations.remembered_mapping()
    return render_template("staff/designations.html", form=form,
                           remembered=sorted(remembered.items()),
                           field_labels=designations.FIELD_LABELS, max_rows=MAX_ROWS,
                           max_megabytes=MAX_FILE_BYTES // (1024 * 1024))


@bp.get("/designations", endpoint="designations")
def designations_page():
    """The upload form, with the column names remembered from earlier files."""
    return _render_upload(UploadForm())


@bp.post("/designations")
def upload_designations():
    """Keep the uploaded list and show its preview; a file that cannot be read is refused
    on the form."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _render_upload(form)
    token, refused = _keep(form.list_file.data)
    if token is not None:
        try:
            read_table(_kept(token))
        except DesignationFileError as error:
            _kept(token).unlink()
            token, refused = None, error.message
    if token is None:
        form.list_file.errors.append(refused)
        return _render_upload(form)
    return redirect(url_for("staff.designations_preview", token=token))


def _render_preview(token: str, plan, mapping_form=None):
    return render_template(
        "staff/designations_preview.html", token=token, plan=plan, Action=designations.Action,
        field_labels=designations.FIELD_LABELS, type_labels=DESIGNATION_TYPES,
        missing_labels=[designations.FIELD_LABELS[name] for name in plan.missing_columns],
        mapping_form=mapping_form or (_mapping_form(plan.unknown_headers)
                                      if plan.unknown_headers else None),
        apply_form=ApplyForm(), shown_rows=SHOWN_ROWS)


@bp.get("/designations/<token>")
def designations_preview(token: str):
    """What applying the kept file would do, and the column mapping it still needs."""
    plan = _preview_or_none(token)
    if plan is None:
        return redirect(url_for("staff.designations"))
    return _render_preview(token, plan)


@bp.post("/designations/<token>/mapping")
def map_designation_columns(token: str):
    """Remember which field each unrecognised column holds, then preview again."""
    plan = _preview_or_none(token)
    if plan is None:
        return redirect(url_for("staff.designations"))
    form = _mapping_form(plan.unknown_headers)
    if not plan.unknown_headers:
        return redirect(url_for("staff.designations_preview", token=token))
    if not form.validate_on_submit():
        return _render_preview(token, plan, form)
    designations.remember_mapping(form.mapping(), current_user)
    flash(_p("Column mapping saved: later files with these columns are read the same way."))
    return redirect(url_for("staff.designations_preview", token=token))


@bp.post("/designations/<token>/apply")
def apply_designations(token: str):
    """Apply the kept file and show the report."""
    plan = _preview_or_none(token)
    if plan is None:
        return redirect(url_for("staff.designations"))
    if not ApplyForm().validate_on_submit() or plan.missing_columns:
        flash(_p("The list was not applied: the form expired or a column is missing. "
                 "Please try again."), "error")
        return redirect(url_for("staff.designations_preview", token=token))
    report = designations.apply(plan, current_user)
    _report_path(token).write_text(json.dumps(report.to_dict(), ensure_ascii=False),
                                   encoding="utf-8")
    flash(_p("List applied. New products: %(created)s; updated: %(updated)s; rows skipped: "
             "%(rejected)s.", created=len(report.created_products),
             updated=len(report.updated), rejected=len(report.rejected)))
    return redirect(url_for("staff.designations_report", token=token))


@bp.get("/designations/<token>/report")
def designations_report(token: str):
    """What applying the kept file did."""
    _kept(token)
    path = _report_path(token)
    if not path.is_file():
        return redirect(url_for("staff.designations_preview", token=token))
    report = designations.ApplyReport.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return render_template("staff/designations_report.html", report=report,
                           field_labels=designations.FIELD_LABELS,
                           type_labels=DESIGNATION_TYPES, shown_rows=SHOWN_ROWS)
