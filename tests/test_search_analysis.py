"""Tests for showcase.search.analysis: real analyzer output for each script we support."""

import importlib
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pytest
from whoosh import fields
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser
from whoosh.query import Phrase

# Make the project root importable without a conftest or an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
analysis = importlib.import_module("showcase.search.analysis")
normalisation = importlib.import_module("showcase.search.normalisation")
scripts = importlib.import_module("showcase.search.scripts")
fold = analysis.fold
index_analyzer = analysis.index_analyzer
query_analyzer = analysis.query_analyzer
tokenize_words = analysis.tokenize_words


def query_words(text):
    return [t.text for t in query_analyzer()(text)]


def assert_found(query, document):
    """Every query token of ``query`` is among the index tokens of ``document``."""
    indexed = set(tokenize_words(document))
    wanted = query_words(query)
    assert wanted, f"no query tokens for {query!r}"
    missing = [w for w in wanted if w not in indexed]
    assert not missing, f"{missing} of {query!r} not indexed for {document!r}: {sorted(indexed)}"


def starts_with_mark(token):
    return unicodedata.category(token[0]).startswith("M")


# Korean, Chinese, Japanese: overlapping character bigrams.


def test_korean_bigrams_find_noun_with_particle():
    tokens = tokenize_words("혁신제품을 소개합니다")
    assert tokens == ["혁신", "신제", "제품", "품을", "소개", "개합", "합니", "니다"]
    assert_found("혁신제품", "혁신제품을 소개합니다")
    assert "드론" in tokenize_words("드론을")


def test_single_hangul_syllable_is_a_unigram():
    assert tokenize_words("차") == ["차"]


def test_decomposed_korean_is_composed_and_offsets_hold():
    original = unicodedata.normalize("NFD", "드론을")
    tokens = [t.copy() for t in index_analyzer()(original, chars=True, mode="index")]
    assert [t.text for t in tokens] == ["드론", "론을"]
    assert unicodedata.normalize("NFC", original[tokens[0].startchar : tokens[0].endchar]) == "드론"


def test_chinese_word_inside_unspaced_sentence():
    assert_found("无人机", "高性能无人机系统")


def test_japanese_katakana_word_inside_sentence():
    sentence = "最新のドローンを発売します"
    assert_found("ドローン", sentence)
    assert {"ドロ", "ロー", "ーン"} <= set(tokenize_words(sentence))


# Thai, Lao, Khmer, Burmese: bigrams of grapheme clusters.


def test_thai_words_inside_unspaced_sentence():
    sentence = "โทรศัพท์มือถือราคาถูก"
    assert_found("มือถือ", sentence)
    assert_found("ราคา", sentence)
    assert_found("โทรศัพท์", sentence)
    assert not [t for t in tokenize_words(sentence) if starts_with_mark(t)]


def test_khmer_word_inside_unspaced_sentence():
    sentence = "ទូរស័ព្ទដៃតម្លៃថោក"
    assert_found("ទូរស័ព្ទ", sentence)
    assert_found("តម្លៃ", sentence)
    tokens = tokenize_words(sentence)
    assert not [t for t in tokens if starts_with_mark(t) or t.endswith("\u17d2")]


def test_khmer_coeng_keeps_subscript_consonant_in_cluster():
    # ខ្មែ is one cluster (ខ + coeng + ម + vowel sign), so the word is a single bigram.
    assert tokenize_words("ខ្មែរ") == ["ខ្មែរ"]


def test_lao_word_inside_unspaced_sentence():
    sentence = "ໂທລະສັບມືຖືລາຄາຖືກ"
    assert_found("ໂທລະສັບ", sentence)
    assert_found("ລາຄາ", sentence)
    assert not [t for t in tokenize_words(sentence) if starts_with_mark(t)]


def test_burmese_produces_tokens_and_finds_word():
    sentence = "မိုဘိုင်းဖုန်းဈေးပေါ"
    tokens = tokenize_words(sentence)
    assert tokens
    assert not [t for t in tokens if starts_with_mark(t)]
    assert_found("ဖုန်း", sentence)
    assert_found("မြန်မာ", "မြန်မာနိုင်ငံ")


