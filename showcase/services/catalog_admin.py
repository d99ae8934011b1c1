"""Staff curation of the catalog: featured products and their order on the home page,
categories, the explanations of the designation types, and whether a listing stays visible
once its designation expired.

Every change is audited; nothing here commits (one commit per request).
"""

from sqlalchemy import func, select

from showcase import rules
from showcase.extensions import db
from showcase.i18n import LOCALES
from showcase.i18n import portal_lazy_gettext as _lp
from showcase.i18n import portal_ngettext as _np
from showcase.models import DESIGNATION_TYPES, Category, Product, ProductStatus, Setting
from showcase.queries.catalog import EXPLANATION_KEY
from showcase.queries.catalog_admin import featured_order
from showcase.services import audit

# Categories and explanations are named in every interface language, under its
# content-language code (``zh`` for 简体中文), as product texts are.
NAME_LANGUAGES = tuple(dict.fromkeys(locale.content_language for locale in LOCALES))
REQUIRED_ONE_OF = ("en", "ko")
MOVES = {"up": -1, "down": 1}


class CatalogError(ValueError):
    """A catalog change refused; ``message`` says why, ``problems`` lists ``(field, message)``
    for a form (fields ``code`` and ``names.<language>``)."""

    def __init__(self, message, problems: list[tuple[str, object]] | None = None):
        super().__init__(str(message))
        self.message = message
        self.problems = problems or []


# Featured products

def _refs(products: list[Product]) -> list[str]:
    return [product.ref for product in products]


def _renumber(ordered: list[Product]) -> None:
    """Positions 1, 2, 3... in the order given (a gap or a tie left by an import goes)."""
    for position, product in enumerate(ordered, start=1):
        product.featured_position = position


def set_featured(product: Product, featured: bool, actor) -> Product:
    """Feature a published product (it goes last on the home page) or stop featuring it."""
    if featured and product.status != ProductStatus.PUBLISHED:
        raise CatalogError(_lp("Only a published product can be featured."))
    ordered = featured_order()
    before = {"featured": product.featured, "order": _refs(ordered)}
    if featured and product not in ordered:
        ordered.append(product)
    elif not featured:
        ordered = [other for other in ordered if other is not product]
        product.featured_position = None
    product.featured = featured
    _renumber(ordered)
    audit.record("catalog.feature", product, actor, before=before,
                 after={"featured": featured, "order": _refs(ordered)})
    return product


def move_featured(product: Product, direction: str, actor) -> Product:
    """Move a featured product one place ``up`` (earlier) or ``down`` on the home page; at
    either end it stays where it is."""
    ordered = featured_order()
    if direction not in MOVES or product not in ordered:
        raise CatalogError(_lp("This product is not featured."))
    before = _refs(ordered)
    place = ordered.index(product)
    target = place + MOVES[direction]
    if 0 <= target < len(ordered):
        ordered[place], ordered[target] = ordered[target], ordered[place]
    _renumber(ordered)
    audit.record("catalog.featured_order", product, actor, before={"order": before},
                 after={"order": _refs(ordered)}, direction=direction)
    return product


def order_featured(refs: list[str], actor) -> list[Product]:
    """Put the featured products named by ``refs`` first, in that order; featured products
    not named follow in their present order."""
    ordered = featured_order()
    by_ref = {product.ref: product for product in ordered}
    unknown = [ref for ref in refs if ref not in by_ref]
    if unknown or len(set(refs)) != len(refs):
        raise CatalogError(_lp("Only featured products can be ordered, each once."))
    before = _refs(ordered)
    named = [by_ref[ref] for ref in refs]
    ordered = named + [product for product in ordered if product.ref not in set(refs)]
    _renumber(ordered)
    if ordered:
        audit.record("catalog.featured_order", ordered[0], actor, before={"order": before},
                     after={"order": _refs(ordered)})
    return ordered


def set_visible_when_expired(product: Product, visible: bool, actor) -> Product:
    """Decide whether ``product`` stays on the public site once its designation expired."""
    before = {"visible_when_expired": product.visible_when_expired}
    product.visible_when_expired = visible
    audit.record("catalog.visible_when_expired", product, actor, before=before,
                 after={"visible_when_expired": visible})
    return product


