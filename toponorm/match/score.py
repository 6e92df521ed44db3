"""Scores and priors: how well a query fits a form (0-100), the score a fuzzy match needs,
and the ranking weight of a unit before any evidence.

``similarity`` puts a query and a gazetteer form on one 0-100 scale: 100 is the same folded
form; a garble that only drifts in ways the phonetic key forgets (vowels, kh/h/g, voicing) keeps
a high score; consonants that are missing or wrong cost more. The weights and the acceptance
cutoffs were chosen on the training half of the synthetic garble set and a list of English
words (``benchmarks/calibrate.py``); docs/matching.md has the curves.

``prior`` is the ranking weight of a unit before any evidence: a city outranks a village of the
same name, and a populous place outranks an empty one.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel, JaroWinkler, Levenshtein

from .. import tuning
from ..query.drift import drift_fold
from ..query.phonetic import distance as key_distance
from ..query.phonetic import key as phonetic_key
from ..query.phonetic import keys as phonetic_keys
from ..store import schema
from ..tuning import CUTOFF, SAME_LETTERS_SCORE

#: A cutoff no score reaches: the match must keep its sound key.
NEVER = 101.0
#: Kinds whose fuzzy match must keep the query's consonant classes, all of them or all but one.
_KEEP_EVERY_KEY = (schema.VILLAGE, schema.CITY_DISTRICT, schema.RAION)
_KEEP_KEY = (*_KEEP_EVERY_KEY, schema.SETTLEMENT, schema.HROMADA)

__all__ = ["CUTOFF", "fuzzy_cutoff", "has_surname_ending", "prior", "similarity"]

def fuzzy_cutoff(category: str, score_cutoff: float = CUTOFF, query: str = "",
                 form: str = "", population: int = 0, form_key: str | None = None,
                 key_slack: int = 0, relief: float = 0.0) -> float:
    """The score a fuzzy (not exact) match to a unit of ``category`` needs to be accepted.

    Short queries need more: among 140,000 forms, a 5-letter word is near something by chance;
    big cities need less (log of population).
    Consonants the key cannot explain cost more for small places: a village must keep every
    consonant class, a settlement may lose one. ``form_key``: the form's key in the reading its
    unit gives it (``Gazetteer.form_key``), when known.

    Inside a named area few names compete (match.area): ``relief`` takes back at most what
    chance adds nationwide (the kind's margin and the short-query points), and ``key_slack``
    more consonant classes may be lost.
    """
    margin = tuning.KIND_MARGIN.get(category, 0.0)
    chance = max(0.0, margin)
    cutoff = score_cutoff + margin
    if population > tuning.BIG_CITY_POPULATION and category in schema.CITIES:
        # big cities are named far more often than anything else: they need a little less
        cutoff -= min(tuning.BIG_CITY_RELIEF, tuning.BIG_CITY_RELIEF
                      * math.log10(population / tuning.BIG_CITY_POPULATION))
    if query:
        per_letter = tuning.SHORT_QUERY_POINTS_BIG if category in schema.BIG \
            else tuning.SHORT_QUERY_POINTS
        short = per_letter * max(0, tuning.SHORT_QUERY - len(query.replace(" ", "")))
        cutoff += short
        chance += short
        if form and category in _KEEP_KEY:
            fk = phonetic_key(form) if form_key is None else form_key
            kd = min(key_distance(qk, fk) for qk in phonetic_keys(query))
            # (a raion must keep its key too: its name is an adjective like a hundred others,
            # and the 490 raions abolished in 2020 are a slip away from the 136 of today:
            # Vasylkivskyi is not Vasylivskyi)
            if kd > (0 if category in _KEEP_EVERY_KEY else 1) + key_slack:
                return NEVER
    return cutoff - min(relief, chance)


def similarity(query: str, form: str, query_key: str | None = None,
               form_key: str | None = None, reconstructed: bool = False) -> float:
    """0-100 similarity of two folded Latin names, tolerant to the drift of romanisations.

    ``reconstructed``: the form is a Russian name rebuilt from the Ukrainian one, whose e and i
    the rebuilding could not tell apart (Ukrainian і is Russian е or и or о)."""
    score = _similarity(query, form, query_key, form_key, reconstructed)
    if score < SAME_LETTERS_SCORE and ("yo" in query or "io" in query or "jo" in query):
        # a query's yo/io is Russian ё, which Russian writes е and Ukrainian has as е or о
        # after a consonant (Киселёво/Киселеве, Могилёв/Могилів), as ї after a vowel
        # (Раёвка/Раївка, Russian Раевка): it may stand for a form's e or o
        for variant in {_YO.sub("e", query), _YO.sub("o", query), _YO_AFTER_VOWEL.sub("e", query)}:
            if variant != query:
                again = _similarity(variant, form, None, form_key, reconstructed)
                score = max(score, min(SAME_LETTERS_SCORE, again))
    return score


def _similarity(query: str, form: str, query_key: str | None, form_key: str | None,
                reconstructed: bool) -> float:
    if query == form:
        return tuning.EXACT_SCORE
    q = query.replace(" ", "")
    f = form.replace(" ", "")
    if q == f:
        return SAME_LETTERS_SCORE
    # letters are compared after the regular drift is undone (Sidory/Sydory, Harkiv/Kharkiv):
    # what remains is what the romanisation systems do not explain
    dq, df = drift_fold(q), drift_fold(f)
    if dq == df:
        # the same letters once the drift between romanisations is undone (Zhytomyyr):
        # another romanisation, as good as one the gazetteer lists, unless it looks like a
        # surname the form does not end like
        return SAME_LETTERS_SCORE - _surname_penalty(q, f)
    # Russian e where Ukrainian has i (the old yat: Белая for Біла, Лесное for Лісне)
    yq, yf = dq.replace("e", "i"), df.replace("e", "i")
    if reconstructed and len(dq) == len(df) and all(
            a == b or (a == "e" and b == "i") for a, b in zip(dq, df, strict=True)):
        # a rebuilt Russian name kept Ukrainian i where Russian has e: the query is that
        # Russian name, as good as another romanisation of it
        return SAME_LETTERS_SCORE - _surname_penalty(q, f)
    qk = query_key if query_key is not None else phonetic_key(q)
    fk = form_key if form_key is not None else phonetic_key(f)
    penalty = _shape_penalty(query, form, q, f, dq, df)
    letters = _letters(dq, df)
    if "e" in dq or "e" in df:
        # the yat is regular but not certain: half a difference, none against a rebuilt
        # Russian form, which kept the Ukrainian i where Russian has e
        yat = _letters(yq, yf)
        letters = yat if reconstructed else 0.5 * (letters + yat)
    # Jaro-Winkler rewards a shared beginning; read backwards it rewards a shared ending.
    # Garbles keep both ends (Baghmud, Lysyansk); a person's name that merely begins like a
    # place (Oleksandr, Oleksandriia) does not.
    shape = 0.5 * (JaroWinkler.normalized_similarity(q, f)
                   + JaroWinkler.normalized_similarity(q[::-1], f[::-1]))
    if qk or fk:
        kd = key_distance(qk, fk)
        sounds = max(0.0, 1.0 - kd / (max(len(qk), len(fk)) + 0.5))
    else:
        sounds = letters
    return round(100.0 * (tuning.LETTERS_WEIGHT * letters + tuning.SHAPE_WEIGHT * shape
                          + tuning.SOUNDS_WEIGHT * sounds) - penalty, 2)


def _shape_penalty(query: str, form: str, q: str, f: str, dq: str, df: str) -> float:
    """Points off for what garbles do not do: change a surname's ending, the length by much,
    the word boundaries, or add a word of their own."""
    # garbles change letters, they rarely add or lose many: a word much longer or shorter
    # than the form is another word that merely contains it (Zaporozhyechicken)
    penalty = _surname_penalty(q, f) + tuning.LENGTH_PENALTY * max(
        0, abs(len(q) - len(f)) - tuning.LENGTH_SLACK)
    if " " in form and " " not in query:
        # garbles change letters, not word boundaries: one word that only resembles a name
        # of several, neither beginning with its first word nor ending with its last (Stryker,
        # Staryi Krym), is likelier a word of its own; a typo in run-together words keeps one
        # of them (Novakakhova), and the words run together exactly scored 99 above
        # (a word of four letters or more: Chornyi Lis is no Cornelis)
        words = form.split(" ")
        first, last = drift_fold(words[0]), drift_fold(words[-1])
        keep = tuning.RUN_TOGETHER_MIN_WORD
        if not ((len(first) >= keep and dq.startswith(first))
                or (len(last) >= keep and dq.endswith(last))):
            penalty += tuning.RUN_TOGETHER_PENALTY
    if len(df) >= 4 and len(dq) >= len(df) + 3 and dq.startswith(df):
        # the whole name and then a word of its own: a compound (Odesagas, Kyivstar,
        # Kharkivenergo) is a company or a product, not a garble of the place
        penalty += tuning.COMPOUND_PENALTY
    return penalty


def _letters(a: str, b: str) -> float:
    """Indel similarity in which swapping two neighbouring letters costs one edit, like
    dropping one: a slip of the hand (Korokte, Korotke), not two wrong letters."""
    indel = Indel.distance(a, b)
    if indel > 1:
        # each transposition costs 2 in Levenshtein and 1 in OSA
        indel -= Levenshtein.distance(a, b) - OSA.distance(a, b)
    return 1.0 - indel / max(1, len(a) + len(b))


_YO = re.compile(r"(?<=[bcdfghklmnprstvz])[yij]o")
_YO_AFTER_VOWEL = re.compile(r"(?<=[aeou])yo")


# Endings of East Slavic surnames (Kyrylenko, Podolyak, Lavrov, Vereshchuk, Zelenskiy...).
# A query with one of them that a place form does not share is likelier a person than a garble.
_SURNAME_ENDINGS = ("enko", "chuk", "yuk", "iuk", "uk", "yak", "iak", "ak", "ov", "ev", "yov",
                    "in", "yn", "ova", "eva", "ina", "ich", "ych", "vich", "skiy", "skii", "sky",
                    "skyy", "tskiy", "ko")


def has_surname_ending(word: str) -> bool:
    return word.endswith(_SURNAME_ENDINGS)


@lru_cache(maxsize=4096)
def _surname_ending(word: str) -> str:
    return next((end for end in _SURNAME_ENDINGS if word.endswith(end)), "")


def _surname_penalty(query: str, form: str) -> float:
    end = _surname_ending(query)
    return tuning.SURNAME_PENALTY if end and not form.endswith(end) else 0.0


def prior(category: str, population: int) -> float:
    """A few points for ranking only (never for acceptance): kind, then log population."""
    if category == schema.CITY:
        population = max(population, tuning.CITY_POPULATION_FLOOR)
    return tuning.KIND_PRIOR.get(category, 0.0) + tuning.POPULATION_WEIGHT * math.log10(
        1 + population)
