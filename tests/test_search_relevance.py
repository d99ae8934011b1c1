"""Relevance of the search engine over a fixed multilingual corpus.

``tests/data/search_corpus.jsonl`` holds 45 fictional products (43 published, one withdrawn, one
draft) with English and Korean texts plus texts in Thai, Lao, Khmer, Burmese, Vietnamese, Uzbek,
Russian, Mongolian, Kazakh, Chinese, Japanese, Bengali, Nepali, Sinhala, Urdu and Indonesian.
Some products are deliberately alike (five drone products, several fire and solar ones), so the
cases check ranking as well as recall. The corpus is imported once per module through the
real importer, which indexes every product through the outbox after each commit.

Each case: a query, the visitor's languages, refs that must be in the top 10 and, where one
answer is clearly best, the ref that must come first.
"""

import json
from pathlib import Path

import pytest

from showcase.search.query import SearchRequest, search
from tests.conftest import app_with_catalog

CORPUS = Path(__file__).parent / "data" / "search_corpus.jsonl"
TOP = 10
UNPUBLISHED = {"SRCH-041", "SRCH-042"}  # withdrawn and draft
EXPIRED = "SRCH-039"  # designation valid until 2024-06-30


@pytest.fixture(scope="module")
def corpus_app(empty_template, tmp_path_factory):
    """One app for the whole module, with the corpus imported and indexed."""
    data_dir = tmp_path_factory.mktemp("search-relevance") / "data"
    with app_with_catalog(empty_template, data_dir, CORPUS) as (app, report):
        assert report.ok, report.errors[:5]
        assert report.created == 45
        yield app


def _records() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


RECORDS = _records()
PUBLISHED = [record for record in RECORDS if record["status"] == "published"]


def _run(text, languages=("en", "ko"), filters=(), include_expired=True):
    response = search(SearchRequest(text=text, languages=tuple(languages), filters=tuple(filters),
                                    include_expired=include_expired, per_page=TOP))
    return response, [hit.ref for hit in response.hits]


def _short(refs) -> str:
    return " ".join(ref.removeprefix("SRCH-") for ref in refs) or "(nothing)"


def case(language, slug, query, languages, expected, first=None, *, filters=(),
         include_expired=True, absent=(), xfail=None):
    """One table row; ``expected``/``first``/``absent`` are ref numbers (1 -> SRCH-001)."""

    def refs(numbers):
        return tuple(f"SRCH-{n:03d}" for n in numbers)

    values = (language, query, tuple(languages), refs(expected),
              f"SRCH-{first:03d}" if first else None, tuple(filters), include_expired,
              refs(absent))
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(*values, id=f"{language}-{slug}", marks=marks)


EN_KO = ("en", "ko")

