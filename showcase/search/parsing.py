"""From what a visitor typed to a Whoosh query: the syntax a visitor may use, and its limits.

A visitor may quote phrases, group with parentheses and write AND, OR and NOT. Nothing else of
Whoosh's query language is understood: ranges (``[a TO z]``, ``{a TO}``, ``>a``), wildcards,
fields (``name:x``), ``*:*``, boosts (``^2``) and fuzzy marks (``~``) took seconds on a large
catalog, so their characters are searched as what they are (usually nothing). What is parsed
is bounded: ``MAX_QUERY_CHARS`` characters, ``MAX_QUERY_WORDS`` words (operators and phrase
words count) and parentheses ``MAX_GROUP_DEPTH`` deep, so no query can be slow or recurse deep.

When a query finds nothing it is broadened (:func:`broaden`): whole words of every spaced
script match as prefixes (Nepali अस्पताल finds अस्पतालमा), Latin and Cyrillic words also with
1-2 letter typos or two swapped neighbours, a one-character CJK word matches the bigrams it
begins and Korean particles are dropped from the query's nouns.
"""

import re

from whoosh import query as wq
from whoosh.qparser import MultifieldParser, plugins

from showcase.search.analysis import is_lone_ideograph, is_whole_word
from showcase.search.queries import ExpandedFuzzyTerm, ExpandedPrefix
from showcase.search.schema import FIELD_BOOSTS, LOCAL_BOOST

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 16
MAX_GROUP_DEPTH = 2
# Whoosh's default plugins a visitor's query does without (apostrophes belong to Uzbek words).
_REMOVED_PLUGINS = (plugins.SingleQuotePlugin, plugins.FieldsPlugin, plugins.WildcardPlugin,
                    plugins.RangePlugin, plugins.BoostPlugin, plugins.EveryPlugin,
                    plugins.OperatorsPlugin)
_SPACES = re.compile(r"\s+")
# Malay, Indonesian and Filipino plurals repeat the word (dron-dron, rumah-rumah): the word.
REDUPLICATED = re.compile(r"(?<![\w-])(\w+)-\1(?![\w-])")
# Words in these scripts can also be matched by edit distance (and corrected by "did you mean").
ALPHABETIC = re.compile(r"^[a-z\u00c0-\u024f\u0400-\u04ff']+$")
# Korean particles a visitor may leave on a noun (정수기를, 온실에서). The index holds bigrams, so
# 드론 finds 드론을, but the query's last bigram (기를) is in no text: when nothing is found, the
# particle is dropped from words of three or more syllables.
PARTICLE = re.compile(r"(?<=[가-힣]{2})(?:에서|에게|으로|까지|부터|처럼|"
                      r"을|를|은|는|이|가|의|에|로|와|과|도|만)(?![가-힣])")


def parser(schema, languages: tuple[str, ...]) -> MultifieldParser:
    """The parser of a visitor's query over the text fields, the first language's name
    boosted."""
    boosts = dict(FIELD_BOOSTS)
    boosts[f"name_{languages[0]}"] = LOCAL_BOOST
    parsing = MultifieldParser(list(boosts), schema, fieldboosts=boosts)
    for plugin in _REMOVED_PLUGINS:
        parsing.remove_plugin_class(plugin)
    # AND, OR and NOT only (ANDNOT, ANDMAYBE and REQUIRE are not for visitors).
    parsing.add_plugin(plugins.OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None))
    return parsing


def bounded(text: str) -> str:
    """``text`` within the limits: its first words, parentheses no deeper than allowed (a
    deeper or unmatched one becomes a space); a reduplicated word once."""
    text = _SPACES.sub(" ", text[:MAX_QUERY_CHARS]).strip()
    text = REDUPLICATED.sub(r"\1", text)
    text = " ".join(text.split(" ")[:MAX_QUERY_WORDS])
    kept, depth, dropped = [], 0, []  # dropped: whether each open "(" was dropped
    for char in text:
        if char == "(":
            dropped.append(depth >= MAX_GROUP_DEPTH)
            depth += not dropped[-1]
            kept.append(" " if dropped[-1] else char)
        elif char == ")":
            if dropped and not dropped.pop():
                depth -= 1
                kept.append(char)
            else:
                kept.append(" ")
        else:
            kept.append(char)
    return "".join(kept)


def parse(schema, languages: tuple[str, ...], text: str):
    """The query for ``text`` (already :func:`bounded`)."""
    try:
        return parser(schema, languages).parse(text)
    except IndexError:
        # Whoosh's parser fails on some runs of operators (NOT NOT NOT): they are then
        # searched as the words they are (operators are upper case only).
        return parser(schema, languages).parse(text.lower())


def without_particles(text: str) -> str:
    """``text`` with Korean particles dropped from its nouns."""
    return PARTICLE.sub("", text)


def broaden(query):
    """Let words match as prefixes, and Latin/Cyrillic ones with a typo or two."""
    if not (isinstance(query, wq.Term) and isinstance(query.text, str)):
        return query.apply(broaden) if query.is_leaf() is False else query
    word, field = query.text, query.fieldname
    if is_lone_ideograph(word):
        # A one-character Chinese/Japanese/Korean word (氢, 鉛, 불): the bigrams it begins.
        return wq.Or([query, ExpandedPrefix(field, word, boost=0.5)])
    if not is_whole_word(word):
        return query  # a bigram of an unspaced script: already matches inside words
    options = [query]
    if len(word) >= 4:
        # Suffixes and postpositions attach to words in many scripts (Russian and Mongolian
        # case endings, Bengali -এর, Nepali -मा, Sinhala -වল): a stem finds its forms.
        options.append(ExpandedPrefix(field, word, boost=0.8))
    if len(word) >= 5 and ALPHABETIC.match(word):
        distance = 1 if len(word) < 8 else 2
        options.append(ExpandedFuzzyTerm(field, word, boost=0.5, maxdist=distance, prefixlength=1))
        if distance == 1:
            # Whoosh's edit distance has no transpositions: a swap would cost 2 edits.
            options.extend(wq.Term(field, swapped, boost=0.5) for swapped in _transpositions(word))
    return wq.Or(options) if len(options) > 1 else query


def _transpositions(word: str) -> list[str]:
    """``word`` with each pair of neighbouring letters swapped ("haeroum" -> "haeorum", ...)."""
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    swaps.discard(word)
    return sorted(swaps)
