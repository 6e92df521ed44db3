"""Freed memory given back to the system.

Reading the data files builds large temporary strings; once freed, the C allocator (glibc's
malloc) keeps their pages for reuse, so a process that has loaded its indexes holds about 18 MB
it no longer uses. ``trim()`` hands such pages back (``malloc_trim``); where the C library has
no such call (macOS, musl, Windows), it does nothing. It costs a few milliseconds, so the CLI
calls it after loading and then once per 4 MB of input, not per segment.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

__all__ = ["trim"]

_trim: Callable[[int], int] | None = None
_looked = False


def trim() -> None:
    """Return the heap's free pages to the system, where the C library can (glibc)."""
    global _trim, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                import ctypes
                import ctypes.util

                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                _trim = libc.malloc_trim
            except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
                _trim = None
    if _trim is not None:
        _trim(0)
