"""The bundled gazetteer: units and their indexes of forms, loaded on first use and once.

The artifact (``data/gazetteer.tsv.gz``, built by ``gazetteer/build.py``) holds the units of the
KATOTTG codifier and two sorted sections of folded forms (Latin, and the short forms of oblasts,
raions and hromadas), each form mapping to ``unit:mask`` postings whose mask says which sources
produced the form; ``gazetteer_extra.tsv.gz`` holds what a Latin look-up never reads (Cyrillic
forms, points, former names), read when first asked for. The phonetic index
(``data/phonetic_index.tsv.gz``) is a file of its own, read when a fuzzy query first needs it.
Every derived index is built lazily, once, under a lock, and belongs to this object (nothing is
cached per process elsewhere).
"""

from __future__ import annotations

import json
import os
import threading
import weakref
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeVar

from ..errors import DataError
from ..query.phonetic import keys as phonetic_keys
from ..types import FormerName, Unit
from . import derived, schema
from .artifact import read_data, split_sections
from .lexicon import Lexicon

__all__ = ["Gazetteer", "Posting", "shared_gazetteer"]

Posting = tuple[int, int]  # (unit index, tag mask)
_T = TypeVar("_T")
#: Bounds of the per-form memo tables (cleared when full, then refilled by the hot forms).
_LATIN_MEMO = 1 << 13
_FORM_KEY_MEMO = 1 << 14
#: Units kept built (a unit is remade from its line when asked for again): a long stream of
#: varied names meets most of the 31,744, about 13 MB if all were kept.
_UNITS_KEPT = 1 << 12


def _keys_and_values(lines: list[str]) -> tuple[list[str], list[str]]:
    """Each line's key (up to its first tab) and the rest."""
    joined = "\t".join(lines)
    if joined.count("\t") == 2 * len(lines) - 1:  # one tab a line: split in C, no loop
        parts = joined.split("\t")
        return parts[0::2], parts[1::2]
    keys, values = [], []
    for line in lines:
        k, _, v = line.partition("\t")
        keys.append(k)
        values.append(v)
    return keys, values


class _Section:
    """One sorted section of the artifact, found by bisection. Split into lines on first use
    (``load``, when given, reads the text then); split again into keys and the rest when
    the keys are first asked for as a list, so that the sets and indexes built from them
    share the key strings instead of copying them, and the rest is kept as one string: a
    quarter of a million lines take about 30 MB less. (Not before: a first look-up would
    pay for it, about 40 ms.)"""

    __slots__ = ("_ends", "_keys", "_lines", "_load", "_lock", "_release", "_text", "_values")

    def __init__(self, text: str = "", load: Callable[[], str] | None = None,
                 release: Callable[[], object] | None = None) -> None:
        self._text = text
        self._load = load
        self._release = release
        self._lines: list[str] | None = None
        self._keys: list[str] | None = None
        self._values = ""  # the rest of every line, line i's ending at _ends[i]
        self._ends = array("i")
        self._lock = threading.Lock()

    def _state(self) -> tuple[list[str] | None, list[str] | None]:
        """(keys, None) once split into keys, else (None, lines)."""
        lines, keys = self._lines, self._keys  # (in this order: see _keyed)
        if keys is not None:
            return keys, None
        if lines is not None:
            return None, lines
        # (read outside this section's lock: the loader takes the gazetteer's)
        text = self._load() if self._load is not None else self._text
        with self._lock:
            if self._lines is None and self._keys is None:
                self._lines = text.split("\n") if text else []
                self._text = ""
                if self._release is not None:
                    self._release()
            lines, keys = self._lines, self._keys
        return (keys, None) if keys is not None else (None, lines)

    def _keyed(self) -> list[str]:
        keys, _ = self._state()
        if keys is not None:
            return keys
        with self._lock:
            if self._keys is None:
                assert self._lines is not None
                keys, values = _keys_and_values(self._lines)
                self._ends = array("i", accumulate(map(len, values)))
                self._values = "".join(values)
                self._keys = keys  # published before the lines go: a reader takes either
                self._lines = None
            return self._keys

    def _value(self, i: int) -> str:
        return self._values[self._ends[i - 1] if i else 0:self._ends[i]]

    def load(self) -> None:
        self._state()

    def get(self, form: str) -> str | None:
        keys, lines = self._state()
        if keys is not None:
            i = bisect_left(keys, form)
            return self._value(i) if i < len(keys) and keys[i] == form else None
        assert lines is not None
        probe = form + "\t"
        i = bisect_left(lines, probe)
        if i < len(lines) and lines[i].startswith(probe):
            return lines[i][len(probe):]
        return None

    def get_all(self, key: str) -> list[str]:
        """The rest of every line filed under ``key`` (the sections of former names file
        several; ``get`` is the look-up of one, on the hot path)."""
        keys, lines = self._state()
        out: list[str] = []
        if keys is not None:
            for i in range(bisect_left(keys, key), len(keys)):
                if keys[i] != key:
                    break
                out.append(self._value(i))
            return out
        assert lines is not None
        probe = key + "\t"
        for i in range(bisect_left(lines, probe), len(lines)):
            if not lines[i].startswith(probe):
                break
            out.append(lines[i][len(probe):])
        return out

    def all_keys(self) -> list[str]:
        """The keys, in order (the list itself: not to be changed)."""
        return self._keyed()

    def items(self) -> Iterator[tuple[str, str]]:
        return ((k, self._value(i)) for i, k in enumerate(self._keyed()))


