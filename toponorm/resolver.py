"""Stage 4: decide. One name in, the right unit out, or an honest ``None``.

``resolve`` wires the stages: clean the query (script leaks, look-alikes), read unit words
("Donetsk Oblast", "Bakhmut district"), romanise Cyrillic, generate candidates through the
indexes, score them, rank with priors and context, then accept or abstain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import OSA

from .candidates import generate
from .errors import InputTypeError, InputValueError, require_cutoff, require_text
from .gazetteer import KIND_BY_CATEGORY, Gazetteer, get_gazetteer
from .geo import distance_km
from .normalize import clean_query, fold, fold_cyrillic, leak_gap, without_invisible
from .phonetic import distance as key_distance
from .phonetic import key as phonetic_key
from .scoring import CUTOFF, drift_fold, fuzzy_cutoff, has_surname_ending, prior, similarity
from .translit import has_cyrillic, has_ukrainian_letters, kmu2010, russian_simple
from .types import Match, Step

__all__ = ["MAX_NAME_LENGTH", "Ranked", "analyse", "candidates", "decide", "explain_abstention",
           "resolve"]

#: Ranking points of an exact match on a unit's current official name.
OFFICIAL_POINTS = 6.0

#: Points a form loses when only weak sources vouch for it (``gazetteer.WEAK_TAGS``): matched
#: exactly, and matched fuzzily.
WEAK_SOURCE_PENALTY = 6.0
WEAK_FUZZY_PENALTY = 12.0

#: The shortest query a drift-only match (same letters once the romanisation drift is undone)
#: is accepted for without an exact form.
DRIFT_MIN_LETTERS = 6

#: Two names whose fits differ by less than this (and rank within 3 points) are ambiguous.
AMBIGUOUS_FIT = 3.0

#: Ranking points a form loses when it is only a former or alternate name of its unit and
#: another candidate bears it today.
FORMER_NAME_PENALTY = 8.0

#: A form that the letters on both sides of a cut foreign-script run begin and end, with one
#: to three letters between (those the run stood for), scores this, less 2 per letter between
#: and a tenth of what its letters alone miss (``_fill_leak_gap``).
LEAK_GAP_SCORE = 99.0
LEAK_GAP_MAX = 3
#: ... and only when at least this many letters are left around the run (Hu…v fits too much;
#: Lu…sk fits Lutsk and Luhansk, and resolve() abstains).
LEAK_GAP_MIN_LETTERS = 4

#: A unit whose current name is one slip from the query (after drift) is ordered as if its
#: name fitted this well (``_order_one_slip``), for queries of this many letters or more.
ONE_SLIP_SCORE = 92.0
ONE_SLIP_MIN_LETTERS = 5

#: The longest name ``resolve`` accepts; real names are under 40 characters.
MAX_NAME_LENGTH = 200

# Unit words in English, in Ukrainian/Russian romanisations and in Cyrillic, folded, with the
# codifier categories they select.
_UNIT_WORDS = {
    "oblast": "O", "oblasts": "O", "region": "O", "regional": "O", "province": "O",
    "obl": "O", "oblasti": "O", "regions": "O", "область": "O", "обл": "O",
    # (a city's districts are raions too: Kharkiv's Kyivskyi raion)
    "raion": "PB", "rayon": "PB", "district": "PB", "districts": "PB", "raions": "PB",
    "район": "PB",
    "hromada": "H", "community": "H", "municipality": "H", "громада": "H",
    "city": "KM", "town": "MX", "village": "C", "settlement": "X", "місто": "KM",
    "село": "C", "селище": "X", "город": "KM", "деревня": "C", "поселок": "X", "посёлок": "X",
}
_RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")


@dataclass(slots=True)
class _Scored:
    index: int
    score: float
    form: str
    mask: int
    exact: bool
    rank: float = 0.0
    order: float = 0.0  # rank plus what only orders, never decides (see _rank)


def _prepare(name: object) -> tuple[str, list[Step]]:
    text = require_text(name, "name")
    if len(text) > MAX_NAME_LENGTH:
        raise InputValueError(
            f"name is {len(text):,} characters long; resolve() takes one place name "
            f"(at most {MAX_NAME_LENGTH}); use find() or clean() for running text")
    # (invisible marks alone, a byte order mark or a zero-width space, are no name either)
    stripped = " ".join(text.split())
    if not without_invisible(stripped):
        raise InputValueError("name is empty")
    cleaned, actions = clean_query(stripped)
    steps = [Step(a, cleaned) for a in actions]
    owner = _POSSESSIVE.sub("", cleaned)
    if owner != cleaned and len(owner) >= 3:
        # "Kyiv's", as a name-finder hands it over: no Ukrainian name ends in 's
        steps.append(Step("possessive-removed", owner))
        cleaned = owner
    return cleaned, steps


_POSSESSIVE = re.compile(r"['\u2019\u02bc]s$")


def _phonetic_step(gaz: Gazetteer, query: str, form: str) -> Step:
    qk, fk = phonetic_key(query), gaz.form_key(form)
    if qk == fk:
        return Step("phonetic", f"same sound key {qk!r}")
    d = key_distance(qk, fk)
    return Step("phonetic", f"sound keys {qk!r} and {fk!r}, {d} edit{'s' if d > 1 else ''} apart")


def _split_unit_word(folded: str) -> tuple[str, str]:
    """'donetsk oblast' -> ('donetsk', 'O'); 'city of kyiv' -> ('kyiv', 'KM')."""
    words = folded.split(" ")
    if words[0] == "the" and len(words) > 3:
        words = words[1:]
    if len(words) >= 3 and words[1] == "of" and words[0] in _UNIT_WORDS:
        return " ".join(words[2:]), _UNIT_WORDS[words[0]]
    if len(words) >= 2 and words[0] in ("м", "с", "смт", "сел"):
        return " ".join(words[1:]), "KMXC"
    if len(words) >= 2 and words[-1] in _UNIT_WORDS:
        return " ".join(words[:-1]), _UNIT_WORDS[words[-1]]
    return folded, ""


def _in_named_city(gaz: Gazetteer, index: int, hints: Sequence[int] | frozenset[int]) -> bool:
    """Is this city district in a city (or its hromada) the context names? Kyiv's districts
    sit right under the city, others under its hromada."""
    parents = set(gaz.parent_indexes(index)) - {-1}
    return any(h in parents or gaz.parent_indexes(h)[2] in parents for h in hints)


def _score_latin(gaz: Gazetteer, folded: str, categories: str, fuzzy: bool) -> list[_Scored]:
    scored: dict[int, _Scored] = {}
    if categories == "PB":
        # a raion by its short form (Bakhmut district) or name, a city district by its name
        # (Kyivskyi district); where a raion bears the name exactly, city districts of that
        # name stay only as exact alternatives that context may choose (Kherson's Dniprovskyi
        # district), a few points behind (Pokrovskyi raion is the raion)
        raions = _score_latin(gaz, folded, "P", fuzzy)
        districts = _score_latin(gaz, folded, "B", fuzzy)
        if any(r.exact for r in raions):
            districts = [replace(d, score=d.score - CITY_DISTRICT_YIELDS, exact=False)
                         for d in districts if d.exact]
        return raions + districts
    units_only = categories and all(c in "OPH" for c in categories)
    if units_only:
        # "Donetsk Oblast": the short-form index names oblasts, raions and hromadas
        for u, m in gaz.short_form(folded):
            if gaz.category(u) in categories:
                scored[u] = _Scored(u, 100.0, folded, m, True)
        if not scored and fuzzy:
            # a name some unit bears exactly is that unit's region, not another garbled:
            # "Khrystynivka region" is no Kherson oblast, "Kamenets-Podolsky region" (the
            # city's Russian name) is Kamianets-Podilskyi raion
            bearers = {fold(gaz.canonical(u)) for u, _ in gaz.latin(folded)}
            named = {u for b in bearers for u, _ in gaz.short_form(b)}
            qk = phonetic_key(folded)
            for form in _short_forms_near(gaz, folded):
                s = similarity(folded, form, qk)
                for u, m in gaz.short_form(form):
                    if bearers and u not in named:
                        continue
                    if gaz.category(u) in categories and (u not in scored or s > scored[u].score):
                        scored[u] = _Scored(u, s, form, m, False)
        return list(scored.values())
    qk = phonetic_key(folded)
    # A reconstructed Russian name follows regular correspondences (Юрівка -> Юровка) and is
    # good evidence, except for a word shaped like a surname: Lavrov is a person before it is
    # Лаврів read the Russian way.
    weak = gaz.weak_mask if has_surname_ending(folded) else gaz.unattested_mask
    rebuilt = gaz.reconstructed_mask
    for cand in generate(gaz, folded, fuzzy=fuzzy):
        postings = gaz.latin(cand.form)
        # the sounds are compared in the reading of the query that found the form
        base = 100.0 if cand.key_distance < 0 else similarity(
            folded, cand.form, cand.key or qk, cand.form_key or None,
            reconstructed=any(m & rebuilt for _, m in postings))
        for u, m in postings:
            if categories and gaz.category(u) not in categories:
                continue
            # a form only weak sources vouch for (GeoNames alternates, reconstructed Russian
            # names; see gazetteer.WEAK_TAGS) is never exact, and a few points down
            strong = bool(m & ~weak)
            if not strong:  # weak evidence, and more so when the letters differ too
                s = base - (WEAK_SOURCE_PENALTY if cand.key_distance < 0 else WEAK_FUZZY_PENALTY)
            else:
                s = base
            old = scored.get(u)
            if old is None or _merit(gaz, s, m, cand.key_distance < 0) > _merit(
                    gaz, old.score, old.mask, old.exact):
                scored[u] = _Scored(u, s, cand.form, m, cand.key_distance < 0 and strong)
    if not categories and not any(s.exact for s in scored.values()):
        # an oblast's short form that names no city is the oblast: Crimea, Volyn, Zakarpattia
        # (Donetsk, Kharkiv are the cities)
        for u, m in gaz.short_form(folded):
            if gaz.category(u) == "O":
                scored[u] = _Scored(u, 100.0, folded, m, True)
    return list(scored.values())


def _merit(gaz: Gazetteer, score: float, mask: int, exact: bool) -> tuple[float, bool]:
    """Which of a unit's forms speaks for it: a near miss of a name it no longer bears (a
    GeoNames alternate, a former name) is ranked down (see ``_rank``), so its current name a
    little further away may be the better witness (Chyenihiv: chernyihiv, an alternate, scores
    87.61; chernihiv 87.54); of equals, its official name (Khottjn: khotin, a GOST 1971 form,
    and khotyn, official, both 99)."""
    if not exact and not mask & ~gaz.alternate_mask:
        score -= FORMER_NAME_PENALTY
    return score, bool(mask & gaz.official_mask)


def _namesakes_of(gaz: Gazetteer, folded: str, categories: str,
                  scored: list[_Scored]) -> list[_Scored]:
    """The units that share a scored unit's name and are not scored yet, scored by that
    name's official form."""
    seen = {s.index for s in scored}
    out = []
    for name in {gaz.canonical(s.index) for s in scored}:
        form = fold(name)
        score = similarity(folded, form)
        for u, m in gaz.latin(form):
            if u not in seen and (not categories or gaz.category(u) in categories):
                seen.add(u)
                out.append(_Scored(u, score, form, m, False))
    return out