CASES = [
    # Korean: bigrams find nouns with particles attached and words inside compounds.
    case("ko", "noun-with-particle", "소화탄", ("ko", "en"), [1], 1),
    case("ko", "drone-finds-all-drones", "드론", ("ko", "en"), [1, 2, 3, 28, 36]),
    case("ko", "compound-part-gamsi-drone", "감시드론", ("ko", "en"), [1], 1),
    case("ko", "compound-part-sanbul", "산불", ("ko", "en"), [1], 1),
    case("ko", "agri-drone-ranks-first", "방제 드론", ("ko", "en"), [2], 2),
    case("ko", "underwater-drone-compound", "수중드론", ("ko", "en"), [28], 28),
    case("ko", "purifier-with-copula", "정수기", ("ko", "en"), [6], 6),
    case("ko", "leak-inside-compound", "누수", ("ko", "en"), [23], 23),
    case("ko", "company-name", "그린필드로보틱스", ("ko", "en"), [2, 22, 31]),
    case("ko", "solar-several", "태양광", ("ko", "en"), [4, 10, 24, 40, 45]),
    case("ko", "vaccine", "백신 냉장고", ("ko",), [24], 24),
    case("ko", "spaced-query-unspaced-compound", "산불 감시 드론", ("ko", "en"), [1], 1),
    case("ko", "thermal-imaging-two-products", "열화상", ("ko", "en"), [1, 39]),
    case("ko", "fire-several-products", "화재", ("ko", "en"), [17, 26, 35]),
    case("ko", "lone-syllable-standing-alone", "섬", ("ko", "en"), [36], 36),
    case("ko", "mixed-with-english", "drone 산불", ("ko", "en"), [1], 1),
    case("ko", "query-with-object-particle", "정수기를", ("ko", "en"), [6], 6),
    case("ko", "query-with-locative-particle", "온실에서", ("ko", "en"), [13], 13),
    # 감시하는 is not in the text: the thesaurus cuts the noun 감시 out of it, and the verb
    # ending is dropped (no morphological analyser in the web workers).
    case("ko", "natural-sentence-with-verb", "산불을 감시하는 드론", ("ko", "en"), [1], 1),
    # Thai: words inside unspaced text.
    case("th", "wildfire-in-compound", "ไฟป่า", ("th", "en", "ko"), [1], 1),
    case("th", "dam", "เขื่อน", ("th", "en", "ko"), [28], 28),
    case("th", "parking", "จอดรถ", ("th", "en", "ko"), [20], 20),
    case("th", "biodegradable", "ย่อยสลาย", ("th", "en", "ko"), [34], 34),
    case("th", "fire-station-two-products", "สถานีดับเพลิง", ("th", "en", "ko"), [1, 17]),
    case("th", "drone", "โดรน", ("th", "en", "ko"), [1, 28]),
    case("th", "words-typed-with-a-space", "ไฟ ป่า", ("th", "en", "ko"), [1], 1),
    case("th", "underwater-drone-ranks-first", "โดรนใต้น้ำ", ("th", "en", "ko"), [28], 28),
    # Lao.
    case("lo", "clean-water", "ນ້ຳສະອາດ", ("lo", "en", "ko"), [6], 6),
    case("lo", "rice-transplanting", "ດຳນາ", ("lo", "en", "ko"), [22], 22),
    case("lo", "garbage-bin-beats-garbage-truck", "ຖັງຂີ້ເຫຍື້ອ", ("lo", "en", "ko"), [40], 40),
    case("lo", "streetlight", "ໄຟຖະໜົນ", ("lo", "en", "ko"), [4], 4),
    case("lo", "road-repair", "ສ້ອມແປງຖະໜົນ", ("lo", "en", "ko"), [30], 30),
    # Khmer.
    case("km", "flood", "ទឹកជំនន់", ("km", "en", "ko"), [5], 5),
    case("km", "clean-water", "ទឹកស្អាត", ("km", "en", "ko"), [6], 6),
    case("km", "pothole-coeng", "រណ្តៅ", ("km", "en", "ko"), [30], 30),
    case("km", "school", "សាលារៀន", ("km", "en", "ko"), [19], 19),
    case("km", "garbage-bin", "ធុងសំរាម", ("km", "en", "ko"), [40], 40),
    case("km", "text-with-zero-width-spaces", "ជួសជុលផ្លូវ", ("km", "en", "ko"), [30], 30),
    # Burmese.
    case("my", "flood", "ရေကြီး", ("my", "en", "ko"), [5], 5),
    case("my", "firefighting", "မီးသတ်", ("my", "en", "ko"), [17], 17),
    case("my", "earthquake", "ငလျင်", ("my", "en", "ko"), [44], 44),
    case("my", "rice-paddy", "စပါး", ("my", "en", "ko"), [22], 22),
    case("my", "railway", "ရထားလမ်း", ("my", "en", "ko"), [33], 33),
    # Chinese (Simplified).
    case("zh", "translation", "翻译", ("zh", "en", "ko"), [8], 8),
    case("zh", "air-quality", "空气质量", ("zh", "en", "ko"), [21], 21),
    case("zh", "seismic-isolation", "隔震", ("zh", "en", "ko"), [16], 16),
    case("zh", "hydrogen-fuel-cell", "氢燃料电池", ("zh", "en", "ko"), [27], 27),
    case("zh", "tunnel", "隧道", ("zh", "en", "ko"), [35], 35),
    case("zh", "chatbot", "聊天机器人", ("zh", "en", "ko"), [7], 7),
    case("zh", "single-character-hydrogen", "氢", ("zh", "en", "ko"), [27], 27),
    # Japanese.
    case("ja", "drone-katakana", "ドローン", ("ja", "en", "ko"), [36], 36),
    case("ja", "earthquake-before-particle", "地震", ("ja", "en", "ko"), [16], 16),
    case("ja", "fall", "転倒", ("ja", "en", "ko"), [18], 18),
    case("ja", "sign-language", "手話", ("ja", "en", "ko"), [37], 37),
    case("ja", "battery-storage", "蓄電", ("ja", "en", "ko"), [26], 26),
    case("ja", "interpreting-two-products", "通訳", ("ja", "en", "ko"), [8, 37]),
    case("ja", "delivery-drone-compound", "配送ドローン", ("ja", "en", "ko"), [36], 36),
    case("ja", "single-kanji-lead", "鉛", ("ja", "en", "ko"), [16], 16),
    # Vietnamese: with and without tone marks.
    case("vi", "no-tones-cong-nghe", "cong nghe", ("vi", "en", "ko"), [2, 25]),
    case("vi", "tones-cong-nghe", "công nghệ", ("vi", "en", "ko"), [2, 25]),
    case("vi", "no-tones-spraying", "phun thuoc", ("vi", "en", "ko"), [2], 2),
    case("vi", "no-tones-forest-fire", "chay rung", ("vi", "en", "ko"), [1], 1),
    case("vi", "tones-forest-fire", "cháy rừng", ("vi", "en", "ko"), [1], 1),
    case("vi", "no-tones-sign-language", "ngon ngu ky hieu", ("vi", "en", "ko"), [37], 37),
    case("vi", "no-tones-d-stroke-traffic-light", "den tin hieu giao thong", ("vi", "en", "ko"),
         [15], 15),
    case("vi", "tones-hydropower-dam", "đập thủy điện", ("vi", "en", "ko"), [28], 28),
    case("vi", "no-tones-horn-and-circumflex", "ngu dan", ("vi", "en", "ko"), [29], 29),
    case("vi", "decomposed-input-cong-nghe", "công nghệ", ("vi", "en", "ko"), [2, 25]),
    case("vi", "uav-two-drones", "bay không người lái", ("vi", "en", "ko"), [1, 2]),
    # Uzbek Latin: any apostrophe, or none.
    case("uz", "okina-uzbekistan", "Oʻzbekiston", ("uz", "en", "ko"), [2, 14, 45]),
    case("uz", "ascii-uzbekistan", "O'zbekiston", ("uz", "en", "ko"), [2, 14, 45]),
    case("uz", "left-quote-uzbekistan", "O‘zbekiston", ("uz", "en", "ko"), [2, 14, 45]),
    case("uz", "no-apostrophe-uzbekistan", "Ozbekiston", ("uz", "en", "ko"), [2, 14, 45]),
    case("uz", "upper-case-left-quote", "O‘ZBEKISTON", ("uz", "en", "ko"), [2, 14, 45]),
    case("uz", "grain-ascii", "g'alla", ("uz", "en", "ko"), [14], 14),
    case("uz", "grain-no-apostrophe", "galla", ("uz", "en", "ko"), [14], 14),
    case("uz", "grain-okina-with-country", "Oʻzbekiston gʻalla", ("uz", "en", "ko"), [14], 14),
    case("uz", "irrigation-mixed-spellings", "sug'orish", ("uz", "en", "ko"), [45], 45),
    case("uz", "repair-right-quote-typed-ascii", "ta'mirlash", ("uz", "en", "ko"), [23], 23),
    case("uz", "collar-two-okinas", "boʻyinbogʻ", ("uz", "en", "ko"), [31], 31),
    case("uz", "cotton", "paxta", ("uz", "en", "ko"), [2, 45]),
    # Russian.
    case("ru", "drones-genitive", "беспилотников", ("ru", "en", "ko"), [3], 3),
    case("ru", "upper-case", "БЕСПИЛОТНИКОВ", ("ru", "en", "ko"), [3], 3),
    case("ru", "prefix-drone", "беспилотник", ("ru", "en", "ko"), [3], 3),
    case("ru", "prefix-thermal-imager", "тепловизор", ("ru", "en", "ko"), [39], 39),
    case("ru", "electric-buses", "электробусов", ("ru", "en", "ko"), [9], 9),
    case("ru", "typo-granary", "зернохронилищ", ("ru", "en", "ko"), [14], 14),
    case("ru", "typo-ransomware", "вымагатели", ("ru", "en", "ko"), [43], 43),
    case("ru", "traffic-light", "светофор", ("ru", "en", "ko"), [15], 15),
    case("ru", "yo-typed-as-ye", "трехмерный радар", ("ru", "en", "ko"), [3], 3),
    # Mongolian (Cyrillic).
    case("mn", "air-quality-prefix", "агаарын чанар", ("mn", "en", "ko"), [21], 21),
    case("mn", "herder-prefix", "малчин", ("mn", "en", "ko"), [31], 31),
    case("mn", "greenhouse-prefix", "хүлэмж", ("mn", "en", "ko"), [13], 13),
    case("mn", "helmet", "дуулга", ("mn", "en", "ko"), [39], 39),
    case("mn", "translation", "орчуулгын", ("mn", "en", "ko"), [8], 8),
    case("mn", "typo-hydrogen", "устөрөгчин", ("mn", "en", "ko"), [27], 27),
    # Kazakh.
    case("kk", "hydrogen", "сутегі", ("kk", "en", "ko"), [27], 27),
    case("kk", "greenhouse", "жылыжай", ("kk", "en", "ko"), [13], 13),
    case("kk", "horse", "жылқы", ("kk", "en", "ko"), [31], 31),
    case("kk", "air-quality", "ауа сапасы", ("kk", "en", "ko"), [21], 21),
    case("kk", "drones-accusative", "дрондарды", ("kk", "en", "ko"), [3], 3),
    case("kk", "typo-russian-keyboard-i", "сутеги", ("kk", "en", "ko"), [27], 27),
    # Bengali.
    case("bn", "flood", "বন্যা", ("bn", "en", "ko"), [5], 5),
    case("bn", "arsenic", "আর্সেনিক", ("bn", "en", "ko"), [32], 32),
    case("bn", "farmer-vowel-sign", "কৃষক", ("bn", "en", "ko"), [22], 22),
    case("bn", "braille", "ব্রেইল", ("bn", "en", "ko"), [38], 38),
    case("bn", "disinfection", "জীবাণুমুক্তকরণ", ("bn", "en", "ko"), [11], 11),
    case("bn", "hospital-stem-of-genitive", "হাসপাতাল", ("bn", "en", "ko"), [11], 11),
    # Nepali.
    case("ne", "health-post", "स्वास्थ्य चौकी", ("ne", "en", "ko"), [12, 24]),
    case("ne", "earthquake", "भूकम्प", ("ne", "en", "ko"), [44], 44),
    case("ne", "vaccine", "खोप", ("ne", "en", "ko"), [24], 24),
    case("ne", "solar", "सौर", ("ne", "en", "ko"), [10, 24]),
    case("ne", "hospital-stem-of-locative", "अस्पताल", ("ne", "en", "ko"), [12, 44]),
    # Sinhala.
    case("si", "hospital", "රෝහල්", ("si", "en", "ko"), [11], 11),
    case("si", "vaccine", "එන්නත්", ("si", "en", "ko"), [24], 24),
    case("si", "earthquake", "භූමිකම්පා", ("si", "en", "ko"), [44], 44),
    case("si", "railway", "දුම්රිය", ("si", "en", "ko"), [33], 33),
    case("si", "automatic-typed-without-zwj", "ස්වයංක්රීය", ("si", "en", "ko"), [11], 11),
    case("si", "adverb-typed-without-zwj", "ස්වයංක්රීයව", ("si", "en", "ko"), [11, 18]),
    case("si", "hospital-stem-of-locative-plural", "රෝහල්ව", ("si", "en", "ko"), [44], 44),
    # Urdu.
    case("ur", "solar", "شمسی", ("ur", "en", "ko"), [10, 24, 45]),
    case("ur", "vaccine", "ویکسین", ("ur", "en", "ko"), [24], 24),
    case("ur", "irrigation", "آبپاشی", ("ur", "en", "ko"), [45], 45),
    case("ur", "blind", "نابینا", ("ur", "en", "ko"), [38], 38),
    case("ur", "parking-sensor", "پارکنگ سینسر", ("ur", "en", "ko"), [20], 20),
    case("ur", "arabic-keyboard-yeh-and-kaf", "ويكسين", ("ur", "en", "ko"), [24], 24),
    case("ur", "text-with-zer-diacritic", "کسان", ("ur", "en", "ko"), [45], 45),
    # Indonesian.
    case("id", "buoy", "pelampung", ("id", "en", "ko"), [29], 29),
    case("id", "agri-drone-ranks-first", "drone pertanian", ("id", "en", "ko"), [2], 2),
    case("id", "weeds", "gulma", ("id", "en", "ko"), [34], 34),
    case("id", "health-centre", "puskesmas", ("id", "en", "ko"), [36], 36),
    case("id", "smart-classroom", "kelas pintar", ("id", "en", "ko"), [25], 25),
    case("id", "prefix-pertani", "pertani", ("id", "en", "ko"), [2, 34]),
    # English: ranking among similar products, typos, prefixes, company names.
    case("en", "firefighting-drone-first", "firefighting drone", EN_KO, [1], 1),
    case("en", "agricultural-drone-first", "agricultural drone", EN_KO, [2], 2),
    case("en", "wildfire-drone-first", "wildfire drone", EN_KO, [1], 1),
    case("en", "delivery-drone-first", "delivery drone", EN_KO, [36], 36),
    case("en", "underwater-drone-first", "underwater drone", EN_KO, [28], 28),
    case("en", "solar-streetlight-first", "solar streetlight", EN_KO, [4], 4),
    case("en", "fire-several-products", "fire", EN_KO, [1, 17, 26, 35]),
    case("en", "model-number", "FD-500", EN_KO, [1], 1),
    case("en", "full-width-model-number", "ＦＤ－５００", EN_KO, [1], 1),
    case("en", "drone-finds-all-drones", "drone", EN_KO, [1, 2, 3, 28, 36]),
    case("en", "water-purifier", "water purifier", EN_KO, [6], 6),
    case("en", "thermal-camera", "thermal camera", EN_KO, [1, 39]),
    case("en", "earthquake", "earthquake", EN_KO, [16, 44]),
    case("en", "typo-disinfection", "disinfecton robot", EN_KO, [11], 11),
    case("en", "typo-irrigation", "irigation", EN_KO, [45], 45),
    case("en", "typo-two-letters-greenhouse", "greenhuose", EN_KO, [13], 13),
    case("en", "typo-agricultural", "agricultrual drone", EN_KO, [2], 2),
    case("en", "prefix-irrig", "irrig", EN_KO, [45], 45),
    case("en", "prefix-hydro", "hydro", EN_KO, [27], 27),
    case("en", "prefix-evacu", "evacu", EN_KO, [35], 35),
    case("en", "prefix-transpl", "transpl", EN_KO, [22], 22),
    case("en", "company-green-field", "Green Field Robotics", EN_KO, [2, 22, 31]),
    case("en", "company-bangpae", "Bangpae", EN_KO, [3, 43]),
    case("en", "company-typo", "Haeroum Marine", EN_KO, [28, 29, 36]),
    # Every product can be found from any interface language.
    case("en", "from-mongolian-interface", "fall detection", ("mn", "en", "ko"), [18], 18),
    case("en", "from-khmer-interface", "pothole", ("km", "en", "ko"), [30], 30),
    case("en", "from-urdu-interface", "braille display", ("ur", "en", "ko"), [38], 38),
    case("ko", "from-uzbek-interface", "누수탐지기", ("uz", "en", "ko"), [23], 23),
    case("th", "from-english-interface", "ไฟป่า", EN_KO, [1], 1),
    case("zh", "from-russian-interface", "空气质量", ("ru", "en", "ko"), [21], 21),
    case("si", "from-japanese-interface", "එන්නත්", ("ja", "en", "ko"), [24], 24),
    # Filters and the expired designation.
    case("ko", "filter-category-drops-counter-drone-radar", "드론", ("ko", "en"),
         [1, 2, 28, 36], filters=[("category", "drones")], absent=[3]),
    case("en", "filter-designation-type", "drone", EN_KO, [1, 36],
         filters=[("designation", "innovative-prototype")], absent=[2, 3, 28]),
    case("en", "filter-category-energy", "solar", EN_KO, [10, 26],
         filters=[("category", "energy")], absent=[4, 24, 40, 45]),
    case("en", "expired-kept-by-default", "thermal camera", EN_KO, [1, 39]),
    case("en", "expired-dropped-on-request", "thermal camera", EN_KO, [1], 1,
         include_expired=False, absent=[39]),
    case("ru", "expired-dropped-cyrillic", "тепловизором", ("ru", "en", "ko"), [],
         include_expired=False, absent=[39]),
]


