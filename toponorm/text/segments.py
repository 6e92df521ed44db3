"""Cutting text into segments of about ``tuning.SEGMENT`` characters at paragraph, line or word
breaks, the same way whether the text comes whole or as a stream of chunks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..tuning import SEGMENT

__all__ = ["SEGMENT", "segments"]


def segments(text: str, final: bool, size: int = SEGMENT) -> Iterator[tuple[int, str]]:
    """(offset, segment) pieces of ``text``. Unless ``final``, a tail that may still grow into
    a longer segment is held back (not yielded)."""
    start = 0
    n = len(text)
    while start < n:
        if n - start <= size:
            if final:
                yield start, text[start:]
            return
        if not final and start + 2 * size > n:
            return  # the cut depends on text that has not arrived yet
        cut = _cut(text, start + size, min(n, start + 2 * size))
        yield start, text[start:cut]
        start = cut


# Where a segment may end, best first: a paragraph, a line, a sentence (a name and its unit
# word, "Dnipropetrovsk Oblast", are never cut apart there), a space, and in text with none of
# these any character that is no letter (a no-break space, punctuation): a word is never cut,
# unless it runs on for the whole window, and no name is that long.
_BREAKS = (re.compile("\n\n"), re.compile("\n"), re.compile(r"[.!?;] "),
           # (a space before a lower-case word that is no unit word: no name continues there)
           re.compile(r" (?=[a-z])(?!(?:oblast|region|raion|rayon|district|hromada|community"
                      r"|province)s?\b)"),
           re.compile(" "),
           re.compile(r"[^\w\u00ad\u200b-\u200d\u2060\ufeff]"))


def _cut(text: str, lo: int, hi: int) -> int:
    for pattern in _BREAKS:
        m = pattern.search(text, lo, hi)
        if m is not None:
            return m.end()
    return hi
