"""The bundled gazetteer: loaded on first use, once, thread-safely; nothing is read at import.

The artifact (``data/gazetteer.json.gz``) is built by ``gazetteer/build.py``. It holds the units
of the KATOTTG codifier and three indexes of folded forms (Latin, Cyrillic, and the short forms
of oblasts, raions and hromadas), each form mapping to ``unit:mask`` postings whose mask says
which sources produced the form. The phonetic index (``data/phonetic_index.tsv.gz``) and the
English word list are separate files, loaded only when a fuzzy query first needs them.
"""

from __future__ import annotations

import json
import threading
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, lru_cache
from importlib import resources

from .errors import DataError
from .phonetic import keys as phonetic_keys
from .types import Unit

__all__ = ["KIND_BY_CATEGORY", "Gazetteer", "get_gazetteer"]

KIND_BY_CATEGORY = {"O": "oblast", "K": "city", "P": "raion", "H": "hromada", "M": "city",
                    "X": "settlement", "C": "village", "B": "city district"}
FORMAT_VERSION = 1
#: Sources that are weak evidence on their own: GeoNames' alternate names mix in historical and
#: mistaken names; reconstructed Russian names are guesses from the Ukrainian form; names given
#: up before 1991 are rarely written today.
WEAK_TAGS = ("geonames-latin", "russian-name:reconstructed", "former-name-reconstructed",
             "former-name-historical")


def _split_sections(text: str) -> dict[str, str]:
    lines_end = text.index("\n")
    if text[:lines_end] != "toponorm-gazetteer":
        raise DataError("toponorm's bundled gazetteer is not a toponorm gazetteer; reinstall")
    header_end = text.index("\n", lines_end + 1)
    out = {"header": text[lines_end + 1:header_end]}
    pos = header_end + 1
    while True:
        name_end = text.index("\n", pos)
        name = text[pos + 1:name_end]
        if name == "end":
            return out
        nxt = text.index("\n@", name_end)
        out[name] = text[name_end + 1:nxt]
        pos = nxt + 1


def _read(name: str) -> bytes:
    try:
        data = resources.files("toponorm").joinpath("data").joinpath(name).read_bytes()
        return zlib.decompress(data, wbits=31)  # gzip framing; faster than gzip.decompress
    except (OSError, EOFError, zlib.error) as exc:  # a broken install, not a user error
        raise DataError(f"toponorm's bundled data file {name!r} is missing or damaged: {exc}; "
                        "reinstall the package") from exc


Posting = tuple[int, int]  # (unit index, tag mask)


