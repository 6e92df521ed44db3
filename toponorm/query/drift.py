"""The romanisations' spelling drift (kh/h/g, y/i/j, ya/ia, doubled letters), undone so that
two spellings of one Cyrillic name compare letter by letter."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["drift_fold"]

_DRIFT = [("shch", "sch"), ("kh", "h"), ("gh", "h"), ("g", "h"), ("w", "v"), ("tz", "ts"),
          ("ck", "k"), ("ph", "f"), ("ya", "ia"), ("yu", "iu"), ("ye", "ie"), ("yi", "i"),
          ("iy", "i"), ("ii", "i"), ("y", "i"), ("j", "i"), ("x", "ks")]


@lru_cache(maxsize=1 << 14)  # a pure function of a short string: bounded, shared safely
def drift_fold(folded: str, keep_doubles: bool = False) -> str:
    """A folded name with the spelling drift of romanisation systems undone (kh/h/g -> h,
    y/ii/yi/j -> i, ya -> ia, w -> v ...) and doubled letters single (unless
    ``keep_doubles``)."""
    for a, b in _DRIFT:
        folded = folded.replace(a, b)
    if keep_doubles:
        return folded
    out = [c for k, c in enumerate(folded) if k == 0 or c != folded[k - 1]]
    return "".join(out)
