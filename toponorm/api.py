"""The ``Toponorm`` object: the gazetteer, the settings and every cache, with the whole API as
methods. The module functions (``toponorm.resolve``, ``find``, ...) use a default instance."""

from __future__ import annotations

import os
import re
import threading
import weakref
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import batch, tuning
from .batch import Resolution
from .errors import AreaError, InputTypeError, InputValueError, require_cutoff, require_text
from .geo import distance_km
from .match.analyse import Analysis, analyse, decide_in, ranked_candidates, redecide
from .match.area import Area, FieldTable, field_table
from .match.confidence import confidence
from .match.context import Bonus, NamedPlaces, context_bonus
from .match.decide import Decision, Reason
from .match.rank import Ranked
from .query.normalize import fold, fold_cyrillic
from .query.prepare import check_length, split_location, split_unit_word
from .query.translit import has_cyrillic
from .settings import Settings
from .store import schema
from .store.gazetteer import Gazetteer, shared_gazetteer
from .types import CleanResult, Match, Mention, Step, Unit

if TYPE_CHECKING:
    from .text.filter import TextFilter

__all__ = ["Toponorm", "default"]

_KATOTTG_ID = re.compile(r"UA\d{17}")
#: Entries of the per-instance caches: whole analyses (resolve, candidates, explain), the
#: trimmed decisions of text spans (about 7 KB each: 2,048 hold 15 MB; 4,096 took a long
#: stream of new names over 200 MB resident, and news_dev cleaned no faster), and context
#: points.
#: Sets of places named around a span whose context points are kept (each remembers the
#: candidates it was asked about): a segment of text asks about a few hundred at most.
_ANALYSES, _SPANS, _NAMED_PLACES = 1 << 10, 1 << 11, 1 << 8
#: Capitalised words whose first look (can it start a name?) is kept: a few MB at most.
_WORDS = 1 << 15


#: What each level of a structured context may name (a city of special status is its own
#: oblast-level unit: Kyiv, Sevastopol).
_LEVELS = {"oblast": schema.OBLAST + schema.SPECIAL_CITY, "raion": schema.RAION,
           "hromada": schema.HROMADA}
#: The level a unit word selects (query.prepare.UNIT_WORDS): "oblast", "raion", "hromada".
_LEVEL_OF_WORD = {schema.OBLAST: "oblast", schema.RAION + schema.CITY_DISTRICT: "raion",
                  schema.HROMADA: "hromada"}
#: A comma-separated part of a location string this short, ending in an admin unit word, is a
#: level of a structured context ("Bakhmutska hromada, Bakhmutskyi raion, Donetsk oblast").
_AREA_PART_WORDS = 4


@dataclass(frozen=True, slots=True)
class Where:
    """A structured context as given: each admin level a name, a KATOTTG id, a Unit or a
    Match; ``near`` a (lat, lon) point."""

    oblast: object = None
    raion: object = None
    hromada: object = None
    near: object = None


_NOWHERE = Where()
_ISO_CODE = re.compile(r"UA-\d\d", re.IGNORECASE)
#: OCHA P-codes: "UA" and 2, 4, 7 or 10 digits (a KATOTTG code has 17)
_PCODE = re.compile(r"UA\d\d(?:\d\d(?:\d{3}(?:\d{3})?)?)?", re.IGNORECASE)


def _fold_any(text: str) -> str:
    """Folded as the matcher folds it: Cyrillic keeps its letters (район, not раион)."""
    return fold_cyrillic(text) if has_cyrillic(text) else fold(text)


