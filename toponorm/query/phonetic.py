"""Stage 2a: the phonetic key, a model of how romanisations of one Cyrillic name drift apart.

The key is a consonant skeleton over sound classes. It deliberately forgets what the romanisation
systems (and machine translation) disagree on:

* vowels and glides (i/y/ii/yi/j, ia/ya/ja, iu/yu/ju, ie/ye/e, -ivka/-ovka/-evka) are dropped;
* kh/h/g/gh/x are one class (Russian Г is g where Ukrainian is h; German and Polish write Х ch);
* ts/tz/tc/c are one class (Ц), ch/cz/tsch/tch another (Ч), sh/sch/sz/shch/shh/szcz another
  (Ш, Щ; shh is Щ in GOST 7.79 System B);
* zh/zj/ž and French j are one class (Ж);
* voiced and voiceless pairs d/t and z/s merge (final devoicing: Baghmud, Bakhmut), and at a
  word's end zh/sh and b/p too (Konotob, Konotop), w is v,
  ph is f, q is k, ck is k;
* a repeated class is written once (Zaporizhzhia, Odessa);
* a word-initial a/o/u is kept as one class V: an initial vowel is rarely lost.

Two names with the same key are candidates for the same place; the scorer then compares the
full folded forms. Ambiguous spellings give several keys (``keys``): 'ch' is usually Ч but is Х in
German and Polish, 'j' is usually a glide but is Ж in French, 'x' is Х in Spanish or Catalan
forms (and a Cyrillic х in a Latin word) but кс in English ones, 'ph' is f in English spellings
but п+х where a p and an h meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

__all__ = ["distance", "key", "keys"]

# longest first, so that 'shch' wins over 'sh' and 'ch'
_CLASSES: list[tuple[str, str]] = [
    ("schtsch", "W"), ("shtsch", "W"), ("chtch", "W"), ("shch", "W"), ("szcz", "W"), ("shh", "W"),
    ("tsch", "C"), ("sch", "W"), ("tch", "C"),
    ("kh", "H"), ("gh", "H"), ("zh", "Z"), ("zj", "Z"), ("sh", "W"), ("sz", "W"),
    ("ch", "C"), ("cz", "C"), ("ts", "Q"), ("tz", "Q"), ("tc", "Q"), ("ck", "k"),
    ("ph", "f"),
    ("h", "H"), ("g", "H"), ("x", "H"), ("c", "Q"), ("w", "v"), ("q", "k"),
    ("d", "t"), ("z", "s"),
    ("b", "b"), ("f", "f"), ("k", "k"), ("l", "l"), ("m", "m"), ("n", "n"), ("p", "p"),
    ("r", "r"), ("s", "s"), ("t", "t"), ("v", "v"),
]
_TABLE = dict(_CLASSES)
# voiced classes a word's end devoices beyond d/t and z/s, which merge everywhere
_DEVOICED = {"Z": "W", "b": "p"}
_PATTERN = re.compile("|".join(re.escape(k) for k, _ in _CLASSES) + "|.", re.S)


def _skeleton(folded: str, ch_as: str = "C", j_as: str = "") -> str:
    # an initial a/o/u is kept as V (Odesa, Uman, Oleksandriia/Aleksandriya); an initial e/i/y/j
    # is a glide that romanisations disagree on (Yenakiieve, Enakievo, Jenakijewe) and is dropped
    out: list[str] = ["V"] if folded[:1] in ("a", "o", "u") else []
    for m in _PATTERN.finditer(folded):
        piece = m.group()
        if piece == "ch":
            cls = ch_as
        elif piece == "j":
            cls = j_as
        else:
            cls = _TABLE.get(piece, "")
        if cls in _DEVOICED and (m.end() == len(folded) or folded[m.end()] == " "):
            cls = _DEVOICED[cls]  # final devoicing: Kaluzh is Kalush, Dub Dup
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


@lru_cache(maxsize=1 << 14)
def key(folded: str) -> str:
    """The phonetic key of a folded Latin name (see ``normalize.fold``).

    >>> key("bakhmut"), key("baghmud"), key("kostyandinivka"), key("kostiantynivka")
    ('bHmt', 'bHmt', 'kstntnvk', 'kstntnvk')
    """
    return _skeleton(folded)


@lru_cache(maxsize=1 << 13)
def keys(folded: str) -> tuple[str, ...]:
    """The key plus the readings of ambiguous spellings ('ch' as Х, 'j' as Ж, 'x' as кс, 'ph'
    as п+х), first the usual."""
    out = [_skeleton(folded)]
    if "ch" in folded:
        out.append(_skeleton(folded, ch_as="H"))
    if "j" in folded:
        out.append(_skeleton(folded, j_as="Z"))
    if "x" in folded:
        out.append(_skeleton(folded.replace("x", "ks")))  # English x (Alexandriya)
    if "ph" in folded:
        # English ph is f, but no Ukrainian romanisation writes f so: a p and an h that met
        # (Phorebyshche, Pohrebyshche with two letters swapped)
        out.append(_skeleton(folded.replace("ph", "p\0h")))
    return tuple(dict.fromkeys(out))


#: The distance between two keys: edits plus adjacent transpositions at cost 1 (optimal string
#: alignment). A swapped pair of consonants (Mopsyne, Shotska) is one slip of the hand, not two.
distance = OSA.distance