class _Section:
    """One sorted section of the artifact, split into lines on first use; found by bisection."""

    __slots__ = ("_lines", "_lock", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None
        self._lock = threading.Lock()

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            with self._lock:
                if self._lines is None:
                    self._lines = self._text.split("\n") if self._text else []
                    self._text = ""
        return self._lines

    def get(self, form: str) -> str | None:
        lines = self.lines
        probe = form + "\t"
        i = bisect_left(lines, probe)
        if i < len(lines) and lines[i].startswith(probe):
            return lines[i][len(probe):]
        return None

    def keys(self) -> list[str]:
        return [ln.split("\t", 1)[0] for ln in self.lines]


class Gazetteer:
    """Units and indexes. Use ``get_gazetteer()``; building one costs the data load."""

    def __init__(self) -> None:
        text = _read("gazetteer.tsv.gz").decode("utf-8")
        sections = _split_sections(text)
        header = json.loads(sections["header"])
        if header.get("format") != FORMAT_VERSION:
            raise DataError("toponorm's bundled gazetteer has an unknown format; reinstall")
        self.tags: list[str] = header["tags"]
        self._masks: list[int] = header["masks"]
        self._lines: list[str] = sections["units"].split("\n")
        self._rows: dict[int, list] = {}
        self._latin = _Section(sections["latin"])
        self._cyrillic = _Section(sections["cyrillic"])
        self._short = _Section(sections["short"])
        #: folded expressions (dishes, historical terms) inside which nothing is a place
        self.fixed_expressions: tuple[str, ...] = tuple(header["fixed_expressions"])
        self._fixed = frozenset(self.fixed_expressions)
        #: folded Ukrainian and Russian given names (curated): people, not garbled places
        self.given_names: frozenset[str] = frozenset(header["given_names"])
        #: Ukraine's own name and adjective, every case in every romanisation ("ukraina",
        #: "ukrayinu", "ukrainskoy"): such words are places only by an exact name (Ukrainske)
        self.country_words: frozenset[str] = frozenset(header["country_words"])
        #: tag mask of the sources that are weak evidence on their own
        self.weak_mask = sum(1 << i for i, t in enumerate(self.tags) if t in WEAK_TAGS)
        #: the weak sources that are not regular reconstructions
        self.unattested_mask = sum(1 << i for i, t in enumerate(self.tags)
                                   if t in ("geonames-latin", "former-name-historical"))
        self.official_mask = sum(1 << i for i, t in enumerate(self.tags)
                                 if t in ("official", "official-cyrillic"))
        #: tag mask of Russian names rebuilt from the Ukrainian ones by regular rules
        self.reconstructed_mask = sum(1 << i for i, t in enumerate(self.tags)
                                      if t in ("russian-name:reconstructed",
                                               "former-name-reconstructed"))
        #: tag mask of names a unit does not bear today: former names and GeoNames alternates
        #: (which mix exonyms with old names); every other tag is a form of the current name
        self.alternate_mask = sum(1 << i for i, t in enumerate(self.tags)
                                  if t.startswith(("former-name", "geonames-")))
        self._units: dict[int, Unit] = {}
        self._tag_names: dict[int, tuple[str, ...]] = {}
        self._latin_cache: dict[str, list[Posting]] = {}
        self._lock = threading.Lock()
        self._phonetic: dict[str, list[str]] | None = None
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._city_buckets: dict[tuple[str, int], list[str]] = {}
        self._city_forms: dict[str, list[str]] = {}
        self._form_keys: dict[str, str] = {}
        self._english: frozenset[str] | None = None
        self._common: frozenset[str] | None = None
        self._proper: frozenset[str] | None = None
        self._countries: frozenset[str] | None = None
        self._abroad: frozenset[str] | None = None
        self._codes: frozenset[str] | None = None
        self._english_given: frozenset[str] | None = None
        self._country_prefixes: frozenset[str] | None = None
        self._first_words: frozenset[str] | None = None
        self._known: frozenset[str] | None = None

    # -- units -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._lines)

    def _row(self, index: int) -> list:
        row = self._rows.get(index)
        if row is None:
            c = self._lines[index].split("\t")
            row = [c[0], c[1], c[2], c[3], c[4], int(c[5]), int(c[6]), int(c[7]), int(c[8]),
                   float(c[9]) if c[9] else None, float(c[10]) if c[10] else None, int(c[11])]
            self._rows[index] = row
        return row

    def unit(self, index: int) -> Unit:
        u = self._units.get(index)
        if u is None:
            r = self._row(index)
            ids = [self._lines[j][:19] if j >= 0 else None for j in r[5:8]]
            u = Unit(id=r[0], kind=KIND_BY_CATEGORY[r[1]], category=r[1], name=r[3],
                     name_uk=r[2], short=r[4], oblast_id=ids[0], raion_id=ids[1],
                     hromada_id=ids[2], geonames_id=r[8] or None, lat=r[9], lon=r[10],
                     population=r[11] or None)
            self._units[index] = u
        return u

    @cached_property
    def _ids(self) -> dict[str, int]:
        # KATOTTG codes have a fixed width, so the id is the line's first 19 characters; built
        # on the first look-up by id, which a name look-up does not need
        return {line[:19]: i for i, line in enumerate(self._lines)}

    def index_of(self, unit_id: str) -> int | None:
        return self._ids.get(unit_id)

    def unit_by_id(self, unit_id: str) -> Unit | None:
        i = self._ids.get(unit_id)
        return None if i is None else self.unit(i)

    def units(self) -> Iterator[Unit]:
        return (self.unit(i) for i in range(len(self._lines)))

    def unit_id(self, index: int) -> str:
        return self._lines[index][:19]

    def category(self, index: int) -> str:
        return self._row(index)[1]

    def population(self, index: int) -> int:
        return self._row(index)[11]

    def parent_indexes(self, index: int) -> tuple[int, int, int]:
        r = self._row(index)
        return r[5], r[6], r[7]

    def coords(self, index: int) -> tuple[float, float] | None:
        r = self._row(index)
        return None if r[9] is None else (r[9], r[10])

    def canonical(self, index: int) -> str:
        return self._row(index)[3]

    def canonical_names(self) -> frozenset[str]:
        """Every unit's canonical name, once each (read from the lines: caching 31,000 parsed
        rows for this would cost more memory than the names)."""
        return frozenset(line.split("\t", 4)[3] for line in self._lines)

    # -- indexes -----------------------------------------------------------------------------
    def _postings(self, raw: str | None) -> list[Posting]:
        if not raw:
            return []
        out = []
        for item in raw.split(" "):
            u, m = item.split(":")
            out.append((int(u), self._masks[int(m)]))
        return out

    def latin(self, form: str) -> list[Posting]:
        hit = self._latin_cache.get(form)
        if hit is None:
            hit = self._postings(self._latin.get(form))
            if len(self._latin_cache) > 1 << 17:
                self._latin_cache.clear()  # bounded; rebuilt from the hot forms
            self._latin_cache[form] = hit
        return hit

    def cyrillic(self, form: str) -> list[Posting]:
        return self._postings(self._cyrillic.get(form))

    def short_form(self, form: str) -> list[Posting]:
        return self._postings(self._short.get(form))

    def has_latin(self, form: str) -> bool:
        return self._latin.get(form) is not None

    def known_forms(self) -> frozenset[str]:
        """Every Latin and short form, as a set: the text filter asks about every capital."""
        if self._known is None:
            with self._lock:
                if self._known is None:
                    self._known = frozenset(self._latin.keys()) | frozenset(self._short.keys())
        return self._known

    def first_words(self) -> frozenset[str]:
        """First words of the Latin forms of several words ('bila' of 'bila tserkva')."""
        if self._first_words is None:
            with self._lock:
                if self._first_words is None:
                    self._first_words = frozenset(
                        ln[:ln.index(" ")] for ln in self._latin.lines
                        if " " in ln[:ln.index("\t")])
        return self._first_words

    def short_forms(self) -> list[str]:
        return self._short.keys()

    def tag_names(self, mask: int) -> tuple[str, ...]:
        names = self._tag_names.get(mask)
        if names is None:
            names = tuple(t for i, t in enumerate(self.tags) if mask >> i & 1)
            self._tag_names[mask] = names
        return names

    def phonetic(self) -> dict[str, list[str]]:
        """phonetic key -> the Latin forms with that key."""
        if self._phonetic is None:
            with self._lock:
                if self._phonetic is None:
                    index: dict[str, list[str]] = {}
                    cities: dict[str, list[str]] = {}
                    for line in _read("phonetic_index.tsv.gz").decode("utf-8").splitlines():
                        k, forms, city_forms = line.split("\t")
                        index[k] = forms.split("|")  # forms may hold spaces
                        if city_forms:
                            cities[k] = city_forms.split("|")
                    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
                    for k in index:
                        buckets[(k[:1], len(k))].append(k)
                    city_buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
                    for k in cities:
                        city_buckets[(k[:1], len(k))].append(k)
                    self._buckets = dict(buckets)
                    self._city_forms, self._city_buckets = cities, dict(city_buckets)
                    self._phonetic = index
        return self._phonetic

    def form_key(self, form: str) -> str:
        """The phonetic key the index files a Latin form under: the reading of its ambiguous
        letters that its units' names give it ('rojny' is Рожни, j read as Ж)."""
        hit = self._form_keys.get(form)
        if hit is None:
            index = self.phonetic()
            readings = phonetic_keys(form)
            hit = next((k for k in readings if form in index.get(k, ())), readings[0])
            if len(self._form_keys) > 1 << 16:
                self._form_keys.clear()
            self._form_keys[form] = hit
        return hit

    def city_keys(self, first: str, length: int) -> list[str]:
        """Phonetic keys starting with ``first`` and of the given length that some city's form
        has."""
        self.phonetic()
        return self._city_buckets.get((first, length), [])

    def city_forms(self, key: str) -> list[str]:
        """The forms with this phonetic key that name a city."""
        self.phonetic()
        return self._city_forms.get(key, [])

    def key_bucket(self, first: str, length: int) -> list[str]:
        """Phonetic keys starting with the class ``first`` and of the given length."""
        self.phonetic()
        assert self._buckets is not None
        return self._buckets.get((first, length), [])

    def english_words(self) -> frozenset[str]:
        """Lower-cased English words and proper nouns (SCOWL); see docs/data.md."""
        self._load_words()
        assert self._english is not None
        return self._english

    def common_words(self) -> frozenset[str]:
        """Common English words only (SCOWL's lower-case entries)."""
        self._load_words()
        assert self._common is not None
        return self._common

    def proper_nouns(self) -> frozenset[str]:
        """English proper nouns (SCOWL's capitalised entries), lower-cased: Peter, Stefan."""
        self._load_words()
        assert self._proper is not None
        return self._proper

    def countries(self) -> frozenset[str]:
        """Country names (GeoNames), folded; Ukraine is not among them."""
        return self._word_set("_countries", "countries.txt.gz",
                              lambda text: (" ".join(line.lower().split())
                                            for line in text.splitlines() if line))

    def country_codes(self) -> frozenset[str]:
        """ISO 3166 alpha-3 codes (Ukraine's left out) and US state codes, in capitals, as
        written: "Odessa, TX", "Odesa, USA"."""
        return self._word_set("_codes", "country_codes.txt.gz", str.split)

    def places_abroad(self) -> frozenset[str]:
        """Folded names of towns outside Ukraine (GeoNames, 15,000 people or more, and the
        English/Russian forms of those in Russia, Belarus and Moldova): Tiraspol, Grodno,
        Shebekino are no garbles of Ternopil, Horodnia, Shcholkine."""
        return self._word_set("_abroad", "places_abroad.txt.gz",
                              lambda text: (line for line in text.splitlines() if line))

    def english_given_names(self) -> frozenset[str]:
        """Folded common English first names (US Census 1990, 1,247 borne by at least 0.015%
        of either sex): Mark, Grace, Will are names as well as words."""
        return self._word_set("_english_given", "english_given_names.txt.gz", str.split)

    def _word_set(self, attr: str, file: str,
                  parse: Callable[[str], Iterable[str]]) -> frozenset[str]:
        """A bundled list, read on first use (once, whatever the threads)."""
        words: frozenset[str] | None = getattr(self, attr)
        if words is None:
            with self._lock:
                words = getattr(self, attr)
                if words is None:
                    words = frozenset(parse(_read(file).decode("utf-8")))
                    setattr(self, attr, words)
        return words

    def is_fixed_expression(self, folded: str) -> bool:
        """Whether a folded query is a dish, historical term or region named after a place
        ("chicken kiev", "galicia", "donbass"): curated, see fixed_expressions.tsv."""
        return folded in self._fixed

    def names_the_country(self, folded: str, form: str = "") -> bool:
        """Whether a word of a folded query is Ukraine's name or adjective, in any case or
        romanisation ("ukraina", "ukrayinu", "ukrainska"), and not a word of ``form``, the
        name it was matched to: a garble of Ukrainka it never is, but Nova Ukraina is a
        village, and "Novaya Ukraina" its Russian name."""
        words = set(form.split())
        return any(w in self.country_words and w not in words for w in folded.split())

    def is_demonym(self, folded: str) -> bool:
        """'belarusian', 'russians', 'polish', 'slovenes': an adjective or people of a country."""
        if self._country_prefixes is None:
            names = [*self.countries(), "ukraine"]  # "Ukranian" is no garble of Ukrainka
            self._country_prefixes = frozenset(
                c[:k] for c in names for k in range(4, len(c) + 1))
        for suffix in ("ians", "ian", "ans", "an", "ese", "ish", "es", "is", "e", "i", "ic", "ns",
                       "n"):
            stem = folded[: -len(suffix)]
            if folded.endswith(suffix) and stem in self._country_prefixes and (
                    suffix not in ("n", "ns") or stem.endswith("a")):
                return True  # a bare -n follows -a (Russian, Kenyan), not -u (Perun)
        return self.is_place_adjective(folded)

    def is_place_adjective(self, folded: str) -> bool:
        """'kievan', 'odessan', 'zaporozhian', 'kharkivite': an English adjective or people of
        a place the gazetteer names, which is not the place (Kievan Rus, the Zaporozhian Host)."""
        if " " in folded or len(folded) < 6:
            return False
        if folded in self.known_forms():
            return False
        for suffix in ("ians", "ian", "eans", "ean", "ans", "an", "ites", "ite"):
            if folded.endswith(suffix):
                stem = folded[: -len(suffix)]
                if len(stem) >= 4 and any(self._names_city_or_oblast(stem + end)
                                          for end in ("", "a", "e", "ia", "ya", "ye")):
                    return True
        return False

    def _names_city_or_oblast(self, form: str) -> bool:
        # (only cities and oblasts have English adjectives; a village's name plus -ns is a
        # garble: Lysychans is Lysychansk, not "of Lysycha")
        return form in self.known_forms() and (
            any(self.category(u) in "KMO" for u, _ in self.latin(form))
            or any(self.category(u) == "O" for u, _ in self.short_form(form)))

    def _load_words(self) -> None:
        if self._english is None:
            with self._lock:
                if self._english is None:
                    words = _read("english_words.txt.gz").decode("utf-8").split()
                    self._common = frozenset(w for w in words if w.islower())
                    self._proper = frozenset(w.lower() for w in words if not w.islower())
                    self._english = self._common | self._proper


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> Gazetteer:
    return Gazetteer()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first call (thread-safe, once)."""
    with _LOCK:
        return _load()
