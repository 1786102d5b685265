"""One key per name whatever the script or transcription, so a reader's search finds
Умеров, Umerov and Umjerow alike, and Зеленский finds Selenskyj.

The key is a consonant skeleton: Cyrillic letters become Latin ones, the digraphs that
German, English and scholarly transcriptions write differently for one Cyrillic letter
(sch, sh, tsch, ch, kh, zh, ts, tz, …) become one letter, vowels and the glides j, y, w
between vowels drop out, and doubled letters collapse. Two spellings of one name meet;
unrelated words of the same length rarely do, and keys shorter than three letters are
not used at all. Gated in tests/store/test_spelling.py on outside data: every Duden
transcription of the StAGN list meets its Ukrainian name, and the Russian and Ukrainian
names of the codifier's places meet in at least 93 % of the pairs.
"""

from __future__ import annotations

import re
import unicodedata

MIN_KEY = 3
KEY_PREFIX = "qx"  # keys are indexed as words; no German or source word starts like this

_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "e",
        "є": "e", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
        "ы": "y", "ь": "", "э": "e", "ю": "u", "я": "a", "'": "", "’": "", "ʼ": "",
    }
)  # fmt: skip
# longest first: each becomes the one letter all transcriptions of that sound share
_DIGRAPHS = (
    ("schtsch", "s"), ("shch", "s"), ("skh", "s"), ("tsch", "h"), ("sch", "s"), ("tch", "h"),
    ("zh", "s"), ("sh", "s"), ("ch", "h"), ("kh", "h"), ("ts", "s"), ("tz", "s"),
    ("ph", "f"), ("ck", "k"), ("ks", "x"),
)  # fmt: skip
_LETTERS = str.maketrans({"w": "v", "z": "s", "c": "k", "g": "h", "q": "k", "ß": "s"})
_VOWELS = re.compile(r"[aeiouyj]")
# a word: a letter, then letters, digits, apostrophes and hyphens (Кам’янське, Ivano-Frankivsk)
WORD = re.compile(r"[^\W\d_][\w'’ʼ-]*")


def spelling_key(word: str) -> str:
    """The key of one word ('' when it is too short to mean anything)."""
    text = unicodedata.normalize("NFKD", word.casefold()).translate(_CYRILLIC)
    text = "".join(c for c in text if "a" <= c <= "z" or c == "ß")
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(_LETTERS)
    text = re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", text))
    return KEY_PREFIX + text if len(text) >= MIN_KEY else ""


def name_keys(text: str) -> list[str]:
    """Keys of the capitalised words of a text (names, mostly), each once."""
    keys: dict[str, None] = {}
    for match in WORD.finditer(text):
        word = match.group(0)
        if word[0].isupper():
            key = spelling_key(word)
            if key:
                keys[key] = None
    return list(keys)


def query_keys(query: str) -> list[str]:
    """Keys of every word a reader typed (a search box has no capitals to go by)."""
    return [key for word in WORD.findall(query) if (key := spelling_key(word))]