@pytest.mark.parametrize(
    "language, query, languages, expected, first, filters, include_expired, absent", CASES)
def test_relevance(corpus_app, language, query, languages, expected, first, filters,
                   include_expired, absent):
    response, refs = _run(query, languages, filters, include_expired)
    context = (f"query {query!r} languages={languages} filters={filters} "
               f"include_expired={include_expired}: top {TOP} = {_short(refs)} "
               f"(total {response.total}, broadened={response.broadened})")
    missing = [ref for ref in expected if ref not in refs]
    assert not missing, f"{_short(missing)} not in top {TOP}; {context}"
    if first:
        assert refs[0] == first, f"expected {_short([first])} first; {context}"
    unwanted = [ref for ref in absent if ref in refs]
    assert not unwanted, f"{_short(unwanted)} must not be found; {context}"
    assert not UNPUBLISHED & set(refs), f"unpublished product found; {context}"


NOTHING = [
    pytest.param("xqzvwplk", EN_KO, (), True, id="gibberish-latin"),
    pytest.param("ъыщжэюя", ("ru", "en", "ko"), (), True, id="gibberish-cyrillic"),
    pytest.param("Zephyrquill", EN_KO, (), True, id="withdrawn-product-name"),
    pytest.param("홀로그램 우산", ("ko", "en"), (), True, id="withdrawn-product-korean"),
    pytest.param("Quorvantix", EN_KO, (), True, id="draft-product-name"),
    pytest.param("공중부양", ("ko", "en"), (), True, id="draft-product-korean"),
    pytest.param("Zephyr Novelty Labs", EN_KO, (), True, id="company-with-unpublished-only"),
    pytest.param("firefighter helmet", EN_KO, (), False, id="expired-product-excluded"),
    pytest.param("drone", EN_KO, (("category", "healthcare"),), True,
                 id="filter-excludes-every-match"),
    pytest.param("ฆฃฅฌ", ("th", "en", "ko"), (), True, id="gibberish-thai"),
]


