"""The word lists: what a capitalised word may be besides a place (English words, first names,
countries, towns abroad, demonyms, fixed expressions). Each list is read on first use, once."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz.distance import OSA

from ..query.drift import drift_fold
from .artifact import read_data


class Places(Protocol):
    """What the word lists ask of the gazetteer (to tell "Kievan" from a garble)."""

    def known_forms(self) -> frozenset[str]: ...

    def names_city_or_oblast(self, form: str) -> bool: ...

__all__ = ["Lexicon"]

# Endings that make a demonym or a language of a country's name: Russians, Belarusian, Polish.
_DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "es", "is", "e", "i", "ic", "ns",
                     "n")
# Endings of English adjectives and people of a place: Kievan, Odessan, Kharkivite.
_PLACE_ADJECTIVE_SUFFIXES = ("ians", "ian", "eans", "ean", "ans", "an", "ites", "ite")
# Endings a stem may have lost to such a suffix: Zaporozh(ye)-ian, Odess(a)-an.
_STEM_ENDINGS = ("", "a", "e", "ia", "ya", "ye")


class Lexicon:
    """Word lists bundled with the gazetteer (see docs/data.md for their sources)."""

    def __init__(self, gaz: Places, header: dict[str, Any], data_dir: Path | None = None
                 ) -> None:
        self._gaz = gaz
        self._data_dir = data_dir
        #: folded expressions (dishes, historical terms) inside which nothing is a place
        self.fixed_expressions: tuple[str, ...] = tuple(header["fixed_expressions"])
        self._fixed = frozenset(self.fixed_expressions)
        #: folded Ukrainian and Russian given names (curated): people, not garbled places
        self.given_names: frozenset[str] = frozenset(header["given_names"])
        #: Ukraine's own name and adjective, every case in every romanisation ("ukraina",
        #: "ukrayinu", "ukrainskoy"): such words are places only by an exact name (Ukrainske)
        self.country_words: frozenset[str] = frozenset(header["country_words"])
        self._lock = threading.Lock()
        self._sets: dict[str, frozenset[str]] = {}
        self._english_sets: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = None
        self._parts: dict[str, tuple[str, str]] | None = None
        self._fixed_res: tuple[re.Pattern[str], re.Pattern[str]] | None = None

    def preload(self) -> None:
        self.english_words()
        self.countries()
        self.country_codes()
        self.places_abroad()
        self.city_parts()
        self.english_given_names()
        self._country_prefixes()

    def _word_set(self, name: str, build: Callable[[], Iterable[str]]) -> frozenset[str]:
        """A list, read on first use (once, whatever the threads)."""
        words = self._sets.get(name)
        if words is None:
            with self._lock:
                words = self._sets.get(name)
                if words is None:
                    words = frozenset(build())
                    self._sets[name] = words
        return words

    def _file(self, name: str, file: str, parse: Callable[[str], Iterable[str]]
              ) -> frozenset[str]:
        return self._word_set(name, lambda: parse(read_data(file, self._data_dir).decode("utf-8")))

    def english_words(self) -> frozenset[str]:
        """Lower-cased English words and proper nouns (SCOWL); see docs/data.md."""
        return self._english()[2]

    def common_words(self) -> frozenset[str]:
        """Common English words only (SCOWL's lower-case entries)."""
        return self._english()[0]

    def proper_nouns(self) -> frozenset[str]:
        """English proper nouns (SCOWL's capitalised entries), lower-cased: Peter, Stefan."""
        return self._english()[1]

    def _english(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        sets = self._english_sets
        if sets is None:
            with self._lock:
                sets = self._english_sets
                if sets is None:
                    raw = read_data("english_words.txt.gz", self._data_dir)
                    words = raw.decode("utf-8").split()
                    common = frozenset(w for w in words if w.islower())
                    proper = frozenset(w.lower() for w in words if not w.islower())
                    sets = self._english_sets = (common, proper, common | proper)
        return sets

    def countries(self) -> frozenset[str]:
        """Country names (GeoNames), folded; Ukraine is not among them."""
        return self._file("countries", "countries.txt.gz",
                          lambda text: (" ".join(line.lower().split())
                                        for line in text.splitlines() if line))

    def country_codes(self) -> frozenset[str]:
        """ISO 3166 alpha-3 codes (Ukraine's left out) and US state codes, in capitals, as
        written: "Odessa, TX", "Odesa, USA"."""
        return self._file("codes", "country_codes.txt.gz", str.split)

    def places_abroad(self) -> frozenset[str]:
        """Folded names of towns outside Ukraine (GeoNames, 15,000 people or more, and the
        English/Russian forms of those in Russia, Belarus and Moldova): Tiraspol, Grodno,
        Shebekino are no garbles of Ternopil, Horodnia, Shcholkine."""
        return self._file("abroad", "places_abroad.txt.gz",
                          lambda text: (line for line in text.splitlines() if line))

    def city_parts(self) -> dict[str, tuple[str, str]]:
        """Names of neighbourhoods and suburbs inside Kyiv and Sevastopol (GeoNames; no unit
        of the codifier), each with its city's unit id and its own name: Pozniaky, Obolon.
        Keyed by ``drift_fold`` of the folded name without spaces, so that every spelling the
        drift explains (Poznyaky, Pozniaky) reads the same."""
        parts = self._parts
        if parts is None:
            with self._lock:
                if self._parts is None:
                    text = read_data("city_parts.tsv.gz", self._data_dir).decode("utf-8")
                    self._parts = {drift_fold(form.replace(" ", "")): (city, name)
                                   for form, city, name in
                                   (line.split("\t") for line in text.splitlines())}
                parts = self._parts
        return parts

    def english_given_names(self) -> frozenset[str]:
        """Folded common English first names (US Census 1990, 1,247 borne by at least 0.015%
        of either sex): Mark, Grace, Will are names as well as words."""
        return self._file("english_given", "english_given_names.txt.gz", str.split)

    def is_fixed_expression(self, folded: str) -> bool:
        """Whether a folded query is a dish, historical term or region named after a place
        ("chicken kiev", "galicia", "donbass"): curated, see fixed_expressions.tsv."""
        return folded in self._fixed

    def fixed_expression_spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted (start, end) of the fixed expressions written in ``text`` ('Chicken Kiev',
        'battle-of-Kharkov'), whole words only."""
        lower, any_case = self._fixed_patterns()
        folded = text.lower()
        # (a lower-cased text scans about three times faster than a case-blind pattern; a few
        # letters lower into two, 'İ', and shift the offsets: then the case-blind one)
        if len(folded) == len(text):
            return [m.span() for m in lower.finditer(folded)]
        return [m.span() for m in any_case.finditer(text)]

    def _fixed_patterns(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        if self._fixed_res is None:
            exprs = sorted(self.fixed_expressions, key=len, reverse=True)
            alternatives = "|".join(r"[\s\-]+".join(map(re.escape, e.split())) for e in exprs)
            # (the look-ahead on the first letters lets the engine skip most positions)
            firsts = re.escape("".join(sorted({e[0] for e in exprs})))
            self._fixed_res = (
                re.compile(rf"(?<!\w)(?=[{firsts}])(?:{alternatives})(?!\w)"),
                re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))
        return self._fixed_res

    def names_the_country(self, folded: str, form: str = "") -> bool:
        """Whether a word of a folded query is Ukraine's name or adjective, in any case or
        romanisation ("ukraina", "ukrayinu", "ukrainska"), and not a word of ``form``, the
        name it was matched to: a garble of Ukrainka it never is, but Nova Ukraina is a
        village, and "Novaya Ukraina" its Russian name."""
        words = set(form.split())
        return any(w in self.country_words and w not in words for w in folded.split())

    def _country_prefixes(self) -> frozenset[str]:
        names = [*self.countries(), "ukraine"]  # "Ukranian" is no garble of Ukrainka
        return self._word_set("country_prefixes", lambda: (
            c[:k] for c in names for k in range(4, len(c) + 1)))

    def is_demonym(self, folded: str) -> bool:
        """'belarusian', 'russians', 'polish', 'slovenes': an adjective or people of a country;
        also Ukraine's own misspelt one letter off ('ukranian', 'ukarainian')."""
        if folded[:2] == "uk" and len(folded) >= 8 and \
                min(OSA.distance(folded, d) for d in ("ukrainian", "ukrainians")) <= 1:
            return True
        prefixes = self._country_prefixes()
        for suffix in _DEMONYM_SUFFIXES:
            stem = folded[: -len(suffix)]
            if folded.endswith(suffix) and stem in prefixes and (
                    suffix not in ("n", "ns") or stem.endswith("a")):
                return True  # a bare -n follows -a (Russian, Kenyan), not -u (Perun)
        return self.is_place_adjective(folded)

    def is_place_adjective(self, folded: str) -> bool:
        """'kievan', 'odessan', 'zaporozhian', 'kharkivite': an English adjective or people of
        a place the gazetteer names, which is not the place (Kievan Rus, the Zaporozhian Host).
        (Only cities and oblasts have English adjectives; a village's name plus -ns is a
        garble: Lysychans is Lysychansk, not "of Lysycha".)"""
        if " " in folded or len(folded) < 6:
            return False
        gaz = self._gaz
        if folded in gaz.known_forms():
            return False
        for suffix in _PLACE_ADJECTIVE_SUFFIXES:
            if folded.endswith(suffix):
                stem = folded[: -len(suffix)]
                if len(stem) >= 4 and any(gaz.names_city_or_oblast(stem + end)
                                          for end in _STEM_ENDINGS):
                    return True
        return False
