"""Forms of the photos and brochures page. Each carries the listing's edit version it was
drawn with, so a change made from an outdated page is refused instead of undoing a newer one."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, InputRequired
from wtforms.widgets import HiddenInput

from showcase import media, rules
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.services import brochures, photos

# What the photo picker offers; the server decides by content, not by this list.
PHOTO_TYPES = ",".join(["image/jpeg", "image/png", "image/webp", "image/gif"]
                       + (["image/avif"] if "AVIF" in media.ACCEPTED_FORMATS else []))


class ListingChangeForm(FlaskForm):
    """A change to a listing: the edit version its page was drawn with."""

    edit_version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class PhotoUploadForm(ListingChangeForm):
    """One photo file."""

    photo = FileField(_lp("Photo"), validators=[FileRequired(_lp("Choose a photo to upload."))])
    submit = SubmitField(_lp("Upload photo"))


class PhotoMoveForm(ListingChangeForm):
    """Move one photo a place up or down."""

    direction = HiddenField(validators=[AnyOf(("up", "down"))])


class BrochureUploadForm(ListingChangeForm):
    """One PDF file with its title and language."""

    brochure = FileField(_lp("PDF file"),
                         validators=[FileRequired(_lp("Choose a PDF file to upload."))])
    title = StringField(_lp("Title"), validators=[rules.wtforms_validator(brochures.TITLE)])
    language = SelectField(_lp("Language of the brochure"))
    submit = SubmitField(_lp("Upload brochure"))


def alt_text_form(photo_key: str, languages: list[tuple[str, str]], **kwargs) -> FlaskForm:
    """A form of one photo's alternative texts, a field per ``(code, name)`` of
    ``languages``; its field names start with the photo's key, so that every photo on the
    page has fields of its own."""

    class AltTextForm(ListingChangeForm):
        submit = SubmitField(_lp("Save descriptions"))
        codes = [code for code, _name in languages]

    for code, name in languages:
        setattr(AltTextForm, f"alt_{code}", StringField(
            name, validators=[rules.wtforms_validator(photos.ALT_TEXT)]))
    return AltTextForm(prefix=f"photo-{photo_key}", **kwargs)