def _short_forms_near(gaz: Gazetteer, folded: str) -> Iterable[str]:
    # short forms are few (27k); their phonetic neighbours come from the main index's
    # keys, so look the query's key up among the short forms' own keys lazily
    from rapidfuzz.process import extract

    table = _short_keys(gaz)
    qk = phonetic_key(folded)
    for k, _, _ in extract(qk, list(table), scorer=key_distance,
                           score_cutoff=1 if len(qk) < 6 else 2, limit=None):
        yield from table[k]


_SHORT_KEYS: dict[int, dict[str, list[str]]] = {}


def _short_keys(gaz: Gazetteer) -> dict[str, list[str]]:
    table = _SHORT_KEYS.get(id(gaz))
    if table is None:
        table = {}
        for form in gaz.short_forms():
            table.setdefault(phonetic_key(form), []).append(form)
        _SHORT_KEYS[id(gaz)] = table
    return table


def _score_cyrillic(gaz: Gazetteer, text: str, categories: str,
                    steps: list[Step]) -> tuple[list[_Scored], str]:
    folded = fold_cyrillic(text)
    index = gaz.short_form if categories and all(c in "OPH" for c in categories) else gaz.cyrillic
    hits = [_Scored(u, 100.0, folded, m, True) for u, m in index(folded)
            if not categories or gaz.category(u) in categories]
    if hits:
        return hits, folded
    # not a known Cyrillic form: romanise it and let the Latin matcher take the drift
    russian = _RUSSIAN_ONLY.search(text) and not has_ukrainian_letters(text)
    latin = russian_simple(text) if russian else kmu2010(text)
    steps.append(Step("cyrillic-romanised", f"{latin} ({'Russian' if russian else 'KMU 2010'})"))
    return [], latin


