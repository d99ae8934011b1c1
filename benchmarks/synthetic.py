"""A synthetic multilingual catalog and a mixed query list, both reproducible from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from vocabulary import (
    ALPHABETIC,
    CATEGORIES,
    CERTIFICATIONS,
    COMPANY_STEMS,
    COMPANY_SUFFIXES,
    CONCEPTS,
    DESIGNATIONS,
    FILLERS,
    HALLS,
    JAPANESE_PARTICLES,
    JAPANESE_VERBS,
    KOREAN_PARTICLES,
    KOREAN_VERBS,
    LANGUAGES,
    OPTIONAL_LANGUAGES,
    SPACED,
)

from showcase.extensions import db
from showcase.models import Category, Company, CompanyState, Product, ProductStatus, ProductText

REGISTRATION_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
TOPIC_SIZE = 14
BATCH = 2000


def registration_number(rng: random.Random) -> str:
    """A random Korean business registration number with a correct check digit."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    total = sum(d * w for d, w in zip(digits, REGISTRATION_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    digits.append((10 - total % 10) % 10)
    plain = "".join(map(str, digits))
    return f"{plain[:3]}-{plain[3:5]}-{plain[5:]}"


def _has_final_consonant(word: str) -> bool:
    last = ord(word[-1])
    return 0xAC00 <= last <= 0xD7A3 and (last - 0xAC00) % 28 != 0


def _korean(word: str, rng: random.Random) -> str:
    """A Korean noun with a particle that fits its last syllable (드론을, 센서를, 병원에서)."""
    after_consonant, after_vowel = rng.choice(KOREAN_PARTICLES)
    return word + (after_consonant if _has_final_consonant(word) else after_vowel)


def sentence(language: str, concepts: list[int], rng: random.Random) -> str:
    """One sentence in ``language`` mentioning ``concepts``, written the way that script is."""
    words = [CONCEPTS[c][language] for c in concepts]
    fillers = FILLERS[language]
    if language == "ko":
        body = [_korean(w, rng) if rng.random() < 0.7 else w for w in words]
        return " ".join([rng.choice(fillers), *body, rng.choice(KOREAN_VERBS)]) + "."
    if language == "ja":
        parts = [w + rng.choice(JAPANESE_PARTICLES) for w in words]
        return rng.choice(fillers) + "".join(parts) + rng.choice(JAPANESE_VERBS) + "。"
    mixed: list[str] = []
    for word in words:
        mixed.append(word)
        if rng.random() < 0.5:
            mixed.append(rng.choice(fillers))
    if language in SPACED:
        text = " ".join(mixed)
        return text[:1].upper() + text[1:] + "."
    end = {"km": "។", "zh": "。"}.get(language, " ")
    return "".join(mixed) + end  # Thai, Khmer, Chinese: no spaces between words


def _name(language: str, concepts: list[int], model: str) -> str:
    words = [CONCEPTS[c][language] for c in concepts]
    joined = " ".join(words) if language in SPACED | {"ko"} else "".join(words)
    if language == "en":
        joined = joined.title()
    return f"{model} {joined}"


@dataclass
class Catalog:
    """Counts of what was inserted."""

    products: int
    companies: int
    texts: int


def _companies(rng: random.Random, count: int) -> list[Company]:
    numbers: set[str] = set()
    while len(numbers) < count:
        numbers.add(registration_number(rng))
    companies = []
    for i, number in enumerate(sorted(numbers)):
        (stem_en, stem_ko), (suffix_en, suffix_ko) = (rng.choice(COMPANY_STEMS),
                                                      rng.choice(COMPANY_SUFFIXES))
        companies.append(Company(
            registration_number=number, state=CompanyState.APPROVED,
            names={"en": f"{stem_en} {suffix_en} {i + 1} Co., Ltd.",
                   "ko": f"(주){stem_ko}{suffix_ko}{i + 1}"}))
    return companies