@pytest.mark.parametrize("query, languages, filters, include_expired", NOTHING)
def test_finds_nothing(corpus_app, query, languages, filters, include_expired):
    response, refs = _run(query, languages, filters, include_expired)
    assert response.total == 0 and not refs, (
        f"query {query!r} should find nothing, found {_short(refs)} "
        f"(broadened={response.broadened})")


INTERFACE_LANGUAGES = sorted({code for record in RECORDS for code in record["texts"]})


@pytest.mark.parametrize("interface", INTERFACE_LANGUAGES)
def test_every_product_found_from_every_interface_language(corpus_app, interface):
    """The English name of every published product finds it first, whatever language the
    visitor reads the site in (the interface language only adds a boost)."""
    languages = (interface, "en", "ko") if interface not in ("en", "ko") else (interface,)
    for record in PUBLISHED:
        name = record["texts"]["en"]["name"]
        _response, refs = _run(name, languages)
        assert refs and refs[0] == record["ref"], (
            f"English name {name!r} with languages={languages}: top {TOP} = {_short(refs)}")


@pytest.mark.parametrize("record", PUBLISHED, ids=[record["ref"] for record in PUBLISHED])
def test_every_product_found_by_its_name_in_each_language(corpus_app, record):
    """A product's name in each of its languages (Thai, Khmer, Urdu...) finds it first."""
    for language, text in record["texts"].items():
        languages = (language, "en", "ko") if language not in ("en", "ko") else (language,)
        _response, refs = _run(text["name"], languages)
        assert refs and refs[0] == record["ref"], (
            f"{language} name {text['name']!r} with languages={languages}: "
            f"top {TOP} = {_short(refs)}")


