"""Reading the guide's content files: ``content/<locale slug>.toml`` for the pages and
``sources.toml`` for the public sources they rest on.

A content file holds the guide's title and summary and a list of pages, each with a slug,
title, summary and sections of a heading and paragraphs. Every locale has the same pages and
sections in the same order (a test holds them to the English file). Text is plain: the
template escapes it, so a file can never put markup into a page.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from showcase.i18n import DEFAULT_LOCALE, InterfaceLocale

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SOURCES_FILE = Path(__file__).resolve().parent / "sources.toml"
# The overview first, then one page per designation type (its code is the slug).
PAGE_SLUGS = ("how-it-works", "innovative-prototype", "excellent-rnd", "excellent-procurement",
              "other-innovative")


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class GuidePage:
    """One page of the guide."""

    slug: str
    title: str
    summary: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Guide:
    """The guide in one language: its title, summary and pages in reading order."""

    language: str
    title: str
    summary: str
    pages: tuple[GuidePage, ...]

    def page(self, slug: str) -> GuidePage | None:
        """The page with ``slug``, if the guide has one."""
        return next((page for page in self.pages if page.slug == slug), None)


@dataclass(frozen=True)
class Source:
    """A public source the guide's facts come from."""

    title: str
    publisher: str
    url: str


def content_file(locale: InterfaceLocale) -> Path:
    """Where the guide of ``locale`` is written."""
    return CONTENT_DIR / f"{locale.slug}.toml"


@cache
def _read(path: Path, language: str) -> Guide:
    with path.open("rb") as file:
        data = tomllib.load(file)
    pages = tuple(
        GuidePage(page["slug"], page["title"], page["summary"], tuple(
            Section(section["heading"], tuple(section["paragraphs"]))
            for section in page["sections"]))
        for page in data["pages"])
    return Guide(language, data["title"], data["summary"], pages)


def guide_for(locale: InterfaceLocale) -> Guide:
    """The guide in ``locale``'s language, or in English when it has no file of its own."""
    path = content_file(locale)
    if path.exists():
        return _read(path, locale.html_lang)
    return _read(content_file(DEFAULT_LOCALE), DEFAULT_LOCALE.html_lang)


@cache
def sources() -> tuple[Source, ...]:
    """The public sources the guide cites, in the order the README lists them."""
    with SOURCES_FILE.open("rb") as file:
        return tuple(Source(**entry) for entry in tomllib.load(file)["sources"])
