"""The exhibition venue: halls, their floor plans and the booths on them, read from data/venue.

``halls.json`` names each hall and its plan. A booth is a rect with the id ``booth-A-12`` on its
hall's plan, and its place is the rect's centre, so moving a booth means editing one drawing.
The files are read once per process: data/ holds data, never runtime state.
"""

import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

VENUE_DIR = Path(__file__).resolve().parent.parent / "data" / "venue"
SVG_NS = "http://www.w3.org/2000/svg"
BOOTH_ID = re.compile(r"^booth-([A-Z])-([0-9]{1,3})$")
# A plan is drawn by us, but it is inlined into every map page: anything beyond shapes and
# labels (scripts, styles, links, event handlers, foreign markup) is dropped when it is read.
ALLOWED_TAGS = {"svg", "g", "rect", "text", "path", "line", "circle", "polygon", "polyline"}
ALLOWED_ATTRIBUTES = {"id", "class", "x", "y", "width", "height", "rx", "ry", "d", "points",
                      "cx", "cy", "r", "x1", "y1", "x2", "y2", "viewBox", "text-anchor",
                      "data-label"}

# Texts drawn on every plan, by their data-label: shown in the visitor's language.
LABELS = {"entrance": _l("Entrance")}
# A plan is serialized once; what changes per page (the accessible name, each booth's state,
# translated labels) is left as {{kind:key}} and filled in when it is drawn.
PLACEHOLDER = re.compile(r"\{\{(title|booth|label):([^}]*)\}\}")


@dataclass(frozen=True)
class Booth:
    """One booth: its code (``A-12``), hall letter and the centre of its rect on the plan."""

    code: str
    hall: str
    x: float
    y: float

    @property
    def number(self) -> int:
        """The booth's number within its hall (12 for ``A-12``)."""
        return int(self.code.split("-")[1])


@dataclass(frozen=True)
class Hall:
    """An exhibition hall: its letter, English name (shown translated), plan (serialized,
    with placeholders) and booths."""

    letter: str
    name: str
    plan: str = field(repr=False)
    booths: dict[str, Booth] = field(repr=False)

    @property
    def label(self) -> str:
        """The hall's name in the visitor's language."""
        return gettext(self.name)


@dataclass(frozen=True)
class Venue:
    """Every hall by letter."""

    halls: dict[str, Hall]

    def booth(self, code: str) -> Booth | None:
        """The booth with ``code`` (``A-12``), or None when no plan draws it."""
        hall = self.halls.get(code.split("-")[0]) if code else None
        return hall.booths.get(code) if hall else None


def _tag(element: ET.Element) -> str:
    """The element's name without the SVG namespace; "" for foreign elements."""
    prefix = "{" + SVG_NS + "}"
    return element.tag[len(prefix):] if element.tag.startswith(prefix) else ""


def sanitized(element: ET.Element) -> ET.Element:
    """``element`` with every tag and attribute outside the allowed sets removed, in place."""
    for name in [name for name in element.attrib if name not in ALLOWED_ATTRIBUTES]:
        del element.attrib[name]
    for child in list(element):
        if _tag(child) in ALLOWED_TAGS:
            sanitized(child)
        else:
            element.remove(child)
    return element


def _booths_on(plan: ET.Element, letter: str) -> dict[str, Booth]:
    """Booths drawn on ``plan`` for hall ``letter``, by code, from their rects' centres."""
    booths = {}
    for rect in plan.iter(f"{{{SVG_NS}}}rect"):
        match = BOOTH_ID.match(rect.get("id", ""))
        if not match or match.group(1) != letter:
            continue
        code = f"{match.group(1)}-{int(match.group(2))}"
        x = float(rect.get("x", 0)) + float(rect.get("width", 0)) / 2
        y = float(rect.get("y", 0)) + float(rect.get("height", 0)) / 2
        booths[code] = Booth(code, letter, x, y)
    return booths


def load_venue(directory: Path = VENUE_DIR) -> Venue:
    """Read the halls file and every hall's plan from ``directory``."""
    described = json.loads((directory / "halls.json").read_text(encoding="utf-8"))
    halls = {}
    for entry in described["halls"]:
        letter = entry["letter"]
        plan = sanitized(ET.parse(directory / entry["plan"]).getroot())
        booths = _booths_on(plan, letter)
        halls[letter] = Hall(letter, entry["name"], _plan_template(plan), booths)
    return Venue(halls)


@cache
def venue() -> Venue:
    """The venue described in data/venue, read on first use."""
    return load_venue()


def nearest_booths(booth: Booth) -> list[Booth]:
    """The other booths of ``booth``'s hall, nearest first (ties by booth number)."""
    others = [other for other in venue().halls[booth.hall].booths.values() if other != booth]
    return sorted(others, key=lambda other: (math.dist((booth.x, booth.y), (other.x, other.y)),
                                             other.number))


def _plan_template(plan: ET.Element) -> str:
    """``plan`` serialized, with placeholders for its accessible name, every booth group's
    class and the labels to translate. ElementTree escapes every text and attribute it writes."""
    plan.set("role", "img")
    plan.set("aria-label", "{{title:}}")
    for element in plan.iter():
        if element.get("data-label") in LABELS:
            element.text = "{{label:" + element.attrib.pop("data-label") + "}}"
        if element.get("class") == "booth" and _booth_code(element):
            element.set("class", "{{booth:" + _booth_code(element) + "}}")
    # Plain tag names and one xmlns attribute, not ET.register_namespace: that prefix registry
    # is global, and another registration of the default prefix would print "ns0:" tags.
    for element in plan.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    plan.set("xmlns", SVG_NS)
    return ET.tostring(plan, encoding="unicode")


def plan_markup(hall: Hall, title: str, highlighted: str = "",
                occupied: frozenset[str] = frozenset()) -> Markup:
    """The hall's plan as inline SVG: booths with exhibitors marked, booth ``highlighted``
    set apart, labels translated and ``title`` as the image's accessible name."""

    def fill(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "title":
            return escape(title)
        if kind == "label":
            return escape(str(LABELS[key]))
        classes = ["booth", "is-occupied" if key in occupied else "",
                   "is-highlighted" if key == highlighted else ""]
        return " ".join(name for name in classes if name)

    return Markup(PLACEHOLDER.sub(fill, hall.plan))


def _booth_code(group: ET.Element) -> str:
    """The code of the booth whose rect is inside ``group`` ("" when there is none)."""
    rect = group.find(f"{{{SVG_NS}}}rect")
    match = BOOTH_ID.match(rect.get("id", "")) if rect is not None else None
    return f"{match.group(1)}-{int(match.group(2))}" if match else ""


def extract_hall_names(fileobj, keywords, comment_tags, options):
    """Babel extractor for halls.json (see translations/babel.cfg): each hall's name is a
    message of the public catalog; a catalog extracted without ``_`` (the portal's) gets none."""
    if "_" not in keywords:
        return
    text = fileobj.read().decode("utf-8")
    for entry in json.loads(text)["halls"]:
        line = text[: text.find(json.dumps(entry["name"]))].count("\n") + 1
        yield line, "_", entry["name"], ["Translators: name of an exhibition hall"]
