"""Two more noise models, different in kind from ``noise.py`` (which models romanisation
drift: kh/h, i/y, suffixes, one doubled or dropped letter, leaks).

``phonetic``: what a listener or a translator who writes by ear does. Voicing anywhere in the
word (d/t, g/k, b/p, z/s, zh/sh, v/f: "Lutsg", "Kostyandinivka"), vowels heard differently
(a/o, e/i, y/i, u/o, a/e: "Dnirpa" with a swap), a consonant cluster simplified (st -> s,
nts -> ns) or a soft sign's i lost (-ivka -> -vka never: only a doubled vowel reduced).

``keyboard-ocr``: what hands and scanners do. A QWERTY neighbour typed for a letter or
slipped in beside it, OCR confusions (m/rn, cl/d, h/b, u/ii, w/vv, l/I), a word split in two
or two words joined, and letters lost around a foreign-script leak.

``keyboard-ocr`` is held out: nothing in toponorm is tuned on it (benchmarks/calibrate.py uses
``noise.py`` and ``phonetic`` only). Every draw comes from the ``random.Random`` passed in.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

__all__ = ["HELD_OUT", "MODELS", "garble_by"]

Variant = tuple[int, int, str]  # replace name[start:end] with text
Operation = Callable[[str], list[Variant]]


def _subs(pairs: dict[str, tuple[str, ...]], where: str = "") -> Operation:
    def op(name: str) -> list[Variant]:
        out = []
        low = name.lower()
        for pat, reps in pairs.items():
            for m in re.finditer(where + pat, low):
                if m.start() == 0:
                    continue  # the first letter stays: a reader keeps it
                for r in reps:
                    out.append((m.start(), m.end(), _case(name[m.start():m.end()], r)))
        return out
    return op


def _case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


# -- phonetic --------------------------------------------------------------------------------
_VOICING = {"d": ("t",), "t": ("d",), "g": ("k",), "k": ("g",), "b": ("p",), "p": ("b",),
            "(?<![kcs])z(?!h)": ("s",), "(?<![kcsz])s(?!h)": ("z",), "zh": ("sh",),
            "(?<![sc])sh": ("zh",), "v": ("f",), "f": ("v",)}
_VOWELS = {"a": ("o", "e"), "o": ("a", "u"), "e": ("i",), "(?<![aeiouy])i(?![aeiou])": ("e", "y"),
           "(?<![aeiou])y(?![aeiou])": ("i",), "u": ("o",)}
_CLUSTERS = {"st(?=[^aeiouy])": ("s",), "nts": ("ns",), "ntsk": ("nsk",), "dsk": ("tsk",),
             "ii": ("i",), "yi": ("i",)}


def _swap(name: str) -> list[Variant]:
    return [(i, i + 2, name[i + 1] + name[i]) for i in range(1, len(name) - 1)
            if name[i].isalpha() and name[i + 1].isalpha() and name[i] != name[i + 1]]


_PHONETIC: dict[str, Operation] = {
    "voicing": _subs(_VOICING),
    "vowel": _subs(_VOWELS),
    "cluster": _subs(_CLUSTERS),
    "vowel+swap": lambda n: _subs(_VOWELS)(n) and [(0, len(n), "\0swap")],
}


# -- keyboard and OCR ----------------------------------------------------------------------
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _i, _c in enumerate(_row):
        near = _row[max(0, _i - 1):_i] + _row[_i + 1:_i + 2]
        _NEIGHBOURS[_c] = near
_OCR = {"m": ("rn",), "rn": ("m",), "cl": ("d",), "d": ("cl",), "h": ("b",), "u": ("ii",),
        "w": ("vv",), "l": ("I",), "n": ("ri",), "e": ("c",)}
_TAMIL = "கஙசஞடணதநபமயரலவழளறனாிீுூெேைொோ்"


def _slip(name: str) -> list[Variant]:
    return [(i, i + 1, _case(c, n)) for i, c in enumerate(name.lower()) if i
            for n in _NEIGHBOURS.get(c, "")]


def _extra(name: str) -> list[Variant]:
    return [(i, i + 1, name[i] + n) for i, c in enumerate(name.lower()) if i
            for n in _NEIGHBOURS.get(c, "")]


def _split_or_join(name: str) -> list[Variant]:
    joins = [(m.start(), m.end(), "") for m in re.finditer(r"[ \-]", name)]
    splits = [(i, i, " ") for i in range(3, len(name) - 3)
              if name[i - 1].isalpha() and name[i].isalpha()]
    return joins or splits


def _leak_loss(name: str) -> list[Variant]:
    return [(i, i + k, "\0") for k in (1, 2) for i in range(2, len(name) - k - 1)
            if name[i:i + k].isalpha()]


_KEYBOARD_OCR: dict[str, Operation] = {
    "keyboard-slip": _slip,
    "keyboard-extra": _extra,
    "ocr": _subs(_OCR),
    "split-join": _split_or_join,
    "leak-loss": _leak_loss,
}

MODELS: dict[str, dict[str, Operation]] = {"phonetic": _PHONETIC, "keyboard-ocr": _KEYBOARD_OCR}
#: The model nothing is tuned on.
HELD_OUT = "keyboard-ocr"


def _apply(name: str, ops: dict[str, Operation], rng: random.Random) -> tuple[str, str] | None:
    usable = [(op, v) for op, f in ops.items() if (v := f(name))]
    if not usable:
        return None
    op, variants = rng.choice(usable)
    start, end, text = rng.choice(variants)
    if text == "\0swap":  # a vowel heard differently, and two letters swapped
        changed = _apply(name, {"vowel": _PHONETIC["vowel"]}, rng)
        swaps = _swap(changed[0]) if changed else []
        if not changed or not swaps:
            return None
        s, e, t = rng.choice(swaps)
        return changed[0][:s] + t + changed[0][e:], op
    if text == "\0":
        text = "".join(rng.choice(_TAMIL) for _ in range(rng.randint(2, 4)))
    return name[:start] + text + name[end:], op


def garble_by(model: str, name: str, rng: random.Random, level: int = 1
              ) -> tuple[str, tuple[str, ...]]:
    """``name`` with ``level`` operations of ``model`` applied, and their names; never equal to
    ``name`` (the first letter is kept)."""
    ops = MODELS[model]
    for _ in range(20):
        out, done = name, []
        for _ in range(level):
            step = _apply(out, ops, rng)
            if step is None:
                break
            out, op = step
            done.append(op)
        if out != name and len(done) == level:
            return out, tuple(done)
    return name + name[-1], ("double",)
