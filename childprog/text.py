"""Text keys written on save, so search and sorting behave the same on SQLite and PostgreSQL.

Neither database folds Vietnamese diacritics or sorts by the Vietnamese alphabet out of the box
(SQLite has no ICU; PostgreSQL's ICU collations are optional), so the portal stores the keys."""

import unicodedata
from functools import lru_cache

from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Concat, Lower

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


class _WithoutMarks(dict):
    """A str.translate table that drops combining marks, filled as characters are met (a text has
    few distinct characters; str.translate then works in C instead of a loop per character)."""

    def __missing__(self, code: int):
        out = self[code] = None if unicodedata.combining(chr(code)) else code
        return out


_WITHOUT_MARKS = _WithoutMarks()


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case without diacritics ("Hà Quảng" → "ha quang"): the key of names matched whole
    (import headers, movements). Search folds further, with `fold`."""
    text = (text or "").lower().replace("đ", "d")
    stripped = unicodedata.normalize("NFD", text).translate(_WITHOUT_MARKS)
    return " ".join(stripped.split())


def _letters(text: str):
    """(letter with its letter marks, tone) for each character of `text`."""
    for char in (text or "").lower():
        parts = unicodedata.normalize("NFD", char)
        base = parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS)
        tone = next((_TONES[m] for m in parts[1:] if m in _TONES), 1)
        yield unicodedata.normalize("NFC", base), tone


@lru_cache(maxsize=8192)
def sort_key(text: str) -> str:
    """A digits-only key ordering text by the Vietnamese alphabet, tones second.

    Digits only, so every database collation orders it the same way. Two digits per character
    (10 space and punctuation, 11-20 digits, 21-49 letters), then "0" and one tone digit each."""
    text = (text or "").lower()[:SORT_KEY_CHARS]
    return text.translate(_PRIMARY_DIGITS) + "0" + text.translate(_TONE_DIGITS)


@lru_cache(maxsize=4096)
def _char_key(char: str) -> tuple[str, str]:
    """(two primary digits, one tone digit) of one lower-case character (a text has few distinct
    characters: worked out once each, the bulk import writes thousands of keys a second)."""
    ((letter, tone),) = _letters(char)
    if letter in _RANK:
        primary = f"{_RANK[letter]:02d}"
    elif letter.isdigit():
        primary = f"{11 + int(letter) if letter in '0123456789' else 99:02d}"
    elif letter.isspace() or not letter.isalnum():
        primary = "10"
    else:
        primary = "99"
    return primary, str(tone)


class _CharKeys(dict):
    """A str.translate table from a character to one part of its `_char_key`, filled as met."""

    def __init__(self, part: int):
        super().__init__()
        self.part = part

    def __missing__(self, code: int) -> str:
        out = self[code] = _char_key(chr(code))[self.part]
        return out


_PRIMARY_DIGITS, _TONE_DIGITS = _CharKeys(0), _CharKeys(1)


# -- diacritic-blind search ------------------------------------------------------------------------
# Punctuation separates words for search ("12-QĐ/HĐTN" is "12 qd hdtn", "lucha.haquang" is
# "lucha haquang"), so that a word typed finds the start of any word of the text.
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~–—“”‘’…"
_PUNCTUATION_TO_SPACE = str.maketrans(_PUNCTUATION, " " * len(_PUNCTUATION))
SQLITE_FOLD_FUNCTION = "childprog_fold"


def fold(text) -> str:
    """The search form of a text: `normalise` with punctuation as spaces ("QĐ-TĐTN" → "qd tdtn")."""
    return " ".join(normalise(str(text or "")).translate(_PUNCTUATION_TO_SPACE).split())


def search_key(*texts) -> str:
    """The stored search form of a row's texts (`fold` of them, with a leading space so that the
    first word too starts with " "): what `search(..., folded_field=...)` looks in."""
    return " " + fold(" ".join(str(t) for t in texts if t))


def _postgresql_fold_map() -> tuple[str, str]:
    """The characters `fold` changes one for one, for PostgreSQL's translate(): accented Latin
    letters (both cases, since lower() of a non-ASCII letter depends on the database locale) and
    punctuation. What translate() leaves in upper case is ASCII, which lower() folds everywhere."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = normalise(char)
        if len(folded) == 1 and folded.isascii() and folded != char.lower():
            source.append(char)
            target.append(folded)
    return "".join(source) + _PUNCTUATION, "".join(target) + " " * len(_PUNCTUATION)


POSTGRESQL_FOLD_FROM, POSTGRESQL_FOLD_TO = _postgresql_fold_map()


class Folded(Func):
    """`fold` of a column inside the database, the same on SQLite (a Python function registered on
    each connection, see childprog.apps) and PostgreSQL (translate() and lower(), no extension)."""

    function = SQLITE_FOLD_FUNCTION
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        translated = Func(
            *self.get_source_expressions(),
            Value(POSTGRESQL_FOLD_FROM),
            Value(POSTGRESQL_FOLD_TO),
            function="TRANSLATE",
            output_field=TextField(),
        )
        return Lower(translated).as_sql(compiler, connection, **extra_context)


def search(queryset, text: str, fields, *, folded_field: str | None = None):
    """Rows where every word typed begins a word of one of `fields`, diacritics, case and
    punctuation ignored: "ha quang" and "HÀ QUẢNG" find "Hà Quảng", "qd" finds "12-QĐ/HĐTN".
    Only word starts count, because short syllables such as "ha" occur inside many words.

    `folded_field` names a column that already holds `search_key` of the row's texts, kept on save
    for a large table so that the list does not fold every row on every search; both ways the
    text typed is folded by `fold`, so every list finds the same words."""
    words = fold(text).split()
    if folded_field:
        for word in words:
            queryset = queryset.filter(**{f"{folded_field}__contains": " " + word})
        return queryset
    if not words:
        return queryset
    names = [f"_search_{i}" for i in range(len(fields))]
    queryset = queryset.alias(
        **{
            f"_search_{i}": Concat(Value(" "), Folded(F(f)), output_field=TextField())
            for i, f in enumerate(fields)
        }
    )
    for word in words:
        match = Q()
        for name in names:
            match |= Q(**{f"{name}__contains": " " + word})
        queryset = queryset.filter(match)
    return queryset