def populate(size: int, seed: int) -> Catalog:
    """Insert ``size`` published products (and their companies and categories) through the ORM.

    The caller turns SEARCH_SYNC_ON_COMMIT off first: the benchmark times one full rebuild.
    """
    rng = random.Random(seed)
    categories = [Category(code=code, names={"en": en, "ko": ko})
                  for code, (en, ko) in CATEGORIES.items()]
    companies = _companies(rng, max(10, size // 8))
    db.session.add_all([*categories, *companies])
    db.session.commit()
    category_ids = [c.id for c in categories]
    company_ids = [c.id for c in companies]
    topics = {cid: rng.sample(range(len(CONCEPTS)), TOPIC_SIZE) for cid in category_ids}
    # Zipf-like popularity inside a topic: a few words appear in most of its products.
    weights = [1 / (rank + 1) for rank in range(TOPIC_SIZE)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    texts = 0
    batch: list[Product] = []
    for i in range(size):
        category_id = rng.choice(category_ids)
        topic = topics[category_id]

        def pick(count: int, topic=topic) -> list[int]:
            return [rng.choices(topic, weights)[0] if rng.random() < 0.75
                    else rng.randrange(len(CONCEPTS)) for _ in range(count)]

        valid_until = date(2025, 1, 1) + timedelta(days=rng.randint(-400, 1400))
        product = Product(
            ref=f"BENCH-{i + 1:06d}", company_id=rng.choice(company_ids),
            category_id=category_id, status=ProductStatus.PUBLISHED,
            designation_type=rng.choice(DESIGNATIONS), designation_number=f"D-{i + 1:06d}",
            valid_from=valid_until - timedelta(days=3 * 365), valid_until=valid_until,
            classification_code=f"{rng.randint(10000000, 99999999)}",
            certifications=rng.sample(CERTIFICATIONS, rng.choice((0, 1, 1, 2))),
            booth=f"{rng.choice(HALLS)}-{rng.randint(1, 120)}",
            published_at=start + timedelta(minutes=i),
        )
        model = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXZ')}{rng.choice('ABCDEFGHKLMNPRSTX')}-" \
                f"{rng.choice('VXSTQ')}{rng.randint(10, 999)}"
        name_concepts, summary_concepts = pick(rng.randint(2, 3)), pick(rng.randint(4, 7))
        description = [pick(rng.randint(4, 7)) for _ in range(rng.randint(3, 5))]
        keywords = pick(rng.randint(0, 4))
        languages = ["en", "ko", *rng.sample(OPTIONAL_LANGUAGES, rng.randint(0, 3))]
        for language in languages:
            product.texts[language] = ProductText(
                language=language,
                name=_name(language, name_concepts, model),
                summary=sentence(language, summary_concepts, rng),
                description=" ".join(sentence(language, part, rng) for part in description),
                keywords=[CONCEPTS[c][language] for c in keywords],
            )
        texts += len(languages)
        batch.append(product)
        if len(batch) == BATCH or i == size - 1:
            db.session.add_all(batch)
            db.session.commit()
            db.session.expunge_all()  # keeps the session small: nothing is read back
            batch = []
    return Catalog(size, len(company_ids), texts)


@dataclass(frozen=True)
class Query:
    """One benchmark query: its kind, text, the visitor's languages, and the FTS5 form."""

    kind: str
    text: str
    languages: tuple[str, ...]
    fts: str


KINDS = (("single", 30), ("multi", 20), ("phrase", 12), ("prefix", 13), ("typo", 13),
         ("mixed-script", 12))


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _visitor(language: str) -> tuple[str, ...]:
    return ("en", "ko") if language == "en" else (language, "en")


def _word(rng: random.Random, languages, minimum: int) -> tuple[str, str]:
    """A single word of at least ``minimum`` letters from one of ``languages``."""
    while True:
        language = rng.choice(sorted(languages))
        words = rng.choice(CONCEPTS)[language].split()
        word = rng.choice(words)
        if len(word) >= minimum and word.isalpha():
            return language, word


def _typo(word: str, rng: random.Random) -> str:
    """``word`` with one edit after its first letter (the engine's fuzzy prefix is one letter)."""
    i = rng.randint(1, len(word) - 2)
    edit = rng.choice(("substitute", "delete", "insert", "swap"))
    cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in word)
    letter = rng.choice("аеиоу" if cyrillic else "aeiou")
    return {"substitute": word[:i] + letter + word[i + 1:], "delete": word[:i] + word[i + 1:],
            "insert": word[:i] + letter + word[i:],
            "swap": word[:i] + word[i + 1] + word[i] + word[i + 2:]}[edit]


def make_query(kind: str, rng: random.Random) -> Query:
    """One query of ``kind``; the FTS5 form is the same words, AND-ed, quoted."""
    if kind in ("single", "multi"):
        language = rng.choice(LANGUAGES[:2] * 3 + LANGUAGES[2:])  # en and ko are most typed
        count = 1 if kind == "single" else rng.randint(2, 3)
        text = " ".join(rng.choice(CONCEPTS)[language] for _ in range(count))
        return Query(kind, text, _visitor(language), " ".join(map(_quoted, text.split())))
    if kind == "phrase":
        language = rng.choice(sorted(SPACED))
        phrase = rng.choice([c[language] for c in CONCEPTS if " " in c[language]])
        return Query(kind, f'"{phrase}"', _visitor(language), _quoted(phrase))
    if kind == "prefix":
        language, word = _word(rng, ALPHABETIC, 6)
        prefix = word[:rng.randint(4, len(word) - 2)]
        return Query(kind, prefix, _visitor(language), _quoted(prefix) + "*")
    if kind == "typo":
        language, word = _word(rng, ALPHABETIC, 5)
        typo = _typo(word, rng)
        return Query(kind, typo, _visitor(language), _quoted(typo))
    other = rng.choice(LANGUAGES[1:])
    concept = rng.choice(CONCEPTS)
    text = f"{concept['en']} {concept[other]}"
    return Query(kind, text, _visitor(other), " ".join(map(_quoted, text.split())))


def queries(count: int, seed: int) -> list[Query]:
    """``count`` queries in the proportions of KINDS, shuffled."""
    rng = random.Random(seed)
    total = sum(weight for _, weight in KINDS)
    kinds = [kind for kind, weight in KINDS for _ in range(round(count * weight / total))]
    kinds += ["single"] * (count - len(kinds))
    rng.shuffle(kinds)
    return [make_query(kind, rng) for kind in kinds[:count]]


def prefixes(count: int, seed: int) -> list[tuple[str, tuple[str, ...]]]:
    """``count`` autocomplete inputs: 1-6 leading characters of a word a visitor would type."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        language = rng.choice(LANGUAGES[:2] * 3 + LANGUAGES[2:])
        source = rng.choice((*CONCEPTS, *({"en": en, "ko": ko} for en, ko in CATEGORIES.values())))
        word = rng.choice(source.get(language, source["en"]).split())
        length = rng.randint(1, 3) if language in ("ko", "zh", "ja") else rng.randint(2, 6)
        out.append((word[:length], _visitor(language)))
    return out
