"""Indexes derived from the gazetteer (the letter-by-letter spellings, the short forms by sound
key, the towns abroad by first letters): built once by the build into
``data/derived_indexes.tsv.gz``, so a process reads them instead of computing them on its first
fuzzy query. If the file is missing or was made from another artifact, they are computed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import DataError
from ..query.drift import drift_fold
from ..query.normalize import fold
from ..query.phonetic import key as phonetic_key
from .artifact import read_data
from .lexicon import Lexicon


class Gazetteer(Protocol):
    """What the derived indexes are computed from (``store.gazetteer.Gazetteer``)."""

    fingerprint: str
    words: Lexicon

    def canonical_names(self) -> frozenset[str]: ...

    def short_forms(self) -> list[str]: ...

    def has_latin(self, form: str) -> bool: ...

    def latin_forms(self) -> list[str]: ...

__all__ = ["FILE", "Derived", "compute", "load", "serialise"]

FILE = "derived_indexes.tsv.gz"
_MAGIC = "toponorm-derived-indexes"
Table = dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Derived:
    spellings: Table  #: drift-folded official name, spaces dropped -> its folded forms
    letters: str  #: every letter the spellings use
    short_keys: Table  #: phonetic key -> short forms with that key
    abroad_by_prefix: Table  #: first two letters -> towns abroad no Ukrainian place is named


def compute(gaz: Gazetteer) -> Derived:
    """The indexes, computed from the gazetteer (what the build writes)."""
    spellings: dict[str, list[str]] = {}
    for name in gaz.canonical_names():
        form = fold(name)
        spellings.setdefault(drift_fold(form.replace(" ", "")), []).append(form)
    short: dict[str, list[str]] = {}
    for form in gaz.short_forms():
        short.setdefault(phonetic_key(form), []).append(form)
    abroad: dict[str, list[str]] = {}
    for name in sorted(gaz.words.places_abroad()):
        if not gaz.has_latin(name):
            squeezed = name.replace(" ", "")
            abroad.setdefault(squeezed[:2], []).append(squeezed)
    letters = "".join(sorted({c for k in spellings for c in k}))
    # (the short forms keep the order of the artifact: the fuzzy search reads them in it)
    return Derived(_sorted(spellings), letters, {k: tuple(v) for k, v in short.items()},
                   _sorted(abroad))


def _sorted(table: dict[str, list[str]]) -> Table:
    return {k: tuple(sorted(v)) for k, v in sorted(table.items())}


def serialise(gaz: Gazetteer, d: Derived) -> str:
    lines = [_MAGIC, gaz.fingerprint, d.letters]
    for section, table in (("spellings", d.spellings), ("short_keys", d.short_keys),
                           ("abroad_by_prefix", d.abroad_by_prefix)):
        lines.append("@" + section)
        lines.extend(f"{k}\t{'|'.join(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


def load(gaz: Gazetteer, data_dir: Path | None = None) -> Derived:
    """The indexes from the file, or computed when it does not fit this gazetteer."""
    try:
        text = read_data(FILE, data_dir).decode("utf-8")
    except DataError:
        return compute(gaz)
    lines = text.split("\n")
    if lines[0] != _MAGIC or lines[1] != gaz.fingerprint:
        return compute(gaz)
    tables: dict[str, Table] = {}
    current: Table = {}
    # the forms these tables list are the gazetteer's own: share its strings, not copies
    # (about 6 MB for the spellings alone)
    known = {k: k for k in gaz.latin_forms()}
    known.update((k, k) for k in gaz.short_forms())
    for line in lines[3:]:
        if line.startswith("@"):
            current = tables.setdefault(line[1:], {})
        elif line:
            k, _, v = line.partition("\t")
            current[k] = tuple([known.get(f, f) for f in v.split("|")])
    return Derived(tables["spellings"], lines[2], tables["short_keys"],
                   tables["abroad_by_prefix"])