def set_concept_hidden(product: Product, concept_id: str, hidden: bool, actor) -> Product:
    """Hide a thesaurus concept from ``product``'s tags, or show it again."""
    before = {"hidden_concepts": list(product.hidden_concepts or [])}
    kept = [known for known in before["hidden_concepts"] if known != concept_id]
    product.hidden_concepts = [*kept, concept_id] if hidden else kept
    audit.record("catalog.hidden_concepts", product, actor, before=before,
                 after={"hidden_concepts": product.hidden_concepts})
    return product


# Categories

def _clean_names(names: dict) -> tuple[dict, list[tuple[str, object]]]:
    """``names`` trimmed, without empty ones, and the problems with them."""
    cleaned, problems = {}, []
    for language, name in names.items():
        if language not in NAME_LANGUAGES:
            problems.append((f"names.{language}", _lp("This language is not offered.")))
            continue
        name = (name or "").strip()
        message = rules.LOCALIZED_NAME.check(name)
        if message is not None:
            problems.append((f"names.{language}", message))
        elif name:
            cleaned[language] = name
    if not any(cleaned.get(language) for language in REQUIRED_ONE_OF):
        problems.append(("names.en", _lp("Give the category a name in English or Korean.")))
    return cleaned, problems


def save_category(code: str, names: dict, actor, expect_new: bool = False) -> Category:
    """Create the category ``code`` or rename it; ``names`` are ``{language: name}`` in the
    interface languages, English or Korean at least. The code never changes once created.
    ``expect_new`` refuses a code already in use instead of renaming that category."""
    code = (code or "").strip()
    problems = []
    message = rules.CATEGORY_CODE_RULE.check(code)
    if message is not None:
        problems.append(("code", message))
    cleaned, name_problems = _clean_names(names)
    problems += name_problems
    existing = None if message else db.session.scalar(
        select(Category).where(Category.code == code))
    if existing is not None and expect_new:
        problems.append(("code", _lp("A category with this code exists already.")))
    if problems:
        raise CatalogError(_lp("Some fields need attention."), problems)
    if existing is None:
        category = Category(code=code, names=cleaned)
        db.session.add(category)
        audit.record("category.create", category, actor, after={"code": code, "names": cleaned})
        return category
    before = dict(existing.names or {})
    existing.names = cleaned
    audit.record("category.rename", existing, actor, before={"names": before},
                 after={"names": cleaned})
    return existing


def products_using(category: Category) -> int:
    """How many products (in any state) are in ``category``."""
    return db.session.scalar(select(func.count(Product.id))
                             .where(Product.category_id == category.id))


def delete_category(category: Category, actor) -> None:
    """Delete a category no product uses; refused (with how many use it) otherwise."""
    used = products_using(category)
    if used:
        raise CatalogError(_np(
            "%(num)s product is in this category: move it to another category first.",
            "%(num)s products are in this category: move them to another category first.",
            used))
    audit.record("category.delete", category, actor,
                 before={"code": category.code, "names": dict(category.names or {})})
    db.session.delete(category)
    db.session.flush()


# Designation types

def designation_explanations(code: str) -> dict:
    """The staff-written explanations of designation type ``code``, ``{language: text}``."""
    setting = db.session.get(Setting, EXPLANATION_KEY.format(code=code))
    return dict(setting.value) if setting is not None and setting.value else {}


def set_designation_explanation(code: str, texts_by_language: dict, actor) -> dict:
    """Store the staff's explanation of designation type ``code`` per language; an empty text
    gives that language back the built-in explanation."""
    if code not in DESIGNATION_TYPES:
        raise CatalogError(_lp("There is no such designation type."))
    cleaned, problems = {}, []
    for language, text in texts_by_language.items():
        text = (text or "").strip()
        message = (_lp("This language is not offered.") if language not in NAME_LANGUAGES
                   else rules.SUMMARY.check(text))
        if message is not None:
            problems.append((f"texts.{language}", message))
        elif text:
            cleaned[language] = text
    if problems:
        raise CatalogError(_lp("Some fields need attention."), problems)
    key = EXPLANATION_KEY.format(code=code)
    setting = db.session.get(Setting, key)
    before = dict(setting.value or {}) if setting is not None else {}
    if setting is None:
        setting = Setting(key=key)
        db.session.add(setting)
    setting.value = cleaned
    db.session.flush()
    audit.record("designation_type.explain", _SettingSubject(), actor, before=before,
                 after=cleaned, code=code, key=key)
    return cleaned


class _SettingSubject:
    """A setting as the subject of an audit event: settings have a key (in the event's
    details), not an id."""

    __tablename__ = "setting"
    id = None