def test_corpus_shape():
    """45 products with English and Korean texts, two unpublished, one expired designation."""
    assert len(RECORDS) == 45
    assert {r["ref"]: r["status"] for r in RECORDS if r["status"] != "published"} == {
        "SRCH-041": "withdrawn", "SRCH-042": "draft"}
    assert {r["ref"] for r in RECORDS} >= UNPUBLISHED
    assert [r["ref"] for r in RECORDS if r["designation"]["valid_until"] < "2025"] == [EXPIRED]
    assert all({"en", "ko"} <= set(r["texts"]) and r["images"] == [] for r in RECORDS)
    assert len(INTERFACE_LANGUAGES) == 18, INTERFACE_LANGUAGES


def test_table_is_broad_enough():
    """The relevance table keeps at least 70 cases in at least 16 languages."""
    languages = {param.values[0] for param in CASES}
    assert len(CASES) >= 70 and len(languages) >= 16, (len(CASES), sorted(languages))


# Cross-lingual: a query in a language in which the expected product has no text (for English
# and Korean, which every product has, a synonym its texts do not hold): only the concept
# thesaurus connects them. (language, query, expected ref number); the target is 80% in the
# top 10, reported by language.
CROSS_LINGUAL = [
    ("en", "UAV", 3),  # drone
    ("en", "quake", 16),  # earthquake
    ("en", "car park", 20),  # parking
    ("ko", "무인기", 3),  # drone
    ("ko", "들불", 1),  # wildfire
    ("ko", "공영주차장", 20),  # parking
    ("zh", "温室", 13),  # greenhouse
    ("zh", "监测", 14),  # monitoring
    ("zh", "人工智能", 15),  # ai
    ("ja", "学校", 19),  # school
    ("ja", "駐車場", 20),  # parking
    ("ja", "大気質測定器", 21),  # air-quality-monitor
    ("mn", "ухаалаг", 25),  # smart
    ("mn", "эрчим хүч хуримтлуулах систем", 26),  # energy-storage-system
    ("mn", "үзлэгийн дрон", 28),  # inspection-drone
    ("uz", "yoriqlarni aniqlash", 30),  # crack-detection
    ("uz", "koʻchma", 32),  # portable
    ("uz", "shovqin toʻsigʻi", 33),  # noise-barrier
    ("kk", "туннель", 35),  # tunnels
    ("kk", "жеткізу дроны", 36),  # delivery-drone
    ("kk", "жылулық бейнелеу", 39),  # thermal-imaging
    ("kk", "туннельдер", 35),  # tunnels
    ("ky", "жеткирүү дрону", 36),  # delivery-drone
    ("ky", "жылуулук сүрөттөө", 39),  # thermal-imaging
    ("ky", "эрте эскертүү", 44),  # early-warning
    ("tg", "сӯхтори ҷангал", 1),  # wildfire
    ("tg", "дрони кишоварзӣ", 2),  # agricultural-drone
    ("tg", "дрон", 3),  # drone
    ("ru", "образовательный робот", 19),  # coding-robot
    ("ru", "парковка", 20),  # parking
    ("ru", "станция мониторинга качества воздуха", 21),  # air-quality-monitor
    ("ru", "парковки", 20),  # parking
    ("vi", "thông minh", 20),  # smart
    ("vi", "trạm quan trắc không khí", 21),  # air-quality-monitor
    ("vi", "tự hành", 22),  # autonomous
    ("th", "พกพา", 32),  # portable
    ("th", "กำแพงกันเสียง", 33),  # noise-barrier
    ("th", "ป้ายทางหนีไฟ", 35),  # evacuation-guidance-light
    ("lo", "ແບບພົກພາ", 32),  # portable
    ("lo", "ກຳແພງກັນສຽງ", 33),  # noise-barrier
    ("lo", "ຍ່ອຍສະຫຼາຍໄດ້ທາງຊີວະພາບ", 34),  # biodegradable
    ("km", "រញ្ជួយដី", 44),  # earthquake
    ("km", "ការស្រោចស្រព", 45),  # irrigation
    ("km", "ដ្រូនពន្លត់អគ្គិភ័យ", 1),  # firefighting-drone
    ("my", "ရေဒါ", 3),  # radar
    ("my", "စမတ်", 4),  # smart
    ("my", "ရေသန့်စက်", 6),  # water-purifier
    ("id", "anjungan mandiri", 8),  # kiosk
    ("id", "bus listrik", 9),  # electric-bus
    ("id", "robot pembersih", 10),  # cleaning-robot
    ("ms", "dron pertanian", 2),  # agricultural-drone
    ("ms", "dron", 3),  # drone
    ("ms", "pintar", 4),  # smart
    ("ms", "dron-dron", 3),  # drone
    ("fil", "baha", 5),  # flood
    ("fil", "lindol", 44),  # earthquake
    ("fil", "paradahan", 20),  # parking
    ("fil", "sunog sa kagubatan", 1),  # wildfire
    ("bn", "লিক ডিটেক্টর", 23),  # leak-detector
    ("bn", "স্মার্ট", 25),  # smart
    ("bn", "শক্তি সঞ্চয় ব্যবস্থা", 26),  # energy-storage-system
    ("hi", "वायरलेस", 17),  # wireless
    ("hi", "गिरने का पता लगाना", 18),  # fall-detection
    ("hi", "कोडिंग रोबोट", 19),  # coding-robot
    ("ne", "जैविक रूपमा कुहिने", 34),  # biodegradable
    ("ne", "आपतकालीन निकास बत्ती", 35),  # evacuation-guidance-light
    ("ne", "डेलिभरी ड्रोन", 36),  # delivery-drone
    ("si", "තාප රූපණය", 39),  # thermal-imaging
    ("si", "වාරිමාර්ග", 45),  # irrigation
    ("si", "ගිනි නිවීමේ ඩ්‍රෝන", 1),  # firefighting-drone
    ("ta", "நீர் தரம்", 32),  # water-quality
    ("ta", "ஒலித் தடுப்புச் சுவர்", 33),  # noise-barrier
    ("ta", "மக்கும்", 34),  # biodegradable
    ("ur", "ٹریفک سگنل", 15),  # traffic-light
    ("ur", "اسموک ڈیٹیکٹر", 17),  # fire-detector
    ("ur", "گرنے کا سراغ", 18),  # fall-detection
]
CROSS_LINGUAL_TARGET = 0.8


