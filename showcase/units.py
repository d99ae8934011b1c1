"""Price units: the codes of import files and the portal (EA, SET, SYSTEM...) spelled out in
the visitor's language.

Each unit is a whole phrase with the price in it, because word order and counting words differ
between languages ("₩1,000 per set", "ชุดละ ₩1,000"). A unit the table does not know is
shown as the company wrote it.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# Unit code -> the price per one of it.
PRICE_PER_UNIT = {
    "EA": _l("%(price)s per unit"),
    "PIECE": _l("%(price)s per piece"),
    "SET": _l("%(price)s per set"),
    "SYSTEM": _l("%(price)s per system"),
    "LICENSE": _l("%(price)s per licence"),
    "USER": _l("%(price)s per user"),
    "KG": _l("%(price)s per kilogram"),
    "TON": _l("%(price)s per tonne"),
    "M": _l("%(price)s per metre"),
    "M2": _l("%(price)s per square metre"),
    "M3": _l("%(price)s per cubic metre"),
    "L": _l("%(price)s per litre"),
    "BOX": _l("%(price)s per box"),
    "PACK": _l("%(price)s per pack"),
    "PAIR": _l("%(price)s per pair"),
    "ROLL": _l("%(price)s per roll"),
    "LOT": _l("%(price)s per lot"),
    "HOUR": _l("%(price)s per hour"),
    "DAY": _l("%(price)s per day"),
    "MONTH": _l("%(price)s per month"),
    "YEAR": _l("%(price)s per year"),
}
# Other ways the same units are written (upper-cased): the portal takes any text.
ALIASES = {
    "EACH": "EA", "UNIT": "EA", "UNITS": "EA", "PC": "PIECE", "PCS": "PIECE",
    "PIECES": "PIECE", "SETS": "SET", "SYSTEMS": "SYSTEM", "LICENCE": "LICENSE",
    "LICENSES": "LICENSE", "LICENCES": "LICENSE", "USERS": "USER", "KILOGRAM": "KG",
    "T": "TON", "TONNE": "TON", "METER": "M", "METRE": "M", "㎡": "M2", "M²": "M2",
    "㎥": "M3", "M³": "M3", "LITER": "L", "LITRE": "L",
}


def unit_code(unit: str | None) -> str | None:
    """The table's code for ``unit`` as written (any case, plural or alias); None if unknown."""
    written = (unit or "").strip().upper()
    code = ALIASES.get(written, written)
    return code if code in PRICE_PER_UNIT else None


def price_per_unit(price: str, unit: str | None) -> str:
    """``price`` (already formatted) per ``unit``, in the visitor's language; the price alone
    when there is no unit."""
    if not (unit or "").strip():
        return price
    code = unit_code(unit)
    if code is None:
        return _("%(price)s per %(unit)s", price=price, unit=unit.strip())
    return str(PRICE_PER_UNIT[code]) % {"price": price}
