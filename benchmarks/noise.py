"""A noise model that garbles KMU 2010 place names the way real English text does.

Machine translation, Russian-based romanisations, German/Polish spellings and broken text
pipelines all produce the same families of error. ``garble(name, rng, level)`` applies
``level`` (1, 2 or 3) of the operations below, one after another, each drawn uniformly from
the operations that apply to the current string (then one of its occurrences and one of its
replacements, uniformly); it never returns its input unchanged. Every draw comes from the
``random.Random`` passed in, so a fixed seed gives the same queries on every run.

Operations (name: what it does, example):

``kh-h-g``
    transliteration drift of х/г/ґ: kh -> h|g, h -> kh|g, g -> h|kh
    (Kharkiv -> Harkiv, Horlivka -> Gorlivka). An h that ends kh/zh/ch/sh is not touched.
``i-y-j``
    i/y/ii/yi/j drift: i -> y|ii|j, y -> i|yi|j, ii -> i|yi|y, yi -> i|ii|y, j -> i|y
    (Khmelnytskyi -> Khmelnitskyi, Kryvyi Rih -> Kryvii Rih).
``ia-ya-ja``
    ia -> ya|ja, ya -> ia|ja, ja -> ia|ya (Tiahynka -> Tyahynka).
``iu-yu-ju``
    iu -> yu|ju, yu -> iu|ju, ju -> iu|yu (Yuzhnoukrainsk -> Iuzhnoukrainsk).
``ie-ye-e``
    ie -> ye|e, ye -> ie|e, e -> ie|ye (Sievierodonetsk -> Sevierodonetsk).
``ts-c-tz-z``
    ts -> c|tz|z, tz -> ts|c, c (not in ch) -> ts|tz (Lutsk -> Luck, Donetsk -> Donezk).
    A plain z of the source is left alone: it is its own letter in KMU 2010.
``v-w``
    v -> w, w -> v (Lviv -> Lwiw).
``zh-j-g``
    zh -> j|g, j -> zh (Zhytomyr -> Jytomyr).
``shch-sch``
    shch -> sch, sch -> shch (Shchastia -> Schastia).
``final-voicing``
    a word-final d -> t or t -> d (Bakhmut -> Bakhmud).
``suffix-ivka``
    -ivka -> -ovka|-evka, -ovka/-evka -> -ivka (Novoprokopivka -> Novoprokopovka).
``suffix-ske``
    -ske -> -skoye|-skoe, -skoye/-skoe -> -ske (Pokrovske -> Pokrovskoye).
``suffix-skyi``
    -skyi -> -sky|-skiy|-skii (Pereiaslav-Khmelnytskyi -> Pereiaslav-Khmelnytsky).
``double``
    one letter written twice (Irpin -> Irrpin).
``drop``
    one letter after the first dropped (Bucha -> Buha); only in words of 5+ letters.
``swap``
    two adjacent, different letters swapped (Kherson -> Khreson).
``script-leak``
    a run of 2-4 Tamil or Devanagari characters inserted inside a word, as broken
    machine-translation pipelines do (Lisichansk -> Lisiான்ansk, Irpin -> Irpमनin).
``look-alike``
    one Latin letter replaced by its Cyrillic or Greek look-alike: a -> а, o -> о|ο, e -> е,
    p -> р, c -> с, i -> і, and capitals A/O/E/P/C/I -> А|Α, О|Ο, Е|Ε, Р|Ρ, С, І|Ι
    (Odesa -> Оdesa with a Cyrillic О: it looks identical and matches nothing).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

__all__ = ["OPERATIONS", "garble", "garble_with_ops"]

# (pattern, replacements); patterns are matched case-insensitively on the current string
_Sub = tuple[str, tuple[str, ...]]

_SUBSTITUTIONS: dict[str, tuple[_Sub, ...]] = {
    "kh-h-g": (("kh", ("h", "g")), ("(?<![kzcs])h", ("kh", "g")), ("g", ("h", "kh"))),
    "i-y-j": (("ii", ("i", "yi", "y")), ("yi", ("i", "ii", "y")),
              ("(?<![iy])i(?![iy])", ("y", "ii", "j")), ("(?<![iy])y(?![iy])", ("i", "yi", "j")),
              ("(?<!z)j", ("i", "y"))),
    "ia-ya-ja": (("ia", ("ya", "ja")), ("ya", ("ia", "ja")), ("ja", ("ia", "ya"))),
    "iu-yu-ju": (("iu", ("yu", "ju")), ("yu", ("iu", "ju")), ("ju", ("iu", "yu"))),
    "ie-ye-e": (("ie", ("ye", "e")), ("ye", ("ie", "e")), ("(?<![iy])e", ("ie", "ye"))),
    "ts-c-tz-z": (("ts", ("c", "tz", "z")), ("tz", ("ts", "c")), ("c(?!h)", ("ts", "tz"))),
    "v-w": (("v", ("w",)), ("w", ("v",))),
    "zh-j-g": (("zh", ("j", "g")), ("(?<!z)j", ("zh",))),
    "shch-sch": (("shch", ("sch",)), ("(?<!s)sch", ("shch",))),
    "final-voicing": ((r"(?<=[a-z])d\b", ("t",)), (r"(?<=[a-z])t\b", ("d",))),
    "suffix-ivka": ((r"ivka\b", ("ovka", "evka")), (r"[oe]vka\b", ("ivka",))),
    "suffix-ske": ((r"ske\b", ("skoye", "skoe")), (r"sko[y]?e\b", ("ske",))),
    "suffix-skyi": ((r"skyi\b", ("sky", "skiy", "skii")),),
}

_TAMIL = "கஙசஞடணதநபமயரலவழளறனாிீுூெேைொோ்"
_DEVANAGARI = "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसहािीुूेैोौं्"
_LOOK_ALIKES = {
    "a": "а", "o": "оο", "e": "е", "p": "р", "c": "с", "i": "і",
    "A": "АΑ", "O": "ОΟ", "E": "ЕΕ", "P": "РΡ", "C": "С", "I": "ІΙ",
}

Variant = tuple[int, int, str]  # replace name[start:end] with text
Operation = Callable[[str], list[Variant]]


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _substitution(subs: tuple[_Sub, ...]) -> Operation:
    def variants(name: str) -> list[Variant]:
        out: list[Variant] = []
        for pattern, replacements in subs:
            for m in re.finditer(pattern, name, flags=re.IGNORECASE):
                for r in replacements:
                    out.append((m.start(), m.end(), _match_case(m.group(), r)))
        return out
    return variants


def _letters(name: str) -> list[int]:
    return [i for i, ch in enumerate(name) if ch.isascii() and ch.isalpha()]


def _double(name: str) -> list[Variant]:
    return [(i, i + 1, name[i] + name[i].lower()) for i in _letters(name)]


def _drop(name: str) -> list[Variant]:
    out = []
    for word in re.finditer(r"[A-Za-z]{5,}", name):
        out += [(i, i + 1, "") for i in range(word.start() + 1, word.end())]
    return out


def _swap(name: str) -> list[Variant]:
    out = []
    for i in range(len(name) - 1):
        a, b = name[i], name[i + 1]
        if a.isalpha() and b.isalpha() and a.lower() != b.lower() and not a.isupper():
            out.append((i, i + 2, b + a))
    return out


def _script_leak(name: str) -> list[Variant]:
    # a placeholder per interior position; the inserted run is drawn in garble_with_ops
    return [(i, i, "\0") for i in range(2, len(name) - 1)
            if name[i - 1].isalpha() and name[i].isalpha()]


def _look_alike(name: str) -> list[Variant]:
    return [(i, i + 1, alt) for i, ch in enumerate(name) for alt in _LOOK_ALIKES.get(ch, "")]


#: Every operation by name, in the order of the module docstring.
OPERATIONS: dict[str, Operation] = {
    **{name: _substitution(subs) for name, subs in _SUBSTITUTIONS.items()},
    "double": _double,
    "drop": _drop,
    "swap": _swap,
    "script-leak": _script_leak,
    "look-alike": _look_alike,
}


def _apply_one(name: str, rng: random.Random) -> tuple[str, str] | None:
    ops = [(op_name, v) for op_name, op in OPERATIONS.items() if (v := op(name))]
    if not ops:
        return None
    op_name, variants = rng.choice(ops)
    start, end, text = rng.choice(variants)
    if text == "\0":
        alphabet = rng.choice((_TAMIL, _DEVANAGARI))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 4)))
    return name[:start] + text + name[end:], op_name


def garble_with_ops(name: str, rng: random.Random, level: int) -> tuple[str, tuple[str, ...]]:
    """``garble``, also returning the names of the operations applied, in order."""
    if level not in (1, 2, 3):
        raise ValueError("level must be 1, 2 or 3")
    for _ in range(20):
        out, ops = name, []
        for _ in range(level):
            step = _apply_one(out, rng)
            if step is None:
                break
            out, op_name = step
            ops.append(op_name)
        if out != name and len(ops) == level:
            return out, tuple(ops)
    # operations that undid each other 20 times in a row: fall back to a doubled letter
    i = rng.choice(_letters(name) or [0])
    return name[: i + 1] + name[i: i + 1].lower() + name[i + 1:], ("double",)


def garble(name: str, rng: random.Random, level: int) -> str:
    """``name`` with ``level`` (1-3) noise operations applied; never equal to ``name``."""
    return garble_with_ops(name, rng, level)[0]