def test_cross_lingual_table_covers_every_language():
    """At least 60 cases, two or more in each of the 24 languages, none answerable from the
    expected product's own text in the query's language."""
    from showcase.thesaurus import LANGUAGES

    assert len(CROSS_LINGUAL) >= 60
    per_language = {code: sum(1 for case in CROSS_LINGUAL if case[0] == code)
                    for code in LANGUAGES}
    assert min(per_language.values()) >= 2, per_language
    by_ref = {record["ref"]: record for record in PUBLISHED}
    for language, query, number in CROSS_LINGUAL:
        texts = by_ref[f"SRCH-{number:03d}"]["texts"]
        if language in ("en", "ko"):
            words = " ".join(str(value) for value in texts[language].values()).casefold()
            assert f" {query.casefold()} " not in f" {words} ", (language, query)
        else:
            assert language not in texts, (language, query)


def test_cross_lingual_hit_rate(corpus_app):
    """The expected product is in the top 10 for at least 80% of the cross-lingual queries."""
    misses, by_language = [], {}
    for language, query, number in CROSS_LINGUAL:
        languages = (language, "en", "ko") if language not in ("en", "ko") else (language,)
        _response, refs = _run(query, languages)
        hit = f"SRCH-{number:03d}" in refs
        found, total = by_language.get(language, (0, 0))
        by_language[language] = (found + hit, total + 1)
        if not hit:
            misses.append(f"{language} {query!r} -> {number}: {_short(refs)}")
    rate = sum(found for found, _total in by_language.values()) / len(CROSS_LINGUAL)
    report = (f"cross-lingual hit rate {rate:.1%} of {len(CROSS_LINGUAL)} ("
              + ", ".join(f"{code} {found}/{total}" for code, (found, total)
                          in by_language.items()) + ")")
    print(report)
    assert rate >= CROSS_LINGUAL_TARGET, f"{report}; misses: {misses}"


