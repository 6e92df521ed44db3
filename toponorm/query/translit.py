"""Cyrillic to Latin: the official Ukrainian national system (KMU 2010) and a plain Russian one.

KMU 2010 is Cabinet of Ministers resolution No. 55 of 27 January 2010. Its rules, all applied here:

* Є, Ї, Й, Ю, Я are written Ye, Yi, Y, Yu, Ya at the start of a word, ie, i, i, iu, ia elsewhere;
* the cluster зг is written zgh (Згурівка -> Zghurivka), to keep it apart from ж (zh);
* the soft sign and the apostrophe are not written (Знам'янка -> Znamianka).

The build uses translitua for the many *variant* systems; the runtime needs only these two
(to read Cyrillic queries), and they are small enough to own and test against translitua.
"""

from __future__ import annotations

import re

__all__ = ["APOSTROPHES", "kmu2010", "russian_simple"]

#: Apostrophe look-alikes seen in Ukrainian names (U+0027, U+2019, U+02BC, U+2018, U+0060, U+00B4).
APOSTROPHES = "'\u2019\u02bc\u2018\u0060\u00b4"

_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
    # Russian letters, so that a stray Russian spelling still comes out readable
    "ё": "io", "ы": "y", "э": "e", "ъ": "",
}
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian letters, read the Russian way
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}

_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


def _romanise(text: str, table: dict[str, str], initial: dict[str, str], zgh: bool) -> str:
    out: list[str] = []
    prev_letter = False  # was the previous character part of the same word?
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        low = ch.lower()
        if ch in APOSTROPHES and prev_letter:
            i += 1  # the apostrophe is not written, and it does not start a new word
            continue
        if low in table:
            if zgh and low == "з" and i + 1 < n and text[i + 1].lower() == "г":
                piece = "zgh"
                consumed = 2
            else:
                piece = initial.get(low, table[low]) if not prev_letter else table[low]
                consumed = 1
            if piece and ch.isupper():
                following_upper = i + consumed < n and text[i + consumed].isupper()
                piece = piece.upper() if following_upper else piece[0].upper() + piece[1:]
            out.append(piece)
            prev_letter = True
            i += consumed
            continue
        out.append(ch)
        prev_letter = ch.isalpha()
        i += 1
    return "".join(out)


def kmu2010(text: str) -> str:
    """Romanise Ukrainian Cyrillic by KMU 2010; other characters pass through.

    >>> kmu2010("Сіверськодонецьк"), kmu2010("Згурівка"), kmu2010("Знам'янка")
    ('Siverskodonetsk', 'Zghurivka', 'Znamianka')
    """
    return _romanise(text, _KMU, _KMU_INITIAL, zgh=True)


def russian_simple(text: str) -> str:
    """Romanise Russian Cyrillic the way English news usually does (Kharkov, Artyomovsk)."""
    return _romanise(text, _RU, {"е": "ye", "ё": "yo"}, zgh=False)


_UKRAINIAN_LETTERS = re.compile("[іїєґІЇЄҐ]")


def has_ukrainian_letters(text: str) -> bool:
    """Does the text use a letter only Ukrainian has (і ї є ґ)? Then it is not Russian."""
    return _UKRAINIAN_LETTERS.search(text) is not None


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_LETTER.search(text) is not None
