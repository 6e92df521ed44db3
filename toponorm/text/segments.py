"""Cutting text into segments of about ``tuning.SEGMENT`` characters at paragraph, line or word
breaks, the same way whether the text comes whole or as a stream of chunks."""

from __future__ import annotations

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
        window_end = min(n, start + 2 * size)
        cut = -1
        for sep in ("\n\n", "\n", " "):
            k = text.find(sep, start + size, window_end)
            if k >= 0:
                cut = k + len(sep)
                break
        if cut < 0:
            cut = window_end
        yield start, text[start:cut]
        start = cut