STEMMED_LANGUAGES = ("ru", "kk", "ky", "mn", "uz", "tg", "en")
# Documents matched by a word's stem beyond those holding the word itself, per language: what
# stemming costs in precision at most (most of the added documents hold an inflected form of
# the same word: drones for drone, дрондарды for дрон; measured on this corpus).
MAX_ADDED_DOCUMENTS = 0.15


def test_stemming_precision_cost():
    """Over every word of the corpus in the stemmed languages: the documents its stem finds
    beyond those holding the word, and how many words share a stem with another."""
    import re

    from showcase.search.analysis import fold
    from showcase.search.scripts import script_of
    from showcase.search.stemming import stem

    figures = {}
    for language in STEMMED_LANGUAGES:
        documents: dict[str, set] = {}
        for record in RECORDS:
            text = " ".join(str(value) for value in record["texts"].get(language, {}).values())
            for word in re.findall(r"[^\W\d_]+(?:['ʻ’][^\W\d_]+)*", text):
                documents.setdefault(fold(word), set()).add(record["ref"])
        stems: dict[str, set] = {}
        for word in documents:
            stems.setdefault(stem(word, script_of(word)), set()).add(word)
        exact = sum(len(refs) for refs in documents.values())
        stemmed = sum(len(set().union(*(documents[other] for other in
                                         stems[stem(word, script_of(word))])))
                      for word in documents)
        figures[language] = ((stemmed - exact) / exact if exact else 0.0,
                             sum(len(words) for words in stems.values() if len(words) > 1))
    report = ", ".join(f"{code} +{added:.1%} documents, {merged} words merged"
                       for code, (added, merged) in figures.items())
    print(f"stemming: {report}")
    assert all(added <= MAX_ADDED_DOCUMENTS for added, _merged in figures.values()), report
