"""Candidate generation: the forms a query may be a spelling of. Never scans the gazetteer;
every path goes through an index.

1. the folded form itself in the variant index (exact: an official name, another
   romanisation, a Russian or former name, a GeoNames alternate);
2. the phonetic key(s) in the phonetic index (drift the key forgets: vowels, kh/h/g, ts/c...);
3. phonetic keys within a small edit distance, searched only in the bucket of keys with the same
   first sound class and a close length (dropped, doubled or swapped consonants); the keys of
   cities one edit further, even for keys too short for any other fuzzy search;
4. official names one letter edit away once the romanisations' drift is undone (a letter
   dropped, added, replaced or two swapped, the first letter kept: Yaotyn, Anoniv,
   Chytsopillia). The key cannot see these when the slip hits its first sound or merges two
   of its sounds (Antoniv's key has three consonants, Anoniv's one after the repeat
   collapses), so they are looked up letter by letter: every one-edit variant of the query in
   a dict, Norvig-style, a few hundred lookups and no scan.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel
from rapidfuzz.process import extract

from ..query.drift import drift_fold
from ..query.phonetic import distance as key_distance
from ..query.phonetic import keys as phonetic_keys
from ..store.gazetteer import Gazetteer
from ..tuning import KEY_DISTANCE_MAX, KEY_DISTANCE_STEPS, MAX_FORMS, MIN_LETTER_EDIT_LENGTH

__all__ = ["Candidate", "generate", "max_key_distance"]


@dataclass(frozen=True, slots=True)
class Candidate:
    form: str  #: a folded Latin form in the gazetteer
    #: 0 when the phonetic keys are equal; -1 for an exact form match; 1 for a form found
    #: letter by letter (whatever its keys)
    key_distance: int
    key: str  #: the query key that found it
    form_key: str = ""  #: the form's own phonetic key, when the search knows it


#: First sound classes that garbles confuse (phonetic classes, see ``phonetic``): k and
#: kh (H), zh (Z) written g (H), sh (W) and s, ch (C) and sh.
_FIRST_CONFUSIONS = {"k": "H", "H": "kZ", "Z": "H", "W": "sC", "s": "W", "C": "W"}


def max_key_distance(key_length: int) -> int:
    """How far a key may drift and still be looked at: more for longer names."""
    return next((d for longest, d in KEY_DISTANCE_STEPS if key_length <= longest),
                KEY_DISTANCE_MAX)


def _near(k: str, bucket: list[str], lo: int, hi: int) -> list[tuple[int, str, str]]:
    """(distance, k, key) for the keys of ``bucket`` from ``lo`` to ``hi`` edits from ``k``."""
    if not bucket:
        return []
    return [(int(d), k, other) for other, d, _ in
            extract(k, bucket, scorer=key_distance, score_cutoff=hi, limit=None) if d >= lo]


def _one_letter_away(gaz: Gazetteer, folded: str) -> list[str]:
    """Folded official forms whose drift-folded spelling is one edit from the query's."""
    compact = folded.replace(" ", "")
    word = drift_fold(compact)
    if len(word) < MIN_LETTER_EDIT_LENGTH:
        return []
    found = _one_edit(gaz, word)
    doubled = drift_fold(compact, keep_doubles=True)
    if doubled != word:
        # a dropped letter can leave two alike side by side (Dootyshche for Dorotyshche),
        # which the fold would merge into a second difference
        found += _one_edit(gaz, doubled)
    return found


def _one_edit(gaz: Gazetteer, word: str) -> list[str]:
    index, letters = gaz.spellings()
    get = index.get
    found: list[str] = []
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        rest = tail[1:]
        if tail:
            if rest and (f := get(head + rest[0] + tail[0] + rest[1:])):  # two swapped
                found += f
            if i and (f := get(head + rest)):  # the query has a letter too many
                found += f
        if not i:
            # the first letter is the one a writer gets right (Persson is no Kherson); only
            # a swap may touch it
            continue
        for c in letters:
            if f := get(head + c + tail):  # the query lost a letter
                found += f
            if tail and (f := get(head + c + rest)):  # a letter replaced (or the word itself)
                found += f
    return found


