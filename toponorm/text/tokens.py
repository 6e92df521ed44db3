"""Words in running text: what a word is, the window of words read around a capitalised one,
and the small tests of shape (delimiters, addresses, headlines, sentence starts)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

import regex

from ..query.normalize import INVISIBLE
from ..tuning import WINDOW_AFTER, WINDOW_BEFORE

__all__ = ["CAPITALISED", "POSSESSIVE", "WORD", "Word", "adjacent", "asks", "capitalised",
           "delimiter", "ends_phrase", "headline", "in_code_token", "inside", "sentence_initial",
           "title_case", "words_around"]

# A word: letters and combining marks (a script leak keeps its marks), with inner apostrophes.
# The stdlib engine is several times faster than `regex` here; it has no \p{M}, so the mark
# blocks are named: combining diacritics, and the whole blocks of the scripts whose vowel signs
# are marks (Hebrew, Arabic, the Indic scripts, Thai).
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
          "\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
          "\ufe20-\ufe2f")
# (superscript and subscript digits are \w but no letters: "Kharkov²" has a footnote)
_LETTER = f"(?:[^\\W\\d_\u00b2\u00b3\u00b9\u2070-\u209f]|[{_MARKS}])"
# (an invisible mark between letters is inside the word: Vin<soft hyphen>nytsia is one word)
WORD = re.compile(f"{_LETTER}+(?:['\u2019\u02bc{INVISIBLE}]+{_LETTER}+)*")
# the same on ASCII text, where it reads about three times faster (most windows are ASCII)
_ASCII_WORD = re.compile("[A-Za-z]+(?:'+[A-Za-z]+)*")
POSSESSIVE = re.compile(r"['\u2019\u02bc]s$")
# a word that starts with a capital letter (not inside another word)
# (an emoji's variation selector is a mark, but no part of a word: "⚡️Kharkov")
CAPITALISED = regex.compile(
    r"(?<![\p{L}'\u2019\u02bc])(?:(?<=[\ufe00-\ufe0f])|(?<!\p{M}))\p{Lu}")


@dataclass(slots=True)
class Word:
    start: int
    end: int
    text: str  # without a possessive 's


def words_around(text: str, start: int) -> tuple[list[Word], int]:
    """The words of a window around ``start`` (absolute offsets) and the index of the word
    that starts there. The window begins at a space, so its first word is whole."""
    lo = max(0, start - WINDOW_BEFORE)
    if lo:
        # (the search back is bounded: a long line without spaces must not make the filter
        # quadratic)
        space = text.rfind(" ", max(0, lo - WINDOW_BEFORE), lo)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), start + WINDOW_AFTER)
    words: list[Word] = []
    index = -1
    pattern = _ASCII_WORD if text[lo:hi].isascii() else WORD
    for m in pattern.finditer(text, lo, hi):
        w = m.group()
        b, end = m.span()
        if b == lo and lo and text[lo - 1].isalnum():
            continue  # the window cut this word: only whole words are read
        if w[-1] == "s" and len(w) > 3 and w[-2] in "'\u2019\u02bc":
            end -= 2  # a possessive stays outside the name
            w = w[:-2]
        if b == start:
            index = len(words)
        words.append(Word(b, end, w))
    return words, index


def inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of the sorted (start, end) ``ranges``?"""
    i = bisect_right(ranges, (pos, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def delimiter(text: str, pos: int) -> bool:
    """Is text[pos] the edge of the text, white space or ordinary punctuation?"""
    if pos < 0 or pos >= len(text):
        return True
    c = text[pos]
    if c.isspace() or (c.isascii() and not c.isalnum() and c.isprintable()):
        return True
    # typographic quotes, dashes, no-break spaces; invisible marks (a byte order mark before a
    # file's first word, direction marks), footnote numbers (Kharkov²) and symbols (Kiev🇺🇦),
    # but not the replacement character that undecodable bytes become
    cat = unicodedata.category(c)
    return cat[0] in "PZ" or cat in ("Cf", "No") or (cat[0] == "S" and c != "\ufffd") \
        or "\ufe00" <= c <= "\ufe0f"


# a token (text between white space) that is an address, not prose: a URL, e-mail, path, file
# name, hashtag or handle ("wiki/Kiev", "Odessa_2022.csv", "#Kharkov"): its bytes must not change
_CODE_TOKEN = re.compile(r"://|@|www\.|[\\_=#]|\.[a-z]{2,}")
# one slash between two words is prose ("the Kharkiv/Kyiv route"); more, or at an end, a path
_PROSE_SLASH = re.compile(r"\W*\w[^/]*/\w[^/]*")


def in_code_token(text: str, start: int, end: int) -> bool:
    """Is text[start:end] part of a URL, address, file name or hashtag?"""
    lo, hi = start, end
    while lo > 0 and not text[lo - 1].isspace() and start - lo < 200:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < 200:
        hi += 1
    if _CODE_TOKEN.search(text, lo, hi) is not None:
        return True
    return "/" in text[lo:hi] and _PROSE_SLASH.fullmatch(text, lo, hi) is None


def sentence_initial(text: str, pos: int) -> bool:
    """Does the word at ``pos`` open the text, a line or a sentence (after quotes or brackets)?"""
    k = pos - 1
    while k >= 0 and (text[k] in " \t\"'\u201c\u2018\u00ab([" or text[k] in INVISIBLE):
        k -= 1
    return k < 0 or text[k] in ".!?:;\n\r\u2026"


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def headline(text: str, pos: int, share: float = 0.8) -> bool:
    """Is the line around ``pos`` in headline case (nearly every word of 4+ letters
    capitalised: "Explosions Rock Kyiv, Lviv And Dnipro")? ``share``: how many must be."""
    lo, hi = max(0, pos - 200), min(len(text), pos + 200)
    start = text.rfind("\n", lo, pos) + 1 or lo
    end = text.find("\n", pos, hi)
    end = hi if end < 0 else end
    words = _LONG_WORD.findall(text, start, end)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= share * len(words)


_SENTENCE_END = re.compile(r"[.!?\n]")


def asks(text: str, pos: int) -> bool:
    """Does the sentence from ``pos`` end in a question mark?"""
    m = _SENTENCE_END.search(text, pos, min(len(text), pos + 300))
    return m is not None and m.group() == "?"


def capitalised(w: str) -> bool:
    return w[:1].isupper()


def title_case(w: str) -> bool:
    return len(w) > 1 and w[0].isupper() and w[1:].islower()


def ends_phrase(text: str, end: int) -> bool:
    """Does a phrase end at ``end`` (the text's end or a punctuation mark)?"""
    return end >= len(text) or text[end] in ",.;:)!?\n\r"


def adjacent(text: str, words: list[Word], j: int) -> bool:
    """Is word j followed by word j+1 with just one space between them?"""
    return (j + 1 < len(words) and words[j].end == words[j].start + len(words[j].text)
            and text[words[j].end:words[j + 1].start] == " ")