class Toponorm:
    """Resolve, list, find and rewrite Ukrainian place names.

        >>> tn = Toponorm(Settings(score_cutoff=85))
        >>> tn.resolve("Baghmud").name
        'Bakhmut'

    Safe to share between threads; pickles as its settings (a worker reloads the data and
    rebuilds its caches); ``preload()`` builds every lazy index now (before a fork)."""

    def __init__(self, settings: Settings | None = None, *,
                 gazetteer: Gazetteer | None = None) -> None:
        if settings is not None and not isinstance(settings, Settings):
            raise InputTypeError(f"settings must be a toponorm.Settings, not "
                                 f"{type(settings).__name__}")
        self.settings = settings or Settings()
        self._gazetteer = gazetteer
        self._lock = threading.Lock()
        self._analysis = lru_cache(maxsize=_ANALYSES)(self._analyse)
        self._span = lru_cache(maxsize=_SPANS)(self._span_uncached)
        self._named_places = lru_cache(maxsize=_NAMED_PLACES)(self._named_places_uncached)
        self._in_area = lru_cache(maxsize=_ANALYSES)(self._in_area_uncached)
        self._field = lru_cache(maxsize=tuning.FIELDS_KEPT)(self._field_uncached)
        self._admin_named = lru_cache(maxsize=_ANALYSES)(self._admin_named_uncached)
        self._start_verdict = lru_cache(maxsize=_WORDS)(self._start_verdict_uncached)
        _instances.add(self)

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["settings"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Toponorm({self.settings!r})"

    @property
    def gazetteer(self) -> Gazetteer:
        """The bundled gazetteer, read on first use (shared by every instance)."""
        if self._gazetteer is None:
            with self._lock:
                if self._gazetteer is None:
                    self._gazetteer = shared_gazetteer()
        return self._gazetteer

    def preload(self, *, text_only: bool = False) -> Toponorm:
        """Read the data and build every lazy index now; returns self. ``text_only``: only
        those that ``find`` and ``clean`` use (``resolve`` with an oblast, raion or hromada
        builds the rest when it first needs them)."""
        self.gazetteer.preload(text_only=text_only)
        return self

    # -- one name ------------------------------------------------------------------------------
    def resolve(self, name: str, *, context: object = None, oblast: object = None,
                raion: object = None, hromada: object = None, near: object = None,
                score_cutoff: float | None = None) -> Match | None:
        """The unit ``name`` means, or None when unsure (below the cutoff, or ambiguous).

        ``context`` is text around the name, or a sequence of Matches, Mentions, Units, KATOTTG
        ids or names, whose places narrow the choice between namesakes. ``oblast``, ``raion``,
        ``hromada`` (a name in any form the matcher reads, a KATOTTG id, a Unit or a Match)
        constrain it: a unit outside them is accepted only as the exact name of a big city
        when nothing inside fits, and inside them a garble needs less (fewer names compete).
        Parts of a location string such as "X, Bakhmutskyi raion, Donetsk oblast" count as
        these too. ``near`` is a (lat, lon) point that favours namesakes around it."""
        return self.decide(name, context=context, oblast=oblast, raion=raion, hromada=hromada,
                           near=near, score_cutoff=score_cutoff).match

    def decide(self, name: str, *, context: object = None, oblast: object = None,
               raion: object = None, hromada: object = None, near: object = None,
               score_cutoff: float | None = None) -> Decision:
        """The decision record: the match or None, the ranked evidence, the reasons."""
        cutoff = self._cutoff(score_cutoff)
        decision = self._decide(name, context, cutoff, Where(oblast, raion, hromada, near))[0]
        if decision.match is None:
            return decision
        sure = confidence(self.gazetteer, decision)
        return replace(decision, match=replace(decision.match, confidence=sure))

    def explain_abstention(self, name: str, *, context: object = None, oblast: object = None,
                           raion: object = None, hromada: object = None, near: object = None,
                           score_cutoff: float | None = None) -> str | None:
        """Why ``resolve`` returns None for ``name`` (None when it does resolve)."""
        decision = self.decide(name, context=context, oblast=oblast, raion=raion,
                               hromada=hromada, near=near, score_cutoff=score_cutoff)
        return None if decision.match is not None else decision.explain()

    def candidates(self, name: str, *, limit: int = 10, context: object = None,
                   oblast: object = None, raion: object = None, hromada: object = None,
                   near: object = None, score_cutoff: float = 0.0) -> list[Match]:
        """Ranked candidate units for ``name``, best first; never None (maybe empty).

        Ranking: score plus prior (kind, population), plus the context's points when given.
        Whenever ``resolve(name, context=context)`` answers, that Match comes first: the
        decision also weighs fit against prior and ambiguity, which ranking alone does not."""
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise InputTypeError(f"limit must be a positive int, not {type(limit).__name__}")
        if limit < 1:
            raise InputValueError(f"limit must be a positive int, not {limit}")
        score_cutoff = require_cutoff(score_cutoff)
        decision, analysis, hints, area = self._decide(
            name, context, self.settings.score_cutoff, Where(oblast, raion, hromada, near))
        if area:  # inside the area first, as the decision weighed them
            ranked: Sequence[Ranked] = [r for r in decision.ranked if r.score >= score_cutoff]
        else:
            ranked = ranked_candidates(self.gazetteer, analysis.evidence, score_cutoff,
                                       keep=max(limit, tuning.KEEP_RANKED))
        answer = decision.match
        if answer is not None:
            answer = replace(answer, confidence=confidence(self.gazetteer, decision))
        # (inside an area the order is already the decision's: inside first)
        hints = [] if area else hints
        if answer is not None and answer.score >= score_cutoff:
            rest = self._ranked_matches(ranked, hints, limit + 1)
            return [answer, *(m for m in rest if m.id != answer.id)][:limit]
        return self._ranked_matches(ranked, hints, limit)

    def get(self, unit_id: str | int) -> Unit | None:
        """The unit with this code, or None: a KATOTTG code ("UA14020010010059145"), an OCHA
        P-code ("UA1402", "UA1402001001"), an ISO 3166-2 code of an oblast ("UA-14"), or a
        GeoNames ID (704147, or "geonames:704147"; the unit GeoNames' place is linked to)."""
        if isinstance(unit_id, int) and not isinstance(unit_id, bool):
            return self.gazetteer.unit_by_geonames(unit_id)
        code = require_text(unit_id, "unit_id").strip()
        if _ISO_CODE.fullmatch(code):
            return self.gazetteer.unit_by_iso(code)
        if _PCODE.fullmatch(code):
            return self.gazetteer.unit_by_pcode(code)
        number = code.lower().removeprefix("geonames:")
        if number.isdigit() and number.isascii():
            return self.gazetteer.unit_by_geonames(int(number))
        return self.gazetteer.unit_by_id(code)

    def data_version(self) -> dict[str, str]:
        """What the bundled data was built from: each pinned source with its version."""
        return dict(self.gazetteer.sources)

    # -- many at once (batch.py) ---------------------------------------------------------------
    def resolve_many(self, names: Iterable[object], *, contexts: Iterable[object] | None = None,
                     oblast: object = None, raion: object = None, hromada: object = None,
                     n_jobs: int = 1) -> list[Resolution]:
        """``resolve`` for a column of names (and of contexts, row by row; the admin levels
        hold for every row): each distinct row once, none raises (a missing, empty, too long or
        non-text cell gets a status), order kept; ``n_jobs`` processes (-1: every core)."""
        return batch.resolve_many(self, names, contexts=contexts, oblast=oblast, raion=raion,
                                  hromada=hromada, n_jobs=n_jobs)

    def find_many(self, texts: Iterable[object], *, n_jobs: int = 1) -> list[list[Mention]]:
        """``find`` of each document on its own (no context crosses documents)."""
        return batch.find_many(self, texts, n_jobs=n_jobs)

    def clean_many(self, texts: Iterable[object], *, n_jobs: int = 1) -> list[object]:
        """``clean`` of each document on its own; a missing or non-text cell comes back as
        it is."""
        return batch.clean_many(self, texts, n_jobs=n_jobs)

    # -- running text ----------------------------------------------------------------------
    def text_filter(self, *, score_cutoff: float | None = None,
                    about_ukraine: bool | None = None) -> TextFilter:
        """A text filter for one document stream (it carries context across chunks)."""
        if about_ukraine is None:
            about_ukraine = self.settings.about_ukraine
        # (imported here: the text stage is a quarter of the import time, which a caller that
        # only resolves names never needs)
        from .text.filter import TextFilter
        return TextFilter(self, score_cutoff=self._cutoff(score_cutoff),
                          about_ukraine=about_ukraine)

    def find(self, text: str, *, score_cutoff: float | None = None,
             about_ukraine: bool | None = None) -> list[Mention]:
        """The Ukrainian place names in ``text``, in order, non-overlapping, with their units.

        Garbles, villages and exotic spellings are taken only in a text about Ukraine: one that
        says so or names a city outright, or when ``about_ukraine=True``."""
        return self.text_filter(score_cutoff=score_cutoff, about_ukraine=about_ukraine).find(text)

    def clean(self, text: str, *, score_cutoff: float | None = None,
              about_ukraine: bool | None = None) -> str:
        """``text`` with every Ukrainian place name found rewritten to its canonical form."""
        return self.text_filter(score_cutoff=score_cutoff,
                                about_ukraine=about_ukraine).clean_text(text)

    def clean_with_edits(self, text: str, *, score_cutoff: float | None = None,
                         about_ukraine: bool | None = None) -> CleanResult:
        """The cleaned text and the edits that made it, for pipelines that need both."""
        return self.text_filter(score_cutoff=score_cutoff,
                                about_ukraine=about_ukraine).clean(text)

    # -- what the text filter asks (``text.filter.Engine``) ------------------------------------
    def span_decision(self, name: str, score_cutoff: float) -> Decision:
        """The context-free decision for a span of text, cached with only the candidates
        context could still choose (close to the best), so that a corpus of many distinct
        capitalised words does not fill the memory."""
        return self._span(name, score_cutoff)

    def start_verdict(self, word: str) -> int:
        """Whether a capitalised word of running text can start a name (see
        ``text.filter.start_verdict``), remembered: most capitalised words recur."""
        return self._start_verdict(word)

    def bonus(self, index: int, hints: frozenset[int]) -> Bonus:
        return self._named_places(hints).bonus(self.gazetteer, index)

    def redecide(self, decision: Decision, score_cutoff: float,
                 hints: frozenset[int]) -> Decision:
        return redecide(self.gazetteer, decision, score_cutoff, hints, self._bonus_of)

    # -- inside ----------------------------------------------------------------------------
    def _cutoff(self, score_cutoff: float | None) -> float:
        return self.settings.score_cutoff if score_cutoff is None else require_cutoff(
            score_cutoff)

    def _analyse(self, name: str, score_cutoff: float) -> Analysis:
        return analyse(self.gazetteer, name, score_cutoff)

    def _start_verdict_uncached(self, word: str) -> int:
        from .text.filter import start_verdict  # (the text modules load on first use)

        return start_verdict(self.gazetteer, word)

    def _span_uncached(self, name: str, score_cutoff: float) -> Decision:
        decision = analyse(self.gazetteer, name, score_cutoff).decision
        ranked = decision.ranked
        if ranked:
            floor = ranked[0].rank - tuning.CACHED_RANK_SPREAD
            ranked = tuple(r for r in ranked if r.rank >= floor)[:tuning.CACHED_CANDIDATES]
        return Decision(decision.query, decision.folded, decision.match, ranked,
                        decision.reasons)

    def _named_places_uncached(self, hints: frozenset[int]) -> NamedPlaces:
        return NamedPlaces(self.gazetteer, sorted(hints))

    def _bonus_of(self, index: int, hints: Collection[int]) -> Bonus:
        if isinstance(hints, frozenset):  # the text filter asks the same question many times
            return self.bonus(index, hints)
        return context_bonus(self.gazetteer, index, hints)

    def _decide(self, name: object, context: object, score_cutoff: float,
                where: Where = _NOWHERE) -> tuple[Decision, Analysis, list[int], Area]:
        """The decision with context, the analysis behind it, the context's units and the
        area a structured context names."""
        # (the limit holds for the whole location string: its context is parsed as text)
        check_length(require_text(name, "name"))
        given, located = split_location(name)
        text = require_text(given, "name")
        analysis = self._analysis(text, score_cutoff)
        decision = analysis.decision
        around = self._near(where.near)
        hints = self._context_units(context) + self._context_units(located) + around
        area = self._area(where, context, located, around)
        abroad = self._abroad(located)
        if abroad:
            return Decision(decision.query, decision.folded, None, decision.ranked, (
                Reason("abroad", f"the location puts it abroad ({abroad}), not in Ukraine"),)
            ), analysis, hints, area
        field = len(self.gazetteer)
        if area:
            decision = self._in_area(text, area, score_cutoff, tuple(hints))
            field = len(self._field(area, analysis.evidence.categories).members)
        elif hints:
            decision = redecide(self.gazetteer, decision, score_cutoff, hints, self._bonus_of)
        return replace(decision, field=field, context=bool(hints or area)), analysis, hints, area

    def _in_area_uncached(self, text: str, area: Area, score_cutoff: float,
                          hints: tuple[int, ...]) -> Decision:
        evidence = self._analysis(text, score_cutoff).evidence
        table = self._field(area, evidence.categories)
        return decide_in(self.gazetteer, evidence, area, table, score_cutoff, hints,
                         self._bonus_of)

    def _field_uncached(self, area: Area, categories: str) -> FieldTable:
        return field_table(self.gazetteer, area, categories)

    # -- structured context ------------------------------------------------------------------
    def _area(self, where: Where, context: object, located: str | None,
              around: list[int]) -> Area:
        """The area the structured context names: the keyword levels, then the admin parts of
        a location or context string for the levels not given ("X, Donetsk oblast"); with
        none, the raions ``around`` the ``near`` point (``_near``)."""
        levels: dict[str, frozenset[int]] = {}
        for level in _LEVELS:
            value = getattr(where, level)
            if value is not None:
                levels[level] = self._admin(value, level)
        for phrase in (context if isinstance(context, str) else None, located):
            for part in (phrase or "").split(","):
                level, units = self._admin_part(part)
                if level and level not in levels and units:
                    levels[level] = units
        if not levels:
            return self._near_area(where.near, around)
        gaz = self.gazetteer
        label = ", ".join(gaz.unit(min(levels[lv])).english_name
                          for lv in ("hromada", "raion", "oblast") if lv in levels)
        return Area(levels.get("oblast", frozenset()), levels.get("raion", frozenset()),
                    levels.get("hromada", frozenset()), label)

    def _admin(self, value: object, level: str) -> frozenset[int]:
        """The units of ``level`` that a keyword argument names; InputValueError if none."""
        uid = getattr(getattr(value, "place", value), "id", value)  # a Mention's place
        if not isinstance(uid, str):
            raise InputTypeError(f"{level} must be a name, a code, a Unit or a Match, "
                                 f"not {type(value).__name__}")
        uid = uid.strip()
        if not uid:
            raise AreaError(f"{level} is empty")
        gaz = self.gazetteer
        if _KATOTTG_ID.fullmatch(uid):
            index = gaz.index_of(uid)
            if index is None or gaz.category(index) not in _LEVELS[level]:
                raise AreaError(f"{level}: no {level} has the KATOTTG id {uid!r}")
            return frozenset({index})
        if _ISO_CODE.fullmatch(uid) or _PCODE.fullmatch(uid):
            # the codes event data and humanitarian tables carry: "UA-63" (ISO 3166-2),
            # "UA63", "UA6312" (OCHA P-codes)
            unit = self.get(uid)
            index = gaz.index_of(unit.id) if unit is not None else None
            if index is None or gaz.category(index) not in _LEVELS[level]:
                raise AreaError(f"{level}: no {level} has the code {uid!r}")
            return frozenset({index})
        check_length(uid)
        units = self._admin_named(uid, level)
        if not units:
            raise AreaError(f"{level}: {uid!r} names no {level} of Ukraine")
        return units

    def _admin_part(self, part: str) -> tuple[str, frozenset[int]]:
        """(level, units) for one comma-separated part of a location string that ends in an
        admin unit word ("Donetsk oblast", "Bakhmutskyi raion"); ("", empty) otherwise."""
        words = part.split()
        if len(words) == 1 and _KATOTTG_ID.fullmatch(words[0]):
            index = self.gazetteer.index_of(words[0])
            category = self.gazetteer.category(index) if index is not None else ""
            level = next((lv for lv, cats in _LEVELS.items() if category and category in cats),
                         "")
            return (level, frozenset({index})) if level and index is not None else (
                "", frozenset())
        if not 2 <= len(words) <= _AREA_PART_WORDS or len(part) > tuning.MAX_NAME_CHARS:
            return "", frozenset()
        _, categories = split_unit_word(_fold_any(part))
        level = _LEVEL_OF_WORD.get(categories, "")
        return (level, self._admin_named(part.strip(), level)) if level else ("", frozenset())

    def _admin_named_uncached(self, text: str, level: str) -> frozenset[int]:
        allowed = _LEVELS[level]
        _, categories = split_unit_word(_fold_any(text))
        # as written ("Avtonomna Respublika Krym", "Donetska oblast"), then with the level's
        # unit word ("Donetsk" -> "Donetsk oblast": the city is not the oblast)
        for query in ((text,) if categories else (f"{text} {level}", text)):
            try:
                decision = self._analysis(query, self.settings.score_cutoff).decision
            except (InputTypeError, InputValueError):
                return frozenset()
            match = decision.match
            if match is not None and match.unit.category in allowed:
                # every unit of that name and level: a hromada's name repeats across oblasts,
                # and another level of the context narrows them
                return frozenset(r.index for r in decision.ranked
                                 if r.name == match.name and r.category in allowed)
            exact = frozenset(r.index for r in decision.ranked
                              if r.exact and r.category in allowed)
            if exact:
                return exact
        return frozenset()

    def _near(self, near: object) -> list[int]:
        """Units around a (lat, lon) point, as context: those with coordinates within
        ``tuning.NEAR_KM`` (the nearest first) and their hromadas."""
        point = self._point(near)
        if point is None:
            return []
        gaz = self.gazetteer
        around = sorted((distance_km(point, (la, lo)), i) for i, la, lo in gaz.located()
                        if abs(la - point[0]) < 1 and abs(lo - point[1]) < 1.5)
        out: list[int] = []
        for d, i in around:
            if d > tuning.NEAR_KM:
                break
            hromada = gaz.parent_indexes(i)[2]
            out += [i] + ([hromada] if hromada >= 0 else [])
        return list(dict.fromkeys(out))

    def _near_area(self, near: object, around: list[int]) -> Area:
        """The raions that hold ``around``, the units with coordinates within
        ``tuning.NEAR_KM`` of the point: most villages have no coordinates yet, so the point
        is read as the raions around it."""
        point = self._point(near)
        if point is None:
            return Area()
        gaz = self.gazetteer
        raions = frozenset(r for i in around if (r := gaz.parent_indexes(i)[1]) >= 0)
        label = f"{tuning.NEAR_KM:.0f} km of ({point[0]:.3f}, {point[1]:.3f})"
        return Area(raions=raions, label=f"the raions within {label}") if raions else Area()

    @staticmethod
    def _point(near: object) -> tuple[float, float] | None:
        if near is None:
            return None
        if not (isinstance(near, Sequence) and len(near) == 2 and all(
                isinstance(c, (int, float)) and not isinstance(c, bool) for c in near)):
            raise InputTypeError("near must be a (lat, lon) pair of numbers")
        lat, lon = float(near[0]), float(near[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise AreaError(f"near: ({lat}, {lon}) is not a latitude and longitude")
        return lat, lon

    def _abroad(self, located: str | None) -> str | None:
        """The country or US state a location string puts the name in ('Odesa, Texas',
        'Odessa, TX', 'Odesa, USA'), if any."""
        words = self.gazetteer.words
        for part in (located or "").split(","):
            if fold(part) in words.countries() or part.strip() in words.country_codes():
                return part.strip()
        return None

    def _context_units(self, context: object) -> list[int]:
        """Units a context hint names: a string (parsed like running text) or a sequence of
        Matches, Mentions, Units, KATOTTG ids or names."""
        if context is None:
            return []
        gaz = self.gazetteer
        if isinstance(context, str):
            # the caller resolves a Ukrainian place name: its context is about Ukraine
            found = self.text_filter(about_ukraine=True).find(context)
            return [i for m in found if (i := gaz.index_of(m.place.id)) is not None]
        if isinstance(context, Sequence) and not isinstance(context, (bytes, bytearray)):
            out: list[int] = []
            for item in context:
                uid = getattr(getattr(item, "place", item), "id", item)  # a Mention's place
                if not isinstance(uid, str):
                    raise InputTypeError(f"context items must be Match, Mention, Unit, KATOTTG "
                                         f"ids or names, not {type(item).__name__}")
                if _KATOTTG_ID.fullmatch(uid):
                    index = gaz.index_of(uid)
                    if index is None:
                        raise InputValueError(f"context: no unit has the KATOTTG id {uid!r}")
                    out.append(index)
                else:
                    out += self._context_units(uid)  # a name or a phrase: "Donetsk Oblast"
            return out
        raise InputTypeError(f"context must be a str, or a sequence of Match, Mention, Unit, "
                             f"KATOTTG ids or names, not {type(context).__name__}")

    def _ranked_matches(self, ranked: Sequence[Ranked], hints: list[int], limit: int
                        ) -> list[Match]:
        if not (hints and ranked):
            return [r.match for r in ranked[:limit]]
        keyed = []
        leading = ranked[0].name
        for r in ranked:
            points, why, _ = context_bonus(self.gazetteer, r.index, hints)
            m = r.match.with_steps(Step("context", why)) if why else r.match
            # among namesakes of the leading name the context outweighs the prior, as resolve()
            # weighs it; it never lifts another name over a better fit by more than its points
            weight = tuning.NAMESAKE_CONTEXT_WEIGHT if r.name == leading else 1.0
            keyed.append((-(r.rank + weight * points), m.id, m))
        keyed.sort(key=lambda t: (t[0], t[1]))
        return [m for _, _, m in keyed[:limit]]


_default_lock = threading.Lock()
_default: list[Toponorm] = []
_instances: weakref.WeakSet[Toponorm] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    # (see store.gazetteer: a lock held by another thread at the fork is never released)
    global _default_lock
    _default_lock = threading.Lock()
    for tn in list(_instances):
        tn._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def default() -> Toponorm:
    """The instance the module functions use."""
    if not _default:
        with _default_lock:
            if not _default:
                _default.append(Toponorm())
    return _default[0]