def test_burmese_virama_stacks_next_consonant():
    # မန္တလေး (Mandalay): န + virama + တ is one cluster.
    assert tokenize_words("မန္တလေး") == ["မန္တ", "န္တလေး"]


# Whole-word scripts: marks intact.


@pytest.mark.parametrize(
    "word",
    [
        "ধন্যবাদ",  # Bengali
        "স্মার্টফোন",  # Bengali, with conjuncts
        "नेपाल",  # Nepali
        "प्रविधि",  # Nepali
        "ලංකාව",  # Sinhala
        "සිංහල",  # Sinhala
        "اردو",  # Urdu
        "ٹیکنالوجی",  # Urdu
        "தமிழ்",  # Tamil
    ],
)
def test_word_keeps_vowel_signs(word):
    assert tokenize_words(word) == [word]
    assert query_words(word) == [word]
    assert fold(word) == word


def test_zero_width_joiner_does_not_split_or_block_matching():
    assert tokenize_words("ශ්\u200dරී ලංකා") == tokenize_words("ශ්රී ලංකා") == ["ශ්රී", "ලංකා"]


# Latin and Cyrillic folding.


def test_vietnamese_with_and_without_accents():
    document = "Công nghệ thông minh"
    assert tokenize_words(document) == [
        "công",
        "cong",
        "nghệ",
        "nghe",
        "thông",
        "thong",
        "minh",
    ]
    assert_found("cong nghe", document)
    assert_found("công nghệ", document)
    assert query_words("Công nghệ") == ["cong", "nghe"]


def test_vietnamese_d_with_stroke():
    assert query_words("Đà Nẵng") == ["da", "nang"]
    assert_found("da nang", "Đà Nẵng")


def test_uzbek_apostrophes_all_fold_to_one_token():
    variants = ["o'zbek", "o‘zbek", "oʻzbek", "o’zbek", "oʼzbek", "ozbek", "Oʻzbek"]
    assert {tuple(query_words(v)) for v in variants} == {("ozbek",)}
    assert tokenize_words("Oʻzbek tili") == ["o'zbek", "ozbek", "tili"]
    for variant in variants:
        assert_found(variant, "Oʻzbek tili")
    assert_found("o'zbekiston", "Oʻzbekiston Respublikasi")


def test_apostrophe_outside_latin_word_separates():
    assert tokenize_words("'quoted' word") == ["quoted", "word"]


def test_russian_yo_folds_but_short_i_is_kept():
    assert_found("елка", "Новогодняя ёлка")
    assert query_words("ёлка") == ["елк"]  # folded, then stemmed
    assert query_words("Йогурт") == ["йогурт"]


def test_fold():
    assert fold("Công Nghệ") == "cong nghe"
    assert fold("Oʻzbekiston") == "ozbekiston"
    assert fold("ЁЛКА") == "елка"
    assert fold("Straße") == "strasse"
    assert fold("โทรศัพท์") == "โทรศัพท์"


# Mixed scripts, digits, positions and offsets.


def test_mixed_script_is_split():
    assert tokenize_words("AI드론") == ["ai", "드론"]
    assert tokenize_words("드론AI") == ["드론", "ai"]


def test_digits_are_kept():
    assert tokenize_words("Galaxy S24 Ultra 5G") == ["galaxy", "s24", "ultra", "5g"]
    assert tokenize_words("드론 2대") == ["드론", "2", "대"]
    assert tokenize_words("ＡＢＣ１２３") == ["abc123"]


def test_punctuation_only_gives_no_tokens():
    assert tokenize_words("") == []
    assert tokenize_words(" -- !? ") == []


@pytest.mark.parametrize(
    "text",
    [
        "Công nghệ thông minh, giá rẻ!",
        "혁신제품을 소개합니다",
        "โทรศัพท์มือถือ ราคาถูก",
        "Oʻzbek AI드론",
    ],
)
def test_positions_are_consecutive_and_chars_slice_original(text):
    tokens = [t.copy() for t in index_analyzer()(text, positions=True, chars=True, mode="index")]
    positions = sorted({t.pos for t in tokens})
    assert positions == list(range(len(positions)))
    for t in tokens:
        source = text[t.startchar : t.endchar]
        assert t.text in (source.casefold(), fold(source), source.casefold().replace("ʻ", "'"))


