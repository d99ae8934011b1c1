"""What search engines and feed readers read: robots.txt, the sitemap (an index of one file
per locale and block of pages once the catalog is large), and an Atom feed per locale.

Every page of the sitemap names its versions in all locales and the x-default (the path
without a locale prefix, which redirects each visitor to their language).
"""

from datetime import UTC, datetime
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from flask import abort, current_app, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from showcase.i18n import LOCALES, LOCALES_BY_SLUG, content_chain, current_locale
from showcase.opendata import bp, files
from showcase.opendata.alternates import alternates, locale_free_path, locale_url
from showcase.queries import syndication
from showcase.queries.links import absolute_url, product_url
from showcase.templating import localized_text

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Pages per sitemap file: each carries 25 alternate links, so a full file stays near 12 MB,
# under the 50 MB and 50,000 URLs search engines read.
URLS_PER_FILE = 5_000
FEED_ENTRIES = 30
MAX_AGE = 600
# Crawlers stay out of pages that need an account and out of the search API. Result pages stay
# crawlable (a shared search link must preview and be found); their canonical link names them.
DISALLOWED = ("/*/portal/", "/*/staff/", "/*/account/", "/api/v1/search", "/api/v1/suggest")
STATIC_PAGES = (("catalog.home", {}), ("guide.index", {}), ("opendata.open_data_page", {}),
                ("api_docs.api_page", {}))


@bp.get("/robots.txt")
def robots():
    """Everything public may be crawled; pages behind accounts and the search API not."""
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in DISALLOWED), "",
             f"Sitemap: {absolute_url(url_for('opendata.sitemap'))}", ""]
    return _cacheable(Response("\n".join(lines), mimetype="text/plain"))


def _static_targets() -> list[tuple[str, dict]]:
    """The pages every catalog has: home, guide, open data, API documentation."""
    from showcase.guide import content

    targets = [(endpoint, values) for endpoint, values in STATIC_PAGES
               if endpoint in current_app.view_functions]
    return targets + [("guide.page", {"slug": slug}) for slug in content.PAGE_SLUGS]


def _pages() -> list[tuple[str, datetime | None]]:
    """``(locale-free path, last change)`` of every public page, in a stable order."""
    targets = [(endpoint, values, None) for endpoint, values in _static_targets()]
    targets += [(t.endpoint, t.values, t.changed_at) for t in syndication.sitemap_targets()]
    return [(locale_free_path(endpoint, **values), changed)
            for endpoint, values, changed in targets]


def _layout() -> tuple[int, int, int]:
    """How many pages there are, how many one file holds, and how many files a locale has."""
    page_count = len(_static_targets()) + syndication.sitemap_target_count()
    per_file = current_app.config.get("SITEMAP_URLS_PER_FILE", URLS_PER_FILE)
    return page_count, per_file, max(1, -(-page_count // per_file))


@bp.get("/sitemap.xml")
def sitemap():
    """All pages in every locale in one file, or an index of the per-locale files."""
    version = syndication.catalog_version()
    page_count, per_file, files_per_locale = _layout()

    def write(out):
        if page_count * len(LOCALES) <= per_file:
            _write_urlset(out, _pages(), LOCALES)
        else:
            _write_index(out, files_per_locale, version.changed_at)

    return _xml_file("sitemap", version, write)


@bp.get("/sitemaps/<slug>-<int:number>.xml")
def sitemap_part(slug: str, number: int):
    """Block ``number`` (from 1) of one locale's pages."""
    locale = LOCALES_BY_SLUG.get(slug)
    _page_count, per_file, files_per_locale = _layout()
    if locale is None or not 1 <= number <= files_per_locale:
        abort(404)

    def write(out):
        block = _pages()[(number - 1) * per_file:number * per_file]
        _write_urlset(out, block, [locale])

    return _xml_file(f"sitemap-{slug}-{number}", syndication.catalog_version(), write)


def _write_index(out, chunks: int, changed_at: datetime | None) -> None:
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
              .encode())
    lastmod = f"<lastmod>{_w3c(changed_at)}</lastmod>" if changed_at else ""
    for locale in LOCALES:
        for number in range(1, chunks + 1):
            loc = absolute_url(url_for("opendata.sitemap_part", slug=locale.slug, number=number))
            out.write(f"<sitemap><loc>{escape(loc)}</loc>{lastmod}</sitemap>\n".encode())
    out.write(b"</sitemapindex>\n")


def _write_urlset(out, pages, locales) -> None:
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" '
              f'xmlns:xhtml="{XHTML_NS}">\n'.encode())
    for path, changed_at in pages:
        # The same alternates follow every locale's URL of the page: built once.
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{hreflang}" href={quoteattr(url)}/>'
                        for hreflang, url in alternates(path))
        lastmod = f"<lastmod>{_w3c(changed_at)}</lastmod>" if changed_at else ""
        for locale in locales:
            loc = escape(locale_url(locale, path))
            out.write(f"<url><loc>{loc}</loc>{lastmod}{links}</url>\n".encode())
    out.write(b"</urlset>\n")


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml_file(name: str, version, write) -> Response:
    """The kept file ``name`` of this catalog version (built by ``write`` when missing), or
    a 304 when the client has it."""
    if request.if_none_match.contains(version.tag):
        return _cacheable(Response(status=304), version)
    opened = files.cached_file(name, "xml", version.tag, write)
    return send_file(opened, mimetype="application/xml", etag=version.tag,
                     last_modified=version.changed_at, max_age=MAX_AGE, conditional=True)


