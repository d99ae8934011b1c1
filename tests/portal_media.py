"""Helpers for the tests of photos and brochures: a company member with a listing, the real
forms of the photos page (CSRF token and edit version scraped from it), and files."""

import html
import io
import re
import zipfile
from pathlib import Path

from PIL import Image

from showcase import unit_of_work
from showcase.extensions import db
from showcase.models import Product, ProductStatus
from tests import factories
from tests.conftest import _CSRF_FIELD

_VERSION_FIELD = re.compile(r'name="edit_version" type="hidden" value="(\d+)"')


def member_with_listing(app, login_as, status=ProductStatus.DRAFT, client=None) -> str:
    """Sign in a member of a new approved company owning a listing in ``status``; its ref."""
    with app.app_context(), unit_of_work.committed():
        company = factories.add_company()
        product = factories.add_product(company, status=status)
        ref, registration = product.ref, company.registration_number
    login_as("company", company=registration, client=client)
    return ref


def photos_url(ref: str, lang: str = "en", tail: str = "") -> str:
    return f"/{lang}/portal/listings/{ref}/photos{tail}"


def brochures_url(ref: str, lang: str = "en", tail: str = "") -> str:
    return f"/{lang}/portal/listings/{ref}/brochures{tail}"


def form_values(client, ref: str, lang: str = "en") -> dict:
    """The CSRF token and edit version the photos page is drawn with."""
    page = client.get(photos_url(ref, lang)).get_data(as_text=True)
    return {"csrf_token": _CSRF_FIELD.search(page).group(1),
            "edit_version": _VERSION_FIELD.search(page).group(1)}


def upload_photo(client, ref: str, data: bytes, name: str = "photo.jpg", lang: str = "en",
                 **options):
    """Post ``data`` through the photo upload form of the page."""
    return client.post(photos_url(ref, lang), content_type="multipart/form-data",
                       data={**form_values(client, ref, lang),
                             "photo": (io.BytesIO(data), name)}, **options)


def upload_brochure(client, ref: str, data: bytes, name: str = "brochure.pdf",
                    title: str = "Product sheet", language: str = "en", lang: str = "en",
                    **options):
    """Post ``data`` through the brochure upload form of the page."""
    return client.post(brochures_url(ref, lang), content_type="multipart/form-data",
                       data={**form_values(client, ref, lang), "title": title,
                             "language": language, "brochure": (io.BytesIO(data), name)},
                       **options)


def text_of(response) -> str:
    """The page as a reader sees its text: entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def product(ref: str) -> Product:
    """The listing ``ref`` as stored (call inside an app context)."""
    return db.session.scalar(db.select(Product).where(Product.ref == ref))


def stored_files(app) -> list[Path]:
    """Every file under the uploads directory."""
    return sorted(path for path in Path(app.config["UPLOADS_DIR"]).rglob("*") if path.is_file())


def encoded(image: Image.Image, format_name: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format_name, **options)
    return buffer.getvalue()


def jpeg(size=(64, 48), colour="navy") -> bytes:
    return encoded(Image.new("RGB", size, colour), "JPEG")


def pdf_of_size(size: int) -> bytes:
    """A well-formed PDF of exactly ``size`` bytes."""
    body = b""
    while len(pdf(body)) != size:
        body = b"x" * (len(body) + size - len(pdf(body)))
    return pdf(body)


def pdf(body: bytes = b"Innovative drone") -> bytes:
    """A small, well-formed one-page PDF."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % (len(body) + 15) + b"BT (" + body
               + b") Tj ET\nendstream"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, start)
    return bytes(out)


def zip_archive(name: str = "word/document.xml", content: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()