@pytest.mark.parametrize("text", ["ทำงาน น้ำท่วม ก่ำ", "ລຳໄຍ", "Straße ทำ", "ﬁ ทำ ㎏", "ทำ้นำ"])
def test_split_am_vowels_normalise_as_nfkc_with_offsets_into_the_original(text):
    normalised, starts, ends = normalisation.normalise(text)
    assert normalised == unicodedata.normalize("NFKC", text).casefold()
    for i, character in enumerate(normalised):
        original = unicodedata.normalize("NFKC", text[starts[i]:ends[i]]).casefold()
        assert character in original, (i, character, original)
    # Each split vowel's two characters point at the character they came from (with the mark
    # a mistyped text puts after it, when there is one).
    for i, character in enumerate(text):
        if character in "\u0e33\u0eb3":
            assert starts.count(i) >= 2 and ends[starts.index(i)] >= i + 1


def test_latin_and_korean_offsets():
    text = "Công nghệ 드론을"
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in index_analyzer()(text, positions=True, chars=True, mode="index")
    ]
    assert tokens == [
        ("công", 0, 0, 4),
        ("cong", 0, 0, 4),
        ("nghệ", 1, 5, 9),
        ("nghe", 1, 5, 9),
        ("드론", 2, 10, 12),
        ("론을", 3, 11, 13),
    ]


def test_start_pos_and_start_char_are_honoured():
    analyzer = index_analyzer()
    tokens = [
        t.copy() for t in analyzer("드론", positions=True, chars=True, start_pos=5, start_char=7)
    ]
    assert (tokens[0].pos, tokens[0].startchar, tokens[0].endchar) == (5, 7, 9)


# Modes: one analyzer serves indexing and parsing.


def test_index_analyzer_follows_whoosh_mode():
    text = "Công nghệ oʻzbek ёлка 드론을"
    assert [t.text for t in index_analyzer()(text, mode="query")] == query_words(text)
    assert [t.text for t in query_analyzer()(text, mode="index")] == query_words(text)
    assert index_analyzer() == index_analyzer() != query_analyzer()


@contextmanager
def _searching(analyzer, bodies: dict[str, str]):
    """A Whoosh index of ``bodies`` (id -> text) in one field analysed by ``analyzer``: yields
    its query parser and ``ids(query text)``, the sorted ids a query finds."""
    schema = fields.Schema(
        id=fields.ID(stored=True),
        body=fields.TEXT(analyzer=analyzer, phrase=True, multitoken_query="phrase"),
    )
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for id_, body in bodies.items():
            writer.add_document(id=id_, body=body)
    parser = QueryParser("body", schema)
    with ix.searcher() as searcher:
        yield parser, lambda text: sorted(hit["id"] for hit in searcher.search(parser.parse(text)))


def test_whoosh_field_parses_and_finds():
    bodies = {"ko": "혁신제품을 소개합니다", "ko2": "혁신적인 신제품 소개",
              "vi": "Công nghệ thông minh", "th": "โทรศัพท์มือถือราคาถูก"}
    with _searching(index_analyzer(), bodies) as (parser, ids):
        query = parser.parse("혁신제품")
        assert isinstance(query, Phrase) and query.words == ["혁신", "신제", "제품"]
        assert ids("혁신제품") == ["ko"]  # ko2 holds the bigrams, but not adjacent
        assert ids("cong nghe") == ids("công nghệ") == ["vi"]
        assert ids("มือถือ") == ["th"]


# Trigrams: the product index holds them too, so a three-cluster query word is one term.


def test_trigrams_sit_at_the_position_of_the_bigram_they_begin():
    tokens = [(t.text, t.pos) for t in index_analyzer(3)("구급차를", positions=True)]
    assert tokens == [("구급", 0), ("구급차", 0), ("급차", 1), ("급차를", 1), ("차를", 2)]
    assert tokenize_words("구급차를", longest_gram=3)[::2] == tokenize_words("구급차를")