def _cacheable(response: Response, version=None) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    if version is not None:
        response.set_etag(version.tag)
        if version.changed_at:
            response.last_modified = version.changed_at
    return response


@bp.get("/<lang>/feed.atom")
def feed():
    """The newest published products, in the visitor's language."""
    version = syndication.catalog_version()
    tag = f"{version.tag}-{current_locale().slug}"
    if request.if_none_match.contains(tag):
        response = Response(status=304)
        response.set_etag(tag)
        return _cacheable(response)
    body = ElementTree.tostring(_feed_element(syndication.newest_products(FEED_ENTRIES)),
                                encoding="utf-8", xml_declaration=True)
    response = _cacheable(Response(body, mimetype="application/atom+xml"))
    response.set_etag(tag)
    return response


def _feed_element(products) -> ElementTree.Element:
    locale = current_locale()
    feed = _atom("feed", attrib={"xml:lang": locale.html_lang, "xmlns": ATOM_NS})
    site = _("Korea Innovation Showcase")
    _atom("title", feed, _("New products · %(site)s", site=site))
    _atom("id", feed, absolute_url(url_for("opendata.feed")))
    _atom("link", feed, rel="self", type="application/atom+xml",
          href=absolute_url(url_for("opendata.feed")))
    _atom("link", feed, rel="alternate", type="text/html",
          href=absolute_url(url_for("catalog.home")))
    moments = [_entry_updated(product) for product in products]
    _atom("updated", feed, _w3c(max(moments) if moments else datetime(2026, 1, 1, tzinfo=UTC)))
    _atom("name", _atom("author", feed), site)
    for product in products:
        feed.append(_entry(product))
    return feed


def _entry(product) -> ElementTree.Element:
    text = localized_text(product)
    entry = _atom("entry")
    url = product_url(product.ref, external=True)
    _atom("title", entry, text.name if text else product.ref,
          attrib={"xml:lang": text.language} if text else None)
    _atom("id", entry, url)
    _atom("link", entry, rel="alternate", type="text/html", href=url)
    _atom("published", entry, _w3c(syndication.aware(product.published_at)))
    _atom("updated", entry, _w3c(_entry_updated(product)))
    _atom("name", _atom("author", entry), product.company.name_in(content_chain())[0])
    if product.category is not None:
        _atom("category", entry, term=product.category.code,
              label=product.category.name_in(content_chain())[0])
    if text and text.summary:
        _atom("summary", entry, text.summary, attrib={"xml:lang": text.language})
    return entry


def _entry_updated(product) -> datetime:
    moments = [syndication.aware(m) for m in (product.published_at, product.updated_at) if m]
    return max(moments)


def _atom(tag: str, parent=None, text: str | None = None, attrib: dict | None = None,
          **attributes) -> ElementTree.Element:
    """An Atom element, added to ``parent`` when given."""
    qualified = {("{http://www.w3.org/XML/1998/namespace}lang" if key == "xml:lang" else key):
                 value for key, value in {**(attrib or {}), **attributes}.items()}
    # Plain names under the feed's xmlns attribute, not ElementTree.register_namespace: that
    # prefix registry is global, and another registration would print "ns0:" tags.
    name = tag
    element = (ElementTree.SubElement(parent, name, qualified) if parent is not None
               else ElementTree.Element(name, qualified))
    if text is not None:
        element.text = text
    return element

