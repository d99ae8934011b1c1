"""The search schema: one document per published product."""

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from showcase.search.tokens import CachedAnalyzer

# Field weights: a match in a name counts most; a name in the visitor's own language gets a
# further boost at query time through its ``name_<language>`` field.
FIELD_BOOSTS = {"names": 4.0, "company": 2.0, "category_text": 1.5, "body": 1.0}
LOCAL_BOOST = 2.0
FACET_FIELDS = ("category", "designation", "certification", "hall", "language")


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
        expired=BOOLEAN(),
        published=DATETIME(sortable=True),
        sort_name=ID(sortable=True),
    )
    # The name in one language, searched with a boost in the visitor's language.
    schema.add("name_*", _text(), glob=True)
    # Name, summary, description and keywords in one language, stored (not indexed) for
    # snippets: indexing them again would double the index for no better answers.
    schema.add("local_*", STORED(), glob=True)
    return schema


def analyses_as_built(schema: Schema) -> bool:
    """Whether an index with ``schema`` analyses text as :func:`build_schema` does (an index
    built before trigrams were indexed does not: ``showcase check-index`` rebuilds it)."""
    current = build_schema()
    return all(name in schema and schema[name].analyzer == field.analyzer
               for name, field in current.items() if isinstance(field, TEXT))