_NO_POINT = float("nan")


def _mask_of(tags: list[str], wanted: tuple[str, ...]) -> int:
    return sum(1 << i for i, t in enumerate(tags) if t in wanted)


class Gazetteer:
    """Units and indexes. Building one reads the data files; a ``Toponorm`` shares one."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._data_dir = data_dir
        sections = split_sections(read_data("gazetteer.tsv.gz", data_dir).decode("utf-8"))
        #: identifies this artifact: the derived indexes file must have been made from it
        self.fingerprint = ":".join(str(len(sections[k])) for k in ("units", "latin", "short"))
        header = json.loads(sections["header"])
        if header.get("format") != schema.FORMAT_VERSION:
            raise DataError("toponorm's bundled gazetteer has an unknown format; reinstall")
        #: KATOTTG id -> ISO 3166-2 code (oblasts, Crimea, Kyiv, Sevastopol)
        self.iso_codes: dict[str, str] = header.get("iso_3166_2", {})
        self._by_iso = {code: unit for unit, code in self.iso_codes.items()}
        #: the pinned sources the data was built from, each with its version
        self.sources: dict[str, str] = header.get("sources", {})
        self.tags: list[str] = header["tags"]
        self._masks: list[int] = header["masks"]
        self._lines: list[str] = sections["units"].split("\n")
        self._latin = _Section(sections["latin"])
        self._short = _Section(sections["short"])
        # a file of their own, read when first asked for (a Latin look-up never is)
        self._cyrillic = self._extra_section("cyrillic")
        self._former = self._extra_section("former")
        self._point_lines = self._extra_section("points")
        tags = self.tags
        #: tag masks of source families (see ``schema``)
        self.weak_mask = _mask_of(tags, schema.WEAK_TAGS)
        self.unattested_mask = _mask_of(tags, schema.UNATTESTED_TAGS)
        self.official_mask = _mask_of(tags, schema.OFFICIAL_TAGS)
        self.reconstructed_mask = _mask_of(tags, schema.RECONSTRUCTED_TAGS)
        self.alternate_mask = sum(1 << i for i, t in enumerate(tags)
                                  if t.startswith(schema.ALTERNATE_TAG_PREFIXES))
        #: the word lists (English words, given names, countries, towns abroad, ...)
        self.words = Lexicon(self, header, data_dir)
        # the numbers of each unit's line, parsed on first use into flat columns (a few bytes
        # a unit, where a list per row took 500): category, parents, coordinates, population
        n = len(self._lines)
        self._parsed = bytearray(n)
        self._categories = bytearray(n)
        self._parents = array("i", bytes(12 * n))
        self._points = array("d", bytes(16 * n))
        self._populations = array("q", bytes(8 * n))
        self._names: list[str | None] = [None] * n
        self._units: dict[int, Unit] = {}
        self._tag_names: dict[int, tuple[str, ...]] = {}
        self._latin_memo: dict[str, list[Posting]] = {}
        self._form_keys: dict[str, str] = {}
        self._lock = threading.RLock()
        self._lazy: dict[str, Any] = {}
        _alive.add(self)

    def _new_locks(self) -> None:
        self._lock = threading.RLock()
        self.words._lock = threading.Lock()
        for section in (self._latin, self._cyrillic, self._short, self._former,
                        self._point_lines):
            section._lock = threading.Lock()

    def _extra(self) -> dict[str, str]:
        """The sections of ``gazetteer_extra.tsv.gz``: Cyrillic forms, points, former names."""
        def read() -> dict[str, str]:
            text = read_data("gazetteer_extra.tsv.gz", self._data_dir).decode("utf-8")
            sections = split_sections(text)
            if json.loads(sections["header"]).get("format") != schema.FORMAT_VERSION:
                raise DataError("toponorm's bundled gazetteer has an unknown format; reinstall")
            missing = {"cyrillic", "former", "points"} - sections.keys()
            if missing:
                raise DataError(f"toponorm's bundled gazetteer_extra.tsv.gz lacks the "
                                f"{', '.join(sorted(missing))} section; reinstall toponorm")
            return sections
        return self._once("extra", read)

    def _extra_section(self, name: str) -> _Section:
        # its text dropped once split: the section keeps its lines, the text would be a copy
        # ("" to a thread that comes late: the section is split by then and ignores it)
        return _Section(load=lambda: self._extra().get(name, ""),
                        release=lambda: self._extra().pop(name, None))


    def _once(self, name: str, build: Callable[[], _T]) -> _T:
        """``build()``'s value, computed on the first call only, whatever the threads."""
        value = self._lazy.get(name)
        if value is None:
            with self._lock:
                value = self._lazy.get(name)
                if value is None:
                    value = build()
                    self._lazy[name] = value
        return value

    def preload(self, text_only: bool = False) -> None:
        """Build every lazy index now (before forking workers, or to time a cold start);
        ``text_only``: those that finding names in text uses, not the indexes of areas and
        their forms that structured context needs (a second of building a worker would not
        use)."""
        self._ids()
        self.known_forms()
        self.first_words()
        self.phonetic()
        self.spellings()
        self.short_keys()
        self.abroad_by_prefix()
        self.words.preload()
        for section in (self._cyrillic, self._former, self._point_lines):
            section.load()  # (now, so that a forked worker inherits it)
        if not text_only:
            self.members(0)
            self.forms_of(0)

    # -- units -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._lines)

    def _parse(self, index: int) -> None:
        c = self._lines[index].split("\t")
        self._categories[index] = ord(c[1])
        self._parents[3 * index:3 * index + 3] = array("i", (int(c[5]), int(c[6]), int(c[7])))
        self._points[2 * index] = float(c[9]) if c[9] else _NO_POINT
        self._points[2 * index + 1] = float(c[10]) if c[10] else _NO_POINT
        self._populations[index] = int(c[11])
        self._names[index] = c[3]
        self._parsed[index] = 1  # (last: another thread sees the columns complete)

    def unit(self, index: int) -> Unit:
        u = self._units.get(index)
        if u is None:
            r = self._lines[index].split("\t")
            point, source = self.point(index)
            parents = [self.unit(j) if j >= 0 else None for j in self.parent_indexes(index)]
            u = Unit(id=r[0], kind=schema.KIND_BY_CATEGORY[r[1]], category=r[1], name=r[3],
                     name_uk=r[2], short=r[4],
                     oblast_id=parents[0].id if parents[0] else None,
                     raion_id=parents[1].id if parents[1] else None,
                     hromada_id=parents[2].id if parents[2] else None,
                     geonames_id=int(r[8]) or None,
                     lat=point[0] if point else None, lon=point[1] if point else None,
                     population=self.population(index) or None,
                     iso_3166_2=self.iso_codes.get(r[0]), point_source=source,
                     oblast=parents[0], raion=parents[1], hromada=parents[2],
                     former_names=self.former_names(index))
            if len(self._units) >= _UNITS_KEPT:
                self._units.clear()
            self._units[index] = u
        return u

    def point(self, index: int) -> tuple[tuple[float, float] | None, str | None]:
        """The unit's point and its source: its GeoNames place's, else a centroid (see
        ``Unit.point_source``). The matcher uses only ``coords``, the GeoNames points."""
        own = self.coords(index)
        if own is not None:
            return own, "GeoNames"
        line = self._point_lines.get(self.unit_id(index))
        if line is None:
            return None, None
        lat, lon, source = line.split("\t")
        return (float(lat), float(lon)), source

    def former_names(self, index: int) -> tuple[FormerName, ...]:
        """The unit's former names with their dates and sources."""
        return tuple(FormerName(name, name_uk, years, source) for name_uk, name, years, source
                     in (line.split("\t") for line in self._former.get_all(self.unit_id(index))))

    def _ids(self) -> dict[str, int]:
        # built on the first look-up by id, which a name look-up does not need
        return self._once("ids", lambda: {line[:schema.ID_LENGTH]: i
                                          for i, line in enumerate(self._lines)})

    def index_of(self, unit_id: str) -> int | None:
        return self._ids().get(unit_id)

    def unit_by_id(self, unit_id: str) -> Unit | None:
        i = self._ids().get(unit_id)
        return None if i is None else self.unit(i)

    def unit_by_iso(self, code: str) -> Unit | None:
        """The oblast (or Crimea, Kyiv, Sevastopol) with this ISO 3166-2 code ("UA-09")."""
        unit_id = self._by_iso.get(code.upper())
        return None if unit_id is None else self.unit_by_id(unit_id)

    def unit_by_pcode(self, pcode: str) -> Unit | None:
        """The unit with this OCHA P-code ("UA14", "UA1402", "UA1402001", "UA1402001001")."""
        def build() -> dict[str, int]:
            out = {}
            for i, line in enumerate(self._lines):
                category = line[schema.ID_LENGTH + 1]
                digits = schema.PCODE_DIGITS.get(category)
                if digits is None:
                    continue
                out[line[:2 + digits]] = i
                if category == schema.SPECIAL_CITY:  # a city of every level
                    for more in (4, 7, 10):
                        out[line[:2 + more]] = i
            return out
        index = self._once("by_pcode", build).get(pcode.upper())
        return None if index is None else self.unit(index)

    def unit_by_geonames(self, geonames_id: int) -> Unit | None:
        """The unit a GeoNames place is linked to as its own (its coordinates' source)."""
        def build() -> dict[int, int]:
            out = {}
            for i, line in enumerate(self._lines):
                gid = line.split("\t", 9)[8]
                if gid and gid != "0":
                    out[int(gid)] = i
            return out
        index = self._once("by_geonames", build).get(geonames_id)
        return None if index is None else self.unit(index)

    def units(self) -> Iterator[Unit]:
        return (self.unit(i) for i in range(len(self._lines)))

    def unit_id(self, index: int) -> str:
        return self._lines[index][:schema.ID_LENGTH]

    def category(self, index: int) -> str:
        if not self._parsed[index]:
            self._parse(index)
        return chr(self._categories[index])

    def population(self, index: int) -> int:
        if not self._parsed[index]:
            self._parse(index)
        return self._populations[index]

    def parent_indexes(self, index: int) -> tuple[int, int, int]:
        if not self._parsed[index]:
            self._parse(index)
        p = self._parents
        return p[3 * index], p[3 * index + 1], p[3 * index + 2]

    def coords(self, index: int) -> tuple[float, float] | None:
        if not self._parsed[index]:
            self._parse(index)
        lat = self._points[2 * index]
        return None if lat != lat else (lat, self._points[2 * index + 1])  # (NaN: none)

    def canonical(self, index: int) -> str:
        name = self._names[index]
        if name is None:
            self._parse(index)
            name = self._names[index]
            assert name is not None
        return name

    def canonical_names(self) -> frozenset[str]:
        """Every unit's canonical name, once each (read from the lines: caching 31,000 parsed
        rows for this would cost more memory than the names)."""
        return frozenset(line.split("\t", 4)[3] for line in self._lines)

    def namesakes(self, index: int) -> int:
        """How many units bear this unit's canonical name (itself included)."""
        return self._once("name_counts", lambda: Counter(
            line.split("\t", 4)[3] for line in self._lines))[self.canonical(index)]

    def count(self, category: str) -> int:
        """How many units of this category the codifier has."""
        return self._once("category_counts", lambda: Counter(
            line.split("\t", 2)[1] for line in self._lines))[category]

    # -- indexes of forms --------------------------------------------------------------------
    def _postings(self, raw: str | None) -> list[Posting]:
        if not raw:
            return []
        out = []
        for item in raw.split(" "):
            u, m = item.split(":")
            out.append((int(u), self._masks[int(m)]))
        return out

    def latin(self, form: str) -> list[Posting]:
        hit = self._latin_memo.get(form)
        if hit is None:
            hit = self._postings(self._latin.get(form))
            if len(self._latin_memo) > _LATIN_MEMO:
                self._latin_memo.clear()
            self._latin_memo[form] = hit
        return hit

    def cyrillic(self, form: str) -> list[Posting]:
        return self._postings(self._cyrillic.get(form))

    def short_form(self, form: str) -> list[Posting]:
        return self._postings(self._short.get(form))

    def has_latin(self, form: str) -> bool:
        return self._latin.get(form) is not None

    def known_forms(self) -> frozenset[str]:
        """Every Latin and short form, as a set: the text filter asks about every capital."""
        return self._once("known", lambda: frozenset(self._latin.all_keys())
                          | frozenset(self._short.all_keys()))

    def first_words(self) -> frozenset[str]:
        """First words of the Latin forms of several words ('bila' of 'bila tserkva')."""
        return self._once("first_words", lambda: frozenset(
            k[:k.index(" ")] for k in self._latin.all_keys() if " " in k))

    def short_forms(self) -> list[str]:
        return self._short.all_keys()

    def latin_forms(self) -> list[str]:
        """Every Latin form, in order (the list itself: not to be changed)."""
        return self._latin.all_keys()

    def tag_names(self, mask: int) -> tuple[str, ...]:
        names = self._tag_names.get(mask)
        if names is None:
            names = tuple(t for i, t in enumerate(self.tags) if mask >> i & 1)
            self._tag_names[mask] = names
        return names

    # -- the phonetic index ------------------------------------------------------------------
    def phonetic(self) -> dict[str, str]:
        """phonetic key -> the Latin forms with that key, joined by "|" (one string a key, not
        a list of 160,000 strings: 14 MB less; ``key_forms`` splits one)."""
        return self._once("phonetic", self._load_phonetic)["index"]

    def key_forms(self, key: str) -> list[str]:
        """The Latin forms the phonetic index files under ``key``."""
        joined = self.phonetic().get(key)
        return joined.split("|") if joined else []  # forms may hold spaces, never "|"

    def _load_phonetic(self) -> dict[str, Any]:
        index: dict[str, str] = {}
        cities: dict[str, str] = {}
        for line in read_data("phonetic_index.tsv.gz", self._data_dir).decode("utf-8").splitlines():
            k, forms, city_forms = line.split("\t")
            index[k] = forms
            if city_forms:
                cities[k] = city_forms
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for k in index:
            buckets[(k[:1], len(k))].append(k)
        city_buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for k in cities:
            city_buckets[(k[:1], len(k))].append(k)
        return {"index": index, "cities": cities, "buckets": dict(buckets),
                "city_buckets": dict(city_buckets)}

    def form_key(self, form: str) -> str:
        """The phonetic key the index files a Latin form under: the reading of its ambiguous
        letters that its units' names give it ('rojny' is Рожни, j read as Ж)."""
        hit = self._form_keys.get(form)
        if hit is None:
            readings = phonetic_keys(form)
            hit = next((k for k in readings if form in self.key_forms(k)), readings[0])
            if len(self._form_keys) > _FORM_KEY_MEMO:
                self._form_keys.clear()
            self._form_keys[form] = hit
        return hit

    def city_keys(self, first: str, length: int) -> list[str]:
        """Phonetic keys starting with ``first`` and of the given length that some city's form
        has."""
        return self._once("phonetic", self._load_phonetic)["city_buckets"].get(
            (first, length), [])

    def city_forms(self, key: str) -> list[str]:
        """The forms with this phonetic key that name a city."""
        joined = self._once("phonetic", self._load_phonetic)["cities"].get(key)
        return joined.split("|") if joined else []

    def key_bucket(self, first: str, length: int) -> list[str]:
        """Phonetic keys starting with the class ``first`` and of the given length."""
        return self._once("phonetic", self._load_phonetic)["buckets"].get((first, length), [])

    # -- derived indexes (precomputed by the build: store/derived.py) ---------------------------
    def _derived(self) -> derived.Derived:
        return self._once("derived", lambda: derived.load(self, self._data_dir))

    def spellings(self) -> tuple[dict[str, tuple[str, ...]], str]:
        """(drift-folded official name without spaces -> its folded forms, the letters used):
        the letter-by-letter look-up of the candidate stage."""
        d = self._derived()
        return d.spellings, d.letters

    def short_keys(self) -> dict[str, tuple[str, ...]]:
        """phonetic key -> the short forms ("donetsk" of Donetsk Oblast) with that key."""
        return self._derived().short_keys

    def abroad_by_prefix(self) -> dict[str, tuple[str, ...]]:
        """Towns abroad that no Ukrainian place is named, spaces dropped, by their first two
        letters (the leak gap's check looks at a few hundred, not 37,000)."""
        return self._derived().abroad_by_prefix

    # -- the hierarchy and each unit's forms (for a search inside a named area) --------------
    def members(self, admin: int) -> tuple[int, ...]:
        """The units inside an oblast, raion or hromada (or a city of special status), at any
        depth, in index order."""
        return self._once("members", self._build_members).get(admin, ())

    def _build_members(self) -> dict[int, tuple[int, ...]]:
        inside: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self._lines)):
            for parent in set(self.parent_indexes(i)) - {-1, i}:
                inside[parent].append(i)
        return {k: tuple(v) for k, v in inside.items()}

    def located(self) -> list[tuple[int, float, float]]:
        """(index, lat, lon) of every unit that has coordinates."""
        def build() -> list[tuple[int, float, float]]:
            out = []
            for i, line in enumerate(self._lines):
                c = line.split("\t", 11)
                if c[9]:
                    out.append((i, float(c[9]), float(c[10])))
            return out
        return self._once("located", build)

    def forms_of(self, index: int) -> list[tuple[str, int]]:
        """A unit's Latin forms, each with its tag mask (in the order of the forms)."""
        start, where, mask_ids = self._once("forms_of", self._build_forms_of)
        keys, masks = self._latin.all_keys(), self._masks
        return [(keys[where[k]], masks[mask_ids[k]]) for k in range(start[index], start[index + 1])]

    def _build_forms_of(self) -> tuple[array[int], array[int], array[int]]:
        # Postings regrouped by unit in flat arrays (a unit's run: start[i] to start[i + 1]),
        # pointing into the Latin section's keys: a list of tuples per unit took 29 MB.
        # (read once, for every unit: about 0.5 s; preload() does it before a fork)
        units, lines, mask_ids = array("i"), array("i"), array("i")
        for j, (_, raw) in enumerate(self._latin.items()):
            for item in raw.split(" "):
                unit, _, m = item.partition(":")
                units.append(int(unit))
                lines.append(j)
                mask_ids.append(int(m))
        order = sorted(range(len(units)), key=units.__getitem__)  # (stable: forms stay sorted)
        start = array("i", bytes(4 * (len(self) + 1)))
        for u in units:
            start[u + 1] += 1
        for i in range(len(self)):
            start[i + 1] += start[i]
        return (start, array("i", (lines[k] for k in order)),
                array("i", (mask_ids[k] for k in order)))

    def names_city_or_oblast(self, form: str) -> bool:
        """Is ``form`` a form of a city or an oblast?"""
        return form in self.known_forms() and (
            any(self.category(u) in schema.BIG for u, _ in self.latin(form))
            or any(self.category(u) == schema.OBLAST for u, _ in self.short_form(form)))


_shared_lock = threading.Lock()
_shared: list[Gazetteer] = []
_alive: weakref.WeakSet[Gazetteer] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    """A lock another thread held at the fork stays held in the child, whose copy of that
    thread never runs: every lock is made anew (an index half built is built again)."""
    global _shared_lock
    _shared_lock = threading.Lock()
    for gaz in list(_alive):
        gaz._new_locks()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def shared_gazetteer() -> Gazetteer:
    """The process's gazetteer, read on first use. Its data never changes, so every
    ``Toponorm`` shares it; its lazy indexes are built once under its own lock."""
    if not _shared:
        with _shared_lock:
            if not _shared:
                _shared.append(Gazetteer())
    return _shared[0]
