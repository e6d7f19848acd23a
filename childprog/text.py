"""Text keys written on save, so search and sorting behave the same on SQLite and PostgreSQL.

Neither database folds Vietnamese diacritics or sorts by the Vietnamese alphabet out of the box
(SQLite has no ICU; PostgreSQL's ICU collations are optional), so the portal stores the keys."""

import unicodedata
from functools import lru_cache

# The Vietnamese alphabet: ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u.
ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "x",
    "y",
]
_RANK = {letter: 21 + i for i, letter in enumerate(ALPHABET)}
for _ascii in "fjwz":  # letters of foreign words sort after y
    _RANK[_ascii] = 50 + "fjwz".index(_ascii)
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
# Tones are the secondary order: level, grave, hook, tilde, acute, dot below.
_TONES = {"\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}
SORT_KEY_CHARS = 120


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case without diacritics ("Hà Quảng" → "ha quang"), for diacritic-blind search."""
    text = (text or "").lower().replace("đ", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(stripped.split())


def _letters(text: str):
    """(letter with its letter marks, tone) for each character of `text`."""
    for char in (text or "").lower():
        parts = unicodedata.normalize("NFD", char)
        base = parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS)
        tone = next((_TONES[m] for m in parts[1:] if m in _TONES), 1)
        yield unicodedata.normalize("NFC", base), tone


def sort_key(text: str) -> str:
    """A digits-only key ordering text by the Vietnamese alphabet, tones second.

    Digits only, so every database collation orders it the same way. Two digits per character
    (10 space and punctuation, 11-20 digits, 21-49 letters), then "0" and one tone digit each."""
    primary, tones = [], []
    for letter, tone in list(_letters(text))[:SORT_KEY_CHARS]:
        if letter in _RANK:
            primary.append(f"{_RANK[letter]:02d}")
        elif letter.isdigit():
            primary.append(f"{11 + int(letter) if letter in '0123456789' else 99:02d}")
        elif letter.isspace() or not letter.isalnum():
            primary.append("10")
        else:
            primary.append("99")
        tones.append(str(tone))
    return "".join(primary) + "0" + "".join(tones)