_FAMILIES = [("official", "official name"), ("official-cyrillic", "official name"),
             ("former-name", "former name"), ("short-name", "short form"),
             ("russian-name:geonames", "Russian name"),
             ("russian-name:reconstructed", "Russian name (reconstructed)"),
             ("former-name-reconstructed", "former name, Russian (reconstructed)"),
             ("former-name-historical", "historical name (before 1991)"),
             ("geonames-latin", "GeoNames alternate name"),
             ("geonames-cyrillic", "GeoNames alternate name"),
             ("geonames-other-name", "another name in GeoNames (old or unofficial)")]


def describe_sources(tags: Sequence[str]) -> str:
    """'former name; Russian name; 11 Russian romanisations' from the raw source tags."""
    parts = []
    for tag, label in _FAMILIES:
        if any(t == tag or t.startswith(tag + "-") for t in tags) and label not in parts:
            parts.append(label)
    for prefix, label in (("uk:", "Ukrainian"), ("ru:", "Russian")):
        systems = [t[3:] for t in tags if t.startswith(prefix)]
        if len(systems) == 1:
            parts.append(f"{label} romanisation {systems[0]}")
        elif systems:
            parts.append(f"{len(systems)} {label} romanisations")
    return "; ".join(parts)


@lru_cache(maxsize=4096)
def _describe_mask_cached(tags: tuple[str, ...]) -> str:
    return describe_sources(tags)


def _describe_mask(gaz: Gazetteer, mask: int) -> str:
    return _describe_mask_cached(gaz.tag_names(mask))


def _split_location(name: object) -> tuple[object, str | None]:
    """'Bakhmut, Donetsk Oblast, Ukraine' is a name and its context, as gazetteers and event
    data write a location; a place name has no comma of its own."""
    if isinstance(name, str) and "," in name:
        head, _, rest = name.partition(",")
        if head.strip() and rest.strip():
            return head.strip(), rest.strip()
    return name, None


def _abroad(gaz: Gazetteer, located: str | None) -> str | None:
    """The country or US state a location string puts the name in ('Odesa, Texas', 'Odessa,
    TX', 'Odesa, USA'), if any."""
    for part in (located or "").split(","):
        if fold(part) in gaz.countries() or part.strip() in gaz.country_codes():
            return part.strip()
    return None


def _hints(gaz: Gazetteer, context: object, located: str | None) -> list[int]:
    return _context_units(gaz, context) + _context_units(gaz, located)


def _context_units(gaz: Gazetteer, context: object) -> list[int]:
    """Units a context hint names: a string (parsed like running text) or a sequence of
    Matches, Mentions, Units, KATOTTG ids or names."""
    if context is None:
        return []
    out: list[int] = []
    if isinstance(context, str):
        from .textfilter import find

        # the caller resolves a Ukrainian place name: its context is about Ukraine
        for mention in find(context, about_ukraine=True):
            i = gaz.index_of(mention.place.id)
            if i is not None:
                out.append(i)
        return out
    if isinstance(context, Sequence) and not isinstance(context, (bytes, bytearray)):
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
                out += _context_units(gaz, uid)  # a name or a phrase: "Donetsk Oblast"
        return out
    raise InputTypeError(f"context must be a str, or a sequence of Match, Mention, Unit, "
                         f"KATOTTG ids or names, not {type(context).__name__}")


_KATOTTG_ID = re.compile(r"UA\d{17}")


