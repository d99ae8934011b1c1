"""Gzip for text responses (pages, stylesheets, scripts, JSON, SVG) when the browser accepts it.

Delegates browse on congested venue Wi-Fi: a page's HTML shrinks to a fifth. Images, PDFs
and other already-compressed types are sent as they are; so are small bodies (the gzip header
would outweigh the saving), streamed responses (their body is not known up front) and partial
or empty ones.
"""

import gzip

from flask import Flask, Response, request

# Bodies below this size are sent as they are: the saving is smaller than a TCP packet.
MIN_SIZE = 512
# Larger bodies are sent as they are rather than held in memory twice.
MAX_SIZE = 8 * 1024 * 1024
COMPRESSIBLE_TYPES = frozenset({
    "application/javascript", "application/json", "application/xml", "image/svg+xml",
    "application/manifest+json", "application/geo+json",
})
# 206 carries a byte range of the uncompressed file; 204 and 304 carry no body.
UNCOMPRESSED_STATUSES = frozenset({204, 206, 304})


def is_compressible_type(mimetype: str | None) -> bool:
    """True for text formats gzip shrinks; false for images, PDFs, archives and fonts."""
    if not mimetype:
        return False
    return (mimetype.startswith("text/") or mimetype in COMPRESSIBLE_TYPES
            or mimetype.endswith(("+json", "+xml")))


def accepts_gzip() -> bool:
    """True when the request's Accept-Encoding allows gzip (``gzip``, ``*``, q above 0)."""
    return request.accept_encodings.quality("gzip") > 0


def _body_size(response: Response) -> int | None:
    """The body's length when it is known without reading a stream, else None."""
    if response.content_length is not None:
        return response.content_length
    if response.is_sequence:
        return sum(len(part) for part in response.response)
    return None


def should_compress(response: Response) -> bool:
    """True when ``response`` is a complete text body worth compressing for this request."""
    if (response.status_code in UNCOMPRESSED_STATUSES or response.status_code < 200
            or "Content-Encoding" in response.headers
            or "no-transform" in response.headers.get("Cache-Control", "")
            or not is_compressible_type(response.mimetype) or not accepts_gzip()):
        return False
    if response.is_streamed and not response.direct_passthrough:
        return False
    size = _body_size(response)
    return size is not None and MIN_SIZE <= size <= MAX_SIZE


def compress(response: Response) -> Response:
    """Gzip ``response``'s body in place when the browser and the content allow it."""
    if is_compressible_type(response.mimetype):
        # A cache must keep the compressed and the plain copy apart, whichever this one is.
        response.vary.add("Accept-Encoding")
    if not should_compress(response):
        return response
    # A file response (a static stylesheet) is read here: it is small, and known to be so.
    response.direct_passthrough = False
    body = gzip.compress(response.get_data(), compresslevel=6, mtime=0)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    etag, _weak = response.get_etag()
    if etag:
        # The bytes differ from the plain file's: only a weak validator still matches.
        response.set_etag(etag, weak=True)
    return response


def init_app(app: Flask) -> None:
    """Compress responses; register before other after-request handlers so this runs last
    (Flask runs them in reverse order) and sees the final body."""
    app.after_request(compress)
