"""A named part of Ukraine (oblast, raion, hromada) that constrains a name's answer: which
candidates lie inside it, the search among its own units, and how much the size of that field
relaxes the score a garble needs.

Nationwide a garbled village competes with 155,000 forms, so it must fit closely and keep its
sound key; inside a raion it competes with a few hundred, and the same evidence is stronger.
See docs/matching.md ("Structured context")."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.process import extract

from .. import tuning
from ..store.gazetteer import Gazetteer
from .evidence import Scored, weighed, witness_merit
from .score import similarity

__all__ = ["Area", "FieldTable", "field_evidence", "field_table"]


@dataclass(frozen=True, slots=True)
class Area:
    """The admin units a structured context names, by level; each level is a set because a
    name may fit several (a hromada's name repeats across oblasts) until another level narrows
    it. A unit is inside when it is inside some named unit of every level given."""

    oblasts: frozenset[int] = frozenset()
    raions: frozenset[int] = frozenset()
    hromadas: frozenset[int] = frozenset()
    label: str = ""  #: how the area reads in an explanation ("Donetsk Oblast")

    def __bool__(self) -> bool:
        return bool(self.oblasts or self.raions or self.hromadas)

    def levels(self) -> tuple[frozenset[int], ...]:
        return tuple(s for s in (self.oblasts, self.raions, self.hromadas) if s)

    def contains(self, gaz: Gazetteer, index: int) -> bool:
        own = {index, *gaz.parent_indexes(index)}
        return all(own & level for level in self.levels())

    def members(self, gaz: Gazetteer) -> list[int]:
        """Every unit inside, the named units themselves included."""
        narrowest = self.levels()[-1]
        pool = {m for a in narrowest for m in gaz.members(a)} | set(narrowest)
        return sorted(i for i in pool if self.contains(gaz, i))

    def relief(self, gaz: Gazetteer, field: int) -> float:
        """Points off the fuzzy cutoff for a field of ``field`` units instead of the whole
        country: FIELD_RELIEF per tenfold narrowing, at most FIELD_RELIEF_MAX."""
        if field <= 0:
            return 0.0
        narrowing = math.log10(max(1.0, len(gaz) / field))
        return min(tuning.FIELD_RELIEF_MAX, tuning.FIELD_RELIEF * narrowing)


    @staticmethod
    def floor(field: int) -> float:
        """Points below the nationwide cutoff itself for a field of ``field`` units: none above
        FIELD_FLOOR_UNITS (a raion), FIELD_FLOOR per tenfold narrowing below, at most
        FIELD_FLOOR_MAX. In a hromada of 20 names a garble's nearest rival scores far lower
        than in the country's 155,000 forms, where the base cutoff was set."""
        if not 0 < field < tuning.FIELD_FLOOR_UNITS:
            return 0.0
        return min(tuning.FIELD_FLOOR_MAX,
                   tuning.FIELD_FLOOR * math.log10(tuning.FIELD_FLOOR_UNITS / field))


@dataclass(frozen=True, slots=True)
class FieldTable:
    """An area's units and their Latin forms, built once per area (and kept by the
    ``Toponorm``: an oblast has about 10,000 forms)."""

    members: tuple[int, ...]
    forms: tuple[str, ...]
    postings: tuple[tuple[tuple[int, int], ...], ...]  #: (unit, mask) per form


def field_table(gaz: Gazetteer, area: Area, categories: str = "") -> FieldTable:
    """The table of the units inside ``area`` (of ``categories`` only, when given)."""
    members = [i for i in area.members(gaz) if not categories or gaz.category(i) in categories]
    by_form: dict[str, list[tuple[int, int]]] = {}
    for i in members:
        for form, mask in gaz.forms_of(i):
            by_form.setdefault(form, []).append((i, mask))
    return FieldTable(tuple(members), tuple(by_form), tuple(map(tuple, by_form.values())))


def field_evidence(gaz: Gazetteer, folded: str, table: FieldTable) -> list[Scored]:
    """The units of the field scored against the query by every Latin form they have: the
    nationwide candidate search keeps only the closest forms of the whole country, and a
    garbled village can fall out of those while it is the best fit in its raion."""
    if not table.forms or not folded:
        return []
    # a cheap letter-level prefilter, then the matcher's own score on the few that remain
    near = extract(folded, table.forms, scorer=fuzz.ratio, limit=tuning.FIELD_SCAN_FORMS,
                   score_cutoff=tuning.FIELD_SCAN_MIN_RATIO)
    weak = gaz.weak_mask
    best: dict[int, tuple[tuple[float, bool], Scored]] = {}
    for form, _, k in near:
        exact = form == folded
        base = tuning.EXACT_SCORE if exact else similarity(folded, form)
        for u, m in table.postings[k]:
            scored = weighed(u, form, base, m, exact, weak)
            merit = witness_merit(gaz, scored.score, m, exact)
            if u not in best or merit > best[u][0]:
                best[u] = merit, scored
    return [s for _, s in best.values()]
