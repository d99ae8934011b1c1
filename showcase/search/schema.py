"""The search schema: one document per published product, and the version it is built at.

Changing a field (adding, removing, retyping one, or changing what a field holds) bumps
``SCHEMA_VERSION``: ``showcase check-index`` then reports the index outdated and rebuilds it.
The version is stored with the index (an attribute of the schema Whoosh pickles into it); the
fields of an index are also compared with :func:`build_schema`, in case a change forgot it.
"""

from whoosh.fields import (
    BOOLEAN,
    DATETIME,
    ID,
    KEYWORD,
    NUMERIC,
    STORED,
    TEXT,
    FieldType,
    Schema,
)

from showcase import thesaurus
from showcase.search.tokens import CachedAnalyzer

# Field weights: a match in a name counts most; a name in the visitor's own language gets a
# further boost at query time through its ``name_<language>`` field.
FIELD_BOOSTS = {"names": 4.0, "company": 2.0, "category_text": 1.5, "body": 1.0}
LOCAL_BOOST = 2.0
FACET_FIELDS = ("category", "designation", "certification", "hall", "language")
# 2: the designation's end (valid_until) instead of an expired flag frozen at indexing time,
# and a sort key per language (sort_name_<language>). 3: hidden_when_expired. 4: Latin and
# Cyrillic words also indexed by their stems (stemming.py), category names in every language.
# 5: the thesaurus concepts the texts name (concepts_names, concepts_body; tagging.py).
SCHEMA_VERSION = 5
# What a concept named in a product's names or category weighs, and named elsewhere: below a
# word as typed (FIELD_BOOSTS), so a product in the visitor's own words ranks first.
CONCEPT_BOOSTS = {"concepts_names": 0.6, "concepts_body": 0.2}
GLOBS = ("name_*", "local_*", "sort_name_*")


def _text() -> TEXT:
    # The multilingual analyzer (analysis.py), memoized per word (see tokens.py), indexing
    # bigrams and trigrams of unspaced scripts.
    return TEXT(analyzer=CachedAnalyzer(longest_gram=3), phrase=True,
                multitoken_query="phrase")


def build_schema() -> Schema:
    """The schema of the product index."""
    schema = Schema(
        product_id=ID(stored=True, unique=True),
        ref=ID(stored=True),
        digest=STORED(),
        names=_text(),
        company=_text(),
        category_text=_text(),
        body=_text(),
        category=ID(stored=True),
        designation=ID(stored=True),
        certification=KEYWORD(commas=True, lowercase=False),
        hall=ID(),
        language=KEYWORD(commas=True, stored=True),
        # YYYYMMDD of the designation's last valid day; none: it never expires. Whether it
        # has expired is decided at query time from today's date.
        valid_until=NUMERIC(int, bits=32),
        # True for a listing staff hide once its designation expired; the search leaves it
        # out from the day after valid_until, decided at query time as expiry is.
        hidden_when_expired=BOOLEAN(),
        published=DATETIME(sortable=True),
        sort_name=ID(sortable=True),
        # Ids of the thesaurus concepts named in the names and category names, and in the
        # other texts: a query's concept matches them in one lookup (expansion.py).
        concepts_names=KEYWORD(scorable=True),
        concepts_body=KEYWORD(scorable=True),
    )
    schema.version = SCHEMA_VERSION
    # Which thesaurus tagged the documents (``showcase check-index`` re-tags them after a
    # change).
    schema.thesaurus = thesaurus.digest()
    # The name in one language, folded, to sort by the visitor's languages.
    schema.add("sort_name_*", ID(sortable=True), glob=True)
    # The name in one language, searched with a boost in the visitor's language.
    schema.add("name_*", _text(), glob=True)
    # Name, summary, description and keywords in one language, stored (not indexed) for
    # snippets: indexing them again would double the index for no better answers.
    schema.add("local_*", STORED(), glob=True)
    return schema


def thesaurus_built_with(schema: Schema) -> str:
    """The digest of the thesaurus an index with ``schema`` was built with ("" before
    indexes recorded it)."""
    return getattr(schema, "thesaurus", "")


def analyses_as_built(schema: Schema) -> bool:
    """Whether an index with ``schema`` is built as :func:`build_schema` builds one: the same
    schema version, the same fields of the same kinds, analysing text the same way (an index
    built before trigrams were indexed does not). ``showcase check-index`` rebuilds one that
    is not."""
    current = build_schema()
    return (getattr(schema, "version", 1) == current.version
            and _signature(schema) == _signature(current))


def _signature(schema: Schema) -> dict:
    """What makes two schemas index alike: each field's (or glob's) kind, options, analyzer."""
    fields = dict(schema.items())
    # A glob's field, by a name only it matches.
    fields.update((glob, schema[glob.replace("*", "zz")]) for glob in GLOBS
                  if glob.replace("*", "zz") in schema)
    return {name: _field_signature(field) for name, field in fields.items()}


def _field_signature(field: FieldType) -> tuple:
    column = getattr(field, "column_type", None)
    return (type(field).__name__, field.stored, field.unique, field.scorable,
            type(column).__name__ if column is not None else None,
            type(field.format).__name__ if field.format is not None else None,
            getattr(field, "analyzer", None), getattr(field, "multitoken_query", None),
            getattr(field, "numtype", None), getattr(field, "bits", None))
