"""Stage 1: turn a raw name into the folded form the index is keyed on, recording what was done.

Folding is shared by the gazetteer build and the runtime, so both sides of every comparison were
made by the same function. Steps are returned as data (see ``Step``) so a match can say how it
was reached.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .translit import APOSTROPHES

__all__ = ["clean_query", "fold", "fold_cyrillic", "script_of"]

# Letters that have no decomposition but a clear ASCII reading.
_SPECIAL = str.maketrans({
    "ł": "l", "đ": "d", "ð": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
    "ŀ": "l", "ħ": "h", "þ": "th", "ʹ": "", "ʺ": "", "′": "", "″": "",
})
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# invisible format characters (zero-width space and joiners, soft hyphen, byte order mark,
# direction marks and embeddings) take no part in a name: Ky\u200biv is Kyiv
INVISIBLE = ("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROP = {ord(c): None for c in APOSTROPHES + "\u02b9\u02ba\u0301" + INVISIBLE}
_NO_INVISIBLE = {ord(c): None for c in INVISIBLE}


def without_invisible(text: str) -> str:
    """``text`` without the invisible marks of ``INVISIBLE`` (and nothing else changed)."""
    return text.translate(_NO_INVISIBLE)
_SPACE = {ord(c): " " for c in _DASHES + ".,;:/()[]{}\"\u00a0\u2009\u202f"}

# Cyrillic and Greek letters drawn like Latin ones: inside a Latin word they are look-alikes,
# not a switch of script (a keyboard or OCR artefact), so they are read as the Latin letter.
LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "μ": "m",
})


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of a character by its Unicode name ('LATIN', 'CYRILLIC', 'TAMIL'...), or ''."""
    if ch.isascii():
        return "LATIN" if ch.isalpha() else ""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    if unicodedata.category(ch)[0] not in "LM":
        return ""
    if name.startswith("COMBINING"):
        return "INHERITED"
    return name.split(" ", 1)[0]


@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """Lower-case ASCII reading of a Latin name: no diacritics, apostrophes or dashes.

    >>> fold("Zaporiżżia"), fold("Ivano-Frankivs'k"), fold("Kamianets-Podilskyi")
    ('zaporizzia', 'ivano frankivsk', 'kamianets podilskyi')
    """
    text = text.translate(_DROP).translate(_SPACE)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_SPECIAL)
    return " ".join(base.split())


@lru_cache(maxsize=1 << 14)
def fold_cyrillic(text: str) -> str:
    """Lower-case Cyrillic name with apostrophes, stress marks and dashes normalised."""
    text = unicodedata.normalize("NFC", text.replace("\u0301", "")).lower()
    text = text.translate(_DROP).translate(_SPACE).replace("ё", "е")
    return " ".join(text.split())


def leak_gap(text: str) -> tuple[str, str] | None:
    """The repaired text on either side of the foreign-script run inside a Latin word, when
    there is exactly one: the letters the run stood for, if any, are missing there (Chernihiமு
    is Chernihi, then a gap where the v was)."""
    marked, _ = _repair(text.replace("\0", ""), "\0")
    if marked.count("\0") != 1:
        return None
    left, right = marked.split("\0")
    return left, right


def clean_query(text: str) -> tuple[str, tuple[str, ...]]:
    """Cut foreign-script leaks out of Latin words and read look-alike letters as Latin.

    Returns the repaired text and the steps taken (empty when nothing was changed). A word that
    is wholly Cyrillic is left alone: it is a Cyrillic name, not a leak.
    """
    return _repair(text, "")


def _repair(text: str, gap: str) -> tuple[str, tuple[str, ...]]:
    """``clean_query``, writing ``gap`` once where each foreign run was cut."""
    steps: list[str] = []
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        scripts = {script_of(c) for c in word} - {"", "INHERITED"}
        if len(scripts) <= 1 or "LATIN" not in scripts:
            out.append(word)
            continue
        kept: list[str] = []
        leaked = folded = in_run = False
        for c in word:
            s = script_of(c)
            if s in ("LATIN", "") or (s == "INHERITED" and kept and script_of(kept[-1]) == "LATIN"):
                kept.append(c)
                in_run = False
            elif s in ("CYRILLIC", "GREEK") and c.lower().translate(LOOKALIKES) != c.lower():
                low = c.lower().translate(LOOKALIKES)
                kept.append(low.upper() if c.isupper() else low)
                folded = True
                in_run = False
            else:
                leaked = True  # a run of another script, with its combining signs: dropped
                if not in_run and gap:
                    kept.append(gap)
                in_run = True
        if leaked:
            steps.append("script-leak-removed")
        if folded:
            steps.append("lookalike-letters-folded")
        out.append("".join(kept))
    return " ".join(out), tuple(dict.fromkeys(steps))
