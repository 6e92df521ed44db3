"""Ranking: evidence plus prior (kind, population), with the order rules for drift-only and
one-slip matches. Context is applied later, by the decision."""

from __future__ import annotations

import math

from rapidfuzz.distance import OSA

from .. import tuning
from ..query.drift import drift_fold
from ..query.normalize import fold
from ..query.phonetic import distance as key_distance
from ..query.phonetic import key as phonetic_key
from ..store import schema
from ..store.gazetteer import Gazetteer
from ..tuning import same_letters
from ..types import Match, Step, Unit
from .evidence import Scored
from .score import has_surname_ending, prior
from .sources import describe_sources

__all__ = ["Ranked", "rank"]


class Ranked:
    """A candidate with its ranking weight: evidence plus prior (context is applied later).

    The ``Match`` (with its explanation) is built only when asked for: most candidates are
    compared and dropped without ever becoming one."""

    __slots__ = ("_folded", "_gaz", "_match", "_name", "_query", "_steps", "exact", "form",
                 "index", "mask", "rank", "score")

    def __init__(self, gaz: Gazetteer, s: Scored, query: str, steps: tuple[Step, ...],
                 folded: str) -> None:
        self._gaz, self._query, self._steps, self._folded = gaz, query, steps, folded
        self._match: Match | None = None
        self._name = ""
        self.index, self.score, self.rank = s.index, s.score, s.rank
        self.form, self.mask, self.exact = s.form, s.mask, s.exact

    @property
    def name(self) -> str:
        if not self._name:  # compared often while deciding
            self._name = self._gaz.canonical(self.index)
        return self._name

    @property
    def category(self) -> str:
        return self._gaz.category(self.index)

    @property
    def unit(self) -> Unit:
        return self._gaz.unit(self.index)

    @property
    def kind(self) -> str:
        return schema.KIND_BY_CATEGORY.get(self.category, self.category)

    @property
    def id(self) -> str:
        return self._gaz.unit_id(self.index)

    @property
    def sources(self) -> tuple[str, ...]:
        return self._gaz.tag_names(self.mask)

    @property
    def population(self) -> int:
        return self._gaz.population(self.index)

    @property
    def oblast_index(self) -> int:
        """The index of the oblast-level unit it lies in (-1: none)."""
        return self._gaz.parent_indexes(self.index)[0]

    @property
    def match(self) -> Match:
        if self._match is None:
            gaz = self._gaz
            how = "variant" if self.exact else "fuzzy"
            st = (*self._steps, Step(how, f"{self.form}: {describe_sources(self.sources)}"))
            if not self.exact and self._folded:
                st += (_phonetic_step(gaz, self._folded, self.form),)
            self._match = Match(unit=gaz.unit(self.index), query=self._query, matched=self.form,
                                score=self.score, steps=st, sources=self.sources,
                                exact=self.exact)
        return self._match


def _phonetic_step(gaz: Gazetteer, query: str, form: str) -> Step:
    qk, fk = phonetic_key(query), gaz.form_key(form)
    if qk == fk:
        return Step("phonetic", f"same sound key {qk!r}")
    d = key_distance(qk, fk)
    return Step("phonetic", f"sound keys {qk!r} and {fk!r}, {d} edit{'s' if d > 1 else ''} apart")