def test_a_query_covers_a_run_with_its_trigrams():
    def words(text):
        return [t.text for t in query_analyzer(3)(text)]

    assert words("구급차") == ["구급차"]
    assert words("인공지능") == ["인공지", "공지능"]
    assert words("드론") == ["드론"] and words("차") == ["차"]
    # More of the query follows: the last bigram keeps what follows at the next position.
    assert words("통신장비5G") == ["통신장", "신장비", "장비", "5g"]
    assert words("인공지능 연구") == ["인공지", "공지능", "지능", "연구"]


@pytest.mark.parametrize("longest", [2, 3])
def test_trigram_phrases_find_what_bigram_phrases_find(longest):
    bodies = {"ko": "인공지능 연구소의 통신장비5G 구급차를",
              "ko2": "지능형 인공 공지 통신 장비 구급 차량",
              "th": "โทรศัพท์มือถือราคาถูก", "ko3": "인공 공지능"}
    with _searching(index_analyzer(longest), bodies) as (_parser, ids):
        for text in ("구급차", '"인공지능 연구소"', "통신장비5g", "연구"):
            assert ids(text) == ["ko"], text
        assert ids("มือถือ") == ["th"]
        assert ids("인공지능연구") == [] and ids("구급차량") == []
        # Bigrams line up across a space (인공 | 공지능), trigrams do not.
        assert ids("공지능") == ["ko", "ko3"]
        assert ids("인공지능") == (["ko"] if longest == 3 else ["ko", "ko3"])


def _pieces_of_cluster_scripts(count: int) -> list[str]:
    """Seeded pieces made of one cluster script's block (letters, marks, stacking signs, signs
    that are not letters, full stops), some with a Latin letter, a digit, an accent or a
    space mixed in."""
    import random

    chance = random.Random(20261207)
    blocks = [[chr(code) for low, high in ranges for code in range(low, high + 1)]
              for ranges in scripts.CLUSTER_BLOCKS.values()]
    stops = list("\u17d4\u3002\u3001\u0e2f,")  # Khmer khan, ideographic stop and comma...
    others = list("a1 ,'\u0301\u200b-\u17d2\u1039")
    pieces = []
    for _ in range(count):
        block = chance.choice(blocks)
        alphabet = block + stops if chance.random() < 0.8 else block + stops + others
        pieces.append("".join(chance.choice(alphabet) for _ in range(chance.randint(1, 24))))
    return pieces


def test_a_piece_of_one_cluster_script_is_cut_as_the_character_by_character_walk_cuts_it():
    """The regular-expression path for a piece of one unspaced script (in runs between
    separators) gives the runs and the cluster bounds the walk over each character gives,
    and declines everything else."""
    taken = several = 0
    for piece in _pieces_of_cluster_scripts(40_000):
        fast = scripts.cluster_runs(piece)
        runs = list(scripts.word_runs(piece))
        if fast is None:
            # Declined: runs of another script, or a character from outside the script's
            # blocks that is no separator.
            assert not (_one_cluster_script(piece, runs) and _only_block_characters(piece)), \
                piece
            continue
        taken += 1
        several += len(fast) > 1
        assert [run[:3] for run in fast] == runs, piece
        assert all(bounds == scripts.cluster_bounds(piece, start, end)
                   for _script, start, end, bounds in fast), piece
    assert taken > 10_000 and several > 1_000  # the fast path is what most such pieces take


def _one_cluster_script(piece: str, runs: list) -> bool:
    """Whether ``runs`` are all of the cluster script of the piece's first character, with
    only separators outside them."""
    script = scripts.char_class(piece[0])
    inside = {i for _script, start, end in runs for i in range(start, end)}
    return (bool(runs) and script in scripts.CLUSTER_SCRIPTS
            and all(run[0] == script for run in runs)
            and all(scripts.char_class(ch) == "SEP"
                    for i, ch in enumerate(piece) if i not in inside))


def _only_block_characters(piece: str) -> bool:
    """Whether every character of ``piece`` lies in the blocks of one cluster script."""
    return any(all(any(low <= ord(ch) <= high for low, high in ranges) for ch in piece)
               for ranges in scripts.CLUSTER_BLOCKS.values())