#: Points of context: the same unit named elsewhere, or a candidate inside / beside a named one.
IDENTITY_POINTS = 10.0
#: Points a city district loses where a raion bears the same name exactly.
CITY_DISTRICT_YIELDS = 3.0
#: Between namesakes, where the evidence of the name is equal, the context outweighs the prior
#: of kind and population: a village in the raion the text names beats a town elsewhere.
NAMESAKE_CONTEXT_WEIGHT = 3.0
#: What the same unit, named confidently elsewhere in the text, adds towards accepting a
#: weak fuzzy match (Lyciansansk beside Lysychansk).
IDENTITY_SUPPORT = 8.0


def context_bonus(gaz: Gazetteer, index: int, hints: Sequence[int] | frozenset[int]
                  ) -> tuple[float, str, bool]:
    """Ranking points a candidate earns from the places a context names, why, and whether the
    candidate is itself one of them. Used to choose among namesakes, never to outvote the name.
    """
    if not hints:
        return 0.0, "", False
    if isinstance(hints, frozenset):  # the text filter asks the same question many times
        return _context_bonus_cached(gaz, index, hints)
    return _context_bonus(gaz, index, hints)


@lru_cache(maxsize=1 << 14)
def _context_bonus_cached(gaz: Gazetteer, index: int, hints: frozenset[int]
                          ) -> tuple[float, str, bool]:
    return _context_bonus(gaz, index, sorted(hints))


def _context_bonus(gaz: Gazetteer, index: int, hints: Sequence[int]
                   ) -> tuple[float, str, bool]:
    ob, ra, hr = gaz.parent_indexes(index)
    here = gaz.coords(index)
    best, why, identity = 0.0, "", False
    for h in hints:
        name = gaz.canonical(h)
        if h == index:
            if best < IDENTITY_POINTS:
                best, why = IDENTITY_POINTS, f"{name} is named in the context"
            identity = True
            continue
        hob, hra, hhr = gaz.parent_indexes(h)
        cand = [(0.0, "")]
        if h in (ob, ra, hr):
            cand.append(({ob: 3.0, ra: 6.0, hr: 8.0}[h], f"inside {name}"))
        if hr >= 0 and hr == hhr:
            cand.append((8.0, f"same hromada as {name}"))
        elif ra >= 0 and ra == hra:
            cand.append((6.0, f"same raion as {name}"))
        elif ob >= 0 and ob == hob:
            cand.append((3.0, f"same oblast as {name}"))
        there = gaz.coords(h)
        if here and there:
            d = distance_km(here, there)
            if d < 40:
                cand.append((8.0 * (1 - d / 40), f"{d:.0f} km from {name}"))
        top = max(cand)
        if top[0] > best:
            best, why = top
    return best, why, identity


