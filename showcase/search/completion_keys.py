"""The keys a completion is found by: a label folded a word at a time, cut from its word
starts (and, in scripts written without spaces, from inside its words), each key bounded."""

import re
from functools import lru_cache

from showcase.search import caches
from showcase.search.analysis import fold
from showcase.search.scripts import CLUSTER_SCRIPTS, script_of

FOLDED_WORDS = 32768
LABEL_CHARS = 300  # longer labels are cut: a 60 KB name completes by its beginning
KEY_CHARS = 48  # a key holds this much of the label from its word start
WORD_STARTS = 16  # a label completes from its first words only
INNER_STARTS = 24  # and from this many characters inside its words of unspaced scripts
_SPACES = re.compile(r"([ \t\n\r]+)")  # captured: the separators stay in the output


@lru_cache(maxsize=FOLDED_WORDS)
def _fold_word(word: str) -> str:
    return fold(word)


caches.register_lru("folded completion words", _fold_word, unit="words")


def fold_label(label: str) -> str:
    """``fold(label)``, a word at a time: folding never looks across ASCII whitespace, and the
    words of labels repeat far more than the labels do."""
    return "".join(_fold_word(piece) for piece in _SPACES.split(label))


def keys_of(label: str) -> list[str]:
    """The folded label from each of its first WORD_STARTS word starts, KEY_CHARS long; and
    from each of the first INNER_STARTS characters inside words of unspaced scripts, where a
    visitor's word may begin anywhere (机器 in 聊天机器人, 드론 in 불법드론)."""
    folded = fold_label(label[:LABEL_CHARS])
    keys, inner = [], 0
    for i, char in enumerate(folded):
        if not char.isalnum():
            continue
        if i == 0 or not folded[i - 1].isalnum():
            if len(keys) - inner < WORD_STARTS:
                keys.append(folded[i:i + KEY_CHARS])
        elif inner < INNER_STARTS and _unspaced(char):
            keys.append(folded[i:i + KEY_CHARS])
            inner += 1
    return keys


@lru_cache(maxsize=4096)
def _unspaced(char: str) -> bool:
    """Whether ``char`` begins a grapheme cluster of a script written without spaces."""
    return script_of(char) in CLUSTER_SCRIPTS