def rank(gaz: Gazetteer, query: str, steps: tuple[Step, ...], scored: list[Scored],
         keep: int = tuning.KEEP_RANKED, folded: str = "") -> list[Ranked]:
    """The candidates best first, each with its rank (score plus prior and source points)."""
    scored = [s.copy() for s in scored]  # the evidence is shared: rank on copies
    drifted = drift_fold(folded.replace(" ", ""))
    _weigh(gaz, scored, folded)
    city_rank = max((s.rank for s in scored if gaz.category(s.index) in schema.CITIES),
                    default=-math.inf)
    _order_drift_only(gaz, scored, drifted, city_rank)
    if len(drifted) >= tuning.ONE_SLIP_MIN_LETTERS and not has_surname_ending(folded):
        _order_one_slip(gaz, scored, drifted, city_rank)
    # ids break ties so the order never depends on dict order
    scored.sort(key=lambda s: (-s.order, -s.score, gaz.unit_id(s.index)))
    # all namesakes of the leading names stay, however many: context may choose any of them
    leading = {gaz.canonical(s.index) for s in scored[:tuning.LEADING_NAMES]}
    kept = scored[:keep] + [s for s in scored[keep:] if gaz.canonical(s.index) in leading]
    return [Ranked(gaz, s, query, steps, folded) for s in kept]


def _weigh(gaz: Gazetteer, scored: list[Scored], folded: str) -> None:
    official, alternate = gaz.official_mask, gaz.alternate_mask
    # forms some candidate bears today (its official name or a romanisation of it): another
    # unit that has the same form only as a former name or an alternate yields to it, and so
    # does a unit whose old name the query only resembles
    borne = {s.form for s in scored if s.mask & ~alternate}
    for s in scored:
        s.rank = s.score + prior(gaz.category(s.index), gaz.population(s.index))
        if s.exact and s.mask & official:
            s.rank += tuning.OFFICIAL_POINTS  # a current official name beats another's old one
        elif not s.mask & ~alternate and (s.form in borne or s.form != folded):
            # Petrivka is a village today, not Balabyne's old name
            s.rank -= tuning.FORMER_NAME_PENALTY
        s.order = s.rank


def _order_drift_only(gaz: Gazetteer, scored: list[Scored], drifted: str,
                      city_rank: float) -> None:
    """The official name with only the romanisations' drift undone comes before names that
    fit less well (Klyynove is Klynove, not the bigger Kalynove), but only in the order:
    the decision still weighs the ranks as they were. Not when another name fits as well
    (Khotyin is the city Khotyn and the settlement Khotin alike: the prior decides), and not
    before a city the prior put first: news names cities far more (Poltvaa is Poltava, one
    letter off, before the village Poltva)."""
    if len({gaz.canonical(s.index) for s in scored if same_letters(s.score)}) != 1:
        return
    official = gaz.official_mask
    for s in scored:
        if not s.exact and same_letters(s.score) and s.mask & official \
                and drifted == drift_fold(s.form.replace(" ", "")):
            s.order += tuning.OFFICIAL_POINTS
            if s.rank < city_rank:
                s.order = min(s.order, city_rank - 0.01)


def _order_one_slip(gaz: Gazetteer, scored: list[Scored], drifted: str,
                    city_rank: float) -> None:
    """A unit whose current name is one slip from the query once the drift is undone (a letter
    dropped, added or replaced, two swapped: *Aluka*, Alupka) is ordered as if it scored
    ``ONE_SLIP_SCORE``, ahead of names that only sound alike (Olyka). In the order only, as
    for drift-only matches; and never past a name that fits better and is as near in letters
    (one slip too, or only drift: *Ostrow* stays Ostriv, not the city Ostroh), nor past a city
    the prior put first."""
    near = {s.index for s in scored if same_letters(s.score) or OSA.distance(
        drifted, drift_fold(fold(gaz.canonical(s.index)).replace(" ", "")), score_cutoff=1) <= 1}
    for s in sorted(scored, key=lambda s: -s.score):
        if s.index not in near or s.score >= tuning.ONE_SLIP_SCORE:
            continue
        s.order = max(s.order, s.rank + tuning.ONE_SLIP_SCORE - s.score)
        ceiling = min((o.order for o in scored if o.index in near and o.score > s.score),
                      default=math.inf)
        if s.rank < city_rank and gaz.category(s.index) not in schema.CITIES:
            ceiling = min(ceiling, city_rank)
        s.order = min(s.order, max(s.rank, ceiling - 0.01))