def _keys_near(gaz: Gazetteer, folded: str
               ) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """(distance, query key, form key) of the keys near each of the query's keys, and of
    the cities' keys one edit further."""
    # (distance, query key, form key) for each key found, nearest first
    keys_found: list[tuple[int, str, str]] = []
    cities_found: list[tuple[int, str, str]] = []
    for k in phonetic_keys(folded):
        if not k:
            continue
        keys_found.append((0, k, k))
        maxd = max_key_distance(len(k))
        if maxd == 0:
            if len(k) == 2:
                # too short for a fuzzy search among 30,000 units, but a city one edit away
                # is still worth listing (Styi, Stryi): the short-word cutoff judges it
                for first in k[0] + _FIRST_CONFUSIONS.get(k[0], ""):
                    for length in (1, 2, 3):
                        cities_found += _near(k, gaz.city_keys(first, length), 1, 1)
            continue
        if len(k) > 2 and k[0] != k[1]:
            # the buckets below share the first sound, so a swap of the first two (Iprin,
            # Irpin) is looked up directly
            keys_found.append((1, k, k[1] + k[0] + k[2:]))
        # the key's own first sound, and those lost or confused in the usual way (Kerson for
        # Kherson: kh lost its h; Gitomir for Zhytomyr: zh read as g), which live in other
        # buckets
        for first in k[0] + _FIRST_CONFUSIONS.get(k[0], ""):
            for length in range(max(1, len(k) - maxd), len(k) + maxd + 1):
                keys_found += _near(k, gaz.key_bucket(first, length), 1, maxd)
            # cities one edit further still: news names cities far more than villages, and a
            # short city name garbled twice (Simeopol) is out of reach of the buckets above
            for length in range(max(1, len(k) - maxd - 1), len(k) + maxd + 2):
                cities_found += _near(k, gaz.city_keys(first, length), maxd + 1, maxd + 1)
    return keys_found, cities_found


def generate(gaz: Gazetteer, folded: str, fuzzy: bool = True, exact_too: bool = True
             ) -> list[Candidate]:
    """The candidate forms of a folded query: the exact ones first (left out unless
    ``exact_too``: the caller has them already), then, if ``fuzzy``, the neighbours."""
    out: dict[str, Candidate] = {}
    if gaz.has_latin(folded):
        out[folded] = Candidate(folded, -1, "")
    compact = folded.replace(" ", "")
    if compact != folded and gaz.has_latin(compact):
        out[compact] = Candidate(compact, -1, "")
    if not fuzzy:
        return list(out.values())
    keys_found, cities_found = _keys_near(gaz, folded)
    keys_found.sort(reverse=True)
    # farthest first, so that a form reached by a nearer key overwrites it
    best = {form: (d, k, fk) for d, k, fk in keys_found for form in gaz.key_forms(fk)}
    for d, k, fk in cities_found:
        for form in gaz.city_forms(fk):
            best.setdefault(form, (d, k, fk))
    for form in out:
        best.pop(form, None)
    if len(best) > MAX_FORMS:
        # keep the forms closest letter by letter (C speed), not an arbitrary slice
        kept = extract(folded, list(best), scorer=Indel.normalized_similarity,
                       limit=MAX_FORMS)
        best = {form: best[form] for form, _, _ in kept}
    for form, (dist, k, fk) in best.items():
        out[form] = Candidate(form, dist, k, fk)
    # after the cut: a form one letter away is never less likely than the keys' far tail
    for form in _one_letter_away(gaz, folded):
        if form not in out:
            out[form] = Candidate(form, 1, "")
    if not exact_too:
        return [c for c in out.values() if c.key_distance >= 0]
    return list(out.values())