class Ranked:
    """A candidate with its ranking weight: evidence plus prior (context is applied later).

    The ``Match`` (with its explanation) is built only when asked for: most candidates are
    compared and dropped without ever becoming one."""

    __slots__ = ("_folded", "_gaz", "_match", "_name", "_query", "_steps", "exact", "form",
                 "index", "mask", "rank", "score")

    def __init__(self, gaz: Gazetteer, s: _Scored, query: str, steps: tuple[Step, ...],
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
    def id(self) -> str:
        return self._gaz.unit_id(self.index)

    @property
    def sources(self) -> tuple[str, ...]:
        return self._gaz.tag_names(self.mask)

    @property
    def population(self) -> int:
        return self._gaz.population(self.index)

    @property
    def match(self) -> Match:
        if self._match is None:
            gaz = self._gaz
            how = "variant" if self.exact else "fuzzy"
            st = (*self._steps, Step(how, f"{self.form}: {_describe_mask(gaz, self.mask)}"))
            if not self.exact and self._folded:
                st += (_phonetic_step(gaz, self._folded, self.form),)
            self._match = Match(unit=gaz.unit(self.index), query=self._query, matched=self.form,
                                score=self.score, steps=st, sources=self.sources)
        return self._match


def _rank(gaz: Gazetteer, query: str, steps: list[Step], scored: list[_Scored],
          keep: int = 50, folded: str = "") -> list[Ranked]:
    official, alternate = gaz.official_mask, gaz.alternate_mask
    # forms some candidate bears today (its official name or a romanisation of it): another
    # unit that has the same form only as a former name or an alternate yields to it, and so
    # does a unit whose old name the query only resembles
    borne = {s.form for s in scored if s.mask & ~alternate}
    drifted = drift_fold(folded.replace(" ", ""))
    # a drift-only match of an official name is ordered first (below) unless another name fits
    # as well: then the prior decides, as for exact forms (Khotyin is the city Khotyn and the
    # settlement Khotin alike; Lyssna is Lisna and Lyshnia alike)
    drift_wins = len({gaz.canonical(s.index) for s in scored if s.score >= 99.0}) == 1
    for s in scored:
        s.rank = s.score + prior(gaz.category(s.index), gaz.population(s.index))
        if s.exact and s.mask & official:
            s.rank += OFFICIAL_POINTS  # a current official name beats another's former name
        elif not s.mask & ~alternate and (s.form in borne or s.form != folded):
            # Petrivka is a village today, not Balabyne's old name
            s.rank -= FORMER_NAME_PENALTY
        s.order = s.rank
    city_rank = max((s.rank for s in scored if gaz.category(s.index) in ("K", "M")),
                    default=-math.inf)
    for s in scored:
        if drift_wins and not s.exact and s.score >= 99.0 and s.mask & official \
                and drifted == drift_fold(s.form.replace(" ", "")):
            # the official name with only the romanisations' drift undone comes before names
            # that fit less well (Klyynove is Klynove, not the bigger Kalynove), but only in
            # the order: resolve() still weighs the ranks as they were. And not before a city
            # the prior put first: news names cities far more (Poltvaa is Poltava, one letter
            # off, before the village Poltva)
            s.order += OFFICIAL_POINTS
            if s.rank < city_rank:
                s.order = min(s.order, city_rank - 0.01)
    if len(drifted) >= ONE_SLIP_MIN_LETTERS and not has_surname_ending(folded):
        _order_one_slip(gaz, scored, drifted, city_rank)
    # ids break ties so the order never depends on dict order
    scored.sort(key=lambda s: (-s.order, -s.score, gaz.unit_id(s.index)))
    # all namesakes of the leading names stay, however many: context may choose any of them
    leading = {gaz.canonical(s.index) for s in scored[:5]}
    kept = scored[:keep] + [s for s in scored[keep:] if gaz.canonical(s.index) in leading]
    frozen_steps = tuple(steps)
    return [Ranked(gaz, s, query, frozen_steps, folded) for s in kept]


def _order_one_slip(gaz: Gazetteer, scored: list[_Scored], drifted: str,
                    city_rank: float) -> None:
    """A unit whose current name is one slip from the query once the drift is undone (a letter
    dropped, added or replaced, two swapped: *Aluka*, Alupka) is ordered as if it scored
    ``ONE_SLIP_SCORE``, ahead of names that only sound alike (Olyka). In the order only, as
    for drift-only matches; and never past a name that fits better and is as near in letters
    (one slip too, or only drift: *Ostrow* stays Ostriv, not the city Ostroh), nor past a city
    the prior put first."""
    near = {s.index for s in scored if s.score >= 99.0 or OSA.distance(
        drifted, drift_fold(fold(gaz.canonical(s.index)).replace(" ", "")), score_cutoff=1) <= 1}
    for s in sorted(scored, key=lambda s: -s.score):
        if s.index not in near or s.score >= ONE_SLIP_SCORE:
            continue
        s.order = max(s.order, s.rank + ONE_SLIP_SCORE - s.score)
        ceiling = min((o.order for o in scored if o.index in near and o.score > s.score),
                      default=math.inf)
        if s.rank < city_rank and gaz.category(s.index) not in ("K", "M"):
            ceiling = min(ceiling, city_rank)
        s.order = min(s.order, max(s.rank, ceiling - 0.01))


def _collect(name: object, fuzzy: bool = True
             ) -> tuple[str, list[Step], list[_Scored], str, str]:
    """(the name as given, steps so far, scored candidates, the folded Latin query, the
    categories a unit word selects)."""
    gaz = get_gazetteer()
    query, steps = _prepare(name)
    categories = ""
    if has_cyrillic(query):
        base, categories = _split_unit_word(fold_cyrillic(query))
        scored, latin = _score_cyrillic(gaz, base, categories, steps)
        folded = fold(latin)
        if not scored:
            scored = _score_latin(gaz, folded, categories, fuzzy)
    else:
        folded, categories = _split_unit_word(fold(query))
        if categories:
            steps.append(Step("unit-word", categories))
        scored = _score_latin(gaz, folded, categories, fuzzy)
        if fuzzy:
            _fill_leak_gap(str(name), scored, steps)
    return str(name), steps, scored, folded, categories


def _fill_leak_gap(name: str, scored: list[_Scored], steps: list[Step]) -> None:
    """A foreign run in a Latin word often stands for letters it replaced (Chernihiமு for
    Chernihiv, Lisiான்ansk for Lisichansk): a candidate whose form begins with the letters before
    the run and ends with those after it, one to three letters between, fits as well as that
    (Chernihiv, not Chornukhy, which only sounds like Chernihi)."""
    if not any(s.action == "script-leak-removed" for s in steps):
        return
    gap = leak_gap(" ".join(name.split()))
    if gap is None:
        return
    plain_left, plain_right = (fold(part).replace(" ", "") for part in gap)
    left, right = drift_fold(plain_left), drift_fold(plain_right)
    # the first letters anchor a name (M…karov, the surname, fits Makariv's Russian name)
    if len(left) < 2 or len(left) + len(right) < LEAK_GAP_MIN_LETTERS:
        return
    # a town abroad that fits the gap with as few letters is as likely (Ku…sk is Kursk before
    # Kupiansk): the leak is then no evidence for Ukraine. Compared as spelt, not drift-folded
    # (Khar…v is no Harlow), and not a namesake of a Ukrainian place (Donetsk, Rostov oblast)
    gaz = get_gazetteer()
    abroad_lost = min((len(a) - len(plain_left) - len(plain_right)
                       for a in _abroad_by_prefix(gaz).get(plain_left[:2], ())
                       if _fits_gap(plain_left, plain_right, a)), default=LEAK_GAP_MAX + 1)
    filled = 0
    weak = gaz.unattested_mask
    for s in scored:
        form = drift_fold(s.form.replace(" ", ""))
        lost = len(form) - len(left) - len(right)
        if _fits_gap(left, right, form) and lost < abroad_lost:
            # of forms that fit alike, the one nearer the letters as given stays ahead
            # (Khasa…jvka: Khasanivka before Hasanivka); a form only weak sources vouch for
            # loses what it loses in _score_latin
            score = round(LEAK_GAP_SCORE - 2.0 * lost - 0.1 * (100.0 - s.score)
                          - (0.0 if s.mask & ~weak else WEAK_FUZZY_PENALTY), 2)
            if score > s.score:
                s.score, filled = score, filled + 1
    if filled:
        steps.append(Step("leak-gap", f"{gap[0]}…{gap[1]}: letters lost where the run was cut"))


@lru_cache(maxsize=1)
def _abroad_by_prefix(gaz: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Towns abroad that no Ukrainian place is named, spaces dropped, by their first two
    letters (the leak gap's check looks at a few hundred, not 37,000)."""
    out: dict[str, list[str]] = {}
    for name in gaz.places_abroad():
        if not gaz.has_latin(name):
            squeezed = name.replace(" ", "")
            out.setdefault(squeezed[:2], []).append(squeezed)
    return {k: tuple(v) for k, v in out.items()}


def _fits_gap(left: str, right: str, form: str) -> bool:
    return 1 <= len(form) - len(left) - len(right) <= LEAK_GAP_MAX and \
        form.startswith(left) and form.endswith(right)


def candidates(name: str, *, limit: int = 10, context: object = None,
               score_cutoff: float = 0.0) -> list[Match]:
    """Ranked candidate units for ``name``, best first; never None (maybe empty).

    Ranking: score plus prior (kind, population), plus the context's points when given.
    Whenever ``resolve(name, context=context)`` answers, that Match comes first: the
    decision also weighs fit against prior and ambiguity, which ranking alone does not.
    """
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise InputValueError("limit must be a positive int")
    score_cutoff = require_cutoff(score_cutoff)
    gaz = get_gazetteer()
    given, located = _split_location(name)
    hints = _hints(gaz, context, located)
    query, steps, scored, folded, _ = _collect(given)
    scored = [s for s in scored if s.score >= score_cutoff]
    ranked = _rank(gaz, query, steps, scored, keep=max(limit, 50), folded=folded)
    answer = _decision(name, context, CUTOFF, hints)[0]
    if answer is not None and answer.score >= score_cutoff:
        rest = _ranked_matches(gaz, ranked, hints, limit + 1)
        return [answer, *(m for m in rest if m.id != answer.id)][:limit]
    return _ranked_matches(gaz, ranked, hints, limit)


def _ranked_matches(gaz: Gazetteer, ranked: list[Ranked], hints: list[int], limit: int
                    ) -> list[Match]:
    if hints and ranked:
        keyed = []
        leading = ranked[0].name
        for r in ranked:
            points, why, _ = context_bonus(gaz, r.index, hints)
            m = replace(r.match, steps=(*r.match.steps, Step("context", why))) if why \
                else r.match
            # among namesakes of the leading name the context outweighs the prior, as resolve()
            # weighs it; it never lifts another name over a better fit by more than its points
            weight = NAMESAKE_CONTEXT_WEIGHT if r.name == leading else 1.0
            keyed.append((-(r.rank + weight * points), m.id, m))
        keyed.sort(key=lambda t: (t[0], t[1]))
        return [m for _, _, m in keyed[:limit]]
    return [r.match for r in ranked[:limit]]


def resolve(name: str, *, context: object = None, score_cutoff: float = CUTOFF
            ) -> Match | None:
    """The unit ``name`` means, or None when unsure (below the cutoff, or ambiguous).

    ``context`` is text around the name, or a sequence of Matches, Mentions, Units, KATOTTG ids
    or names, whose places narrow the choice between namesakes. ``score_cutoff`` is on the
    0-100 scale of ``Match.score``.
    """
    return _decision(name, context, require_cutoff(score_cutoff))[0]


def _decision(name: object, context: object, score_cutoff: float,
              hints: list[int] | None = None
              ) -> tuple[Match | None, list[Ranked], str, str | None]:
    """What ``resolve`` answers, the ranked evidence, the folded query, and the country or
    state a location string puts the name in (then the answer is None: Odesa, Texas).
    ``hints``: the context's units, when the caller has them already."""
    gaz = get_gazetteer()
    given, located = _split_location(name)
    match, ranked, folded = analyse(given, score_cutoff)
    abroad = _abroad(gaz, located)
    if abroad:
        return None, ranked, folded, abroad
    if hints is None:
        hints = _hints(gaz, context, located)
    if hints:
        match = decide(gaz, ranked, folded, score_cutoff, hints)
    return match, ranked, folded, None


def analyse(name: object, score_cutoff: float = CUTOFF
            ) -> tuple[Match | None, list[Ranked], str]:
    """The context-free decision, the ranked evidence behind it and the folded query; callers
    with context (the text filter) re-``decide`` on the evidence with their hints."""
    gaz = get_gazetteer()
    query, steps, scored, folded, categories = _collect(name, fuzzy=False)
    rebuilt = gaz.reconstructed_mask
    if not any(s.exact for s in scored):
        if gaz.is_fixed_expression(folded) or (
                " " not in folded and (gaz.names_the_country(folded)
                                       or folded in gaz.english_words() or gaz.is_demonym(folded)
                                       or folded in gaz.given_names)):
            # an English word, a name or a region named after a place is no garble: skip
            # the search
            return None, [], folded
        # the same folded query, now with the fuzzy search (its exact part is found again)
        scored = _score_latin(gaz, folded, categories, fuzzy=True)
        _fill_leak_gap(str(name), scored, steps)
    elif not any(s.exact and s.mask & ~rebuilt for s in scored):
        # only a Russian name the build rebuilt fits exactly: the namesakes of the units it
        # names compete too, so a city still outranks a village of the same name (Krivyi Rig
        # is the city Kryvyi Rih, not the village whose rebuilt Russian name it is)
        scored += _namesakes_of(gaz, folded, categories, scored)
    if not scored:
        return None, [], folded
    ranked = _rank(gaz, query, steps, scored, folded=folded)
    return decide(gaz, ranked, folded, score_cutoff), ranked, folded


def decide(gaz: Gazetteer, ranked: Sequence[Ranked], folded: str,
           score_cutoff: float = CUTOFF, hints: Sequence[int] | frozenset[int] = ()
           ) -> Match | None:
    """Accept the best of the ranked candidates or abstain. See docs/matching.md.

    1. The best by score and prior is accepted when exact, or when its fuzzy score reaches the
       cutoff for its kind and the query is not an English word; two different names that fit
       about equally make it abstain.
    2. If that abstains, a candidate the context names itself (the same place named elsewhere
       in the text) is accepted with a little support.
    3. Among namesakes of the accepted name, context (hierarchy, distance) chooses; a city is
       never traded for a smaller namesake. Those it cannot separate are counted in
       ``Match.namesakes``.
    """
    if not ranked:
        return None
    chosen = _plain_decision(gaz, ranked, folded, score_cutoff)
    rescued = False
    if hints and (chosen is None or chosen.index not in hints):
        # one sense per discourse: a place the context names itself wins over a stranger that
        # fits the name only a little better
        named = _identity_rescue(gaz, ranked, folded, score_cutoff, set(hints))
        if named is not None and (chosen is None or
                                  named.score + IDENTITY_SUPPORT >= chosen.score):
            chosen, rescued = named, True
    if chosen is None:
        return None
    if hints and chosen.category == "P":
        # a city's district of the raion's name, in a city the context names, is the one meant
        # ("Kherson's Dniprovskyi district", not Dniprovskyi raion of Dnipropetrovsk oblast)
        district = next((r for r in ranked if r.category == "B" and r.form == chosen.form
                         and _in_named_city(gaz, r.index, hints)), None)
        if district is not None:
            chosen = district
    big = ("K", "M", "O")
    all_same = [r for r in ranked if r.name == chosen.name]
    same = [r for r in all_same
            if chosen.category not in big or r.category in big]
    keyed = []
    for r in same:
        points, why, _ = context_bonus(gaz, r.index, hints) if hints else (0.0, "", False)
        keyed.append((r.rank + NAMESAKE_CONTEXT_WEIGHT * points, why, r))
    keyed.sort(key=lambda t: (-t[0], t[2].id))
    total, why, top = keyed[0]
    namesakes = sum(1 for k, _, r in keyed[1:] if total - k < 1.0
                    and r.category == top.category)
    steps = top.match.steps
    if why:
        steps += (Step("context", why),)
    if rescued:
        steps += (Step("context", "weak match accepted: the same place is named in the "
                                  "context"),)
    if namesakes:
        steps += (Step("namesakes", f"{namesakes} other {top.match.kind}s named "
                                    f"{top.match.name} fit equally; pass context to choose"),)
    elif len(all_same) > 1:
        plain_top = min(same, key=lambda r: (-r.rank, r.id))
        how = "context" if plain_top is not top else "kind and population"
        steps += (Step("prior", f"chosen over {len(all_same) - 1} namesake(s) by {how}"),)
    return replace(top.match, steps=steps, namesakes=namesakes)


# Sources that make an exact form trustworthy even when it is also an English word ("Bar" is
# a city's official name; "Kiev", "Odessa" are attested names of cities). A form only another
# romanisation system produces ("Copy" for Копи) is not enough against an English word.
_OFFICIAL_TAGS = frozenset({"official", "official-cyrillic", "former-name", "former-name-cyrillic",
                            "short-name"})
_ATTESTED_TAGS = frozenset({"russian-name:geonames", "geonames-latin", "geonames-other-name"})
_CURRENT_TAGS = frozenset({"official", "official-cyrillic", "short-name"})


def _accepts(gaz: Gazetteer, r: Ranked, folded: str, score_cutoff: float,
             support: float = 0.0) -> bool:
    tags = set(r.sources)
    single = " " not in folded
    if gaz.is_fixed_expression(folded):
        # a region (Podillia, Galicia), dish or event named after a place is not the village
        # that bears the name: candidates() lists it, resolve() does not guess
        return False
    if r.exact and tags & _CURRENT_TAGS:
        # a unit's current official name is accepted whatever else the word is (Bar, Volodymyr):
        # decided before the word lists are read, which a first exact look-up then never loads
        return True
    if not r.exact and gaz.names_the_country(folded, r.form):
        return False  # Ukraina, Ukrainsku: the country or its adjective, never Ukrainka
    if single and (folded in gaz.common_words() or folded in gaz.given_names
                   or gaz.is_demonym(folded)):
        # a common word or a first name ("Tor", "Vladimir") is a place only by its current
        # official name ("Bar", "Volodymyr", accepted above), never by a former, Russian or
        # fuzzy one
        return False
    english = single and folded in gaz.english_words()
    # a drift-only match (99, not exact) counts as a form of the name only for a word long
    # enough not to be a short foreign name by chance (Nadja, Nadiia)
    near_exact = r.score >= 99.0 and len(folded.replace(" ", "")) >= DRIFT_MIN_LETTERS \
        and not english
    if r.exact or near_exact:
        if tags & _OFFICIAL_TAGS:
            return True  # a unit's own official or former name
        # an English proper noun may still be the English name of a city (Kiev, Odessa)
        return not english or (bool(tags & _ATTESTED_TAGS) and r.category in ("K", "M", "O"))
    if english:
        return False  # an English proper noun is no garble
    if folded in gaz.places_abroad() or folded in gaz.countries():
        # a town, country or US state abroad (Tiraspol, Grodno, New York) is no garble of a
        # Ukrainian place; only a form some source gives a Ukrainian unit makes it one
        # (Odessa, Donetsk: exact, accepted above)
        return False
    return r.score + support >= fuzzy_cutoff(r.category, score_cutoff, folded, r.form,
                                             r.population, gaz.form_key(r.form))


def _plain_decision(gaz: Gazetteer, ranked: Sequence[Ranked], folded: str,
                    score_cutoff: float, why: list[str] | None = None) -> Ranked | None:
    """The accepted candidate, or None; ``why`` (when given) receives the reason for None."""
    # the best-ranked name decides; among its units, the best that can be accepted (a village
    # that outranks the city of the same name must not hide the city)
    name = ranked[0].name
    best = next((r for r in ranked if r.name == name
                 and _accepts(gaz, r, folded, score_cutoff)), None)
    if best is None:
        if why is not None:
            why.append(_rejection(gaz, ranked[0], folded, score_cutoff))
        return None
    # a name that fits clearly better, and trails only by its prior, is the answer
    # (Dvoorichne is Dvorichne, not the bigger Dvorichna)
    better = next((r for r in ranked if r.name != best.name and best.rank - r.rank < 3.0
                   and r.score > best.score + AMBIGUOUS_FIT
                   and _accepts(gaz, r, folded, score_cutoff)), None)
    if better is not None:
        best = better
    exact = best.score >= 99.0
    weak, alternate = gaz.weak_mask, gaz.alternate_mask
    best_strong = best.mask & ~weak
    borne = {r.form for r in ranked if r.mask & ~alternate}
    for other in ranked:
        if other.name == best.name:
            continue
        if not other.mask & ~alternate and other.form in borne:
            continue  # another place's old name, borne today by a candidate, is no rival
        if best_strong and not other.mask & ~weak:
            continue  # a form only weak sources vouch for does not make a strong match doubtful
        gap = best.rank - other.rank
        if (exact and other.score >= 99.0 and gap < 1.0) or (
                not exact and gap < 3.0 and other.score > best.score - AMBIGUOUS_FIT
                and _accepts(gaz, other, folded, score_cutoff)):
            # two places answer to this exact form, or two different names fit about as
            # well: abstain (a place that only its prior brings near, fitting the letters
            # much worse, is no rival)
            if why is not None:
                why.append(f"ambiguous: {_brief(best)} and {_brief(other)} fit about equally")
            return None
    return best


def _brief(r: Ranked) -> str:
    return f"{r.name} ({KIND_BY_CATEGORY.get(r.category, r.category)}, score {r.score:.1f})"


_NAMED_AFTER_A_PLACE = "a region, dish or historical term named after a place"
_THE_COUNTRY = "the name of Ukraine or its adjective"


def _word_class(gaz: Gazetteer, folded: str) -> str:
    """What a one-word query is besides a possible place name ('' when nothing)."""
    if gaz.is_fixed_expression(folded):
        return _NAMED_AFTER_A_PLACE
    if " " in folded:
        return ""
    if gaz.names_the_country(folded):
        return _THE_COUNTRY
    if folded in gaz.given_names:
        return "a given name"
    if gaz.is_demonym(folded):
        return "a demonym"
    if folded in gaz.common_words():
        return "a common English word"
    return "an English word" if folded in gaz.english_words() else ""


def _rejection(gaz: Gazetteer, r: Ranked, folded: str, score_cutoff: float) -> str:
    """Why the leading candidate was not accepted, in words."""
    kind = KIND_BY_CATEGORY.get(r.category, r.category)
    word = _word_class(gaz, folded)
    if word == "an English word":
        return (f"{folded!r} is an English word: only an exact official name (or an attested "
                f"name of a city) would count, and the best is {_brief(r)}")
    if word == _NAMED_AFTER_A_PLACE:
        return (f"{folded!r} is {word}, not the place that bears the name; the best is "
                f"{_brief(r)}")
    if word == _THE_COUNTRY or (not r.exact and gaz.names_the_country(folded, r.form)):
        return (f"{folded!r} holds {_THE_COUNTRY}: only an exact name of a place would count, "
                f"and the best is {_brief(r)}")
    if word:
        return (f"{folded!r} is {word}: only a current official name would count, and the "
                f"best is {_brief(r)}")
    need = fuzzy_cutoff(r.category, score_cutoff, folded, r.form, r.population,
                        gaz.form_key(r.form))
    if need > 100.0:
        return (f"below the cutoff: the best, {_brief(r)}, sounds different ({r.form!r}); a "
                f"{kind} must keep its sound key")
    return (f"below the cutoff: the best, {_brief(r)}, needs {need:.1f} as a {kind} (the "
            f"cutoff {score_cutoff:g}, adjusted for the kind, the population and the length)")


def explain_abstention(name: str, *, context: object = None,
                       score_cutoff: float = CUTOFF) -> str | None:
    """Why ``resolve`` returns None for ``name`` (None when it does resolve)."""
    gaz = get_gazetteer()
    score_cutoff = require_cutoff(score_cutoff)
    match, ranked, folded, abroad = _decision(name, context, score_cutoff)
    if abroad:
        return f"the location puts it abroad ({abroad}), not in Ukraine"
    if match is not None:
        return None
    if not ranked:
        word = _word_class(gaz, folded)
        return (f"{folded!r} is {word}, not a garble of a place name" if word
                else "no candidate: nothing in the gazetteer sounds like it")
    why: list[str] = []
    if _plain_decision(gaz, ranked, folded, score_cutoff, why) is not None:
        return "the best candidate's namesakes or the context leave no single unit"
    return why[0] if why else "no unit is a confident, unambiguous match"


def _identity_rescue(gaz: Gazetteer, ranked: Sequence[Ranked], folded: str,
                     score_cutoff: float, hints: set[int]) -> Ranked | None:
    """A weak match the context vouches for: the same place named elsewhere in the text."""
    named = [r for r in ranked[:50] if r.index in hints]
    named = [r for r in named if _accepts(gaz, r, folded, score_cutoff, IDENTITY_SUPPORT)]
    return max(named, key=lambda r: (r.score, r.rank)) if named else None
